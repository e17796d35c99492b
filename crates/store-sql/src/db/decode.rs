//! Rows read in place: for the reads of thousands of rows, a row type's [`RowDecoder`] reads
//! each row where the driver holds it, by position, with no [`super::Row`] of owned
//! [`super::Value`]s built and dropped between.
//!
//! A decoder names the columns it reads, in order. Each run checks them once against the
//! statement's columns, so a query and its decoder that drift apart fail with an error naming
//! both, instead of reading one column as another.

use super::DbError;

/// How one row type is read from the driver's rows: the columns it expects, in order, and
/// the function that reads one row by their positions.
pub struct RowDecoder<T> {
    columns: &'static [&'static str],
    read: fn(&RowRef<'_>) -> Result<T, DbError>,
}

impl<T> RowDecoder<T> {
    /// A decoder of rows whose columns are `columns`, in that order, read by `read`.
    pub const fn new(
        columns: &'static [&'static str],
        read: fn(&RowRef<'_>) -> Result<T, DbError>,
    ) -> RowDecoder<T> {
        RowDecoder { columns, read }
    }

    /// Whether a statement's columns, `found`, are the ones this decoder reads. Compared in
    /// place: only a mismatch copies the names, for the error.
    pub(crate) fn check<'a>(
        &self,
        found: impl Iterator<Item = &'a str> + Clone,
    ) -> Result<(), DbError> {
        if found.clone().eq(self.columns.iter().copied()) {
            return Ok(());
        }
        Err(DbError::Columns {
            found: found.map(str::to_owned).collect(),
            wanted: self.columns,
        })
    }

    pub(crate) fn sqlite_row(&self, row: &rusqlite::Row<'_>) -> Result<T, DbError> {
        (self.read)(&RowRef {
            row: DriverRow::Sqlite(row),
            columns: self.columns,
        })
    }

    pub(crate) fn postgres_row(&self, row: &tokio_postgres::Row) -> Result<T, DbError> {
        (self.read)(&RowRef {
            row: DriverRow::Postgres(row),
            columns: self.columns,
        })
    }
}

/// One row as its driver holds it, read by column position.
pub struct RowRef<'r> {
    row: DriverRow<'r>,
    columns: &'static [&'static str],
}

enum DriverRow<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(&'r tokio_postgres::Row),
}

impl RowRef<'_> {
    /// The name of the column at `index`, for errors.
    pub fn column(&self, index: usize) -> &'static str {
        self.columns
            .get(index)
            .copied()
            .unwrap_or("(no such column)")
    }

    /// An error saying the column at `index` holds `found`, not `wanted`.
    pub fn wrong(&self, index: usize, found: &'static str, wanted: &'static str) -> DbError {
        DbError::Decode {
            column: self.column(index).to_owned(),
            found,
            wanted,
        }
    }

    /// A nullable integer column.
    pub fn opt_int(&self, index: usize) -> Result<Option<i64>, DbError> {
        const WANTED: &str = "an integer";
        match self.row {
            DriverRow::Sqlite(row) => match row.get_ref(index)? {
                rusqlite::types::ValueRef::Null => Ok(None),
                rusqlite::types::ValueRef::Integer(int) => Ok(Some(int)),
                other => Err(self.wrong(index, sqlite_kind(other), WANTED)),
            },
            DriverRow::Postgres(row) => {
                use tokio_postgres::types::Type;
                let read = match row.columns().get(index).map(|column| column.type_()) {
                    Some(&Type::INT8) => row.try_get::<_, Option<i64>>(index),
                    Some(&Type::INT4) => row
                        .try_get::<_, Option<i32>>(index)
                        .map(|int| int.map(i64::from)),
                    Some(&Type::INT2) => row
                        .try_get::<_, Option<i16>>(index)
                        .map(|int| int.map(i64::from)),
                    _ => return Err(self.wrong(index, "a value of another type", WANTED)),
                };
                read.map_err(|_| self.wrong(index, "a value that cannot be read", WANTED))
            }
        }
    }

    /// An integer column.
    pub fn int(&self, index: usize) -> Result<i64, DbError> {
        self.opt_int(index)?
            .ok_or_else(|| self.wrong(index, "NULL", "an integer"))
    }

    /// A nullable bytes column, read where it lies.
    pub fn opt_bytes(&self, index: usize) -> Result<Option<&[u8]>, DbError> {
        const WANTED: &str = "bytes";
        match self.row {
            DriverRow::Sqlite(row) => match row.get_ref(index)? {
                rusqlite::types::ValueRef::Null => Ok(None),
                rusqlite::types::ValueRef::Blob(bytes) => Ok(Some(bytes)),
                other => Err(self.wrong(index, sqlite_kind(other), WANTED)),
            },
            DriverRow::Postgres(row) => row
                .try_get::<_, Option<&[u8]>>(index)
                .map_err(|_| self.wrong(index, "a value of another type", WANTED)),
        }
    }

    /// A nullable text column, read where it lies.
    pub fn opt_text(&self, index: usize) -> Result<Option<&str>, DbError> {
        const WANTED: &str = "text";
        match self.row {
            DriverRow::Sqlite(row) => match row.get_ref(index)? {
                rusqlite::types::ValueRef::Null => Ok(None),
                rusqlite::types::ValueRef::Text(text) => std::str::from_utf8(text)
                    .map(Some)
                    .map_err(|_| self.wrong(index, "text that is not UTF-8", WANTED)),
                other => Err(self.wrong(index, sqlite_kind(other), WANTED)),
            },
            DriverRow::Postgres(row) => row
                .try_get::<_, Option<&str>>(index)
                .map_err(|_| self.wrong(index, "a value of another type", WANTED)),
        }
    }

    /// A text column, read where it lies.
    pub fn text(&self, index: usize) -> Result<&str, DbError> {
        self.opt_text(index)?
            .ok_or_else(|| self.wrong(index, "NULL", "text"))
    }
}

fn sqlite_kind(value: rusqlite::types::ValueRef<'_>) -> &'static str {
    match value {
        rusqlite::types::ValueRef::Null => "NULL",
        rusqlite::types::ValueRef::Integer(_) => "an integer",
        rusqlite::types::ValueRef::Real(_) => "a float",
        rusqlite::types::ValueRef::Text(_) => "text",
        rusqlite::types::ValueRef::Blob(_) => "bytes",
    }
}
