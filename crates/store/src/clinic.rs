//! The clinician's workspace: the caseload's bounded windows, clinical notes (immutable once
//! signed), messages between a patient and their care team, plan reviews, red-flag stops
//! cleared after assessment, and refused massage-gun attempts.

use async_trait::async_trait;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use tendo_core::caseload::GunBreach;
use tendo_core::rules::RuleId;

use crate::accounts::User;
use crate::audit::AuditEntry;
use crate::booking::Appointment;
use crate::care::PlanVersion;
use crate::error::StoreResult;
use crate::ids::{ClinicId, RecordId, UserId};

/// The kind of a clinical note, which decides its template.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoteKind {
    /// The first assessment.
    FirstAssessment,
    /// A follow-up.
    FollowUp,
}

impl NoteKind {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            NoteKind::FirstAssessment => "first-assessment",
            NoteKind::FollowUp => "follow-up",
        }
    }

    /// Reads the stored spelling.
    pub fn parse(text: &str) -> Option<NoteKind> {
        match text {
            "first-assessment" => Some(NoteKind::FirstAssessment),
            "follow-up" => Some(NoteKind::FollowUp),
            _ => None,
        }
    }
}

/// The four parts of a SOAP note.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct NoteSections {
    /// What the patient reports.
    pub subjective: String,
    /// What the clinician found.
    pub objective: String,
    /// The clinician's assessment.
    pub assessment: String,
    /// The plan.
    pub plan: String,
}

/// A note to store (a draft until signed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewNote {
    /// Its id.
    pub id: RecordId,
    /// The patient.
    pub patient_id: UserId,
    /// The patient's clinic.
    pub clinic_id: ClinicId,
    /// The clinician writing it.
    pub author_id: UserId,
    /// Its kind.
    pub kind: NoteKind,
    /// Its text.
    pub sections: NoteSections,
    /// When it was started.
    pub created_at: Timestamp,
}

/// An amendment added to a signed note.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Amendment {
    /// Its id.
    pub id: RecordId,
    /// Who added it.
    pub author_id: UserId,
    /// What it says.
    pub text: String,
    /// When it was added.
    pub created_at: Timestamp,
}

/// A stored note with its amendments.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Note {
    /// Its id.
    pub id: RecordId,
    /// The patient.
    pub patient_id: UserId,
    /// Who wrote it.
    pub author_id: UserId,
    /// Its kind.
    pub kind: NoteKind,
    /// Its text.
    pub sections: NoteSections,
    /// When it was started.
    pub created_at: Timestamp,
    /// When the draft was last saved.
    pub updated_at: Timestamp,
    /// When it was signed; `None` for a draft.
    pub signed_at: Option<Timestamp>,
    /// Who signed it.
    pub signed_by: Option<UserId>,
    /// The amendments, oldest first.
    pub amendments: Vec<Amendment>,
}

/// An amendment to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAmendment {
    /// Its id.
    pub id: RecordId,
    /// The note.
    pub note_id: RecordId,
    /// The patient.
    pub patient_id: UserId,
    /// The patient's clinic.
    pub clinic_id: ClinicId,
    /// Who adds it.
    pub author_id: UserId,
    /// What it says.
    pub text: String,
    /// When.
    pub created_at: Timestamp,
}

/// A message to store, in the thread of `patient_id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewMessage {
    /// Its id.
    pub id: RecordId,
    /// The patient whose thread it is in.
    pub patient_id: UserId,
    /// The patient's clinic.
    pub clinic_id: ClinicId,
    /// Who wrote it.
    pub author_id: UserId,
    /// The text.
    pub body: String,
    /// When.
    pub created_at: Timestamp,
}

/// A stored message.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Message {
    /// Its id.
    pub id: RecordId,
    /// The patient whose thread it is in.
    pub patient_id: UserId,
    /// Who wrote it.
    pub author_id: UserId,
    /// Their name.
    pub author_name: String,
    /// The text.
    pub body: String,
    /// When.
    pub created_at: Timestamp,
}

/// One patient's thread as listed for their care team.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ThreadSummary {
    /// The patient.
    pub patient_id: UserId,
    /// Their name.
    pub patient_name: String,
    /// When the latest message was written.
    pub last_at: Option<Timestamp>,
    /// Messages the viewer has not read.
    pub unread: u32,
}

/// A red-flag stop cleared by a clinician after assessment.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RedFlagClearance {
    /// Its id.
    pub id: RecordId,
    /// The patient.
    pub patient_id: UserId,
    /// The patient's clinic.
    pub clinic_id: ClinicId,
    /// The clinician who cleared it.
    pub cleared_by: UserId,
    /// When.
    pub cleared_at: Timestamp,
    /// Why, after their assessment.
    pub reason: String,
    /// The red-flag rules cleared.
    pub rules: Vec<RuleId>,
}

/// A massage-gun attempt the server refused.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GunRefusalRecord {
    /// Its id.
    pub id: RecordId,
    /// The patient.
    pub patient_id: UserId,
    /// The patient's clinic.
    pub clinic_id: ClinicId,
    /// When.
    pub at: Timestamp,
    /// The day, in the patient's zone.
    pub date: Date,
    /// What it broke.
    pub breaches: Vec<GunBreach>,
    /// The rules that refused it.
    pub rules: Vec<RuleId>,
    /// The refusal as the patient saw it.
    pub detail: String,
}

/// One patient of a caseload, with the bounded windows of their record the caseload reads.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseloadPatient {
    /// The patient.
    pub user: User,
    /// The intake answers, once started.
    pub intake: Option<serde_json::Value>,
    /// True once the intake is completed.
    pub intake_completed: bool,
    /// The latest plan version.
    pub plan: Option<PlanVersion>,
    /// The first questionnaire score.
    pub first_score: Option<(Date, u8)>,
    /// The latest three questionnaire scores, newest first.
    pub latest_scores: Vec<(Date, u8)>,
    /// Sessions in the window: day, pain during, pain after.
    pub sessions: Vec<(Date, u8, u8)>,
    /// Check-ins in the window: session day, next-morning pain.
    pub checkins: Vec<(Date, u8)>,
    /// Refused massage-gun attempts in their window.
    pub gun_refusals: Vec<GunRefusalRecord>,
    /// Messages in the patient's thread the clinician has not read.
    pub unread_messages: u32,
}

/// One patient of a clinician's care team as the caseload's cache checks it
/// ([`ClinicStore::caseload_members`]): what names the state of everything the caseload shows
/// of them, without reading it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseloadMember {
    /// The patient.
    pub patient: UserId,
    /// Their revision, raised by every change of their care data, their messages and
    /// appointments included, and by their erasure, the one change of their name, email or
    /// zone (see `PatientSummary::revision`).
    pub revision: u64,
    /// When the clinician last read their messages (the unread count's other half).
    pub last_read_at: Option<Timestamp>,
}

/// Whose appointments a clinic-side list reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatientsOf {
    /// The patients in this clinician's care team (the caseload).
    CareTeam(UserId),
    /// The clinic's patients no clinician cares for yet (the triage list).
    NoCareTeam,
}

/// The clinician's workspace.
#[async_trait]
pub trait ClinicStore: Send + Sync {
    /// The patients in `clinician`'s care, each with their sessions and check-ins from `from`,
    /// refused massage-gun attempts since `gun_since`, the latest plan and the first and latest
    /// scores. Every read is an index search bounded by the window, whatever the history.
    async fn caseload(
        &self,
        clinic: ClinicId,
        clinician: UserId,
        from: Date,
        gun_since: Timestamp,
    ) -> StoreResult<Vec<CaseloadPatient>>;

    /// The patients in `clinician`'s care, each with what names the state of their caseload
    /// entry: two small rows per patient, none of their history. A caseload
    /// computed from reads made after this one is at least as new as what it names.
    async fn caseload_members(
        &self,
        clinic: ClinicId,
        clinician: UserId,
    ) -> StoreResult<Vec<CaseloadMember>>;

    /// The booked appointments starting in `[from, to)` of the patients `whose` names, earliest
    /// first. The read starts from those patients (a clinician's care team, or the clinic's
    /// patients nobody cares for), so its cost follows their number, not the clinic's diary.
    async fn upcoming_appointments(
        &self,
        clinic: ClinicId,
        whose: PatientsOf,
        from: Timestamp,
        to: Timestamp,
    ) -> StoreResult<Vec<Appointment>>;

    /// Marks a plan version reviewed by `by`. `NotFound` when it is not the patient's.
    async fn mark_plan_reviewed(
        &self,
        clinic: ClinicId,
        patient: UserId,
        version: RecordId,
        by: UserId,
        at: Timestamp,
        audit: &AuditEntry,
    ) -> StoreResult<()>;

    /// Clears a red-flag stop: stores the clearance and reopens the intake with `answers`
    /// (which carry the clearance), so that the patient can finish it. `Conflict` when the
    /// intake is not a completed stop.
    async fn clear_red_flag_stop(
        &self,
        clearance: &RedFlagClearance,
        answers: &serde_json::Value,
        audit: &AuditEntry,
    ) -> StoreResult<()>;

    /// The patient's cleared red-flag stops, oldest first.
    async fn red_flag_clearances(
        &self,
        clinic: ClinicId,
        patient: UserId,
    ) -> StoreResult<Vec<RedFlagClearance>>;

    /// Records a refused massage-gun attempt with `audit` (the read the attempt began with and
    /// the refusal's own entry), all in one transaction.
    async fn record_gun_refusal(
        &self,
        refusal: &GunRefusalRecord,
        audit: &[AuditEntry],
    ) -> StoreResult<()>;

    /// The patient's refused massage-gun attempts since `since`, newest first.
    async fn gun_refusals(
        &self,
        clinic: ClinicId,
        patient: UserId,
        since: Timestamp,
    ) -> StoreResult<Vec<GunRefusalRecord>>;

    /// Starts a note (a draft).
    async fn add_note(&self, note: &NewNote, audit: &AuditEntry) -> StoreResult<()>;

    /// Saves a draft note's text. `Conflict` once it is signed: a signed note never changes.
    async fn update_note(
        &self,
        clinic: ClinicId,
        patient: UserId,
        note: RecordId,
        sections: &NoteSections,
        at: Timestamp,
        audit: &AuditEntry,
    ) -> StoreResult<()>;

    /// Signs a draft note. `Conflict` if it is already signed.
    async fn sign_note(
        &self,
        clinic: ClinicId,
        patient: UserId,
        note: RecordId,
        by: UserId,
        at: Timestamp,
        audit: &AuditEntry,
    ) -> StoreResult<()>;

    /// Adds an amendment to a signed note. `Conflict` if the note is still a draft.
    async fn add_amendment(&self, amendment: &NewAmendment, audit: &AuditEntry) -> StoreResult<()>;

    /// A note with its amendments.
    async fn note(&self, clinic: ClinicId, patient: UserId, note: RecordId) -> StoreResult<Note>;

    /// The patient's notes, newest first, with their amendments.
    async fn notes(&self, clinic: ClinicId, patient: UserId) -> StoreResult<Vec<Note>>;

    /// The notes the patient record shows, newest first, with their amendments: the `latest`
    /// newest, and every note made in `[from, until)`, each once. Its cost does not grow with
    /// the number of older notes.
    async fn record_notes(
        &self,
        clinic: ClinicId,
        patient: UserId,
        latest: u32,
        from: Timestamp,
        until: Timestamp,
    ) -> StoreResult<Vec<Note>>;

    /// Everything the patient record is made of, read together on one connection: on SQLite
    /// inside one read transaction (one moment), on PostgreSQL sent together (about one round
    /// trip). Each part is bounded by `window`.
    async fn patient_record(
        &self,
        clinic: ClinicId,
        patient: UserId,
        window: &crate::record::RecordWindow,
    ) -> StoreResult<crate::record::RecordParts>;

    /// Adds a message to a patient's thread.
    async fn post_message(&self, message: &NewMessage, audit: &AuditEntry) -> StoreResult<()>;

    /// The latest `limit` messages of a patient's thread, oldest first.
    async fn messages(
        &self,
        clinic: ClinicId,
        patient: UserId,
        limit: u32,
    ) -> StoreResult<Vec<Message>>;

    /// Marks a patient's thread read by `reader` up to `at`.
    async fn mark_thread_read(
        &self,
        clinic: ClinicId,
        patient: UserId,
        reader: UserId,
        at: Timestamp,
    ) -> StoreResult<()>;

    /// The threads `viewer` takes part in: a clinician's patients, or every patient of the
    /// clinic with a message for an administrator (at most `limit`, latest first).
    async fn message_threads(&self, viewer: &User, limit: u32) -> StoreResult<Vec<ThreadSummary>>;

    /// Messages written by others that `viewer` has not read: in their own thread for a
    /// patient, in their patients' threads for a clinician (0 for an administrator).
    async fn unread_messages(&self, viewer: &User) -> StoreResult<u32>;
}
