//! The running log: sudden jumps in distance or in hills and speed work (A2, P-RUN).

use jiff::ToSpan;
use jiff::civil::{Date, date};
use tendo_core::reason::Reason;
use tendo_core::rules::{self, RuleId};
use tendo_core::running::{RunningWeek, review_week, validate_log};

/// The Monday of week `index` (week 0 starts on 1 January 2024).
fn monday(index: i64) -> Date {
    date(2024, 1, 1).saturating_add((index * 7).days())
}

/// A log with one entry per week, starting at week 0: `(km, hard sessions)`.
fn log(weeks: &[(f64, u8)]) -> Vec<RunningWeek> {
    weeks
        .iter()
        .zip(0..)
        .map(|(&(distance_km, hard_sessions), index)| RunningWeek {
            week_start: monday(index),
            distance_km,
            hard_sessions,
        })
        .collect()
}

/// Reviews the last week of the log.
fn review_last(weeks: &[(f64, u8)]) -> Vec<Reason> {
    let history = log(weeks);
    let last = history
        .last()
        .map(|week| week.week_start)
        .unwrap_or(monday(0));
    match review_week(&history, last) {
        Ok(reasons) => reasons,
        Err(error) => panic!("valid test log refused: {error}"),
    }
}

fn has(reasons: &[Reason], rule: RuleId, parts: &[&str]) -> bool {
    reasons
        .iter()
        .any(|reason| reason.rule == rule && parts.iter().all(|part| reason.message.contains(part)))
}

#[test]
fn a2_distance_more_than_20_percent_above_the_recent_mean_is_noted() {
    let reasons = review_last(&[(20.0, 0), (20.0, 0), (20.0, 0), (20.0, 0), (25.0, 0)]);
    assert!(
        has(
            &reasons,
            rules::P_RUN,
            &["25.0 km", "25% more", "20.0 km", "previous 4 weeks"]
        ),
        "{reasons:#?}"
    );
    assert!(has(&reasons, rules::A2, &["sudden jump"]), "{reasons:#?}");
}

#[test]
fn a2_exactly_20_percent_is_within_the_limit() {
    let reasons = review_last(&[(20.0, 0), (20.0, 0), (24.0, 0)]);
    assert!(
        has(
            &reasons,
            rules::P_RUN,
            &["within 20%", "24.0 km", "20.0 km"]
        ),
        "{reasons:#?}"
    );
    assert!(
        !reasons.iter().any(|reason| reason.rule == rules::A2),
        "{reasons:#?}"
    );
}

#[test]
fn a2_only_the_previous_4_weeks_count() {
    // Weeks 0 and 1 (40 km) are more than 4 weeks back; the mean of weeks 2–5 is 20 km.
    let reasons = review_last(&[
        (40.0, 0),
        (40.0, 0),
        (20.0, 0),
        (20.0, 0),
        (20.0, 0),
        (20.0, 0),
        (30.0, 0),
    ]);
    assert!(
        has(&reasons, rules::P_RUN, &["50% more", "20.0 km"]),
        "{reasons:#?}"
    );
}

#[test]
fn a2_hard_sessions_rising_by_2_over_the_recent_most_are_noted() {
    let reasons = review_last(&[(20.0, 1), (20.0, 0), (20.0, 3)]);
    assert!(
        has(
            &reasons,
            rules::A2,
            &["3 hard sessions (hills or speed work)", "2 more", "(1)"]
        ),
        "{reasons:#?}"
    );
}

#[test]
fn a2_hard_sessions_rising_by_1_are_not_a_jump() {
    let reasons = review_last(&[(20.0, 1), (20.0, 1), (20.0, 2)]);
    assert!(
        !reasons.iter().any(|reason| reason.rule == rules::A2),
        "{reasons:#?}"
    );
}

#[test]
fn a2_a_first_hilly_run_after_weeks_of_flat_running_is_noted() {
    let reasons = review_last(&[(20.0, 0), (20.0, 0), (20.0, 0), (20.0, 1)]);
    assert!(
        has(
            &reasons,
            rules::A2,
            &[
                "1 hard session (hills or speed work) after none",
                "previous 3 weeks",
                "flat ground"
            ]
        ),
        "{reasons:#?}"
    );
}

#[test]
fn a2_one_earlier_week_without_hills_is_not_yet_a_run_of_none() {
    let reasons = review_last(&[(20.0, 0), (20.0, 1)]);
    assert!(
        !reasons.iter().any(|reason| reason.rule == rules::A2),
        "{reasons:#?}"
    );
}

#[test]
fn a2_a_first_week_has_nothing_to_compare_with_and_says_so() {
    let reasons = review_last(&[(30.0, 2)]);
    assert_eq!(reasons.len(), 1);
    assert!(has(
        &reasons,
        rules::A2,
        &["first in your log", "nothing to compare"]
    ));
}

#[test]
fn a2_after_a_gap_of_more_than_4_weeks_says_so() {
    let history = vec![
        RunningWeek {
            week_start: monday(0),
            distance_km: 30.0,
            hard_sessions: 0,
        },
        RunningWeek {
            week_start: monday(6),
            distance_km: 30.0,
            hard_sessions: 0,
        },
    ];
    let reasons = review_week(&history, monday(6)).unwrap();
    assert_eq!(reasons.len(), 1);
    assert!(has(
        &reasons,
        rules::A2,
        &["not logged any running in the 4 weeks", "build back up"]
    ));
}

#[test]
fn a2_running_again_after_weeks_of_zero_km_is_noted() {
    let reasons = review_last(&[(0.0, 0), (0.0, 0), (8.0, 0)]);
    assert!(
        has(
            &reasons,
            rules::P_RUN,
            &["8.0 km", "no running", "short, easy runs"]
        ),
        "{reasons:#?}"
    );
}

#[test]
fn a2_the_log_may_come_in_any_order() {
    let mut history = log(&[(20.0, 0), (20.0, 0), (20.0, 0), (30.0, 0)]);
    let in_order = review_week(&history, monday(3)).unwrap();
    history.reverse();
    assert_eq!(review_week(&history, monday(3)).unwrap(), in_order);
}

#[test]
fn a2_an_earlier_week_is_reviewed_against_its_own_past() {
    let history = log(&[(10.0, 0), (20.0, 0), (20.0, 0)]);
    let reasons = review_week(&history, monday(1)).unwrap();
    assert!(
        has(
            &reasons,
            rules::P_RUN,
            &["100% more", "10.0 km", "the previous week"]
        ),
        "{reasons:#?}"
    );
}

#[test]
fn a2_bad_distances_name_the_field() {
    for bad in [f64::NAN, f64::INFINITY, -1.0, 500.5] {
        let history = log(&[(20.0, 0), (bad, 0)]);
        let error = validate_log(&history).unwrap_err();
        assert_eq!(error.field, "history[1].distance_km");
        assert!(error.problem.contains("0 to 500"), "{error}");
        assert_eq!(
            review_week(&history, monday(0)).unwrap_err().field,
            "history[1].distance_km"
        );
    }
    assert!(validate_log(&log(&[(0.0, 0), (500.0, 0)])).is_ok());
}

#[test]
fn a2_a_week_logged_twice_or_missing_is_refused() {
    let mut history = log(&[(20.0, 0), (20.0, 0)]);
    history[1].week_start = monday(0);
    assert_eq!(
        validate_log(&history).unwrap_err().field,
        "history[1].week_start"
    );
    let error = review_week(&log(&[(20.0, 0)]), monday(3)).unwrap_err();
    assert_eq!(error.field, "week_start");
}

#[test]
fn a2_running_week_json() {
    let week: RunningWeek = serde_json::from_str(
        r#"{"week_start": "2024-01-08", "distance_km": 21.5, "hard_sessions": 1}"#,
    )
    .unwrap();
    assert_eq!(week.week_start, monday(1));
    assert_eq!(week.hard_sessions, 1);
    assert!(
        serde_json::from_str::<RunningWeek>(
            r#"{"week_start": "2024-01-08", "distance_km": 5, "hills": 1}"#
        )
        .is_err()
    );
}
