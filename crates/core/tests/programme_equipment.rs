//! Fitting plans to the person's equipment (`P-EQUIP`): every exercise of every programme, for
//! every set of equipment, is either doable with what the person has or says what it needs; the
//! dose and the number of items never change; insertional plans stay at floor level (`P-INS`).

use tendo_core::condition::{Condition, Side};
use tendo_core::programme::{
    Equipment, EquipmentSet, ExerciseKind, PlanItem, PlanRequest, Position, Protocol, WeekPlan,
    fit_equipment, lacking, plan_for, plan_week,
};
use tendo_core::rules;

/// Every plan the engine can build: each condition, protocol, level, eased first level, during
/// and after the 12 weeks, on both sides.
fn every_plan() -> Vec<WeekPlan> {
    let mut plans = Vec::new();
    for condition in Condition::ALL {
        for protocol in Protocol::allowed_for(condition) {
            for level in 1..=protocol.level_count() {
                for eased in [false, true] {
                    if eased && level != 1 {
                        continue;
                    }
                    for (week, side) in [(1, Side::Left), (13, Side::Both)] {
                        let position = Position {
                            level,
                            eased,
                            ..Position::first(*protocol)
                        };
                        plans.push(
                            plan_for(position, condition, side, 3, week)
                                .expect("a valid position gives a plan"),
                        );
                    }
                }
            }
        }
    }
    plans
}

/// Every subset of the equipment list.
fn every_set() -> Vec<EquipmentSet> {
    let count = Equipment::ALL.len();
    (0..1_u32 << count)
        .map(|mask| {
            EquipmentSet::of(
                Equipment::ALL
                    .into_iter()
                    .enumerate()
                    .filter(|(index, _)| mask & (1 << index) != 0)
                    .map(|(_, item)| item),
            )
        })
        .collect()
}

fn same_dose(before: &PlanItem, after: &PlanItem) -> bool {
    before.kind == after.kind
        && before.sets == after.sets
        && before.reps == after.reps
        && before.hold_seconds == after.hold_seconds
        && before.load == after.load
        && before.tempo == after.tempo
        && before.rest_seconds == after.rest_seconds
        && before.rest_after_exercise_seconds == after.rest_after_exercise_seconds
        && before.times_per_day == after.times_per_day
        && before.days_per_week == after.days_per_week
        && before.progress_when == after.progress_when
        && before.compressive == after.compressive
}

#[test]
fn p_equip_every_exercise_of_every_programme_fits_every_equipment_subset() {
    let sets = every_set();
    assert_eq!(sets.len(), 256);
    for plan in every_plan() {
        for have in &sets {
            let fitted = fit_equipment(plan.clone(), Some(have));
            let at = format!(
                "{:?} level {} week {} with {}",
                plan.protocol,
                plan.position.level,
                plan.week,
                have.describe()
            );
            assert!(!fitted.items.is_empty(), "{at}");
            assert_eq!(fitted.items.len(), plan.items.len(), "{at}");
            for (before, after) in plan.items.iter().zip(&fitted.items) {
                assert!(same_dose(before, after), "{at}: {}", before.exercise);
                let still = lacking(after, have);
                if lacking(before, have).is_empty() {
                    assert_eq!(before, after, "{at}: a doable item is left alone");
                    continue;
                }
                let fit = after
                    .equipment_fit
                    .as_ref()
                    .unwrap_or_else(|| panic!("{at}: {} says nothing", after.exercise));
                assert_eq!(fit.lacking, still, "{at}: {}", after.exercise);
                assert_eq!(fit.rule, rules::P_EQUIP);
                assert!(after.rules.contains(&rules::P_EQUIP), "{at}");
                assert!(!fit.message.is_empty(), "{at}");
                for code in ["`", "P-", "R-", "RM"] {
                    assert!(!fit.message.contains(code), "{at}: {}", fit.message);
                }
                if after.exercise != before.exercise {
                    assert_eq!(fit.replaces.as_deref(), Some(before.exercise.as_str()));
                    assert_eq!(fit.replaces_name.as_deref(), Some(before.name.as_str()));
                } else {
                    assert!(fit.replaces.is_none(), "{at}");
                    assert!(!still.is_empty(), "{at}: kept without a need");
                }
                if !still.is_empty() {
                    assert!(fit.message.contains("This needs"), "{at}: {}", fit.message);
                }
            }
            if plan.condition.floor_level_only() {
                for item in fitted
                    .items
                    .iter()
                    .filter(|item| item.kind == ExerciseKind::HeelRaise)
                {
                    assert!(item.floor_level_only, "{at}: {}", item.exercise);
                    assert!(!item.exercise.ends_with("-step"), "{at}: {}", item.exercise);
                    assert!(!item.how.contains("edge of a step"), "{at}: {}", item.how);
                    assert!(!item.how.contains("below the step"), "{at}: {}", item.how);
                }
            }
            if plan.protocol == Protocol::GoomStaged && plan.position.level <= 2 {
                assert!(fitted.items.iter().all(|item| !item.compressive), "{at}");
            }
        }
    }
}

#[test]
fn p_equip_a_gym_or_an_unasked_intake_changes_nothing() {
    let gym = EquipmentSet::of([Equipment::Gym]);
    for plan in every_plan() {
        assert_eq!(fit_equipment(plan.clone(), None), plan);
        assert_eq!(fit_equipment(plan.clone(), Some(&gym)), plan);
    }
}

fn hsr_midportion() -> WeekPlan {
    let position = Position::first(Protocol::HeavySlowResistance);
    plan_for(position, Condition::AchillesMidportion, Side::Left, 3, 1).expect("plan")
}

fn item<'a>(plan: &'a WeekPlan, id: &str) -> &'a PlanItem {
    plan.items
        .iter()
        .find(|item| item.exercise == id)
        .unwrap_or_else(|| panic!("no {id} in {:?}", plan.items))
}

#[test]
fn p_equip_a_backpack_alone_carries_heavy_slow_resistance() {
    let have = EquipmentSet::of([Equipment::Weights]);
    let plan = fit_equipment(hsr_midportion(), Some(&have));
    let seated = item(&plan, "seated-calf-raise-weighted");
    let fit = seated.equipment_fit.as_ref().expect("fitted");
    assert_eq!(fit.replaces.as_deref(), Some("seated-calf-raise-bent-knee"));
    assert!(fit.message.starts_with("You have no calf-raise machine"));
    assert!(
        seated.how.contains("loaded backpack resting on your knees"),
        "{}",
        seated.how
    );
    let single = item(&plan, "single-leg-calf-raise-weighted-floor");
    let fit = single.equipment_fit.as_ref().expect("fitted");
    assert!(
        fit.message.starts_with("You have no leg press"),
        "{}",
        fit.message
    );
    assert!(
        fit.message.contains("same heavy, slow load"),
        "{}",
        fit.message
    );
    assert!(fit.message.contains("no step"), "{}", fit.message);
    assert!(fit.lacking.is_empty());
    item(&plan, "standing-calf-raise-weighted-floor");
    assert!(
        plan.reasons
            .iter()
            .any(|reason| reason.rule == rules::P_EQUIP
                && reason.message.contains("instead of leg-press calf raise"))
    );
}

#[test]
fn p_equip_nothing_extra_keeps_the_machines_and_says_what_they_need() {
    let plan = fit_equipment(hsr_midportion(), Some(&EquipmentSet::default()));
    let seated = item(&plan, "seated-calf-raise-bent-knee");
    let fit = seated.equipment_fit.as_ref().expect("noted");
    assert_eq!(fit.lacking, [Equipment::CalfRaiseMachine].to_vec());
    assert!(
        fit.message
            .starts_with("This needs a calf-raise machine, which you said you don't have"),
        "{}",
        fit.message
    );
    assert!(
        fit.message.contains("a backpack you can fill"),
        "{}",
        fit.message
    );
}

#[test]
fn p_equip_no_step_takes_alfredson_to_the_floor() {
    let position = Position::first(Protocol::Alfredson);
    let plan = plan_for(position, Condition::AchillesMidportion, Side::Right, 7, 1).expect("plan");
    let fitted = fit_equipment(plan, Some(&EquipmentSet::default()));
    let drop = item(&fitted, "eccentric-heel-drop-straight-knee-floor");
    assert!(drop.floor_level_only);
    assert!(drop.how.starts_with("Stand on flat floor."), "{}", drop.how);
    assert!(!drop.how.contains("step"), "{}", drop.how);
    let fit = drop.equipment_fit.as_ref().expect("fitted");
    assert!(
        fit.message.starts_with("You have no step"),
        "{}",
        fit.message
    );
}

#[test]
fn p_ins_insertional_plans_stay_at_floor_level_with_a_step() {
    let have = EquipmentSet::of([Equipment::Step, Equipment::Weights]);
    let position = Position::first(Protocol::HeavySlowResistance);
    let plan = plan_for(position, Condition::AchillesInsertional, Side::Left, 3, 1).expect("plan");
    let fitted = fit_equipment(plan, Some(&have));
    item(&fitted, "single-leg-calf-raise-weighted-floor");
    item(&fitted, "standing-calf-raise-weighted-floor");
    for heel in fitted
        .items
        .iter()
        .filter(|item| item.kind == ExerciseKind::HeelRaise)
    {
        assert!(heel.floor_level_only, "{}", heel.exercise);
        assert!(heel.how.contains("never below floor level"), "{}", heel.how);
    }
}

#[test]
fn p_equip_a_request_carries_the_equipment_and_refuses_unknown_things() {
    let json = r#"{"condition":"achilles-midportion","side":"left","weeks_since_start":0,
        "sessions_per_week":3,"equipment":["weights"]}"#;
    let request: PlanRequest = serde_json::from_str(json).expect("reads");
    let plan = plan_week(&request).expect("plan");
    item(&plan, "seated-calf-raise-weighted");
    let bad = r#"{"condition":"achilles-midportion","side":"left","weeks_since_start":0,
        "sessions_per_week":3,"equipment":["kettlebell"]}"#;
    let error = serde_json::from_str::<PlanRequest>(bad).expect_err("refused");
    let text = error.to_string();
    assert!(
        text.contains("kettlebell") && text.contains("leg-press"),
        "{text}"
    );
    let old = r#"{"condition":"achilles-midportion","side":"left","weeks_since_start":0,
        "sessions_per_week":3}"#;
    let unasked = plan_week(&serde_json::from_str(old).expect("reads")).expect("plan");
    item(&unasked, "seated-calf-raise-bent-knee");
    assert!(
        unasked
            .items
            .iter()
            .all(|item| item.equipment_fit.is_none())
    );
}
