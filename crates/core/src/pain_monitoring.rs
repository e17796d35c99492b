//! The pain-monitoring model (Silbernagel 2007, rules `R-PM1`–`R-PM3`) and the 24-hour load test
//! (`R-LT1`, `R-LT2`): from logged sessions, decide whether to progress, hold or step back.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::condition::Condition;
use crate::pain_score::PainScore;
use crate::reason::Reason;

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
pub fn decide(history: &LoadHistory) -> LoadVerdict {
    let _ = history;
    unimplemented!("filled in by the pain-monitoring work")
}
