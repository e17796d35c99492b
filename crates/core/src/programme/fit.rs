//! Fitting a week's plan to what the person has to train with (`P-EQUIP`): an exercise they
//! cannot do is swapped for one with the same loading intent (same sets, repetitions, tempo,
//! rest and load), and when no honest swap exists the exercise stays and says what it needs.
//!
//! The safety rules hold whatever the equipment: an insertional Achilles plan stays at floor
//! level (`P-INS`), no item is dropped (`R-REST`), and the number of items never changes.

use serde::{Deserialize, Serialize};

use super::equipment::{Equipment, EquipmentSet, lacking};
use super::{ExerciseKind, PlanItem, WeekPlan};
use crate::condition::Side;
use crate::reason::Reason;
use crate::rules::{self, RuleId};

/// How one plan item was fitted to the person's equipment.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EquipmentFit {
    /// The exercise the protocol prescribes, by id, when it was swapped for this one.
    pub replaces: Option<String>,
    /// Its name for people, when swapped.
    pub replaces_name: Option<String>,
    /// What this exercise still needs that the person said they don't have; empty when it can
    /// be done with what they have.
    pub lacking: Vec<Equipment>,
    /// What changed or what is needed, in plain words.
    pub message: String,
    /// The rule behind it.
    pub rule: RuleId,
}

/// Fits a week's plan to the person's equipment.
///
/// `None` means the intake never asked (older intakes): the plan is returned unchanged. With an
/// answer, every item the person cannot do is swapped for an equivalent, or kept with a note of
/// what it needs; a reason for the whole plan is added when anything was fitted.
pub fn fit_equipment(mut plan: WeekPlan, equipment: Option<&EquipmentSet>) -> WeekPlan {
    let Some(have) = equipment else {
        return plan;
    };
    let floor_only = plan.condition.floor_level_only();
    let side = plan.side;
    let mut swapped = Vec::new();
    let mut missing = Vec::new();
    for item in &mut plan.items {
        if lacking(item, have).is_empty() {
            continue;
        }
        let fitted = fit_item(item, have, floor_only, side);
        if let Some(fit) = &fitted.equipment_fit {
            if let Some(name) = &fit.replaces_name {
                swapped.push(format!(
                    "{} instead of {}",
                    fitted.name.to_lowercase(),
                    name.to_lowercase()
                ));
            }
            if !fit.lacking.is_empty() {
                missing.push(fitted.name.to_lowercase());
            }
        }
        *item = fitted;
    }
    if !swapped.is_empty() {
        plan.reasons.push(Reason::new(
            rules::P_EQUIP,
            format!(
                "You train with {}, so some exercises are swapped for ones you can do with the \
                 same load on the tendon: {}.",
                have.describe(),
                swapped.join("; ")
            ),
        ));
    }
    if !missing.is_empty() {
        plan.reasons.push(Reason::new(
            rules::P_EQUIP,
            format!(
                "Some exercises have no fair swap with what you have, so they stay and say what \
                 they need: {}.",
                missing.join(", ")
            ),
        ));
    }
    plan
}

/// One item the person lacks something for: swapped where an equivalent exists, then noted with
/// whatever it still needs.
fn fit_item(item: &PlanItem, have: &EquipmentSet, floor_only: bool, side: Side) -> PlanItem {
    let original = item.clone();
    // A step edge only where the tendon may go below floor level and there is a step.
    let on_step = have.has(Equipment::Step) && !floor_only && !item.floor_level_only;
    let mut sentences: Vec<String> = Vec::new();
    // A midportion heel exercise without a step loses the range below floor level.
    let lose_range = item.kind == ExerciseKind::HeelRaise
        && !floor_only
        && !item.floor_level_only
        && !have.has(Equipment::Step);
    let mut fitted = match swap(item, have, on_step, side) {
        Some((swapped, why)) => {
            sentences.push(why);
            swapped
        }
        None => item.clone(),
    };
    if fitted.exercise.ends_with("-step") && lacking(&fitted, have).contains(&Equipment::Step) {
        fitted = to_floor(&fitted);
    }
    if lose_range && fitted.exercise != item.exercise {
        sentences.push(
            "You have no step, so this is done on flat floor: the same slow work, but the heel \
             stops at the floor, a shorter range. A stair at home gives the full range."
                .to_string(),
        );
    }
    let still = lacking(&fitted, have);
    if !still.is_empty() {
        sentences.push(needs_sentence(&still));
        let mut with_weights = have.clone();
        with_weights.add(Equipment::Weights);
        if !have.has(Equipment::Weights) && swap(item, &with_weights, on_step, side).is_some() {
            sentences.push(
                "With dumbbells or a backpack you can fill, Tendo swaps it for a version you \
                 can do with those: tick them in your answers if you have them."
                    .to_string(),
            );
        }
    }
    let replaced = fitted.exercise != original.exercise;
    if floor_only || original.floor_level_only {
        fitted.floor_level_only = true;
    }
    fitted.add_rule(rules::P_EQUIP);
    fitted.equipment_fit = Some(EquipmentFit {
        replaces: replaced.then(|| original.exercise.clone()),
        replaces_name: replaced.then(|| original.name.clone()),
        lacking: still,
        message: sentences.join(" "),
        rule: rules::P_EQUIP,
    });
    fitted
}

/// "This needs a leg press or dumbbells or a backpack to fill, which you said you don't have."
fn needs_sentence(still: &[Equipment]) -> String {
    let things: Vec<&str> = still.iter().map(|item| item.phrase()).collect();
    let backpack = if still.contains(&Equipment::Weights) {
        " A backpack with books or water bottles in it is enough for the weight."
    } else {
        ""
    };
    format!(
        "This needs {}, which you said you don't have: get one or ask your clinician for \
         another way.{backpack}",
        things.join(" or ")
    )
}

/// The swap for an item, with why in plain words; `None` when no honest swap exists.
fn swap(
    item: &PlanItem,
    have: &EquipmentSet,
    on_step: bool,
    side: Side,
) -> Option<(PlanItem, String)> {
    let weights = have.has(Equipment::Weights);
    let place = if on_step { "step" } else { "floor" };
    let (stand, lower) = if on_step {
        (
            "with the balls of your feet on the edge of a step",
            "until your heels are below the step: the full ankle range",
        )
    } else {
        (
            "on flat floor",
            "until your heels touch the floor, never below floor level",
        )
    };
    let id = item.exercise.as_str();
    let (exercise, name, how, why) = match id {
        "seated-calf-raise-bent-knee" if weights => (
            "seated-calf-raise-weighted".to_string(),
            "Seated calf raise with weight on your knees, knee bent",
            format!(
                "Sit on a chair with your feet {} and heavy dumbbells or a loaded backpack \
                 resting on your knees. Lower your heels for 3 seconds {lower}, then push up \
                 for 3 seconds as high as you can. Add weight until the repetitions set here \
                 are all you can do.",
                if on_step {
                    "on a step, heels over the edge"
                } else {
                    "flat on the floor"
                }
            ),
            "You have no calf-raise machine, so the seated calf raise is done with dumbbells \
             or a backpack on your knees: the same heavy, slow load on the deep calf muscle \
             with the knee bent.",
        ),
        "leg-press-calf-raise-straight-knee" if weights => (
            format!("single-leg-calf-raise-weighted-{place}"),
            "Single-leg calf raise with weight, knee straight",
            format!(
                "Holding a dumbbell, or wearing a loaded backpack, stand on one leg {stand}, \
                 knee straight, holding a rail for balance. Rise for 3 seconds and lower for 3 \
                 seconds {lower}. Do both legs: one leg at a time doubles the load, so the \
                 weight you have can match a leg press."
            ),
            "You have no leg press, so the straight-knee calf raise is done standing on one \
             leg with a loaded backpack or a dumbbell: the same heavy, slow load on the calf, \
             one leg at a time so that the weight is enough.",
        ),
        _ if id.starts_with("standing-calf-raise-barbell") && weights => (
            format!("standing-calf-raise-weighted-{place}"),
            "Standing calf raise with weight, knee straight",
            format!(
                "Holding dumbbells, or wearing a loaded backpack, stand {stand}, knees \
                 straight. Rise for 3 seconds and lower for 3 seconds {lower}. If two legs \
                 are too easy with the weight you have, do one leg at a time."
            ),
            "You have no barbell, so the standing calf raise is done holding dumbbells or \
             wearing a loaded backpack: the same heavy, slow load on the calf.",
        ),
        "step-up" => (
            "reverse-lunge".to_string(),
            "Reverse lunge",
            "Standing tall, step one foot back and lower the back knee towards the floor, \
             leaning your trunk slightly forward, then push up through the front heel to \
             stand. Start shallow and go deeper as the hip bend becomes comfortable. Do both \
             legs."
                .to_string(),
            "You have no step or box, so the step-up becomes a reverse lunge: the same \
             strength work for the back of the thigh and the buttock, with the hip bent.",
        ),
        "gym-ball-nordic" => (
            "nordic-lean-part-range".to_string(),
            "Nordic lean, part range",
            "Kneel on a cushion with your ankles held down, under a sofa or by a partner. \
             Keeping your body straight from knees to head, lean forward slowly only as far as \
             you can control, then put your hands down on a chair or the floor in front of you \
             and push back up."
                .to_string(),
            "You have no gym ball, so the gym-ball Nordic becomes a Nordic lean you stop with \
             your hands: the same slow lowering for the back of the thigh, in part of the \
             range.",
        ),
        "pallof-press" => (
            "bird-dog".to_string(),
            "Bird dog",
            "On hands and knees, reach one arm forward and the opposite leg back until both \
             are level with your trunk, and hold for a moment without letting your back twist \
             or sag. Do both sides."
                .to_string(),
            "You have no exercise band, so the standing anti-rotation press becomes a bird \
             dog: the same work for the trunk muscles that stop you twisting.",
        ),
        _ => return None,
    };
    let both = if side == Side::Both {
        " Do both legs the same."
    } else {
        ""
    };
    let mut swapped = item.clone();
    swapped.exercise = exercise;
    swapped.name = name.to_string();
    swapped.how = format!("{how}{}", if id.contains("calf") { both } else { "" });
    swapped.floor_level_only = item.floor_level_only || (!on_step && id.contains("calf"));
    Some((swapped, why.to_string()))
}

/// The flat-floor version of a step-edge heel exercise: same dose, heel stops at the floor.
fn to_floor(item: &PlanItem) -> PlanItem {
    let mut floor = item.clone();
    let base = item.exercise.trim_end_matches("-step");
    floor.exercise = format!("{base}-floor");
    floor.name = match item.name.strip_suffix(" on a step edge") {
        Some(name) => format!("{name} on the floor"),
        None => item.name.clone(),
    };
    let replacements = [
        (
            "Stand with the balls of both feet on the edge of a step.",
            "Stand on flat floor.",
        ),
        (
            "Stand with the balls of your feet on the edge of a step.",
            "Stand on flat floor.",
        ),
        (
            "below the level of the step.",
            "until it touches the floor: never below floor level.",
        ),
        (
            " Let the heel go below the step on the way down.",
            " The heel comes down to the floor and never below floor level.",
        ),
        (
            "with the balls of your feet on the edge of a step",
            "on flat floor",
        ),
        (
            "until your heels are below the step: the full ankle range",
            "until your heels touch the floor, never below floor level",
        ),
        ("on a step, heels over the edge", "flat on the floor"),
    ];
    for (from, to) in replacements {
        floor.how = floor.how.replace(from, to);
    }
    floor.floor_level_only = true;
    floor
}
