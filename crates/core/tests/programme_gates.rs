//! Symptom-gated programmes (`P-SIL-GATE`): without symptom data a plan starts at the entry
//! level, a recorded stage must be reachable, and each plan says what the next level needs.
//! An Achilles location that is not known keeps every plan at floor level (`P-INS`).

mod programme_support;

use programme_support::{of_kind, plan, reason_text, request, staged};
use tendo_core::condition::Condition;
use tendo_core::programme::{ExerciseKind, PlanRequest, Protocol, plan_week};
use tendo_core::rules;

#[test]
fn p_sil_gate_no_symptom_data_starts_at_phase_one() {
    for weeks in [0, 5, 12, 40] {
        let week = plan(&request(
            Condition::AchillesMidportion,
            weeks,
            Some(Protocol::Silbernagel),
            5,
        ));
        assert_eq!(week.stage, Some(1), "week {}", week.week);
        assert!(of_kind(&week, ExerciseKind::Plyometric).is_empty());
        assert!(of_kind(&week, ExerciseKind::Running).is_empty());
        let said = reason_text(&week, rules::P_SIL_GATE);
        assert!(said.contains("No phase was recorded"), "{said}");
        assert!(said.contains("not by the calendar"), "{said}");
    }
}

#[test]
fn p_sil_gate_goom_without_symptom_data_starts_at_stage_one() {
    for weeks in [6, 12, 30] {
        let week = plan(&request(Condition::ProximalHamstring, weeks, None, 3));
        assert_eq!(week.stage, Some(1), "week {}", week.week);
        assert!(week.items.iter().all(|item| !item.compressive));
        assert!(of_kind(&week, ExerciseKind::Running).is_empty());
        assert!(
            !week
                .items
                .iter()
                .any(|item| item.exercise.contains("deadlift")),
            "week {}",
            week.week
        );
    }
}

#[test]
fn p_sil_gate_an_unreachable_stage_is_refused_naming_the_reachable_one() {
    let error = plan_week(&PlanRequest {
        stage: Some(4),
        ..request(Condition::ProximalHamstring, 0, None, 3)
    })
    .expect_err("stage 4 in week 1 cannot be reached");
    assert_eq!(error.field, "stage");
    assert!(error.problem.contains("12 weeks"), "{}", error.problem);
    assert!(
        error
            .problem
            .contains("highest stage reachable now is stage 1"),
        "{}",
        error.problem
    );

    let error = plan_week(&PlanRequest {
        stage: Some(3),
        ..request(
            Condition::AchillesMidportion,
            4,
            Some(Protocol::Silbernagel),
            5,
        )
    })
    .expect_err("phase 3 needs 5 weeks on phases 1–2");
    assert_eq!(error.field, "stage");
    assert!(error.problem.contains("phase 2"), "{}", error.problem);

    // The earliest week the gates allow is accepted.
    let phase_3 = staged(Condition::AchillesMidportion, Protocol::Silbernagel, 3);
    assert_eq!((phase_3.week, phase_3.stage), (6, Some(3)));
    let reachable = plan(&PlanRequest {
        stage: Some(4),
        ..request(Condition::ProximalHamstring, 12, None, 3)
    });
    assert_eq!(reachable.stage, Some(4));
}

#[test]
fn p_sil_gate_each_plan_names_the_gate_of_the_next_level() {
    let goom = plan(&request(Condition::ProximalHamstring, 0, None, 3));
    assert_eq!(goom.gates.len(), 3);
    let next = &goom.gates[0];
    assert_eq!((next.level, next.min_weeks_on_previous), (2, 2));
    assert!(next.needs.contains("3/10"), "{}", next.needs);
    assert!(next.needs.contains("24 hours"), "{}", next.needs);
    assert!(next.needs.contains("stable or improving"), "{}", next.needs);
    let said = reason_text(&goom, rules::P_SIL_GATE);
    assert!(said.contains("Next: stage 2"), "{said}");
    assert!(said.contains("at least 2 weeks on stage 1"), "{said}");

    let silbernagel = plan(&request(
        Condition::AchillesMidportion,
        0,
        Some(Protocol::Silbernagel),
        5,
    ));
    let said = reason_text(&silbernagel, rules::P_SIL_GATE);
    assert!(said.contains("single-leg heel raises"), "{said}");
    assert!(said.contains("5/10"), "{said}");

    // Calendar-driven protocols keep Beyer's table by the weeks and carry no gates.
    let hsr = plan(&request(
        Condition::AchillesMidportion,
        5,
        Some(Protocol::HeavySlowResistance),
        3,
    ));
    assert_eq!(hsr.position.level, 4);
    assert!(hsr.gates.is_empty());
    let json = serde_json::to_value(&hsr).expect("a plan serialises");
    assert!(json.get("gates").is_none());
}

#[test]
fn p_ins_unknown_location_is_floor_level_only() {
    for protocol in Protocol::allowed_for(Condition::AchillesLocationUnknown) {
        let week = plan(&request(
            Condition::AchillesLocationUnknown,
            3,
            Some(*protocol),
            5,
        ));
        assert!(
            week.items.iter().all(|item| item.floor_level_only),
            "{protocol:?}"
        );
        let said = reason_text(&week, rules::P_INS);
        assert!(said.contains("not sure yet where"), "{said}");
        assert!(
            !said.contains("Your pain is where the tendon joins"),
            "{said}"
        );
    }
}

#[test]
fn p_ins_a_request_without_the_achilles_location_is_refused() {
    for condition in ["Achilles tendinitis", "achilles-location-unknown"] {
        let json = serde_json::json!({
            "condition": condition,
            "side": "left",
            "weeks_since_start": 2,
            "sessions_per_week": 3,
        });
        let error = serde_json::from_value::<PlanRequest>(json).expect_err(condition);
        let message = error.to_string();
        assert!(message.contains("achilles-midportion"), "{message}");
        assert!(message.contains("achilles-insertional"), "{message}");
    }
}
