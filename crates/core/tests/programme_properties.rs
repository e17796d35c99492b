//! Safety properties of the loading programmes, for every valid request and every sequence of
//! weekly decisions: never empty, never rest, every item dosed and ruled, insertional heel work
//! never below floor level, hamstring stages 1–2 free of stretching and compression.

use proptest::prelude::*;
use tendo_core::condition::{Condition, Side};
use tendo_core::pain_monitoring::LoadDecision;
use tendo_core::programme::{
    ExerciseKind, PlanRequest, Position, Protocol, WeekPlan, apply, plan_for, plan_week,
};
use tendo_core::rules;

fn condition() -> impl Strategy<Value = Condition> {
    prop::sample::select(Condition::ALL.to_vec())
}

fn side() -> impl Strategy<Value = Side> {
    prop::sample::select(vec![Side::Left, Side::Right, Side::Both])
}

fn decision() -> impl Strategy<Value = LoadDecision> {
    prop::sample::select(vec![
        LoadDecision::Progress,
        LoadDecision::Hold,
        LoadDecision::Regress,
    ])
}

/// Any valid request: a protocol that suits the condition (or none) and a stage in its range.
fn valid_request() -> impl Strategy<Value = PlanRequest> {
    (
        condition(),
        side(),
        0_u16..=104,
        1_u8..=7,
        any::<bool>(),
        any::<u8>(),
        any::<u8>(),
    )
        .prop_map(|(condition, side, weeks, days, use_stage, pick, stage)| {
            let allowed = Protocol::allowed_for(condition);
            let preferred = usize::from(pick) % (allowed.len() + 1);
            let preferred_protocol = allowed.get(preferred).copied();
            let protocol = preferred_protocol.unwrap_or(if !condition.is_achilles() {
                Protocol::GoomStaged
            } else if days == 7 {
                Protocol::Alfredson
            } else {
                Protocol::HeavySlowResistance
            });
            PlanRequest {
                condition,
                side,
                weeks_since_start: weeks,
                preferred_protocol,
                sessions_per_week: days,
                // A recorded stage the fewest weeks on the stages before it allow.
                stage: use_stage.then_some(stage % protocol.highest_reachable_level(weeks + 1) + 1),
                equipment: None,
            }
        })
}

/// The properties every plan keeps.
fn check_plan(plan: &WeekPlan) -> Result<(), TestCaseError> {
    prop_assert!(!plan.items.is_empty(), "empty plan");
    let loading = plan.items.iter().any(|item| {
        matches!(
            item.kind,
            ExerciseKind::Isometric
                | ExerciseKind::HeelRaise
                | ExerciseKind::HamstringStrength
                | ExerciseKind::Plyometric
        )
    });
    prop_assert!(loading, "no loading exercise: {:?}", plan.level_label);
    for item in &plan.items {
        prop_assert!(!item.rules.is_empty(), "{} has no rule", item.exercise);
        prop_assert!(item.sets > 0, "{} has no sets", item.exercise);
        prop_assert!(item.days_per_week >= 1 && item.days_per_week <= 7);
        prop_assert!(item.times_per_day >= 1);
        prop_assert!(
            item.reps.is_some()
                || item.hold_seconds.is_some()
                || item.kind == ExerciseKind::Running,
            "{} has neither repetitions nor a hold",
            item.exercise
        );
        prop_assert!(!item.how.is_empty() && !item.progress_when.is_empty());
    }
    prop_assert!(
        plan.reasons
            .iter()
            .any(|reason| reason.rule == rules::R_REST)
    );
    prop_assert!(plan.reasons.iter().any(|reason| reason.rule == rules::A4));
    if plan.condition.floor_level_only() {
        for item in &plan.items {
            prop_assert!(item.floor_level_only, "{} leaves the floor", item.exercise);
            prop_assert!(item.rules.contains(&rules::P_INS), "{}", item.exercise);
            prop_assert!(!item.exercise.contains("step"), "{}", item.exercise);
            prop_assert!(!item.how.contains("edge of a step"), "{}", item.how);
            prop_assert!(!item.how.contains("below the step"), "{}", item.how);
            prop_assert!(!item.how.contains("below the disc"), "{}", item.how);
        }
    }
    if plan.protocol == Protocol::GoomStaged && plan.position.level <= 2 {
        for item in &plan.items {
            prop_assert!(!item.compressive, "{} compresses the tendon", item.exercise);
            prop_assert!(!item.exercise.contains("stretch"), "{}", item.exercise);
            prop_assert!(
                !item.name.to_lowercase().contains("stretch"),
                "{}",
                item.name
            );
            prop_assert!(!item.exercise.contains("lunge") && !item.exercise.contains("squat"));
        }
        let stretching_avoided = plan.avoid.iter().any(|caution| {
            caution.what.contains("Stretching") && caution.rules.contains(&rules::P_COMP)
        });
        prop_assert!(stretching_avoided, "stretching is not named as avoided");
    }
    if plan.protocol == Protocol::GoomStaged {
        prop_assert!(
            plan.items
                .iter()
                .any(|item| item.kind == ExerciseKind::Core)
        );
    }
    Ok(())
}

proptest! {
    #[test]
    fn every_valid_request_gives_a_safe_plan(request in valid_request()) {
        let plan = plan_week(&request).map_err(|error| TestCaseError::fail(error.to_string()))?;
        prop_assert_eq!(plan.week, request.weeks_since_start + 1);
        prop_assert!(plan.protocol.suits(request.condition));
        if let Some(stage) = request.stage {
            prop_assert_eq!(plan.position.level, stage);
        }
        check_plan(&plan)?;
    }

    #[test]
    fn p_ins_insertional_or_unknown_location_never_below_floor_level_in_any_protocol_or_week(
        condition in prop::sample::select(vec![
            Condition::AchillesInsertional,
            Condition::AchillesLocationUnknown,
        ]),
        weeks in 0_u16..=104,
        days in 1_u8..=7,
        pick in 0_usize..5,
        stage in prop::option::of(1_u8..=13),
        side in side(),
    ) {
        let preferred_protocol = [
            None,
            Some(Protocol::Isometric),
            Some(Protocol::Alfredson),
            Some(Protocol::HeavySlowResistance),
            Some(Protocol::Silbernagel),
        ][pick];
        let protocol = preferred_protocol.unwrap_or(if days == 7 {
            Protocol::Alfredson
        } else {
            Protocol::HeavySlowResistance
        });
        let reachable = protocol.highest_reachable_level(weeks + 1);
        let stage = stage.map(|stage| stage.min(reachable));
        let request = PlanRequest {
            condition,
            side,
            weeks_since_start: weeks,
            preferred_protocol,
            sessions_per_week: days,
            stage,
            equipment: None,
        };
        let plan = plan_week(&request).map_err(|error| TestCaseError::fail(error.to_string()))?;
        for item in &plan.items {
            prop_assert!(item.floor_level_only, "{}", item.exercise);
            if item.kind == ExerciseKind::HeelRaise {
                prop_assert!(item.how.contains("floor") || item.how.contains("feet are flat"),
                    "{}: {}", item.exercise, item.how);
            }
        }
        prop_assert!(plan.reasons.iter().any(|reason| reason.rule == rules::P_INS));
    }

    #[test]
    fn p_ins_unknown_location_is_floor_level_only_at_every_level_and_week(
        pick in 0_usize..4,
        level in 1_u8..=13,
        week in 1_u16..=105,
        days in 1_u8..=7,
        eased in any::<bool>(),
        side in side(),
    ) {
        let protocol = Protocol::allowed_for(Condition::AchillesLocationUnknown)[pick];
        let level = (level - 1) % protocol.level_count() + 1;
        let position = Position {
            level,
            eased: eased && level == 1,
            ..Position::first(protocol)
        };
        for condition in [Condition::AchillesLocationUnknown, Condition::AchillesInsertional] {
            let plan = plan_for(position, condition, side, days, week)
                .map_err(|error| TestCaseError::fail(error.to_string()))?;
            for item in &plan.items {
                prop_assert!(item.floor_level_only, "{}", item.exercise);
                prop_assert!(item.rules.contains(&rules::P_INS), "{}", item.exercise);
                prop_assert!(!item.how.contains("edge of a step"), "{}", item.how);
            }
        }
    }

    #[test]
    fn p_comp_no_stretching_or_compression_in_hamstring_stages_one_and_two(
        weeks in 0_u16..=104,
        days in 1_u8..=7,
        stage in prop::option::of(1_u8..=2),
        side in side(),
    ) {
        let request = PlanRequest {
            condition: Condition::ProximalHamstring,
            side,
            weeks_since_start: weeks,
            preferred_protocol: None,
            sessions_per_week: days,
            stage: stage.map(|stage| {
                stage.min(Protocol::GoomStaged.highest_reachable_level(weeks + 1))
            }),
            equipment: None,
        };
        let plan = plan_week(&request).map_err(|error| TestCaseError::fail(error.to_string()))?;
        if plan.position.level <= 2 {
            prop_assert!(plan.items.iter().all(|item| !item.compressive));
            prop_assert!(plan.reasons.iter().any(|reason| reason.rule == rules::P_COMP));
        }
        check_plan(&plan)?;
    }

    #[test]
    fn r_rest_decisions_never_drop_below_the_first_level_or_empty_the_plan(
        request in valid_request(),
        decisions in prop::collection::vec(decision(), 0..40),
    ) {
        let plan = plan_week(&request).map_err(|error| TestCaseError::fail(error.to_string()))?;
        let mut position = plan.position;
        let mut week = plan.week;
        for decision in decisions {
            let before = position;
            let (next, reasons) = apply(position, request.condition, decision)
                .map_err(|error| TestCaseError::fail(error.to_string()))?;
            prop_assert!(!reasons.is_empty());
            prop_assert!(next.level >= 1 && next.level <= next.protocol.level_count());
            if decision == LoadDecision::Regress {
                prop_assert!(next.level < before.level || next.eased || before.level == 1);
                prop_assert!(next.level + 1 >= before.level, "more than one level back");
            }
            if decision == LoadDecision::Hold {
                prop_assert_eq!((next.protocol, next.level, next.eased),
                    (before.protocol, before.level, before.eased));
            }
            week = (week + 1).min(105);
            let plan = plan_for(next, request.condition, request.side, request.sessions_per_week, week)
                .map_err(|error| TestCaseError::fail(error.to_string()))?;
            check_plan(&plan)?;
            position = next;
        }
    }

    #[test]
    fn out_of_range_numbers_name_their_field(
        condition in condition(),
        days in prop_oneof![Just(0_u8), 8_u8..=255],
        weeks in 105_u16..,
    ) {
        let base = PlanRequest {
            condition,
            side: Side::Left,
            weeks_since_start: 3,
            preferred_protocol: None,
            sessions_per_week: 3,
            stage: None,
            equipment: None,
        };
        let error = plan_week(&PlanRequest { sessions_per_week: days, ..base.clone() })
            .err().map(|error| error.field);
        prop_assert_eq!(error.as_deref(), Some("sessions_per_week"));
        let error = plan_week(&PlanRequest { weeks_since_start: weeks, ..base })
            .err().map(|error| error.field);
        prop_assert_eq!(error.as_deref(), Some("weeks_since_start"));
    }
}

#[test]
fn the_eased_first_level_keeps_loading_for_every_protocol() {
    for condition in Condition::ALL {
        for &protocol in Protocol::allowed_for(condition) {
            let eased = Position {
                eased: true,
                ..Position::first(protocol)
            };
            let plan = plan_for(eased, condition, Side::Both, 1, 1).expect("valid position");
            assert!(
                plan.items
                    .iter()
                    .any(|item| item.kind == ExerciseKind::Isometric),
                "{protocol:?} eased has isometric holds"
            );
            check_plan(&plan).expect("eased plan is safe");
        }
    }
}
