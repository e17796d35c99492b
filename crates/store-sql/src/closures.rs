//! The clinic's closed days (`ClosureStore`).

use crate::db::Row;
use async_trait::async_trait;
use jiff::civil::Date;
use tendo_store::audit::AuditEntry;
use tendo_store::closures::{ClinicClosure, ClosureStore};
use tendo_store::ids::{ClinicId, Id, RecordId};
use tendo_store::{StoreError, StoreResult};

use crate::audit::insert_audit;
use crate::codec::{RowExt, micros, store_error};
use crate::{Backend, SqlStore};

fn closure_from(row: &Row) -> StoreResult<ClinicClosure> {
    Ok(ClinicClosure {
        id: row.id("id")?,
        clinic_id: row.id("clinic_id")?,
        date: row.date("date")?,
        note: row.text("note")?,
        created_at: row.moment("created_at")?,
    })
}

#[async_trait]
impl<B: Backend> ClosureStore for SqlStore<B> {
    async fn clinic_closures(
        &self,
        clinic: ClinicId,
        from: Date,
        to: Date,
    ) -> StoreResult<Vec<ClinicClosure>> {
        let rows = crate::db::query(
            "SELECT id, clinic_id, date, note, created_at FROM clinic_closures \
             WHERE clinic_id = $1 AND date >= $2 AND date <= $3 ORDER BY date",
        )
        .bind(clinic.to_bytes())
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(store_error)?;
        rows.iter().map(closure_from).collect()
    }

    async fn add_clinic_closure(
        &self,
        closure: &ClinicClosure,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        crate::db::query(
            "INSERT INTO clinic_closures (id, clinic_id, date, note, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(closure.id.to_bytes())
        .bind(closure.clinic_id.to_bytes())
        .bind(closure.date.to_string())
        .bind(&closure.note)
        .bind(micros(closure.created_at))
        .execute(&mut *tx)
        .await
        .map_err(|error| match store_error(error) {
            StoreError::Conflict(_) => {
                StoreError::Conflict(format!("the clinic is already closed on {}", closure.date))
            }
            other => other,
        })?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn remove_clinic_closure(
        &self,
        clinic: ClinicId,
        closure: RecordId,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let removed =
            crate::db::query("DELETE FROM clinic_closures WHERE id = $1 AND clinic_id = $2")
                .bind(closure.to_bytes())
                .bind(clinic.to_bytes())
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
        if removed.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }
}
