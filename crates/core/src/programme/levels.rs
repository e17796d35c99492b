//! The levels of each protocol: how many there are, how long a person stays on each at the
//! least, where the typical timeline puts a person after some weeks, and what each is called.

use super::Protocol;
use super::hsr::HSR_TABLE;

/// The length of the Alfredson and heavy-slow-resistance programmes, in weeks.
pub const PROTOCOL_WEEKS: u16 = 12;

/// The weight added at each Alfredson load step, in kilograms (one trial's handout, `P-LOAD`).
pub const ALFREDSON_STEP_KG: u8 = 5;

/// The heaviest backpack of that handout, in kilograms.
const ALFREDSON_MAX_KG: u8 = 60;

/// The fewest weeks in each Silbernagel phase before the next (phases 1–3; phase 4 is open).
///
/// Taken from the typical timeline (phase 1 weeks 1–2, phase 2 weeks 2–5, phase 3 weeks 3–12,
/// phase 4 from week 12), reading each overlap as the earlier phase.
const SILBERNAGEL_MIN_WEEKS: [u16; 3] = [2, 3, 7];

/// The fewest weeks in each Goom stage before the next (stages 1–3; stage 4 is open).
///
/// Goom gives no weeks per stage, only 3–6 months in all and progress by symptoms. These are
/// Tendo's cautious floor: 12 weeks of stages 1–3 (`P-LEN`), so sprint work in stage 4 comes no
/// earlier than the 12–16 weeks a clinic source gives.
const GOOM_MIN_WEEKS: [u16; 3] = [2, 4, 6];

/// The Silbernagel phase names.
const SILBERNAGEL_PHASES: [&str; 4] = [
    "symptom management",
    "recovery",
    "rebuilding",
    "return to sport",
];

/// The Goom stage names.
const GOOM_STAGES: [&str; 4] = [
    "isometric holds with the hip near straight",
    "slow strength work with little hip bend",
    "strength work with increasing hip bend",
    "spring-like loading, running and return to sport",
];

impl Protocol {
    /// How many levels the protocol has; levels run from 1.
    pub fn level_count(self) -> u8 {
        match self {
            Protocol::Isometric => 1,
            Protocol::Alfredson => ALFREDSON_MAX_KG / ALFREDSON_STEP_KG + 1,
            Protocol::HeavySlowResistance => HSR_TABLE.len() as u8,
            Protocol::Silbernagel | Protocol::GoomStaged => 4,
        }
    }

    /// The fewest weeks on `level` before a progress decision moves the person on; `None` for
    /// the last level, which is open-ended.
    pub fn min_weeks(self, level: u8) -> Option<u16> {
        if level >= self.level_count() {
            return None;
        }
        let index = usize::from(level.saturating_sub(1));
        match self {
            Protocol::Isometric => None,
            Protocol::Alfredson => Some(1),
            Protocol::HeavySlowResistance => HSR_TABLE.get(index).map(|row| row.weeks()),
            Protocol::Silbernagel => SILBERNAGEL_MIN_WEEKS.get(index).copied(),
            Protocol::GoomStaged => GOOM_MIN_WEEKS.get(index).copied(),
        }
    }

    /// Where the typical timeline puts a person in programme week `week` (1-based): the level
    /// and the whole weeks already spent on it.
    ///
    /// Heavy slow resistance follows Beyer's table, and [`super::start`] places a person there
    /// by the weeks. For Silbernagel and Goom this is only the earliest stage the timeline
    /// allows, never where a person is placed: without symptom data they start at the entry
    /// level (`P-SIL-GATE`). Alfredson and isometrics stay on their first level, because only
    /// pain, not time, adds an Alfredson load step.
    pub fn typical_level(self, week: u16) -> (u8, u8) {
        let elapsed = week.saturating_sub(1);
        if matches!(self, Protocol::Isometric | Protocol::Alfredson) {
            return (1, clamp_u8(elapsed));
        }
        let mut level = 1;
        let mut start = 0;
        while let Some(weeks) = self.min_weeks(level) {
            if elapsed < start + weeks {
                break;
            }
            start += weeks;
            level += 1;
        }
        (level, clamp_u8(elapsed - start))
    }

    /// The level for people, such as "Phase 2: recovery".
    pub fn level_label(self, level: u8) -> String {
        let phrase = self.level_phrase(level);
        let mut chars = phrase.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => phrase,
        }
    }

    /// The level in a patient's words, with no protocol names or table rows: what to do and
    /// how hard, such as "Heavy, slow lifts for weeks 9–12: 4 sets of 6 with the heaviest
    /// weight you can lift 6 times". Clinicians see [`Protocol::level_label`].
    pub fn plain_level(self, level: u8) -> String {
        let index = usize::from(level.saturating_sub(1));
        match self {
            Protocol::Isometric => {
                "Holding still against a load to ease the pain: 5 holds of 45 seconds a day"
                    .to_string()
            }
            Protocol::Alfredson => match alfredson_added_kg(level) {
                0 => format!("Step {level} of slow heel lowering: your body weight"),
                kg => format!(
                    "Step {level} of slow heel lowering: your body weight and {kg} kg in a \
                     backpack"
                ),
            },
            Protocol::HeavySlowResistance => {
                let row = HSR_TABLE[index.min(HSR_TABLE.len() - 1)];
                format!(
                    "Heavy, slow lifts for {}: {} sets of {} with the heaviest weight you can \
                     lift {} times",
                    row.weeks_label(),
                    row.sets,
                    row.repetition_maximum,
                    row.repetition_maximum
                )
            }
            Protocol::Silbernagel => format!(
                "Phase {level} of 4: {}",
                SILBERNAGEL_PHASES[index.min(SILBERNAGEL_PHASES.len() - 1)]
            ),
            Protocol::GoomStaged => format!(
                "Stage {level} of 4: {}",
                GOOM_STAGES[index.min(GOOM_STAGES.len() - 1)]
            ),
        }
    }

    /// The level inside a sentence, such as "phase 2: recovery".
    pub fn level_phrase(self, level: u8) -> String {
        let index = usize::from(level.saturating_sub(1));
        match self {
            Protocol::Isometric => "isometric holds for pain: 5 × 45 s a day".to_string(),
            Protocol::Alfredson => match alfredson_added_kg(level) {
                0 => format!("load step {level}: body weight"),
                kg => format!("load step {level}: body weight + {kg} kg in a backpack"),
            },
            Protocol::HeavySlowResistance => {
                let row = HSR_TABLE[index.min(HSR_TABLE.len() - 1)];
                format!(
                    "row {level} of Beyer's table ({}): {} × {}RM",
                    row.weeks_label(),
                    row.sets,
                    row.repetition_maximum
                )
            }
            Protocol::Silbernagel => format!(
                "phase {level}: {}",
                SILBERNAGEL_PHASES[index.min(SILBERNAGEL_PHASES.len() - 1)]
            ),
            Protocol::GoomStaged => format!(
                "stage {level}: {}",
                GOOM_STAGES[index.min(GOOM_STAGES.len() - 1)]
            ),
        }
    }
}

/// The weight in the backpack at an Alfredson load step, in kilograms.
pub(super) fn alfredson_added_kg(level: u8) -> u8 {
    level
        .saturating_sub(1)
        .saturating_mul(ALFREDSON_STEP_KG)
        .min(ALFREDSON_MAX_KG)
}

/// Whole weeks as a `u8`, capped at 255.
fn clamp_u8(weeks: u16) -> u8 {
    u8::try_from(weeks).unwrap_or(u8::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p_sil_gate_typical_phases_follow_the_timeline_taking_the_earlier_phase() {
        let expected = [
            (1, 1),
            (2, 1),
            (3, 2),
            (5, 2),
            (6, 3),
            (12, 3),
            (13, 4),
            (40, 4),
        ];
        for (week, phase) in expected {
            assert_eq!(
                Protocol::Silbernagel.typical_level(week).0,
                phase,
                "week {week}"
            );
        }
        assert_eq!(Protocol::Silbernagel.typical_level(4), (2, 1));
    }

    #[test]
    fn p_len_goom_stage_four_comes_after_twelve_weeks_at_the_earliest() {
        assert_eq!(Protocol::GoomStaged.typical_level(1), (1, 0));
        assert_eq!(Protocol::GoomStaged.typical_level(3), (2, 0));
        assert_eq!(Protocol::GoomStaged.typical_level(7), (3, 0));
        assert_eq!(Protocol::GoomStaged.typical_level(12), (3, 5));
        assert_eq!(Protocol::GoomStaged.typical_level(13), (4, 0));
    }

    #[test]
    fn p_load_alfredson_steps_add_five_kilograms_up_to_sixty() {
        assert_eq!(Protocol::Alfredson.level_count(), 13);
        assert_eq!(alfredson_added_kg(1), 0);
        assert_eq!(alfredson_added_kg(2), 5);
        assert_eq!(alfredson_added_kg(13), 60);
        assert_eq!(Protocol::Alfredson.typical_level(9), (1, 8));
        assert!(Protocol::Alfredson.level_label(3).contains("10 kg"));
    }

    #[test]
    fn a_patient_reads_every_level_without_protocol_names_or_table_rows() {
        for protocol in Protocol::ALL {
            for level in 1..=protocol.level_count() {
                let plain = protocol.plain_level(level);
                for jargon in [
                    "Beyer",
                    "Alfredson",
                    "Silbernagel",
                    "Goom",
                    "RM",
                    "row ",
                    "`",
                ] {
                    assert!(!plain.contains(jargon), "{plain}");
                }
                assert!(plain.starts_with(|c: char| c.is_uppercase()), "{plain}");
            }
        }
        assert_eq!(
            Protocol::HeavySlowResistance.plain_level(5),
            "Heavy, slow lifts for weeks 9–12: 4 sets of 6 with the heaviest weight you can \
             lift 6 times"
        );
        assert!(
            Protocol::Alfredson
                .plain_level(3)
                .ends_with("and 10 kg in a backpack")
        );
    }

    #[test]
    fn the_last_level_is_open_ended() {
        for protocol in Protocol::ALL {
            assert_eq!(
                protocol.min_weeks(protocol.level_count()),
                None,
                "{protocol:?}"
            );
        }
    }
}
