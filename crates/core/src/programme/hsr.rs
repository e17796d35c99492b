//! Beyer's heavy slow resistance (`P-HSR`): three calf exercises, 3 s down and 3 s up, three
//! sessions a week for 12 weeks, from 3 × 15RM to 4 × 6RM.

use serde::Serialize;

use super::achilles::{achilles_load_test, calf_isometric_hold};
use super::exercises::{Built, Context, ExerciseKind};
use super::levels::PROTOCOL_WEEKS;
use super::{PlanItem, Protocol, running};
use crate::rules;

/// One row of Beyer's table: the weeks it covers and the sets and repetition maximum.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct HsrRow {
    /// The first programme week of the row, 1-based.
    pub first_week: u16,
    /// The last programme week of the row.
    pub last_week: u16,
    /// Sets of each exercise.
    pub sets: u8,
    /// The repetition maximum: the heaviest load that can be lifted this many times.
    pub repetition_maximum: u8,
}

impl HsrRow {
    /// How many weeks the row lasts.
    pub fn weeks(&self) -> u16 {
        self.last_week - self.first_week + 1
    }

    /// "week 1" or "weeks 2–3".
    pub fn weeks_label(&self) -> String {
        if self.first_week == self.last_week {
            format!("week {}", self.first_week)
        } else {
            format!("weeks {}–{}", self.first_week, self.last_week)
        }
    }
}

/// Beyer's table (Beyer 2015): week 1 3 × 15RM, weeks 2–3 3 × 12RM, weeks 4–5 4 × 10RM,
/// weeks 6–8 4 × 8RM, weeks 9–12 4 × 6RM.
pub const HSR_TABLE: [HsrRow; 5] = [
    HsrRow {
        first_week: 1,
        last_week: 1,
        sets: 3,
        repetition_maximum: 15,
    },
    HsrRow {
        first_week: 2,
        last_week: 3,
        sets: 3,
        repetition_maximum: 12,
    },
    HsrRow {
        first_week: 4,
        last_week: 5,
        sets: 4,
        repetition_maximum: 10,
    },
    HsrRow {
        first_week: 6,
        last_week: 8,
        sets: 4,
        repetition_maximum: 8,
    },
    HsrRow {
        first_week: 9,
        last_week: 12,
        sets: 4,
        repetition_maximum: 6,
    },
];

/// The row of Beyer's table for a programme week (1-based); after week 12, the last row.
pub fn hsr_row_for_week(week: u16) -> HsrRow {
    HSR_TABLE
        .iter()
        .copied()
        .find(|row| week <= row.last_week)
        .unwrap_or(HSR_TABLE[HSR_TABLE.len() - 1])
}

/// Sessions a week in Beyer's trial.
const SESSIONS: u8 = 3;

/// The heavy-slow-resistance week, or its maintenance after the 12 weeks.
pub(super) fn heavy_slow_resistance(ctx: &Context) -> Built {
    let mut built = Built::default();
    let index = usize::from(ctx.level.saturating_sub(1)).min(HSR_TABLE.len() - 1);
    let row = HSR_TABLE[index];
    let after_protocol = ctx.week > PROTOCOL_WEEKS;
    let days = if after_protocol {
        ctx.days(2)
    } else {
        ctx.days(SESSIONS)
    };
    if ctx.eased {
        built.items.push(calf_isometric_hold(ctx));
    }
    let progress = progress_when(ctx.level);
    for (id, name, how) in exercises(ctx) {
        built.items.push(
            PlanItem::new(id, name, ExerciseKind::HeelRaise)
                .reps(ctx.sets(row.sets), u16::from(row.repetition_maximum))
                .how(how)
                .load(format!(
                    "{rm}RM: the heaviest weight you can lift {rm} times with good form",
                    rm = row.repetition_maximum
                ))
                .tempo("3 s down, 3 s up")
                .rest(120)
                .rest_after(300)
                .schedule(1, days)
                .progress_when(progress.clone())
                .floor_level(ctx.floor_level_only())
                .rules(&[rules::P_HSR]),
        );
    }
    if after_protocol {
        built.items.push(running::achilles_return_to_running(ctx));
    }
    built.items.push(achilles_load_test(ctx));

    built.reason(
        rules::P_HSR,
        "Heavy slow resistance (Beyer 2015): three calf exercises on both legs, each \
         repetition 3 seconds down and 3 seconds up, 2–3 minutes between sets and 5 minutes \
         between exercises, 3 sessions a week for 12 weeks. Some discomfort while you lift is \
         fine.",
    );
    let calendar = Protocol::HeavySlowResistance.typical_level(ctx.week).0;
    if after_protocol {
        built.reason(
            rules::P_LEN,
            format!(
                "Week {}: the {PROTOCOL_WEEKS} weeks are done, so the programme becomes \
                 maintenance. Keep the three exercises going at least twice a week at {} \
                 while you build your running back up. The maintenance dose is Tendo's \
                 cautious choice, like the maintenance phase of Silbernagel's programme.",
                ctx.week,
                row_dose(&row)
            ),
        );
    } else if calendar == ctx.level {
        built.reason(
            rules::P_HSR,
            format!(
                "Week {} follows row {} of the table: {}.",
                ctx.week,
                ctx.level,
                row_dose(&row)
            ),
        );
    } else {
        built.reason(
            rules::P_HSR,
            format!(
                "Week {} would be row {calendar} of the table, but how your tendon has \
                 responded has set you at row {} ({}). If pain is higher after training, the \
                 trial went back to a lighter load or moved on more slowly.",
                ctx.week,
                ctx.level,
                row_dose(&row)
            ),
        );
    }
    if ctx.sessions > SESSIONS {
        built.reason(
            rules::P_HSR,
            format!(
                "You set {} training days a week, but heavy slow resistance is 3 sessions a \
                 week with a day of rest between (Beyer 2015): heavy calf work needs that day to \
                 recover. So the plan keeps {days} days a week and never puts heavy sessions on \
                 two days in a row; walk or cycle easily on the other days if you like.",
                ctx.sessions
            ),
        );
    }
    if !after_protocol && ctx.sessions < SESSIONS {
        built.reason(
            rules::P_HSR,
            format!(
                "You said you can train {} day(s) a week; the trial used 3, with a day of rest \
                 between. With fewer sessions, expect to move through the table more slowly.",
                ctx.sessions
            ),
        );
    }
    if ctx.insertional() {
        built.reason(
            rules::P_INS,
            "Your pain is where the tendon joins the heel, so no exercise lowers the heel \
             below the level of the toes: no step or disc under the forefoot, and each \
             repetition stops with the foot flat. Beyer's trial was in midportion tendons; \
             keeping to floor level follows the insertional trials.",
        );
    }
    built
}

/// "4 × 10RM".
fn row_dose(row: &HsrRow) -> String {
    format!("{} × {}RM", row.sets, row.repetition_maximum)
}

/// When to move on from a row.
fn progress_when(level: u8) -> String {
    let index = usize::from(level.saturating_sub(1));
    match (HSR_TABLE.get(index), HSR_TABLE.get(index + 1)) {
        (Some(row), Some(next)) => format!(
            "After {} at this level ({}), move on to {} sets of {} with the heaviest weight you \
             can lift {} times, if pain after training has not risen. If it has, go back to a \
             lighter weight or move on more slowly.",
            weeks_phrase(row.weeks()),
            row.weeks_label(),
            next.sets,
            next.repetition_maximum,
            next.repetition_maximum
        ),
        _ => "This is the heaviest level: keep 4 sets of 6, raising the weight whenever 6 \
              repetitions become easy, as long as pain after training does not rise."
            .to_string(),
    }
}

/// "1 week" or "3 weeks".
fn weeks_phrase(weeks: u16) -> String {
    if weeks == 1 {
        "1 week".to_string()
    } else {
        format!("{weeks} weeks")
    }
}

/// The three exercises: identifier, name and how, for midportion or insertional pain.
fn exercises(ctx: &Context) -> [(&'static str, &'static str, String); 3] {
    if ctx.floor_level_only() {
        [
            (
                "seated-calf-raise-bent-knee",
                "Seated calf raise, knee bent",
                "Sit at a seated calf-raise machine with the pad on your thighs and the balls of \
                 both feet on the plate. Lower for 3 seconds only until your feet are flat, \
                 then push up for 3 seconds as high as you can. Never let the heels drop below \
                 the toes: floor level is the lowest point."
                    .to_string(),
            ),
            (
                "leg-press-calf-raise-straight-knee",
                "Leg-press calf raise, knee straight",
                "In a leg press with your knees straight and the balls of both feet on the \
                 plate, push the plate away with your toes for 3 seconds and let it back for 3 \
                 seconds, only until your feet are flat on the plate: floor level is the lowest \
                 point, never below."
                    .to_string(),
            ),
            (
                "standing-calf-raise-barbell-floor",
                "Standing barbell calf raise on the floor, knee straight",
                "With a barbell across your upper back, stand on flat floor with no disc or \
                 step under your feet. Rise for 3 seconds and lower for 3 seconds until your \
                 heels touch the floor: never below floor level."
                    .to_string(),
            ),
        ]
    } else {
        [
            (
                "seated-calf-raise-bent-knee",
                "Seated calf raise, knee bent",
                "Sit at a seated calf-raise machine with the pad on your thighs and the balls of \
                 both feet on the plate. Lower your heels for 3 seconds as far as they go, then \
                 push up for 3 seconds as high as you can."
                    .to_string(),
            ),
            (
                "leg-press-calf-raise-straight-knee",
                "Leg-press calf raise, knee straight",
                "In a leg press with your knees straight and the balls of both feet on the \
                 lower edge of the plate, push the plate away with your toes for 3 seconds and \
                 let your heels come back past the plate for 3 seconds: the full ankle range."
                    .to_string(),
            ),
            (
                "standing-calf-raise-barbell-step",
                "Standing barbell calf raise, knee straight",
                "With a barbell across your upper back, stand with the balls of both feet on a \
                 weight disc or low step. Rise for 3 seconds and lower for 3 seconds until your \
                 heels are below the disc: the full ankle range."
                    .to_string(),
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::condition::{Condition, Side};

    #[test]
    fn p_hsr_every_row_of_beyers_table() {
        // (week, sets, repetition maximum), straight from Beyer 2015.
        let table = [
            (1, 3, 15),
            (2, 3, 12),
            (3, 3, 12),
            (4, 4, 10),
            (5, 4, 10),
            (6, 4, 8),
            (7, 4, 8),
            (8, 4, 8),
            (9, 4, 6),
            (10, 4, 6),
            (11, 4, 6),
            (12, 4, 6),
        ];
        for (week, sets, rm) in table {
            let row = hsr_row_for_week(week);
            assert_eq!(
                (row.sets, row.repetition_maximum),
                (sets, rm),
                "week {week}"
            );
        }
        assert_eq!(hsr_row_for_week(30), HSR_TABLE[4]);
    }

    #[test]
    fn p_hsr_more_than_three_days_warns_and_keeps_three_sessions() {
        for sessions in 4..=7 {
            let ctx = Context {
                condition: Condition::AchillesMidportion,
                side: Side::Left,
                sessions,
                week: 3,
                protocol: Protocol::HeavySlowResistance,
                level: 2,
                eased: false,
            };
            let built = heavy_slow_resistance(&ctx);
            for item in built
                .items
                .iter()
                .filter(|item| item.kind == ExerciseKind::HeelRaise)
            {
                assert_eq!(item.days_per_week, SESSIONS, "{}", item.exercise);
            }
            let warned = built.reasons.iter().any(|reason| {
                reason.rule == rules::P_HSR
                    && reason
                        .message
                        .contains(&format!("{sessions} training days"))
                    && reason.message.contains("day of rest between")
            });
            assert!(warned, "{sessions} days a week is said");
        }
    }

    #[test]
    fn p_hsr_the_rows_cover_twelve_weeks_without_gaps() {
        let mut next = 1;
        for row in HSR_TABLE {
            assert_eq!(row.first_week, next);
            next = row.last_week + 1;
        }
        assert_eq!(next, PROTOCOL_WEEKS + 1);
    }
}
