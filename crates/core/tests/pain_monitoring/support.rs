//! Fixtures and assertions shared by the pain-monitoring tests.

use jiff::ToSpan;
use jiff::civil::{Date, date};
use tendo_core::condition::Condition;
use tendo_core::pain_monitoring::{LoadHistory, LoadVerdict, LoggedSession, decide};
use tendo_core::pain_score::PainScore;
use tendo_core::rules::RuleId;

/// Day `offset` of the test calendar, counted from 1 May 2024.
pub fn day(offset: i64) -> Date {
    date(2024, 5, 1).saturating_add(offset.days())
}

/// The date the tests run "today": well after every fixture session.
pub fn today() -> Date {
    day(90)
}

pub fn pain(value: u8) -> PainScore {
    match PainScore::new(value) {
        Some(score) => score,
        None => panic!("test fixture pain {value} is not on the 0–10 scale"),
    }
}

/// A session on day `offset` with pain during, after and (if answered) the next morning.
pub fn session(offset: i64, during: u8, after: u8, morning: Option<u8>) -> LoggedSession {
    LoggedSession {
        date: day(offset),
        pain_during: pain(during),
        pain_after: pain(after),
        pain_next_morning: morning.map(pain),
    }
}

pub fn history(condition: Condition, baseline: u8, sessions: Vec<LoggedSession>) -> LoadHistory {
    LoadHistory {
        condition,
        baseline_morning_pain: pain(baseline),
        sessions,
    }
}

/// The decision for `history`, today.
pub fn verdict(history: &LoadHistory) -> LoadVerdict {
    match decide(history, today()) {
        Ok(verdict) => verdict,
        Err(error) => panic!("fixture history refused: {error}"),
    }
}

pub fn achilles(baseline: u8, sessions: Vec<LoggedSession>) -> LoadVerdict {
    verdict(&history(Condition::AchillesMidportion, baseline, sessions))
}

pub fn hamstring(baseline: u8, sessions: Vec<LoggedSession>) -> LoadVerdict {
    verdict(&history(Condition::ProximalHamstring, baseline, sessions))
}

/// Sessions on days 0, 2, 4, 7, 9 and 11, all within every limit for a baseline of 1.
pub fn two_good_weeks() -> Vec<LoggedSession> {
    [0, 2, 4, 7, 9, 11]
        .into_iter()
        .map(|offset| session(offset, 3, 2, Some(1)))
        .collect()
}

/// The messages of the reasons with `rule`.
pub fn messages(verdict: &LoadVerdict, rule: RuleId) -> Vec<&str> {
    verdict
        .reasons
        .iter()
        .filter(|reason| reason.rule == rule)
        .map(|reason| reason.message.as_str())
        .collect()
}

/// Asserts that some reason with `rule` contains every one of `parts`.
#[track_caller]
pub fn assert_reason(verdict: &LoadVerdict, rule: RuleId, parts: &[&str]) {
    let found = messages(verdict, rule)
        .into_iter()
        .any(|message| parts.iter().all(|part| message.contains(part)));
    assert!(
        found,
        "no {rule} reason containing {parts:?} in {verdict:#?}"
    );
}
