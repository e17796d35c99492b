//! R-PM2 and R-LT1 against the stricter reference: the lower of the baseline and the person's
//! recent usual morning.

use tendo_core::pain_monitoring::LoadDecision;
use tendo_core::rules;

use super::support::{achilles, assert_reason, session, two_good_weeks};

#[test]
fn r_lt1_a_flare_after_quiet_mornings_steps_back() {
    // Two weeks of mornings at 1/10, then 6/10 after a session; the baseline was 6/10.
    let mut sessions = two_good_weeks();
    sessions.push(session(13, 3, 2, Some(6)));
    let verdict = achilles(6, sessions);
    assert_eq!(verdict.decision, LoadDecision::Regress, "{verdict:#?}");
    assert_reason(
        &verdict,
        rules::R_PM2,
        &[
            "6/10",
            "recent usual morning of 1/10",
            "6/10 you had before the programme",
            "not settled",
        ],
    );
    assert_reason(
        &verdict,
        rules::R_LT1,
        &[
            "5 points above your recent usual morning of 1/10",
            "cut back",
        ],
    );
    assert_reason(&verdict, rules::R_REST, &["don't stop"]);
}

#[test]
fn r_pm2_a_morning_above_the_recent_usual_has_not_settled() {
    // 2/10 is well under the starting 5/10, but a point above every recent morning.
    let mut sessions = two_good_weeks();
    sessions.push(session(13, 3, 2, Some(2)));
    let verdict = achilles(5, sessions);
    assert_eq!(verdict.decision, LoadDecision::Regress, "{verdict:#?}");
    assert_reason(
        &verdict,
        rules::R_PM2,
        &["2/10", "recent usual morning of 1/10", "not settled"],
    );
    assert_reason(&verdict, rules::R_LT1, &["1 point above", "within"]);
}

#[test]
fn r_pm2_a_recent_usual_above_the_baseline_leaves_the_baseline_as_reference() {
    let sessions = [0, 2, 4, 7, 9, 11, 13]
        .into_iter()
        .map(|offset| session(offset, 3, 2, Some(3)))
        .collect();
    let verdict = achilles(2, sessions);
    assert_eq!(verdict.decision, LoadDecision::Regress, "{verdict:#?}");
    assert_reason(
        &verdict,
        rules::R_PM2,
        &[
            "3/10",
            "usual morning level of 2/10 from before the programme",
            "recent usual morning of 3/10",
            "not settled",
        ],
    );
}

#[test]
fn r_pm2_the_recent_usual_needs_two_earlier_mornings() {
    let sessions = vec![session(0, 3, 2, Some(1)), session(2, 3, 2, Some(4))];
    let verdict = achilles(6, sessions);
    assert_reason(
        &verdict,
        rules::R_PM2,
        &[
            "4/10",
            "usual morning level of 6/10",
            "at least 2",
            "settled",
        ],
    );
}

#[test]
fn r_pm2_the_flare_does_not_raise_its_own_reference() {
    // Mornings 1, 1, then two flares at 5: the second is judged against 1/10 (the middle of
    // 1, 1, 5), not against a usual level it raised itself.
    let sessions = vec![
        session(0, 3, 2, Some(1)),
        session(2, 3, 2, Some(1)),
        session(4, 3, 2, Some(5)),
        session(6, 3, 2, Some(5)),
    ];
    let verdict = achilles(6, sessions);
    assert_eq!(verdict.decision, LoadDecision::Regress, "{verdict:#?}");
    assert_reason(
        &verdict,
        rules::R_LT1,
        &["4 points above your recent usual morning of 1/10"],
    );
}

#[test]
fn r_pm2_two_sessions_on_one_day_share_one_morning_and_the_sorer_answer_counts() {
    let mut sessions = two_good_weeks();
    sessions.push(session(13, 3, 2, Some(1)));
    sessions.push(session(13, 2, 2, Some(4)));
    let verdict = achilles(5, sessions);
    assert_eq!(verdict.decision, LoadDecision::Regress, "{verdict:#?}");
    assert_reason(
        &verdict,
        rules::R_PM2,
        &["2024-05-14", "4/10", "not settled"],
    );
    assert_reason(&verdict, rules::R_LT1, &["3 points above"]);
}
