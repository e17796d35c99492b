//! Goom's four stages for proximal hamstring tendinopathy (`P-PHT1`–`P-PHT4`), with core work in
//! every stage (`P-CORE`, `H5`), no stretching or compressive positions in stages 1–2
//! (`P-COMP`), progress by symptoms over 3–6 months (`P-LEN`) and the daily bridge test
//! (`R-LT2`).

use super::exercises::{Built, Context, ExerciseKind};
use super::hamstring_advice::{cautions, stage_reasons};
use super::{PlanItem, running};
use crate::rules::{self, RuleId};

/// The Goom week for the stage in `ctx.level`.
pub(super) fn goom(ctx: &Context) -> Built {
    let stage = ctx.level.clamp(1, 4);
    let mut built = Built::default();
    match stage {
        1 => stage_one(ctx, &mut built),
        2 => stage_two(ctx, &mut built),
        3 => stage_three(ctx, &mut built),
        _ => stage_four(ctx, &mut built),
    }
    built.items.extend(core_items(ctx, stage));
    built.items.push(bridge_test(ctx, stage));
    built.avoid = cautions(stage);
    stage_reasons(ctx, stage, &mut built);
    built
}

/// Stage 1: isometric holds with the hip near straight, 5 × 30–45 s at about 70% effort.
fn stage_one(ctx: &Context, built: &mut Built) {
    let (sets, seconds, effort) = if ctx.eased {
        (3, 30, "about 50% effort")
    } else {
        (5, 45, "about 70% effort")
    };
    let progress = "Stage 2 once the holds ease your pain and the next-day bridge test stays at \
                    0–3/10 for a week or more.";
    built.items.push(
        PlanItem::new("bridge-hold", "Bridge hold", ExerciseKind::Isometric)
            .hold(sets, seconds)
            .how(format!(
                "Lie on your back with knees bent and heels on the floor. Lift your hips until \
                 your body is straight from shoulders to knees, and hold still, pushing at \
                 about 70% of your hardest. Start on two legs; once that is easy, hold on one \
                 leg: {}. Build from 30 to 45 seconds.",
                ctx.leg()
            ))
            .load(effort)
            .rest(60)
            .schedule(1, ctx.days(7))
            .progress_when(progress)
            .rules(&[rules::P_PHT1, rules::P_ISO]),
    );
    built.items.push(
        PlanItem::new(
            "isometric-leg-curl",
            "Isometric leg curl",
            ExerciseKind::Isometric,
        )
        .hold(sets, seconds)
        .how(
            "Lie face down with your hips flat and the knee slightly bent. Press the heel up \
             into a strap tied to something fixed, a partner's hand or your other ankle, and \
             hold without moving.",
        )
        .load(effort)
        .rest(60)
        .schedule(1, ctx.days(7))
        .progress_when(progress)
        .rules(&[rules::P_PHT1, rules::P_ISO]),
    );
}

/// Stage 2: heavy slow isotonic work with little hip bend, about 15RM towards 8RM.
fn stage_two(ctx: &Context, built: &mut Built) {
    let progress = "Start at the weight you can lift about 15 times; as it gets easy, add \
                    weight towards 8 repetitions. Stage 3 once 8RM work is comfortable and the \
                    next-day bridge test stays at 0–3/10.";
    let strength = |id: &str, name: &str, how: &str| {
        PlanItem::new(id, name, ExerciseKind::HamstringStrength)
            .reps(3, 15)
            .how(how.to_string())
            .load("15RM, moving towards 8RM")
            .tempo("3 s down, 3 s up")
            .rest(120)
            .schedule(1, ctx.days(3))
            .progress_when(progress)
            .rules(&[rules::P_PHT2, rules::H5])
    };
    built.items.push(strength(
        "prone-leg-curl",
        "Leg curl, lying face down",
        "On a leg-curl machine lying face down, or lying on the floor with your heels on \
         sliders, bend the knees against the load for 3 seconds and straighten for 3 seconds. \
         Your hips stay flat: no bend at the hip.",
    ));
    built.items.push(strength(
        "bridge-progression",
        "Bridge, then single-leg bridge, then weighted",
        "Lift your hips into a bridge for 3 seconds and lower for 3 seconds. Move from two legs \
         to one leg, then add a weight across your hips. Keep the hips from dropping into a \
         deep bend at the bottom.",
    ));
    built.items.push(
        PlanItem::new(
            "gym-ball-nordic",
            "Gym-ball Nordic, part range",
            ExerciseKind::HamstringStrength,
        )
        .reps(3, 6)
        .how(
            "Kneel with your ankles held down and a gym ball in front of you. Keeping your \
             body straight from knees to head, lean forward slowly, rolling the ball away, as \
             far as you can control, then push back up with your hands on the ball.",
        )
        .load("body weight, part range")
        .tempo("lean forward slowly, about 3 s")
        .rest(120)
        .schedule(1, ctx.days(2))
        .progress_when("Lean further as it gets easier; full Nordics come in stage 3.")
        .rules(&[rules::P_PHT2, rules::H5]),
    );
}

/// Stage 3: isotonic work with increasing hip bend.
fn stage_three(ctx: &Context, built: &mut Built) {
    let progress = "Take the hip a little deeper each week as comfort allows. Stage 4 once \
                    these are comfortable through a full range and the next-day bridge test \
                    stays at 0–3/10.";
    let strength = |id: &str, name: &str, sets: u8, reps: u16, how: &str| {
        PlanItem::new(id, name, ExerciseKind::HamstringStrength)
            .reps(sets, reps)
            .how(how.to_string())
            .load("heavy: the last repetitions are hard")
            .tempo("3 s down, 3 s up")
            .rest(120)
            .schedule(1, ctx.days(3))
            .progress_when(progress)
            .rules(&[rules::P_PHT3, rules::H5])
            .compressive()
    };
    built.items.push(strength(
        "romanian-deadlift",
        "Romanian deadlift",
        3,
        8,
        "Holding a bar or dumbbells, knees soft, hinge at the hips and slide the weight down \
         the front of your thighs only as far as is comfortable, then stand tall. Go a little \
         deeper as the weeks pass.",
    ));
    built.items.push(strength(
        "single-leg-romanian-deadlift",
        "Single-leg Romanian deadlift",
        3,
        8,
        "Standing on one leg with the knee soft, hinge forward as the other leg goes back, \
         holding a weight, then stand tall. Do both legs.",
    ));
    built.items.push(strength(
        "step-up",
        "Step-up",
        3,
        10,
        "Step up onto a box and stand tall, then step down slowly. Start with a low step and \
         go higher as the hip bend becomes comfortable.",
    ));
    built.items.push(
        PlanItem::new(
            "nordic-hamstring",
            "Nordic curl",
            ExerciseKind::HamstringStrength,
        )
        .reps(3, 5)
        .how(
            "Kneel with your ankles held down and your body straight from knees to head. \
                 Lower yourself forward as slowly as you can, catch yourself with your hands \
                 and push back up.",
        )
        .tempo("lower as slowly as you can")
        .rest(120)
        .schedule(1, ctx.days(2))
        .progress_when(progress)
        .rules(&[rules::P_PHT3, rules::H5]),
    );
}

/// Stage 4: spring-like loading, running, speed and sport, with strength kept up.
fn stage_four(ctx: &Context, built: &mut Built) {
    built
        .items
        .push(running::hamstring_running_progression(ctx));
    built.items.push(
        PlanItem::new(
            "skips-and-bounds",
            "Skips and bounds",
            ExerciseKind::Plyometric,
        )
        .reps(3, 20)
        .how(
            "On flat ground: skipping, then A-skips, then bounding strides. Quick, springy \
                 contacts; stop before your form fades.",
        )
        .schedule(1, ctx.days(2))
        .progress_when(
            "Longer and faster bounds, then sprint drills and strides, then your sport's \
                 own moves, while the next-day bridge test stays at 0–3/10.",
        )
        .rules(&[rules::P_PHT4])
        .compressive(),
    );
    for (id, name, sets, reps) in [
        ("romanian-deadlift", "Romanian deadlift", 3, 6),
        ("nordic-hamstring", "Nordic curl", 3, 5),
    ] {
        built.items.push(
            PlanItem::new(id, name, ExerciseKind::HamstringStrength)
                .reps(sets, reps)
                .how(
                    "Keep the heavy strength work of stage 3 going twice a week while running \
                     and speed build up.",
                )
                .load("heavy")
                .tempo("controlled lowering")
                .rest(120)
                .schedule(1, ctx.days(2))
                .progress_when("Keep it up through the return to sport.")
                .rules(&[rules::P_PHT4, rules::H5])
                .compressive(),
        );
    }
}

/// Core stabilisation for a stage: hips straight in stages 1–2 (`P-CORE`, `H5`).
fn core_items(ctx: &Context, stage: u8) -> Vec<PlanItem> {
    let core_rules: [RuleId; 2] = [rules::P_CORE, rules::H5];
    let core = |id: &str, name: &str, how: &str| {
        PlanItem::new(id, name, ExerciseKind::Core)
            .how(how.to_string())
            .rest(45)
            .schedule(1, ctx.days(3))
            .progress_when("Longer holds or more repetitions as your trunk control improves.")
            .rules(&core_rules)
    };
    let seconds = if stage == 1 { 30 } else { 45 };
    let plank = core(
        "front-plank",
        "Front plank",
        "On your forearms and toes, body straight from head to heels, hips level: no bend at \
         the hip.",
    )
    .hold(3, seconds);
    let side_plank = core(
        "side-plank",
        "Side plank",
        "On one forearm and the side of your feet, body straight, hips lifted. Do both sides.",
    )
    .hold(3, seconds);
    match stage {
        1 | 2 => vec![plank, side_plank],
        3 => vec![
            side_plank,
            core(
                "pallof-press",
                "Standing anti-rotation press",
                "Standing side-on to a band or cable held at chest height, press it straight \
                 out and back without letting your trunk turn. Do both sides.",
            )
            .reps(3, 10),
        ],
        _ => vec![
            core(
                "single-leg-balance-reach",
                "Single-leg balance with reach",
                "Standing on one leg, reach forwards and to the sides with your arms while \
                 keeping your pelvis level. Do both legs.",
            )
            .hold(3, 30),
            core(
                "pallof-press",
                "Standing anti-rotation press",
                "Standing side-on to a band or cable held at chest height, press it straight \
                 out and back without letting your trunk turn. Do both sides.",
            )
            .reps(3, 12),
        ],
    }
}

/// The daily 24-hour load test: 3 single-leg bridges, 0–3/10 tolerated (`R-LT2`).
fn bridge_test(ctx: &Context, stage: u8) -> PlanItem {
    let deeper = if stage >= 3 {
        " As you get stronger the test can move into more hip bend, for example with the foot \
         further from your hips."
    } else {
        ""
    };
    PlanItem::new(
        "bridge-load-test",
        "Daily bridge test",
        ExerciseKind::LoadTest,
    )
    .reps(1, 3)
    .how(format!(
        "Each day at the same time, do 3 single-leg bridges on {} with the foot close to \
             your hips, and score the pain from 0 to 10. 0–3 means the load was tolerated; 4 \
             or more means it was too much, so the next sessions get lighter.{deeper}",
        ctx.leg()
    ))
    .schedule(1, 7)
    .progress_when(
        "This is a check, not training: its score tells the app whether to move you on, \
             hold or step back.",
    )
    .rules(&[rules::R_LT2])
}
