//! The migrations of both backends, embedded in the binary (the list is written by `build.rs`)
//! and run by sqlx's migrator, which keeps its ledger in `_sqlx_migrations`.
//!
//! Each file becomes a migration as `sqlx::migrate!` would make it (version, description,
//! checksum of the text), so a database migrated by an earlier build finds every migration it
//! ran unchanged. Built here rather than by the macro, which compiled both of sqlx's drivers,
//! SQLite's C source among them, a second time for the compiler.

use std::borrow::Cow;
use std::sync::LazyLock;

use sqlx::SqlSafeStr;
use sqlx::migrate::{Migration, MigrationType, Migrator};

include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

/// SQLite's migrations.
pub(crate) static SQLITE_MIGRATIONS: LazyLock<Migrator> = LazyLock::new(|| migrator(SQLITE));

/// PostgreSQL's migrations.
pub(crate) static POSTGRES_MIGRATIONS: LazyLock<Migrator> = LazyLock::new(|| migrator(POSTGRES));

fn migrator(files: &'static [(i64, &'static str, &'static str)]) -> Migrator {
    Migrator::with_migrations(files.iter().map(migration).collect())
}

/// The migration of a file: its version, the rest of its name (`<description>.sql`) and its
/// text, read as sqlx reads a migrations directory.
fn migration(&(version, rest, sql): &(i64, &'static str, &'static str)) -> Migration {
    let migration_type = MigrationType::from_filename(rest);
    let description = rest
        .trim_end_matches(migration_type.suffix())
        .replace('_', " ");
    Migration::new(
        version,
        Cow::Owned(description),
        migration_type,
        sql.into_sql_str(),
        sql.starts_with("-- no-transaction"),
    )
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// What a migrator holds of each migration: what the ledger records and compares.
    fn ledger(migrator: &Migrator) -> Vec<(i64, String, MigrationType, Vec<u8>, bool)> {
        migrator
            .iter()
            .map(|migration| {
                (
                    migration.version,
                    migration.description.to_string(),
                    migration.migration_type,
                    migration.checksum.to_vec(),
                    migration.no_tx,
                )
            })
            .collect()
    }

    /// The embedded migrations are the ones sqlx's own reader makes of the directories (the
    /// reader `sqlx::migrate!` used), checksums included: a database an earlier build migrated
    /// finds each migration it ran unchanged.
    #[tokio::test]
    async fn the_embedded_migrations_are_the_ones_sqlx_reads_from_the_directories() {
        for (embedded, dir) in [
            (&*SQLITE_MIGRATIONS, "migrations/sqlite"),
            (&*POSTGRES_MIGRATIONS, "migrations/postgres"),
        ] {
            let read = Migrator::new(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
                .await
                .expect("sqlx reads the directory");
            assert!(ledger(&read).len() > 20, "{dir}: {:?}", ledger(&read).len());
            assert_eq!(ledger(embedded), ledger(&read), "{dir}");
        }
    }
}
