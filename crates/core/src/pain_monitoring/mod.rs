//! The pain-monitoring model (Silbernagel 2007, rules `R-PM1`–`R-PM3`) and the 24-hour load test
//! (`R-LT1`, `R-LT2`): from logged sessions, decide whether to progress, hold or step back.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::condition::Condition;
use crate::error::FieldError;
use crate::pain_score::PainScore;
use crate::reason::Reason;

mod checks;
mod input;
mod mornings;
mod next_morning;
mod recent;
mod trend;

use checks::{Assessment, Context};

/// The most pain allowed during and straight after a session, out of 10 (R-PM1, R-PM2).
pub const SESSION_PAIN_LIMIT: u8 = 5;

/// The largest rise of next-morning pain over the usual morning level that is still accepted
/// (R-LT1): a rise of more than this cuts the aggravating load.
pub const MORNING_RISE_LIMIT: u8 = 2;

/// The highest score on the hamstring 24-hour load test that counts as tolerated (R-LT2).
pub const HAMSTRING_LOAD_TEST_TOLERATED: u8 = 3;

/// The rise of a weekly mean pain (during, after or the next morning) that breaches R-PM3 and
/// calls for a step back and a clinician's review: one point, the smallest change on the 0–10
/// scale that people notice (Salaffi 2004). It counts a single week's rise, and also a creep of
/// consecutive weekly rises that adds up to a point.
pub const WEEKLY_RISE_LIMIT: f64 = 1.0;

/// The rise of a weekly mean pain from one week to the next that already counts as an
/// increase under R-PM3 ("must not increase"), so the load holds: half a point. Scores are
/// whole points on the 0–10 scale, so a weekly mean that moves by less than half a point is
/// below what the scale can resolve (one answer moving by a point among several sessions);
/// from half a point on, pain is taken as rising.
pub const WEEKLY_NOISE_TOLERANCE: f64 = 0.5;

/// The fewest days with a next-morning answer, in each of the last two 7-day windows, before
/// the weekly trend (R-PM3) can be checked and a step up considered: two, the fewest sessions a
/// week that loading within pain tolerance asks for (P-FREQ).
pub const MIN_ANSWERED_DAYS_PER_WEEK: usize = 2;

/// How far back the person's recent usual morning reaches, in days before the morning judged.
pub const RECENT_MORNING_DAYS: i64 = 14;

/// The fewest answered mornings in [`RECENT_MORNING_DAYS`] that give a recent usual morning;
/// with fewer, only the baseline is used.
pub const MIN_RECENT_MORNINGS: usize = 2;

/// The length of the windows used for the weekly trend and for recent breaches, in days.
pub const WINDOW_DAYS: i64 = 7;

/// One logged loading session and the pain around it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoggedSession {
    /// The day of the session.
    #[serde(deserialize_with = "input::date")]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadHistory {
    /// The person's condition.
    #[serde(deserialize_with = "input::condition")]
    pub condition: Condition,
    /// Their usual morning pain before the programme started.
    pub baseline_morning_pain: PainScore,
    /// The logged sessions, in any order; several may share a day.
    #[serde(default, deserialize_with = "input::sessions")]
    pub sessions: Vec<LoggedSession>,
}

/// What to do with the load.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadVerdict {
    /// Progress, hold or regress.
    pub decision: LoadDecision,
    /// Why, rule by rule.
    pub reasons: Vec<Reason>,
}

/// Decides from a loading history whether to progress, hold or step back.
///
/// `today` is the caller's current date: a session dated after it is refused with an error
/// naming the field (`sessions[3].date`). The sessions may come in any order, several on one
/// day; the latest session date anchors the weekly windows. A day's next-morning value is the
/// highest answer given for that day's sessions. The checks, each reported with the person's
/// numbers:
///
/// - the latest session's pain during (R-PM1) and straight after (R-PM2) against 5/10: above it
///   once means hold, above it in two sessions in a row means step back;
/// - Achilles: the latest answered next-morning pain against the stricter (lower) of the
///   baseline and the recent usual morning (the median of the answered mornings in the 14 days
///   before it, from 2 of them): higher means it has not settled (R-PM2), so step back; more
///   than 2 points higher also cuts the aggravating load (R-LT1);
/// - proximal hamstring: the value is the 24-hour load test, and 4/10 or more means the load
///   was not tolerated (R-LT2); more than 2 points above the recent usual score cuts the load
///   (R-LT1); the Achilles morning comparison does not apply;
/// - a latest session day without a next-morning answer means hold until it is answered;
/// - the weekly means of pain during, after and the next morning (R-PM3): a rise of half a point
///   or more holds; a rise of a point, or consecutive weekly rises adding up to a point, means
///   step back and ask a clinician to review the programme;
/// - unless a check already steps back: fewer than 2 answered mornings in either of the last two
///   weeks means hold (too little data to check the trend), and any other limit passed in the
///   last 7 days means hold rather than progress.
///
/// Stepping back never means stopping: every regress carries R-REST.
///
/// # Errors
///
/// A [`FieldError`] naming `sessions[i].date` when a session is dated after `today`.
pub fn decide(history: &LoadHistory, today: Date) -> Result<LoadVerdict, FieldError> {
    input::refuse_future_sessions(&history.sessions, today)?;
    let sessions = sorted(history);
    let Some(context) = context_of(history, &sessions) else {
        return Ok(checks::no_sessions(history.condition));
    };
    let mut assessment = Assessment::default();
    checks::latest_session(&context, &mut assessment);
    next_morning::next_morning(&context, &mut assessment);
    trend::weekly_trend(&context, &mut assessment);
    if !assessment.regress {
        recent::enough_data(&context, &mut assessment);
        recent::recent_breaches(&context, &mut assessment);
    }
    Ok(assessment.finish(history.condition))
}

/// True when pain during or straight after a session went above the 5/10 limit (`R-PM1`,
/// `R-PM2`). The decision, the advice after a session and the app all ask it here.
pub fn over_session_limit(during: PainScore, after: PainScore) -> bool {
    during.value() > SESSION_PAIN_LIMIT || after.value() > SESSION_PAIN_LIMIT
}

/// The sessions of a history, oldest first.
fn sorted(history: &LoadHistory) -> Vec<LoggedSession> {
    let mut sessions = history.sessions.clone();
    sessions.sort_by_key(|session| {
        (
            session.date,
            session.pain_during,
            session.pain_after,
            session.pain_next_morning,
        )
    });
    sessions
}

/// What the checks see, or `None` without sessions.
fn context_of<'a>(history: &LoadHistory, sessions: &'a [LoggedSession]) -> Option<Context<'a>> {
    let (&latest, earlier) = sessions.split_last()?;
    Some(Context {
        condition: history.condition,
        baseline: history.baseline_morning_pain.value(),
        latest,
        previous: earlier.last().copied(),
        sessions,
        mornings: mornings::Mornings::of(sessions),
    })
}

/// The usual level the next-morning answer after `day`'s sessions is judged against (`R-PM2`,
/// `R-LT1`): the lower of the baseline and the recent usual morning, as [`decide`] uses it.
/// For a proximal hamstring the recent usual load-test score alone (the baseline is a morning
/// pain, not a load-test score), or `None` without one.
pub fn usual_morning(history: &LoadHistory, day: Date) -> Option<u8> {
    let sessions = sorted(history);
    let recent = mornings::Mornings::of(&sessions)
        .recent_usual(day)
        .map(|usual| usual.value);
    if history.condition == Condition::ProximalHamstring {
        return recent;
    }
    let baseline = history.baseline_morning_pain.value();
    Some(recent.map_or(baseline, |recent| recent.min(baseline)))
}

/// The weekly trend of pain during, after and the next morning (`R-PM3`) as [`decide`] judges
/// it, ending on the latest session: the reasons when it is breached (pain climbing by a point,
/// or by a point over consecutive weekly rises), otherwise nothing. The clinician's caseload
/// flags a breach.
pub fn rising_trend(history: &LoadHistory) -> Vec<Reason> {
    let sessions = sorted(history);
    let Some(context) = context_of(history, &sessions) else {
        return Vec::new();
    };
    let mut assessment = Assessment::default();
    trend::weekly_trend(&context, &mut assessment);
    if assessment.regress {
        assessment.reasons
    } else {
        Vec::new()
    }
}
