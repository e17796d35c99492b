//! Training sessions with their sets and pain, and the next-morning check-ins with the
//! pain-monitoring decision they led to.

use async_trait::async_trait;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use tendo_core::pain_monitoring::LoadDecision;
use tendo_core::pain_score::PainScore;
use tendo_core::reason::Reason;

use crate::audit::AuditEntry;
use crate::care::{NewPlanVersion, PlanVersion};
use crate::error::StoreResult;
use crate::ids::{ClinicId, RecordId, UserId};

/// One set as done.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoggedSet {
    /// The exercise's stable id, such as `seated-calf-raise-bent-knee`.
    pub exercise: String,
    /// The set's number within the exercise, from 1.
    pub set_number: u8,
    /// Repetitions done, for counted exercises.
    pub reps: Option<u16>,
    /// Extra load in kilograms (0 for body weight), when given.
    pub load_kg: Option<f64>,
    /// Seconds held, for holds.
    pub hold_seconds: Option<u16>,
}

/// A training session to store.
#[derive(Clone, Debug, PartialEq)]
pub struct NewTrainingSession {
    /// Its id.
    pub id: RecordId,
    /// The patient.
    pub patient_id: UserId,
    /// The patient's clinic.
    pub clinic_id: ClinicId,
    /// The plan version it followed.
    pub plan_version_id: RecordId,
    /// The day it was done, in the patient's time zone.
    pub date: Date,
    /// When it was logged.
    pub logged_at: Timestamp,
    /// The worst pain during it.
    pub pain_during: PainScore,
    /// The pain straight after it.
    pub pain_after: PainScore,
    /// The sets done.
    pub sets: Vec<LoggedSet>,
    /// A note, if any.
    pub note: Option<String>,
}

/// A stored training session.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TrainingSession {
    /// Its id.
    pub id: RecordId,
    /// The plan version it followed.
    pub plan_version_id: RecordId,
    /// The day it was done, in the patient's time zone.
    pub date: Date,
    /// When it was logged.
    pub logged_at: Timestamp,
    /// The worst pain during it.
    pub pain_during: PainScore,
    /// The pain straight after it.
    pub pain_after: PainScore,
    /// The sets done, by exercise and set number.
    pub sets: Vec<LoggedSet>,
    /// A note, if any.
    pub note: Option<String>,
}

/// The sessions of one training day in brief: how many, the worst pain, and the totals. The
/// charts read these, one row per day, whatever the number of sessions and sets.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DaySummary {
    /// The day, in the patient's time zone.
    pub date: Date,
    /// Sessions done that day.
    pub sessions: u32,
    /// The worst pain during any of them.
    pub pain_during: PainScore,
    /// The worst pain straight after any of them.
    pub pain_after: PainScore,
    /// Repetitions done that day.
    pub reps: u32,
    /// Seconds held that day.
    pub hold_seconds: u32,
    /// Volume load that day: each set's repetitions times its added load, in kilograms
    /// (sets without a load add nothing).
    pub volume_load_kg: f64,
}

/// A next-morning check-in to store, with the decision it led to and, when the plan moves, the
/// new plan version (written in the same transaction).
#[derive(Clone, Debug, PartialEq)]
pub struct NewCheckin {
    /// Its id.
    pub id: RecordId,
    /// The patient.
    pub patient_id: UserId,
    /// The patient's clinic.
    pub clinic_id: ClinicId,
    /// The day of the sessions it answers for.
    pub session_date: Date,
    /// When it was answered.
    pub answered_at: Timestamp,
    /// The next-morning pain (for a hamstring, the 24-hour load-test score).
    pub pain: PainScore,
    /// The pain-monitoring decision.
    pub decision: LoadDecision,
    /// Why, rule by rule, including how the plan moved or why it did not.
    pub reasons: Vec<Reason>,
    /// The plan version the decision made, if it moved the plan.
    pub plan: Option<NewPlanVersion>,
}

/// A stored check-in.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Checkin {
    /// Its id.
    pub id: RecordId,
    /// The day of the sessions it answers for.
    pub session_date: Date,
    /// When it was answered.
    pub answered_at: Timestamp,
    /// The next-morning pain.
    pub pain: PainScore,
    /// The decision.
    pub decision: LoadDecision,
    /// Why.
    pub reasons: Vec<Reason>,
    /// The plan version the decision made, if any.
    pub plan_version_id: Option<RecordId>,
}

/// The stored spelling of a decision.
pub fn decision_str(decision: LoadDecision) -> &'static str {
    match decision {
        LoadDecision::Progress => "progress",
        LoadDecision::Hold => "hold",
        LoadDecision::Regress => "regress",
    }
}

/// Reads the stored spelling of a decision.
pub fn parse_decision(text: &str) -> Option<LoadDecision> {
    match text {
        "progress" => Some(LoadDecision::Progress),
        "hold" => Some(LoadDecision::Hold),
        "regress" => Some(LoadDecision::Regress),
        _ => None,
    }
}

/// Which part of a patient's record [`TrainingStore::patient_day`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayWindow {
    /// The plan versions in force from this moment on (the one in force then and every later
    /// one).
    pub versions_since: Timestamp,
    /// The first day of the training days and check-ins read.
    pub from: Date,
    /// Today in the patient's zone: the last day read, and the day whose sessions come whole,
    /// with their sets.
    pub today: Date,
    /// The first session day whose check-in may be the latest one read whole (with its
    /// decision and reasons).
    pub decisions_from: Date,
    /// The questionnaire responses from this moment on (with the one just before it and the
    /// first).
    pub questionnaires_since: Timestamp,
}

/// What a patient's day is made of, read together by [`TrainingStore::patient_day`].
#[derive(Clone, Debug)]
pub struct PatientDay {
    /// The intake, once started.
    pub intake: Option<crate::care::Intake>,
    /// The plan versions of the window, oldest first.
    pub versions: Vec<PlanVersion>,
    /// The training days of the window, oldest first.
    pub days: Vec<DaySummary>,
    /// Today's sessions with their sets, in the order they were logged.
    pub sessions_today: Vec<TrainingSession>,
    /// The next-morning pains answered for the sessions of the window, by session day (which
    /// sessions have their check-in).
    pub mornings: Vec<(Date, PainScore)>,
    /// The check-in answered last for a session from `decisions_from` on, whole.
    pub latest_checkin: Option<Checkin>,
    /// The questionnaire responses of the window, oldest first.
    pub questionnaires: Vec<crate::outcomes::QuestionnaireResponse>,
    /// The patient's clinic.
    pub clinic: crate::accounts::Clinic,
}

/// Training sessions and check-ins.
#[async_trait]
pub trait TrainingStore: Send + Sync {
    /// Everything the patient's Today is made of, read together on one connection: on SQLite
    /// inside one read transaction (one moment), on PostgreSQL sent together (about one round
    /// trip).
    async fn patient_day(
        &self,
        clinic: ClinicId,
        patient: UserId,
        window: DayWindow,
    ) -> StoreResult<PatientDay>;

    /// Stores a session with its sets, and writes `audit` in the same transaction: the change's
    /// entry and, when the change began with a read not yet in the audit log, that read's
    /// entry (all or nothing, so one commit covers the read and the change).
    async fn log_session(
        &self,
        session: &NewTrainingSession,
        audit: &[AuditEntry],
    ) -> StoreResult<()>;

    /// The training days from `from` to `to` (both included) in brief, oldest first: one row
    /// per day with sessions.
    async fn training_days(
        &self,
        clinic: ClinicId,
        patient: UserId,
        from: Date,
        to: Date,
    ) -> StoreResult<Vec<DaySummary>>;

    /// The sessions done from `from` to `to` (both included), oldest first.
    async fn sessions(
        &self,
        clinic: ClinicId,
        patient: UserId,
        from: Date,
        to: Date,
    ) -> StoreResult<Vec<TrainingSession>>;

    /// Stores a check-in and, if the decision moved the plan, the new plan version, all or
    /// nothing, with `audit` in the same transaction (as for [`TrainingStore::log_session`]).
    /// Fails with `Conflict` if the day was already answered.
    async fn record_checkin(
        &self,
        checkin: &NewCheckin,
        audit: &[AuditEntry],
    ) -> StoreResult<(Checkin, Option<PlanVersion>)>;

    /// The next-morning pain of each session day from `from` to `to` (both included), oldest
    /// first: the check-ins without their decisions, for the charts.
    async fn morning_pains(
        &self,
        clinic: ClinicId,
        patient: UserId,
        from: Date,
        to: Date,
    ) -> StoreResult<Vec<(Date, PainScore)>>;

    /// The check-ins for sessions from `from` to `to` (both included), oldest first.
    async fn checkins(
        &self,
        clinic: ClinicId,
        patient: UserId,
        from: Date,
        to: Date,
    ) -> StoreResult<Vec<Checkin>>;
}
