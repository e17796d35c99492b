//! What differs between SQLite and PostgreSQL: migrations and connection set-up.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use sqlx::migrate::Migrator;
use tendo_store::signal::{InProcessBus, SignalBus};

use crate::OpenError;
use crate::db::{DbError, Readers, postgres, sqlite};
use crate::migrations::{POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS};
use crate::write::{GroupCommit, Writer};

/// A database backend.
pub trait Backend: Send + Sync + 'static {
    /// `sqlite` or `postgres`.
    const NAME: &'static str;

    /// The backend's migrations, embedded in the binary.
    fn migrator() -> &'static Migrator;

    /// Runs the migrations that have not run yet on the database at `url`, on a connection of
    /// their own (sqlx's migrator, which keeps its ledger in `_sqlx_migrations`).
    fn migrate(url: &str) -> impl Future<Output = Result<(), OpenError>> + Send;

    /// Opens the connections the store reads on, and what its changes go through (see
    /// [`crate::write`]): read-only connections and one writer that commits in groups on
    /// SQLite, one pool for both on PostgreSQL.
    fn open(url: &str) -> impl Future<Output = Result<(Readers, Writer), DbError>> + Send;

    /// The signalling bus of the database at `url`, read through `readers`: in-process on
    /// SQLite (one server), `LISTEN`/`NOTIFY` on PostgreSQL (several).
    fn signal_bus(url: &str, readers: &Readers) -> Arc<dyn SignalBus>;
}

/// SQLite: one file, write-ahead log, every commit synced to disk before it is acknowledged;
/// reads on a pool of read-only connections, changes through one writer connection.
pub struct Sqlite;

/// PostgreSQL: shared by several app servers.
pub struct Postgres;

/// How many read-only connections SQLite keeps at most.
const SQLITE_READERS: u32 = 8;
/// How many connections to PostgreSQL each app server keeps at most.
const POSTGRES_CONNECTIONS: usize = 16;

impl Sqlite {
    /// The URL of a SQLite file, created if missing.
    pub fn file_url(path: &Path) -> String {
        format!("sqlite://{}?mode=rwc", path.display())
    }

    /// The file a `sqlite://` URL names.
    pub fn path_of(url: &str) -> PathBuf {
        let rest = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        PathBuf::from(rest.split_once('?').map_or(rest, |(path, _)| path))
    }
}

impl Backend for Sqlite {
    const NAME: &'static str = "sqlite";

    fn migrator() -> &'static Migrator {
        &SQLITE_MIGRATIONS
    }

    async fn migrate(url: &str) -> Result<(), OpenError> {
        let options = sqlx::sqlite::SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
            .synchronous(sqlx::sqlite::SqliteSynchronous::Full)
            .foreign_keys(true);
        // On a pool of one (sqlx's migrator future is `Send` on a pool, not on a connection).
        let pool = sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        let ran = SQLITE_MIGRATIONS.run(&pool).await;
        pool.close().await;
        Ok(ran?)
    }

    async fn open(url: &str) -> Result<(Readers, Writer), DbError> {
        let path = Self::path_of(url);
        let writer = sqlite::open_writer(&path)?;
        let readers = Readers::Sqlite(Arc::new(sqlite::Readers::new(path, SQLITE_READERS)));
        Ok((readers, Writer::Grouped(GroupCommit::start(writer))))
    }

    fn signal_bus(_url: &str, _readers: &Readers) -> Arc<dyn SignalBus> {
        Arc::new(InProcessBus::default())
    }
}

impl Backend for Postgres {
    const NAME: &'static str = "postgres";

    fn migrator() -> &'static Migrator {
        &POSTGRES_MIGRATIONS
    }

    async fn migrate(url: &str) -> Result<(), OpenError> {
        let pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .connect(url)
            .await?;
        let ran = POSTGRES_MIGRATIONS.run(&pool).await;
        pool.close().await;
        Ok(ran?)
    }

    async fn open(url: &str) -> Result<(Readers, Writer), DbError> {
        let pool = postgres::pool(url, POSTGRES_CONNECTIONS)?;
        // Connects once now, so a wrong URL or a server that is down shows at start.
        drop(
            pool.get()
                .await
                .map_err(|error| DbError::Connection(error.to_string()))?,
        );
        Ok((
            Readers::Postgres(pool.clone()),
            Writer::Pool(pool, Arc::default()),
        ))
    }

    fn signal_bus(url: &str, readers: &Readers) -> Arc<dyn SignalBus> {
        Arc::new(crate::signal::PgSignalBus::new(url, readers.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sqlite_url_names_its_file() {
        assert_eq!(
            Sqlite::path_of("sqlite:///tmp/a b/tendo.db?mode=rwc"),
            PathBuf::from("/tmp/a b/tendo.db")
        );
        assert_eq!(
            Sqlite::path_of(&Sqlite::file_url(Path::new("/data/tendo.db"))),
            PathBuf::from("/data/tendo.db")
        );
    }
}
