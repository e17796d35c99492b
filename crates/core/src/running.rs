//! The running log: notes when a week's running jumps compared with the weeks before (rules
//! `A2`, `P-RUN`).
//!
//! A tendon is overloaded by sudden jumps, such as a hilly run for someone used to flat ground,
//! or by weeks of hard training without enough recovery (A2). Return-to-running protocols add
//! no more than about 20% distance a week (P-RUN). [`review_week`] compares one week with up to
//! four weeks before it and says, with the numbers, whether it jumped.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::error::FieldError;
use crate::reason::Reason;
use crate::rules;

/// The most distance accepted for one week, in kilometres.
pub const MAX_WEEKLY_KM: f64 = 500.0;

/// The largest weekly increase in distance over the recent mean, as a share (20%).
pub const WEEKLY_INCREASE_LIMIT: f64 = 0.2;

/// How many earlier weeks a week is compared with, at most.
pub const LOOKBACK_WEEKS: usize = 4;

/// A rise in hills or speed sessions of this many over the recent maximum is a sudden jump.
pub const HARD_SESSION_JUMP: u8 = 2;

/// Earlier weeks of no hills or speed work needed before a first such session counts as new.
pub const RUN_OF_NONE_WEEKS: usize = 2;

/// One week of running.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunningWeek {
    /// The first day of the week.
    pub week_start: Date,
    /// The distance run that week, in kilometres.
    pub distance_km: f64,
    /// Hard sessions that week: hill runs, intervals or other speed work.
    #[serde(default)]
    pub hard_sessions: u8,
}

/// Checks every week of a log: distances finite and from 0 to 500 km, no week start twice.
/// Errors name the field, such as `history[2].distance_km`.
pub fn validate_log(history: &[RunningWeek]) -> Result<(), FieldError> {
    for (index, week) in history.iter().enumerate() {
        if !(0.0..=MAX_WEEKLY_KM).contains(&week.distance_km) {
            return Err(FieldError::new(
                format!("history[{index}].distance_km"),
                format!(
                    "expected a distance in kilometres from 0 to {MAX_WEEKLY_KM}, got {}",
                    week.distance_km
                ),
            ));
        }
        if history[..index]
            .iter()
            .any(|earlier| earlier.week_start == week.week_start)
        {
            return Err(FieldError::new(
                format!("history[{index}].week_start"),
                format!("the week starting {} is logged twice", week.week_start),
            ));
        }
    }
    Ok(())
}

/// Reviews the week starting on `week_start` against up to four weeks before it.
///
/// The earlier weeks are those starting in the 28 days before `week_start`. The reasons:
///
/// - distance more than 20% above the mean of those weeks: a `P-RUN` note with the numbers and
///   an `A2` note on why a sudden jump matters; otherwise a `P-RUN` reason saying it is within;
/// - hard sessions (hills, speed) 2 or more above the most in any of those weeks, or a first
///   hard session after at least two weeks of none: an `A2` note;
/// - no earlier week to compare with: an `A2` reason saying so, and nothing else.
///
/// The log is checked with [`validate_log`] first; a `week_start` that is not in the log is
/// refused too.
pub fn review_week(history: &[RunningWeek], week_start: Date) -> Result<Vec<Reason>, FieldError> {
    validate_log(history)?;
    let Some(week) = history.iter().find(|week| week.week_start == week_start) else {
        return Err(FieldError::new(
            "week_start",
            format!("expected the start of a logged week, but no week starts on {week_start}"),
        ));
    };
    let window_start = week_start.saturating_sub(28.days());
    let mut earlier: Vec<&RunningWeek> = history
        .iter()
        .filter(|other| other.week_start >= window_start && other.week_start < week_start)
        .collect();
    earlier.sort_by_key(|other| std::cmp::Reverse(other.week_start));
    earlier.truncate(LOOKBACK_WEEKS);
    if earlier.is_empty() {
        let message = if history.iter().any(|other| other.week_start < window_start) {
            format!(
                "You have not logged any running in the 4 weeks before the week of {week_start}, \
                 so there is nothing recent to compare it with. After a break, start below your \
                 old level and build back up gradually."
            )
        } else {
            format!(
                "The week of {week_start} is the first in your log, so there is nothing to \
                 compare it with yet. Log each week, and Tendo will flag sudden jumps."
            )
        };
        return Ok(vec![Reason::new(rules::A2, message)]);
    }
    let mut reasons = distance_reasons(week, &earlier);
    if let Some(reason) = hard_session_reason(week, &earlier) {
        reasons.push(reason);
    }
    Ok(reasons)
}

/// "the previous week" or "the previous 3 weeks".
fn describe_weeks(count: usize) -> String {
    if count == 1 {
        "the previous week".to_owned()
    } else {
        format!("the previous {count} weeks")
    }
}

/// The distance check against the mean of the earlier weeks.
fn distance_reasons(week: &RunningWeek, earlier: &[&RunningWeek]) -> Vec<Reason> {
    let distance = week.distance_km;
    let total: f64 = earlier.iter().map(|other| other.distance_km).sum();
    let count = earlier.len();
    let weeks = describe_weeks(count);
    // `count` is at most LOOKBACK_WEEKS, so the conversion is exact.
    let count = count as f64;
    let mean = total / count;
    if total == 0.0 {
        if distance == 0.0 {
            return Vec::new();
        }
        return vec![Reason::new(
            rules::P_RUN,
            format!(
                "You ran {distance:.1} km this week after no running in {weeks}. Coming back \
                 from no running, start with short, easy runs and add no more than about 20% a \
                 week."
            ),
        )];
    }
    // Compared as distance × count > total × 1.2, which avoids dividing.
    if distance * count > total * (1.0 + WEEKLY_INCREASE_LIMIT) {
        let increase = (distance / mean - 1.0) * 100.0;
        vec![
            Reason::new(
                rules::P_RUN,
                format!(
                    "This week's {distance:.1} km is {increase:.0}% more than your average of \
                     {mean:.1} km over {weeks}. Keep increases to about 20% a week."
                ),
            ),
            Reason::new(
                rules::A2,
                "A sudden jump in training is the usual way a tendon gets overloaded. Watch how \
                 your tendon feels the next morning, and ease back if it is sorer.",
            ),
        ]
    } else {
        vec![Reason::new(
            rules::P_RUN,
            format!(
                "This week's {distance:.1} km is within 20% of your average of {mean:.1} km over \
                 {weeks}."
            ),
        )]
    }
}

/// A note when hills or speed sessions jump, if they do.
fn hard_session_reason(week: &RunningWeek, earlier: &[&RunningWeek]) -> Option<Reason> {
    let hard = week.hard_sessions;
    let recent_most = earlier
        .iter()
        .map(|other| other.hard_sessions)
        .max()
        .unwrap_or(0);
    let weeks = describe_weeks(earlier.len());
    if recent_most == 0 && earlier.len() >= RUN_OF_NONE_WEEKS && hard > 0 {
        return Some(Reason::new(
            rules::A2,
            format!(
                "This week has {hard} {} (hills or speed work) after none in {weeks}. Like a \
                 hilly run for someone used to flat ground, that is a sudden jump for the \
                 tendon: keep them short and watch the next-morning pain.",
                sessions(hard)
            ),
        ));
    }
    (hard >= recent_most.saturating_add(HARD_SESSION_JUMP)).then(|| {
        Reason::new(
            rules::A2,
            format!(
                "This week has {hard} {} (hills or speed work), {} more than the most in any of \
                 {weeks} ({recent_most}). Adding hard sessions quickly is a sudden jump in load \
                 for the tendon: add them one at a time.",
                sessions(hard),
                hard - recent_most
            ),
        )
    })
}

/// "hard session" or "hard sessions".
fn sessions(count: u8) -> &'static str {
    if count == 1 {
        "hard session"
    } else {
        "hard sessions"
    }
}
