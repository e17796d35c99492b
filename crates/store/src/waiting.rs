//! The waiting list: patients who found no time that suited them wait for an appointment type
//! (with a named clinician, or anyone) over a range of dates. When a time frees up, the first of
//! them in joining order are mailed an offer with a one-time link; the offer and its mail are
//! written in one transaction, and the link's token is kept hashed.

use async_trait::async_trait;
use jiff::Timestamp;
use jiff::civil::Date;

use crate::audit::AuditEntry;
use crate::error::StoreResult;
use crate::ids::{AppointmentTypeId, ClinicId, RecordId, UserId, WaitingEntryId};
use crate::mail::NewMail;

/// A place on the waiting list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaitingEntry {
    /// Its id.
    pub id: WaitingEntryId,
    /// The clinic.
    pub clinic_id: ClinicId,
    /// The patient waiting.
    pub patient_id: UserId,
    /// The appointment type they want.
    pub type_id: AppointmentTypeId,
    /// The clinician they want, or anyone suitable when `None`.
    pub clinician_id: Option<UserId>,
    /// The first date that suits them, in their zone.
    pub from: Date,
    /// The last date that suits them, in their zone.
    pub to: Date,
    /// When they joined: the list is served in this order.
    pub created_at: Timestamp,
}

/// A time offered to someone on the waiting list, behind a one-time link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaitingOffer {
    /// Its id.
    pub id: RecordId,
    /// The place on the list it was made for.
    pub entry_id: WaitingEntryId,
    /// The clinic.
    pub clinic_id: ClinicId,
    /// The patient it was offered to.
    pub patient_id: UserId,
    /// The appointment type.
    pub type_id: AppointmentTypeId,
    /// The clinician wanted, or anyone suitable when `None`.
    pub clinician_id: Option<UserId>,
    /// The start offered.
    pub start: Timestamp,
    /// When it was offered.
    pub created_at: Timestamp,
    /// When the link stops working.
    pub expires_at: Timestamp,
    /// When the link was used, if it was.
    pub used_at: Option<Timestamp>,
}

/// An offer to keep, with the SHA-256 of its link's token (the token itself is only mailed).
#[derive(Clone, Debug)]
pub struct NewWaitingOffer {
    /// The offer.
    pub offer: WaitingOffer,
    /// The hash of the link's token.
    pub token_hash: Vec<u8>,
}

/// Waiting-list storage.
#[async_trait]
pub trait WaitingListStore: Send + Sync {
    /// Adds `entry`, or answers the patient's existing entry for the same type, clinician and
    /// dates (then nothing changes); the flag says whether it is new.
    async fn join_waiting_list(
        &self,
        entry: &WaitingEntry,
        audit: &AuditEntry,
    ) -> StoreResult<(WaitingEntry, bool)>;

    /// A patient's entries in a clinic, in joining order.
    async fn waiting_entries(
        &self,
        clinic: ClinicId,
        patient: UserId,
    ) -> StoreResult<Vec<WaitingEntry>>;

    /// Removes a patient's entry and its offers (`NotFound` if it is not theirs).
    async fn leave_waiting_list(
        &self,
        clinic: ClinicId,
        patient: UserId,
        entry: WaitingEntryId,
        audit: &AuditEntry,
    ) -> StoreResult<()>;

    /// At most `limit` entries of a clinic, in joining order, whose dates reach `from`..=`to`
    /// and that hold no offer still open at `now`: the people to offer a freed time to first.
    async fn waiting_to_offer(
        &self,
        clinic: ClinicId,
        from: Date,
        to: Date,
        now: Timestamp,
        limit: u32,
    ) -> StoreResult<Vec<WaitingEntry>>;

    /// Keeps an offer and queues the mail with its link, in one transaction.
    async fn create_waiting_offer(
        &self,
        offer: &NewWaitingOffer,
        mail: &NewMail,
        audit: &AuditEntry,
    ) -> StoreResult<()>;

    /// The offer behind a link's token hash, used or not (`NotFound` if there is none).
    async fn waiting_offer(&self, token_hash: &[u8]) -> StoreResult<WaitingOffer>;

    /// Uses a link once: marks its offer used at `at`. Fails with `Expired` if it was already
    /// used, has expired at `at`, or no longer exists.
    async fn claim_waiting_offer(
        &self,
        token_hash: &[u8],
        at: Timestamp,
    ) -> StoreResult<WaitingOffer>;

    /// Gives a claimed link back (the booking behind it failed for a passing reason).
    async fn release_waiting_offer(&self, token_hash: &[u8]) -> StoreResult<()>;

    /// The offer was booked: its entry and every offer made for it go.
    async fn fulfil_waiting_offer(
        &self,
        clinic: ClinicId,
        entry: WaitingEntryId,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
}
