//! Achilles isometrics (`P-ISO`), Alfredson's eccentric heel drops (`P-ALF`, `P-LOAD`) and the
//! items every Achilles plan shares: the calf hold and the morning heel-raise check.

use super::exercises::{Built, Context, ExerciseKind};
use super::levels::{ALFREDSON_STEP_KG, PROTOCOL_WEEKS, alfredson_added_kg};
use super::{PlanItem, running};
use crate::condition::Side;
use crate::rules;

/// After this programme week, a plan of holds alone asks for a move to loading through movement.
const ISOMETRIC_REVIEW_WEEK: u16 = 4;

/// The calf isometric hold: 5 × 45 s a day, or 3 × 30 s when eased (`P-ISO`).
pub(super) fn calf_isometric_hold(ctx: &Context) -> PlanItem {
    let (sets, seconds) = if ctx.eased && ctx.protocol == super::Protocol::Isometric {
        (3, 30)
    } else {
        (5, 45)
    };
    let floor = if ctx.floor_level_only() {
        " Stand on flat floor, not on a step."
    } else {
        ""
    };
    PlanItem::new(
        "calf-isometric-hold",
        "Calf isometric hold",
        ExerciseKind::Isometric,
    )
    .hold(sets, seconds)
    .how(format!(
        "Stand on {} and hold a rail or wall for balance. Rise halfway onto the ball of the \
             foot and hold still. Push as hard as you can while the pain eases rather than \
             builds; use both legs if one is too painful.{floor} You can also do these holds \
             just before your other exercises to settle the pain.",
        ctx.leg()
    ))
    .load("body weight, a strong push that eases the pain")
    .rest(60)
    .schedule(1, ctx.days(7))
    .progress_when(
        "When a single-leg heel raise hurts less than 5/10, move on to heel raises through \
             movement.",
    )
    .floor_level(true)
    .rules(&[rules::P_ISO, rules::R_REST])
}

/// The morning heel-raise check, the Achilles daily load test (`R-LT1`, `R-PM2`).
pub(super) fn achilles_load_test(ctx: &Context) -> PlanItem {
    PlanItem::new(
        "achilles-morning-check",
        "Morning heel-raise check",
        ExerciseKind::LoadTest,
    )
    .reps(1, 10)
    .how(format!(
        "Each morning, before any training, do up to 10 heel raises on {} on flat floor and \
         score the pain from 0 to 10. Log the score: if it is more than 2 points above your usual \
         morning score, yesterday's load was too much and the next sessions get lighter (not \
         stopped).",
        ctx.leg()
    ))
    .schedule(1, 7)
    .progress_when(
        "This is a check, not training: its score tells the app whether to move you on, hold or \
         step back.",
    )
    .floor_level(true)
    .rules(&[rules::R_LT1, rules::R_PM2])
}

/// The isometric protocol: holds for pain, before loading through movement.
pub(super) fn isometric(ctx: &Context) -> Built {
    let mut built = Built::default();
    built.items.push(calf_isometric_hold(ctx));
    built.items.push(achilles_load_test(ctx));
    built.reason(
        rules::P_ISO,
        "When a single-leg heel raise hurts more than 5/10, a published staged programme starts \
         with calf holds, 5 × 45 seconds each day. Holding still loads the tendon without \
         moving it, which often eases pain for a while.",
    );
    built.reason(
        rules::P_ISO,
        "Once a single-leg heel raise hurts less than 5/10, the next step is heel raises \
         through movement: phase 1 of Silbernagel's programme.",
    );
    if ctx.eased {
        built.reason(
            rules::R_REST,
            "The holds are eased to 3 × 30 seconds while the pain settles. They are not dropped: \
             a tendon left without load loses strength within about two weeks.",
        );
    }
    if ctx.week > ISOMETRIC_REVIEW_WEEK {
        built.reason(
            rules::P_ISO,
            format!(
                "Week {}: holds alone are a first step, not the whole treatment. A tendon needs \
                 load through movement to rebuild, so if you are still on holds only, ask your \
                 clinician about moving on.",
                ctx.week
            ),
        );
    }
    built
}

/// Alfredson's eccentric heel drops, or their maintenance after the 12 weeks.
pub(super) fn alfredson(ctx: &Context) -> Built {
    let mut built = Built::default();
    let after_protocol = ctx.week > PROTOCOL_WEEKS;
    let added_kg = alfredson_added_kg(ctx.level);
    let load = match added_kg {
        0 => "body weight".to_string(),
        kg => format!("body weight + backpack {kg} kg"),
    };
    if ctx.eased {
        built.items.push(calf_isometric_hold(ctx));
    }
    let (times_per_day, days) = if after_protocol {
        (1, ctx.days(2))
    } else {
        (2, ctx.days(7))
    };
    for knee_straight in [true, false] {
        built.items.push(
            heel_drop(ctx, knee_straight, &load)
                .schedule(times_per_day, days)
                .progress_when(alfredson_progress_when(added_kg)),
        );
    }
    if after_protocol {
        built.items.push(running::achilles_return_to_running(ctx));
    }
    built.items.push(achilles_load_test(ctx));

    if after_protocol {
        built.reason(
            rules::P_LEN,
            format!(
                "Week {}: the {PROTOCOL_WEEKS} weeks of Alfredson's programme are done, so it \
                 becomes maintenance. Keep the heel drops going at least twice a week at your \
                 current load while you build your running back up. The maintenance dose is \
                 Tendo's cautious choice, like the maintenance phase of Silbernagel's programme.",
                ctx.week
            ),
        );
    } else {
        built.reason(
            rules::P_ALF,
            format!(
                "Alfredson's programme: 2 exercises (knee straight and knee bent), 3 sets of 15 \
                 each, twice a day, every day for {PROTOCOL_WEEKS} weeks. That is 180 slow \
                 lowerings a day. This is week {} of {PROTOCOL_WEEKS}.",
                ctx.week
            ),
        );
        if ctx.sessions < 7 {
            built.reason(
                rules::P_ALF,
                format!(
                    "You said you can train {} days a week. Alfredson's programme was tested at \
                     twice a day, every day; a trial found heavy slow resistance, 3 days a week, \
                     worked as well and was easier to keep up, so it may suit you better.",
                    ctx.sessions
                ),
            );
        }
    }
    built.reason(
        rules::P_LOAD,
        format!(
            "{}. Add weight in a backpack only once the drops no longer hurt (0/10 during \
             them); pain up to 5/10 that settles by the next morning is fine but keeps the \
             load. The {ALFREDSON_STEP_KG} kg \
             steps (up to 60 kg) come from one trial's handout, not from Alfredson's own paper; \
             another trial added 10% of body weight, no more than once a week.",
            super::Protocol::Alfredson.level_label(ctx.level)
        ),
    );
    if ctx.insertional() {
        built.reason(
            rules::P_INS,
            "Your pain is where the tendon joins the heel, so every heel drop is done on the \
             floor and stops at floor level. Dropping the heel below a step squeezes the tendon \
             against the heel bone: the standard step-edge version satisfied only about a third \
             of people with insertional pain, the floor-level version about two thirds.",
        );
    }
    built
}

/// One Alfredson heel drop, from a step edge (midportion) or on the floor (insertional).
fn heel_drop(ctx: &Context, knee_straight: bool, load: &str) -> PlanItem {
    let (knee, knee_id, muscle) = if knee_straight {
        (
            "straight",
            "straight-knee",
            "the outer calf muscle (gastrocnemius)",
        )
    } else {
        ("bent", "bent-knee", "the deeper calf muscle (soleus)")
    };
    let both = if ctx.side == Side::Both {
        " Do all the sets on one leg, then on the other."
    } else {
        ""
    };
    let (place, id_place, lower_to) = if ctx.floor_level_only() {
        (
            "Stand on flat floor.",
            "floor",
            "until it touches the floor. Never lower it below floor level and don't use a step."
                .to_string(),
        )
    } else {
        (
            "Stand with the balls of both feet on the edge of a step.",
            "step",
            "below the level of the step.".to_string(),
        )
    };
    let side = ctx.side_word();
    PlanItem::new(
        &format!("eccentric-heel-drop-{knee_id}-{id_place}"),
        &format!("Eccentric heel drop, knee {knee}"),
        ExerciseKind::HeelRaise,
    )
    .reps(ctx.sets(3), 15)
    .how(format!(
        "{place} Rise up on both feet (good leg up), shift your weight onto the {side} leg and \
         slowly lower that heel with the knee {knee}, {lower_to} Come back up with the help of \
         the other leg: the {side} leg only lowers (bad leg down). This works {muscle}.{both}"
    ))
    .load(load)
    .tempo("lower slowly, about 3 s; rise with the good leg")
    .rest(60)
    .floor_level(ctx.floor_level_only())
    .rules(&[rules::P_ALF, rules::P_LOAD, rules::R_PM1, rules::R_PM2])
}

/// When to move on from an Alfredson load step: one message with the pain limits
/// (`R-PM1`, `R-PM2`) and the load step only once the drops no longer hurt (`P-LOAD`).
fn alfredson_progress_when(added_kg: u8) -> String {
    let next = added_kg.saturating_add(ALFREDSON_STEP_KG);
    format!(
        "Some pain is expected, especially in the first two weeks: up to 5/10 during the drops \
         and up to 5/10 afterwards is fine, as long as it has settled by the next morning. \
         More than that, and the plan gets lighter. Once the drops no longer hurt at all (0/10 \
         during them), add weight: next {next} kg in a backpack (one trial's handout), or 10% \
         of your body weight, no more than once a week."
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::condition::Condition;
    use crate::programme::Protocol;

    fn context(condition: Condition, level: u8, week: u16) -> Context {
        Context {
            condition,
            side: Side::Left,
            sessions: 7,
            week,
            protocol: Protocol::Alfredson,
            level,
            eased: false,
        }
    }

    #[test]
    fn p_alf_one_hundred_and_eighty_lowerings_a_day() {
        let built = alfredson(&context(Condition::AchillesMidportion, 1, 3));
        let drops: Vec<_> = built
            .items
            .iter()
            .filter(|item| item.kind == ExerciseKind::HeelRaise)
            .collect();
        assert_eq!(drops.len(), 2);
        let per_day: u32 = drops
            .iter()
            .map(|item| {
                u32::from(item.sets)
                    * u32::from(item.reps.unwrap_or(0))
                    * u32::from(item.times_per_day)
            })
            .sum();
        assert_eq!(per_day, 180);
        assert!(drops.iter().all(|item| item.days_per_week == 7));
    }

    #[test]
    fn p_load_the_backpack_follows_the_load_step() {
        let built = alfredson(&context(Condition::AchillesMidportion, 3, 5));
        let drop = &built.items[0];
        assert_eq!(drop.load, "body weight + backpack 10 kg");
        assert!(
            drop.progress_when.contains("15 kg"),
            "{}",
            drop.progress_when
        );
        assert!(drop.progress_when.contains("one trial's handout"));
    }

    #[test]
    fn r_pm1_alfredson_pain_guidance_agrees_with_the_five_out_of_ten_ceiling() {
        let built = alfredson(&context(Condition::AchillesMidportion, 1, 1));
        for drop in built
            .items
            .iter()
            .filter(|item| item.kind == ExerciseKind::HeelRaise)
        {
            let text = drop.progress_when.to_lowercase();
            assert!(!text.contains("disabling"), "{text}");
            assert!(text.contains("5/10"), "{text}");
            assert!(text.contains("next morning"), "{text}");
            assert!(drop.rules.contains(&rules::R_PM1) && drop.rules.contains(&rules::R_PM2));
        }
    }

    #[test]
    fn p_ins_insertional_drops_stop_at_the_floor() {
        let built = alfredson(&context(Condition::AchillesInsertional, 1, 2));
        for item in built
            .items
            .iter()
            .filter(|item| item.kind == ExerciseKind::HeelRaise)
        {
            assert!(item.floor_level_only, "{}", item.exercise);
            assert!(item.exercise.ends_with("-floor"), "{}", item.exercise);
            assert!(!item.how.contains("edge of a step"), "{}", item.how);
            assert!(item.how.contains("floor level"), "{}", item.how);
        }
    }

    #[test]
    fn midportion_drops_go_below_the_step() {
        let built = alfredson(&context(Condition::AchillesMidportion, 1, 2));
        assert!(!built.items[0].floor_level_only);
        assert!(built.items[0].how.contains("edge of a step"));
    }
}
