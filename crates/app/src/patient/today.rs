//! Today: the sessions due, logging a session with its sets and pain, and the next-morning
//! check-in with the pain-monitoring decision that moves the plan.

use std::collections::BTreeSet;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use tendo_core::condition::Condition;
use tendo_core::pain_monitoring::over_session_limit;
use tendo_core::programme::PlanItem;
use tendo_core::session_advice::{self, SessionAdvice, SessionPain};
use tendo_store::StoreError;
use tendo_store::ids::{RecordId, UserId};
use tendo_store::training::{
    Checkin, DaySummary, DayWindow, LoggedSet, NewTrainingSession, PatientDay, TrainingSession,
};

use super::input::Reader;
use super::plan::{ActivePlan, CareStatus, require_active, status_from, versions_since};
use super::{Record, days_between, open, open_for_change, short_date, week_start, weekday_name};
use crate::App;
use crate::access::Caller;
use crate::error::{AppError, AppResult, FieldErrors};

pub use super::checkin::{CheckinInput, CheckinOutcome, checkin};

/// One day of this week.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct DayMark {
    /// The date.
    pub date: Date,
    /// "Mon", "Tue" …
    pub weekday: &'static str,
    /// Sessions logged that day.
    pub sessions: usize,
    /// True for today.
    pub is_today: bool,
    /// True for days after today.
    pub is_future: bool,
}

/// The next-morning question waiting for an answer.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct CheckinPrompt {
    /// The day of the session it asks about.
    pub session_date: Date,
    /// The daily load test to do first (for a hamstring, three single-leg bridges).
    pub load_test: Option<PlanItem>,
    /// True for a proximal hamstring, where the answer is the 24-hour load test.
    pub load_test_score: bool,
}

/// The latest decision and how it moved the plan.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct LatestDecision {
    /// The check-in with its decision and reasons.
    pub checkin: Checkin,
    /// The plan version it made, if it moved the plan.
    pub new_version: Option<u32>,
}

/// Today, for a patient on a plan.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct Today {
    /// Today's date in the patient's zone.
    pub date: Date,
    /// The check-in waiting for an answer, if any.
    pub prompt: Option<CheckinPrompt>,
    /// The most recent decision, within the last 7 days.
    pub latest_decision: Option<LatestDecision>,
    /// This week, Monday to Sunday.
    pub week: Vec<DayMark>,
    /// Training days done this week.
    pub days_done: usize,
    /// Training days the plan asks for each week.
    pub days_planned: u8,
    /// Sessions logged today.
    pub done_today: Vec<TrainingSession>,
    /// True when a session is due today.
    pub due_today: bool,
    /// True while another session can be logged today.
    pub can_log: bool,
    /// The exercises of today's session.
    pub items: Vec<PlanItem>,
    /// A friendly word after a gap: never a reproach.
    pub welcome_back: Option<String>,
    /// The questionnaire due today or overdue, with the day it fell due.
    pub questionnaire_due: Option<(String, Date)>,
    /// What to do until tomorrow, when today's latest session went over a pain limit.
    pub advice: Option<SessionAdvice>,
    /// The clinician's change to the plan, when they made the current version in the last
    /// seven days.
    pub clinician_change: Option<super::plan::ClinicianChange>,
}

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

/// Today's page: where the patient stands and, on a plan, today.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct TodayView {
    /// Where the patient stands.
    pub status: CareStatus,
    /// Today, when on a plan.
    pub today: Option<Today>,
}

/// The patient's today.
pub async fn view(app: &App, caller: &Caller, patient: UserId) -> AppResult<TodayView> {
    let record = open(app, caller, patient, "today.read").await?;
    let (status, today) = status_and_today(app, &record).await?;
    Ok(TodayView { status, today })
}

/// How many days of training Today looks back on (the week's marks, the welcome back, the
/// pending check-in).
const DAYS_READ: i64 = 28;

/// Where the patient stands and, on a plan, their Today: from one read of their day
/// ([`tendo_store::training::TrainingStore::patient_day`]).
pub(super) async fn status_and_today(
    app: &App,
    record: &Record,
) -> AppResult<(CareStatus, Option<Today>)> {
    let window = DayWindow {
        versions_since: versions_since(record),
        from: record
            .today
            .checked_sub(DAYS_READ.days())
            .unwrap_or(record.today),
        today: record.today,
        // The latest decision Today shows is one of the last week's sessions.
        decisions_from: week_ago(record),
        questionnaires_since: record.now,
    };
    let mut day = app
        .store
        .patient_day(record.patient.clinic_id, record.id(), window)
        .await?;
    let status = status_from(record, day.intake.take(), std::mem::take(&mut day.versions))?;
    let today = match &status {
        CareStatus::Active(plan) => Some(today_from(record, plan, day)),
        _ => None,
    };
    Ok((status, today))
}

/// The session day waiting for its next-morning answer: the latest day with a session before
/// today, if it has no check-in.
pub(crate) async fn pending_checkin(app: &App, record: &Record) -> AppResult<Option<Date>> {
    let clinic = record.patient.clinic_id;
    let from = record
        .today
        .checked_sub(PENDING_DAYS.days())
        .unwrap_or(record.today);
    let days = app
        .store
        .training_days(clinic, record.id(), from, record.today)
        .await?;
    let answered: Vec<Date> = app
        .store
        .morning_pains(clinic, record.id(), from, record.today)
        .await?
        .into_iter()
        .map(|(day, _)| day)
        .collect();
    Ok(pending_among(&days, &answered, record.today))
}

/// How many days back a session may still wait for its next-morning answer.
const PENDING_DAYS: i64 = 14;

/// [`pending_checkin`] from training days and the session days whose check-in is answered, of
/// at least the last [`PENDING_DAYS`] days.
fn pending_among(days: &[DaySummary], answered: &[Date], today: Date) -> Option<Date> {
    let from = today.checked_sub(PENDING_DAYS.days()).unwrap_or(today);
    let last = days
        .iter()
        .map(|day| day.date)
        .filter(|date| *date >= from && *date < today)
        .max()?;
    (!answered.contains(&last)).then_some(last)
}

/// A week before the patient's today: the advice, the latest decision and a clinician's
/// change Today shows are of the week since.
fn week_ago(record: &Record) -> Date {
    record.today.checked_sub(7.days()).unwrap_or(record.today)
}

/// Today on `plan`, from the patient's day read at one moment.
fn today_from(record: &Record, plan: &ActivePlan, day: PatientDay) -> Today {
    let monday = week_start(record.today);
    // Four weeks in brief (one row per training day); only today's sessions with their sets.
    let PatientDay {
        days: recent,
        sessions_today: done_today,
        mornings,
        latest_checkin,
        questionnaires,
        clinic,
        ..
    } = day;
    let answered: Vec<Date> = mornings.iter().map(|(day, _)| *day).collect();
    let week: Vec<DayMark> = (0..7)
        .filter_map(|offset| monday.checked_add(offset.days()).ok())
        .map(|date| DayMark {
            date,
            weekday: weekday_name(date.weekday()),
            sessions: recent
                .iter()
                .find(|day| day.date == date)
                .map_or(0, |day| usize::try_from(day.sessions).unwrap_or(usize::MAX)),
            is_today: date == record.today,
            is_future: date > record.today,
        })
        .collect();
    let days_before_today: BTreeSet<Date> = recent
        .iter()
        .filter(|day| day.date >= monday && day.date < record.today)
        .map(|day| day.date)
        .collect();
    let week_ago = week_ago(record);
    let advice = done_today
        .iter()
        .max_by_key(|session| session.logged_at)
        .and_then(|latest| {
            let earlier: Vec<DaySummary> = recent
                .iter()
                .filter(|day| day.date >= week_ago)
                .cloned()
                .collect();
            advice_after(plan.condition, latest, &done_today, &earlier)
        });
    let days_planned = plan.days_per_week();
    let times = usize::from(plan.times_per_day());
    let days_done = days_before_today.len() + usize::from(!done_today.is_empty());
    let due_today = done_today.len() < times
        && (!done_today.is_empty() || days_before_today.len() < usize::from(days_planned));
    let can_log = done_today.len() < times;
    let trained_days = days_before_today.len();
    let mut items: Vec<PlanItem> = plan
        .training_items()
        .into_iter()
        .filter(|item| !due_today || usize::from(item.days_per_week) > trained_days)
        .cloned()
        .collect();
    if items.is_empty() {
        items = plan.training_items().into_iter().cloned().collect();
    }

    let prompt =
        pending_among(&recent, &answered, record.today).map(|session_date| CheckinPrompt {
            session_date,
            load_test: plan.load_test().cloned(),
            load_test_score: plan.condition == Condition::ProximalHamstring,
        });
    // Read whole for the sessions of the last week only (`DayWindow::decisions_from`).
    let latest_decision = latest_checkin.map(|checkin| LatestDecision {
        new_version: checkin.plan_version_id.and_then(|id| {
            plan.versions
                .iter()
                .find(|version| version.id == id)
                .map(|version| version.version)
        }),
        checkin,
    });
    let last_session = recent.iter().map(|day| day.date).max();
    let started = Some(plan.version.programme_start);
    let welcome_back = match (last_session, started) {
        (Some(last), _) if days_between(last, record.today) >= 4 => Some(format!(
            "Welcome back. Your last session was on {}. Pick up where you left off: today's \
             session is the next one in your plan, and nothing is lost.",
            short_date(last)
        )),
        (None, Some(start)) if days_between(start, record.today) >= 3 => Some(
            "Your programme is ready whenever you are: start with today's session.".to_string(),
        ),
        _ => None,
    };
    let kind = super::intake::questionnaire_for(plan.condition);
    let interval = clinic.settings.questionnaire_interval_days.max(1);
    let last_taken = questionnaires
        .into_iter()
        .filter(|response| response.questionnaire == kind)
        .map(|response| response.taken_on)
        .max();
    let questionnaire_due = last_taken
        .and_then(|last| last.checked_add(i64::from(interval).days()).ok())
        .filter(|due| *due <= record.today)
        .map(|due| (kind.name().to_string(), due));
    Today {
        date: record.today,
        prompt,
        latest_decision,
        week,
        days_done,
        days_planned,
        done_today,
        due_today,
        can_log,
        items,
        welcome_back,
        questionnaire_due,
        advice,
        clinician_change: plan.clinician_change(record, week_ago),
    }
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
    let record = open_for_change(app, caller, patient, "today.read").await?;
    let plan = require_active(app, &record).await?;
    let clinic = record.patient.clinic_id;
    let done_today = sessions_left_today(app, &record, &plan).await?;
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
        .log_session(&session, &audit)
        .await
        .map_err(|error| match error {
            StoreError::NotFound => AppError::NotFound,
            other => other.into(),
        })?;
    logged_with_advice(app, &record, &plan, session, &done_today).await
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

/// Sessions and check-ins between two days.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct History {
    /// The first day.
    pub from: Date,
    /// The last day.
    pub to: Date,
    /// The sessions, oldest first.
    pub sessions: Vec<TrainingSession>,
    /// The check-ins, oldest first.
    pub checkins: Vec<Checkin>,
}

/// The longest range of [`history`], in days.
pub const MAX_HISTORY_DAYS: i64 = 366;

/// The sessions and check-ins from `from` to `to` (by default the last 28 days).
pub async fn history(
    app: &App,
    caller: &Caller,
    patient: UserId,
    from: Option<Date>,
    to: Option<Date>,
) -> AppResult<History> {
    let record = open(app, caller, patient, "sessions.read").await?;
    let to = to.unwrap_or(record.today);
    let from = from.unwrap_or_else(|| to.checked_sub(27.days()).unwrap_or(to));
    if from > to {
        return Err(AppError::invalid(
            "from",
            format!("must be on or before `to` ({to})"),
        ));
    }
    if days_between(from, to) >= MAX_HISTORY_DAYS {
        return Err(AppError::invalid(
            "from",
            format!("ask for at most {MAX_HISTORY_DAYS} days at a time"),
        ));
    }
    let clinic = record.patient.clinic_id;
    Ok(History {
        from,
        to,
        sessions: app.store.sessions(clinic, record.id(), from, to).await?,
        checkins: app.store.checkins(clinic, record.id(), from, to).await?,
    })
}
