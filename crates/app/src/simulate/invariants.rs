//! The safety invariants every simulated day must keep, each checked against what the services
//! returned, with the rule it protects. ARCHITECTURE.md lists them; the journey simulator's
//! tests fail on the first journey that breaks one and print it.

use std::fmt;

use serde::Serialize;
use tendo_core::condition::Condition;
use tendo_core::evidence;
use tendo_core::massage_gun::Site;
use tendo_core::pain_monitoring::{
    HAMSTRING_LOAD_TEST_TOLERATED, LoadDecision, MORNING_RISE_LIMIT, SESSION_PAIN_LIMIT,
};
use tendo_core::programme::WeekPlan;
use tendo_core::reason::Reason;

/// A safety property of every journey.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Invariant {
    /// Never progress when the session it answers for, or any in the week before, went over
    /// 5/10, nor when the next morning rose more than 2 points above the usual level, nor when
    /// a hamstring load test scored 4 or more (`R-PM1`, `R-PM2`, `R-LT1`, `R-LT2`).
    NoProgressAfterABrokenLimit,
    /// Every item of an insertional (or not yet located) Achilles plan stays at floor level
    /// (`P-INS`).
    FloorLevelForInsertional,
    /// No massage-gun dose above a cap (`A8`, `A12`), and no second session within 48 hours
    /// (`A16`).
    GunWithinCaps,
    /// A plan is never rest: it always holds exercises (`R-REST`).
    NeverRest,
    /// A red flag stops the programme and flags the clinician the same day (`RF-`).
    RedFlagStopsTheSameDay,
    /// A patient not improving after 12 weeks is escalated to their clinician (`E-REVIEW`,
    /// `E-REFER`).
    NonResponderEscalated,
    /// Every decision carries reasons, and every reason a rule the evidence registry knows.
    ReasonsWithKnownRules,
    /// A session over a pain limit gets advice at once, and the clinician sees it.
    AdviceAfterAPainfulSession,
}

impl Invariant {
    /// Every invariant, in the order of the report.
    pub const ALL: [Invariant; 8] = [
        Invariant::NoProgressAfterABrokenLimit,
        Invariant::FloorLevelForInsertional,
        Invariant::GunWithinCaps,
        Invariant::NeverRest,
        Invariant::RedFlagStopsTheSameDay,
        Invariant::NonResponderEscalated,
        Invariant::ReasonsWithKnownRules,
        Invariant::AdviceAfterAPainfulSession,
    ];
}

impl fmt::Display for Invariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Invariant::NoProgressAfterABrokenLimit => "no progress after a broken limit",
            Invariant::FloorLevelForInsertional => "floor level for insertional",
            Invariant::GunWithinCaps => "massage gun within its caps",
            Invariant::NeverRest => "never rest",
            Invariant::RedFlagStopsTheSameDay => "a red flag stops the same day",
            Invariant::NonResponderEscalated => "a non-responder is escalated",
            Invariant::ReasonsWithKnownRules => "reasons with known rules",
            Invariant::AdviceAfterAPainfulSession => "advice after a painful session",
        };
        f.write_str(text)
    }
}

/// One broken invariant, on one day of one journey.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Violation {
    /// What broke.
    pub invariant: Invariant,
    /// The journey day, from 0.
    pub day: u32,
    /// What was seen.
    pub detail: String,
}

/// What a journey has logged so far, for the checks that look back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoggedDay {
    /// The journey day, from 0.
    pub day: u32,
    /// Pain during and straight after.
    pub during: u8,
    /// Pain straight after.
    pub after: u8,
    /// The next-morning answer, once given.
    pub next_morning: Option<u8>,
}

/// A check-in as the journey saw it.
#[derive(Clone, Copy, Debug)]
pub struct CheckinSeen<'a> {
    /// The patient's condition.
    pub condition: Condition,
    /// Their usual morning pain at intake.
    pub baseline: u8,
    /// The session the check-in answered for, with its next morning.
    pub answered: &'a LoggedDay,
    /// What the engine decided.
    pub decision: LoadDecision,
    /// Why.
    pub reasons: &'a [Reason],
}

/// The checks of one journey, collecting what breaks.
#[derive(Debug, Default)]
pub struct Checks {
    /// Everything broken so far.
    pub violations: Vec<Violation>,
}

impl Checks {
    fn fail(&mut self, invariant: Invariant, day: u32, detail: String) {
        self.violations.push(Violation {
            invariant,
            day,
            detail,
        });
    }

    /// A check-in's decision, with the `logged` history.
    pub fn decision(&mut self, day: u32, seen: &CheckinSeen<'_>, logged: &[LoggedDay]) {
        let CheckinSeen {
            condition,
            baseline,
            answered,
            decision,
            reasons,
        } = *seen;
        self.reasons(day, "check-in", reasons);
        if decision != LoadDecision::Progress {
            return;
        }
        let week = logged
            .iter()
            .filter(|session| session.day + 7 > answered.day && session.day <= answered.day);
        for session in week {
            if session.during > SESSION_PAIN_LIMIT || session.after > SESSION_PAIN_LIMIT {
                self.fail(
                    Invariant::NoProgressAfterABrokenLimit,
                    day,
                    format!(
                        "progress although the session of day {} hurt {} during, {} after",
                        session.day, session.during, session.after
                    ),
                );
            }
        }
        let Some(morning) = answered.next_morning else {
            return;
        };
        if condition == Condition::ProximalHamstring && morning > HAMSTRING_LOAD_TEST_TOLERATED {
            self.fail(
                Invariant::NoProgressAfterABrokenLimit,
                day,
                format!("progress although the load test scored {morning}/10"),
            );
        }
        let earlier: Vec<u8> = logged
            .iter()
            .filter(|session| session.day < answered.day && session.day + 14 >= answered.day)
            .filter_map(|session| session.next_morning)
            .collect();
        let usual = recent_usual(&earlier).map_or(baseline, |recent| recent.min(baseline));
        if morning > usual.saturating_add(MORNING_RISE_LIMIT) {
            self.fail(
                Invariant::NoProgressAfterABrokenLimit,
                day,
                format!(
                    "progress although the morning was {morning}/10 against a usual {usual}/10 \
                     (baseline {baseline}, recent mornings {earlier:?})"
                ),
            );
        }
    }

    /// Every reason names a rule the registry knows, and there is at least one.
    pub fn reasons(&mut self, day: u32, what: &str, reasons: &[Reason]) {
        if reasons.is_empty() {
            self.fail(
                Invariant::ReasonsWithKnownRules,
                day,
                format!("{what} without reasons"),
            );
        }
        for reason in reasons {
            if evidence::rule(reason.rule).is_none() || reason.message.trim().is_empty() {
                self.fail(
                    Invariant::ReasonsWithKnownRules,
                    day,
                    format!("{what}: reason {} unknown or empty", reason.rule),
                );
            }
        }
    }

    /// The week's plan: never rest, floor level for insertional or unlocated Achilles.
    pub fn plan(&mut self, day: u32, plan: &WeekPlan) {
        if plan.items.is_empty() {
            self.fail(
                Invariant::NeverRest,
                day,
                format!("an empty plan at {}", plan.level_label),
            );
        }
        if plan.condition.is_achilles() && plan.condition != Condition::AchillesMidportion {
            for item in plan.items.iter().filter(|item| !item.floor_level_only) {
                self.fail(
                    Invariant::FloorLevelForInsertional,
                    day,
                    format!("{} is not floor level only", item.exercise),
                );
            }
        }
    }

    /// The sites the massage gun may treat now, with their minutes.
    pub fn gun_caps(&mut self, day: u32, allowed: &[(Site, f64, bool)]) {
        let calf_total: f64 = allowed
            .iter()
            .filter(|(_, _, calf)| *calf)
            .map(|(_, minutes, _)| minutes)
            .sum();
        for (site, minutes, _) in allowed {
            if *minutes > 5.0 || *minutes <= 0.0 {
                self.fail(
                    Invariant::GunWithinCaps,
                    day,
                    format!("{} allowed for {minutes} min", site.id()),
                );
            }
        }
        if calf_total > 5.0 + 1e-9 {
            self.fail(
                Invariant::GunWithinCaps,
                day,
                format!("{calf_total} min on one calf in all"),
            );
        }
    }

    /// A massage-gun session within 48 hours of the last one was accepted.
    pub fn gun_too_soon_accepted(&mut self, day: u32, hours: f64) {
        self.fail(
            Invariant::GunWithinCaps,
            day,
            format!("a session {hours:.0} h after the last one was accepted"),
        );
    }

    /// A red flag was reported today: the programme must be stopped and the clinician see it.
    pub fn red_flag(&mut self, day: u32, stopped: bool, clinician_sees: bool) {
        if !stopped {
            self.fail(
                Invariant::RedFlagStopsTheSameDay,
                day,
                "the programme went on after a red flag".into(),
            );
        }
        if !clinician_sees {
            self.fail(
                Invariant::RedFlagStopsTheSameDay,
                day,
                "the clinician's caseload shows no red flag".into(),
            );
        }
    }

    /// After 12 weeks without a meaningful gain, the clinician must see the patient flagged.
    pub fn escalation(&mut self, day: u32, gain: i32, escalated: bool) {
        if !escalated {
            self.fail(
                Invariant::NonResponderEscalated,
                day,
                format!("no escalation after 12 weeks with a questionnaire gain of {gain}"),
            );
        }
    }

    /// A session was logged: advice must come with pain over a limit, and only then.
    pub fn advice(&mut self, day: u32, during: u8, after: u8, advised: bool, flagged: bool) {
        let over = during > SESSION_PAIN_LIMIT || after > SESSION_PAIN_LIMIT;
        if over != advised {
            self.fail(
                Invariant::AdviceAfterAPainfulSession,
                day,
                format!("pain {during} during, {after} after, advice given: {advised}"),
            );
        }
        if over && !flagged {
            self.fail(
                Invariant::AdviceAfterAPainfulSession,
                day,
                "the clinician's caseload does not flag a session over the limit".into(),
            );
        }
    }
}

/// The usual recent morning: the median of at least two earlier mornings, the higher middle
/// value when their number is even (a level reached on half the mornings is usual, not a
/// flare), or `None` for fewer than two.
pub fn recent_usual(values: &[u8]) -> Option<u8> {
    if values.len() < 2 {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    sorted.get(sorted.len() / 2).copied()
}
