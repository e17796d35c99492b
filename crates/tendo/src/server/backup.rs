//! `tendo backup` and `tendo restore` for the embedded SQLite database. (For PostgreSQL, use its
//! own tools; see the README.)

use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use tendo_store_sql::{Location, SqliteStore};

use super::DatabaseArgs;

/// The lock a running server holds on its data directory.
pub const LOCK_FILE: &str = "tendo.lock";

/// Options of `tendo backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy (a new file).
    pub destination: PathBuf,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Options of `tendo restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A copy made by `tendo backup`.
    pub source: PathBuf,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

fn data_dir(database: &DatabaseArgs) -> anyhow::Result<PathBuf> {
    match database.location()? {
        Location::DataDir(dir) => Ok(dir),
        Location::Postgres(_) => bail!(
            "backup and restore are for the embedded SQLite database; for PostgreSQL use \
             pg_dump and pg_restore (see the README)"
        ),
    }
}

/// Holds the data directory's lock while a server runs, so that a restore cannot replace the
/// database under it.
pub fn lock_data_dir(dir: &Path) -> anyhow::Result<File> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
    let file = File::create(dir.join(LOCK_FILE))
        .with_context(|| format!("cannot create the lock file in {}", dir.display()))?;
    file.try_lock().map_err(|_| {
        anyhow::anyhow!(
            "another Tendo server is using {}; stop it first",
            dir.display()
        )
    })?;
    Ok(file)
}

/// Writes a consistent copy of the live database to a new file.
pub async fn backup(args: BackupArgs) -> anyhow::Result<()> {
    let dir = data_dir(&args.database)?;
    if args.destination.exists() {
        bail!(
            "{} already exists; choose a new file name",
            args.destination.display()
        );
    }
    let store = SqliteStore::open_dir(&dir).await?;
    store
        .backup_to(&args.destination)
        .await
        .with_context(|| format!("writing {}", args.destination.display()))?;
    store.close().await;
    println!(
        "Backed up {} to {}",
        dir.display(),
        args.destination.display()
    );
    Ok(())
}

/// Replaces the database with a backup, keeping the current one beside it.
pub async fn restore(args: RestoreArgs) -> anyhow::Result<()> {
    let dir = data_dir(&args.database)?;
    let _lock = lock_data_dir(&dir)?;
    let checked = SqliteStore::check_backup(&args.source)
        .await
        .with_context(|| format!("{} is not a Tendo backup", args.source.display()))?;
    let current = Location::sqlite_file(&dir);
    if current.exists() {
        let kept = dir.join(format!(
            "tendo.db.before-restore-{}",
            jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ")
        ));
        // Checkpoint the write-ahead log into the file first so that the kept copy is whole.
        let store = SqliteStore::open_dir(&dir).await?;
        store.backup_to(&kept).await?;
        store.close().await;
        println!("Kept the current database as {}", kept.display());
    }
    let staging = dir.join("tendo.db.restoring");
    std::fs::copy(&args.source, &staging)
        .with_context(|| format!("copying {}", args.source.display()))?;
    for suffix in ["-wal", "-shm"] {
        let side = dir.join(format!("tendo.db{suffix}"));
        if side.exists() {
            std::fs::remove_file(&side).with_context(|| format!("removing {}", side.display()))?;
        }
    }
    std::fs::rename(&staging, &current).context("putting the restored database in place")?;
    println!(
        "Restored {} ({} migrations) into {}",
        args.source.display(),
        checked,
        dir.display()
    );
    Ok(())
}
