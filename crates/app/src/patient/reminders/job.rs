//! The reminder job: every minute it takes a bounded number of patients whose next reminder
//! check has come, queues the reminders due (each at most once per patient, kind and local date,
//! however many app servers run the job) and moves each patient's next check on.

use std::time::Duration;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use tendo_store::StoreError;
use tendo_store::audit::AuditEntry;
use tendo_store::reminders::{NewReminder, ReminderKind, ReminderPreferences};

use super::messages::{Occasion, reminder_mail};
use super::schedule::{due_between, next_due_after};
use super::unsubscribe_link;
use crate::App;
use crate::access::Relation;
use crate::error::{AppError, AppResult};
use crate::patient::Record;
use crate::patient::plan::{ActivePlan, CareStatus, current_status};
use crate::patient::today::pending_checkin;

/// How many patients one run looks at, at most.
pub const PATIENTS_PER_RUN: u32 = 200;

/// How often the job runs.
pub const EVERY: Duration = Duration::from_secs(60);

/// Runs the job once at the application's clock; returns how many reminders it queued.
pub async fn run_due(app: &App) -> usize {
    let now = app.now();
    let due = match app.store.due_reminder_checks(now, PATIENTS_PER_RUN).await {
        Ok(due) => due,
        Err(error) => {
            tracing::warn!(%error, "the reminder settings could not be read");
            return 0;
        }
    };
    let mut queued = 0;
    for preferences in due {
        match remind(app, &preferences, now).await {
            Ok(count) => queued += count,
            Err(error) => {
                tracing::warn!(%error, patient = %preferences.patient_id, "reminders could not be checked");
            }
        }
    }
    queued
}

/// Starts the job on the current Tokio runtime.
pub fn start(app: App) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            run_due(&app).await;
            tokio::time::sleep(EVERY).await;
        }
    })
}

/// Queues one patient's due reminders and moves their next check on.
async fn remind(app: &App, preferences: &ReminderPreferences, now: Timestamp) -> AppResult<usize> {
    let Some(seen) = preferences.next_check_at else {
        return Ok(0);
    };
    let patient = match app
        .store
        .patient(preferences.clinic_id, preferences.patient_id)
        .await
    {
        Ok(patient) => patient,
        Err(StoreError::NotFound) => {
            app.store
                .reschedule_reminder_check(preferences.patient_id, seen, None)
                .await?;
            return Ok(0);
        }
        Err(error) => return Err(error.into()),
    };
    let zone = TimeZone::get(&patient.user.time_zone).unwrap_or(TimeZone::UTC);
    let today = now.to_zoned(zone.clone()).date();
    let record = Record {
        patient: patient.user,
        relation: Relation::Own,
        zone: zone.clone(),
        now,
        today,
        revision: patient.revision,
    };
    let mut queued = 0;
    let due = due_between(preferences, &zone, seen, now);
    // Reminders only while the programme runs: not during the intake, nor while a clinician
    // has to see the patient first.
    let plan = if due.is_empty() {
        None
    } else {
        match current_status(app, &record).await? {
            CareStatus::Active(plan) => Some(plan),
            _ => None,
        }
    };
    if let Some(plan) = plan {
        for (kind, date) in due {
            let Some(occasion) = occasion(app, &record, &plan, preferences, kind).await? else {
                continue;
            };
            let link = unsubscribe_link(app, record.id(), kind).await?;
            let mail = reminder_mail(
                &app.settings.base_url,
                &record.patient,
                &occasion,
                &link,
                now,
            );
            let mut audit = AuditEntry::new(
                "reminder.queue",
                format!("patient/{}/reminders/{}", record.id(), kind.as_str()),
            )
            .in_clinic(record.patient.clinic_id)
            .about(record.id());
            audit.at = now;
            let reminder = NewReminder {
                patient_id: record.id(),
                kind,
                local_date: date,
                list_unsubscribe: link,
            };
            if app.store.enqueue_reminder(&reminder, &mail, &audit).await? {
                queued += 1;
            }
        }
    }
    app.store
        .reschedule_reminder_check(record.id(), seen, next_due_after(preferences, &zone, now))
        .await?;
    Ok(queued)
}

/// What a due reminder is about, or `None` when what is logged makes it needless: the
/// training reminder once a session is logged today, the missed-session one when yesterday's
/// session was logged or the plan had not started yet, the morning check when no check is
/// waiting.
async fn occasion(
    app: &App,
    record: &Record,
    plan: &ActivePlan,
    preferences: &ReminderPreferences,
    kind: ReminderKind,
) -> AppResult<Option<Occasion>> {
    let clinic = record.patient.clinic_id;
    let logged_on = |date| app.store.training_days(clinic, record.id(), date, date);
    let occasion = |session_date, time| Occasion {
        kind,
        date: record.today,
        session_date,
        time,
    };
    Ok(match kind {
        ReminderKind::Training => logged_on(record.today)
            .await?
            .is_empty()
            .then(|| occasion(None, preferences.training_time)),
        ReminderKind::MissedSession => {
            let yesterday = record
                .today
                .yesterday()
                .map_err(|error| AppError::internal(error.to_string()))?;
            if yesterday < plan.version.programme_start {
                return Ok(None);
            }
            logged_on(yesterday)
                .await?
                .is_empty()
                .then(|| occasion(None, preferences.morning_time))
        }
        ReminderKind::MorningCheck => pending_checkin(app, record)
            .await?
            .map(|session| occasion(Some(session), preferences.morning_time)),
    })
}
