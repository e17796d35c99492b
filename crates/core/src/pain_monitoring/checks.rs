//! The individual checks of the pain-monitoring model, each adding a reason with the person's
//! numbers to an [`Assessment`].

use jiff::civil::Date;

use super::mornings::Mornings;
use super::{LoadDecision, LoadVerdict, LoggedSession, SESSION_PAIN_LIMIT};
use crate::condition::Condition;
use crate::reason::Reason;
use crate::rules::{self, RuleId};

/// What the checks see: the sorted sessions and the facts derived from them.
pub(super) struct Context<'a> {
    /// The person's condition.
    pub condition: Condition,
    /// The usual morning pain, 0–10.
    pub baseline: u8,
    /// The most recent session; the weekly windows end on its date.
    pub latest: LoggedSession,
    /// The session before the latest, if any.
    pub previous: Option<LoggedSession>,
    /// Every session, oldest first.
    pub sessions: &'a [LoggedSession],
    /// The answered next-morning values, one per day.
    pub mornings: Mornings,
}

impl Context<'_> {
    /// The date of the latest session: the weekly windows end on it.
    pub(super) fn latest_day(&self) -> Date {
        self.latest.date
    }

    /// How the next-morning value is named.
    pub(super) fn morning_name(&self) -> &'static str {
        if self.condition == Condition::ProximalHamstring {
            "24-hour load test (3 single-leg bridges)"
        } else {
            "pain score"
        }
    }
}

/// The decision taking shape: whether any check calls for regress or hold, and the reasons.
#[derive(Default)]
pub(super) struct Assessment {
    /// A check calls for stepping back.
    pub regress: bool,
    /// A check calls for staying at the current level.
    pub hold: bool,
    /// The reasons so far, in the order the checks ran.
    pub reasons: Vec<Reason>,
}

impl Assessment {
    /// Records a check that passed.
    pub(super) fn within(&mut self, rule: RuleId, message: String) {
        self.reasons.push(Reason::new(rule, message));
    }

    /// Records a check that calls for holding at the current level.
    pub(super) fn hold(&mut self, rule: RuleId, message: String) {
        self.hold = true;
        self.reasons.push(Reason::new(rule, message));
    }

    /// Records a check that calls for stepping back.
    pub(super) fn regress(&mut self, rule: RuleId, message: String) {
        self.regress = true;
        self.reasons.push(Reason::new(rule, message));
    }

    /// Turns the checks into a decision, adding what to do for a step back or a step up.
    pub fn finish(mut self, condition: Condition) -> LoadVerdict {
        let decision = if self.regress {
            LoadDecision::Regress
        } else if self.hold {
            LoadDecision::Hold
        } else {
            LoadDecision::Progress
        };
        match decision {
            LoadDecision::Regress => self.reasons.push(Reason::new(
                rules::R_REST,
                "Step back one level, but don't stop: lower the load that hurt and keep gentle \
                 loading every day, such as isometric holds. Complete rest makes a tendon weaker, \
                 not stronger.",
            )),
            LoadDecision::Progress => self.reasons.push(Reason::new(
                progression_rule(condition),
                "Every check was within its limit and nothing went over a limit in the last 7 \
                 days, so you can move up one level. Keep logging your pain: the next step again \
                 depends on how your tendon responds.",
            )),
            LoadDecision::Hold => {}
        }
        LoadVerdict {
            decision,
            reasons: self.reasons,
        }
    }
}

/// The rule that says progression follows symptoms rather than the calendar.
fn progression_rule(condition: Condition) -> RuleId {
    if condition.is_achilles() {
        rules::P_SIL_GATE
    } else {
        rules::P_LEN
    }
}

/// The verdict when nothing has been logged yet.
pub(super) fn no_sessions(condition: Condition) -> LoadVerdict {
    let measure = if condition == Condition::ProximalHamstring {
        "do the 24-hour load test (3 single-leg bridges) the next morning"
    } else {
        "answer the next-morning check-in"
    };
    LoadVerdict {
        decision: LoadDecision::Hold,
        reasons: vec![Reason::new(
            rules::R_PM2,
            format!(
                "No sessions are logged yet, so start at your current level. After each session, \
                 log your pain during and straight after it, and {measure}: the next step depends \
                 on how your tendon responds."
            ),
        )],
    }
}

/// True when pain during or after a session went above the limit.
pub(super) fn over_session_limit(session: &LoggedSession) -> bool {
    super::over_session_limit(session.pain_during, session.pain_after)
}

/// "during 6/10, after 4/10".
fn describe_session(session: &LoggedSession) -> String {
    format!(
        "during {}, after {}",
        session.pain_during, session.pain_after
    )
}

/// "within" or "above" the 5/10 limit.
fn against_limit(value: u8) -> &'static str {
    if value > SESSION_PAIN_LIMIT {
        "above"
    } else {
        "within"
    }
}

/// R-PM1 and R-PM2 on the latest session's pain during and after, and two in a row over.
pub(super) fn latest_session(context: &Context<'_>, assessment: &mut Assessment) {
    let latest = context.latest;
    let during = latest.pain_during.value();
    let after = latest.pain_after.value();
    assessment.within(
        rules::R_PM1,
        format!(
            "Pain during your session on {} was {during}/10, {} the {SESSION_PAIN_LIMIT}/10 limit.",
            latest.date,
            against_limit(during)
        ),
    );
    assessment.within(
        rules::R_PM2,
        format!(
            "Pain straight after it was {after}/10, {} the {SESSION_PAIN_LIMIT}/10 limit.",
            against_limit(after)
        ),
    );
    if !over_session_limit(&latest) {
        return;
    }
    let rule = if during > SESSION_PAIN_LIMIT {
        rules::R_PM1
    } else {
        rules::R_PM2
    };
    match context.previous.filter(over_session_limit) {
        Some(previous) => assessment.regress(
            rule,
            format!(
                "Pain went above {SESSION_PAIN_LIMIT}/10 in two sessions in a row ({}: {}; {}: \
                 {}): the load is more than your tendon can take at the moment.",
                previous.date,
                describe_session(&previous),
                latest.date,
                describe_session(&latest)
            ),
        ),
        None => assessment.hold(
            rule,
            format!(
                "Pain went above {SESSION_PAIN_LIMIT}/10 once, so don't move up a level yet. If it \
                 happens again next session, step back a level."
            ),
        ),
    }
}
