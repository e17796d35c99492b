//! The checks on the last two weeks as a whole: enough data to move up, and limits passed
//! earlier in the last 7 days.

use super::checks::{Assessment, Context, over_session_limit};
use super::next_morning::earlier_morning_breach;
use super::trend::week_bounds;
use super::{MIN_ANSWERED_DAYS_PER_WEEK, SESSION_PAIN_LIMIT};
use crate::condition::Condition;
use crate::rules::{self, RuleId};

/// "none", "1", "3".
fn count_in_words(count: usize) -> String {
    if count == 0 {
        "none".to_owned()
    } else {
        count.to_string()
    }
}

/// A hold unless each of the last two 7-day windows has answered mornings on at least
/// [`MIN_ANSWERED_DAYS_PER_WEEK`] days: with fewer, the weekly trend (R-PM3) cannot be checked.
pub(super) fn enough_data(context: &Context<'_>, assessment: &mut Assessment) {
    let (this_from, this_to) = week_bounds(context.latest_day(), 0);
    let (last_from, last_to) = week_bounds(context.latest_day(), 1);
    let this_week = context.mornings.between(this_from, this_to).count();
    let last_week = context.mornings.between(last_from, last_to).count();
    if this_week >= MIN_ANSWERED_DAYS_PER_WEEK && last_week >= MIN_ANSWERED_DAYS_PER_WEEK {
        return;
    }
    let answers = if context.condition == Condition::ProximalHamstring {
        "24-hour load-test scores"
    } else {
        "next-morning answers"
    };
    assessment.hold(
        rules::R_PM3,
        format!(
            "Before you move up, Tendo checks that your pain is not climbing from week to week. \
             For that it needs {answers} after sessions on at least {MIN_ANSWERED_DAYS_PER_WEEK} \
             different days in each of the last two weeks; you have {} in the last 7 days \
             ({this_from} to {this_to}) and {} in the 7 days before ({last_from} to {last_to}). \
             Stay at this level and keep logging.",
            count_in_words(this_week),
            count_in_words(last_week)
        ),
    );
}

/// A hold when an earlier session of the last 7 days went over a limit the other checks did not
/// already report.
pub(super) fn recent_breaches(context: &Context<'_>, assessment: &mut Assessment) {
    let reported_morning = context.mornings.latest().map(|(day, _)| day);
    let (window_start, _) = week_bounds(context.latest_day(), 0);
    let earlier = context
        .sessions
        .iter()
        .rev()
        .skip(1)
        .take_while(|session| session.date >= window_start);
    for session in earlier {
        let found = session_breach(session).or_else(|| {
            let morning = context.mornings.on(session.date)?;
            if reported_morning == Some(session.date) {
                return None;
            }
            earlier_morning_breach(context, session.date, morning)
        });
        if let Some((rule, what)) = found {
            assessment.hold(
                rule,
                format!(
                    "On {}, {what}. That was within the last 7 days, so stay at this level until \
                     a full week has passed without going over a limit.",
                    session.date
                ),
            );
            return;
        }
    }
}

/// The session limit an earlier session went over, with the rule and a description.
fn session_breach(session: &super::LoggedSession) -> Option<(RuleId, String)> {
    if !over_session_limit(session) {
        return None;
    }
    let during = session.pain_during.value();
    let after = session.pain_after.value();
    Some(if during > SESSION_PAIN_LIMIT {
        (
            rules::R_PM1,
            format!(
                "pain during the session reached {during}/10, above the {SESSION_PAIN_LIMIT}/10 \
                 limit"
            ),
        )
    } else {
        (
            rules::R_PM2,
            format!(
                "pain straight after the session reached {after}/10, above the \
                 {SESSION_PAIN_LIMIT}/10 limit"
            ),
        )
    })
}
