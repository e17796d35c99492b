//! What differs between SQLite and PostgreSQL: migrations and connection set-up.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};
use tendo_store::signal::{InProcessBus, SignalBus};

/// A database backend.
pub trait Backend: Send + Sync + 'static {
    /// `sqlite` or `postgres`.
    const NAME: &'static str;

    /// The backend's migrations, embedded in the binary.
    fn migrator() -> &'static Migrator;

    /// Opens a pool of connections to `url`, set up for Tendo.
    fn connect(url: &str) -> impl Future<Output = Result<AnyPool, sqlx::Error>> + Send;

    /// The signalling bus of the database at `url`, opened as `pool`: in-process on SQLite
    /// (one server), `LISTEN`/`NOTIFY` on PostgreSQL (several).
    fn signal_bus(url: &str, pool: &AnyPool) -> Arc<dyn SignalBus>;
}

/// SQLite: one file, write-ahead log, every commit synced to disk before it is acknowledged.
pub struct Sqlite;

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
                    // WAL lets readers run beside the one writer; FULL syncs the log at every
                    // commit, so an acknowledged write survives a crash or power loss.
                    connection
                        .execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
                        )
                        .await?;
                    Ok(())
                })
            })
            .connect(url)
            .await
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
}
