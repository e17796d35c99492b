//! A clinician's adjustments to the engine's plan: exercises left out and fewer sets, checked so
//! that a plan never becomes rest (`R-REST`) and never grows beyond its protocol's dose.
//!
//! The engine still builds each week from the [`super::Position`]; the adjustments are applied
//! on top, week by week, so that they follow the patient as the plan moves.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{ExerciseKind, PlanItem, WeekPlan};
use crate::massage_gun::Prescription;
use crate::reason::Reason;
use crate::rules;

/// What a clinician changed in the engine's plan.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Adjustments {
    /// Exercises left out, by id.
    #[serde(default)]
    pub omit: Vec<String>,
    /// Fewer sets than the protocol's, by exercise id.
    #[serde(default)]
    pub sets: BTreeMap<String, u8>,
    /// The massage-gun prescription, if the clinician prescribed one.
    #[serde(default)]
    pub massage_gun: Option<Prescription>,
}

impl Adjustments {
    /// True when nothing is changed.
    pub fn is_empty(&self) -> bool {
        self.omit.is_empty() && self.sets.is_empty() && self.massage_gun.is_none()
    }
}

fn loads(item: &PlanItem) -> bool {
    !matches!(item.kind, ExerciseKind::LoadTest | ExerciseKind::Mobility)
}

/// Checks adjustments against a week's plan: every exercise named is in it, sets stay between
/// 1 and the protocol's, and at least one loading exercise stays. Returns every refusal, each
/// with its rule.
pub fn check_adjustments(plan: &WeekPlan, adjustments: &Adjustments) -> Vec<Reason> {
    let mut refusals = Vec::new();
    let find = |id: &str| plan.items.iter().find(|item| item.exercise == id);
    for id in &adjustments.omit {
        match find(id) {
            None => refusals.push(Reason::new(
                rules::R_REST,
                format!("`{id}` is not an exercise of this week's plan."),
            )),
            Some(item) if item.kind == ExerciseKind::LoadTest => refusals.push(Reason::new(
                rules::R_LT2,
                format!(
                    "The {} is the daily load test the check-in reads; it cannot be left out.",
                    item.name
                ),
            )),
            Some(_) => {}
        }
    }
    for (id, sets) in &adjustments.sets {
        let Some(item) = find(id) else {
            refusals.push(Reason::new(
                rules::R_REST,
                format!("`{id}` is not an exercise of this week's plan."),
            ));
            continue;
        };
        let rule = item.rules.first().copied().unwrap_or(rules::P_LOAD);
        if *sets == 0 {
            refusals.push(Reason::new(
                rules::R_REST,
                format!(
                    "Leave the {} out instead of setting 0 sets: a plan keeps its helpful loads.",
                    item.name
                ),
            ));
        } else if *sets > item.sets {
            refusals.push(Reason::new(
                rule,
                format!(
                    "The protocol gives {} sets of the {}; more than that is a new level, not an \
                     adjustment: move the level instead.",
                    item.sets, item.name
                ),
            ));
        }
    }
    let kept = plan
        .items
        .iter()
        .filter(|item| loads(item) && !adjustments.omit.contains(&item.exercise))
        .count();
    if kept == 0 {
        refusals.push(Reason::new(
            rules::R_REST,
            "At least one loading exercise must stay: a plan is never complete rest, and never \
             massage alone.",
        ));
    }
    refusals
}

/// Applies adjustments to a week's plan. An adjustment that would leave no loading exercise in
/// this week is not applied (`R-REST`): the engine's week stands and says so.
pub fn adjust(mut plan: WeekPlan, adjustments: &Adjustments) -> WeekPlan {
    if adjustments.omit.is_empty() && adjustments.sets.is_empty() {
        return plan;
    }
    let kept = plan
        .items
        .iter()
        .filter(|item| loads(item) && !adjustments.omit.contains(&item.exercise))
        .count();
    let mut changed = Vec::new();
    if kept > 0 {
        plan.items.retain(|item| {
            let omit =
                item.kind != ExerciseKind::LoadTest && adjustments.omit.contains(&item.exercise);
            if omit {
                changed.push(format!("the {} is left out", item.name));
            }
            !omit
        });
    } else {
        plan.reasons.push(Reason::new(
            rules::R_REST,
            "Your clinician left out exercises that are all this week holds, so this week keeps \
             them: a plan is never complete rest.",
        ));
    }
    for item in &mut plan.items {
        if let Some(sets) = adjustments.sets.get(&item.exercise)
            && *sets >= 1
            && *sets < item.sets
        {
            changed.push(format!(
                "the {} has {sets} sets instead of {}",
                item.name, item.sets
            ));
            item.sets = *sets;
        }
    }
    if !changed.is_empty() {
        plan.reasons.push(Reason::new(
            rules::R_REST,
            format!(
                "Your clinician adjusted this plan: {}. Painful loads are reduced, helpful ones \
                 kept.",
                changed.join("; ")
            ),
        ));
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::condition::{Condition, Side};
    use crate::programme::{Position, Protocol, plan_for};

    fn week() -> WeekPlan {
        plan_for(
            Position::first(Protocol::HeavySlowResistance),
            Condition::AchillesMidportion,
            Side::Left,
            3,
            1,
        )
        .unwrap()
    }

    #[test]
    fn fewer_sets_and_an_omitted_exercise_apply_with_a_reason() {
        let plan = week();
        let first = plan.items[0].clone();
        let second = plan.items[1].clone();
        let adjustments = Adjustments {
            omit: vec![first.exercise.clone()],
            sets: BTreeMap::from([(second.exercise.clone(), 1)]),
            massage_gun: None,
        };
        assert_eq!(check_adjustments(&plan, &adjustments), Vec::new());
        let adjusted = adjust(plan, &adjustments);
        assert!(
            adjusted
                .items
                .iter()
                .all(|item| item.exercise != first.exercise)
        );
        let kept = adjusted
            .items
            .iter()
            .find(|item| item.exercise == second.exercise)
            .unwrap();
        assert_eq!(kept.sets, 1);
        assert!(
            adjusted
                .reasons
                .last()
                .unwrap()
                .message
                .contains("adjusted")
        );
    }

    #[test]
    fn a_plan_never_becomes_rest_or_grows() {
        let plan = week();
        let all = Adjustments {
            omit: plan
                .items
                .iter()
                .map(|item| item.exercise.clone())
                .collect(),
            ..Adjustments::default()
        };
        let refusals = check_adjustments(&plan, &all);
        assert!(refusals.iter().any(|reason| reason.rule == rules::R_REST));
        let adjusted = adjust(plan.clone(), &all);
        assert!(!adjusted.items.is_empty(), "never rest");
        let more = Adjustments {
            sets: BTreeMap::from([(plan.items[0].exercise.clone(), 99)]),
            ..Adjustments::default()
        };
        assert_eq!(check_adjustments(&plan, &more).len(), 1);
        let unknown = Adjustments {
            omit: vec!["cartwheel".into()],
            ..Adjustments::default()
        };
        assert_eq!(check_adjustments(&plan, &unknown).len(), 1);
    }
}
