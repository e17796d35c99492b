//! Workout mode: today's session one exercise at a time. Each set is saved in a server draft as
//! it is ticked, so a closed tab or a lost signal loses nothing; finishing checks the pain
//! answers and logs the session (with the draft's sets) as the session form does, removing the
//! draft in the same transaction.

use jiff::ToSpan;
use serde::{Deserialize, Serialize};
use tendo_core::condition::Side;
use tendo_core::programme::PlanItem;
use tendo_store::StoreError;
use tendo_store::drafts::SessionDraft;
use tendo_store::ids::{RecordId, UserId};
use tendo_store::training::{LoggedSet, NewTrainingSession, TrainingSession};

use super::input::Reader;
use super::plan::{ActivePlan, active, require_active};
use super::session_log::{
    SessionInput, SessionLogged, SetInput, advice_for, logged_with_advice, read_sets,
    sessions_left_today,
};
use super::today::status_and_today;
use super::{PendingRead, Record, open, open_to_change};
use crate::App;
use crate::access::Caller;
use crate::error::{AppError, AppResult, FieldErrors};

/// How far back the last sets of an exercise are looked for, to pre-fill a set.
const LAST_SETS_DAYS: i64 = 28;

/// One exercise of today's workout.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct WorkoutExercise {
    /// What to do: the target sets, repetitions or hold, load, tempo and rests.
    pub item: PlanItem,
    /// The sets of it ticked so far today, by set number.
    pub ticked: Vec<LoggedSet>,
    /// Its sets in the last session that had it (within four weeks), by set number.
    pub last_time: Vec<LoggedSet>,
}

impl WorkoutExercise {
    /// The next set to do: the first planned set not ticked yet, if any.
    pub fn next_set(&self) -> Option<u8> {
        (1..=self.item.sets).find(|number| self.ticked_set(*number).is_none())
    }

    /// Set `number` as ticked, if it was.
    pub fn ticked_set(&self, number: u8) -> Option<&LoggedSet> {
        self.ticked.iter().find(|set| set.set_number == number)
    }

    /// What to pre-fill set `number` with: as ticked, else the same set last time, else the
    /// set ticked before it today, else the last set of last time, else the plan's target with
    /// no added load given.
    pub fn suggestion(&self, number: u8) -> LoggedSet {
        let same_last_time = self.last_time.iter().find(|set| set.set_number == number);
        let earlier_today = self
            .ticked
            .iter()
            .filter(|set| set.set_number < number)
            .max_by_key(|set| set.set_number);
        let found = self
            .ticked_set(number)
            .or(same_last_time)
            .or(earlier_today)
            .or_else(|| self.last_time.last());
        if let Some(set) = found {
            return LoggedSet {
                set_number: number,
                ..set.clone()
            };
        }
        LoggedSet {
            exercise: self.item.exercise.clone(),
            set_number: number,
            reps: self.item.reps,
            load_kg: None,
            hold_seconds: self.item.hold_seconds,
        }
    }
}

/// Today's workout: the exercises with their targets and the sets ticked so far.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct Workout {
    /// Today's date in the patient's zone.
    pub date: jiff::civil::Date,
    /// The affected side, for the demonstrations.
    pub side: Side,
    /// The exercises, in the plan's order.
    pub exercises: Vec<WorkoutExercise>,
    /// The draft in progress, if a set was ticked.
    pub draft: Option<SessionDraft>,
    /// True while another session can be logged today.
    pub can_log: bool,
}

impl Workout {
    /// The first exercise with a planned set not ticked yet, by index; `None` when every
    /// planned set is ticked (time for the pain questions).
    pub fn current(&self) -> Option<usize> {
        self.exercises
            .iter()
            .position(|exercise| exercise.next_set().is_some())
    }

    /// Sets ticked so far, over every exercise.
    pub fn sets_ticked(&self) -> usize {
        self.exercises
            .iter()
            .map(|exercise| exercise.ticked.len())
            .sum()
    }
}

/// The sets ticked so far, as a whole draft: what the API sends on each change (a resend of
/// the same draft changes nothing).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DraftInput {
    /// Every set ticked so far.
    pub sets: Vec<SetInput>,
    /// The day the sets were done, when the sender knows it (a session kept offline and sent
    /// later); only today may be saved.
    pub date: Option<jiff::civil::Date>,
}

/// The answers that finish a workout.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FinishInput {
    /// The worst pain during the session, 0–10.
    pub pain_during: String,
    /// The pain straight after, 0–10.
    pub pain_after: String,
    /// A note.
    pub note: String,
    /// The day the session was done, when the sender knows it (a session kept offline and
    /// sent later); only today may be saved.
    pub date: Option<jiff::civil::Date>,
}

async fn draft_of(
    app: &App,
    record: &Record,
    plan: &ActivePlan,
) -> AppResult<Option<SessionDraft>> {
    Ok(app
        .store
        .session_draft(
            record.patient.clinic_id,
            record.id(),
            plan.version.id,
            record.today,
        )
        .await?)
}

/// Today's workout: the exercises of today's session with their last sets and the sets
/// ticked so far.
pub async fn workout(app: &App, caller: &Caller, patient: UserId) -> AppResult<Workout> {
    let record = open(app, caller, patient, "workout.read").await?;
    let (status, today) = status_and_today(app, &record).await?;
    let plan = active(status)?;
    let today = today.ok_or_else(|| AppError::internal("a patient on a plan has no Today"))?;
    let draft = draft_of(app, &record, &plan).await?;
    let from = record
        .today
        .checked_sub(LAST_SETS_DAYS.days())
        .unwrap_or(record.today);
    let recent = app
        .store
        .sessions(record.patient.clinic_id, record.id(), from, record.today)
        .await?;
    let exercises = today
        .items
        .into_iter()
        .map(|item| {
            let of_item = |sets: &[LoggedSet]| -> Vec<LoggedSet> {
                let mut sets: Vec<LoggedSet> = sets
                    .iter()
                    .filter(|set| set.exercise == item.exercise)
                    .cloned()
                    .collect();
                sets.sort_by_key(|set| set.set_number);
                sets
            };
            let last_time = recent
                .iter()
                .rev()
                .map(|session| of_item(&session.sets))
                .find(|sets| !sets.is_empty())
                .unwrap_or_default();
            let ticked = draft
                .as_ref()
                .map(|draft| of_item(&draft.sets))
                .unwrap_or_default();
            WorkoutExercise {
                item,
                ticked,
                last_time,
            }
        })
        .collect();
    Ok(Workout {
        date: record.today,
        side: plan.week_plan.side,
        exercises,
        draft,
        can_log: today.can_log,
    })
}

/// The draft of today's session, if one is in progress.
pub async fn draft(app: &App, caller: &Caller, patient: UserId) -> AppResult<SessionDraft> {
    let record = open(app, caller, patient, "workout.read").await?;
    let plan = require_active(app, &record).await?;
    draft_of(app, &record, &plan)
        .await?
        .ok_or(AppError::NotFound)
}

/// Refuses sets or a session done on another day than the patient's today: a session kept
/// offline and sent the next day must not be logged as the next day's.
fn require_today(record: &Record, date: Option<jiff::civil::Date>) -> AppResult<()> {
    match date {
        Some(date) if date != record.today => Err(AppError::invalid(
            "date",
            format!(
                "only today's session ({}, in your time zone) can be saved; this one is from \
                 {date}: tell your clinician about it in a message",
                record.today
            ),
        )),
        _ => Ok(()),
    }
}

/// Stores the draft with the read's audit entry and its own.
async fn store_draft(
    app: &App,
    caller: &Caller,
    record: &Record,
    read: &PendingRead,
    plan: &ActivePlan,
    sets: Vec<LoggedSet>,
) -> AppResult<SessionDraft> {
    let draft = SessionDraft {
        id: RecordId::new(),
        patient_id: record.id(),
        clinic_id: record.patient.clinic_id,
        plan_version_id: plan.version.id,
        date: record.today,
        sets,
        started_at: record.now,
        updated_at: record.now,
    };
    let audit = record
        .change(caller, "workout.save", "sessions/draft")
        .detail(format!("{} sets ticked", draft.sets.len()));
    Ok(app
        .store
        .save_session_draft(&draft, &read.with_change(audit))
        .await?)
}

/// Replaces the draft of today's session with every set ticked so far. Bad input saves
/// nothing and names each field.
pub async fn save_draft(
    app: &App,
    caller: &Caller,
    patient: UserId,
    input: &DraftInput,
) -> AppResult<SessionDraft> {
    let (record, read) = open_to_change(app, caller, patient, "workout.read").await?;
    let saved = checked_draft(app, caller, &record, &read, input).await;
    read.unless_changed(app, saved).await
}

/// Checks the sets of a whole draft and stores it.
async fn checked_draft(
    app: &App,
    caller: &Caller,
    record: &Record,
    read: &PendingRead,
    input: &DraftInput,
) -> AppResult<SessionDraft> {
    let plan = require_active(app, record).await?;
    require_today(record, input.date)?;
    sessions_left_today(app, record, &plan).await?;
    let mut reader = Reader::default();
    let as_session = SessionInput {
        sets: input.sets.clone(),
        ..SessionInput::default()
    };
    let sets = read_sets(&mut reader, &as_session, &plan.training_items());
    reader.errors.into_result()?;
    store_draft(app, caller, record, read, &plan, sets).await
}

/// Ticks one set: adds it to today's draft (starting one), or replaces the set with the same
/// exercise and number.
pub async fn tick_set(
    app: &App,
    caller: &Caller,
    patient: UserId,
    set: &SetInput,
) -> AppResult<SessionDraft> {
    let (record, read) = open_to_change(app, caller, patient, "workout.read").await?;
    let ticked = checked_tick(app, caller, &record, &read, set).await;
    read.unless_changed(app, ticked).await
}

/// Checks one set and stores the draft with it.
async fn checked_tick(
    app: &App,
    caller: &Caller,
    record: &Record,
    read: &PendingRead,
    set: &SetInput,
) -> AppResult<SessionDraft> {
    let plan = require_active(app, record).await?;
    sessions_left_today(app, record, &plan).await?;
    let mut reader = Reader::default();
    let as_session = SessionInput {
        sets: vec![set.clone()],
        ..SessionInput::default()
    };
    let ticked = read_sets(&mut reader, &as_session, &plan.training_items());
    reader.errors.into_result()?;
    let Some(ticked) = ticked.into_iter().next() else {
        return Err(AppError::Invalid(FieldErrors::one(
            "sets[0].reps",
            "enter what you did in this set",
        )));
    };
    let mut sets = draft_of(app, record, &plan)
        .await?
        .map(|draft| draft.sets)
        .unwrap_or_default();
    sets.retain(|set| !(set.exercise == ticked.exercise && set.set_number == ticked.set_number));
    sets.push(ticked);
    store_draft(app, caller, record, read, &plan, sets).await
}

/// Throws today's draft away; false if there was none.
pub async fn discard_draft(app: &App, caller: &Caller, patient: UserId) -> AppResult<bool> {
    let (record, read) = open_to_change(app, caller, patient, "workout.read").await?;
    let discarded = discard(app, caller, &record, &read).await;
    // With no draft to discard, nothing was written: the read goes alone.
    read.unless_changed_when(app, discarded, |&discarded| discarded)
        .await
}

async fn discard(
    app: &App,
    caller: &Caller,
    record: &Record,
    read: &PendingRead,
) -> AppResult<bool> {
    let plan = require_active(app, record).await?;
    let audit = record.change(caller, "workout.discard", "sessions/draft");
    Ok(app
        .store
        .discard_session_draft(
            record.patient.clinic_id,
            record.id(),
            plan.version.id,
            record.today,
            &read.with_change(audit),
        )
        .await?)
}

/// The session a finish with `key` logged, with its advice, if that finish happened.
async fn finished_with(
    app: &App,
    record: &Record,
    plan: &ActivePlan,
    key: &str,
) -> AppResult<Option<SessionLogged>> {
    let Some(finished) = app.store.finished_session_draft(record.id(), key).await? else {
        return Ok(None);
    };
    let day = app
        .store
        .sessions(
            record.patient.clinic_id,
            record.id(),
            finished.date,
            finished.date,
        )
        .await?;
    let (logged, others): (Vec<TrainingSession>, Vec<TrainingSession>) = day
        .into_iter()
        .partition(|session| session.id == finished.session_id);
    let Some(session) = logged.into_iter().next() else {
        return Err(AppError::NotFound);
    };
    let others: Vec<TrainingSession> = others
        .into_iter()
        .filter(|other| other.logged_at < session.logged_at)
        .collect();
    let advice = advice_for(app, record, plan, &session, &others).await?;
    Ok(Some(SessionLogged { session, advice }))
}

/// Finishes today's workout: checks the pain answers and logs the session with the sets
/// ticked, removing the draft in the same transaction. With `key` (a form's token or an API
/// `Idempotency-Key`), a repeat returns the session the first finish logged instead of
/// logging another; without one, a repeat finds no draft (`NotFound`).
pub async fn finish(
    app: &App,
    caller: &Caller,
    patient: UserId,
    input: &FinishInput,
    key: Option<&str>,
) -> AppResult<SessionLogged> {
    let (record, read) = open_to_change(app, caller, patient, "workout.read").await?;
    let finished = finish_draft(app, caller, &record, &read, input, key).await;
    // A repeat answered with an earlier finish's session changed nothing: the read goes alone.
    let finished = read
        .unless_changed_when(app, finished, |finished| {
            matches!(finished, Finished::Logged { .. })
        })
        .await?;
    match finished {
        Finished::Logged {
            plan,
            session,
            done_today,
        } => logged_with_advice(app, &record, &plan, session, &done_today).await,
        Finished::Before(logged) => Ok(logged),
    }
}

/// What finishing a workout did.
enum Finished {
    /// Logged the session, with the sessions done earlier today.
    Logged {
        plan: Box<ActivePlan>,
        session: NewTrainingSession,
        done_today: Vec<TrainingSession>,
    },
    /// Found the session a finish with the same key logged before.
    Before(SessionLogged),
}

/// Checks the pain answers and logs the draft's session with the read's audit entry and its
/// own, or finds the session a finish with the same key logged.
async fn finish_draft(
    app: &App,
    caller: &Caller,
    record: &Record,
    read: &PendingRead,
    input: &FinishInput,
    key: Option<&str>,
) -> AppResult<Finished> {
    let plan = require_active(app, record).await?;
    if let Some(key) = key
        && let Some(logged) = finished_with(app, record, &plan, key).await?
    {
        return Ok(Finished::Before(logged));
    }
    require_today(record, input.date)?;
    let mut reader = Reader::default();
    let pain_during = reader.pain(
        "pain_during",
        &input.pain_during,
        "the worst pain during the session",
    );
    let pain_after = reader.pain("pain_after", &input.pain_after, "the pain straight after");
    let note = reader.note("note", &input.note, 1000);
    reader.errors.into_result()?;
    let (Some(pain_during), Some(pain_after)) = (pain_during, pain_after) else {
        return Err(AppError::Invalid(FieldErrors::one(
            "pain_during",
            "enter your pain",
        )));
    };
    let Some(draft) = draft_of(app, record, &plan).await? else {
        return Err(AppError::NotFound);
    };
    if draft.sets.is_empty() {
        return Err(AppError::invalid(
            "sets",
            "tick at least one set you did before finishing",
        ));
    }
    let done_today = sessions_left_today(app, record, &plan).await?;
    let mut sets = draft.sets.clone();
    sets.sort_by(|a, b| {
        (a.exercise.as_str(), a.set_number).cmp(&(b.exercise.as_str(), b.set_number))
    });
    let session = NewTrainingSession {
        id: draft.id,
        patient_id: record.id(),
        clinic_id: record.patient.clinic_id,
        plan_version_id: draft.plan_version_id,
        date: draft.date,
        logged_at: record.now,
        pain_during,
        pain_after,
        sets,
        note,
    };
    let audit = record
        .change(caller, "session.log", &format!("sessions/{}", session.id))
        .detail(format!(
            "pain during {pain_during}, after {pain_after}, {} sets, from a workout",
            session.sets.len()
        ));
    let finished = app
        .store
        .finish_session_draft(draft.id, &session, key, &read.with_change(audit))
        .await;
    match (finished, key) {
        (Ok(()), _) => Ok(Finished::Logged {
            plan,
            session,
            done_today,
        }),
        // Another finish of the same draft got there first: with the same key, its result.
        (Err(StoreError::NotFound | StoreError::Conflict(_)), Some(key)) => {
            // Read once that finish is committed (it may not be readable yet).
            app.store.settle_changes().await?;
            finished_with(app, record, &plan, key)
                .await?
                .map(Finished::Before)
                .ok_or(AppError::NotFound)
        }
        (Err(error), _) => Err(error.into()),
    }
}
