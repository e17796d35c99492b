//! The next-morning checks: for Achilles, settled by the next morning (R-PM2) and no rise of more
//! than 2 points (R-LT1) against the stricter of the baseline and the recent usual morning; for
//! proximal hamstring, the 24-hour load test (R-LT2) and no rise of more than 2 points over the
//! recent usual score (R-LT1).

use jiff::civil::Date;

use super::checks::{Assessment, Context};
use super::mornings::RecentUsual;
use super::{HAMSTRING_LOAD_TEST_TOLERATED, MIN_RECENT_MORNINGS, MORNING_RISE_LIMIT};
use crate::condition::Condition;
use crate::rules::{self, RuleId};

/// The level an Achilles morning is judged against: the lower of the baseline and the recent
/// usual morning, so that a morning far above the person's recent mornings is not excused by a
/// high starting baseline.
pub(super) struct MorningReference {
    /// The value used, 0–10.
    pub value: u8,
    /// The reference in words, with both numbers and which one is used.
    pub described: String,
    /// The reference in a few words, such as "your recent usual morning".
    pub short: &'static str,
}

impl MorningReference {
    /// The reference for the morning after `day`'s sessions.
    pub(super) fn for_day(context: &Context<'_>, day: Date) -> Self {
        let baseline = context.baseline;
        match context.mornings.recent_usual(day) {
            Some(RecentUsual { value, count }) if value < baseline => MorningReference {
                value,
                described: format!(
                    "your recent usual morning of {value}/10 (the middle value of your {count} \
                     answered mornings in the 14 days before; it is lower than the {baseline}/10 \
                     you had before the programme, so Tendo goes by it)"
                ),
                short: "your recent usual morning",
            },
            Some(RecentUsual { value, .. }) if value > baseline => MorningReference {
                value: baseline,
                described: format!(
                    "your usual morning level of {baseline}/10 from before the programme (lower \
                     than your recent usual morning of {value}/10, so Tendo goes by it)"
                ),
                short: "your usual morning level",
            },
            Some(_) => MorningReference {
                value: baseline,
                described: format!(
                    "your usual morning level of {baseline}/10 (the same before the programme \
                     and over the 14 days before)"
                ),
                short: "your usual morning level",
            },
            None => MorningReference {
                value: baseline,
                described: format!(
                    "your usual morning level of {baseline}/10 from before the programme (Tendo \
                     needs at least {MIN_RECENT_MORNINGS} answered mornings in the 14 days \
                     before to know your recent usual)"
                ),
                short: "your usual morning level",
            },
        }
    }
}

/// "1 point", "3 points".
fn points(value: i16) -> String {
    if value == 1 {
        "1 point".to_owned()
    } else {
        format!("{value} points")
    }
}

/// "no rise above", "1 point above", "2 points above".
fn size_of_rise(rise: i16) -> String {
    if rise <= 0 {
        "no rise above".to_owned()
    } else {
        format!("{} above", points(rise))
    }
}

/// The next-morning checks on the latest answered morning, and a hold while the latest session
/// day waits for its next-morning answer.
pub(super) fn next_morning(context: &Context<'_>, assessment: &mut Assessment) {
    let measure = context.morning_name();
    let latest_day = context.latest.date;
    if context.mornings.on(latest_day).is_none() {
        assessment.hold(
            rules::R_PM2,
            format!(
                "You haven't logged the next-morning {measure} for your session on {latest_day} \
                 yet: answer tomorrow's check-in, and the next step will depend on it. Until then, \
                 don't move up a level."
            ),
        );
    }
    let Some((day, morning)) = context.mornings.latest() else {
        return;
    };
    if context.condition == Condition::ProximalHamstring {
        hamstring_load_test(context, day, morning, assessment);
    } else {
        achilles_morning(context, day, morning, assessment);
    }
}

/// R-PM2 and R-LT1 on an Achilles morning, against the stricter reference.
fn achilles_morning(context: &Context<'_>, day: Date, morning: u8, assessment: &mut Assessment) {
    let reference = MorningReference::for_day(context, day);
    let opening = format!("The morning after your session on {day}, your pain was {morning}/10");
    if morning <= reference.value {
        assessment.within(
            rules::R_PM2,
            format!(
                "{opening}, no higher than {}: it settled overnight.",
                reference.described
            ),
        );
    } else {
        assessment.regress(
            rules::R_PM2,
            format!(
                "{opening}, above {}: it had not settled by the next morning, so the load was \
                 more than your tendon could take.",
                reference.described
            ),
        );
    }
    let rise = i16::from(morning) - i16::from(reference.value);
    let of_reference = format!("{} of {}/10", reference.short, reference.value);
    rise_check(rise, &of_reference, assessment);
}

/// R-LT1: a rise of more than 2 points over the reference cuts the aggravating load.
fn rise_check(rise: i16, of_reference: &str, assessment: &mut Assessment) {
    if rise > i16::from(MORNING_RISE_LIMIT) {
        assessment.regress(
            rules::R_LT1,
            format!(
                "That is {} above {of_reference}, more than the {MORNING_RISE_LIMIT}-point limit: \
                 cut back the exercise or activity that aggravates it.",
                points(rise)
            ),
        );
    } else {
        assessment.within(
            rules::R_LT1,
            format!(
                "That is {} {of_reference}, within the {MORNING_RISE_LIMIT}-point limit for a \
                 rise.",
                size_of_rise(rise)
            ),
        );
    }
}

/// R-LT2 (0–3 tolerated, 4–10 not) and R-LT1 (a rise of more than 2 over the recent usual
/// score) on a hamstring 24-hour load test. The Achilles comparison with the usual morning pain
/// does not apply: the load test is its own measure.
fn hamstring_load_test(context: &Context<'_>, day: Date, score: u8, assessment: &mut Assessment) {
    let opening = format!(
        "The morning after your session on {day}, your 24-hour load test (3 single-leg bridges) \
         scored {score}/10"
    );
    if score > HAMSTRING_LOAD_TEST_TOLERATED {
        assessment.regress(
            rules::R_LT2,
            format!(
                "{opening}: your hamstring tendon did not tolerate the load (0 to \
                 {HAMSTRING_LOAD_TEST_TOLERATED} is tolerated, 4 or more is not)."
            ),
        );
    } else {
        assessment.within(
            rules::R_LT2,
            format!(
                "{opening}: your hamstring tendon tolerated the load (0 to \
                 {HAMSTRING_LOAD_TEST_TOLERATED} is tolerated)."
            ),
        );
    }
    match context.mornings.recent_usual(day) {
        Some(RecentUsual { value, count }) => {
            let rise = i16::from(score) - i16::from(value);
            let of_reference = format!(
                "your recent usual load-test score of {value}/10 (the middle value of your \
                 {count} scores in the 14 days before)"
            );
            rise_check(rise, &of_reference, assessment);
        }
        None => assessment.within(
            rules::R_LT1,
            format!(
                "To check for a rise of more than {MORNING_RISE_LIMIT} points, Tendo needs \
                 load-test scores from at least {MIN_RECENT_MORNINGS} mornings in the 14 days \
                 before; there are not enough yet."
            ),
        ),
    }
}

/// The first limit an earlier answered morning went over, with its rule and a description, for
/// the hold on limits passed in the last 7 days.
pub(super) fn earlier_morning_breach(
    context: &Context<'_>,
    day: Date,
    morning: u8,
) -> Option<(RuleId, String)> {
    if context.condition == Condition::ProximalHamstring {
        if morning > HAMSTRING_LOAD_TEST_TOLERATED {
            return Some((
                rules::R_LT2,
                format!(
                    "your load test the next morning scored {morning}/10, above the tolerated 0 \
                     to {HAMSTRING_LOAD_TEST_TOLERATED}"
                ),
            ));
        }
        let usual = context.mornings.recent_usual(day)?.value;
        let rise = i16::from(morning) - i16::from(usual);
        return (rise > i16::from(MORNING_RISE_LIMIT)).then(|| {
            (
                rules::R_LT1,
                format!(
                    "your load test the next morning scored {morning}/10, {} above your recent \
                     usual score of {usual}/10",
                    points(rise)
                ),
            )
        });
    }
    let reference = MorningReference::for_day(context, day);
    let rise = i16::from(morning) - i16::from(reference.value);
    let rule = if rise > i16::from(MORNING_RISE_LIMIT) {
        rules::R_LT1
    } else {
        rules::R_PM2
    };
    (rise > 0).then(|| {
        (
            rule,
            format!(
                "your pain the next morning was {morning}/10, {} above {} of {}/10",
                points(rise),
                reference.short,
                reference.value
            ),
        )
    })
}
