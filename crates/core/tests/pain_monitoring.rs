//! The pain-monitoring model: one test per situation, named after the rule it exercises, and
//! property tests for the safety rules.

#[path = "pain_monitoring/enough_data.rs"]
mod enough_data;
#[path = "pain_monitoring/hamstring.rs"]
mod hamstring;
#[path = "pain_monitoring/input.rs"]
mod input;
#[path = "pain_monitoring/properties.rs"]
mod properties;
#[path = "pain_monitoring/reference.rs"]
mod reference;
#[path = "pain_monitoring/support.rs"]
mod support;
#[path = "pain_monitoring/weekly_trend.rs"]
mod weekly_trend;

use tendo_core::pain_monitoring::{LoadDecision, LoadHistory, decide};
use tendo_core::rules;

use support::{achilles, assert_reason, hamstring, messages, session, today, two_good_weeks};

#[test]
fn r_pm2_no_sessions_holds_at_the_current_level() {
    let verdict = achilles(2, vec![]);
    assert_eq!(verdict.decision, LoadDecision::Hold);
    assert_reason(&verdict, rules::R_PM2, &["start at your current level"]);
}

#[test]
fn r_pm1_everything_within_limits_progresses() {
    let verdict = achilles(1, two_good_weeks());
    assert_eq!(verdict.decision, LoadDecision::Progress, "{verdict:#?}");
    assert_reason(
        &verdict,
        rules::R_PM1,
        &["2024-05-12", "was 3/10, within the 5/10 limit"],
    );
    assert_reason(&verdict, rules::R_PM2, &["2/10, within the 5/10 limit"]);
    assert_reason(&verdict, rules::R_PM2, &["1/10", "settled"]);
    assert_reason(&verdict, rules::R_LT1, &["no rise"]);
    assert_reason(
        &verdict,
        rules::R_PM3,
        &["Not climbing", "next-morning pain 1.0/10 against 1.0/10"],
    );
    assert_reason(&verdict, rules::P_SIL_GATE, &["move up one level"]);
    assert!(messages(&verdict, rules::R_REST).is_empty());
}

#[test]
fn r_pm1_pain_during_above_5_once_holds() {
    let mut sessions = two_good_weeks();
    sessions.push(session(13, 6, 3, Some(1)));
    let verdict = achilles(1, sessions);
    assert_eq!(verdict.decision, LoadDecision::Hold, "{verdict:#?}");
    assert_reason(&verdict, rules::R_PM1, &["6/10, above the 5/10 limit"]);
    assert_reason(&verdict, rules::R_PM1, &["once"]);
}

#[test]
fn r_pm1_pain_during_above_5_twice_in_a_row_regresses() {
    let mut sessions = two_good_weeks();
    sessions.push(session(12, 6, 3, Some(1)));
    sessions.push(session(13, 7, 3, Some(1)));
    let verdict = achilles(1, sessions);
    assert_eq!(verdict.decision, LoadDecision::Regress, "{verdict:#?}");
    assert_reason(
        &verdict,
        rules::R_PM1,
        &["two sessions in a row", "during 6/10", "during 7/10"],
    );
    assert_reason(&verdict, rules::R_REST, &["don't stop", "isometric"]);
}

#[test]
fn r_pm2_pain_after_above_5_following_pain_during_above_5_regresses() {
    let mut sessions = two_good_weeks();
    sessions.push(session(12, 6, 4, Some(1)));
    sessions.push(session(13, 4, 6, Some(1)));
    let verdict = achilles(1, sessions);
    assert_eq!(verdict.decision, LoadDecision::Regress, "{verdict:#?}");
    assert_reason(&verdict, rules::R_PM2, &["two sessions in a row"]);
}

#[test]
fn r_pm1_a_breach_earlier_in_the_week_holds_progression() {
    let mut sessions = two_good_weeks();
    sessions.push(session(12, 6, 3, Some(1)));
    sessions.push(session(14, 3, 2, Some(1)));
    let verdict = achilles(1, sessions);
    assert_eq!(verdict.decision, LoadDecision::Hold, "{verdict:#?}");
    assert_reason(
        &verdict,
        rules::R_PM1,
        &["2024-05-13", "6/10", "last 7 days"],
    );
}

#[test]
fn r_pm2_next_morning_above_baseline_regresses() {
    let mut sessions = two_good_weeks();
    sessions.push(session(13, 3, 3, Some(2)));
    let verdict = achilles(1, sessions);
    assert_eq!(verdict.decision, LoadDecision::Regress, "{verdict:#?}");
    assert_reason(
        &verdict,
        rules::R_PM2,
        &["2/10", "usual morning level of 1/10", "not settled"],
    );
    assert_reason(&verdict, rules::R_LT1, &["1 point above", "within"]);
    assert_reason(&verdict, rules::R_REST, &["don't stop"]);
}

#[test]
fn r_lt1_next_morning_three_points_above_baseline_cuts_the_load() {
    let mut sessions = two_good_weeks();
    sessions.push(session(13, 4, 4, Some(4)));
    let verdict = achilles(1, sessions);
    assert_eq!(verdict.decision, LoadDecision::Regress, "{verdict:#?}");
    assert_reason(&verdict, rules::R_LT1, &["3 points above", "cut back"]);
    assert_reason(&verdict, rules::R_PM2, &["not settled"]);
}

#[test]
fn r_lt1_a_rise_of_exactly_2_is_not_the_cook_trigger() {
    let verdict = achilles(1, vec![session(0, 3, 3, Some(3))]);
    assert_eq!(verdict.decision, LoadDecision::Regress);
    assert_reason(&verdict, rules::R_LT1, &["2 points above", "within"]);
}

#[test]
fn r_pm2_missing_next_morning_holds_until_the_check_in() {
    let mut sessions = two_good_weeks();
    sessions.push(session(13, 3, 2, None));
    let verdict = achilles(1, sessions);
    assert_eq!(verdict.decision, LoadDecision::Hold, "{verdict:#?}");
    assert_reason(
        &verdict,
        rules::R_PM2,
        &["2024-05-14", "answer tomorrow's check-in"],
    );
    // The latest answered session is still checked.
    assert_reason(&verdict, rules::R_PM2, &["2024-05-12", "settled"]);
}

#[test]
fn r_pm2_an_unsettled_earlier_morning_still_regresses_while_the_latest_awaits_its_answer() {
    let sessions = vec![session(0, 3, 2, Some(3)), session(2, 3, 2, None)];
    let verdict = achilles(1, sessions);
    assert_eq!(verdict.decision, LoadDecision::Regress, "{verdict:#?}");
    assert_reason(&verdict, rules::R_PM2, &["2024-05-01", "not settled"]);
}

#[test]
fn r_pm3_weekly_rise_regresses_and_asks_for_review() {
    // Every morning stays at or below the baseline of 3/10, but the weekly mean climbs from 1.0
    // to 2.5 (the latest morning is also above the recent usual of 1/10, R-PM2).
    let sessions = vec![
        session(0, 3, 2, Some(1)),
        session(3, 3, 2, Some(1)),
        session(8, 3, 2, Some(2)),
        session(11, 3, 2, Some(3)),
    ];
    let verdict = achilles(3, sessions);
    assert_eq!(verdict.decision, LoadDecision::Regress, "{verdict:#?}");
    assert_reason(
        &verdict,
        rules::R_PM3,
        &["2.5/10", "1.0/10", "rise of 1.5", "clinician"],
    );
    assert_reason(&verdict, rules::R_REST, &["don't stop"]);
}

#[test]
fn r_lt2_hamstring_load_test_of_4_regresses() {
    let sessions = vec![session(0, 3, 3, Some(3)), session(2, 3, 3, Some(4))];
    let verdict = hamstring(4, sessions);
    assert_eq!(verdict.decision, LoadDecision::Regress, "{verdict:#?}");
    assert_reason(&verdict, rules::R_LT2, &["4/10", "did not tolerate"]);
    assert_reason(&verdict, rules::R_REST, &["isometric"]);
}

#[test]
fn r_lt2_hamstring_load_test_of_3_is_tolerated() {
    let sessions = [0, 2, 4, 7, 9, 11]
        .into_iter()
        .map(|offset| session(offset, 3, 3, Some(3)))
        .collect();
    let verdict = hamstring(3, sessions);
    assert_eq!(verdict.decision, LoadDecision::Progress, "{verdict:#?}");
    assert_reason(&verdict, rules::R_LT2, &["3/10", "tolerated"]);
    assert_reason(&verdict, rules::P_LEN, &["move up one level"]);
}

#[test]
fn r_pm1_contract_json_round_trip() {
    let input = r#"{
        "condition": "achilles-insertional",
        "baseline_morning_pain": 2,
        "sessions": [
            {"date": "2024-05-03", "pain_during": 7, "pain_after": 4, "pain_next_morning": 2},
            {"date": "2024-05-01", "pain_during": 6, "pain_after": 3, "pain_next_morning": 2}
        ]
    }"#;
    let history: LoadHistory = serde_json::from_str(input).unwrap();
    let output = serde_json::to_value(decide(&history, today()).unwrap()).unwrap();
    assert_eq!(output["decision"], "regress");
    let rules: Vec<&str> = output["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|reason| reason["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"R-PM1"), "{rules:?}");
    assert!(rules.contains(&"R-REST"), "{rules:?}");
}

#[test]
fn r_pm1_shuffled_session_order_gives_the_same_decision() {
    let mut sessions = two_good_weeks();
    sessions.push(session(12, 6, 3, Some(1)));
    sessions.push(session(13, 7, 3, Some(1)));
    let in_order = achilles(1, sessions.clone());
    sessions.reverse();
    sessions.swap(1, 4);
    let shuffled = achilles(1, sessions);
    assert_eq!(in_order.decision, LoadDecision::Regress);
    assert_eq!(in_order, shuffled);
}
