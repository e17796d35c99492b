//! The hamstring 24-hour load test: R-LT2 (0–3 tolerated) and R-LT1 (no rise of more than 2
//! over the recent scores), not the Achilles morning-pain comparison.

use tendo_core::pain_monitoring::LoadDecision;
use tendo_core::rules;

use super::support::{assert_reason, hamstring, messages, session};

/// Two weeks of sessions with the same load-test score.
fn two_weeks_scoring(score: u8) -> Vec<tendo_core::pain_monitoring::LoggedSession> {
    [0, 2, 4, 7, 9, 11]
        .into_iter()
        .map(|offset| session(offset, 3, 2, Some(score)))
        .collect()
}

#[test]
fn r_lt2_a_tolerated_load_test_is_not_held_to_the_morning_pain_baseline() {
    // No morning pain at all before the programme; the load test scores a tolerated 2/10.
    let verdict = hamstring(0, two_weeks_scoring(2));
    assert_eq!(verdict.decision, LoadDecision::Progress, "{verdict:#?}");
    assert_reason(&verdict, rules::R_LT2, &["2/10", "tolerated"]);
    assert!(
        messages(&verdict, rules::R_PM2)
            .iter()
            .all(|message| !message.contains("load test") && !message.contains("morning level")),
        "{verdict:#?}"
    );
}

#[test]
fn r_lt1_a_load_test_rising_more_than_2_over_recent_scores_cuts_the_load() {
    let mut sessions = two_weeks_scoring(0);
    sessions.push(session(13, 3, 2, Some(3)));
    let verdict = hamstring(3, sessions);
    assert_eq!(verdict.decision, LoadDecision::Regress, "{verdict:#?}");
    assert_reason(&verdict, rules::R_LT2, &["3/10", "tolerated"]);
    assert_reason(
        &verdict,
        rules::R_LT1,
        &[
            "3 points above your recent usual load-test score of 0/10",
            "cut back",
        ],
    );
}

#[test]
fn r_lt2_an_earlier_untolerated_load_test_this_week_holds() {
    let mut sessions = two_weeks_scoring(2);
    sessions.push(session(12, 3, 2, Some(4)));
    sessions.push(session(13, 3, 2, Some(2)));
    let verdict = hamstring(2, sessions);
    assert_ne!(verdict.decision, LoadDecision::Progress, "{verdict:#?}");
    assert_reason(
        &verdict,
        rules::R_LT2,
        &["2024-05-13", "4/10", "last 7 days"],
    );
}
