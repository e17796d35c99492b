//! What an operator watches of the database: whether it answers with the schema this binary
//! expects, how busy the connection pool is, and how much mail waits in the outbox. Nothing here
//! reads a patient's data: only counts.

use async_trait::async_trait;
use serde::Serialize;

use crate::error::StoreResult;

/// The schema of the database compared with the migrations built into this binary.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SchemaStatus {
    /// How many of the binary's migrations there are.
    pub known: usize,
    /// How many migrations the database has applied successfully.
    pub applied: usize,
    /// The versions of the binary's migrations the database has not applied.
    pub missing: Vec<i64>,
    /// The versions applied with a different content than the binary's.
    pub changed: Vec<i64>,
    /// The versions the database has applied that this binary does not know (a newer version
    /// of Tendo migrated it).
    pub unknown: Vec<i64>,
}

impl SchemaStatus {
    /// Whether this binary may serve on this schema: every one of its migrations is applied,
    /// unchanged. Migrations from a newer version only add, so they do not stop this one.
    pub fn is_current(&self) -> bool {
        self.missing.is_empty() && self.changed.is_empty()
    }
}

/// The connection pool at one moment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PoolStatus {
    /// Connections open now (in use or idle).
    pub open: u32,
    /// Connections open and idle.
    pub idle: u32,
    /// The most connections the pool opens.
    pub max: u32,
}

/// The mail outbox at one moment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OutboxStatus {
    /// Messages not delivered yet (due now or later, such as reminders).
    pub waiting: u64,
    /// Of those, the messages whose last delivery attempt failed.
    pub failing: u64,
}

/// The database as an operator sees it.
#[async_trait]
pub trait OperationsStore: Send + Sync {
    /// Asks the database which migrations it has applied and compares them with the binary's.
    /// An error means the database did not answer.
    async fn schema_status(&self) -> StoreResult<SchemaStatus>;

    /// The connection pool now (no query).
    fn pool_status(&self) -> PoolStatus;

    /// Counts the messages waiting in the outbox.
    async fn outbox_status(&self) -> StoreResult<OutboxStatus>;

    /// Returns once every change answered before the call is committed and visible to reads.
    /// SQLite commits changes in groups, and a change may fail because of another of its group
    /// (a time just taken, a key just used) before that one is committed: a service that
    /// answers such a failure by reading what caused it settles first.
    async fn settle_changes(&self) -> StoreResult<()>;
}
