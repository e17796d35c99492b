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

pub mod postgres;
pub mod sqlite;

use std::borrow::Cow;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Instant;

/// What a parameter's type is when its value is NULL (so PostgreSQL can be told).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A 64-bit integer.
    Int,
    /// A double-precision float.
    Float,
    /// Text.
    Text,
    /// Bytes.
    Bytes,
    /// A boolean.
    Bool,
}

/// One value bound to a statement or read from a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// NULL, of a kind when it is bound (read NULLs say [`Kind::Text`]; it is not looked at).
    Null(Kind),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// Text.
    Text(String),
    /// Bytes.
    Bytes(Vec<u8>),
    /// A boolean (SQLite stores it as 0 or 1).
    Bool(bool),
}

impl Value {
    /// The value's kind.
    pub fn kind(&self) -> Kind {
        match self {
            Value::Null(kind) => *kind,
            Value::Int(_) => Kind::Int,
            Value::Float(_) => Kind::Float,
            Value::Text(_) => Kind::Text,
            Value::Bytes(_) => Kind::Bytes,
            Value::Bool(_) => Kind::Bool,
        }
    }

    fn describe(&self) -> &'static str {
        match self {
            Value::Null(_) => "NULL",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a float",
            Value::Text(_) => "text",
            Value::Bytes(_) => "bytes",
            Value::Bool(_) => "a boolean",
        }
    }
}

/// A type that can be bound as a parameter.
pub trait Bind {
    /// The kind of its NULL.
    const KIND: Kind;
    /// The value to bind.
    fn into_value(self) -> Value;
}

macro_rules! bind_int {
    ($($t:ty),*) => {$(
        impl Bind for $t {
            const KIND: Kind = Kind::Int;
            fn into_value(self) -> Value {
                Value::Int(i64::from(self))
            }
        }
    )*};
}
bind_int!(i64, i32, i16, u32, u16, u8);

impl Bind for f64 {
    const KIND: Kind = Kind::Float;
    fn into_value(self) -> Value {
        Value::Float(self)
    }
}

impl Bind for bool {
    const KIND: Kind = Kind::Bool;
    fn into_value(self) -> Value {
        Value::Bool(self)
    }
}

impl Bind for String {
    const KIND: Kind = Kind::Text;
    fn into_value(self) -> Value {
        Value::Text(self)
    }
}

impl Bind for &str {
    const KIND: Kind = Kind::Text;
    fn into_value(self) -> Value {
        Value::Text(self.to_owned())
    }
}

impl Bind for &String {
    const KIND: Kind = Kind::Text;
    fn into_value(self) -> Value {
        Value::Text(self.clone())
    }
}

impl Bind for Vec<u8> {
    const KIND: Kind = Kind::Bytes;
    fn into_value(self) -> Value {
        Value::Bytes(self)
    }
}

impl Bind for &[u8] {
    const KIND: Kind = Kind::Bytes;
    fn into_value(self) -> Value {
        Value::Bytes(self.to_vec())
    }
}

impl<const N: usize> Bind for [u8; N] {
    const KIND: Kind = Kind::Bytes;
    fn into_value(self) -> Value {
        Value::Bytes(self.to_vec())
    }
}

impl<T: Bind> Bind for Option<T> {
    const KIND: Kind = T::KIND;
    fn into_value(self) -> Value {
        match self {
            Some(value) => value.into_value(),
            None => Value::Null(T::KIND),
        }
    }
}

/// Why a statement failed.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// A query that must return a row returned none.
    #[error("no row was found")]
    RowNotFound,
    /// The database refused the statement; `unique` when a unique key was violated.
    #[error("{message}")]
    Database {
        /// The database's message.
        message: String,
        /// True for a unique-key (or primary-key) violation.
        unique: bool,
    },
    /// A column held a value of another type than the one read.
    #[error("column `{column}` holds {found}, not {wanted}")]
    Decode {
        /// The column.
        column: String,
        /// What it holds.
        found: &'static str,
        /// What was asked for.
        wanted: &'static str,
    },
    /// A statement has more parameters than values were bound.
    #[error("parameter ${0} has no value bound")]
    MissingParameter(usize),
    /// No connection could be had, or it broke.
    #[error("database connection: {0}")]
    Connection(String),
}

impl From<rusqlite::Error> for DbError {
    fn from(error: rusqlite::Error) -> Self {
        let unique = matches!(
            &error,
            rusqlite::Error::SqliteFailure(failure, _)
                if failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                    || failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
        );
        DbError::Database {
            message: error.to_string(),
            unique,
        }
    }
}

impl From<tokio_postgres::Error> for DbError {
    fn from(error: tokio_postgres::Error) -> Self {
        match error.as_db_error() {
            Some(database) => DbError::Database {
                message: database.message().to_owned(),
                unique: *database.code() == tokio_postgres::error::SqlState::UNIQUE_VIOLATION,
            },
            None => DbError::Connection(error.to_string()),
        }
    }
}

/// A row: its values, read by column name or position.
#[derive(Clone, Debug)]
pub struct Row {
    columns: Arc<[String]>,
    values: Vec<Value>,
}

/// A column, by name or position.
pub trait ColumnIndex {
    /// Its position in `row`, if it has one.
    fn position(&self, row: &Row) -> Option<usize>;
    /// How to name it in an error.
    fn describe(&self) -> String;
}

impl ColumnIndex for &str {
    fn position(&self, row: &Row) -> Option<usize> {
        row.columns.iter().position(|column| column == self)
    }
    fn describe(&self) -> String {
        (*self).to_owned()
    }
}

impl ColumnIndex for usize {
    fn position(&self, row: &Row) -> Option<usize> {
        (*self < row.values.len()).then_some(*self)
    }
    fn describe(&self) -> String {
        format!("#{self}")
    }
}

impl Row {
    /// A row of `values` under `columns`.
    pub fn new(columns: Arc<[String]>, values: Vec<Value>) -> Row {
        Row { columns, values }
    }

    /// The value of `column` as a `T`.
    pub fn try_get<T: FromValue, I: ColumnIndex>(&self, column: I) -> Result<T, DbError> {
        let value = column
            .position(self)
            .and_then(|position| self.values.get(position))
            .ok_or_else(|| DbError::Decode {
                column: column.describe(),
                found: "nothing (no such column)",
                wanted: T::WANTED,
            })?;
        T::from_value(value).ok_or_else(|| DbError::Decode {
            column: column.describe(),
            found: value.describe(),
            wanted: T::WANTED,
        })
    }

    /// The raw value at `position`.
    pub fn value(&self, position: usize) -> Option<&Value> {
        self.values.get(position)
    }

    /// The names of the columns, in order.
    pub fn column_names(&self) -> &[String] {
        &self.columns
    }
}

/// A type a column's value can be read as.
pub trait FromValue: Sized {
    /// What it is, for errors.
    const WANTED: &'static str;
    /// The value as `Self`, if it is one.
    fn from_value(value: &Value) -> Option<Self>;
}

impl FromValue for i64 {
    const WANTED: &'static str = "an integer";
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Int(int) => Some(*int),
            Value::Bool(flag) => Some(i64::from(*flag)),
            _ => None,
        }
    }
}

impl FromValue for i32 {
    const WANTED: &'static str = "a 32-bit integer";
    fn from_value(value: &Value) -> Option<Self> {
        i64::from_value(value).and_then(|int| i32::try_from(int).ok())
    }
}

impl FromValue for f64 {
    const WANTED: &'static str = "a number";
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Float(float) => Some(*float),
            #[allow(clippy::cast_precision_loss)]
            Value::Int(int) => Some(*int as f64),
            _ => None,
        }
    }
}

impl FromValue for bool {
    const WANTED: &'static str = "a boolean";
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Bool(flag) => Some(*flag),
            Value::Int(int) => Some(*int != 0),
            _ => None,
        }
    }
}

impl FromValue for String {
    const WANTED: &'static str = "text";
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Text(text) => Some(text.clone()),
            _ => None,
        }
    }
}

impl FromValue for Vec<u8> {
    const WANTED: &'static str = "bytes";
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Bytes(bytes) => Some(bytes.clone()),
            _ => None,
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    const WANTED: &'static str = T::WANTED;
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Null(_) => Some(None),
            other => T::from_value(other).map(Some),
        }
    }
}

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
                let client = pool
                    .get()
                    .await
                    .map_err(|error| DbError::Connection(error.to_string()))?;
                postgres::run(&client, query, want).await
            }
        }
    }
}

impl Readers {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nulls_keep_the_kind_of_what_they_stand_for() {
        assert_eq!(None::<i64>.into_value(), Value::Null(Kind::Int));
        assert_eq!(None::<f64>.into_value(), Value::Null(Kind::Float));
        assert_eq!(None::<&str>.into_value(), Value::Null(Kind::Text));
        assert_eq!(Some(3_i32).into_value(), Value::Int(3));
    }

    #[test]
    fn a_row_reads_by_name_or_position_and_names_a_wrong_type() {
        let row = Row::new(
            Arc::from(vec!["n".to_owned(), "t".to_owned()]),
            vec![Value::Int(2), Value::Null(Kind::Text)],
        );
        assert_eq!(row.try_get::<i64, _>("n").unwrap(), 2);
        assert_eq!(row.try_get::<f64, _>(0).unwrap(), 2.0);
        assert_eq!(row.try_get::<Option<String>, _>("t").unwrap(), None);
        let error = row.try_get::<String, _>("n").unwrap_err().to_string();
        assert!(
            error.contains("`n`") && error.contains("integer"),
            "{error}"
        );
        assert!(row.try_get::<i64, _>("missing").is_err());
    }
}
