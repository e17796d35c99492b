//! Tendo's own thin layer over the two database drivers: one SQL text per query, values bound
//! and read back through one [`Value`] type, and two executors under it.
//!
//! - **SQLite** through rusqlite: every statement is prepared once per connection (cached) and
//!   stepped on the calling task's thread — no hand-off to a driver thread, no conversion
//!   through a driver-neutral row. Reads take a connection from a small pool of read-only
//!   connections ([`sqlite::Readers`]); changes go through the one writer connection (see
//!   [`crate::write`]).
//! - **PostgreSQL** through tokio-postgres, on a deadpool pool, with each statement prepared
//!   once per connection (cached), its parameters declared with the types of the values bound
//!   (64-bit integers, double-precision floats, text, bytes, booleans), as the queries were
//!   written for.
//!
//! The same SQL text runs on both: parameters are written `$1`, `$2`, … (SQLite binds `$N` to
//! the N-th value, whatever the order they appear in). Rows come back as [`Row`]s that the
//! store's decoders ([`crate::codec::RowExt`]) read by column name.
//!
//! Every statement's duration is reported as a `tendo_store_sql::query` tracing event at debug
//! level (fields `summary`, the statement's first words, and `elapsed_secs`), which the binary
//! turns into `/metrics`; parameters are never in it.

mod decode;
mod error;
pub mod postgres;
pub mod sqlite;
pub mod stream;
mod value;

pub use decode::{RowDecoder, RowRef};
pub use error::DbError;
pub use value::{Bind, ColumnIndex, FromValue, Kind, Row, Value};

use std::borrow::Cow;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Instant;

/// What a statement is run for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Want {
    /// Its effect: rows are not read.
    Effect,
    /// Its first row, if any.
    First,
    /// Every row.
    All,
}

/// What a statement gave back.
#[derive(Debug, Default)]
pub struct Fetched {
    /// The rows read.
    pub rows: Vec<Row>,
    /// How many rows it changed (for `INSERT`, `UPDATE`, `DELETE`).
    pub affected: u64,
}

/// The outcome of [`Query::execute`].
#[derive(Clone, Copy, Debug)]
pub struct Done {
    affected: u64,
}

impl Done {
    /// How many rows the statement changed.
    pub fn rows_affected(&self) -> u64 {
        self.affected
    }
}

/// Something statements run on: the pool of readers, or a connection (a change's).
pub trait Executor: Send {
    /// Runs `query`.
    fn run(
        self,
        query: &Query<'_>,
        want: Want,
    ) -> impl Future<Output = Result<Fetched, DbError>> + Send;

    /// Runs `query` and reads every row with `decoder`, where the driver holds it.
    fn decode<T: Send>(
        self,
        query: &Query<'_>,
        decoder: &RowDecoder<T>,
    ) -> impl Future<Output = Result<Vec<T>, DbError>> + Send;
}

/// A statement with the values bound to it so far.
#[must_use = "a query does nothing until it is run"]
pub struct Query<'q> {
    pub(crate) sql: Cow<'q, str>,
    pub(crate) args: Vec<Value>,
    /// Whether the prepared statement is kept for the next run (all but one-off statements).
    pub(crate) cached: bool,
}

/// A statement in `sql`, its parameters written `$1`, `$2`, …
pub fn query<'q>(sql: impl Into<Cow<'q, str>>) -> Query<'q> {
    Query {
        sql: sql.into(),
        args: Vec::new(),
        cached: true,
    }
}

/// `count` numbered parameters from `$first` on, comma-separated (`$2, $3, $4`): for statements
/// whose number of values varies (many rows, a list of ids).
pub fn numbered(first: usize, count: usize) -> String {
    let numbers: Vec<String> = (first..first + count).map(|n| format!("${n}")).collect();
    numbers.join(", ")
}

/// A statement whose first column of the first row is the answer.
pub fn query_scalar<'q, T: FromValue>(sql: impl Into<Cow<'q, str>>) -> QueryScalar<'q, T> {
    QueryScalar {
        query: query(sql),
        output: PhantomData,
    }
}

impl<'q> Query<'q> {
    /// Binds the next parameter.
    pub fn bind(mut self, value: impl Bind) -> Self {
        self.args.push(value.into_value());
        self
    }

    /// Binds the next parameters, values already made (each NULL keeps its own kind).
    pub fn bind_values(mut self, values: impl IntoIterator<Item = Value>) -> Self {
        self.args.extend(values);
        self
    }

    /// Whether the prepared statement is kept for the next run of the same text (by default
    /// it is; a statement built for one batch of generated rows is not).
    pub fn persistent(mut self, keep: bool) -> Self {
        self.cached = keep;
        self
    }

    /// Runs it for its effect.
    pub async fn execute(self, on: impl Executor) -> Result<Done, DbError> {
        let fetched = timed(&self.sql, on.run(&self, Want::Effect)).await?;
        Ok(Done {
            affected: fetched.affected,
        })
    }

    /// Every row.
    pub async fn fetch_all(self, on: impl Executor) -> Result<Vec<Row>, DbError> {
        Ok(timed(&self.sql, on.run(&self, Want::All)).await?.rows)
    }

    /// Every row, each read by `decoder` where the driver holds it (no [`Row`] between): for
    /// reads of many rows.
    pub async fn fetch_decoded<T: Send>(
        self,
        on: impl Executor,
        decoder: &RowDecoder<T>,
    ) -> Result<Vec<T>, DbError> {
        timed(&self.sql, on.decode(&self, decoder)).await
    }

    /// The first row, if any.
    pub async fn fetch_optional(self, on: impl Executor) -> Result<Option<Row>, DbError> {
        Ok(timed(&self.sql, on.run(&self, Want::First))
            .await?
            .rows
            .into_iter()
            .next())
    }

    /// The first row; [`DbError::RowNotFound`] without one.
    pub async fn fetch_one(self, on: impl Executor) -> Result<Row, DbError> {
        self.fetch_optional(on).await?.ok_or(DbError::RowNotFound)
    }
}

/// A [`Query`] read as one value.
#[must_use = "a query does nothing until it is run"]
pub struct QueryScalar<'q, T> {
    query: Query<'q>,
    output: PhantomData<fn() -> T>,
}

impl<T: FromValue> QueryScalar<'_, T> {
    /// Binds the next parameter.
    pub fn bind(mut self, value: impl Bind) -> Self {
        self.query = self.query.bind(value);
        self
    }

    /// The first column of the first row, if there is a row.
    pub async fn fetch_optional(self, on: impl Executor) -> Result<Option<T>, DbError> {
        self.query
            .fetch_optional(on)
            .await?
            .map(|row| row.try_get(0))
            .transpose()
    }

    /// The first column of the first row.
    pub async fn fetch_one(self, on: impl Executor) -> Result<T, DbError> {
        self.fetch_optional(on).await?.ok_or(DbError::RowNotFound)
    }

    /// The first column of every row.
    pub async fn fetch_all(self, on: impl Executor) -> Result<Vec<T>, DbError> {
        self.query
            .fetch_all(on)
            .await?
            .iter()
            .map(|row| row.try_get(0))
            .collect()
    }
}

/// The tracing target of each statement's timing.
pub const QUERY_EVENT_TARGET: &str = "tendo_store_sql::query";

/// Runs `work` and reports how long the statement `sql` took.
pub(crate) async fn timed<T>(sql: &str, work: impl Future<Output = T>) -> T {
    if !tracing::enabled!(target: QUERY_EVENT_TARGET, tracing::Level::DEBUG) {
        return work.await;
    }
    let started = Instant::now();
    let outcome = work.await;
    let summary: String = sql.trim_start().chars().take(16).collect();
    tracing::debug!(
        target: QUERY_EVENT_TARGET,
        summary = summary.as_str(),
        elapsed_secs = started.elapsed().as_secs_f64()
    );
    outcome
}

/// A connection a change runs on: SQLite's writer, or a PostgreSQL connection from the pool.
pub enum Connection {
    /// A SQLite connection.
    Sqlite(rusqlite::Connection),
    /// A PostgreSQL connection, in a transaction while a change holds it.
    Postgres(deadpool_postgres::Object),
}

impl Connection {
    /// Runs `sql`, which may hold several statements and takes no parameters.
    pub async fn batch(&mut self, sql: &str) -> Result<(), DbError> {
        match self {
            Connection::Sqlite(connection) => Ok(connection.execute_batch(sql)?),
            Connection::Postgres(client) => Ok(client.batch_execute(sql).await?),
        }
    }
}

impl Executor for &mut Connection {
    async fn run(self, query: &Query<'_>, want: Want) -> Result<Fetched, DbError> {
        match self {
            Connection::Sqlite(connection) => sqlite::run(connection, query, want),
            Connection::Postgres(client) => postgres::run(client, query, want).await,
        }
    }

    async fn decode<T: Send>(
        self,
        query: &Query<'_>,
        decoder: &RowDecoder<T>,
    ) -> Result<Vec<T>, DbError> {
        match self {
            Connection::Sqlite(connection) => sqlite::decode(connection, query, decoder),
            Connection::Postgres(client) => postgres::decode(client, query, decoder).await,
        }
    }
}

/// Where reads run: a pool on either backend.
#[derive(Clone)]
pub enum Readers {
    /// Read-only SQLite connections.
    Sqlite(Arc<sqlite::Readers>),
    /// PostgreSQL connections (the same pool changes use).
    Postgres(deadpool_postgres::Pool),
}

impl Executor for &Readers {
    async fn run(self, query: &Query<'_>, want: Want) -> Result<Fetched, DbError> {
        match self {
            Readers::Sqlite(readers) => readers.run(query, want).await,
            Readers::Postgres(pool) => {
                let client = postgres::client(pool).await?;
                postgres::run(&client, query, want).await
            }
        }
    }

    async fn decode<T: Send>(
        self,
        query: &Query<'_>,
        decoder: &RowDecoder<T>,
    ) -> Result<Vec<T>, DbError> {
        match self {
            Readers::Sqlite(readers) => readers.decode(query, decoder).await,
            Readers::Postgres(pool) => {
                let client = postgres::client(pool).await?;
                postgres::decode(&client, query, decoder).await
            }
        }
    }
}

/// Reads that share one connection: on SQLite inside one read transaction, so they all see
/// one moment; on PostgreSQL sent together on one connection (pipelined), so that they cost
/// about one round trip, each seeing the moment it runs. Given back when dropped.
pub enum Snapshot {
    /// A held SQLite reader.
    Sqlite(sqlite::Held),
    /// A PostgreSQL connection from the pool.
    Postgres(deadpool_postgres::Object),
}

impl Executor for &Snapshot {
    async fn run(self, query: &Query<'_>, want: Want) -> Result<Fetched, DbError> {
        match self {
            Snapshot::Sqlite(held) => held.run(query, want),
            Snapshot::Postgres(client) => postgres::run(client, query, want).await,
        }
    }

    async fn decode<T: Send>(
        self,
        query: &Query<'_>,
        decoder: &RowDecoder<T>,
    ) -> Result<Vec<T>, DbError> {
        match self {
            Snapshot::Sqlite(held) => held.decode(query, decoder),
            Snapshot::Postgres(client) => postgres::decode(client, query, decoder).await,
        }
    }
}

impl Readers {
    /// A [`Snapshot`] to run several reads on.
    pub async fn snapshot(&self) -> Result<Snapshot, DbError> {
        match self {
            Readers::Sqlite(readers) => Ok(Snapshot::Sqlite(readers.hold().await?)),
            Readers::Postgres(pool) => postgres::client(pool).await.map(Snapshot::Postgres),
        }
    }

    /// How many connections are open, how many of them idle, and the most there may be.
    pub fn status(&self) -> (u32, u32, u32) {
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        match self {
            Readers::Sqlite(readers) => readers.status(),
            Readers::Postgres(pool) => {
                let status = pool.status();
                (
                    narrow(status.size),
                    narrow(status.available),
                    narrow(status.max_size),
                )
            }
        }
    }

    /// Closes the pool: idle connections now, the others when they come back.
    pub fn close(&self) {
        match self {
            Readers::Sqlite(readers) => readers.close(),
            Readers::Postgres(pool) => pool.close(),
        }
    }
}
