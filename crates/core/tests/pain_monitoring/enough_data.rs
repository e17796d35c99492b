//! R-PM3: no step up without enough data to check every rule it cites.

use tendo_core::pain_monitoring::LoadDecision;
use tendo_core::rules;

use super::support::{achilles, assert_reason, hamstring, session};

#[test]
fn r_pm3_a_single_logged_session_does_not_progress() {
    let verdict = achilles(2, vec![session(0, 2, 1, Some(1))]);
    assert_eq!(verdict.decision, LoadDecision::Hold, "{verdict:#?}");
    assert_reason(
        &verdict,
        rules::R_PM3,
        &[
            "next-morning answers after sessions on at least 2 different days in each of the last \
             two weeks",
            "you have 1 in the last 7 days (2024-04-25 to 2024-05-01)",
            "none in the 7 days before (2024-04-18 to 2024-04-24)",
        ],
    );
}

#[test]
fn r_pm3_one_good_week_is_not_enough() {
    let sessions = vec![
        session(7, 2, 1, Some(1)),
        session(9, 2, 1, Some(1)),
        session(11, 2, 1, Some(1)),
    ];
    let verdict = achilles(2, sessions);
    assert_eq!(verdict.decision, LoadDecision::Hold, "{verdict:#?}");
    assert_reason(
        &verdict,
        rules::R_PM3,
        &["you have 3", "none in the 7 days before"],
    );
}

#[test]
fn r_pm3_two_sessions_on_one_day_are_one_morning_for_the_data_check() {
    let sessions = vec![
        session(0, 2, 1, Some(1)),
        session(2, 2, 1, Some(1)),
        session(9, 2, 1, Some(1)),
        session(9, 3, 1, Some(1)),
    ];
    let verdict = achilles(2, sessions);
    assert_eq!(verdict.decision, LoadDecision::Hold, "{verdict:#?}");
    assert_reason(
        &verdict,
        rules::R_PM3,
        &["you have 1 in the last 7 days", "and 2 in"],
    );
}

#[test]
fn r_pm3_hamstring_data_check_asks_for_load_test_scores() {
    let verdict = hamstring(2, vec![session(0, 2, 1, Some(1))]);
    assert_eq!(verdict.decision, LoadDecision::Hold, "{verdict:#?}");
    assert_reason(
        &verdict,
        rules::R_PM3,
        &["24-hour load-test scores", "you have 1"],
    );
}
