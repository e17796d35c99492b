//! The intake and plan versions.

use crate::db::Row;
use crate::db::{Connection, Executor};
use async_trait::async_trait;
use jiff::Timestamp;
use tendo_core::condition::{Condition, Side};
use tendo_core::programme::{Adjustments, Position, Protocol};
use tendo_store::audit::AuditEntry;
use tendo_store::care::{
    CareStore, Intake, IntakeCompletion, NewPlanVersion, PlanCause, PlanVersion,
};
use tendo_store::ids::{ClinicId, Id, UserId};
use tendo_store::{StoreError, StoreResult};

use crate::audit::{insert_audit, insert_audits};
use crate::codec::{RowExt, micros, store_error};
use crate::outcomes::{insert_questionnaire, insert_screening};
use crate::{Backend, SqlStore};

/// Takes the patient's write lock for the rest of the transaction (an update of their row), so
/// that checks and writes of one patient never interleave, and raises their revision (see
/// `PatientSummary::revision`): every write of a patient's care data takes this lock, so a view
/// tagged with the revision it was read at is never served after a change. `NotFound` when the
/// patient is not of `clinic`.
pub(crate) async fn lock_patient(
    connection: &mut Connection,
    clinic: ClinicId,
    patient: UserId,
) -> StoreResult<()> {
    let locked = crate::db::query(
        "UPDATE patients SET revision = revision + 1 WHERE user_id = $1 AND clinic_id = $2",
    )
    .bind(patient.to_bytes())
    .bind(clinic.to_bytes())
    .execute(connection)
    .await
    .map_err(store_error)?;
    if locked.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Serialises a value as JSON text for a column.
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(StoreError::other)
}

/// Reads a protocol's identifier.
pub(crate) fn parse_protocol(text: &str) -> Option<Protocol> {
    Protocol::ALL
        .into_iter()
        .find(|protocol| protocol.id() == text)
}

/// Reads a condition's identifier.
fn parse_condition(text: &str) -> Option<Condition> {
    Condition::ALL
        .into_iter()
        .find(|condition| condition.id() == text)
}

/// The stored spelling of a side.
pub(crate) fn side_str(side: Side) -> &'static str {
    match side {
        Side::Left => "left",
        Side::Right => "right",
        Side::Both => "both",
    }
}

/// Reads the stored spelling of a side.
fn parse_side(text: &str) -> Option<Side> {
    match text {
        "left" => Some(Side::Left),
        "right" => Some(Side::Right),
        "both" => Some(Side::Both),
        _ => None,
    }
}

fn small(value: i64) -> u8 {
    u8::try_from(value).unwrap_or(u8::MAX)
}

pub(crate) const PLAN_COLUMNS: &str = "id, patient_id, version, created_at, created_by, cause, \
    condition_name, side, protocol, level, weeks_at_level, eased, sessions_per_week, \
    programme_start, reasons, reviewed_at, reviewed_by, change_note, adjustments, equipment";

pub(crate) fn plan_from(row: &Row) -> StoreResult<PlanVersion> {
    Ok(PlanVersion {
        id: row.id("id")?,
        patient_id: row.id("patient_id")?,
        version: u32::try_from(row.int("version")?).unwrap_or(u32::MAX),
        created_at: row.moment("created_at")?,
        created_by: row.opt_id("created_by")?,
        cause: row.parsed("cause", PlanCause::parse)?,
        condition: row.parsed("condition_name", parse_condition)?,
        side: row.parsed("side", parse_side)?,
        position: Position {
            protocol: row.parsed("protocol", parse_protocol)?,
            level: small(row.int("level")?),
            weeks_at_level: small(row.int("weeks_at_level")?),
            eased: row.int("eased")? != 0,
        },
        sessions_per_week: small(row.int("sessions_per_week")?),
        programme_start: row.date("programme_start")?,
        reasons: row.json("reasons")?,
        reviewed_at: row.opt_moment("reviewed_at")?,
        reviewed_by: row.opt_id("reviewed_by")?,
        note: row.opt_text("change_note")?,
        adjustments: match row.opt_text("adjustments")? {
            Some(text) => serde_json::from_str(&text).map_err(StoreError::other)?,
            None => Adjustments::default(),
        },
        equipment: match row.opt_text("equipment")? {
            Some(text) => Some(serde_json::from_str(&text).map_err(StoreError::other)?),
            None => None,
        },
    })
}

/// Adds a plan version inside the caller's transaction, numbered after the last one. The
/// caller holds the patient's lock. A version a clinician makes is stored as reviewed by them.
pub(crate) async fn insert_plan(
    connection: &mut Connection,
    plan: &NewPlanVersion,
) -> StoreResult<PlanVersion> {
    let last: Option<i64> = crate::db::query_scalar(
        "SELECT MAX(version) FROM plan_versions WHERE patient_id = $1 AND clinic_id = $2",
    )
    .bind(plan.patient_id.to_bytes())
    .bind(plan.clinic_id.to_bytes())
    .fetch_one(&mut *connection)
    .await
    .map_err(store_error)?;
    let version = last.unwrap_or(0) + 1;
    // A version a clinician makes is reviewed by them as it is made.
    let reviewed = plan
        .created_by
        .filter(|_| plan.cause == PlanCause::Clinician);
    crate::db::query(
        "INSERT INTO plan_versions (id, patient_id, clinic_id, version, created_at, created_by, \
         cause, condition_name, side, protocol, level, weeks_at_level, eased, sessions_per_week, \
         programme_start, reasons, change_note, adjustments, reviewed_at, reviewed_by, \
         equipment) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
         $19, $20, $21)",
    )
    .bind(plan.id.to_bytes())
    .bind(plan.patient_id.to_bytes())
    .bind(plan.clinic_id.to_bytes())
    .bind(i32::try_from(version).unwrap_or(i32::MAX))
    .bind(micros(plan.created_at))
    .bind(plan.created_by.map(Id::to_bytes))
    .bind(plan.cause.as_str())
    .bind(plan.condition.id())
    .bind(side_str(plan.side))
    .bind(plan.position.protocol.id())
    .bind(i32::from(plan.position.level))
    .bind(i32::from(plan.position.weeks_at_level))
    .bind(i32::from(plan.position.eased))
    .bind(i32::from(plan.sessions_per_week))
    .bind(plan.programme_start.to_string())
    .bind(to_json(&plan.reasons)?)
    .bind(plan.note.as_deref())
    .bind(if plan.adjustments.is_empty() {
        None
    } else {
        Some(to_json(&plan.adjustments)?)
    })
    .bind(reviewed.map(|_| micros(plan.created_at)))
    .bind(reviewed.map(Id::to_bytes))
    .bind(match &plan.equipment {
        Some(equipment) => Some(to_json(equipment)?),
        None => None,
    })
    .execute(&mut *connection)
    .await
    .map_err(store_error)?;
    Ok(PlanVersion {
        id: plan.id,
        patient_id: plan.patient_id,
        version: u32::try_from(version).unwrap_or(u32::MAX),
        created_at: crate::codec::as_stored(plan.created_at),
        created_by: plan.created_by,
        cause: plan.cause,
        condition: plan.condition,
        side: plan.side,
        position: plan.position,
        sessions_per_week: plan.sessions_per_week,
        programme_start: plan.programme_start,
        reasons: plan.reasons.clone(),
        reviewed_at: reviewed.map(|_| crate::codec::as_stored(plan.created_at)),
        reviewed_by: reviewed,
        note: plan.note.clone(),
        adjustments: plan.adjustments.clone(),
        equipment: plan.equipment.clone(),
    })
}

async fn intake_completed(
    connection: &mut Connection,
    clinic: ClinicId,
    patient: UserId,
) -> StoreResult<Option<Option<i64>>> {
    let row = crate::db::query(
        "SELECT completed_at FROM intakes WHERE patient_id = $1 AND clinic_id = $2",
    )
    .bind(patient.to_bytes())
    .bind(clinic.to_bytes())
    .fetch_optional(connection)
    .await
    .map_err(store_error)?;
    row.map(|row| row.opt_int("completed_at")).transpose()
}

/// The patient's intake, read on `on`.
pub(crate) async fn intake_on(
    on: impl Executor + Copy,
    clinic: ClinicId,
    patient: UserId,
) -> StoreResult<Option<Intake>> {
    let row = crate::db::query(
        "SELECT patient_id, answers, started_at, updated_at, completed_at FROM intakes \
         WHERE patient_id = $1 AND clinic_id = $2",
    )
    .bind(patient.to_bytes())
    .bind(clinic.to_bytes())
    .fetch_optional(on)
    .await
    .map_err(store_error)?;
    row.map(|row| {
        Ok(Intake {
            patient_id: row.id("patient_id")?,
            answers: row.json("answers")?,
            started_at: row.moment("started_at")?,
            updated_at: row.moment("updated_at")?,
            completed_at: row.opt_moment("completed_at")?,
        })
    })
    .transpose()
}

/// The plan versions in force from `since` on, oldest first, read on `on`.
pub(crate) async fn plan_versions_since_on(
    on: impl Executor + Copy,
    clinic: ClinicId,
    patient: UserId,
    since: Timestamp,
) -> StoreResult<Vec<PlanVersion>> {
    // Versions are numbered in the order they are made, so the one in force at `since` is
    // the latest made by then (found through `plan_versions_patient_created`).
    let query = format!(
        "SELECT {PLAN_COLUMNS} FROM plan_versions WHERE patient_id = $1 AND clinic_id = $2 \
         AND version >= COALESCE((SELECT version FROM plan_versions \
         WHERE patient_id = $1 AND clinic_id = $2 AND created_at <= $3 \
         ORDER BY created_at DESC LIMIT 1), 1) ORDER BY version"
    );
    crate::db::query(query)
        .bind(patient.to_bytes())
        .bind(clinic.to_bytes())
        .bind(micros(since))
        .fetch_all(on)
        .await
        .map_err(store_error)?
        .iter()
        .map(plan_from)
        .collect()
}

#[async_trait]
impl<B: Backend> CareStore for SqlStore<B> {
    async fn intake(&self, clinic: ClinicId, patient: UserId) -> StoreResult<Option<Intake>> {
        intake_on(&self.pool, clinic, patient).await
    }

    async fn save_intake_draft(
        &self,
        clinic: ClinicId,
        patient: UserId,
        answers: &serde_json::Value,
        at: Timestamp,
        audit: &[AuditEntry],
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        lock_patient(&mut tx, clinic, patient).await?;
        let answers = to_json(answers)?;
        match intake_completed(&mut tx, clinic, patient).await? {
            Some(Some(_)) => {
                return Err(StoreError::Conflict(
                    "the intake is already completed".into(),
                ));
            }
            Some(None) => {
                crate::db::query(
                    "UPDATE intakes SET answers = $3, updated_at = $4 \
                     WHERE patient_id = $1 AND clinic_id = $2",
                )
                .bind(patient.to_bytes())
                .bind(clinic.to_bytes())
                .bind(answers)
                .bind(micros(at))
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
            }
            None => {
                crate::db::query(
                    "INSERT INTO intakes (patient_id, clinic_id, answers, started_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $4)",
                )
                .bind(patient.to_bytes())
                .bind(clinic.to_bytes())
                .bind(answers)
                .bind(micros(at))
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
            }
        }
        insert_audits(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn complete_intake(
        &self,
        completion: &IntakeCompletion,
        audit: &[AuditEntry],
    ) -> StoreResult<()> {
        let clinic = completion.clinic_id;
        let patient = completion.patient_id;
        let mut tx = self.write().await?;
        lock_patient(&mut tx, clinic, patient).await?;
        let answers = to_json(&completion.answers)?;
        let at = micros(completion.completed_at);
        match intake_completed(&mut tx, clinic, patient).await? {
            Some(Some(_)) => {
                return Err(StoreError::Conflict(
                    "the intake is already completed".into(),
                ));
            }
            Some(None) => {
                crate::db::query(
                    "UPDATE intakes SET answers = $3, updated_at = $4, completed_at = $4 \
                     WHERE patient_id = $1 AND clinic_id = $2",
                )
                .bind(patient.to_bytes())
                .bind(clinic.to_bytes())
                .bind(answers)
                .bind(at)
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
            }
            None => {
                crate::db::query(
                    "INSERT INTO intakes (patient_id, clinic_id, answers, started_at, updated_at, \
                     completed_at) VALUES ($1, $2, $3, $4, $4, $4)",
                )
                .bind(patient.to_bytes())
                .bind(clinic.to_bytes())
                .bind(answers)
                .bind(at)
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
            }
        }
        if let Some(plan) = &completion.plan {
            insert_plan(&mut tx, plan).await?;
        }
        if let Some(baseline) = &completion.baseline {
            insert_questionnaire(&mut tx, baseline).await?;
        }
        if let Some(screening) = &completion.screening {
            insert_screening(&mut tx, screening).await?;
        }
        insert_audits(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn report_red_flags(
        &self,
        clinic: ClinicId,
        patient: UserId,
        answers: &serde_json::Value,
        at: Timestamp,
        audit: &[AuditEntry],
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        lock_patient(&mut tx, clinic, patient).await?;
        match intake_completed(&mut tx, clinic, patient).await? {
            Some(Some(_)) => {}
            Some(None) | None => {
                return Err(StoreError::Conflict(
                    "the intake is not completed: report red flags in the intake".into(),
                ));
            }
        }
        crate::db::query(
            "UPDATE intakes SET answers = $3, updated_at = $4 \
             WHERE patient_id = $1 AND clinic_id = $2",
        )
        .bind(patient.to_bytes())
        .bind(clinic.to_bytes())
        .bind(to_json(answers)?)
        .bind(micros(at))
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        insert_audits(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn plan_versions(
        &self,
        clinic: ClinicId,
        patient: UserId,
    ) -> StoreResult<Vec<PlanVersion>> {
        let query = format!(
            "SELECT {PLAN_COLUMNS} FROM plan_versions WHERE patient_id = $1 AND clinic_id = $2 \
             ORDER BY version"
        );
        crate::db::query(query)
            .bind(patient.to_bytes())
            .bind(clinic.to_bytes())
            .fetch_all(&self.pool)
            .await
            .map_err(store_error)?
            .iter()
            .map(plan_from)
            .collect()
    }

    async fn plan_versions_since(
        &self,
        clinic: ClinicId,
        patient: UserId,
        since: Timestamp,
    ) -> StoreResult<Vec<PlanVersion>> {
        plan_versions_since_on(&self.pool, clinic, patient, since).await
    }

    async fn add_plan_version(
        &self,
        version: &NewPlanVersion,
        audit: &AuditEntry,
    ) -> StoreResult<PlanVersion> {
        let mut tx = self.write().await?;
        lock_patient(&mut tx, version.clinic_id, version.patient_id).await?;
        let stored = insert_plan(&mut tx, version).await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(stored)
    }
}
