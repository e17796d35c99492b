//! Why a statement failed, from either driver.

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
    /// A statement's columns are not the ones its decoder reads (see [`super::RowDecoder`]).
    #[error("the statement gives the columns {found:?}, but its decoder reads {wanted:?}")]
    Columns {
        /// The statement's columns.
        found: Vec<String>,
        /// The decoder's.
        wanted: &'static [&'static str],
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
