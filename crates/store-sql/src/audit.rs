//! The audit log.

use std::sync::LazyLock;

use crate::db::Row;
use crate::db::{Connection, numbered};
use async_trait::async_trait;
use tendo_store::StoreResult;
use tendo_store::accounts::Role;
use tendo_store::audit::{AuditEntry, AuditQuery, AuditStore};
use tendo_store::ids::{ClinicId, Id};

use crate::codec::{RowExt, micros, store_error};
use crate::{Backend, SqlStore};

/// The most entries one statement writes (ten parameters each).
const ENTRIES_PER_STATEMENT: usize = 32;

/// `INSERT INTO audit_log … VALUES (…), (…), …` for `rows` entries (1 to
/// [`ENTRIES_PER_STATEMENT`]), each text built once.
fn insert_sql(rows: usize) -> &'static str {
    static TEXTS: LazyLock<Vec<String>> = LazyLock::new(|| {
        (0..=ENTRIES_PER_STATEMENT)
            .map(|rows| {
                let values: Vec<String> = (0..rows)
                    .map(|row| format!("({})", numbered(row * 10 + 1, 10)))
                    .collect();
                format!(
                    "INSERT INTO audit_log (id, at, clinic_id, actor_id, actor_role, patient_id, \
                     action, target, ip, detail) VALUES {}",
                    values.join(", ")
                )
            })
            .collect()
    });
    &TEXTS[rows]
}

/// Writes one entry, inside the caller's transaction.
pub(crate) async fn insert_audit(
    connection: &mut Connection,
    entry: &AuditEntry,
) -> StoreResult<()> {
    insert_audits(connection, std::slice::from_ref(entry)).await
}

/// Writes several entries, inside the caller's transaction: one statement for up to
/// [`ENTRIES_PER_STATEMENT`] of them (a change's read and its own entry, a page's reads).
pub(crate) async fn insert_audits(
    connection: &mut Connection,
    entries: &[AuditEntry],
) -> StoreResult<()> {
    for chunk in entries.chunks(ENTRIES_PER_STATEMENT) {
        let mut insert = crate::db::query(insert_sql(chunk.len()));
        for entry in chunk {
            insert = insert
                .bind(entry.id.to_bytes())
                .bind(micros(entry.at))
                .bind(entry.clinic_id.map(Id::to_bytes))
                .bind(entry.actor_id.map(Id::to_bytes))
                .bind(entry.actor_role.map(Role::as_str))
                .bind(entry.patient_id.map(Id::to_bytes))
                .bind(&entry.action)
                .bind(&entry.target)
                .bind(entry.ip.as_deref())
                .bind(entry.detail.as_deref());
        }
        insert
            .execute(&mut *connection)
            .await
            .map_err(store_error)?;
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
