//! Reading a loading history: errors name the field and say what is allowed; sessions after
//! today are refused.

use jiff::ToSpan;
use tendo_core::condition::Condition;
use tendo_core::pain_monitoring::{LoadHistory, decide};

use super::support::{history, session, today, two_good_weeks};

#[test]
fn r_pm2_a_session_dated_after_today_is_refused_by_its_place() {
    let mut sessions = two_good_weeks();
    let mut tomorrow = session(0, 3, 2, None);
    tomorrow.date = today().saturating_add(1.day());
    sessions.insert(3, tomorrow);
    let error = decide(
        &history(Condition::AchillesMidportion, 1, sessions),
        today(),
    )
    .expect_err("a session after today is refused");
    assert_eq!(error.field, "sessions[3].date");
    assert!(error.problem.contains("after today"), "{}", error.problem);
    assert!(
        error.problem.contains(&today().to_string()),
        "{}",
        error.problem
    );
    assert!(error.problem.contains("YYYY-MM-DD"), "{}", error.problem);
}

#[test]
fn r_pm2_a_session_dated_today_is_accepted() {
    let mut sessions = two_good_weeks();
    let mut this_morning = session(0, 3, 2, None);
    this_morning.date = today();
    sessions.push(this_morning);
    assert!(
        decide(
            &history(Condition::AchillesMidportion, 1, sessions),
            today()
        )
        .is_ok()
    );
}

fn parse(json: &str) -> Result<LoadHistory, serde_json::Error> {
    serde_json::from_str(json)
}

#[test]
fn r_pm1_a_pain_score_written_as_2_point_0_is_2() {
    let history = parse(
        r#"{"condition":"achilles-midportion","baseline_morning_pain":2.0,
            "sessions":[{"date":"2024-05-01","pain_during":3.0,"pain_after":2,"pain_next_morning":1.0}]}"#,
    )
    .expect("whole numbers with a decimal point are accepted");
    assert_eq!(history.baseline_morning_pain.value(), 2);
    assert_eq!(history.sessions[0].pain_during.value(), 3);
}

#[test]
fn r_pm1_a_fractional_pain_score_is_refused_with_what_is_allowed() {
    let error = parse(
        r#"{"condition":"achilles-midportion","baseline_morning_pain":2,
            "sessions":[{"date":"2024-05-01","pain_during":2.5,"pain_after":2}]}"#,
    )
    .expect_err("2.5 is refused");
    assert!(
        error
            .to_string()
            .contains("a whole number from 0 to 10, got 2.5"),
        "{error}"
    );
}

#[test]
fn r_pm2_a_bad_date_says_the_format() {
    for date in [r#""2024-13-40""#, r#""1 May 2024""#, "20240501"] {
        let error = parse(&format!(
            r#"{{"condition":"achilles-midportion","baseline_morning_pain":2,
                "sessions":[{{"date":{date},"pain_during":2,"pain_after":2}}]}}"#
        ))
        .expect_err("not a date");
        assert!(error.to_string().contains("YYYY-MM-DD"), "{date}: {error}");
    }
}

#[test]
fn r_pm2_a_condition_that_is_not_text_lists_the_ids() {
    let error = parse(r#"{"condition":3,"baseline_morning_pain":2}"#).expect_err("not text");
    assert!(error.to_string().contains("proximal-hamstring"), "{error}");
}

#[test]
fn r_pm2_sessions_that_are_not_a_list_show_what_a_session_looks_like() {
    let error =
        parse(r#"{"condition":"achilles-midportion","baseline_morning_pain":2,"sessions":{}}"#)
            .expect_err("not a list");
    assert!(error.to_string().contains("a list of sessions"), "{error}");
    assert!(error.to_string().contains("pain_during"), "{error}");
}
