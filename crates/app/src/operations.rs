//! What an operator watches: whether the database answers with this binary's schema, how busy
//! its connection pool is, what the mail outbox holds, and how far the read-audit writer lags.
//! Read by the readiness check and the metrics; none of it is patient data.

use std::time::Duration;

use crate::App;
use crate::audit::CommitObserver;
use crate::error::AppResult;
use crate::model::operations::{OutboxStatus, PoolStatus, SchemaStatus};

/// The database's migrations against this binary's (the database answering is part of it).
pub async fn schema_status(app: &App) -> AppResult<SchemaStatus> {
    Ok(app.store.schema_status().await?)
}

/// The connection pool's open, idle and largest number of connections.
pub fn pool_status(app: &App) -> PoolStatus {
    app.store.pool_status()
}

/// The mail outbox's mails waiting to be sent and those failing.
pub async fn outbox_status(app: &App) -> AppResult<OutboxStatus> {
    Ok(app.store.outbox_status().await?)
}

/// The age of the oldest read-audit entry not yet committed (zero when none waits).
pub fn audit_lag(app: &App) -> Duration {
    app.audit.lag()
}

/// Calls `observer` with the time and number of changes of every commit of changes to the
/// database; `false` if an observer was already set.
pub fn observe_database_commits(app: &App, observer: tendo_store::CommitObserver) -> bool {
    app.store.observe_commits(observer)
}

/// Calls `observer` with the time and size of every commit of the read-audit writer; `false`
/// if an observer was already set.
pub fn observe_audit_commits(app: &App, observer: CommitObserver) -> bool {
    app.audit.observe_commits(observer)
}
