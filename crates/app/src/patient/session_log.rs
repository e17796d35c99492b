//! Logging a session done today: its sets and pain read from what was typed (bad input saves
//! nothing and names each field), at most the sessions a day the plan allows, and the advice
//! the pain calls for.

use std::collections::BTreeSet;

use jiff::ToSpan;
use serde::{Deserialize, Serialize};
use tendo_core::condition::Condition;
use tendo_core::pain_monitoring::over_session_limit;
use tendo_core::programme::PlanItem;
use tendo_core::session_advice::{self, SessionAdvice, SessionPain};
use tendo_store::StoreError;
use tendo_store::ids::{RecordId, UserId};
use tendo_store::training::{DaySummary, LoggedSet, NewTrainingSession, TrainingSession};

use super::input::Reader;
use super::plan::{ActivePlan, require_active};
use super::today::week_ago;
use super::{PendingRead, Record, open_to_change};
use crate::App;
use crate::access::Caller;
use crate::error::{AppError, AppResult, FieldErrors};

/// A logged session and, when its pain went over a limit, what to do until the next morning.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct SessionLogged {
    /// The stored session.
    #[serde(flatten)]
    pub session: TrainingSession,
    /// Plain advice for tonight and tomorrow when the pain went over a limit; the clinician
    /// sees the session among their flagged patients.
    pub advice: Option<SessionAdvice>,
}

/// The advice after `latest`, one of today's sessions: the session before it is the other one
/// of today, if any, or the latest training day of the week before (`earlier`).
pub(super) fn advice_after(
    condition: Condition,
    latest: &TrainingSession,
    today: &[TrainingSession],
    earlier: &[DaySummary],
) -> Option<SessionAdvice> {
    let before_today = earlier
        .iter()
        .filter(|day| day.date < latest.date)
        .max_by_key(|day| day.date)
        .map(|day| over_session_limit(day.pain_during, day.pain_after));
    let earlier_today = today
        .iter()
        .filter(|session| session.id != latest.id && session.logged_at < latest.logged_at)
        .max_by_key(|session| session.logged_at)
        .map(|session| over_session_limit(session.pain_during, session.pain_after));
    session_advice::after_session(
        condition,
        SessionPain {
            during: latest.pain_during,
            after: latest.pain_after,
            previous_over_limit: earlier_today.or(before_today).unwrap_or(false),
        },
    )
}

/// One set as typed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SetInput {
    /// The exercise's id, such as `seated-calf-raise-bent-knee`.
    pub exercise: String,
    /// The set's number within the exercise, from 1.
    pub set_number: String,
    /// Repetitions done.
    pub reps: String,
    /// Extra load in kilograms (0 for body weight).
    pub load_kg: String,
    /// Seconds held.
    pub hold_seconds: String,
}

/// A session as typed: its sets and pain.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionInput {
    /// The sets; rows left empty were not done.
    pub sets: Vec<SetInput>,
    /// The worst pain during the session, 0–10.
    pub pain_during: String,
    /// The pain straight after, 0–10.
    pub pain_after: String,
    /// A note.
    pub note: String,
}

pub(super) fn read_sets(
    reader: &mut Reader,
    input: &SessionInput,
    items: &[&PlanItem],
) -> Vec<LoggedSet> {
    let mut sets = Vec::new();
    for (index, set) in input.sets.iter().enumerate() {
        let field = |name: &str| format!("sets[{index}].{name}");
        if set.reps.trim().is_empty()
            && set.load_kg.trim().is_empty()
            && set.hold_seconds.trim().is_empty()
        {
            continue;
        }
        let Some(item) = items
            .iter()
            .find(|item| item.exercise == set.exercise.trim())
        else {
            reader.errors.add(
                field("exercise"),
                format!(
                    "`{}` is not an exercise of today's plan",
                    set.exercise.trim()
                ),
            );
            continue;
        };
        let number = reader.number(
            &field("set_number"),
            &set.set_number,
            1,
            20,
            "the set number",
        );
        let reps = reader.optional_number(&field("reps"), &set.reps, 0, 300, "repetitions");
        let hold = reader.optional_number(
            &field("hold_seconds"),
            &set.hold_seconds,
            0,
            900,
            "seconds held",
        );
        let load = reader.optional_decimal(
            &field("load_kg"),
            &set.load_kg,
            0.0,
            500.0,
            "the load in kg",
        );
        if item.reps.is_some() && reps.is_none() && set.reps.trim().is_empty() {
            reader.errors.add(
                field("reps"),
                "enter the repetitions you did, or leave the whole set empty",
            );
        }
        if item.hold_seconds.is_some() && hold.is_none() && set.hold_seconds.trim().is_empty() {
            reader.errors.add(
                field("hold_seconds"),
                "enter how long you held, or leave the whole set empty",
            );
        }
        if let Some(number) = number {
            sets.push(LoggedSet {
                exercise: item.exercise.clone(),
                set_number: u8::try_from(number).unwrap_or(1),
                reps: reps.and_then(|value| u16::try_from(value).ok()),
                load_kg: load,
                hold_seconds: hold.and_then(|value| u16::try_from(value).ok()),
            });
        }
    }
    let mut seen = BTreeSet::new();
    for (index, set) in sets.iter().enumerate() {
        if !seen.insert((set.exercise.clone(), set.set_number)) {
            reader.errors.add(
                format!("sets[{index}].set_number"),
                format!("set {} of this exercise is logged twice", set.set_number),
            );
        }
    }
    sets
}

/// Logs a session done today. Bad input saves nothing and names each field.
pub async fn log_session(
    app: &App,
    caller: &Caller,
    patient: UserId,
    input: &SessionInput,
) -> AppResult<SessionLogged> {
    let (record, read) = open_to_change(app, caller, patient, "today.read").await?;
    let stored = store_session(app, caller, &record, &read, input).await;
    let (plan, session, done_today) = read.unless_changed(app, stored).await?;
    logged_with_advice(app, &record, &plan, session, &done_today).await
}

/// Checks the session against the plan and stores it with the read's audit entry and its own;
/// returns the plan, the session and today's sessions before it.
async fn store_session(
    app: &App,
    caller: &Caller,
    record: &Record,
    read: &PendingRead,
    input: &SessionInput,
) -> AppResult<(Box<ActivePlan>, NewTrainingSession, Vec<TrainingSession>)> {
    let plan = require_active(app, record).await?;
    let clinic = record.patient.clinic_id;
    let done_today = sessions_left_today(app, record, &plan).await?;
    let mut reader = Reader::default();
    let items = plan.training_items();
    let sets = read_sets(&mut reader, input, &items);
    let pain_during = reader.pain(
        "pain_during",
        &input.pain_during,
        "the worst pain during the session",
    );
    let pain_after = reader.pain("pain_after", &input.pain_after, "the pain straight after");
    let note = reader.note("note", &input.note, 1000);
    if sets.is_empty() && reader.errors.0.is_empty() {
        reader.errors.add(
            "sets",
            "fill in at least one set you did (leave the sets you skipped empty)",
        );
    }
    reader.errors.into_result()?;
    let (Some(pain_during), Some(pain_after)) = (pain_during, pain_after) else {
        return Err(AppError::Invalid(FieldErrors::one(
            "pain_during",
            "enter your pain",
        )));
    };
    let session = NewTrainingSession {
        id: RecordId::new(),
        patient_id: record.id(),
        clinic_id: clinic,
        plan_version_id: plan.version.id,
        date: record.today,
        logged_at: record.now,
        pain_during,
        pain_after,
        sets,
        note,
    };
    let audit = record
        .change(caller, "session.log", &format!("sessions/{}", session.id))
        .detail(format!(
            "pain during {pain_during}, after {pain_after}, {} sets",
            session.sets.len()
        ));
    app.store
        .log_session(&session, &read.with_change(audit))
        .await
        .map_err(|error| match error {
            StoreError::NotFound => AppError::NotFound,
            other => other.into(),
        })?;
    Ok((plan, session, done_today))
}

/// Today's sessions so far, when another may be logged today; a conflict naming how many the
/// plan allows a day when none may.
pub(super) async fn sessions_left_today(
    app: &App,
    record: &Record,
    plan: &ActivePlan,
) -> AppResult<Vec<TrainingSession>> {
    let done_today = app
        .store
        .sessions(
            record.patient.clinic_id,
            record.id(),
            record.today,
            record.today,
        )
        .await?;
    if done_today.len() >= usize::from(plan.times_per_day()) {
        return Err(AppError::Conflict(format!(
            "today's {} already logged; log the next one tomorrow",
            if plan.times_per_day() == 1 {
                "session is".to_string()
            } else {
                format!("{} sessions are", plan.times_per_day())
            }
        )));
    }
    Ok(done_today)
}

/// The session just stored, as the patient reads it, with the advice its pain calls for;
/// `done_today` are today's sessions before it.
pub(super) async fn logged_with_advice(
    app: &App,
    record: &Record,
    plan: &ActivePlan,
    session: NewTrainingSession,
    done_today: &[TrainingSession],
) -> AppResult<SessionLogged> {
    let logged = TrainingSession {
        id: session.id,
        plan_version_id: session.plan_version_id,
        date: session.date,
        logged_at: session.logged_at,
        pain_during: session.pain_during,
        pain_after: session.pain_after,
        sets: session.sets,
        note: session.note,
    };
    let advice = advice_for(app, record, plan, &logged, done_today).await?;
    Ok(SessionLogged {
        session: logged,
        advice,
    })
}

/// The advice after `logged`, a session of today, when its pain went over a limit;
/// `done_today` are today's other sessions.
pub(super) async fn advice_for(
    app: &App,
    record: &Record,
    plan: &ActivePlan,
    logged: &TrainingSession,
    done_today: &[TrainingSession],
) -> AppResult<Option<SessionAdvice>> {
    if !over_session_limit(logged.pain_during, logged.pain_after) {
        return Ok(None);
    }
    let week_ago = week_ago(record);
    let yesterday = record.today.checked_sub(1.day()).unwrap_or(record.today);
    let earlier = app
        .store
        .training_days(record.patient.clinic_id, record.id(), week_ago, yesterday)
        .await?;
    Ok(advice_after(plan.condition, logged, done_today, &earlier))
}
