//! Questionnaires, the massage-gun screening and sessions, and the running log.

use async_trait::async_trait;
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;
use tendo_core::massage_gun::{Screening, Site};
use tendo_core::questionnaire::{Questionnaire, VisaAnswers};

use crate::audit::AuditEntry;
use crate::error::StoreResult;
use crate::ids::{ClinicId, RecordId, UserId};

/// A questionnaire response to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewQuestionnaireResponse {
    /// Its id.
    pub id: RecordId,
    /// The patient.
    pub patient_id: UserId,
    /// The patient's clinic.
    pub clinic_id: ClinicId,
    /// VISA-A or VISA-H.
    pub questionnaire: Questionnaire,
    /// When it was answered.
    pub taken_at: Timestamp,
    /// The day it was answered, in the patient's time zone.
    pub taken_on: Date,
    /// The answers.
    pub answers: VisaAnswers,
    /// The total, 0–100.
    pub score: u8,
}

/// A stored questionnaire response.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuestionnaireResponse {
    /// Its id.
    pub id: RecordId,
    /// VISA-A or VISA-H.
    pub questionnaire: Questionnaire,
    /// When it was answered.
    pub taken_at: Timestamp,
    /// The day it was answered, in the patient's time zone.
    pub taken_on: Date,
    /// The answers.
    pub answers: VisaAnswers,
    /// The total, 0–100.
    pub score: u8,
}

/// The stored spelling of a questionnaire.
pub fn questionnaire_str(questionnaire: Questionnaire) -> &'static str {
    match questionnaire {
        Questionnaire::VisaA => "visa-a",
        Questionnaire::VisaH => "visa-h",
    }
}

/// Reads the stored spelling of a questionnaire.
pub fn parse_questionnaire(text: &str) -> Option<Questionnaire> {
    match text {
        "visa-a" => Some(Questionnaire::VisaA),
        "visa-h" => Some(Questionnaire::VisaH),
        _ => None,
    }
}

/// A massage-gun screening to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewScreening {
    /// Its id.
    pub id: RecordId,
    /// The patient.
    pub patient_id: UserId,
    /// The patient's clinic.
    pub clinic_id: ClinicId,
    /// When it was answered.
    pub answered_at: Timestamp,
    /// The answers (without `now` or the last session, which are filled in at each check).
    pub answers: Screening,
}

/// A stored massage-gun screening.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScreeningRecord {
    /// Its id.
    pub id: RecordId,
    /// When it was answered.
    pub answered_at: Timestamp,
    /// The answers.
    pub answers: Screening,
}

/// Minutes on one site in a massage-gun session.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SiteMinutes {
    /// The site.
    pub site: Site,
    /// The minutes spent on it.
    pub minutes: f64,
}

/// A massage-gun session to store.
#[derive(Clone, Debug, PartialEq)]
pub struct NewMassageGunSession {
    /// Its id.
    pub id: RecordId,
    /// The patient.
    pub patient_id: UserId,
    /// The patient's clinic.
    pub clinic_id: ClinicId,
    /// When it started.
    pub started_at: Timestamp,
    /// When it was logged.
    pub logged_at: Timestamp,
    /// The percussion rate used, if known.
    pub ppm: Option<u32>,
    /// The time on each site.
    pub sites: Vec<SiteMinutes>,
}

/// A stored massage-gun session.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MassageGunSession {
    /// Its id.
    pub id: RecordId,
    /// When it started.
    pub started_at: Timestamp,
    /// When it was logged.
    pub logged_at: Timestamp,
    /// The percussion rate used, if known.
    pub ppm: Option<u32>,
    /// The time on each site.
    pub sites: Vec<SiteMinutes>,
}

/// A week of the running log as stored.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunningWeekRecord {
    /// The Monday the week starts on.
    pub week_start: Date,
    /// Kilometres run.
    pub distance_km: f64,
    /// Hill runs, intervals and other speed work.
    pub hard_sessions: u8,
    /// When it was last changed.
    pub updated_at: Timestamp,
}

/// Outcomes and logs beside the programme.
#[async_trait]
pub trait OutcomeStore: Send + Sync {
    /// Stores a questionnaire response, with `audit` in the same transaction (as for
    /// [`crate::training::TrainingStore::log_session`]: the change's entry and the read it
    /// began with, all or nothing).
    async fn add_questionnaire(
        &self,
        response: &NewQuestionnaireResponse,
        audit: &[AuditEntry],
    ) -> StoreResult<()>;

    /// Every questionnaire response of the patient, oldest first.
    async fn questionnaires(
        &self,
        clinic: ClinicId,
        patient: UserId,
    ) -> StoreResult<Vec<QuestionnaireResponse>>;

    /// The patient's first questionnaire response, the last one taken before `since`, and every
    /// one taken from `since` on, oldest first, each once. Its cost does not grow with the
    /// number of older responses.
    async fn questionnaires_since(
        &self,
        clinic: ClinicId,
        patient: UserId,
        since: Timestamp,
    ) -> StoreResult<Vec<QuestionnaireResponse>>;

    /// Stores a new massage-gun screening with the `audit` entries; the latest one counts.
    async fn save_screening(
        &self,
        screening: &NewScreening,
        audit: &[AuditEntry],
    ) -> StoreResult<()>;

    /// The patient's latest massage-gun screening.
    async fn screening(
        &self,
        clinic: ClinicId,
        patient: UserId,
    ) -> StoreResult<Option<ScreeningRecord>>;

    /// Every massage-gun screening of the patient, oldest first (the latest one counts).
    async fn screenings(
        &self,
        clinic: ClinicId,
        patient: UserId,
    ) -> StoreResult<Vec<ScreeningRecord>>;

    /// Stores a massage-gun session, unless another session started less than `min_gap`
    /// before or after it (`Conflict`). The check and the write are one transaction, so two
    /// sessions logged at once cannot both pass. `audit` holds the read the log began with and
    /// the log's own entry, written in the same transaction (none of them when refused).
    async fn log_massage_gun_session(
        &self,
        session: &NewMassageGunSession,
        min_gap: SignedDuration,
        audit: &[AuditEntry],
    ) -> StoreResult<()>;

    /// The patient's latest massage-gun sessions, newest first.
    async fn massage_gun_sessions(
        &self,
        clinic: ClinicId,
        patient: UserId,
        limit: u32,
    ) -> StoreResult<Vec<MassageGunSession>>;

    /// Stores a week of running, replacing what was logged for the same week, with `audit` in
    /// the same transaction (as for [`OutcomeStore::add_questionnaire`]).
    async fn save_running_week(
        &self,
        clinic: ClinicId,
        patient: UserId,
        week: &RunningWeekRecord,
        audit: &[AuditEntry],
    ) -> StoreResult<()>;

    /// The patient's running log, oldest week first.
    async fn running_weeks(
        &self,
        clinic: ClinicId,
        patient: UserId,
    ) -> StoreResult<Vec<RunningWeekRecord>>;

    /// The patient's running weeks from `from` on, with the last week logged before `from` (if
    /// any) ahead of them, oldest first. Its cost does not grow with the number of older weeks.
    async fn running_weeks_since(
        &self,
        clinic: ClinicId,
        patient: UserId,
        from: Date,
    ) -> StoreResult<Vec<RunningWeekRecord>>;
}
