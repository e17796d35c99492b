//! Fresh databases for tests: a SQLite file in a temporary directory, or a new database on the
//! PostgreSQL server named by `TENDO_TEST_POSTGRES_URL` (which `cargo xtask test` starts).

use std::path::PathBuf;

use crate::db::DbError;
use crate::{Location, OpenError, PostgresStore, SqliteStore};

/// The variable naming the PostgreSQL server tests use.
pub const POSTGRES_URL_VARIABLE: &str = "TENDO_TEST_POSTGRES_URL";

/// A SQLite store in a directory that is removed when dropped.
pub struct TempSqlite {
    /// The store.
    pub store: SqliteStore,
    /// The data directory (removed on drop).
    pub dir: tempfile::TempDir,
}

impl TempSqlite {
    /// A fresh, migrated database.
    pub async fn new() -> Result<Self, OpenError> {
        let dir = tempfile::tempdir().map_err(|source| OpenError::DataDir {
            path: PathBuf::from("(temporary)"),
            source,
        })?;
        let store = SqliteStore::open_dir(dir.path()).await?;
        Ok(TempSqlite { store, dir })
    }

    /// Where the database is.
    pub fn location(&self) -> Location {
        Location::DataDir(self.dir.path().to_path_buf())
    }
}

/// The URL of the test PostgreSQL server.
///
/// # Panics
///
/// When `TENDO_TEST_POSTGRES_URL` is not set: tests must not silently skip a backend. Run
/// `cargo xtask test`, which starts PostgreSQL and sets it.
pub fn postgres_server_url() -> String {
    std::env::var(POSTGRES_URL_VARIABLE).unwrap_or_else(|_| {
        panic!(
            "{POSTGRES_URL_VARIABLE} is not set: run `cargo xtask test`, which starts \
             PostgreSQL, or set it to a server where the user may create databases"
        )
    })
}

/// Creates an empty database on the test server and returns its URL.
pub async fn fresh_postgres_database() -> Result<String, DbError> {
    let server = postgres_server_url();
    let name = format!("tendo_test_{}", uuid::Uuid::now_v7().simple());
    let (admin, connection) = tokio_postgres::connect(&server, tokio_postgres::NoTls).await?;
    let connected = tokio::spawn(connection);
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await?;
    drop(admin);
    let _ = connected.await;
    let base = server
        .rsplit_once('/')
        .map(|(base, _)| base.to_string())
        .unwrap_or(server);
    Ok(format!("{base}/{name}"))
}

/// A PostgreSQL store on a fresh database.
pub async fn fresh_postgres() -> Result<(PostgresStore, String), OpenError> {
    let url = fresh_postgres_database().await?;
    Ok((PostgresStore::connect(&url).await?, url))
}

/// A SQLite store for a test, kept alive by the returned guard.
pub async fn fresh_sqlite() -> Result<TempSqlite, OpenError> {
    TempSqlite::new().await
}

impl SqliteStore {
    /// The plan SQLite chooses for `sql`, one `detail` line per step of `EXPLAIN QUERY PLAN`,
    /// with its `parameters` bound as NULL (the planner does not look at their values).
    pub async fn explain_query_plan(
        &self,
        sql: &str,
        parameters: usize,
    ) -> Result<Vec<String>, DbError> {
        let mut query = crate::db::query(format!("EXPLAIN QUERY PLAN {sql}"));
        for _ in 0..parameters {
            query = query.bind(None::<String>);
        }
        query
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| row.try_get::<String, _>("detail"))
            .collect()
    }
}
