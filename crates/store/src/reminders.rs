//! Training reminders: what each patient asked to be reminded of, the reminders already queued
//! (one per patient, kind and local date, however many app servers run), and the key that signs
//! the one-click unsubscribe links.

use async_trait::async_trait;
use jiff::Timestamp;
use jiff::civil::{Date, Time};
use serde::{Deserialize, Serialize};

use crate::audit::AuditEntry;
use crate::error::StoreResult;
use crate::ids::{ClinicId, RecordId, UserId};
use crate::mail::NewMail;

/// The kinds of reminder a patient can turn on or off one by one.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    /// On a chosen training day, at the chosen time: today's session.
    Training,
    /// The next morning, when the chosen training day before has no logged session.
    MissedSession,
    /// In the morning, when the next-morning check after a session is still waiting.
    MorningCheck,
}

impl ReminderKind {
    /// Every kind, in the order the settings show them.
    pub const ALL: [ReminderKind; 3] = [
        ReminderKind::Training,
        ReminderKind::MissedSession,
        ReminderKind::MorningCheck,
    ];

    /// The stored (and URL) name: `training`, `missed_session` or `morning_check`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReminderKind::Training => "training",
            ReminderKind::MissedSession => "missed_session",
            ReminderKind::MorningCheck => "morning_check",
        }
    }

    /// The kind stored as `name`.
    pub fn parse(name: &str) -> Option<ReminderKind> {
        ReminderKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
    }
}

/// A patient's reminder settings, in their own time zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReminderPreferences {
    /// The patient.
    pub patient_id: UserId,
    /// Their clinic.
    pub clinic_id: ClinicId,
    /// The chosen training days: bit 0 is Monday … bit 6 is Sunday.
    pub days: u8,
    /// The time of the training-day reminder, on the patient's wall clock.
    pub training_time: Time,
    /// The time of the next-morning reminders, on the patient's wall clock.
    pub morning_time: Time,
    /// Whether the training-day reminder is on.
    pub training_on: bool,
    /// Whether the next-morning "no session logged yesterday" reminder is on.
    pub missed_session_on: bool,
    /// Whether the morning check-in reminder is on.
    pub morning_check_on: bool,
    /// When they were last changed.
    pub updated_at: Timestamp,
    /// The earliest moment one of these reminders may fall due; `None` when none is on.
    pub next_check_at: Option<Timestamp>,
}

impl ReminderPreferences {
    /// Whether the reminder of `kind` is on.
    pub fn is_on(&self, kind: ReminderKind) -> bool {
        match kind {
            ReminderKind::Training => self.training_on,
            ReminderKind::MissedSession => self.missed_session_on,
            ReminderKind::MorningCheck => self.morning_check_on,
        }
    }

    /// Turns the reminder of `kind` on or off.
    pub fn set(&mut self, kind: ReminderKind, on: bool) {
        match kind {
            ReminderKind::Training => self.training_on = on,
            ReminderKind::MissedSession => self.missed_session_on = on,
            ReminderKind::MorningCheck => self.morning_check_on = on,
        }
    }
}

/// A reminder to queue: its once-per-day key and what its mail carries besides the outbox row.
#[derive(Clone, Debug)]
pub struct NewReminder {
    /// The patient.
    pub patient_id: UserId,
    /// Which reminder.
    pub kind: ReminderKind,
    /// The patient's local date it is for: at most one reminder per patient, kind and date.
    pub local_date: Date,
    /// The `List-Unsubscribe` address of its mail.
    pub list_unsubscribe: String,
}

/// Storing reminder settings and queueing reminders once.
#[async_trait]
pub trait ReminderStore: Send + Sync {
    /// A patient's reminder settings, if they ever saved any.
    async fn reminder_preferences(
        &self,
        patient: UserId,
    ) -> StoreResult<Option<ReminderPreferences>>;

    /// Saves a patient's reminder settings (creating or replacing them) with the `audit`
    /// entries.
    async fn save_reminder_preferences(
        &self,
        preferences: &ReminderPreferences,
        audit: &[AuditEntry],
    ) -> StoreResult<()>;

    /// Settings whose next check is due at `now`, earliest first, at most `limit`.
    async fn due_reminder_checks(
        &self,
        now: Timestamp,
        limit: u32,
    ) -> StoreResult<Vec<ReminderPreferences>>;

    /// Moves a patient's next check from `seen` to `next`, unless the settings changed since
    /// they were read (then the saved settings' own next check stands). Returns whether it moved.
    async fn reschedule_reminder_check(
        &self,
        patient: UserId,
        seen: Timestamp,
        next: Option<Timestamp>,
    ) -> StoreResult<bool>;

    /// Queues a reminder's mail with its audit entry, unless a reminder of the same patient,
    /// kind and local date was queued already (by this or another app server). Returns whether
    /// it was queued now.
    async fn enqueue_reminder(
        &self,
        reminder: &NewReminder,
        mail: &NewMail,
        audit: &AuditEntry,
    ) -> StoreResult<bool>;

    /// The `List-Unsubscribe` address of a queued message, if it is a reminder.
    async fn reminder_unsubscribe_link(&self, mail: RecordId) -> StoreResult<Option<String>>;

    /// The secret named `name` shared by every app server on this database: `candidate` is
    /// kept if there is none yet, and the kept one is returned.
    async fn server_secret(&self, name: &str, candidate: &[u8]) -> StoreResult<Vec<u8>>;
}
