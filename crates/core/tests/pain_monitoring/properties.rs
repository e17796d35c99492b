//! Property tests of the safety rules: whatever the history, never a step up past a limit, on a
//! rising trend or on too little data; a step back never means rest; every reason has a rule.

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::Date;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use tendo_core::condition::Condition;
use tendo_core::pain_monitoring::{LoadDecision, LoadHistory, LoggedSession, decide};
use tendo_core::rules;

use super::support::{history, messages, session, today, verdict};

/// A pain score, mostly low (as in a programme that goes well) and sometimes anywhere on the
/// scale.
fn any_pain() -> impl Strategy<Value = u8> {
    prop_oneof![8 => 0u8..=4, 2 => 0u8..=10]
}

/// Any history of up to 24 sessions over four weeks, some on the same day, with some
/// next-morning answers missing.
fn any_history() -> impl Strategy<Value = LoadHistory> {
    let morning = prop_oneof![1 => Just(None), 9 => any_pain().prop_map(Some)];
    let session = (0i64..28, any_pain(), any_pain(), morning)
        .prop_map(|(offset, during, after, morning)| session(offset, during, after, morning));
    let condition = prop::sample::select(Condition::ALL.to_vec());
    (condition, 0u8..=10, prop::collection::vec(session, 0..24))
        .prop_map(|(condition, baseline, sessions)| history(condition, baseline, sessions))
}

/// The day of the latest session.
fn latest_day(history: &LoadHistory) -> Option<Date> {
    history.sessions.iter().map(|session| session.date).max()
}

/// The sessions from `from` to `to`, both included.
fn between(history: &LoadHistory, from: Date, to: Date) -> impl Iterator<Item = &LoggedSession> {
    history
        .sessions
        .iter()
        .filter(move |session| session.date >= from && session.date <= to)
}

/// One next-morning value per day: the highest answer of that day.
fn mornings(history: &LoadHistory) -> BTreeMap<Date, u8> {
    let mut mornings = BTreeMap::new();
    for session in &history.sessions {
        if let Some(pain) = session.pain_next_morning {
            let value = mornings.entry(session.date).or_insert(0);
            *value = pain.value().max(*value);
        }
    }
    mornings
}

/// The median (the higher middle one) of the answered mornings in the 14 days before `day`,
/// from at least two of them.
fn recent_usual(mornings: &BTreeMap<Date, u8>, day: Date) -> Option<u8> {
    let mut values: Vec<u8> = mornings
        .range(day.saturating_sub(14.days())..day)
        .map(|(_, value)| *value)
        .collect();
    values.sort_unstable();
    (values.len() >= 2).then(|| values[values.len() / 2])
}

/// True when the mean of `this` is at least half a point above the mean of `last`.
fn rose_half_a_point(this: &[u8], last: &[u8]) -> bool {
    if this.is_empty() || last.is_empty() {
        return false;
    }
    let sum = |values: &[u8]| values.iter().map(|&value| i64::from(value)).sum::<i64>();
    let (c0, c1) = (this.len() as i64, last.len() as i64);
    2 * (sum(this) * c1 - sum(last) * c0) >= c0 * c1
}

/// Why `history` must not progress, if it must not: the safety rules restated independently.
fn must_not_progress(history: &LoadHistory) -> Option<&'static str> {
    let today = latest_day(history)?;
    let week_start = today.saturating_sub(6.days());
    let last_week = (
        today.saturating_sub(13.days()),
        today.saturating_sub(7.days()),
    );
    let mornings = mornings(history);
    if between(history, week_start, today)
        .any(|session| session.pain_during.value() > 5 || session.pain_after.value() > 5)
    {
        return Some("a limit was broken in the last 7 days");
    }
    if !mornings.contains_key(&today) {
        return Some("the latest session has no next-morning answer");
    }
    let answered = |from: Date, to: Date| mornings.range(from..=to).count();
    if answered(week_start, today) < 2 || answered(last_week.0, last_week.1) < 2 {
        return Some("too little data for the weekly trend");
    }
    let morning = mornings[&today];
    let recent = recent_usual(&mornings, today);
    let baseline = history.baseline_morning_pain.value();
    if history.condition == Condition::ProximalHamstring {
        if mornings
            .range(week_start..=today)
            .any(|(_, &score)| score >= 4)
        {
            return Some("a hamstring load test scored 4 or more in the last 7 days");
        }
        if recent.is_some_and(|usual| morning > usual + 2) {
            return Some("the load test rose more than 2 over the recent usual");
        }
    } else {
        let reference = recent.map_or(baseline, |usual| usual.min(baseline));
        if morning > reference {
            return Some("the next morning was above the stricter reference");
        }
    }
    let values = |from: Date, to: Date, pick: fn(&LoggedSession) -> u8| -> Vec<u8> {
        between(history, from, to).map(pick).collect()
    };
    let picks: [fn(&LoggedSession) -> u8; 2] = [
        |session| session.pain_during.value(),
        |session| session.pain_after.value(),
    ];
    for pick in picks {
        if rose_half_a_point(
            &values(week_start, today, pick),
            &values(last_week.0, last_week.1, pick),
        ) {
            return Some("pain during or after rose week on week");
        }
    }
    let morning_values = |from: Date, to: Date| -> Vec<u8> {
        mornings.range(from..=to).map(|(_, value)| *value).collect()
    };
    if rose_half_a_point(
        &morning_values(week_start, today),
        &morning_values(last_week.0, last_week.1),
    ) {
        return Some("next-morning pain rose week on week");
    }
    None
}

proptest! {
    #[test]
    fn r_pm1_never_progresses_past_a_limit_a_rising_trend_or_too_little_data(
        history in any_history()
    ) {
        let verdict = verdict(&history);
        if let Some(why) = must_not_progress(&history) {
            prop_assert_ne!(verdict.decision, LoadDecision::Progress, "{}: {:#?}", why, verdict);
        }
    }

    #[test]
    fn r_rest_a_step_back_never_means_rest_and_every_reason_has_a_known_rule(
        history in any_history()
    ) {
        let verdict = verdict(&history);
        prop_assert!(!verdict.reasons.is_empty());
        if verdict.decision == LoadDecision::Regress {
            prop_assert!(!messages(&verdict, rules::R_REST).is_empty(), "{verdict:#?}");
        }
        for reason in &verdict.reasons {
            prop_assert!(rules::ALL.contains(&reason.rule), "unknown rule {}", reason.rule);
            prop_assert!(!reason.message.is_empty());
        }
    }

    #[test]
    fn r_pm1_session_order_does_not_change_the_decision(
        (history, shuffled) in any_history().prop_flat_map(|history| {
            let shuffled = Just(history.sessions.clone()).prop_shuffle();
            (Just(history), shuffled)
        })
    ) {
        let reordered = LoadHistory { sessions: shuffled, ..history.clone() };
        prop_assert_eq!(verdict(&history), verdict(&reordered));
    }

    #[test]
    fn r_pm2_a_session_after_today_is_always_refused_by_its_place(
        history in any_history(),
        days_ahead in 1i64..400,
        at in 0usize..24,
    ) {
        let mut history = history;
        let at = at.min(history.sessions.len());
        let mut future = session(0, 2, 2, None);
        future.date = today().saturating_add(days_ahead.days());
        history.sessions.insert(at, future);
        let error = decide(&history, today()).expect_err("a future session is refused");
        prop_assert_eq!(error.field, format!("sessions[{at}].date"));
    }
}

#[test]
fn r_pm1_the_generated_histories_reach_every_decision() {
    // The safety properties above only mean something if progress happens in the generated
    // histories; so do holds and steps back.
    let mut runner = TestRunner::deterministic();
    let strategy = any_history();
    let mut seen = BTreeMap::new();
    for _ in 0..2_000 {
        let history = strategy
            .new_tree(&mut runner)
            .map(|tree| tree.current())
            .unwrap_or_else(|error| panic!("strategy fails: {error}"));
        let decision = format!("{:?}", verdict(&history).decision);
        *seen.entry(decision).or_insert(0) += 1;
    }
    for decision in ["Progress", "Hold", "Regress"] {
        assert!(seen.get(decision).copied().unwrap_or(0) > 0, "{seen:?}");
    }
}
