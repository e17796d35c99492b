//! One patient's caseload entry: the windows the store read turned into the engine's input
//! ([`tendo_core::caseload::assess`]), and its verdict.

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use tendo_core::caseload::{self, CaseloadInput, GunRefusal, PlanFacts};
use tendo_core::pain_monitoring::LoggedSession;
use tendo_core::pain_score::PainScore;
use tendo_core::programme::ExerciseKind;
use tendo_core::red_flags::RedFlag;
use tendo_store::clinic::CaseloadPatient;

use super::caseload::{CaseloadEntry, Standing};
use crate::patient::intake::answers::IntakeAnswers;
use crate::patient::plan::{programme_week, week_plan_of};

/// One patient's entry: their windows turned into the engine's input, and its verdict.
pub(super) fn entry(
    patient: CaseloadPatient,
    now: jiff::Timestamp,
    interval: u16,
) -> CaseloadEntry {
    let zone = TimeZone::get(&patient.user.time_zone).unwrap_or(TimeZone::UTC);
    let today = now.to_zoned(zone).date();
    let answers: Option<IntakeAnswers> = patient
        .intake
        .clone()
        .and_then(|value| serde_json::from_value(value).ok());
    let stopped = patient.intake_completed && answers.as_ref().is_some_and(IntakeAnswers::flagged);
    let red_flags = if stopped {
        let flags: Vec<RedFlag> = answers
            .as_ref()
            .and_then(|answers| answers.red_flags.clone())
            .unwrap_or_default();
        let mut rules: Vec<_> = flags
            .iter()
            .flat_map(|flag| flag.rules().to_vec())
            .collect();
        rules.sort();
        rules.dedup();
        rules
    } else {
        Vec::new()
    };
    let baseline = answers
        .as_ref()
        .and_then(|answers| answers.baseline.as_ref())
        .map(|baseline| baseline.morning_pain)
        .or_else(|| PainScore::new(0));
    let mut week = None;
    let mut protocol = None;
    let plan = match (&patient.plan, baseline) {
        (Some(version), Some(baseline)) if !stopped && patient.intake_completed => {
            let week_plan = week_plan_of(version, today).ok();
            let days_per_week = week_plan
                .as_ref()
                .and_then(|plan| {
                    plan.items
                        .iter()
                        .filter(|item| item.kind != ExerciseKind::LoadTest)
                        .map(|item| item.days_per_week)
                        .max()
                })
                .unwrap_or(version.sessions_per_week);
            week = Some(programme_week(version.programme_start, today));
            protocol = Some(version.position.protocol.label());
            Some(PlanFacts {
                programme_start: version.programme_start,
                days_per_week,
                baseline_morning_pain: baseline,
                reviewed: version.reviewed_at.is_some(),
            })
        }
        _ => None,
    };
    let mornings: BTreeMap<Date, u8> = patient.checkins.iter().copied().collect();
    let sessions: Vec<LoggedSession> = patient
        .sessions
        .iter()
        .filter_map(|&(date, during, after)| {
            Some(LoggedSession {
                date,
                pain_during: PainScore::new(during)?,
                pain_after: PainScore::new(after)?,
                pain_next_morning: mornings.get(&date).copied().and_then(PainScore::new),
            })
        })
        .collect();
    let mut scores: Vec<(Date, u8)> = patient.first_score.into_iter().collect();
    for score in &patient.latest_scores {
        if !scores.contains(score) {
            scores.push(*score);
        }
    }
    scores.sort();
    let condition = patient
        .plan
        .as_ref()
        .map(|plan| plan.condition)
        .or_else(|| answers.as_ref().and_then(|answers| answers.condition));
    let input = CaseloadInput {
        today,
        condition,
        red_flags,
        intake_complete: patient.intake_completed,
        plan,
        sessions,
        gun_refusals: patient
            .gun_refusals
            .iter()
            .map(|refusal| GunRefusal {
                date: refusal.date,
                breaches: refusal.breaches.clone(),
                rules: refusal.rules.clone(),
            })
            .collect(),
        scores,
        questionnaire_interval_days: interval,
    };
    let attention = caseload::assess(&input);
    let standing = if stopped {
        Standing::Stopped
    } else if plan.is_some() {
        Standing::Active
    } else {
        Standing::Intake
    };
    CaseloadEntry {
        patient_id: patient.user.id,
        name: patient.user.name,
        email: patient.user.email,
        condition,
        standing,
        week,
        protocol,
        last_session: patient.sessions.iter().map(|session| session.0).max(),
        unread_messages: patient.unread_messages,
        attention,
        next_appointment: None,
    }
}
