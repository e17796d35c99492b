//! Importing a whole patient in one transaction.

use async_trait::async_trait;
use tendo_store::accounts::Role;
use tendo_store::audit::AuditEntry;
use tendo_store::bulk::BulkBatch;
use tendo_store::ids::{ClinicId, Id, UserId};
use tendo_store::import::{ImportStore, ImportedPatient};
use tendo_store::{StoreError, StoreResult};

use crate::audit::insert_audit;
use crate::bulk::write_batch;
use crate::codec::store_error;
use crate::{Backend, SqlStore};

/// Refuses a history with a row of someone else, or rows the import does not write.
fn check_history(history: &BulkBatch, clinic: ClinicId, patient: UserId) -> StoreResult<()> {
    let ours =
        |row_patient: UserId, row_clinic: ClinicId| row_patient == patient && row_clinic == clinic;
    let every_row_is_ours = history
        .intakes
        .iter()
        .all(|row| ours(row.patient_id, row.clinic_id))
        && history
            .plan_versions
            .iter()
            .all(|row| ours(row.plan.patient_id, row.plan.clinic_id))
        && history
            .sessions
            .iter()
            .all(|row| ours(row.patient_id, row.clinic_id))
        && history
            .checkins
            .iter()
            .all(|row| ours(row.patient_id, row.clinic_id))
        && history
            .questionnaires
            .iter()
            .all(|row| ours(row.patient_id, row.clinic_id))
        && history
            .screenings
            .iter()
            .all(|row| ours(row.patient_id, row.clinic_id))
        && history
            .gun_sessions
            .iter()
            .all(|row| ours(row.patient_id, row.clinic_id))
        && history
            .running_weeks
            .iter()
            .all(|row| ours(row.patient_id, row.clinic_id));
    if !every_row_is_ours {
        return Err(StoreError::Conflict(
            "a row of the imported history belongs to another patient or clinic".into(),
        ));
    }
    if !history.users.is_empty() || !history.appointments.is_empty() || !history.audit.is_empty() {
        return Err(StoreError::Conflict(
            "an import writes one patient's history, without other users, appointments or \
             audit entries"
                .into(),
        ));
    }
    Ok(())
}

#[async_trait]
impl<B: Backend> ImportStore for SqlStore<B> {
    async fn import_patient(
        &self,
        import: &ImportedPatient,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let patient = &import.patient;
        if patient.role != Role::Patient || patient.care_clinician.is_some() {
            return Err(StoreError::Conflict(
                "an imported person is a new patient nobody cares for yet".into(),
            ));
        }
        check_history(&import.history, patient.clinic_id, patient.id)?;
        let mut tx = self.write().await?;
        let clinic = crate::db::query("SELECT 1 AS ok FROM clinics WHERE id = $1")
            .bind(patient.clinic_id.to_bytes())
            .fetch_optional(&mut *tx)
            .await
            .map_err(store_error)?;
        if clinic.is_none() {
            return Err(StoreError::NotFound);
        }
        let numbered = B::NAME == "postgres";
        let account = BulkBatch {
            users: vec![patient.clone()],
            ..BulkBatch::default()
        };
        write_batch(&mut tx, &account, numbered).await?;
        write_batch(&mut tx, &import.history, numbered).await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }
}
