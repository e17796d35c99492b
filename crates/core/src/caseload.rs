//! Who needs a clinician's attention first: the caseload's flags, each with its reasons and rule
//! ids, and a score that orders the patients.
//!
//! The input is a bounded window of each patient's recent record (the last four weeks of
//! sessions and check-ins, the last two weeks of refused massage-gun attempts, the first and the
//! latest questionnaire scores), so that the cost of deciding does not grow with the length of a
//! patient's history. The pain-monitoring decision ([`crate::pain_monitoring::decide`]) and the
//! escalation rules ([`crate::escalation::escalate`]) are reused, not restated.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::condition::Condition;
use crate::escalation::{self, EscalationLevel, OutcomeHistory};
use crate::pain_monitoring::{self, LoadHistory, LoggedSession};
use crate::pain_score::PainScore;
use crate::reason::Reason;
use crate::rules::{self, RuleId};

/// Days of sessions and check-ins the caseload reads for each patient.
pub const WINDOW_DAYS: i64 = 28;

/// Days of refused massage-gun attempts the caseload reads.
pub const GUN_WINDOW_DAYS: i64 = 14;

/// Days after a session without a next-morning answer before the caseload flags it: the
/// check-in opens the morning after, so a session two days ago without an answer is missing.
pub const CHECKIN_GRACE_DAYS: i64 = 2;

/// A fall in sessions done, fortnight on fortnight, that the caseload flags as adherence
/// falling (Tendo's own threshold): a quarter of the plan's sessions.
pub const ADHERENCE_FALL: f64 = 0.25;

/// What the caseload flags, in order of urgency.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FlagKind {
    /// A red flag stopped self-management (`RF-`).
    RedFlag,
    /// The pain-monitoring rules were broken (`R-PM1`, `R-PM2`, `R-LT1`, `R-LT2`).
    PainRules,
    /// Pain during, after or the next morning rising week on week (`R-PM3`).
    PainRising,
    /// Massage-gun attempts refused: too long, too soon or a forbidden site.
    MassageGun,
    /// The questionnaire scores call for a review or a referral (`E-REVIEW`, `E-REFER`,
    /// `E-WORSE`).
    NoProgress,
    /// A next-morning check-in is missing.
    CheckinMissing,
    /// Fewer sessions done than the fortnight before.
    AdherenceFalling,
    /// The questionnaire is overdue.
    QuestionnaireOverdue,
    /// The latest plan version waits for a clinician's review.
    PlanReview,
    /// The intake is not finished.
    IntakeOpen,
}

impl FlagKind {
    /// Every kind, most urgent first.
    pub const ALL: [FlagKind; 10] = [
        FlagKind::RedFlag,
        FlagKind::PainRules,
        FlagKind::PainRising,
        FlagKind::MassageGun,
        FlagKind::NoProgress,
        FlagKind::CheckinMissing,
        FlagKind::AdherenceFalling,
        FlagKind::QuestionnaireOverdue,
        FlagKind::PlanReview,
        FlagKind::IntakeOpen,
    ];

    /// The identifier used in URLs and JSON, such as `pain-rules`.
    pub fn id(self) -> &'static str {
        match self {
            FlagKind::RedFlag => "red-flag",
            FlagKind::PainRules => "pain-rules",
            FlagKind::PainRising => "pain-rising",
            FlagKind::MassageGun => "massage-gun",
            FlagKind::NoProgress => "no-progress",
            FlagKind::CheckinMissing => "checkin-missing",
            FlagKind::AdherenceFalling => "adherence-falling",
            FlagKind::QuestionnaireOverdue => "questionnaire-overdue",
            FlagKind::PlanReview => "plan-review",
            FlagKind::IntakeOpen => "intake-open",
        }
    }

    /// A short name for people.
    pub fn label(self) -> &'static str {
        match self {
            FlagKind::RedFlag => "Red flag",
            FlagKind::PainRules => "Pain limits broken",
            FlagKind::PainRising => "Pain rising week on week",
            FlagKind::MassageGun => "Massage gun refused",
            FlagKind::NoProgress => "Review or referral",
            FlagKind::CheckinMissing => "Check-in missing",
            FlagKind::AdherenceFalling => "Fewer sessions",
            FlagKind::QuestionnaireOverdue => "Questionnaire overdue",
            FlagKind::PlanReview => "Plan to review",
            FlagKind::IntakeOpen => "Intake not finished",
        }
    }

    /// Reads an identifier.
    pub fn parse(text: &str) -> Option<FlagKind> {
        FlagKind::ALL.into_iter().find(|kind| kind.id() == text)
    }

    /// How much the flag weighs in the order of the caseload.
    pub fn weight(self) -> u32 {
        match self {
            FlagKind::RedFlag => 1000,
            FlagKind::PainRules => 300,
            FlagKind::PainRising => 250,
            FlagKind::MassageGun => 200,
            FlagKind::NoProgress => 150,
            FlagKind::CheckinMissing => 60,
            FlagKind::AdherenceFalling => 50,
            FlagKind::QuestionnaireOverdue => 40,
            FlagKind::PlanReview => 20,
            FlagKind::IntakeOpen => 10,
        }
    }
}

/// What a refused massage-gun attempt broke.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GunBreach {
    /// Longer than a site's cap or the 5-minute calf total (A12, A13).
    TooLong,
    /// Within 48 hours of the last session (A16).
    TooSoon,
    /// A site that may not be treated (A13, A14, A18–A22, MG-BELLY).
    ForbiddenSite,
    /// A faster rate than allowed (A8, A11).
    TooFast,
    /// No massage gun for this person at all (A9, A17).
    NotForThisPerson,
}

impl GunBreach {
    /// The stored spelling.
    pub fn id(self) -> &'static str {
        match self {
            GunBreach::TooLong => "too-long",
            GunBreach::TooSoon => "too-soon",
            GunBreach::ForbiddenSite => "forbidden-site",
            GunBreach::TooFast => "too-fast",
            GunBreach::NotForThisPerson => "not-for-this-person",
        }
    }

    /// Reads the stored spelling.
    pub fn parse(text: &str) -> Option<GunBreach> {
        [
            GunBreach::TooLong,
            GunBreach::TooSoon,
            GunBreach::ForbiddenSite,
            GunBreach::TooFast,
            GunBreach::NotForThisPerson,
        ]
        .into_iter()
        .find(|breach| breach.id() == text)
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            GunBreach::TooLong => "too long",
            GunBreach::TooSoon => "too soon after the last session",
            GunBreach::ForbiddenSite => "a site that may not be treated",
            GunBreach::TooFast => "too fast a rate",
            GunBreach::NotForThisPerson => "no massage gun for this patient",
        }
    }
}

/// A massage-gun attempt the server refused.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GunRefusal {
    /// The day of the attempt, in the patient's zone.
    pub date: Date,
    /// What it broke.
    pub breaches: Vec<GunBreach>,
    /// The rules that refused it.
    pub rules: Vec<RuleId>,
}

/// One patient's recent record, as the caseload reads it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseloadInput {
    /// Today in the patient's zone.
    pub today: Date,
    /// The condition, once known.
    pub condition: Option<Condition>,
    /// The red-flag rules of a stop that no clinician has cleared yet.
    pub red_flags: Vec<RuleId>,
    /// True once the intake is complete (or stopped by a red flag).
    pub intake_complete: bool,
    /// The plan, when the patient is on one.
    pub plan: Option<PlanFacts>,
    /// Sessions of the last [`WINDOW_DAYS`], with the next-morning pain where answered.
    pub sessions: Vec<LoggedSession>,
    /// Refused massage-gun attempts of the last [`GUN_WINDOW_DAYS`].
    pub gun_refusals: Vec<GunRefusal>,
    /// The questionnaire scores: the first one and the latest three, by day.
    pub scores: Vec<(Date, u8)>,
    /// Days between questionnaires, set by the clinic.
    pub questionnaire_interval_days: u16,
}

/// What the caseload needs of a plan.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanFacts {
    /// The first day of the programme.
    pub programme_start: Date,
    /// Training days a week the plan asks for.
    pub days_per_week: u8,
    /// The usual morning pain from the intake.
    pub baseline_morning_pain: PainScore,
    /// True once a clinician reviewed the latest version.
    pub reviewed: bool,
}

/// One reason to look at a patient.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    /// What it is.
    pub kind: FlagKind,
    /// Why, rule by rule.
    pub reasons: Vec<Reason>,
}

/// A patient's place in the caseload.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attention {
    /// The sum of the flags' weights: higher comes first.
    pub score: u32,
    /// The flags, most urgent first.
    pub flags: Vec<Flag>,
}

impl Attention {
    /// True when a flag of `kind` is raised.
    pub fn has(&self, kind: FlagKind) -> bool {
        self.flags.iter().any(|flag| flag.kind == kind)
    }
}

fn flag(kind: FlagKind, reasons: Vec<Reason>) -> Flag {
    Flag { kind, reasons }
}

fn days_ago(today: Date, days: i64) -> Date {
    today.checked_sub(days.days()).unwrap_or(today)
}

/// Decides which flags a patient raises, and how urgently.
pub fn assess(input: &CaseloadInput) -> Attention {
    let mut flags = Vec::new();
    if !input.red_flags.is_empty() {
        let mut reasons: Vec<Reason> = input
            .red_flags
            .iter()
            .map(|rule| {
                Reason::new(
                    *rule,
                    "Reported at intake: self-management is stopped until a clinician has \
                     assessed the patient and cleared it.",
                )
            })
            .collect();
        reasons.dedup();
        flags.push(flag(FlagKind::RedFlag, reasons));
    } else if !input.intake_complete {
        flags.push(flag(
            FlagKind::IntakeOpen,
            vec![Reason::new(
                rules::A2,
                "The intake is not finished yet, so there is no plan.",
            )],
        ));
    }
    if let (Some(plan), Some(condition)) = (input.plan, input.condition) {
        pain_flags(input, plan, condition, &mut flags);
        gun_flags(input, &mut flags);
        outcome_flags(input, plan, condition, &mut flags);
        checkin_flag(input, &mut flags);
        adherence_flag(input, plan, &mut flags);
        questionnaire_flag(input, condition, &mut flags);
        if !plan.reviewed {
            flags.push(flag(
                FlagKind::PlanReview,
                vec![Reason::new(
                    rules::P_LEN,
                    "The latest plan version was made by Tendo and waits for a clinician's \
                     review.",
                )],
            ));
        }
    }
    flags.sort_by_key(|flag| flag.kind);
    Attention {
        score: flags.iter().map(|flag| flag.kind.weight()).sum(),
        flags,
    }
}

/// The pain-monitoring rules over the last week (limits of [`pain_monitoring`], the next
/// morning judged against the same usual level the decision uses), and pain during, after or
/// the next morning climbing week on week (`R-PM3`, as the decision judges it).
fn pain_flags(input: &CaseloadInput, plan: PlanFacts, condition: Condition, flags: &mut Vec<Flag>) {
    let week_ago = days_ago(input.today, pain_monitoring::WINDOW_DAYS);
    let limit = pain_monitoring::SESSION_PAIN_LIMIT;
    let rise_limit = pain_monitoring::MORNING_RISE_LIMIT;
    let history = LoadHistory {
        condition,
        baseline_morning_pain: plan.baseline_morning_pain,
        sessions: input
            .sessions
            .iter()
            .filter(|session| session.date <= input.today)
            .copied()
            .collect(),
    };
    let mut broken = Vec::new();
    let last_week = history
        .sessions
        .iter()
        .filter(|session| session.date > week_ago);
    for session in last_week {
        let day = session.date.strftime("%a %-d %b");
        let during = session.pain_during.value();
        let after = session.pain_after.value();
        if during > limit {
            broken.push(Reason::new(
                rules::R_PM1,
                format!("Pain during the session of {day} was {during}/10, above {limit}/10."),
            ));
        }
        if after > limit {
            broken.push(Reason::new(
                rules::R_PM2,
                format!("Pain after the session of {day} was {after}/10, above {limit}/10."),
            ));
        }
        let Some(morning) = session.pain_next_morning.map(PainScore::value) else {
            continue;
        };
        let usual = pain_monitoring::usual_morning(&history, session.date);
        if condition == Condition::ProximalHamstring {
            if morning > pain_monitoring::HAMSTRING_LOAD_TEST_TOLERATED {
                broken.push(Reason::new(
                    rules::R_LT2,
                    format!(
                        "The 24-hour load test after {day} scored {morning}/10: not tolerated \
                         (more than {}/10).",
                        pain_monitoring::HAMSTRING_LOAD_TEST_TOLERATED
                    ),
                ));
            } else if let Some(usual) = usual.filter(|usual| morning > usual + rise_limit) {
                broken.push(Reason::new(
                    rules::R_LT1,
                    format!(
                        "The 24-hour load test after {day} scored {morning}/10, more than \
                         {rise_limit} points above the usual {usual}/10."
                    ),
                ));
            }
            continue;
        }
        let usual = usual.unwrap_or(plan.baseline_morning_pain.value());
        if morning > usual + rise_limit {
            broken.push(Reason::new(
                rules::R_LT1,
                format!(
                    "The morning after {day} pain was {morning}/10, more than {rise_limit} points \
                     above the usual {usual}/10."
                ),
            ));
        } else if morning > usual {
            broken.push(Reason::new(
                rules::R_PM2,
                format!(
                    "The morning after {day} pain was {morning}/10, above the usual {usual}/10: \
                     it had not settled."
                ),
            ));
        }
    }
    if !broken.is_empty() {
        flags.push(flag(FlagKind::PainRules, broken));
    }
    let rising = pain_monitoring::rising_trend(&history);
    if !rising.is_empty() {
        flags.push(flag(FlagKind::PainRising, rising));
    }
}

fn gun_flags(input: &CaseloadInput, flags: &mut Vec<Flag>) {
    let since = days_ago(input.today, GUN_WINDOW_DAYS);
    let refusals: Vec<&GunRefusal> = input
        .gun_refusals
        .iter()
        .filter(|refusal| refusal.date >= since)
        .collect();
    if refusals.is_empty() {
        return;
    }
    let mut reasons = Vec::new();
    for refusal in &refusals {
        let what: Vec<&str> = refusal
            .breaches
            .iter()
            .map(|breach| breach.label())
            .collect();
        let rule = refusal.rules.first().copied().unwrap_or(rules::A16);
        reasons.push(Reason::new(
            rule,
            format!(
                "On {} a massage-gun session was refused: {} ({}).",
                refusal.date.strftime("%a %-d %b"),
                what.join(", "),
                refusal
                    .rules
                    .iter()
                    .map(|rule| rule.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    flags.push(flag(FlagKind::MassageGun, reasons));
}

/// The share of the plan's sessions done in the `days` before `end` (exclusive).
fn share_done(sessions: &[LoggedSession], end: Date, days: i64, per_week: u8) -> f64 {
    let start = days_ago(end, days);
    let done = sessions
        .iter()
        .filter(|session| session.date >= start && session.date < end)
        .map(|session| session.date)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let due = f64::from(per_week.max(1)) * days as f64 / 7.0;
    (done as f64 / due).min(1.0)
}

fn outcome_flags(
    input: &CaseloadInput,
    plan: PlanFacts,
    condition: Condition,
    flags: &mut Vec<Flag>,
) {
    if input.scores.len() < 2 || plan.programme_start > input.today {
        return;
    }
    let adherence = share_done(
        &input.sessions,
        input.today,
        WINDOW_DAYS,
        plan.days_per_week,
    );
    let history = OutcomeHistory {
        condition,
        programme_started: plan.programme_start,
        today: input.today,
        adherence,
        visa: input
            .scores
            .iter()
            .copied()
            .filter(|(date, _)| *date <= input.today)
            .collect(),
    };
    let Ok(escalation) = escalation::escalate(&history) else {
        return;
    };
    if escalation.level == EscalationLevel::None {
        return;
    }
    let reasons: Vec<Reason> = escalation
        .reasons
        .into_iter()
        .filter(|reason| {
            [rules::E_REVIEW, rules::E_REFER, rules::E_WORSE, rules::H6].contains(&reason.rule)
        })
        .collect();
    flags.push(flag(FlagKind::NoProgress, reasons));
}

fn checkin_flag(input: &CaseloadInput, flags: &mut Vec<Flag>) {
    let cutoff = days_ago(input.today, CHECKIN_GRACE_DAYS);
    let Some(last) = input
        .sessions
        .iter()
        .filter(|session| session.date < input.today)
        .max_by_key(|session| session.date)
    else {
        return;
    };
    let answered = input
        .sessions
        .iter()
        .filter(|session| session.date == last.date)
        .any(|session| session.pain_next_morning.is_some());
    if !answered && last.date <= cutoff {
        flags.push(flag(
            FlagKind::CheckinMissing,
            vec![Reason::new(
                rules::R_PM2,
                format!(
                    "No next-morning answer for the session of {}: the plan cannot move until \
                     the pain the morning after is known.",
                    last.date.strftime("%a %-d %b")
                ),
            )],
        ));
    }
}

fn adherence_flag(input: &CaseloadInput, plan: PlanFacts, flags: &mut Vec<Flag>) {
    let fortnight = 14;
    let started = plan.programme_start;
    if started > days_ago(input.today, 2 * fortnight) {
        return;
    }
    let now = share_done(&input.sessions, input.today, fortnight, plan.days_per_week);
    let before = share_done(
        &input.sessions,
        days_ago(input.today, fortnight),
        fortnight,
        plan.days_per_week,
    );
    if before - now >= ADHERENCE_FALL {
        flags.push(flag(
            FlagKind::AdherenceFalling,
            vec![Reason::new(
                rules::P_FREQ,
                format!(
                    "Sessions done fell from {:.0}% of the plan in the fortnight before to \
                     {:.0}% in the last fortnight.",
                    before * 100.0,
                    now * 100.0
                ),
            )],
        ));
    }
}

fn questionnaire_flag(input: &CaseloadInput, condition: Condition, flags: &mut Vec<Flag>) {
    let Some(last) = input.scores.iter().map(|(date, _)| *date).max() else {
        return;
    };
    let interval = i64::from(input.questionnaire_interval_days.max(1));
    let Ok(due) = last.checked_add(interval.days()) else {
        return;
    };
    if due < input.today {
        let rule = if condition.is_achilles() {
            rules::Q_VISA_A
        } else {
            rules::Q_VISA_H
        };
        flags.push(flag(
            FlagKind::QuestionnaireOverdue,
            vec![Reason::new(
                rule,
                format!(
                    "The questionnaire was due on {}; the last answer was on {}.",
                    due.strftime("%a %-d %b"),
                    last.strftime("%a %-d %b")
                ),
            )],
        ));
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn pain(value: u8) -> PainScore {
        PainScore::new(value).unwrap()
    }

    fn session(day: Date, during: u8, after: u8, morning: Option<u8>) -> LoggedSession {
        LoggedSession {
            date: day,
            pain_during: pain(during),
            pain_after: pain(after),
            pain_next_morning: morning.map(pain),
        }
    }

    fn base(today: Date) -> CaseloadInput {
        CaseloadInput {
            today,
            condition: Some(Condition::AchillesMidportion),
            red_flags: Vec::new(),
            intake_complete: true,
            plan: Some(PlanFacts {
                programme_start: date(2026, 1, 5),
                days_per_week: 3,
                baseline_morning_pain: pain(3),
                reviewed: true,
            }),
            sessions: Vec::new(),
            gun_refusals: Vec::new(),
            scores: vec![(today, 50)],
            questionnaire_interval_days: 14,
        }
    }

    fn steady(today: Date) -> Vec<LoggedSession> {
        (1..=28)
            .filter(|day| day % 2 == 0)
            .map(|day| session(today - day.days(), 2, 2, Some(3)))
            .collect()
    }

    #[test]
    fn a_steady_patient_raises_nothing() {
        let today = date(2026, 3, 2);
        let mut input = base(today);
        input.sessions = steady(today);
        let attention = assess(&input);
        assert_eq!(attention.flags, Vec::new());
        assert_eq!(attention.score, 0);
    }

    #[test]
    fn a_red_flag_comes_first_with_its_rule() {
        let today = date(2026, 3, 2);
        let mut input = base(today);
        input.plan = None;
        input.red_flags = vec![rules::RF_DVT];
        let attention = assess(&input);
        assert_eq!(attention.flags[0].kind, FlagKind::RedFlag);
        assert_eq!(attention.flags[0].reasons[0].rule, rules::RF_DVT);
        assert!(attention.score >= 1000);
    }

    #[test]
    fn pain_above_the_limit_twice_is_flagged_with_r_pm1() {
        let today = date(2026, 3, 2);
        let mut input = base(today);
        input.sessions = steady(today);
        input
            .sessions
            .push(session(today - 3.days(), 7, 6, Some(3)));
        input
            .sessions
            .push(session(today - 1.days(), 7, 6, Some(3)));
        let attention = assess(&input);
        let pain_flag = attention
            .flags
            .iter()
            .find(|flag| flag.kind == FlagKind::PainRules)
            .expect("pain rules flagged");
        assert!(
            pain_flag
                .reasons
                .iter()
                .any(|reason| reason.rule == rules::R_PM1),
            "{pain_flag:?}"
        );
    }

    #[test]
    fn r_pm3_pain_during_and_after_creeping_up_is_flagged_though_within_the_limits() {
        let today = date(2026, 3, 2);
        let mut input = base(today);
        // Three weeks, mornings steady at 2; pain during and after 1, then 3, then 5.
        input.sessions = (0..21)
            .filter(|day| day % 2 == 0)
            .map(|day: i64| {
                let pain = match day {
                    0..=6 => 5,
                    7..=13 => 3,
                    _ => 1,
                };
                session(today - day.days(), pain, pain, Some(2))
            })
            .collect();
        let attention = assess(&input);
        assert!(attention.has(FlagKind::PainRising), "{attention:?}");
        assert!(!attention.has(FlagKind::PainRules), "{attention:?}");
    }

    #[test]
    fn r_lt1_a_flare_after_quiet_mornings_is_flagged_against_the_recent_usual() {
        let today = date(2026, 3, 2);
        let mut input = base(today);
        if let Some(plan) = input.plan.as_mut() {
            plan.baseline_morning_pain = pain(6);
        }
        // Quiet mornings at 1 for two weeks, then 5 the morning after yesterday's session: within
        // 2 points of the baseline of 6, but 4 above the recent usual of 1.
        input.sessions = (2..16)
            .map(|day: i64| session(today - day.days(), 2, 2, Some(1)))
            .collect();
        input
            .sessions
            .push(session(today - 1.days(), 2, 2, Some(5)));
        let attention = assess(&input);
        let pain_flag = attention
            .flags
            .iter()
            .find(|flag| flag.kind == FlagKind::PainRules)
            .expect("the flare is flagged");
        assert!(
            pain_flag
                .reasons
                .iter()
                .any(|reason| reason.rule == rules::R_LT1),
            "{pain_flag:?}"
        );
    }

    #[test]
    fn rising_morning_pain_is_flagged_with_r_pm3() {
        let today = date(2026, 3, 2);
        let mut input = base(today);
        input.sessions = (1..=13)
            .map(|day| {
                let morning = if day <= 6 { 6 } else { 3 };
                session(today - day.days(), 2, 2, Some(morning))
            })
            .collect();
        let attention = assess(&input);
        assert!(attention.has(FlagKind::PainRising), "{attention:?}");
    }

    #[test]
    fn refused_gun_attempts_name_their_rules() {
        let today = date(2026, 3, 2);
        let mut input = base(today);
        input.sessions = steady(today);
        input.gun_refusals = vec![GunRefusal {
            date: today - 1.days(),
            breaches: vec![GunBreach::TooSoon],
            rules: vec![rules::A16],
        }];
        let attention = assess(&input);
        let gun = &attention.flags[0];
        assert_eq!(gun.kind, FlagKind::MassageGun);
        assert_eq!(gun.reasons[0].rule, rules::A16);
        input.gun_refusals[0].date = today - 20.days();
        assert!(
            !assess(&input).has(FlagKind::MassageGun),
            "old refusals fade"
        );
    }

    #[test]
    fn a_missing_checkin_and_an_overdue_questionnaire_are_flagged() {
        let today = date(2026, 3, 2);
        let mut input = base(today);
        input.sessions = steady(today);
        input.sessions.push(session(today - 3.days(), 2, 2, None));
        input
            .sessions
            .retain(|session| session.date != today - 2.days());
        input.scores = vec![(today - 20.days(), 50)];
        let attention = assess(&input);
        assert!(attention.has(FlagKind::CheckinMissing), "{attention:?}");
        assert!(attention.has(FlagKind::QuestionnaireOverdue));
    }

    #[test]
    fn adherence_falling_compares_fortnights() {
        let today = date(2026, 3, 2);
        let mut input = base(today);
        input.sessions = (15..=28)
            .filter(|day| day % 2 == 0)
            .map(|day| session(today - day.days(), 2, 2, Some(3)))
            .collect();
        let attention = assess(&input);
        assert!(attention.has(FlagKind::AdherenceFalling), "{attention:?}");
    }

    #[test]
    fn no_meaningful_change_after_twelve_weeks_calls_for_review() {
        let today = date(2026, 4, 6);
        let mut input = base(today);
        input.sessions = (1..=28)
            .filter(|day| day % 2 == 0)
            .map(|day| session(today - day.days(), 2, 2, Some(3)))
            .collect();
        input.scores = vec![(date(2026, 1, 5), 50), (today - 1.days(), 55)];
        let attention = assess(&input);
        let review = attention
            .flags
            .iter()
            .find(|flag| flag.kind == FlagKind::NoProgress)
            .expect("review flagged");
        assert_eq!(review.reasons[0].rule, rules::E_REVIEW);
    }

    #[test]
    fn flag_ids_read_back() {
        for kind in FlagKind::ALL {
            assert_eq!(FlagKind::parse(kind.id()), Some(kind));
        }
    }
}
