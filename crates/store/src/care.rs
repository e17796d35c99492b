//! A patient's care: the intake they fill in and the versions of their loading plan.
//!
//! The intake is kept as a JSON document that grows step by step (nothing typed is lost), then
//! completed once, atomically with the first plan version, the baseline questionnaire and the
//! massage-gun screening. Every change of plan is a new [`PlanVersion`] with its reasons.

use async_trait::async_trait;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use tendo_core::condition::{Condition, Side};
use tendo_core::programme::{Adjustments, EquipmentSet, Position};
use tendo_core::reason::Reason;

use crate::audit::AuditEntry;
use crate::error::StoreResult;
use crate::ids::{ClinicId, RecordId, UserId};
use crate::outcomes::{NewQuestionnaireResponse, NewScreening};

/// A patient's intake, as saved so far.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Intake {
    /// The patient.
    pub patient_id: UserId,
    /// The answers so far, as the application's intake document.
    pub answers: serde_json::Value,
    /// When the first step was saved.
    pub started_at: Timestamp,
    /// When a step was last saved.
    pub updated_at: Timestamp,
    /// When the intake was completed; `None` while it is a draft.
    pub completed_at: Option<Timestamp>,
}

/// Why a plan version was made.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlanCause {
    /// Generated from the completed intake.
    Intake,
    /// Moved by the pain-monitoring decision after a next-morning check-in.
    Decision,
    /// Changed by a clinician.
    Clinician,
}

impl PlanCause {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            PlanCause::Intake => "intake",
            PlanCause::Decision => "decision",
            PlanCause::Clinician => "clinician",
        }
    }

    /// Reads the stored spelling.
    pub fn parse(text: &str) -> Option<PlanCause> {
        match text {
            "intake" => Some(PlanCause::Intake),
            "decision" => Some(PlanCause::Decision),
            "clinician" => Some(PlanCause::Clinician),
            _ => None,
        }
    }
}

/// A plan version to store.
#[derive(Clone, Debug, PartialEq)]
pub struct NewPlanVersion {
    /// Its id.
    pub id: RecordId,
    /// The patient.
    pub patient_id: UserId,
    /// The patient's clinic.
    pub clinic_id: ClinicId,
    /// When it was made.
    pub created_at: Timestamp,
    /// Who made it (the patient for intake and decisions, or a clinician).
    pub created_by: Option<UserId>,
    /// Why it was made.
    pub cause: PlanCause,
    /// The condition the plan treats.
    pub condition: Condition,
    /// The affected side.
    pub side: Side,
    /// Where the patient is in the programme.
    pub position: Position,
    /// Training days a week, 1 to 7.
    pub sessions_per_week: u8,
    /// The first day of the programme (week 1 starts here).
    pub programme_start: Date,
    /// Why this version, rule by rule.
    pub reasons: Vec<Reason>,
    /// The clinician's reason for a change they made.
    pub note: Option<String>,
    /// The clinician's adjustments (exercises left out, fewer sets, massage-gun prescription),
    /// carried over to every later version.
    pub adjustments: Adjustments,
    /// What the patient has to train with (`P-EQUIP`), carried over to every later version;
    /// `None` when the intake never asked, and the plan uses the protocol's own exercises.
    pub equipment: Option<EquipmentSet>,
}

/// A stored plan version.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlanVersion {
    /// Its id.
    pub id: RecordId,
    /// The patient.
    pub patient_id: UserId,
    /// 1 for the first plan, then 2, 3 … for each change.
    pub version: u32,
    /// When it was made.
    pub created_at: Timestamp,
    /// Who made it.
    pub created_by: Option<UserId>,
    /// Why it was made.
    pub cause: PlanCause,
    /// The condition the plan treats.
    pub condition: Condition,
    /// The affected side.
    pub side: Side,
    /// Where the patient is in the programme.
    pub position: Position,
    /// Training days a week.
    pub sessions_per_week: u8,
    /// The first day of the programme.
    pub programme_start: Date,
    /// Why this version, rule by rule.
    pub reasons: Vec<Reason>,
    /// When a clinician reviewed it, if one has.
    pub reviewed_at: Option<Timestamp>,
    /// The clinician who reviewed it.
    pub reviewed_by: Option<UserId>,
    /// The clinician's reason for a change they made.
    pub note: Option<String>,
    /// The clinician's adjustments.
    pub adjustments: Adjustments,
    /// What the patient has to train with; `None` when the intake never asked.
    pub equipment: Option<EquipmentSet>,
}

/// Everything written when an intake is completed, in one transaction.
#[derive(Clone, Debug)]
pub struct IntakeCompletion {
    /// The patient.
    pub patient_id: UserId,
    /// The patient's clinic.
    pub clinic_id: ClinicId,
    /// The final answers.
    pub answers: serde_json::Value,
    /// When it was completed.
    pub completed_at: Timestamp,
    /// The first plan, or `None` when a red flag stops self-management.
    pub plan: Option<NewPlanVersion>,
    /// The baseline questionnaire (`None` when a red flag stopped the intake before it).
    pub baseline: Option<NewQuestionnaireResponse>,
    /// The massage-gun screening (`None` when a red flag stopped the intake before it).
    pub screening: Option<NewScreening>,
}

/// The intake and the plan versions.
#[async_trait]
pub trait CareStore: Send + Sync {
    /// The patient's intake, if they have started it.
    async fn intake(&self, clinic: ClinicId, patient: UserId) -> StoreResult<Option<Intake>>;

    /// Saves the draft answers (creating the intake on the first step) with the `audit`
    /// entries. Fails with `Conflict` once the intake is completed, and `NotFound` for a
    /// patient not of `clinic`.
    async fn save_intake_draft(
        &self,
        clinic: ClinicId,
        patient: UserId,
        answers: &serde_json::Value,
        at: Timestamp,
        audit: &[AuditEntry],
    ) -> StoreResult<()>;

    /// Completes the intake with its first plan, baseline questionnaire, screening and the
    /// `audit` entries, all or nothing. Fails with `Conflict` if it was already completed.
    async fn complete_intake(
        &self,
        completion: &IntakeCompletion,
        audit: &[AuditEntry],
    ) -> StoreResult<()>;

    /// Records red flags reported after the intake was completed: the completed intake's
    /// answers become `answers` (which carry the flags), so self-management stops until a
    /// clinician clears it, with the `audit` entries. `Conflict` when the intake is not
    /// completed; `NotFound` for a patient not of `clinic`.
    async fn report_red_flags(
        &self,
        clinic: ClinicId,
        patient: UserId,
        answers: &serde_json::Value,
        at: Timestamp,
        audit: &[AuditEntry],
    ) -> StoreResult<()>;

    /// Every plan version of the patient, oldest first.
    async fn plan_versions(
        &self,
        clinic: ClinicId,
        patient: UserId,
    ) -> StoreResult<Vec<PlanVersion>>;

    /// The plan versions in force from `since` on: the one in force at `since` (the first
    /// version, if none is older) and every later one, oldest first. Its cost does not grow
    /// with the number of older versions.
    async fn plan_versions_since(
        &self,
        clinic: ClinicId,
        patient: UserId,
        since: Timestamp,
    ) -> StoreResult<Vec<PlanVersion>>;

    /// Adds a plan version, numbered after the last one.
    async fn add_plan_version(
        &self,
        version: &NewPlanVersion,
        audit: &AuditEntry,
    ) -> StoreResult<PlanVersion>;
}
