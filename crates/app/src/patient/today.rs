//! Today: the sessions due, logging a session with its sets and pain, and the next-morning
//! check-in with the pain-monitoring decision that moves the plan.

use std::collections::BTreeSet;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;
use tendo_core::condition::Condition;
use tendo_core::programme::PlanItem;
use tendo_core::session_advice::SessionAdvice;
use tendo_store::ids::UserId;
use tendo_store::training::{Checkin, DaySummary, DayWindow, PatientDay, TrainingSession};

use super::plan::{ActivePlan, CareStatus, status_from};
use super::session_log::advice_after;
use super::{Record, days_between, open, short_date, week_start, weekday_name};
use crate::App;
use crate::access::Caller;
use crate::error::{AppError, AppResult};

pub use super::checkin::{CheckinInput, CheckinOutcome, checkin};
pub use super::session_log::{SessionInput, SessionLogged, SetInput, log_session};

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

/// Today's page: where the patient stands and, on a plan, today.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct TodayView {
    /// Where the patient stands. On a plan, its `versions` are the ones in force since a week
    /// ago (the plan itself, `GET …/plan`, carries 26 weeks of them).
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
    let week_ago = week_ago(record);
    let window = DayWindow {
        // Today shows the latest version and the one a decision of the last week made: the
        // versions in force since a week ago hold both (a plan's 26 weeks of versions, each
        // with its reasons, were half of Today's time).
        versions_since: record.start_of(week_ago),
        from: record
            .today
            .checked_sub(DAYS_READ.days())
            .unwrap_or(record.today),
        today: record.today,
        // The latest decision Today shows is one of the last week's sessions.
        decisions_from: week_ago,
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
pub(super) fn week_ago(record: &Record) -> Date {
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
