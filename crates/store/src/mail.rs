//! The mail outbox: messages are queued in the database in the same transaction as what caused
//! them, so none is lost if the mail server is down; a sender delivers them.

use async_trait::async_trait;
use jiff::Timestamp;
use serde::Serialize;

use crate::error::StoreResult;
use crate::ids::{ClinicId, RecordId, UserId};

/// A message to queue.
#[derive(Clone, Debug)]
pub struct NewMail {
    /// Its id.
    pub id: RecordId,
    /// The clinic it is sent for.
    pub clinic_id: Option<ClinicId>,
    /// The person it is for, if they have an account.
    pub user_id: Option<UserId>,
    /// The address.
    pub to: String,
    /// The subject.
    pub subject: String,
    /// The plain-text body.
    pub body: String,
    /// An iCalendar attachment, if any.
    pub calendar: Option<String>,
    /// When it was queued.
    pub created_at: Timestamp,
    /// Not before this moment (reminders).
    pub send_after: Timestamp,
}

/// A queued or sent message.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Mail {
    /// Its id.
    pub id: RecordId,
    /// The clinic it is sent for.
    pub clinic_id: Option<ClinicId>,
    /// The person it is for.
    pub user_id: Option<UserId>,
    /// The address.
    pub to: String,
    /// The subject.
    pub subject: String,
    /// The plain-text body.
    pub body: String,
    /// An iCalendar attachment, if any.
    pub calendar: Option<String>,
    /// When it was queued.
    pub created_at: Timestamp,
    /// Not before this moment.
    pub send_after: Timestamp,
    /// When it was delivered, if it was.
    pub sent_at: Option<Timestamp>,
    /// How many delivery attempts failed.
    pub attempts: u32,
    /// The last delivery error.
    pub last_error: Option<String>,
}

/// Queueing and delivering mail.
#[async_trait]
pub trait MailStore: Send + Sync {
    /// Queues a message.
    async fn enqueue_mail(&self, mail: &NewMail) -> StoreResult<()>;

    /// Messages not yet sent whose time has come at `now`, oldest first.
    async fn due_mail(&self, now: Timestamp, limit: u32) -> StoreResult<Vec<Mail>>;

    /// Takes a due message for one sender: moves its `send_after` from `seen` to `until` if no
    /// other sender did first. Returns whether this caller has it. A sender that stops before
    /// delivering leaves it to be taken again at `until`.
    async fn claim_mail(
        &self,
        id: RecordId,
        seen: Timestamp,
        until: Timestamp,
    ) -> StoreResult<bool>;

    /// Marks a message delivered.
    async fn mark_mail_sent(&self, id: RecordId, at: Timestamp) -> StoreResult<()>;

    /// Records a failed delivery; the message is tried again from `retry_at`.
    async fn mark_mail_failed(
        &self,
        id: RecordId,
        error: &str,
        retry_at: Timestamp,
    ) -> StoreResult<()>;

    /// The most recent messages to an address, newest first (for people's inbox in the app and
    /// for tests).
    async fn mail_to(&self, to: &str, limit: u32) -> StoreResult<Vec<Mail>>;
}
