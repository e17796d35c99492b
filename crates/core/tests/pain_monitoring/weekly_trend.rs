//! R-PM3: pain during, after and the next morning must not increase from week to week.

use tendo_core::pain_monitoring::LoadDecision;
use tendo_core::rules;

use super::support::{achilles, assert_reason, messages, session};

/// Three sessions a week for four weeks; `during` and `after` give each week's values, oldest
/// week first; every morning is 1/10.
fn four_weeks(
    during: [[u8; 3]; 4],
    after: [[u8; 3]; 4],
) -> Vec<tendo_core::pain_monitoring::LoggedSession> {
    (0..4)
        .flat_map(|week| {
            (0..3).map(move |slot| {
                let offset = i64::try_from(week * 7 + slot * 2).unwrap_or(0);
                session(offset, during[week][slot], after[week][slot], Some(1))
            })
        })
        .collect()
}

#[test]
fn r_pm3_pain_during_and_after_creeping_up_steps_back_and_asks_for_review() {
    // All within 5/10, mornings flat at 1/10: during climbs 1 → 4, after 1 → 5.
    let sessions = four_weeks(
        [[1, 1, 1], [2, 2, 2], [3, 3, 3], [4, 4, 4]],
        [[1, 1, 1], [2, 3, 2], [4, 3, 4], [5, 5, 5]],
    );
    let verdict = achilles(2, sessions);
    assert_eq!(verdict.decision, LoadDecision::Regress, "{verdict:#?}");
    assert_reason(
        &verdict,
        rules::R_PM3,
        &["pain during sessions", "4.0/10", "3.0/10", "clinician"],
    );
    assert_reason(
        &verdict,
        rules::R_PM3,
        &["pain straight after sessions", "5.0/10", "clinician"],
    );
    assert_reason(&verdict, rules::R_REST, &["don't stop"]);
}

#[test]
fn r_pm3_small_weekly_rises_adding_up_to_a_point_step_back() {
    // Each week's mean pain during rises by a third of a point: 2.0, 2.3, 2.7, 3.0.
    let sessions = four_weeks(
        [[2, 2, 2], [2, 2, 3], [2, 3, 3], [3, 3, 3]],
        [[2, 2, 2], [2, 2, 2], [2, 2, 2], [2, 2, 2]],
    );
    let verdict = achilles(2, sessions);
    assert_eq!(verdict.decision, LoadDecision::Regress, "{verdict:#?}");
    assert_reason(
        &verdict,
        rules::R_PM3,
        &[
            "pain during sessions",
            "3 weeks in a row",
            "from 2.0/10",
            "1.0 points in all",
        ],
    );
}

#[test]
fn r_pm3_a_weekly_rise_of_half_a_point_holds() {
    let sessions = vec![
        session(0, 2, 2, Some(1)),
        session(3, 2, 2, Some(1)),
        session(7, 2, 2, Some(1)),
        session(10, 3, 2, Some(1)),
    ];
    let verdict = achilles(2, sessions);
    assert_eq!(verdict.decision, LoadDecision::Hold, "{verdict:#?}");
    assert_reason(
        &verdict,
        rules::R_PM3,
        &[
            "pain during sessions",
            "2.5/10",
            "2.0/10",
            "rise of 0.5",
            "increasing",
        ],
    );
}

#[test]
fn r_pm3_a_rise_below_half_a_point_is_within_what_whole_point_scores_wobble_by() {
    let sessions = vec![
        session(0, 2, 2, Some(1)),
        session(2, 2, 2, Some(1)),
        session(4, 2, 2, Some(1)),
        session(7, 2, 2, Some(1)),
        session(9, 2, 2, Some(1)),
        session(11, 3, 2, Some(1)),
    ];
    let verdict = achilles(2, sessions);
    assert_eq!(verdict.decision, LoadDecision::Progress, "{verdict:#?}");
    assert_reason(
        &verdict,
        rules::R_PM3,
        &["Not climbing", "pain during sessions 2.3/10 against 2.0/10"],
    );
}

#[test]
fn r_pm3_pain_falling_week_on_week_is_not_a_rise() {
    let sessions = four_weeks(
        [[4, 4, 4], [3, 3, 3], [3, 2, 3], [2, 2, 2]],
        [[4, 4, 4], [3, 3, 3], [3, 3, 3], [2, 2, 2]],
    );
    let verdict = achilles(2, sessions);
    assert_eq!(verdict.decision, LoadDecision::Progress, "{verdict:#?}");
    assert!(
        messages(&verdict, rules::R_PM3)
            .iter()
            .all(|message| !message.contains("rise")),
        "{verdict:#?}"
    );
}
