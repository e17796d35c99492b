//! Writing many rows at once, for making large demo and benchmark databases.
//!
//! The services write one change at a time, each in its own transaction with its locks and
//! checks. A generator that fills a database with a clinic's year of history already knows the
//! rows are consistent (it computed them with the engine), so [`BulkStore::write_bulk`] writes a
//! whole batch — users, intakes, plan versions, sessions with their sets, check-ins,
//! questionnaires, massage-gun screenings and sessions, running weeks, appointments and their
//! audit entries — with many rows per statement, in one transaction.

use async_trait::async_trait;
use jiff::Timestamp;
use tendo_core::pain_monitoring::LoadDecision;
use tendo_core::pain_score::PainScore;
use tendo_core::reason::Reason;

use crate::accounts::NewUser;
use crate::audit::AuditEntry;
use crate::booking::NewAppointment;
use crate::care::NewPlanVersion;
use crate::error::StoreResult;
use crate::ids::{ClinicId, RecordId, UserId};
use crate::outcomes::{
    NewMassageGunSession, NewQuestionnaireResponse, NewScreening, RunningWeekRecord,
};
use crate::training::NewTrainingSession;

/// An intake as the generator made it.
#[derive(Clone, Debug, PartialEq)]
pub struct BulkIntake {
    /// The patient.
    pub patient_id: UserId,
    /// The patient's clinic.
    pub clinic_id: ClinicId,
    /// The answers, as the application's intake document.
    pub answers: serde_json::Value,
    /// When the first step was saved.
    pub started_at: Timestamp,
    /// When the last step was saved.
    pub updated_at: Timestamp,
    /// When it was completed, if it was.
    pub completed_at: Option<Timestamp>,
}

/// A plan version with its number.
#[derive(Clone, Debug, PartialEq)]
pub struct BulkPlanVersion {
    /// 1 for the first plan, then 2, 3 …
    pub version: u32,
    /// The version.
    pub plan: NewPlanVersion,
}

/// A check-in with the plan version it made, if any (that version is in the same batch or an
/// earlier one).
#[derive(Clone, Debug, PartialEq)]
pub struct BulkCheckin {
    /// Its id.
    pub id: RecordId,
    /// The patient.
    pub patient_id: UserId,
    /// The patient's clinic.
    pub clinic_id: ClinicId,
    /// The day of the sessions it answers for.
    pub session_date: jiff::civil::Date,
    /// When it was answered.
    pub answered_at: Timestamp,
    /// The next-morning pain.
    pub pain: PainScore,
    /// The decision.
    pub decision: LoadDecision,
    /// Why.
    pub reasons: Vec<Reason>,
    /// The plan version the decision made.
    pub plan_version_id: Option<RecordId>,
}

/// A week of the running log.
#[derive(Clone, Debug, PartialEq)]
pub struct BulkRunningWeek {
    /// The patient.
    pub patient_id: UserId,
    /// The patient's clinic.
    pub clinic_id: ClinicId,
    /// The week.
    pub week: RunningWeekRecord,
}

/// A booked appointment, with when it was booked.
#[derive(Clone, Debug)]
pub struct BulkAppointment {
    /// The appointment.
    pub appointment: NewAppointment,
    /// When it was booked.
    pub created_at: Timestamp,
}

/// Rows to write together. Parents come before children within a batch (users before their
/// intakes, plan versions before the sessions that follow them), and a batch may refer to rows
/// of earlier batches.
#[derive(Clone, Debug, Default)]
pub struct BulkBatch {
    /// Users (patients get their patient record and care team too).
    pub users: Vec<NewUser>,
    /// Intakes.
    pub intakes: Vec<BulkIntake>,
    /// Plan versions.
    pub plan_versions: Vec<BulkPlanVersion>,
    /// Training sessions with their sets.
    pub sessions: Vec<NewTrainingSession>,
    /// Next-morning check-ins.
    pub checkins: Vec<BulkCheckin>,
    /// Questionnaire responses.
    pub questionnaires: Vec<NewQuestionnaireResponse>,
    /// Massage-gun screenings.
    pub screenings: Vec<NewScreening>,
    /// Massage-gun sessions.
    pub gun_sessions: Vec<NewMassageGunSession>,
    /// Weeks of the running log.
    pub running_weeks: Vec<BulkRunningWeek>,
    /// Appointments.
    pub appointments: Vec<BulkAppointment>,
    /// Audit entries recording what was written.
    pub audit: Vec<AuditEntry>,
}

impl BulkBatch {
    /// How many rows the batch writes (a session's sets count one each).
    pub fn rows(&self) -> usize {
        let sets: usize = self.sessions.iter().map(|session| session.sets.len()).sum();
        self.users.len()
            + self.intakes.len()
            + self.plan_versions.len()
            + self.sessions.len()
            + sets
            + self.checkins.len()
            + self.questionnaires.len()
            + self.screenings.len()
            + self.gun_sessions.len()
            + self.running_weeks.len()
            + self.appointments.len()
            + self.audit.len()
    }

    /// True when there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.rows() == 0
    }
}

/// Bulk writes, for generated data.
#[async_trait]
pub trait BulkStore: Send + Sync {
    /// Writes the whole batch in one transaction, many rows per statement, all or nothing.
    /// Unlike the services' writes it takes no patient locks and makes no overlap checks: the
    /// caller guarantees the rows are consistent. Each change of a patient's data is recorded by
    /// the batch's audit entries.
    async fn write_bulk(&self, batch: &BulkBatch) -> StoreResult<()>;
}
