//! Attempt reservations: the check of a limit and the count of the attempt in one transaction,
//! with the keys locked, before the slow work they guard.
//!
//! Each key has a row in `attempt_locks`; an upsert of that row takes a row lock on PostgreSQL
//! (held until commit) and the single write lock on SQLite, so two reservations under the same
//! key run one after the other and the second sees the first's count. Keys are locked in sorted
//! order, so two reservations never wait on each other in a circle.

use jiff::Timestamp;
use tendo_store::StoreResult;
use tendo_store::accounts::{AttemptId, AttemptLimit, Reservation};
use tendo_store::ids::Id;

use crate::codec::{RowExt, micros, store_error};

pub(crate) async fn reserve_attempt(
    writer: &crate::write::Writer,
    limits: &[AttemptLimit],
    attempt: AttemptId,
    at: Timestamp,
    since: Timestamp,
) -> StoreResult<Reservation> {
    let mut tx = writer.begin().await?;
    let mut keys: Vec<&str> = limits.iter().map(|limit| limit.key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    for key in keys {
        crate::db::query(
            "INSERT INTO attempt_locks (key, version) VALUES ($1, 1) \
             ON CONFLICT (key) DO UPDATE SET version = attempt_locks.version + 1",
        )
        .bind(key)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
    }
    let mut counts = Vec::with_capacity(limits.len());
    for (index, limit) in limits.iter().enumerate() {
        crate::db::query("DELETE FROM login_failures WHERE key = $1 AND at < $2")
            .bind(&limit.key)
            .bind(micros(since))
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        let count: i64 =
            crate::db::query("SELECT COUNT(*) AS n FROM login_failures WHERE key = $1")
                .bind(&limit.key)
                .fetch_one(&mut *tx)
                .await
                .map_err(store_error)?
                .int("n")?;
        let count = u32::try_from(count).unwrap_or(u32::MAX);
        if count >= limit.max {
            // Dropping the transaction rolls it back: nothing is counted.
            return Ok(Reservation::Refused { limit: index });
        }
        counts.push(count.saturating_add(1));
    }
    for limit in limits {
        crate::db::query("INSERT INTO login_failures (key, at, attempt) VALUES ($1, $2, $3)")
            .bind(&limit.key)
            .bind(micros(at))
            .bind(attempt.to_bytes())
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
    }
    tx.commit().await?;
    Ok(Reservation::Reserved { counts })
}

pub(crate) async fn release_attempt(
    writer: &crate::write::Writer,
    key: &str,
    attempt: AttemptId,
) -> StoreResult<()> {
    let mut change = writer.begin().await?;
    crate::db::query("DELETE FROM login_failures WHERE key = $1 AND attempt = $2")
        .bind(key)
        .bind(attempt.to_bytes())
        .execute(&mut *change)
        .await
        .map_err(store_error)?;
    change.commit().await?;
    Ok(())
}
