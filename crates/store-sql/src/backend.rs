//! What differs between SQLite and PostgreSQL: migrations and connection set-up.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::{AnyConnection, AnyPool, Connection, Executor};
use tendo_store::signal::{InProcessBus, SignalBus};

use crate::write::{GroupCommit, Writer};

/// A database backend.
pub trait Backend: Send + Sync + 'static {
    /// `sqlite` or `postgres`.
    const NAME: &'static str;

    /// The backend's migrations, embedded in the binary.
    fn migrator() -> &'static Migrator;

    /// Opens a pool of connections to `url`, set up for Tendo. On SQLite they only read.
    fn connect(url: &str) -> impl Future<Output = Result<AnyPool, sqlx::Error>> + Send;

    /// Opens what changes go through (see [`crate::write`]): one writer connection that
    /// commits in groups on SQLite, a pool on PostgreSQL.
    fn writer(url: &str) -> impl Future<Output = Result<Writer, sqlx::Error>> + Send;

    /// The signalling bus of the database at `url`, opened as `pool`: in-process on SQLite
    /// (one server), `LISTEN`/`NOTIFY` on PostgreSQL (several).
    fn signal_bus(url: &str, pool: &AnyPool) -> Arc<dyn SignalBus>;
}

/// SQLite: one file, write-ahead log, every commit synced to disk before it is acknowledged;
/// reads on a pool of read-only connections, changes through one writer connection.
pub struct Sqlite;

/// What every SQLite connection runs first. WAL lets readers run beside the one writer; FULL
/// syncs the log at every commit, so an acknowledged write survives a crash or power loss.
const SQLITE_SET_UP: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;";

/// PostgreSQL: shared by several app servers.
pub struct Postgres;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

impl Sqlite {
    /// The URL of a SQLite file, created if missing.
    pub fn file_url(path: &Path) -> String {
        format!("sqlite://{}?mode=rwc", path.display())
    }
}

impl Backend for Sqlite {
    const NAME: &'static str = "sqlite";

    fn migrator() -> &'static Migrator {
        &SQLITE_MIGRATIONS
    }

    fn signal_bus(_url: &str, _pool: &AnyPool) -> Arc<dyn SignalBus> {
        Arc::new(InProcessBus::default())
    }

    async fn connect(url: &str) -> Result<AnyPool, sqlx::Error> {
        sqlx::any::install_default_drivers();
        AnyPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(30))
            // An embedded file does not drop connections: pinging each one before every query
            // only added a round trip to the database thread.
            .test_before_acquire(false)
            .after_connect(|connection, _| {
                Box::pin(async move {
                    connection.execute(SQLITE_SET_UP).await?;
                    // Every change goes through the writer (group commit): a reader that
                    // tried to write would bypass it, so SQLite refuses.
                    connection.execute("PRAGMA query_only = ON").await?;
                    Ok(())
                })
            })
            .connect(url)
            .await
    }

    async fn writer(url: &str) -> Result<Writer, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let mut connection = AnyConnection::connect(url).await?;
        connection.execute(SQLITE_SET_UP).await?;
        Ok(Writer::Grouped(GroupCommit::start(connection)))
    }
}

impl Backend for Postgres {
    const NAME: &'static str = "postgres";

    fn migrator() -> &'static Migrator {
        &POSTGRES_MIGRATIONS
    }

    fn signal_bus(url: &str, pool: &AnyPool) -> Arc<dyn SignalBus> {
        Arc::new(crate::signal::PgSignalBus::new(url, pool.clone()))
    }

    async fn connect(url: &str) -> Result<AnyPool, sqlx::Error> {
        sqlx::any::install_default_drivers();
        AnyPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(30))
            .connect(url)
            .await
    }

    async fn writer(url: &str) -> Result<Writer, sqlx::Error> {
        Ok(Writer::Pool(Self::connect(url).await?, Arc::default()))
    }
}
