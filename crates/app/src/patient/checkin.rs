//! The next-morning check-in: the pain-monitoring decision and how it moves the plan.
//!
//! `programme::apply` is meant to run once a week, so the plan moves at most once a week: a step
//! back applies at once (but only one step back a week, so two sore mornings do not drop two
//! levels), while progress and hold wait until at least 7 days after the last change. Every
//! move is a new plan version carrying the decision's reasons.

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use tendo_core::condition::Condition;
use tendo_core::pain_monitoring::{self, LoadDecision, LoadHistory, LoggedSession};
use tendo_core::pain_score::PainScore;
use tendo_core::programme;
use tendo_core::reason::Reason;
use tendo_core::rules;
use tendo_store::StoreError;
use tendo_store::care::{NewPlanVersion, PlanCause, PlanVersion};
use tendo_store::ids::{RecordId, UserId};
use tendo_store::training::{Checkin, NewCheckin};

use super::input::Reader;
use super::plan::{ActivePlan, require_active};
use super::today::pending_checkin;
use super::{PendingRead, Record, days_between, open_to_change, short_date};
use crate::App;
use crate::access::Caller;
use crate::error::{AppError, AppResult};

/// The check-in as typed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CheckinInput {
    /// The next-morning pain, 0–10 (for a hamstring, the 24-hour load-test score).
    pub pain: String,
    /// The session day it answers for (`YYYY-MM-DD`); the waiting one when empty.
    pub session_date: String,
}

/// The decision and what it did to the plan.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct CheckinOutcome {
    /// The stored check-in with the decision and its reasons.
    pub checkin: Checkin,
    /// The new plan version, if the decision moved the plan.
    pub new_version: Option<PlanVersion>,
}

/// Answers the waiting next-morning check-in and moves the plan by the decision.
pub async fn checkin(
    app: &App,
    caller: &Caller,
    patient: UserId,
    input: &CheckinInput,
) -> AppResult<CheckinOutcome> {
    let (record, read) = open_to_change(app, caller, patient, "today.read").await?;
    let answered = answer(app, caller, &record, &read, input).await;
    read.unless_changed(app, answered).await
}

/// Decides on the answer and stores it with the read's audit entry and its own.
async fn answer(
    app: &App,
    caller: &Caller,
    record: &Record,
    read: &PendingRead,
    input: &CheckinInput,
) -> AppResult<CheckinOutcome> {
    let plan = require_active(app, record).await?;
    let Some(session_date) = pending_checkin(app, record).await? else {
        return Err(AppError::Conflict(
            "no check-in is waiting: it opens the day after a session".into(),
        ));
    };
    let mut reader = Reader::default();
    let what = if plan.load_test().is_some() && !plan.condition.is_achilles() {
        "your 24-hour load-test score"
    } else {
        "your pain this morning"
    };
    let pain = reader.pain("pain", &input.pain, what);
    if !input.session_date.trim().is_empty()
        && input.session_date.trim() != session_date.to_string()
    {
        reader.errors.add(
            "session_date",
            format!("the check-in waiting is for the session of {session_date}"),
        );
    }
    reader.errors.into_result()?;
    let Some(pain) = pain else {
        return Err(AppError::invalid("pain", "enter your pain"));
    };

    let clinic = record.patient.clinic_id;
    let from = record.today.checked_sub(28.days()).unwrap_or(record.today);
    let sessions = app
        .store
        .sessions(clinic, record.id(), from, record.today)
        .await?;
    let checkins = app
        .store
        .checkins(clinic, record.id(), from, record.today)
        .await?;
    let past: Vec<PastCheckin> = checkins
        .iter()
        .map(|checkin| PastCheckin {
            session_date: checkin.session_date,
            pain: checkin.pain,
            stepped_back: checkin.decision == LoadDecision::Regress
                && checkin.plan_version_id.is_some(),
        })
        .collect();
    let sessions: Vec<(Date, PainScore, PainScore)> = sessions
        .iter()
        .map(|session| (session.date, session.pain_during, session.pain_after))
        .collect();
    let decided = decide(&Decide {
        condition: plan.condition,
        baseline_morning_pain: plan.baseline_morning_pain,
        position: plan.version.position,
        today: record.today,
        last_change: record.date_of(plan.version.created_at),
        sessions: &sessions,
        checkins: &past,
        session_date,
        pain,
    })?;
    let verdict_decision = decided.decision;
    let reasons = decided.reasons;
    let new_plan = decided.moved.map(|(position, plan_reasons)| {
        next_version(record, caller, &plan, position, plan_reasons)
    });
    let new_checkin = NewCheckin {
        id: RecordId::new(),
        patient_id: record.id(),
        clinic_id: clinic,
        session_date,
        answered_at: record.now,
        pain,
        decision: verdict_decision,
        reasons,
        plan: new_plan,
    };
    let audit = record
        .change(
            caller,
            "checkin.answer",
            &format!("checkins/{session_date}"),
        )
        .detail(format!(
            "morning pain {pain}; decision {:?}{}",
            verdict_decision,
            if new_checkin.plan.is_some() {
                "; plan moved"
            } else {
                ""
            }
        ));
    let (checkin, new_version) = app
        .store
        .record_checkin(&new_checkin, &read.with_change(audit))
        .await
        .map_err(|error| match error {
            StoreError::Conflict(_) => {
                AppError::Conflict("this morning's check-in is already answered".into())
            }
            other => other.into(),
        })?;
    Ok(CheckinOutcome {
        checkin,
        new_version,
    })
}

/// A check-in of the last four weeks, as the decision needs it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PastCheckin {
    /// The session day it answered for.
    pub session_date: Date,
    /// The next-morning pain.
    pub pain: PainScore,
    /// True when its decision stepped the plan back.
    pub stepped_back: bool,
}

/// What the next-morning decision is made from.
pub(crate) struct Decide<'a> {
    /// The condition.
    pub condition: Condition,
    /// The usual morning pain from the intake.
    pub baseline_morning_pain: PainScore,
    /// Where the latest plan version stands.
    pub position: programme::Position,
    /// Today in the patient's zone.
    pub today: Date,
    /// The day the plan last changed.
    pub last_change: Date,
    /// The sessions of the last four weeks: day, pain during, pain after.
    pub sessions: &'a [(Date, PainScore, PainScore)],
    /// The check-ins of the last four weeks.
    pub checkins: &'a [PastCheckin],
    /// The session day being answered for.
    pub session_date: Date,
    /// This morning's pain.
    pub pain: PainScore,
}

/// The decision with its reasons and, when the plan moves, the new position with the reasons
/// the new plan version carries.
pub(crate) struct Decided {
    /// Progress, hold or step back.
    pub decision: LoadDecision,
    /// Why, including how the plan moved or why it did not.
    pub reasons: Vec<Reason>,
    /// The new position and its reasons, when the plan moves.
    pub moved: Option<(programme::Position, Vec<Reason>)>,
}

/// The pain-monitoring decision and how it moves the plan (at most once a week; a step back at
/// once, but one a week). Pure: the check-in service and the demo generator both use it.
pub(crate) fn decide(input: &Decide<'_>) -> AppResult<Decided> {
    let mut mornings: BTreeMap<Date, PainScore> = input
        .checkins
        .iter()
        .map(|checkin| (checkin.session_date, checkin.pain))
        .collect();
    mornings.insert(input.session_date, input.pain);
    let history = LoadHistory {
        condition: input.condition,
        baseline_morning_pain: input.baseline_morning_pain,
        sessions: input
            .sessions
            .iter()
            .map(|(date, during, after)| LoggedSession {
                date: *date,
                pain_during: *during,
                pain_after: *after,
                pain_next_morning: mornings.get(date).copied(),
            })
            .collect(),
    };
    let verdict = pain_monitoring::decide(&history, input.today)?;
    let mut reasons = verdict.reasons.clone();
    let week_ago = input.today.checked_sub(7.days()).unwrap_or(input.today);
    let recent_step_back = input
        .checkins
        .iter()
        .filter(|checkin| checkin.stepped_back && checkin.session_date >= week_ago)
        .map(|checkin| checkin.session_date)
        .max();
    let last_change = input.last_change;
    let next_review = last_change.checked_add(7.days()).unwrap_or(last_change);
    let moves = match verdict.decision {
        LoadDecision::Regress => match recent_step_back {
            None => true,
            Some(day) => {
                reasons.push(Reason::new(
                    rules::R_REST,
                    format!(
                        "Your plan already stepped back after the session of {}: it stays at \
                         this lighter level while your tendon settles. Keep loading gently; \
                         don't stop.",
                        short_date(day)
                    ),
                ));
                false
            }
        },
        LoadDecision::Progress | LoadDecision::Hold => {
            if days_between(last_change, input.today) >= 7 {
                true
            } else {
                reasons.push(Reason::new(
                    rules::R_PM3,
                    format!(
                        "Tendo looks at your plan once a week, because a tendon needs a week \
                         to show how it copes with a load. Your plan last changed on {}, so \
                         the next weekly review is from {}. Until then, keep to this week's \
                         programme.",
                        short_date(last_change),
                        short_date(next_review)
                    ),
                ));
                false
            }
        }
    };
    let moved = if moves {
        // The most the exercises hurt since the plan last changed: an Alfredson load step
        // needs drops that no longer hurt (P-LOAD).
        let pain_during = input
            .sessions
            .iter()
            .filter(|(day, _, _)| *day >= input.last_change)
            .map(|(_, during, _)| *during)
            .max();
        let (position, mut moved) = programme::apply_after_week(
            input.position,
            input.condition,
            verdict.decision,
            pain_during,
        )?;
        reasons.append(&mut moved.clone());
        let mut plan_reasons = verdict.reasons.clone();
        plan_reasons.append(&mut moved);
        Some((position, plan_reasons))
    } else {
        None
    };
    Ok(Decided {
        decision: verdict.decision,
        reasons,
        moved,
    })
}

fn next_version(
    record: &Record,
    caller: &Caller,
    plan: &ActivePlan,
    position: programme::Position,
    reasons: Vec<Reason>,
) -> NewPlanVersion {
    NewPlanVersion {
        id: RecordId::new(),
        patient_id: record.id(),
        clinic_id: record.patient.clinic_id,
        created_at: record.now,
        created_by: Some(caller.id()),
        cause: PlanCause::Decision,
        condition: plan.condition,
        side: plan.version.side,
        position,
        sessions_per_week: plan.version.sessions_per_week,
        programme_start: plan.version.programme_start,
        reasons,
        note: None,
        adjustments: plan.version.adjustments.clone(),
        equipment: plan.version.equipment.clone(),
    }
}
