//! The audit log.

use crate::db::Connection;
use crate::db::Row;
use async_trait::async_trait;
use tendo_store::StoreResult;
use tendo_store::accounts::Role;
use tendo_store::audit::{AuditEntry, AuditQuery, AuditStore};
use tendo_store::ids::{ClinicId, Id};

use crate::codec::{RowExt, micros, store_error};
use crate::{Backend, SqlStore};

/// Writes one entry, inside the caller's transaction.
pub(crate) async fn insert_audit(
    connection: &mut Connection,
    entry: &AuditEntry,
) -> StoreResult<()> {
    crate::db::query(
        "INSERT INTO audit_log (id, at, clinic_id, actor_id, actor_role, patient_id, action, \
         target, ip, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(entry.id.to_bytes())
    .bind(micros(entry.at))
    .bind(entry.clinic_id.map(Id::to_bytes))
    .bind(entry.actor_id.map(Id::to_bytes))
    .bind(entry.actor_role.map(Role::as_str))
    .bind(entry.patient_id.map(Id::to_bytes))
    .bind(&entry.action)
    .bind(&entry.target)
    .bind(entry.ip.as_deref())
    .bind(entry.detail.as_deref())
    .execute(connection)
    .await
    .map_err(store_error)?;
    Ok(())
}

/// Writes several entries, inside the caller's transaction.
pub(crate) async fn insert_audits(
    connection: &mut Connection,
    entries: &[AuditEntry],
) -> StoreResult<()> {
    for entry in entries {
        insert_audit(connection, entry).await?;
    }
    Ok(())
}

fn entry_from(row: &Row) -> StoreResult<AuditEntry> {
    Ok(AuditEntry {
        id: row.id("id")?,
        at: row.moment("at")?,
        clinic_id: row.opt_id("clinic_id")?,
        actor_id: row.opt_id("actor_id")?,
        actor_role: row.opt_parsed("actor_role", Role::parse)?,
        patient_id: row.opt_id("patient_id")?,
        action: row.text("action")?,
        target: row.text("target")?,
        ip: row.opt_text("ip")?,
        detail: row.opt_text("detail")?,
    })
}

#[async_trait]
impl<B: Backend> AuditStore for SqlStore<B> {
    async fn record(&self, entries: &[AuditEntry]) -> StoreResult<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let mut tx = self.write().await?;
        insert_audits(&mut tx, entries).await?;
        tx.commit().await
    }

    async fn audit_entries(
        &self,
        clinic: ClinicId,
        query: &AuditQuery,
    ) -> StoreResult<Vec<AuditEntry>> {
        let rows = crate::db::query(
            "SELECT id, at, clinic_id, actor_id, actor_role, patient_id, action, target, ip, \
             detail FROM audit_log \
             WHERE clinic_id = $1 AND ($2 IS NULL OR patient_id = $2) \
             AND ($3 IS NULL OR actor_id = $3) AND ($4 IS NULL OR at < $4) \
             ORDER BY at DESC, id DESC LIMIT $5",
        )
        .bind(clinic.to_bytes())
        .bind(query.patient_id.map(Id::to_bytes))
        .bind(query.actor_id.map(Id::to_bytes))
        .bind(query.before.map(micros))
        .bind(i64::from(query.limit.max(1)))
        .fetch_all(&self.pool)
        .await
        .map_err(store_error)?;
        rows.iter().map(entry_from).collect()
    }
}
