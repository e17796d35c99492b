//! The waiting list and its offers (`WaitingListStore`).

use crate::db::Connection;
use crate::db::Row;
use async_trait::async_trait;
use jiff::Timestamp;
use jiff::civil::Date;
use tendo_store::audit::AuditEntry;
use tendo_store::ids::{ClinicId, Id, UserId, WaitingEntryId};
use tendo_store::mail::NewMail;
use tendo_store::waiting::{NewWaitingOffer, WaitingEntry, WaitingListStore, WaitingOffer};
use tendo_store::{StoreError, StoreResult};

use crate::audit::insert_audit;
use crate::codec::{RowExt, micros, store_error};
use crate::mail::insert_mail;
use crate::{Backend, SqlStore};

/// The columns of an entry, as a literal for `concat!`.
macro_rules! entry_columns {
    () => {
        "id, clinic_id, patient_id, type_id, clinician_id, from_date, to_date, created_at"
    };
}

/// The columns of an offer (without its token hash), as a literal for `concat!`.
macro_rules! offer_columns {
    () => {
        "id, entry_id, clinic_id, patient_id, type_id, clinician_id, start_at, created_at, \
         expires_at, used_at"
    };
}

fn entry_from(row: &Row) -> StoreResult<WaitingEntry> {
    Ok(WaitingEntry {
        id: row.id("id")?,
        clinic_id: row.id("clinic_id")?,
        patient_id: row.id("patient_id")?,
        type_id: row.id("type_id")?,
        clinician_id: row.opt_id("clinician_id")?,
        from: row.date("from_date")?,
        to: row.date("to_date")?,
        created_at: row.moment("created_at")?,
    })
}

fn offer_from(row: &Row) -> StoreResult<WaitingOffer> {
    Ok(WaitingOffer {
        id: row.id("id")?,
        entry_id: row.id("entry_id")?,
        clinic_id: row.id("clinic_id")?,
        patient_id: row.id("patient_id")?,
        type_id: row.id("type_id")?,
        clinician_id: row.opt_id("clinician_id")?,
        start: row.moment("start_at")?,
        created_at: row.moment("created_at")?,
        expires_at: row.moment("expires_at")?,
        used_at: row.opt_moment("used_at")?,
    })
}

/// The key that keeps one patient's same wish once: the clinician's id, or nothing for anyone.
fn clinician_key(clinician: Option<UserId>) -> Vec<u8> {
    clinician.map(Id::to_bytes).unwrap_or_default()
}

/// Removes an entry of a clinic and its offers; the number of entries removed.
async fn delete_entry(
    connection: &mut Connection,
    clinic: ClinicId,
    entry: WaitingEntryId,
    patient: Option<UserId>,
) -> StoreResult<u64> {
    let owned = crate::db::query(
        "SELECT patient_id FROM waiting_list_entries WHERE id = $1 AND clinic_id = $2",
    )
    .bind(entry.to_bytes())
    .bind(clinic.to_bytes())
    .fetch_optional(&mut *connection)
    .await
    .map_err(store_error)?;
    let Some(owned) = owned else {
        return Ok(0);
    };
    if patient.is_some_and(|patient| owned.id::<UserId>("patient_id").ok() != Some(patient)) {
        return Ok(0);
    }
    crate::db::query("DELETE FROM waiting_list_offers WHERE entry_id = $1")
        .bind(entry.to_bytes())
        .execute(&mut *connection)
        .await
        .map_err(store_error)?;
    let removed = crate::db::query("DELETE FROM waiting_list_entries WHERE id = $1")
        .bind(entry.to_bytes())
        .execute(&mut *connection)
        .await
        .map_err(store_error)?;
    Ok(removed.rows_affected())
}

#[async_trait]
impl<B: Backend> WaitingListStore for SqlStore<B> {
    async fn join_waiting_list(
        &self,
        entry: &WaitingEntry,
        audit: &AuditEntry,
    ) -> StoreResult<(WaitingEntry, bool)> {
        let mut tx = self.write().await?;
        let inserted = crate::db::query(
            "INSERT INTO waiting_list_entries (id, clinic_id, patient_id, type_id, clinician_id, \
             clinician_key, from_date, to_date, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING",
        )
        .bind(entry.id.to_bytes())
        .bind(entry.clinic_id.to_bytes())
        .bind(entry.patient_id.to_bytes())
        .bind(entry.type_id.to_bytes())
        .bind(entry.clinician_id.map(Id::to_bytes))
        .bind(clinician_key(entry.clinician_id))
        .bind(entry.from.to_string())
        .bind(entry.to.to_string())
        .bind(micros(entry.created_at))
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        let created = inserted.rows_affected() == 1;
        if created {
            insert_audit(&mut tx, audit).await?;
        }
        let row = crate::db::query(concat!(
            "SELECT ",
            entry_columns!(),
            " FROM waiting_list_entries WHERE patient_id = $1 \
             AND type_id = $2 AND clinician_key = $3 AND from_date = $4 AND to_date = $5"
        ))
        .bind(entry.patient_id.to_bytes())
        .bind(entry.type_id.to_bytes())
        .bind(clinician_key(entry.clinician_id))
        .bind(entry.from.to_string())
        .bind(entry.to.to_string())
        .fetch_one(&mut *tx)
        .await
        .map_err(store_error)?;
        let stored = entry_from(&row)?;
        tx.commit().await?;
        Ok((stored, created))
    }

    async fn waiting_entries(
        &self,
        clinic: ClinicId,
        patient: UserId,
    ) -> StoreResult<Vec<WaitingEntry>> {
        crate::db::query(concat!(
            "SELECT ",
            entry_columns!(),
            " FROM waiting_list_entries WHERE clinic_id = $1 \
             AND patient_id = $2 ORDER BY created_at, id"
        ))
        .bind(clinic.to_bytes())
        .bind(patient.to_bytes())
        .fetch_all(&self.pool)
        .await
        .map_err(store_error)?
        .iter()
        .map(entry_from)
        .collect()
    }

    async fn leave_waiting_list(
        &self,
        clinic: ClinicId,
        patient: UserId,
        entry: WaitingEntryId,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        if delete_entry(&mut tx, clinic, entry, Some(patient)).await? == 0 {
            return Err(StoreError::NotFound);
        }
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn waiting_to_offer(
        &self,
        clinic: ClinicId,
        from: Date,
        to: Date,
        now: Timestamp,
        limit: u32,
    ) -> StoreResult<Vec<WaitingEntry>> {
        crate::db::query(concat!(
            "SELECT ",
            entry_columns!(),
            " FROM waiting_list_entries e WHERE e.clinic_id = $1 \
             AND e.from_date <= $2 AND e.to_date >= $3 AND NOT EXISTS (SELECT 1 FROM \
             waiting_list_offers o WHERE o.entry_id = e.id AND o.used_at IS NULL \
             AND o.expires_at > $4) ORDER BY e.created_at, e.id LIMIT $5"
        ))
        .bind(clinic.to_bytes())
        .bind(to.to_string())
        .bind(from.to_string())
        .bind(micros(now))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(store_error)?
        .iter()
        .map(entry_from)
        .collect()
    }

    async fn create_waiting_offer(
        &self,
        new: &NewWaitingOffer,
        mail: &NewMail,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let offer = &new.offer;
        let mut tx = self.write().await?;
        crate::db::query(concat!(
            "INSERT INTO waiting_list_offers (token_hash, ",
            offer_columns!(),
            ") \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
        ))
        .bind(new.token_hash.clone())
        .bind(offer.id.to_bytes())
        .bind(offer.entry_id.to_bytes())
        .bind(offer.clinic_id.to_bytes())
        .bind(offer.patient_id.to_bytes())
        .bind(offer.type_id.to_bytes())
        .bind(offer.clinician_id.map(Id::to_bytes))
        .bind(micros(offer.start))
        .bind(micros(offer.created_at))
        .bind(micros(offer.expires_at))
        .bind(offer.used_at.map(micros))
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        insert_mail(&mut tx, mail).await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn waiting_offer(&self, token_hash: &[u8]) -> StoreResult<WaitingOffer> {
        let row = crate::db::query(concat!(
            "SELECT ",
            offer_columns!(),
            " FROM waiting_list_offers WHERE token_hash = $1"
        ))
        .bind(token_hash.to_vec())
        .fetch_optional(&self.pool)
        .await
        .map_err(store_error)?
        .ok_or(StoreError::NotFound)?;
        offer_from(&row)
    }

    async fn claim_waiting_offer(
        &self,
        token_hash: &[u8],
        at: Timestamp,
    ) -> StoreResult<WaitingOffer> {
        let mut tx = self.write().await?;
        // Marking the link used first makes a second, concurrent use find it taken.
        let claimed = crate::db::query(
            "UPDATE waiting_list_offers SET used_at = $2 WHERE token_hash = $1 \
             AND used_at IS NULL AND expires_at > $2",
        )
        .bind(token_hash.to_vec())
        .bind(micros(at))
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        if claimed.rows_affected() == 0 {
            return Err(StoreError::Expired);
        }
        let row = crate::db::query(concat!(
            "SELECT ",
            offer_columns!(),
            " FROM waiting_list_offers WHERE token_hash = $1"
        ))
        .bind(token_hash.to_vec())
        .fetch_one(&mut *tx)
        .await
        .map_err(store_error)?;
        let offer = offer_from(&row)?;
        tx.commit().await?;
        Ok(offer)
    }

    async fn release_waiting_offer(&self, token_hash: &[u8]) -> StoreResult<()> {
        let mut change = self.write().await?;
        crate::db::query("UPDATE waiting_list_offers SET used_at = NULL WHERE token_hash = $1")
            .bind(token_hash.to_vec())
            .execute(&mut *change)
            .await
            .map_err(store_error)?;
        change.commit().await?;
        Ok(())
    }

    async fn fulfil_waiting_offer(
        &self,
        clinic: ClinicId,
        entry: WaitingEntryId,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        delete_entry(&mut tx, clinic, entry, None).await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }
}
