//! Sign-ups waiting for their email address to be confirmed: nothing about the account exists
//! until the person opens the link mailed to them, so signing up never tells whether an address
//! already has an account.

use async_trait::async_trait;
use jiff::Timestamp;

use super::{NewUser, User};
use crate::audit::AuditEntry;
use crate::error::StoreResult;
use crate::ids::{AppointmentTypeId, ClinicId, UserId};
use crate::mail::NewMail;

/// The booking a person was making when they signed up, made once they confirm.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingBooking {
    /// The appointment type.
    pub type_id: AppointmentTypeId,
    /// When it starts.
    pub start: Timestamp,
    /// The clinician chosen, or any free one.
    pub clinician: Option<UserId>,
}

/// A sign-up to keep until its link is opened.
#[derive(Clone, Debug)]
pub struct NewPendingSignUp {
    /// SHA-256 of the one-time token in the link (the token itself is only mailed).
    pub token_hash: Vec<u8>,
    /// The clinic the person signs up with.
    pub clinic_id: ClinicId,
    /// Their email address, in lower case.
    pub email: String,
    /// Their name.
    pub name: String,
    /// The hash of the password they chose.
    pub password_hash: String,
    /// Their IANA time zone.
    pub time_zone: String,
    /// The booking they were making, if any.
    pub booking: Option<PendingBooking>,
    /// When they signed up.
    pub created_at: Timestamp,
    /// When the link stops working.
    pub expires_at: Timestamp,
}

/// A pending sign-up as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingSignUp {
    /// The clinic the person signs up with.
    pub clinic_id: ClinicId,
    /// Their email address.
    pub email: String,
    /// Their name.
    pub name: String,
    /// The hash of the password they chose.
    pub password_hash: String,
    /// Their IANA time zone.
    pub time_zone: String,
    /// The booking they were making, if any.
    pub booking: Option<PendingBooking>,
    /// When they signed up.
    pub created_at: Timestamp,
    /// When the link stops working.
    pub expires_at: Timestamp,
}

/// Sign-ups waiting for their link.
#[async_trait]
pub trait PendingSignUpStore: Send + Sync {
    /// Keeps a pending sign-up and queues the mail with its link, in one transaction.
    async fn create_pending_sign_up(
        &self,
        sign_up: &NewPendingSignUp,
        mail: &NewMail,
    ) -> StoreResult<()>;

    /// The pending sign-up with this token hash (`NotFound` if there is none, or it was used).
    async fn pending_sign_up(&self, token_hash: &[u8]) -> StoreResult<PendingSignUp>;

    /// Uses the link once and creates its user, atomically; the pending sign-up is removed.
    /// Fails with `Expired` if the link was already used or has expired at `user.created_at`,
    /// and with `Conflict` if the address has an account by now (then nothing changes).
    async fn complete_pending_sign_up(
        &self,
        token_hash: &[u8],
        user: &NewUser,
        audit: &AuditEntry,
    ) -> StoreResult<User>;
}
