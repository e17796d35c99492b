//! Session drafts: the sets of today's session ticked so far, kept on the server so that a
//! closed tab or a lost signal loses nothing. Finishing a draft turns it into the logged
//! session and removes the draft in the same transaction.

use async_trait::async_trait;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use crate::audit::AuditEntry;
use crate::error::StoreResult;
use crate::ids::{ClinicId, RecordId, UserId};
use crate::training::{LoggedSet, NewTrainingSession};

/// Today's session in progress: one per patient, plan version and local date.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SessionDraft {
    /// Its id; the logged session takes this id when the draft is finished.
    pub id: RecordId,
    /// The patient.
    #[serde(skip)]
    pub patient_id: UserId,
    /// The patient's clinic.
    #[serde(skip)]
    pub clinic_id: ClinicId,
    /// The plan version the session follows.
    pub plan_version_id: RecordId,
    /// The day of the session, in the patient's time zone.
    pub date: Date,
    /// The sets ticked so far, by exercise and set number.
    pub sets: Vec<LoggedSet>,
    /// When the first set was saved.
    pub started_at: Timestamp,
    /// When the draft last changed.
    pub updated_at: Timestamp,
}

/// A draft finished with a request key: which session it logged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FinishedDraft {
    /// The session it logged.
    pub session_id: RecordId,
    /// That session's day.
    pub date: Date,
}

/// Session drafts.
#[async_trait]
pub trait SessionDraftStore: Send + Sync {
    /// The patient's draft for `plan_version` on `date`, if one is in progress.
    async fn session_draft(
        &self,
        clinic: ClinicId,
        patient: UserId,
        plan_version: RecordId,
        date: Date,
    ) -> StoreResult<Option<SessionDraft>>;

    /// Saves the draft whole: creates it, or replaces the sets and `updated_at` of the draft
    /// already in progress for the same patient, plan version and date (which keeps its id and
    /// start), with the `audit` entries in the same transaction. Returns the draft as stored.
    async fn save_session_draft(
        &self,
        draft: &SessionDraft,
        audit: &[AuditEntry],
    ) -> StoreResult<SessionDraft>;

    /// Removes the patient's draft for `plan_version` on `date`, with the `audit` entries in
    /// the same transaction; false if there was none (and then nothing is audited).
    async fn discard_session_draft(
        &self,
        clinic: ClinicId,
        patient: UserId,
        plan_version: RecordId,
        date: Date,
        audit: &[AuditEntry],
    ) -> StoreResult<bool>;

    /// Logs `session` (whose id is the draft's id) and removes draft `draft` in one
    /// transaction with the `audit` entries, recording `request_key` (unique per patient) when
    /// given. Fails with `NotFound` if the draft is no longer there (finished or discarded
    /// already) and with `Conflict` if the key was used before.
    async fn finish_session_draft(
        &self,
        draft: RecordId,
        session: &NewTrainingSession,
        request_key: Option<&str>,
        audit: &[AuditEntry],
    ) -> StoreResult<()>;

    /// The session that `patient`'s finish with `request_key` logged, if any.
    async fn finished_session_draft(
        &self,
        patient: UserId,
        request_key: &str,
    ) -> StoreResult<Option<FinishedDraft>>;
}
