//! Helpers shared by the programme tests.

use tendo_core::condition::{Condition, Side};
use tendo_core::programme::{ExerciseKind, PlanItem, PlanRequest, Protocol, WeekPlan, plan_week};
use tendo_core::rules::RuleId;

pub fn request(
    condition: Condition,
    weeks: u16,
    protocol: Option<Protocol>,
    days: u8,
) -> PlanRequest {
    PlanRequest {
        condition,
        side: Side::Left,
        weeks_since_start: weeks,
        preferred_protocol: protocol,
        sessions_per_week: days,
        stage: None,
        equipment: None,
    }
}

pub fn plan(request: &PlanRequest) -> WeekPlan {
    plan_week(request).expect("a valid request gives a plan")
}

/// The plan at a recorded stage, in the earliest week the stage can be reached.
pub fn staged(condition: Condition, protocol: Protocol, stage: u8) -> WeekPlan {
    let weeks = protocol.weeks_before_level(stage);
    plan(&PlanRequest {
        stage: Some(stage),
        ..request(condition, weeks, Some(protocol), 4)
    })
}

pub fn reason_text(plan: &WeekPlan, rule: RuleId) -> String {
    plan.reasons
        .iter()
        .filter(|reason| reason.rule == rule)
        .map(|reason| reason.message.as_str())
        .collect::<Vec<_>>()
        .join(" | ")
}

pub fn of_kind(plan: &WeekPlan, kind: ExerciseKind) -> Vec<&PlanItem> {
    plan.items.iter().filter(|item| item.kind == kind).collect()
}
