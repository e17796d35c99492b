//! Session drafts (`SessionDraftStore`): today's sets ticked so far, upserted whole on the key
//! (patient, plan version, local date); finishing logs the session and deletes the draft in one
//! transaction.

use crate::db::Row;
use async_trait::async_trait;
use jiff::civil::Date;
use tendo_store::audit::AuditEntry;
use tendo_store::drafts::{FinishedDraft, SessionDraft, SessionDraftStore};
use tendo_store::ids::{ClinicId, Id, RecordId, UserId};
use tendo_store::training::NewTrainingSession;
use tendo_store::{StoreError, StoreResult};

use crate::audit::insert_audits;
use crate::care::to_json;
use crate::codec::{RowExt, micros, store_error};
use crate::training::{insert_session, require_plan_of};
use crate::{Backend, SqlStore};

const SELECT_DRAFT: &str = "SELECT id, patient_id, clinic_id, plan_version_id, session_date, \
     sets, started_at, updated_at FROM session_drafts WHERE patient_id = $1 AND clinic_id = $2 \
     AND plan_version_id = $3 AND session_date = $4";

fn draft_from(row: &Row) -> StoreResult<SessionDraft> {
    Ok(SessionDraft {
        id: row.id("id")?,
        patient_id: row.id("patient_id")?,
        clinic_id: row.id("clinic_id")?,
        plan_version_id: row.id("plan_version_id")?,
        date: row.date("session_date")?,
        sets: row.json("sets")?,
        started_at: row.moment("started_at")?,
        updated_at: row.moment("updated_at")?,
    })
}

async fn read_draft(
    connection: impl crate::db::Executor,
    clinic: ClinicId,
    patient: UserId,
    plan_version: RecordId,
    date: Date,
) -> StoreResult<Option<SessionDraft>> {
    let row = crate::db::query(SELECT_DRAFT)
        .bind(patient.to_bytes())
        .bind(clinic.to_bytes())
        .bind(plan_version.to_bytes())
        .bind(date.to_string())
        .fetch_optional(connection)
        .await
        .map_err(store_error)?;
    row.as_ref().map(draft_from).transpose()
}

#[async_trait]
impl<B: Backend> SessionDraftStore for SqlStore<B> {
    async fn session_draft(
        &self,
        clinic: ClinicId,
        patient: UserId,
        plan_version: RecordId,
        date: Date,
    ) -> StoreResult<Option<SessionDraft>> {
        read_draft(&self.pool, clinic, patient, plan_version, date).await
    }

    async fn save_session_draft(
        &self,
        draft: &SessionDraft,
        audit: &[AuditEntry],
    ) -> StoreResult<SessionDraft> {
        let mut tx = self.write().await?;
        require_plan_of(
            &mut tx,
            draft.plan_version_id,
            draft.patient_id,
            draft.clinic_id,
        )
        .await?;
        crate::db::query(
            "INSERT INTO session_drafts (id, patient_id, clinic_id, plan_version_id, \
             session_date, sets, started_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (patient_id, plan_version_id, session_date) \
             DO UPDATE SET sets = $6, updated_at = $8",
        )
        .bind(draft.id.to_bytes())
        .bind(draft.patient_id.to_bytes())
        .bind(draft.clinic_id.to_bytes())
        .bind(draft.plan_version_id.to_bytes())
        .bind(draft.date.to_string())
        .bind(to_json(&draft.sets)?)
        .bind(micros(draft.started_at))
        .bind(micros(draft.updated_at))
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        let stored = read_draft(
            &mut *tx,
            draft.clinic_id,
            draft.patient_id,
            draft.plan_version_id,
            draft.date,
        )
        .await?
        .ok_or(StoreError::NotFound)?;
        insert_audits(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(stored)
    }

    async fn discard_session_draft(
        &self,
        clinic: ClinicId,
        patient: UserId,
        plan_version: RecordId,
        date: Date,
        audit: &[AuditEntry],
    ) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        let deleted = crate::db::query(
            "DELETE FROM session_drafts WHERE patient_id = $1 AND clinic_id = $2 \
             AND plan_version_id = $3 AND session_date = $4",
        )
        .bind(patient.to_bytes())
        .bind(clinic.to_bytes())
        .bind(plan_version.to_bytes())
        .bind(date.to_string())
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        if deleted.rows_affected() == 0 {
            return Ok(false);
        }
        insert_audits(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn finish_session_draft(
        &self,
        draft: RecordId,
        session: &NewTrainingSession,
        request_key: Option<&str>,
        audit: &[AuditEntry],
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let deleted = crate::db::query(
            "DELETE FROM session_drafts WHERE id = $1 AND patient_id = $2 AND clinic_id = $3",
        )
        .bind(draft.to_bytes())
        .bind(session.patient_id.to_bytes())
        .bind(session.clinic_id.to_bytes())
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        if deleted.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        insert_session(&mut tx, session).await?;
        if let Some(key) = request_key {
            crate::db::query(
                "INSERT INTO session_draft_finishes (patient_id, request_key, session_id, \
                 session_date, created_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(session.patient_id.to_bytes())
            .bind(key)
            .bind(session.id.to_bytes())
            .bind(session.date.to_string())
            .bind(micros(session.logged_at))
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        }
        insert_audits(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn finished_session_draft(
        &self,
        patient: UserId,
        request_key: &str,
    ) -> StoreResult<Option<FinishedDraft>> {
        let row = crate::db::query(
            "SELECT session_id, session_date FROM session_draft_finishes \
             WHERE patient_id = $1 AND request_key = $2",
        )
        .bind(patient.to_bytes())
        .bind(request_key)
        .fetch_optional(&self.pool)
        .await
        .map_err(store_error)?;
        row.map(|row| {
            Ok(FinishedDraft {
                session_id: row.id("session_id")?,
                date: row.date("session_date")?,
            })
        })
        .transpose()
    }
}
