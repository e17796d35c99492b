//! The patient's daily care: intake, plan, today's sessions and the next-morning check-in, the
//! massage gun, questionnaires, progress and the running log.
//!
//! Every service opens the patient's record first ([`open`] or [`open_for_change`]): that checks
//! the caller's access through [`crate::access::patient`] and records the read in the
//! audit log. Changes are made by the patient themselves and carry their own audit entry in the
//! store's transaction. A session logged, a check-in answered, a running week saved, a
//! questionnaire submitted and a massage-gun session logged (or its refusal recorded) open it
//! with [`open_to_change`], which leaves the read's entry to that same transaction
//! ([`PendingRead`]); the massage gun's screening, the intake, symptoms, reminders and workout
//! mode still record it first.

pub(crate) mod checkin;
pub mod input;
pub mod intake;
pub mod logs;
pub mod massage_gun;
pub mod pending_read;
pub mod plan;
pub mod progress;
pub mod questionnaires;
pub mod reminders;
pub mod running;
pub mod session_log;
pub mod symptoms;
pub mod today;
pub mod workout;

use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use sha2::{Digest, Sha256};
use tendo_store::accounts::User;
use tendo_store::audit::AuditEntry;
use tendo_store::ids::UserId;

use crate::App;
use crate::access::{Caller, Relation, patient_access};
use crate::error::{AppError, AppResult};
pub use pending_read::PendingRead;

/// A patient's record, opened by a caller whose access was checked.
#[derive(Clone, Debug)]
pub struct Record {
    /// The patient.
    pub patient: User,
    /// How the caller relates to them.
    pub relation: Relation,
    /// The patient's time zone.
    pub zone: TimeZone,
    /// Now.
    pub now: Timestamp,
    /// Today in the patient's time zone.
    pub today: Date,
    /// The revision of the patient's care data when the record was opened (see
    /// [`tendo_store::patients::PatientSummary::revision`]).
    pub revision: u64,
}

impl Record {
    /// The patient's id.
    pub fn id(&self) -> UserId {
        self.patient.id
    }

    /// An audit entry for a change of this record by `caller`.
    pub fn change(&self, caller: &Caller, action: &str, target: &str) -> AuditEntry {
        caller
            .audit(
                action,
                format!("patient/{}/{target}", self.patient.id),
                self.now,
            )
            .about(self.patient.id)
    }

    /// The day of a moment in the patient's time zone.
    pub fn date_of(&self, at: Timestamp) -> Date {
        at.to_zoned(self.zone.clone()).date()
    }

    /// A tag naming what `view` shows of this record: the same while the patient's data, the
    /// date and the time zone stay the same (and this build serves it), different after any
    /// change. Opaque (a hash), so it says nothing about the patient.
    pub fn tag(&self, view: &str) -> String {
        let mut hash = Sha256::new();
        for part in [
            view,
            env!("CARGO_PKG_VERSION"),
            &self.patient.id.to_string(),
            &self.revision.to_string(),
            &self.today.to_string(),
            self.zone.iana_name().unwrap_or("UTC"),
        ] {
            hash.update(part.as_bytes());
            hash.update([0]);
        }
        hash.finalize()[..16]
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }

    /// The start of the day `weeks` weeks before today, in the patient's time zone (the start
    /// of a chart's or a list's span). Whole days, so that what a view shows changes only with
    /// the patient's data and the date, never within a day.
    pub fn weeks_before_today(&self, weeks: i64) -> Timestamp {
        let day = self
            .today
            .checked_sub((weeks * 7).days())
            .unwrap_or(self.today);
        self.start_of(day)
    }

    /// The first moment of `day` in the patient's time zone.
    pub fn start_of(&self, day: Date) -> Timestamp {
        day.to_zoned(self.zone.clone())
            .map(|zoned| zoned.timestamp())
            .unwrap_or(self.now)
    }
}

/// A view with the tag naming its content ([`Record::tag`]), or the tag alone when the caller
/// already holds that content.
#[derive(Clone, Debug)]
pub struct Tagged<T> {
    /// The tag of the view as it stands.
    pub tag: String,
    /// The view, or `None` when the caller said they hold the view of this tag.
    pub view: Option<T>,
}

/// Opens a patient's record for reading: checks access and records the read as `action` (such
/// as `today.read`).
pub async fn open(app: &App, caller: &Caller, patient: UserId, action: &str) -> AppResult<Record> {
    let (record, read) = open_unrecorded(app, caller, patient, action).await?;
    read.record_alone(app).await?;
    Ok(record)
}

/// Opens a patient's record for a change only the patient may make (their own training, pain,
/// questionnaires and logs). Clinicians and administrators may read these but not write them.
pub async fn open_for_change(
    app: &App,
    caller: &Caller,
    patient: UserId,
    action: &str,
) -> AppResult<Record> {
    let (record, read) = open_to_change(app, caller, patient, action).await?;
    read.record_alone(app).await?;
    Ok(record)
}

/// Opens a patient's record for a change as [`open_for_change`] does, but leaves the read's
/// audit entry to be written with the change (see [`PendingRead`]): the change then waits for
/// one commit instead of two. A caller who may not make the change has their read recorded
/// before they are refused.
pub async fn open_to_change(
    app: &App,
    caller: &Caller,
    patient: UserId,
    action: &str,
) -> AppResult<(Record, PendingRead)> {
    caller.require_write()?;
    let (record, read) = open_unrecorded(app, caller, patient, action).await?;
    if record.relation != Relation::Own {
        read.record_alone(app).await?;
        return Err(AppError::Forbidden(
            "only the patient records their own training, pain and answers".into(),
        ));
    }
    Ok((record, read))
}

/// Checks access and opens the record; the read's entry is the caller's to write.
async fn open_unrecorded(
    app: &App,
    caller: &Caller,
    patient: UserId,
    action: &str,
) -> AppResult<(Record, PendingRead)> {
    let (summary, relation) = patient_access(&*app.store, caller, patient).await?;
    let now = app.now();
    let read = PendingRead::new(
        caller
            .audit(action, format!("patient/{patient}"), now)
            .about(patient),
    );
    let zone = TimeZone::get(&summary.user.time_zone).unwrap_or(TimeZone::UTC);
    let today = now.to_zoned(zone.clone()).date();
    let record = Record {
        patient: summary.user,
        relation,
        zone,
        now,
        today,
        revision: summary.revision,
    };
    Ok((record, read))
}

/// The Monday of the week holding `date`.
pub fn week_start(date: Date) -> Date {
    let back = i64::from(date.weekday().to_monday_zero_offset());
    date.checked_sub(back.days()).unwrap_or(date)
}

/// "Mon 3 Mar" for a date.
pub fn short_date(date: Date) -> String {
    date.strftime("%a %-d %b").to_string()
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    (to - from).get_days().into()
}

/// The weekday's short name, such as "Mon".
pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Mon",
        Weekday::Tuesday => "Tue",
        Weekday::Wednesday => "Wed",
        Weekday::Thursday => "Thu",
        Weekday::Friday => "Fri",
        Weekday::Saturday => "Sat",
        Weekday::Sunday => "Sun",
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(week_start(date(2026, 3, 4)), date(2026, 3, 2));
        assert_eq!(week_start(date(2026, 3, 2)), date(2026, 3, 2));
        assert_eq!(week_start(date(2026, 3, 8)), date(2026, 3, 2));
        assert_eq!(days_between(date(2026, 3, 2), date(2026, 3, 9)), 7);
    }
}
