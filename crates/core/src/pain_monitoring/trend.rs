//! The checks that look back over the last two weeks: the weekly trend of next-morning pain
//! (R-PM3) and limits passed earlier in the last 7 days.

use jiff::ToSpan;
use jiff::civil::Date;

use super::checks::{Assessment, Context};
use super::{
    HAMSTRING_LOAD_TEST_TOLERATED, LoggedSession, SESSION_PAIN_LIMIT, WEEKLY_RISE_LIMIT,
    WINDOW_DAYS,
};
use crate::condition::Condition;
use crate::rules::{self, RuleId};

/// The mean next-morning pain of the sessions from `from` to `to`, both included.
fn mean_morning_pain(sessions: &[LoggedSession], from: Date, to: Date) -> Option<f64> {
    let values: Vec<f64> = sessions
        .iter()
        .filter(|session| session.date >= from && session.date <= to)
        .filter_map(|session| session.pain_next_morning)
        .map(|pain| f64::from(pain.value()))
        .collect();
    let count = u32::try_from(values.len())
        .ok()
        .filter(|&count| count > 0)?;
    Some(values.iter().sum::<f64>() / f64::from(count))
}

/// R-PM3: the mean next-morning pain of the last 7 days against the 7 days before.
pub(super) fn weekly_trend(context: &Context<'_>, assessment: &mut Assessment) {
    let this_week_start = context.window_start();
    let last_week_end = this_week_start.saturating_sub(1.day());
    let last_week_start = this_week_start.saturating_sub(WINDOW_DAYS.days());
    let this_week = mean_morning_pain(context.sessions, this_week_start, context.today());
    let last_week = mean_morning_pain(context.sessions, last_week_start, last_week_end);
    let (Some(this_week), Some(last_week)) = (this_week, last_week) else {
        assessment.within(
            rules::R_PM3,
            "To check that your pain is not climbing from week to week, Tendo needs next-morning \
             answers from two weeks in a row; there are not enough yet."
                .to_owned(),
        );
        return;
    };
    let rise = this_week - last_week;
    let (_, measure) = context.morning_names();
    let comparison = format!(
        "Your next-morning {measure} averaged {this_week:.1}/10 over the last 7 days, against \
         {last_week:.1}/10 the week before"
    );
    if rise >= WEEKLY_RISE_LIMIT {
        assessment.regress(
            rules::R_PM3,
            format!(
                "{comparison}: a rise of {rise:.1} points (a change of 1 point is already one \
                 people notice). Pain should not climb from week to week, so step back, and ask \
                 your clinician to review your programme."
            ),
        );
    } else {
        assessment.within(
            rules::R_PM3,
            format!("{comparison}: not climbing by a point or more, within the limit."),
        );
    }
}

/// A hold when an earlier session of the last 7 days went over a limit the other checks did not
/// already report.
pub(super) fn recent_breaches(context: &Context<'_>, assessment: &mut Assessment) {
    let answered = context.latest_answered().map(|(session, _)| session);
    let window_start = context.window_start();
    let earlier = context
        .sessions
        .iter()
        .rev()
        .skip(1)
        .take_while(|session| session.date >= window_start);
    for session in earlier {
        let morning_reported = answered == Some(*session);
        if let Some((rule, what)) = breach(context, session, morning_reported) {
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

/// The first limit an earlier session went over, with the rule and a description.
fn breach(
    context: &Context<'_>,
    session: &LoggedSession,
    morning_reported: bool,
) -> Option<(RuleId, String)> {
    let during = session.pain_during.value();
    let after = session.pain_after.value();
    if during > SESSION_PAIN_LIMIT {
        return Some((
            rules::R_PM1,
            format!("pain during the session reached {during}/10, above the 5/10 limit"),
        ));
    }
    if after > SESSION_PAIN_LIMIT {
        return Some((
            rules::R_PM2,
            format!("pain straight after the session reached {after}/10, above the 5/10 limit"),
        ));
    }
    let morning = session.pain_next_morning?.value();
    if morning_reported {
        return None;
    }
    if context.condition == Condition::ProximalHamstring && morning > HAMSTRING_LOAD_TEST_TOLERATED
    {
        return Some((
            rules::R_LT2,
            format!(
                "your load test the next morning scored {morning}/10, above the tolerated 0 to 3"
            ),
        ));
    }
    (morning > context.baseline).then(|| {
        (
            rules::R_PM2,
            format!(
                "your pain the next morning was {morning}/10, above your usual morning level of \
                 {}/10",
                context.baseline
            ),
        )
    })
}
