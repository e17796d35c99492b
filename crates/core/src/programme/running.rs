//! Return to running: for the Achilles once hopping is nearly pain-free (`P-RUN`), for the
//! hamstring as the running progression of Goom's stage 4 (`P-PHT4`).

use super::PlanItem;
use super::exercises::{Context, ExerciseKind};
use crate::rules;

/// Running twice a week once hopping hurts less than 2/10, at most 20% more distance a week.
pub(super) fn achilles_return_to_running(ctx: &Context) -> PlanItem {
    let ground = if ctx.floor_level_only() {
        "on flat ground: running uphill bends the ankle past neutral under load, which \
         squeezes the insertion"
    } else {
        "on flat ground"
    };
    PlanItem::new(
        "return-to-running",
        "Return to running",
        ExerciseKind::Running,
    )
    .how(format!(
        "Before each run, hop 10 times on {}. Run only if the hops hurt less than 2/10. \
             Run twice a week, on days between your strength sessions if you can, starting \
             short and easy (for example a 15–20 minute walk-run) {ground}. If your pain \
             creeps up overall, leave running out for a week and restart shorter: the strength \
             work carries on.",
        ctx.leg()
    ))
    .load("easy pace; the first run short")
    .schedule(1, ctx.days(2))
    .progress_when(
        "Add at most 20% more distance each week, as long as hopping stays under 2/10 and \
             any pain after running has settled by the next morning.",
    )
    .floor_level(ctx.floor_level_only())
    .rules(&[rules::P_RUN, rules::R_PM2])
}

/// The running progression of hamstring stage 4: flat and easy, then faster, hills last.
pub(super) fn hamstring_running_progression(ctx: &Context) -> PlanItem {
    PlanItem::new(
        "running-progression",
        "Running progression",
        ExerciseKind::Running,
    )
    .how(
        "Run on flat ground at an easy pace, starting short (for example a 15–20 minute \
         walk-run). Build distance first, then pace; hills, fast running and sprints come \
         last, because a long stride and uphill running bend the hip under load and press on \
         the tendon. Check the next-day bridge test after each run.",
    )
    .load("easy pace on the flat")
    .schedule(1, ctx.days(3))
    .progress_when(
        "Add at most 20% more running a week while the next-day bridge test stays at 0–3/10. \
         Move to faster running and then hills only when easy running is settled.",
    )
    .rules(&[rules::P_PHT4, rules::R_LT2])
}
