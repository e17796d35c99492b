//! The database as an operator sees it: the schema against the binary's migrations, the
//! connection pool, and the outbox's size. Counts only; no patient data is read.

use std::collections::HashMap;

use async_trait::async_trait;
use tendo_store::StoreResult;
use tendo_store::operations::{OperationsStore, OutboxStatus, PoolStatus, SchemaStatus};

use crate::codec::store_error;
use crate::{Backend, SqlStore};

/// Compares the migrations a database applied (version and checksum) with the binary's.
fn compare(applied: &HashMap<i64, Vec<u8>>, known: &[(i64, &[u8])]) -> SchemaStatus {
    let mut status = SchemaStatus {
        known: known.len(),
        applied: applied.len(),
        ..SchemaStatus::default()
    };
    for (version, checksum) in known {
        match applied.get(version) {
            None => status.missing.push(*version),
            Some(stored) if stored.as_slice() != *checksum => status.changed.push(*version),
            Some(_) => {}
        }
    }
    let mut unknown: Vec<i64> = applied
        .keys()
        .filter(|version| !known.iter().any(|(known, _)| known == *version))
        .copied()
        .collect();
    unknown.sort_unstable();
    status.unknown = unknown;
    status
}

fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

#[async_trait]
impl<B: Backend> OperationsStore for SqlStore<B> {
    async fn schema_status(&self) -> StoreResult<SchemaStatus> {
        let rows =
            crate::db::query("SELECT version, checksum FROM _sqlx_migrations WHERE success = TRUE")
                .fetch_all(&self.pool)
                .await
                .map_err(store_error)?;
        let mut applied = HashMap::with_capacity(rows.len());
        for row in &rows {
            let version: i64 = row.try_get("version").map_err(store_error)?;
            let checksum: Vec<u8> = row.try_get("checksum").map_err(store_error)?;
            applied.insert(version, checksum);
        }
        let known: Vec<(i64, &[u8])> = B::migrator()
            .iter()
            .filter(|migration| !migration.migration_type.is_down_migration())
            .map(|migration| (migration.version, migration.checksum.as_ref()))
            .collect();
        Ok(compare(&applied, &known))
    }

    fn pool_status(&self) -> PoolStatus {
        let (open, idle, max) = self.pool.status();
        PoolStatus { open, idle, max }
    }

    async fn outbox_status(&self) -> StoreResult<OutboxStatus> {
        // Both counts read the `outbox_due (sent_at, send_after)` index's unsent end.
        let row = crate::db::query(
            "SELECT COUNT(*) AS waiting, \
             COALESCE(SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END), 0) AS failing \
             FROM outbox WHERE sent_at IS NULL",
        )
        .fetch_one(&self.pool)
        .await
        .map_err(store_error)?;
        Ok(OutboxStatus {
            waiting: count(row.try_get("waiting").map_err(store_error)?),
            failing: count(row.try_get("failing").map_err(store_error)?),
        })
    }

    async fn settle_changes(&self) -> StoreResult<()> {
        self.writer.settle().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schema_is_current_only_with_every_known_migration_applied_unchanged() {
        let known: Vec<(i64, &[u8])> = vec![(1, b"a"), (2, b"b")];
        let all: HashMap<i64, Vec<u8>> = [(1, b"a".to_vec()), (2, b"b".to_vec())].into();
        assert!(compare(&all, &known).is_current());

        let behind: HashMap<i64, Vec<u8>> = [(1, b"a".to_vec())].into();
        let status = compare(&behind, &known);
        assert!(!status.is_current());
        assert_eq!(status.missing, vec![2]);

        let edited: HashMap<i64, Vec<u8>> = [(1, b"a".to_vec()), (2, b"x".to_vec())].into();
        assert_eq!(compare(&edited, &known).changed, vec![2]);

        let ahead: HashMap<i64, Vec<u8>> =
            [(1, b"a".to_vec()), (2, b"b".to_vec()), (3, b"c".to_vec())].into();
        let status = compare(&ahead, &known);
        assert!(status.is_current());
        assert_eq!(status.unknown, vec![3]);
    }
}
