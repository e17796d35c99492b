//! How values are stored: ids as 16 bytes, moments as microseconds since 1970 (UTC), dates as
//! ISO text, enums as their kebab-case spelling. And how database errors become `StoreError`s.

use crate::db::{DbError, Row, RowRef};
use jiff::Timestamp;
use jiff::civil::Date;
use tendo_store::StoreError;
use tendo_store::ids::Id;

/// Maps a database error: no row is `NotFound`, a unique-key violation is `Conflict`.
pub fn store_error(error: DbError) -> StoreError {
    match error {
        DbError::RowNotFound => StoreError::NotFound,
        DbError::Database {
            message,
            unique: true,
        } => StoreError::Conflict(message),
        other => StoreError::other(other),
    }
}

/// A decoding problem: a stored value that does not fit its type.
#[derive(Debug, thiserror::Error)]
#[error("column `{column}` holds a value that cannot be read: {problem}")]
pub struct BadValue {
    column: &'static str,
    problem: String,
}

fn bad(column: &'static str, problem: impl Into<String>) -> StoreError {
    StoreError::other(BadValue {
        column,
        problem: problem.into(),
    })
}

/// Microseconds since 1970 for storing a moment.
pub fn micros(timestamp: Timestamp) -> i64 {
    timestamp.as_microsecond()
}

/// A moment as it comes back from the database: to the microsecond.
pub fn as_stored(timestamp: Timestamp) -> Timestamp {
    Timestamp::from_microsecond(timestamp.as_microsecond()).unwrap_or(timestamp)
}

/// Reads columns of a row into Tendo's types.
pub trait RowExt {
    /// An id column.
    fn id<T: Id>(&self, column: &'static str) -> Result<T, StoreError>;
    /// A nullable id column.
    fn opt_id<T: Id>(&self, column: &'static str) -> Result<Option<T>, StoreError>;
    /// A moment column.
    fn moment(&self, column: &'static str) -> Result<Timestamp, StoreError>;
    /// A nullable moment column.
    fn opt_moment(&self, column: &'static str) -> Result<Option<Timestamp>, StoreError>;
    /// A date column.
    fn date(&self, column: &'static str) -> Result<Date, StoreError>;
    /// A nullable date column.
    fn opt_date(&self, column: &'static str) -> Result<Option<Date>, StoreError>;
    /// A text column.
    fn text(&self, column: &'static str) -> Result<String, StoreError>;
    /// A nullable text column.
    fn opt_text(&self, column: &'static str) -> Result<Option<String>, StoreError>;
    /// An integer column.
    fn int(&self, column: &'static str) -> Result<i64, StoreError>;
    /// A nullable integer column.
    fn opt_int(&self, column: &'static str) -> Result<Option<i64>, StoreError>;
    /// A nullable floating-point column.
    fn opt_float(&self, column: &'static str) -> Result<Option<f64>, StoreError>;
    /// A boolean column.
    fn flag(&self, column: &'static str) -> Result<bool, StoreError>;
    /// A text column holding one of an enum's spellings.
    fn parsed<T>(
        &self,
        column: &'static str,
        parse: fn(&str) -> Option<T>,
    ) -> Result<T, StoreError>;
    /// A nullable text column holding one of an enum's spellings.
    fn opt_parsed<T>(
        &self,
        column: &'static str,
        parse: fn(&str) -> Option<T>,
    ) -> Result<Option<T>, StoreError>;
    /// A text column holding JSON.
    fn json<T: serde::de::DeserializeOwned>(&self, column: &'static str) -> Result<T, StoreError>;
}

impl RowExt for Row {
    fn id<T: Id>(&self, column: &'static str) -> Result<T, StoreError> {
        self.opt_id(column)?
            .ok_or_else(|| bad(column, "an id is missing"))
    }

    fn opt_id<T: Id>(&self, column: &'static str) -> Result<Option<T>, StoreError> {
        let bytes: Option<[u8; 16]> = self.try_get(column).map_err(StoreError::other)?;
        bytes
            .map(|bytes| T::from_bytes(&bytes).ok_or_else(|| bad(column, "not a 16-byte id")))
            .transpose()
    }

    fn moment(&self, column: &'static str) -> Result<Timestamp, StoreError> {
        self.opt_moment(column)?
            .ok_or_else(|| bad(column, "a moment is missing"))
    }

    fn opt_moment(&self, column: &'static str) -> Result<Option<Timestamp>, StoreError> {
        self.opt_int(column)?
            .map(|value| {
                Timestamp::from_microsecond(value).map_err(|error| bad(column, error.to_string()))
            })
            .transpose()
    }

    fn date(&self, column: &'static str) -> Result<Date, StoreError> {
        self.opt_date(column)?
            .ok_or_else(|| bad(column, "a date is missing"))
    }

    fn opt_date(&self, column: &'static str) -> Result<Option<Date>, StoreError> {
        self.opt_text(column)?
            .map(|text| {
                text.parse()
                    .map_err(|_| bad(column, format!("`{text}` is not a date")))
            })
            .transpose()
    }

    fn text(&self, column: &'static str) -> Result<String, StoreError> {
        self.try_get(column).map_err(StoreError::other)
    }

    fn opt_text(&self, column: &'static str) -> Result<Option<String>, StoreError> {
        self.try_get(column).map_err(StoreError::other)
    }

    fn int(&self, column: &'static str) -> Result<i64, StoreError> {
        self.try_get(column).map_err(StoreError::other)
    }

    fn opt_int(&self, column: &'static str) -> Result<Option<i64>, StoreError> {
        self.try_get(column).map_err(StoreError::other)
    }

    fn opt_float(&self, column: &'static str) -> Result<Option<f64>, StoreError> {
        self.try_get(column).map_err(StoreError::other)
    }

    fn flag(&self, column: &'static str) -> Result<bool, StoreError> {
        self.try_get(column).map_err(StoreError::other)
    }

    fn parsed<T>(
        &self,
        column: &'static str,
        parse: fn(&str) -> Option<T>,
    ) -> Result<T, StoreError> {
        self.opt_parsed(column, parse)?
            .ok_or_else(|| bad(column, "a value is missing"))
    }

    fn opt_parsed<T>(
        &self,
        column: &'static str,
        parse: fn(&str) -> Option<T>,
    ) -> Result<Option<T>, StoreError> {
        self.opt_text(column)?
            .map(|text| parse(&text).ok_or_else(|| bad(column, format!("unknown value `{text}`"))))
            .transpose()
    }

    fn json<T: serde::de::DeserializeOwned>(&self, column: &'static str) -> Result<T, StoreError> {
        let text = self.text(column)?;
        serde_json::from_str(&text).map_err(|error| bad(column, error.to_string()))
    }
}

/// Reads columns of a row held by its driver ([`RowRef`], by position) into Tendo's types.
pub trait RowRefExt {
    /// An id column.
    fn id<T: Id>(&self, index: usize) -> Result<T, DbError>;
    /// A nullable id column.
    fn opt_id<T: Id>(&self, index: usize) -> Result<Option<T>, DbError>;
    /// A moment column.
    fn moment(&self, index: usize) -> Result<Timestamp, DbError>;
    /// A nullable moment column.
    fn opt_moment(&self, index: usize) -> Result<Option<Timestamp>, DbError>;
    /// A nullable text column holding one of an enum's spellings.
    fn opt_parsed<T>(
        &self,
        index: usize,
        parse: fn(&str) -> Option<T>,
    ) -> Result<Option<T>, DbError>;
    /// A text column holding one of an enum's spellings.
    fn parsed<T>(&self, index: usize, parse: fn(&str) -> Option<T>) -> Result<T, DbError>;
}

impl RowRefExt for RowRef<'_> {
    fn id<T: Id>(&self, index: usize) -> Result<T, DbError> {
        self.opt_id(index)?
            .ok_or_else(|| self.wrong(index, "NULL", "an id"))
    }

    fn opt_id<T: Id>(&self, index: usize) -> Result<Option<T>, DbError> {
        self.opt_bytes(index)?
            .map(|bytes| {
                T::from_bytes(bytes)
                    .ok_or_else(|| self.wrong(index, "bytes of another length", "a 16-byte id"))
            })
            .transpose()
    }

    fn moment(&self, index: usize) -> Result<Timestamp, DbError> {
        self.opt_moment(index)?
            .ok_or_else(|| self.wrong(index, "NULL", "a moment"))
    }

    fn opt_moment(&self, index: usize) -> Result<Option<Timestamp>, DbError> {
        self.opt_int(index)?
            .map(|micros| {
                Timestamp::from_microsecond(micros).map_err(|_| {
                    self.wrong(index, "a number of microseconds out of range", "a moment")
                })
            })
            .transpose()
    }

    fn opt_parsed<T>(
        &self,
        index: usize,
        parse: fn(&str) -> Option<T>,
    ) -> Result<Option<T>, DbError> {
        self.opt_text(index)?
            .map(|text| {
                parse(text).ok_or_else(|| self.wrong(index, "an unknown spelling", "a known one"))
            })
            .transpose()
    }

    fn parsed<T>(&self, index: usize, parse: fn(&str) -> Option<T>) -> Result<T, DbError> {
        self.opt_parsed(index, parse)?
            .ok_or_else(|| self.wrong(index, "NULL", "a known spelling"))
    }
}
