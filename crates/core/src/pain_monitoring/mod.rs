//! The pain-monitoring model (Silbernagel 2007, rules `R-PM1`–`R-PM3`) and the 24-hour load test
//! (`R-LT1`, `R-LT2`): from logged sessions, decide whether to progress, hold or step back.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::condition::Condition;
use crate::pain_score::PainScore;
use crate::reason::Reason;

mod checks;
mod trend;

use checks::{Assessment, Context};

/// The most pain allowed during and straight after a session, out of 10 (R-PM1, R-PM2).
pub const SESSION_PAIN_LIMIT: u8 = 5;

/// The largest rise of next-morning pain over the usual morning level that is still accepted
/// (R-LT1): a rise of more than this cuts the aggravating load.
pub const MORNING_RISE_LIMIT: u8 = 2;

/// The highest score on the hamstring 24-hour load test that counts as tolerated (R-LT2).
pub const HAMSTRING_LOAD_TEST_TOLERATED: u8 = 3;

/// The rise in mean next-morning pain from one week to the next that breaches R-PM3: one point,
/// the smallest change on the 0–10 scale that people notice (Salaffi 2004).
pub const WEEKLY_RISE_LIMIT: f64 = 1.0;

/// The length of the windows used for the weekly trend and for recent breaches, in days.
pub const WINDOW_DAYS: i64 = 7;

/// One logged loading session and the pain around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoggedSession {
    /// The day of the session.
    pub date: Date,
    /// The worst pain during the session.
    pub pain_during: PainScore,
    /// The pain straight after the session.
    pub pain_after: PainScore,
    /// The pain the next morning (for hamstrings, the 24-hour load test); absent until answered.
    #[serde(default)]
    pub pain_next_morning: Option<PainScore>,
}

/// A person's recent loading history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadHistory {
    /// The person's condition.
    pub condition: Condition,
    /// Their usual morning pain before the programme started.
    pub baseline_morning_pain: PainScore,
    /// The logged sessions, in any order.
    #[serde(default)]
    pub sessions: Vec<LoggedSession>,
}

/// What to do with the load.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LoadDecision {
    /// Move on to the next level.
    Progress,
    /// Stay at the current level.
    Hold,
    /// Step back one level (never to complete rest).
    Regress,
}

/// The decision and its reasons.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadVerdict {
    /// Progress, hold or regress.
    pub decision: LoadDecision,
    /// Why, rule by rule.
    pub reasons: Vec<Reason>,
}

/// Decides from a loading history whether to progress, hold or step back.
///
/// The sessions may come in any order; the latest session date counts as today for the weekly
/// windows. The checks, each reported with the person's numbers:
///
/// - the latest session's pain during (R-PM1) and straight after (R-PM2) against 5/10: above it
///   once means hold, above it in two sessions in a row means step back;
/// - the latest answered next-morning pain against the usual morning pain (R-PM2): higher means
///   it has not settled, so step back; more than 2 points higher also cuts the aggravating load
///   (R-LT1); for a proximal hamstring the value is the 24-hour load test, and 4/10 or more means
///   the load was not tolerated (R-LT2);
/// - a latest session without a next-morning answer means hold until the check-in is answered;
/// - the mean next-morning pain of the last 7 days against the 7 days before (R-PM3): a rise of
///   a point or more means step back and ask a clinician to review the programme;
/// - any other limit passed in the last 7 days means hold rather than progress.
///
/// Stepping back never means stopping: every regress carries R-REST.
pub fn decide(history: &LoadHistory) -> LoadVerdict {
    let mut sessions = history.sessions.clone();
    sessions.sort_by_key(|session| {
        (
            session.date,
            session.pain_during,
            session.pain_after,
            session.pain_next_morning,
        )
    });
    let Some((&latest, earlier)) = sessions.split_last() else {
        return checks::no_sessions(history.condition);
    };
    let context = Context {
        condition: history.condition,
        baseline: history.baseline_morning_pain.value(),
        latest,
        previous: earlier.last().copied(),
        sessions: &sessions,
    };
    let mut assessment = Assessment::default();
    checks::latest_session(&context, &mut assessment);
    checks::next_morning(&context, &mut assessment);
    trend::weekly_trend(&context, &mut assessment);
    if !assessment.regress {
        trend::recent_breaches(&context, &mut assessment);
    }
    assessment.finish(history.condition)
}
