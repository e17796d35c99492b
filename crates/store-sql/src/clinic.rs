//! The clinician's workspace: plan reviews, red-flag clearances, refused massage-gun attempts,
//! and the [`ClinicStore`] implementation (notes and messages live in their own modules).

use crate::db::{Executor, Row};
use async_trait::async_trait;
use jiff::Timestamp;
use jiff::civil::Date;
use tendo_core::caseload::GunBreach;
use tendo_core::rules::RuleId;
use tendo_store::accounts::User;
use tendo_store::audit::AuditEntry;
use tendo_store::booking::Appointment;
use tendo_store::clinic::{
    CaseloadMember, CaseloadPatient, ClinicStore, GunRefusalRecord, Message, NewAmendment,
    NewMessage, NewNote, Note, NoteSections, PatientsOf, RedFlagClearance, ThreadSummary,
};
use tendo_store::ids::{ClinicId, Id, RecordId, UserId};
use tendo_store::{StoreError, StoreResult};

use crate::audit::{insert_audit, insert_audits};
use crate::care::{lock_patient, to_json};
use crate::codec::{RowExt, micros, store_error};
use crate::{Backend, SqlStore, clinic_caseload, clinic_messages, clinic_notes};

fn rules_from(row: &Row) -> StoreResult<Vec<RuleId>> {
    let texts: Vec<String> = row.json("rules")?;
    Ok(texts
        .iter()
        .filter_map(|text| RuleId::parse(text))
        .collect())
}

/// Reads a refused massage-gun attempt.
pub(crate) fn refusal_from(row: &Row) -> StoreResult<GunRefusalRecord> {
    let breaches: Vec<String> = row.json("breaches")?;
    Ok(GunRefusalRecord {
        id: row.id("id")?,
        patient_id: row.id("patient_id")?,
        clinic_id: row.id("clinic_id")?,
        at: row.moment("at")?,
        date: row.date("local_date")?,
        breaches: breaches
            .iter()
            .filter_map(|text| GunBreach::parse(text))
            .collect(),
        rules: rules_from(row)?,
        detail: row.text("detail")?,
    })
}

fn rule_texts(rules: &[RuleId]) -> StoreResult<String> {
    to_json(&rules.iter().map(|rule| rule.as_str()).collect::<Vec<_>>())
}

#[async_trait]
impl<B: Backend> ClinicStore for SqlStore<B> {
    async fn caseload(
        &self,
        clinic: ClinicId,
        clinician: UserId,
        from: Date,
        gun_since: Timestamp,
    ) -> StoreResult<Vec<CaseloadPatient>> {
        clinic_caseload::caseload(&self.pool, clinic, clinician, from, gun_since).await
    }

    async fn caseload_members(
        &self,
        clinic: ClinicId,
        clinician: UserId,
    ) -> StoreResult<Vec<CaseloadMember>> {
        clinic_caseload::members(&self.pool, clinic, clinician).await
    }

    async fn upcoming_appointments(
        &self,
        clinic: ClinicId,
        whose: PatientsOf,
        from: Timestamp,
        to: Timestamp,
    ) -> StoreResult<Vec<Appointment>> {
        clinic_caseload::upcoming(&self.pool, clinic, whose, from, to).await
    }

    async fn mark_plan_reviewed(
        &self,
        clinic: ClinicId,
        patient: UserId,
        version: RecordId,
        by: UserId,
        at: Timestamp,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        lock_patient(&mut tx, clinic, patient).await?;
        let updated = crate::db::query(
            "UPDATE plan_versions SET reviewed_at = $1, reviewed_by = $2 \
             WHERE id = $3 AND patient_id = $4 AND clinic_id = $5",
        )
        .bind(micros(at))
        .bind(by.to_bytes())
        .bind(version.to_bytes())
        .bind(patient.to_bytes())
        .bind(clinic.to_bytes())
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn clear_red_flag_stop(
        &self,
        clearance: &RedFlagClearance,
        answers: &serde_json::Value,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let (clinic, patient) = (clearance.clinic_id, clearance.patient_id);
        let mut tx = self.write().await?;
        lock_patient(&mut tx, clinic, patient).await?;
        let completed: Option<Option<i64>> = crate::db::query_scalar(
            "SELECT completed_at FROM intakes WHERE patient_id = $1 AND clinic_id = $2",
        )
        .bind(patient.to_bytes())
        .bind(clinic.to_bytes())
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        if !matches!(completed, Some(Some(_))) {
            return Err(StoreError::Conflict(
                "the intake is not stopped by a red flag".into(),
            ));
        }
        crate::db::query(
            "INSERT INTO red_flag_clearances (id, patient_id, clinic_id, cleared_by, cleared_at, \
             reason, rules) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(clearance.id.to_bytes())
        .bind(patient.to_bytes())
        .bind(clinic.to_bytes())
        .bind(clearance.cleared_by.to_bytes())
        .bind(micros(clearance.cleared_at))
        .bind(&clearance.reason)
        .bind(rule_texts(&clearance.rules)?)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        crate::db::query(
            "UPDATE intakes SET answers = $1, updated_at = $2, completed_at = NULL \
             WHERE patient_id = $3 AND clinic_id = $4",
        )
        .bind(to_json(answers)?)
        .bind(micros(clearance.cleared_at))
        .bind(patient.to_bytes())
        .bind(clinic.to_bytes())
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn red_flag_clearances(
        &self,
        clinic: ClinicId,
        patient: UserId,
    ) -> StoreResult<Vec<RedFlagClearance>> {
        red_flag_clearances_on(&self.pool, clinic, patient).await
    }

    async fn record_gun_refusal(
        &self,
        refusal: &GunRefusalRecord,
        audit: &[AuditEntry],
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        lock_patient(&mut tx, refusal.clinic_id, refusal.patient_id).await?;
        crate::db::query(
            "INSERT INTO massage_gun_refusals (id, patient_id, clinic_id, at, local_date, \
             breaches, rules, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(refusal.id.to_bytes())
        .bind(refusal.patient_id.to_bytes())
        .bind(refusal.clinic_id.to_bytes())
        .bind(micros(refusal.at))
        .bind(refusal.date.to_string())
        .bind(to_json(
            &refusal
                .breaches
                .iter()
                .map(|breach| breach.id())
                .collect::<Vec<_>>(),
        )?)
        .bind(rule_texts(&refusal.rules)?)
        .bind(&refusal.detail)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        insert_audits(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn gun_refusals(
        &self,
        clinic: ClinicId,
        patient: UserId,
        since: Timestamp,
    ) -> StoreResult<Vec<GunRefusalRecord>> {
        gun_refusals_on(&self.pool, clinic, patient, since).await
    }

    async fn add_note(&self, note: &NewNote, audit: &AuditEntry) -> StoreResult<()> {
        clinic_notes::add_note(&self.writer, note, audit).await
    }

    async fn update_note(
        &self,
        clinic: ClinicId,
        patient: UserId,
        note: RecordId,
        sections: &NoteSections,
        at: Timestamp,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        clinic_notes::update_note(&self.writer, clinic, patient, note, sections, at, audit).await
    }

    async fn sign_note(
        &self,
        clinic: ClinicId,
        patient: UserId,
        note: RecordId,
        by: UserId,
        at: Timestamp,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        clinic_notes::sign_note(&self.writer, clinic, patient, note, by, at, audit).await
    }

    async fn add_amendment(&self, amendment: &NewAmendment, audit: &AuditEntry) -> StoreResult<()> {
        clinic_notes::add_amendment(&self.writer, amendment, audit).await
    }

    async fn note(&self, clinic: ClinicId, patient: UserId, note: RecordId) -> StoreResult<Note> {
        clinic_notes::notes(&self.pool, clinic, patient, clinic_notes::Notes::One(note))
            .await?
            .into_iter()
            .next()
            .ok_or(StoreError::NotFound)
    }

    async fn notes(&self, clinic: ClinicId, patient: UserId) -> StoreResult<Vec<Note>> {
        clinic_notes::notes(&self.pool, clinic, patient, clinic_notes::Notes::All).await
    }

    async fn record_notes(
        &self,
        clinic: ClinicId,
        patient: UserId,
        latest: u32,
        from: Timestamp,
        until: Timestamp,
    ) -> StoreResult<Vec<Note>> {
        let which = clinic_notes::Notes::Record {
            latest,
            from,
            until,
        };
        clinic_notes::notes(&self.pool, clinic, patient, which).await
    }

    async fn patient_record(
        &self,
        clinic: ClinicId,
        patient: UserId,
        window: &tendo_store::record::RecordWindow,
    ) -> StoreResult<tendo_store::record::RecordParts> {
        crate::clinic_record::read(&self.pool, clinic, patient, window).await
    }

    async fn post_message(&self, message: &NewMessage, audit: &AuditEntry) -> StoreResult<()> {
        clinic_messages::post(&self.writer, message, audit).await
    }

    async fn messages(
        &self,
        clinic: ClinicId,
        patient: UserId,
        limit: u32,
    ) -> StoreResult<Vec<Message>> {
        clinic_messages::messages(&self.pool, clinic, patient, limit).await
    }

    async fn mark_thread_read(
        &self,
        clinic: ClinicId,
        patient: UserId,
        reader: UserId,
        at: Timestamp,
    ) -> StoreResult<()> {
        clinic_messages::mark_read(&self.writer, clinic, patient, reader, at).await
    }

    async fn message_threads(&self, viewer: &User, limit: u32) -> StoreResult<Vec<ThreadSummary>> {
        clinic_messages::threads(&self.pool, viewer, limit).await
    }

    async fn unread_messages(&self, viewer: &User) -> StoreResult<u32> {
        clinic_messages::unread(&self.pool, viewer).await
    }
}

/// The patient's cleared red-flag stops, oldest first.
pub(crate) async fn red_flag_clearances_on(
    on: impl Executor + Copy,
    clinic: ClinicId,
    patient: UserId,
) -> StoreResult<Vec<RedFlagClearance>> {
    crate::db::query(
        "SELECT id, patient_id, clinic_id, cleared_by, cleared_at, reason, rules \
         FROM red_flag_clearances WHERE patient_id = $1 AND clinic_id = $2 \
         ORDER BY cleared_at",
    )
    .bind(patient.to_bytes())
    .bind(clinic.to_bytes())
    .fetch_all(on)
    .await
    .map_err(store_error)?
    .iter()
    .map(|row| {
        Ok(RedFlagClearance {
            id: row.id("id")?,
            patient_id: row.id("patient_id")?,
            clinic_id: row.id("clinic_id")?,
            cleared_by: row.id("cleared_by")?,
            cleared_at: row.moment("cleared_at")?,
            reason: row.text("reason")?,
            rules: rules_from(row)?,
        })
    })
    .collect()
}

/// The patient's refused massage-gun attempts since `since`, newest first.
pub(crate) async fn gun_refusals_on(
    on: impl Executor + Copy,
    clinic: ClinicId,
    patient: UserId,
    since: Timestamp,
) -> StoreResult<Vec<GunRefusalRecord>> {
    crate::db::query(
        "SELECT id, patient_id, clinic_id, at, local_date, breaches, rules, detail \
         FROM massage_gun_refusals WHERE patient_id = $1 AND clinic_id = $2 AND at >= $3 \
         ORDER BY at DESC",
    )
    .bind(patient.to_bytes())
    .bind(clinic.to_bytes())
    .bind(micros(since))
    .fetch_all(on)
    .await
    .map_err(store_error)?
    .iter()
    .map(refusal_from)
    .collect()
}
