//! Silbernagel's combined Achilles loading programme, phases 1–4 (`P-SIL`), moved by symptoms
//! (`P-SIL-GATE`). Phases 1–2 come from the published table; phases 3–4 could not be checked
//! against it and are labelled unverified (`[GK]` in the evidence note).

use super::achilles::{achilles_load_test, calf_isometric_hold};
use super::exercises::{Built, Context, ExerciseKind};
use super::{PlanItem, running};
use crate::rules::{self, RuleId};

/// One heel exercise of the programme, on a step edge or on the floor.
struct Heel {
    id: &'static str,
    name: &'static str,
    sets: u8,
    reps: u16,
    load: &'static str,
    days: u8,
    /// True when the midportion version uses a step edge.
    on_step: bool,
    how: &'static str,
}

/// The Silbernagel week for the phase in `ctx.level`.
pub(super) fn silbernagel(ctx: &Context) -> Built {
    let mut built = Built::default();
    let phase = ctx.level.clamp(1, 4);
    if ctx.eased {
        built.items.push(calf_isometric_hold(ctx));
    }
    if phase == 1 {
        built.items.push(
            PlanItem::new(
                "ankle-circulation",
                "Foot up and down",
                ExerciseKind::Mobility,
            )
            .reps(1, 30)
            .how(
                "Sitting or lying, move the foot up and down at an easy pace to get the \
                 circulation going before the heel raises.",
            )
            .schedule(1, ctx.days(7))
            .progress_when("A warm-up: it stays while you are in phase 1.")
            .floor_level(true)
            .rules(&[rules::P_SIL]),
        );
    }
    for heel in heel_exercises(phase) {
        built.items.push(heel_item(ctx, phase, &heel));
    }
    if phase >= 2 {
        built.items.push(quick_rebounds(ctx, phase));
    }
    if phase == 3 {
        built.items.push(
            PlanItem::new(
                "plyometric-hops",
                "Hops and skips",
                ExerciseKind::Plyometric,
            )
            .reps(3, 20)
            .how(
                "Skipping, two-footed hops on the spot, then hops on one leg: quick, light \
                     contacts on the balls of the feet, on flat ground.",
            )
            .schedule(1, ctx.days(3))
            .progress_when(
                "From two-footed to one-footed hops, then hops forwards, as long as pain \
                     the next morning stays settled. (Phase 3 details are unverified.)",
            )
            .floor_level(true)
            .rules(&[rules::P_SIL]),
        );
    }
    if phase >= 3 {
        built.items.push(running::achilles_return_to_running(ctx));
    }
    built.items.push(achilles_load_test(ctx));
    phase_reasons(ctx, phase, &mut built);
    built
}

/// The heel exercises of a phase, midportion version.
fn heel_exercises(phase: u8) -> Vec<Heel> {
    let raise_two = "Rise onto the balls of both feet and lower slowly.";
    let raise_one = "Rise onto the ball of the painful foot and lower slowly, holding on \
                     lightly for balance.";
    let eccentric = "Rise on both feet, shift onto the painful leg and lower that heel slowly \
                     on its own.";
    let sitting = "Sit with your feet flat on the floor and knees bent, lift both heels as \
                   high as you can and lower them back to the floor; later, rest a weight on \
                   your knees.";
    let h = |id, name, sets, reps, load, days, on_step, how| Heel {
        id,
        name,
        sets,
        reps,
        load,
        days,
        on_step,
        how,
    };
    match phase {
        1 => vec![
            h(
                "heel-raise-two-legs",
                "Heel raises, two legs",
                3,
                15,
                "body weight",
                7,
                false,
                raise_two,
            ),
            h(
                "heel-raise-one-leg",
                "Heel raises, one leg",
                3,
                10,
                "body weight",
                7,
                false,
                raise_one,
            ),
            h(
                "eccentric-heel-raise",
                "Eccentric heel raises",
                3,
                10,
                "body weight",
                7,
                false,
                eccentric,
            ),
            h(
                "seated-heel-raise",
                "Sitting heel raises",
                3,
                10,
                "body weight",
                7,
                false,
                sitting,
            ),
        ],
        2 => vec![
            h(
                "heel-raise-two-legs",
                "Heel raises, two legs",
                3,
                15,
                "body weight",
                7,
                true,
                raise_two,
            ),
            h(
                "heel-raise-one-leg",
                "Heel raises, one leg",
                3,
                15,
                "body weight",
                7,
                true,
                raise_one,
            ),
            h(
                "eccentric-heel-raise",
                "Eccentric heel raises",
                3,
                15,
                "body weight",
                7,
                true,
                eccentric,
            ),
            h(
                "seated-heel-raise",
                "Sitting heel raises",
                3,
                15,
                "body weight",
                7,
                false,
                sitting,
            ),
        ],
        3 => vec![
            h(
                "heel-raise-one-leg-weighted",
                "Heel raises, one leg, with weight",
                3,
                10,
                "added weight (backpack or dumbbell)",
                3,
                true,
                raise_one,
            ),
            h(
                "eccentric-heel-raise-weighted",
                "Eccentric heel raises with weight",
                3,
                15,
                "added weight (backpack or dumbbell)",
                3,
                true,
                eccentric,
            ),
            h(
                "seated-heel-raise-weighted",
                "Sitting heel raises with weight",
                3,
                15,
                "a weight on your knees",
                7,
                false,
                sitting,
            ),
        ],
        _ => vec![
            h(
                "heel-raise-one-leg-weighted",
                "Heel raises, one leg, with weight",
                3,
                15,
                "added weight (backpack or dumbbell)",
                3,
                true,
                raise_one,
            ),
            h(
                "eccentric-heel-raise-weighted",
                "Eccentric heel raises with weight",
                3,
                15,
                "added weight (backpack or dumbbell)",
                3,
                true,
                eccentric,
            ),
        ],
    }
}

/// A heel exercise for this person: on a step edge only for midportion pain from phase 2.
fn heel_item(ctx: &Context, phase: u8, heel: &Heel) -> PlanItem {
    let on_step = heel.on_step && !ctx.floor_level_only();
    let (id_place, name, how) = if on_step {
        (
            "step",
            format!("{} on a step edge", heel.name),
            format!(
                "Stand with the balls of your feet on the edge of a step. {} Let the heel go \
                 below the step on the way down.",
                heel.how
            ),
        )
    } else if heel.id.starts_with("seated") {
        ("floor", heel.name.to_string(), heel.how.to_string())
    } else {
        (
            "floor",
            format!("{} on the floor", heel.name),
            format!(
                "Stand on flat floor. {} The heel comes down to the floor and never below floor \
                 level.",
                heel.how
            ),
        )
    };
    let days = match phase {
        4 => ctx.days(3),
        _ => ctx.days(heel.days),
    };
    PlanItem::new(
        &format!("{}-{id_place}", heel.id),
        &name,
        ExerciseKind::HeelRaise,
    )
    .reps(ctx.sets(heel.sets), heel.reps)
    .how(how)
    .load(heel.load)
    .tempo("slow and controlled")
    .rest(60)
    .schedule(1, days)
    .progress_when(progress_when(phase))
    .floor_level(!on_step)
    .rules(&phase_rules(phase))
}

/// Quick-rebounding heel rises, 3 × 20, always on the floor.
fn quick_rebounds(ctx: &Context, phase: u8) -> PlanItem {
    let days = if phase == 4 { ctx.days(3) } else { ctx.days(7) };
    PlanItem::new(
        "quick-rebounding-heel-raise",
        "Quick-rebounding heel raises",
        ExerciseKind::Plyometric,
    )
    .reps(3, 20)
    .how(
        "Standing on flat floor on both feet, bounce quickly up and down on the balls of your \
         feet, heels just skimming the floor.",
    )
    .schedule(1, days)
    .progress_when(progress_when(phase))
    .floor_level(true)
    .rules(&phase_rules(phase))
}

/// The rules of a phase's items.
fn phase_rules(phase: u8) -> Vec<RuleId> {
    if phase == 1 {
        vec![rules::P_SIL]
    } else {
        vec![rules::P_SIL, rules::P_SIL_GATE]
    }
}

/// When to move on from a phase.
fn progress_when(phase: u8) -> String {
    match phase {
        1 => {
            "Phase 2 once you can do this whole programme without difficulty, including \
              the single-leg heel raises."
        }
        2 => {
            "Speed first, then add weight once the programme is easy. Phase 3 once you \
              tolerate the strength work and have no pain at the heel bone (this gate is \
              unverified)."
        }
        3 => {
            "Phase 4 once symptoms are minimal, morning stiffness no longer comes every day \
              and you can do your sport without difficulty (unverified details)."
        }
        _ => {
            "Keep this up 2–3 times a week while you return to full sport, for up to about 6 \
              months from the start (unverified details)."
        }
    }
    .to_string()
}

/// The reasons for a phase.
fn phase_reasons(ctx: &Context, phase: u8, built: &mut Built) {
    let about = match phase {
        1 => {
            "Phase 1 (symptom management): once a day, build up to your full body weight \
              with slow, controlled heel raises on the floor, and learn how to read your pain."
        }
        2 => {
            "Phase 2 (recovery): once a day, heel raises from a step edge and quick \
              rebounds; go faster first, then add weight once the body-weight programme is \
              easy."
        }
        3 => {
            "Phase 3 (rebuilding): heavier heel raises with added weight 2–3 times a week, \
              quick rebounds and hops, and a return to running once hopping is nearly \
              pain-free."
        }
        _ => {
            "Phase 4 (return to sport): maintenance 2–3 times a week with weighted heel \
              raises and quick rebounds while you return to full sport."
        }
    };
    built.reason(rules::P_SIL, about);
    built.reason(
        rules::P_SIL_GATE,
        "You move between phases when your symptoms allow, not by the calendar: the \
         pain-monitoring model decides each week whether you move on, stay or step back.",
    );
    if phase >= 3 {
        built.reason(
            rules::P_SIL,
            "The details of phases 3 and 4 come from a summary that could not be checked \
             against the published table, so treat them as unverified expert guidance \
             (marked [GK] in Tendo's evidence note).",
        );
    }
    if ctx.insertional() && phase >= 2 {
        built.reason(
            rules::P_INS,
            "Your pain is where the tendon joins the heel. Silbernagel's programme says to stay \
             on the floor in that case, so every heel exercise here is done on flat floor and \
             never below floor level.",
        );
    }
}
