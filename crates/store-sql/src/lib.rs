//! Tendo's [`Store`]: SQLite, the embedded default, and PostgreSQL, for clinics that run
//! several app servers on one database.
//!
//! Both backends run the same SQL through Tendo's thin executor layer ([`db`]): rusqlite on
//! SQLite, tokio-postgres on PostgreSQL; what differs between them — migrations, connection
//! set-up, backups — lives in [`backend`]. The conformance suite in
//! `tests/` runs every query against both real servers. See `ARCHITECTURE.md` for why the SQL is
//! shared rather than written twice.

mod accounts;
mod audit;
pub mod backend;
mod booking;
pub mod booking_diary;
mod booking_rows;
mod bulk;
mod care;
mod clinic;
pub mod clinic_caseload;
mod clinic_messages;
mod clinic_notes;
mod clinic_record;
mod closures;
pub mod codec;
pub mod db;
mod drafts;
mod import;
mod mail;
mod migrations;
mod operations;
mod outcomes;
mod patients;
mod reminders;
pub mod signal;
#[cfg(feature = "testing")]
pub mod testing;
pub mod training;
mod training_days;
mod waiting;
pub mod write;

use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tendo_store::Store;
use tendo_store::signal::SignalBus;

pub use backend::{Backend, Postgres, Sqlite};

/// The store on one backend.
pub struct SqlStore<B> {
    /// Connections for reads (on SQLite they may not write).
    pool: db::Readers,
    /// Where every change goes: see [`write`].
    writer: write::Writer,
    signal_bus: Arc<dyn SignalBus>,
    backend: PhantomData<B>,
}

/// The store on SQLite.
pub type SqliteStore = SqlStore<Sqlite>;
/// The store on PostgreSQL.
pub type PostgresStore = SqlStore<Postgres>;

/// Where the database is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file, `tendo.db` inside this data directory (created if missing).
    DataDir(PathBuf),
    /// A PostgreSQL server, by `postgres://` URL.
    Postgres(String),
}

impl Location {
    /// Chooses from a database URL if one is given, else the data directory.
    pub fn choose(database_url: Option<&str>, data_dir: &Path) -> Result<Location, OpenError> {
        match database_url {
            None | Some("") => Ok(Location::DataDir(data_dir.to_path_buf())),
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Ok(Location::Postgres(url.to_string()))
            }
            Some(url) => Err(OpenError::UnsupportedUrl(redact(url))),
        }
    }

    /// The SQLite file for a data directory.
    pub fn sqlite_file(data_dir: &Path) -> PathBuf {
        data_dir.join("tendo.db")
    }
}

/// Why the store could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The URL is neither empty nor `postgres://`.
    #[error(
        "unsupported database URL `{0}`: give a postgres:// URL, or none for SQLite in the data directory"
    )]
    UnsupportedUrl(String),
    /// The data directory could not be created.
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The database could not be reached for its migrations.
    #[error("cannot open the database: {0}")]
    Database(#[from] sqlx::Error),
    /// The database could not be reached or read.
    #[error("cannot open the database: {0}")]
    Driver(#[from] db::DbError),
    /// A migration failed.
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Opens the store at `location` and brings its schema up to date.
pub async fn open(location: &Location) -> Result<Arc<dyn Store>, OpenError> {
    Ok(match location {
        Location::DataDir(dir) => Arc::new(SqliteStore::open_dir(dir).await?),
        Location::Postgres(url) => Arc::new(PostgresStore::connect(url).await?),
    })
}

impl<B: Backend> SqlStore<B> {
    /// Connects to the database at `url` and runs the migrations.
    pub async fn connect(url: &str) -> Result<Self, OpenError> {
        B::migrate(url).await?;
        let (pool, writer) = B::open(url).await?;
        Ok(SqlStore {
            signal_bus: B::signal_bus(url, &pool),
            pool,
            writer,
            backend: PhantomData,
        })
    }

    /// Closes every connection, committing the changes already made.
    pub async fn close(&self) {
        self.writer.close().await;
        self.pool.close();
    }

    /// Begins a change: see [`write`].
    pub(crate) async fn write(&self) -> tendo_store::StoreResult<write::WriteTx> {
        self.writer.begin().await
    }
}

impl SqliteStore {
    /// Opens (creating if needed) `tendo.db` in `dir`.
    pub async fn open_dir(dir: &Path) -> Result<Self, OpenError> {
        std::fs::create_dir_all(dir).map_err(|source| OpenError::DataDir {
            path: dir.to_path_buf(),
            source,
        })?;
        Self::connect(&Sqlite::file_url(&Location::sqlite_file(dir))).await
    }

    /// Opens (creating if needed) a **scratch** database in `dir`: as [`Self::open_dir`], except
    /// that commits are not synced to disk one by one, so a crash of the machine may lose the
    /// last of them. For throwaway data that is made again at will — the journey simulator's
    /// databases — never for a clinic's: `tendo serve` always opens with every commit synced.
    pub async fn open_scratch(dir: &Path) -> Result<Self, OpenError> {
        let store = Self::open_dir(dir).await?;
        store.writer.stop_syncing_commits().await?;
        Ok(store)
    }

    /// Writes a consistent copy of the live database to a new file (`VACUUM INTO`), while
    /// other connections keep reading and writing.
    pub async fn backup_to(&self, path: &Path) -> Result<(), db::DbError> {
        self.writer
            .vacuum_into(path.to_string_lossy().into_owned())
            .await
    }

    /// Checks that a file is a Tendo database this version can open, without changing it;
    /// returns how many migrations it has run.
    pub async fn check_backup(path: &Path) -> Result<usize, OpenError> {
        let opened = rusqlite::Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(db::DbError::from)?;
        let count = |sql: &str| -> Result<i64, OpenError> {
            Ok(opened
                .query_row(sql, [], |row| row.get(0))
                .map_err(db::DbError::from)?)
        };
        let applied = count("SELECT COUNT(*) FROM _sqlx_migrations WHERE success = TRUE")?;
        let users = count("SELECT COUNT(*) FROM users")?;
        let known = Sqlite::migrator().iter().count();
        let applied = usize::try_from(applied).unwrap_or(usize::MAX);
        if applied == 0 || applied > known || users < 0 {
            return Err(OpenError::Driver(db::DbError::Connection(format!(
                "it has {applied} migrations; this version of Tendo knows {known}"
            ))));
        }
        Ok(applied)
    }
}

impl<B: Backend> Store for SqlStore<B> {
    fn backend(&self) -> &'static str {
        B::NAME
    }

    fn signal_bus(&self) -> Arc<dyn SignalBus> {
        self.signal_bus.clone()
    }

    fn observe_commits(&self, observer: tendo_store::CommitObserver) -> bool {
        self.writer.observe(observer)
    }
}

/// Hides the password of a database URL, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_hides_only_the_password() {
        assert_eq!(
            redact("postgres://tendo:secret@localhost:5432/tendo"),
            "postgres://tendo:***@localhost:5432/tendo"
        );
        assert_eq!(
            redact("postgres://localhost/tendo"),
            "postgres://localhost/tendo"
        );
    }

    #[test]
    fn location_is_chosen_from_the_url() {
        let dir = Path::new("/tmp/x");
        assert_eq!(
            Location::choose(None, dir).unwrap(),
            Location::DataDir(dir.into())
        );
        assert!(matches!(
            Location::choose(Some("postgres://h/db"), dir).unwrap(),
            Location::Postgres(_)
        ));
        let error = Location::choose(Some("mysql://u:pw@h/db"), dir).unwrap_err();
        assert!(!error.to_string().contains("pw"), "{error}");
    }
}
