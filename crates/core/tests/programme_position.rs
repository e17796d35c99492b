//! Positions and their checks: field errors for out-of-range requests, the weekly decisions
//! and the JSON shape of requests and positions.

#[expect(dead_code, reason = "these tests use only some of the shared helpers")]
mod programme_support;

use programme_support::{of_kind, plan, request};
use tendo_core::condition::{Condition, Side};
use tendo_core::pain_monitoring::LoadDecision;
use tendo_core::programme::{
    ExerciseKind, PlanRequest, Position, Protocol, WeekPlan, apply, plan_for, plan_week,
};
use tendo_core::rules;

fn field_of_error(request: &PlanRequest) -> String {
    plan_week(request).expect_err("out of range").field
}

#[test]
fn out_of_range_requests_name_the_field_and_the_allowed_range() {
    let base = request(Condition::AchillesMidportion, 2, None, 3);
    for days in [0, 8, 255] {
        let request = PlanRequest {
            sessions_per_week: days,
            ..base.clone()
        };
        assert_eq!(field_of_error(&request), "sessions_per_week");
    }
    let late = PlanRequest {
        weeks_since_start: 105,
        ..base.clone()
    };
    let error = plan_week(&late).expect_err("too late");
    assert_eq!(error.field, "weeks_since_start");
    assert!(error.problem.contains("0 to 104"), "{}", error.problem);

    for (protocol, stage, allowed) in [
        (Protocol::Silbernagel, 0, "1 to 4"),
        (Protocol::Silbernagel, 5, "1 to 4"),
        (Protocol::HeavySlowResistance, 6, "1 to 5"),
        (Protocol::Alfredson, 14, "1 to 13"),
        (Protocol::Isometric, 2, "1 to 1"),
    ] {
        let request = PlanRequest {
            preferred_protocol: Some(protocol),
            stage: Some(stage),
            ..base.clone()
        };
        let error = plan_week(&request).expect_err("stage out of range");
        assert_eq!(error.field, "stage");
        assert!(error.problem.contains(allowed), "{}", error.problem);
    }
}

#[test]
fn a_protocol_for_the_other_tendon_is_refused_naming_the_allowed_ones() {
    let goom_for_achilles = PlanRequest {
        preferred_protocol: Some(Protocol::GoomStaged),
        ..request(Condition::AchillesInsertional, 0, None, 3)
    };
    let error = plan_week(&goom_for_achilles).expect_err("hamstring programme");
    assert_eq!(error.field, "preferred_protocol");
    for allowed in [
        "isometric",
        "alfredson",
        "heavy-slow-resistance",
        "silbernagel",
    ] {
        assert!(error.problem.contains(allowed), "{}", error.problem);
    }
    for protocol in [
        Protocol::Alfredson,
        Protocol::Isometric,
        Protocol::Silbernagel,
    ] {
        let achilles_for_hamstring = request(Condition::ProximalHamstring, 0, Some(protocol), 3);
        let error = plan_week(&achilles_for_hamstring).expect_err("Achilles programme");
        assert_eq!(error.field, "preferred_protocol");
        assert!(error.problem.contains("goom-staged"), "{}", error.problem);
    }
}

#[test]
fn plan_for_names_the_position_field_at_fault() {
    let achilles = Condition::AchillesMidportion;
    let cases = [
        (
            Position {
                level: 0,
                ..Position::first(Protocol::Silbernagel)
            },
            3,
            "position.level",
        ),
        (
            Position {
                level: 6,
                ..Position::first(Protocol::HeavySlowResistance)
            },
            3,
            "position.level",
        ),
        (
            Position::first(Protocol::GoomStaged),
            3,
            "position.protocol",
        ),
        (
            Position {
                level: 2,
                eased: true,
                ..Position::first(Protocol::Alfredson)
            },
            3,
            "position.eased",
        ),
        (Position::first(Protocol::Alfredson), 0, "week"),
        (Position::first(Protocol::Alfredson), 106, "week"),
    ];
    for (position, week, field) in cases {
        let error = plan_for(position, achilles, Side::Left, 3, week).expect_err(field);
        assert_eq!(error.field, field);
    }
    let error = plan_for(
        Position::first(Protocol::Alfredson),
        achilles,
        Side::Left,
        9,
        1,
    )
    .expect_err("nine days");
    assert_eq!(error.field, "sessions_per_week");
    assert!(
        apply(
            Position::first(Protocol::GoomStaged),
            achilles,
            LoadDecision::Hold
        )
        .is_err()
    );
}

#[test]
fn r_rest_a_step_back_from_the_first_level_eases_it_with_isometrics() {
    for protocol in [
        Protocol::HeavySlowResistance,
        Protocol::Alfredson,
        Protocol::Silbernagel,
    ] {
        let (eased, reasons) = apply(
            Position::first(protocol),
            Condition::AchillesMidportion,
            LoadDecision::Regress,
        )
        .expect("valid position");
        assert_eq!((eased.level, eased.eased), (1, true), "{protocol:?}");
        assert_eq!(reasons[0].rule, rules::R_REST);
        let week = plan_for(eased, Condition::AchillesMidportion, Side::Left, 3, 2)
            .expect("valid position");
        assert_eq!(
            of_kind(&week, ExerciseKind::Isometric).len(),
            1,
            "{protocol:?}"
        );
        let full = plan_for(
            Position::first(protocol),
            Condition::AchillesMidportion,
            Side::Left,
            3,
            2,
        )
        .expect("valid position");
        let sets = |plan: &WeekPlan| -> u32 {
            of_kind(plan, ExerciseKind::HeelRaise)
                .iter()
                .map(|item| u32::from(item.sets))
                .sum()
        };
        assert!(
            sets(&week) < sets(&full),
            "{protocol:?}: fewer sets when eased"
        );
        let (back, _) = apply(eased, Condition::AchillesMidportion, LoadDecision::Progress)
            .expect("valid position");
        assert_eq!(back, Position::first(protocol));
    }
}

#[test]
fn a_step_back_then_one_good_week_returns_to_the_level_left() {
    let phase_three = Position {
        level: 3,
        ..Position::first(Protocol::Silbernagel)
    };
    let condition = Condition::AchillesMidportion;
    let (back, _) = apply(phase_three, condition, LoadDecision::Regress).expect("valid");
    assert_eq!(back.level, 2);
    let (again, _) = apply(back, condition, LoadDecision::Progress).expect("valid");
    assert_eq!(again.level, 3);
    assert_eq!(again.weeks_at_level, 0);
}

#[test]
fn weekly_progress_from_the_start_follows_the_typical_timeline() {
    for (protocol, condition) in [
        (Protocol::HeavySlowResistance, Condition::AchillesMidportion),
        (Protocol::Silbernagel, Condition::AchillesInsertional),
        (Protocol::GoomStaged, Condition::ProximalHamstring),
    ] {
        let mut position = Position::first(protocol);
        for week in 1..=30_u16 {
            let (level, weeks_at_level) = protocol.typical_level(week);
            assert_eq!(
                (position.level, position.weeks_at_level),
                (level, weeks_at_level),
                "{protocol:?} week {week}"
            );
            (position, _) = apply(position, condition, LoadDecision::Progress).expect("valid");
        }
    }
}

#[test]
fn the_plan_request_and_position_keep_their_json_shape() {
    let json = r#"{"condition":"achilles-insertional","side":"left","weeks_since_start":4,
        "preferred_protocol":"heavy-slow-resistance","sessions_per_week":3}"#;
    let request: PlanRequest = serde_json::from_str(json).expect("valid request");
    let week = plan(&request);
    let value = serde_json::to_value(&week).expect("serialisable");
    assert_eq!(value["protocol"], "heavy-slow-resistance");
    assert_eq!(value["week"], 5);
    assert_eq!(value["position"]["level"], 3);
    assert_eq!(value["items"][0]["floor_level_only"], true);
    let position: Position =
        serde_json::from_str(r#"{"protocol":"silbernagel","level":2}"#).expect("defaults");
    assert_eq!(
        position,
        Position {
            level: 2,
            ..Position::first(Protocol::Silbernagel)
        }
    );
    assert!(
        serde_json::from_str::<PlanRequest>(
            r#"{"condition":"pht","side":"left",
        "weeks_since_start":0,"sessions_per_week":3,"load":1}"#
        )
        .is_err()
    );
}
