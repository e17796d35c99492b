//! `tendo load decide` on bad input: every error names the field and says what is allowed;
//! sessions dated after today are refused.

use jiff::ToSpan;
use jiff::Zoned;

use super::{json_of, stderr_of_failure, tendo};

/// A history with `sessions` (JSON objects) for a midportion Achilles.
fn document(sessions: &[String]) -> String {
    format!(
        r#"{{"condition":"achilles-midportion","baseline_morning_pain":2,"sessions":[{}]}}"#,
        sessions.join(",")
    )
}

fn session(date: &str, during: &str) -> String {
    format!(r#"{{"date":"{date}","pain_during":{during},"pain_after":2,"pain_next_morning":1}}"#)
}

#[test]
fn r_pm2_a_session_dated_after_today_is_refused_naming_its_field() {
    // Two days ahead, so that the test cannot straddle midnight (the binary runs in UTC).
    let ahead = Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::UTC)
        .date()
        .saturating_add(2.days())
        .to_string();
    let sessions = [
        session("2026-11-10", "2"),
        session("2026-11-12", "2"),
        session("2026-11-14", "2"),
        session(&ahead, "2"),
    ];
    let stderr = stderr_of_failure(&tendo(&["load", "decide", "-"], Some(&document(&sessions))));
    assert!(stderr.contains("sessions[3].date"), "{stderr}");
    assert!(stderr.contains("after today"), "{stderr}");
    assert!(stderr.contains("YYYY-MM-DD"), "{stderr}");
}

#[test]
fn r_pm1_a_pain_score_of_2_point_0_is_2_and_2_point_5_is_refused() {
    let accepted = document(&[session("2026-11-10", "2.0")]);
    let verdict = json_of(&tendo(
        &["load", "decide", "-", "--format", "json"],
        Some(&accepted),
    ));
    assert!(verdict["decision"].is_string(), "{verdict}");

    let refused = document(&[session("2026-11-10", "2"), session("2026-11-12", "2.5")]);
    let stderr = stderr_of_failure(&tendo(&["load", "decide", "-"], Some(&refused)));
    assert!(stderr.contains("sessions[1].pain_during"), "{stderr}");
    assert!(
        stderr.contains("a whole number from 0 to 10, got 2.5"),
        "{stderr}"
    );
}

#[test]
fn r_pm2_every_field_error_says_what_is_allowed() {
    let cases = [
        (
            r#"{"condition":"tennis-elbow","baseline_morning_pain":2}"#.to_owned(),
            "`condition`",
            "proximal-hamstring",
        ),
        (
            r#"{"condition":7,"baseline_morning_pain":2}"#.to_owned(),
            "`condition`",
            "achilles-midportion",
        ),
        (
            r#"{"condition":"achilles-midportion","baseline_morning_pain":"high"}"#.to_owned(),
            "`baseline_morning_pain`",
            "0 to 10",
        ),
        (
            r#"{"condition":"achilles-midportion","baseline_morning_pain":2,"sessions":3}"#
                .to_owned(),
            "`sessions`",
            "pain_during",
        ),
        (
            document(&[session("10/11/2026", "2")]),
            "`sessions[0].date`",
            "YYYY-MM-DD",
        ),
        (
            document(&[session("2026-11-10", "11")]),
            "`sessions[0].pain_during`",
            "0 to 10",
        ),
        (
            document(&[session("2026-11-10", "-1")]),
            "`sessions[0].pain_during`",
            "0 to 10",
        ),
    ];
    for (input, field, allowed) in cases {
        let stderr = stderr_of_failure(&tendo(&["load", "decide", "-"], Some(&input)));
        assert!(stderr.contains(field), "{input}: {stderr}");
        assert!(stderr.contains(allowed), "{input}: {stderr}");
    }
}

#[test]
fn r_pm3_two_sessions_on_one_day_are_accepted() {
    let sessions = [
        session("2026-11-10", "2"),
        session("2026-11-10", "3"),
        session("2026-11-12", "2"),
    ];
    let verdict = json_of(&tendo(
        &["load", "decide", "-", "--format", "json"],
        Some(&document(&sessions)),
    ));
    assert_eq!(verdict["decision"], "hold", "{verdict}");
}
