//! Reminders that help: the patient chooses training days and a time, and may ask for a word the
//! next morning when a training day passed with no session logged, and for the morning check.
//! Mails go through the outbox; each carries a one-click unsubscribe link (RFC 8058) that needs
//! no sign-in.
//!
//! [`view`] and [`update`] are the settings; [`job`] queues the reminders; [`unsubscribe`] turns
//! one kind off from a mail's link.

pub mod job;
mod messages;
pub mod schedule;
mod token;

use jiff::civil::Time;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use tendo_store::StoreError;
use tendo_store::audit::AuditEntry;
use tendo_store::ids::UserId;
use tendo_store::reminders::{ReminderKind, ReminderPreferences};

use self::schedule::{WEEK, chosen_count, day_bit, is_chosen, next_due_after};
use super::plan::{CareStatus, current_status};
use super::{PendingRead, Record, open, open_to_change};
use crate::App;
use crate::access::Caller;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::secrets::random_token;

/// The training-day reminder's time until the patient chooses one.
const DEFAULT_TRAINING_TIME: Time = Time::constant(18, 0, 0, 0);
/// The next-morning reminders' time until the patient chooses one.
const DEFAULT_MORNING_TIME: Time = Time::constant(8, 0, 0, 0);

/// A day's name in the settings and the API: `monday` … `sunday`.
pub fn day_name(day: jiff::civil::Weekday) -> &'static str {
    use jiff::civil::Weekday;
    match day {
        Weekday::Monday => "monday",
        Weekday::Tuesday => "tuesday",
        Weekday::Wednesday => "wednesday",
        Weekday::Thursday => "thursday",
        Weekday::Friday => "friday",
        Weekday::Saturday => "saturday",
        Weekday::Sunday => "sunday",
    }
}

/// A patient's reminder settings as the settings page and the API show them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RemindersView {
    /// The chosen training days, `monday` … `sunday`, Monday first.
    pub days: Vec<String>,
    /// The time of the training-day reminder on the patient's clock, `HH:MM`.
    pub time: String,
    /// The time of the next-morning reminders on the patient's clock, `HH:MM`.
    pub morning_time: String,
    /// A reminder on each chosen day at `time`.
    pub training: bool,
    /// A reminder at `morning_time` the morning after a chosen day with no session logged.
    pub missed_session: bool,
    /// A reminder at `morning_time` when the morning check after a session is waiting.
    pub morning_check: bool,
    /// The patient's IANA time zone, in which the times are read.
    pub time_zone: String,
    /// Training days a week the patient's plan asks for, when they are on a plan.
    pub plan_days_per_week: Option<u8>,
    /// A plain word on the number of days chosen against the plan's, if they differ.
    pub days_advice: Option<String>,
}

/// The settings as sent by the form or the API.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RemindersInput {
    /// The training days, `monday` … `sunday` (or `mon` … `sun`).
    pub days: Vec<String>,
    /// The training-day reminder's time, `HH:MM` on a 24-hour clock; 18:00 when empty.
    pub time: String,
    /// The next-morning reminders' time, `HH:MM` on a 24-hour clock; 08:00 when empty.
    pub morning_time: String,
    /// A reminder on each chosen day.
    pub training: bool,
    /// A reminder the next morning when a chosen day passed with no session logged.
    pub missed_session: bool,
    /// A reminder in the morning when the morning check is waiting.
    pub morning_check: bool,
}

/// What an unsubscribe link turns off.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unsubscribe {
    /// The kind of reminder.
    pub kind: ReminderKind,
    /// The reminder in plain words, such as "reminders on your training days".
    pub what: &'static str,
    /// Whether it is off now.
    pub done: bool,
}

/// The reminder of `kind` in plain words.
pub fn kind_words(kind: ReminderKind) -> &'static str {
    match kind {
        ReminderKind::Training => "reminders on your training days",
        ReminderKind::MissedSession => {
            "reminders the morning after a training day with no session logged"
        }
        ReminderKind::MorningCheck => "reminders to do your morning check",
    }
}

fn defaults(record: &Record) -> ReminderPreferences {
    ReminderPreferences {
        patient_id: record.id(),
        clinic_id: record.patient.clinic_id,
        days: 0,
        training_time: DEFAULT_TRAINING_TIME,
        morning_time: DEFAULT_MORNING_TIME,
        training_on: false,
        missed_session_on: false,
        morning_check_on: false,
        updated_at: record.now,
        next_check_at: None,
    }
}

fn hh_mm(time: Time) -> String {
    time.strftime("%H:%M").to_string()
}

async fn view_of(
    app: &App,
    record: &Record,
    preferences: &ReminderPreferences,
) -> AppResult<RemindersView> {
    let plan_days = match current_status(app, record).await? {
        CareStatus::Active(plan) => Some(plan.days_per_week()),
        _ => None,
    };
    let chosen = chosen_count(preferences.days);
    let days_advice = plan_days.and_then(|planned| {
        let plural = |count: u8| if count == 1 { "day" } else { "days" };
        if chosen == 0 {
            Some(format!(
                "Your plan asks for {planned} training {} a week: choose {planned} {} for your \
                 reminders.",
                plural(planned),
                plural(planned)
            ))
        } else if chosen != planned {
            Some(format!(
                "Your plan asks for {planned} training {} a week and you chose {chosen}. You \
                 can keep them: the reminders follow the days you chose.",
                plural(planned)
            ))
        } else {
            None
        }
    });
    Ok(RemindersView {
        days: WEEK
            .iter()
            .filter(|day| is_chosen(preferences.days, **day))
            .map(|day| day_name(*day).to_string())
            .collect(),
        time: hh_mm(preferences.training_time),
        morning_time: hh_mm(preferences.morning_time),
        training: preferences.training_on,
        missed_session: preferences.missed_session_on,
        morning_check: preferences.morning_check_on,
        time_zone: record.patient.time_zone.clone(),
        plan_days_per_week: plan_days,
        days_advice,
    })
}

/// A patient's reminder settings (off until they choose).
pub async fn view(app: &App, caller: &Caller, patient: UserId) -> AppResult<RemindersView> {
    let record = open(app, caller, patient, "reminders.read").await?;
    let preferences = app
        .store
        .reminder_preferences(patient)
        .await?
        .unwrap_or_else(|| defaults(&record));
    view_of(app, &record, &preferences).await
}

fn read_time(errors: &mut FieldErrors, field: &str, text: &str, default: Time) -> Time {
    let text = text.trim();
    if text.is_empty() {
        return default;
    }
    match Time::strptime("%H:%M", text) {
        Ok(time) if text.len() == 5 => time,
        _ => {
            errors.add(
                field,
                format!(
                    "`{text}` is not a time of day: write it as HH:MM on a 24-hour clock, such \
                     as 07:30 or 18:30"
                ),
            );
            default
        }
    }
}

fn read_days(errors: &mut FieldErrors, days: &[String]) -> u8 {
    let mut chosen = 0;
    for day in days {
        let name = day.trim().to_ascii_lowercase();
        match WEEK
            .iter()
            .find(|weekday| name.len() >= 3 && day_name(**weekday).starts_with(&name))
        {
            Some(weekday) => chosen |= day_bit(*weekday),
            None => errors.add(
                "days",
                format!(
                    "`{}` is not a day of the week: choose from monday, tuesday, wednesday, \
                     thursday, friday, saturday and sunday",
                    day.trim()
                ),
            ),
        }
    }
    chosen
}

/// Saves the patient's own reminder settings and returns them as saved.
pub async fn update(
    app: &App,
    caller: &Caller,
    patient: UserId,
    input: &RemindersInput,
) -> AppResult<RemindersView> {
    let (record, read) = open_to_change(app, caller, patient, "reminders.read").await?;
    let saved = save_checked(app, caller, &record, &read, input).await;
    let preferences = read.unless_changed(app, saved).await?;
    view_of(app, &record, &preferences).await
}

/// Checks the settings and saves them with the read's audit entry and their own.
async fn save_checked(
    app: &App,
    caller: &Caller,
    record: &Record,
    read: &PendingRead,
    input: &RemindersInput,
) -> AppResult<ReminderPreferences> {
    let mut errors = FieldErrors::default();
    let days = read_days(&mut errors, &input.days);
    let training_time = read_time(&mut errors, "time", &input.time, DEFAULT_TRAINING_TIME);
    let morning_time = read_time(
        &mut errors,
        "morning_time",
        &input.morning_time,
        DEFAULT_MORNING_TIME,
    );
    if days == 0 && (input.training || input.missed_session) && errors.get("days").is_none() {
        errors.add(
            "days",
            "choose at least one training day for the training-day and next-morning reminders, \
             or turn those reminders off",
        );
    }
    errors.into_result()?;
    let mut preferences = ReminderPreferences {
        days,
        training_time,
        morning_time,
        training_on: input.training,
        missed_session_on: input.missed_session,
        morning_check_on: input.morning_check,
        ..defaults(record)
    };
    preferences.next_check_at = next_due_after(&preferences, &record.zone, record.now);
    let change = record.change(caller, "reminders.change", "reminders");
    app.store
        .save_reminder_preferences(&preferences, &read.with_change(change))
        .await?;
    Ok(preferences)
}

/// The secret that signs unsubscribe links, shared by every app server on the database.
async fn secret(app: &App) -> AppResult<Vec<u8>> {
    Ok(app
        .store
        .server_secret(token::SECRET_NAME, random_token().as_bytes())
        .await?)
}

/// The one-click address that turns off `kind` for `patient`.
pub(crate) async fn unsubscribe_link(
    app: &App,
    patient: UserId,
    kind: ReminderKind,
) -> AppResult<String> {
    let token = token::sign(&secret(app).await?, patient, kind);
    Ok(format!(
        "{}/reminders/unsubscribe/{token}",
        app.settings.base_url
    ))
}

/// What an unsubscribe link would turn off, without changing anything (the page with the
/// button). A token that is not the server's is not found.
pub async fn unsubscribe_preview(app: &App, token: &str) -> AppResult<Unsubscribe> {
    let (patient, kind) = token::verify(&secret(app).await?, token).ok_or(AppError::NotFound)?;
    let done = !app
        .store
        .reminder_preferences(patient)
        .await?
        .is_some_and(|preferences| preferences.is_on(kind));
    Ok(Unsubscribe {
        kind,
        what: kind_words(kind),
        done,
    })
}

/// Turns off the kind of reminder an unsubscribe link names, with no sign-in: the link's
/// signature is the proof. Doing it again changes nothing.
pub async fn unsubscribe(app: &App, token: &str) -> AppResult<Unsubscribe> {
    let (patient, kind) = token::verify(&secret(app).await?, token).ok_or(AppError::NotFound)?;
    let done = Unsubscribe {
        kind,
        what: kind_words(kind),
        done: true,
    };
    let Some(mut preferences) = app.store.reminder_preferences(patient).await? else {
        return Ok(done);
    };
    if !preferences.is_on(kind) {
        return Ok(done);
    }
    let user = match app.store.user(preferences.clinic_id, patient).await {
        Ok(user) => user,
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(error) => return Err(error.into()),
    };
    let zone = TimeZone::get(&user.time_zone).unwrap_or(TimeZone::UTC);
    let now = app.now();
    preferences.set(kind, false);
    preferences.updated_at = now;
    preferences.next_check_at = next_due_after(&preferences, &zone, now);
    let mut audit = AuditEntry::new(
        "reminders.unsubscribe",
        format!("patient/{patient}/reminders/{}", kind.as_str()),
    )
    .in_clinic(preferences.clinic_id)
    .about(patient);
    audit.at = now;
    app.store
        .save_reminder_preferences(&preferences, &[audit])
        .await?;
    Ok(done)
}
