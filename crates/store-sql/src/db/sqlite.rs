//! SQLite through rusqlite: statements stepped on the calling thread, prepared once per
//! connection, and a small pool of read-only connections.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::OpenFlags;
use rusqlite::types::{ToSqlOutput, ValueRef};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::{DbError, Fetched, Kind, Query, Row, RowDecoder, Value, Want};

/// What every connection runs first. WAL lets readers run beside the one writer; FULL syncs
/// the log at every commit, so an acknowledged write survives a crash or power loss.
pub const SET_UP: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;";

/// How many prepared statements each connection keeps: more than the store has queries, so a
/// statement is compiled once per connection.
const STATEMENT_CACHE: usize = 512;

/// What the writer runs besides [`SET_UP`]. Each change on the writer runs in a savepoint of
/// its group's transaction (see `crate::write`), and SQLite journals the pages a savepoint
/// changes, as they were, so that it can roll back alone. By default that journal moves to a
/// temporary file once it passes 64 KiB and stays there until the group commits. Under a
/// load of session logs it did, and writing that file took about a tenth of the server's CPU.
/// In memory, the journal holds one change's pages at a time (it is emptied at each change's
/// `RELEASE`), so its size is bounded by the largest change.
pub const WRITER_SET_UP: &str = "PRAGMA temp_store = MEMORY;";

/// Opens the database file at `path` (created if missing) for reading and writing, set up
/// as [`SET_UP`] and [`WRITER_SET_UP`] say.
pub fn open_writer(path: &Path) -> Result<rusqlite::Connection, DbError> {
    let connection = rusqlite::Connection::open(path)?;
    set_up(&connection)?;
    connection.execute_batch(WRITER_SET_UP)?;
    Ok(connection)
}

/// Opens the database file at `path` for reading only.
pub fn open_reader(path: &Path) -> Result<rusqlite::Connection, DbError> {
    let connection = rusqlite::Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    set_up(&connection)?;
    // Every change goes through the writer (group commit): a reader that tried to write
    // would bypass it, so SQLite refuses.
    connection.execute_batch("PRAGMA query_only = ON")?;
    Ok(connection)
}

fn set_up(connection: &rusqlite::Connection) -> Result<(), DbError> {
    connection.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    connection.execute_batch(SET_UP)?;
    Ok(())
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null(_) => ValueRef::Null,
            Value::Int(int) => ValueRef::Integer(*int),
            Value::Float(float) => ValueRef::Real(*float),
            Value::Text(text) => ValueRef::Text(text.as_bytes()),
            Value::Bytes(bytes) => ValueRef::Blob(bytes),
            Value::Bool(flag) => ValueRef::Integer(i64::from(*flag)),
        }))
    }
}

fn read(value: ValueRef<'_>) -> Result<Value, DbError> {
    Ok(match value {
        ValueRef::Null => Value::Null(Kind::Text),
        ValueRef::Integer(int) => Value::Int(int),
        ValueRef::Real(float) => Value::Float(float),
        ValueRef::Text(text) => Value::Text(
            std::str::from_utf8(text)
                .map_err(|error| DbError::Connection(format!("text that is not UTF-8: {error}")))?
                .to_owned(),
        ),
        ValueRef::Blob(bytes) => Value::Bytes(bytes.to_vec()),
    })
}

/// Runs one statement on `connection`, on this thread.
///
/// `$N` parameters take the N-th value wherever they appear; a statement whose parameters are
/// not `$N` takes the values in order.
pub fn run(
    connection: &rusqlite::Connection,
    query: &Query<'_>,
    want: Want,
) -> Result<Fetched, DbError> {
    if query.cached {
        step(
            connection,
            &mut *connection.prepare_cached(&query.sql)?,
            query,
            want,
        )
    } else {
        step(
            connection,
            &mut connection.prepare(&query.sql)?,
            query,
            want,
        )
    }
}

/// Runs one statement on `connection`, on this thread, and reads every row with `decoder`
/// where rusqlite holds it.
pub fn decode<T>(
    connection: &rusqlite::Connection,
    query: &Query<'_>,
    decoder: &RowDecoder<T>,
) -> Result<Vec<T>, DbError> {
    if query.cached {
        decode_rows(&mut *connection.prepare_cached(&query.sql)?, query, decoder)
    } else {
        decode_rows(&mut connection.prepare(&query.sql)?, query, decoder)
    }
}

fn decode_rows<T>(
    statement: &mut rusqlite::Statement<'_>,
    query: &Query<'_>,
    decoder: &RowDecoder<T>,
) -> Result<Vec<T>, DbError> {
    bind_all(statement, query)?;
    let named = &*statement;
    decoder.check(
        (0..named.column_count()).map(|index| named.column_name(index).unwrap_or_default()),
    )?;
    let mut decoded = Vec::new();
    let mut rows = statement.raw_query();
    while let Some(row) = rows.next()? {
        decoded.push(decoder.sqlite_row(row)?);
    }
    Ok(decoded)
}

fn step(
    connection: &rusqlite::Connection,
    statement: &mut rusqlite::Statement<'_>,
    query: &Query<'_>,
    want: Want,
) -> Result<Fetched, DbError> {
    bind_all(statement, query)?;
    let width = statement.column_count();
    // Names only for statements whose rows are read: a change's inserts need none.
    let columns: Arc<[String]> = if want == Want::Effect {
        Arc::from([])
    } else {
        column_names(statement)
    };
    let mut fetched = Fetched::default();
    let mut rows = statement.raw_query();
    while let Some(row) = rows.next()? {
        if want == Want::Effect {
            continue;
        }
        fetched.rows.push(row_of(row, &columns, width)?);
        if want == Want::First {
            break;
        }
    }
    drop(rows);
    if want == Want::Effect {
        fetched.affected = connection.changes();
    }
    Ok(fetched)
}

/// Binds `query`'s values to `statement`'s parameters: `$N` takes the N-th value wherever it
/// appears; other parameters take the values in order.
fn bind_all(statement: &mut rusqlite::Statement<'_>, query: &Query<'_>) -> Result<(), DbError> {
    for index in 1..=statement.parameter_count() {
        let position = statement
            .parameter_name(index)
            .and_then(|name| name.strip_prefix('$'))
            .and_then(|number| number.parse::<usize>().ok())
            .unwrap_or(index);
        let value = query
            .args
            .get(position - 1)
            .ok_or(DbError::MissingParameter(position))?;
        statement.raw_bind_parameter(index, value)?;
    }
    Ok(())
}

fn column_names(statement: &rusqlite::Statement<'_>) -> Arc<[String]> {
    statement
        .column_names()
        .into_iter()
        .map(str::to_owned)
        .collect()
}

fn row_of(row: &rusqlite::Row<'_>, columns: &Arc<[String]>, width: usize) -> Result<Row, DbError> {
    let mut values = Vec::with_capacity(width);
    for column in 0..width {
        values.push(read(row.get_ref(column)?)?);
    }
    Ok(Row::new(columns.clone(), values))
}

/// A small pool of read-only connections to one file. A read takes a connection, runs on the
/// calling thread, and puts it back.
pub struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<rusqlite::Connection>>,
    permits: Arc<Semaphore>,
    max: u32,
    open: std::sync::atomic::AtomicU32,
}

impl Readers {
    /// A pool of at most `max` readers of the file at `path`, opened as they are needed.
    pub fn new(path: PathBuf, max: u32) -> Readers {
        Readers {
            path,
            idle: Mutex::new(Vec::new()),
            permits: Arc::new(Semaphore::new(max as usize)),
            max,
            open: std::sync::atomic::AtomicU32::new(0),
        }
    }

    /// Runs one statement on a reader.
    pub async fn run(&self, query: &Query<'_>, want: Want) -> Result<Fetched, DbError> {
        self.on_reader(|connection| run(connection, query, want))
            .await
    }

    /// Runs one statement on a reader, each row read by `decoder`.
    pub async fn decode<T>(
        &self,
        query: &Query<'_>,
        decoder: &RowDecoder<T>,
    ) -> Result<Vec<T>, DbError> {
        self.on_reader(|connection| decode(connection, query, decoder))
            .await
    }

    /// Runs `work` on a reader, waiting for one when all are busy.
    async fn on_reader<T>(
        &self,
        work: impl FnOnce(&rusqlite::Connection) -> Result<T, DbError>,
    ) -> Result<T, DbError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| DbError::Connection("the store is closed".into()))?;
        let connection = self.take()?;
        let outcome = work(&connection);
        self.give_back(connection);
        outcome
    }

    /// An idle connection, or a new one.
    fn take(&self) -> Result<rusqlite::Connection, DbError> {
        let taken = self.idle.lock().map(|mut idle| idle.pop()).ok().flatten();
        match taken {
            Some(connection) => Ok(connection),
            None => {
                let connection = open_reader(&self.path)?;
                self.open.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                Ok(connection)
            }
        }
    }

    fn give_back(&self, connection: rusqlite::Connection) {
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(connection);
        }
    }

    /// A reader held for several statements inside one read transaction, so that they all
    /// see the database at one moment.
    pub async fn hold(self: &Arc<Self>) -> Result<Held, DbError> {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| DbError::Connection("the store is closed".into()))?;
        let connection = self.take()?;
        // Deferred: the snapshot is taken by the first read.
        if let Err(error) = connection.execute_batch("BEGIN") {
            self.give_back(connection);
            return Err(error.into());
        }
        Ok(Held {
            connection: Mutex::new(Some(connection)),
            readers: self.clone(),
            _permit: permit,
        })
    }

    /// Open connections, idle ones, and the most there may be.
    pub fn status(&self) -> (u32, u32, u32) {
        let idle = self.idle.lock().map(|idle| idle.len()).unwrap_or(0);
        (
            self.open.load(std::sync::atomic::Ordering::Relaxed),
            u32::try_from(idle).unwrap_or(u32::MAX),
            self.max,
        )
    }

    /// Closes the idle connections and refuses new reads.
    pub fn close(&self) {
        self.permits.close();
        if let Ok(mut idle) = self.idle.lock() {
            let closed = idle.len();
            idle.clear();
            self.open.fetch_sub(
                u32::try_from(closed).unwrap_or(0),
                std::sync::atomic::Ordering::Relaxed,
            );
        }
    }
}

/// A reader held by [`Readers::hold`]; it ends its read transaction and goes back to the
/// pool when dropped.
pub struct Held {
    connection: Mutex<Option<rusqlite::Connection>>,
    readers: Arc<Readers>,
    _permit: OwnedSemaphorePermit,
}

impl Held {
    /// Runs `work` on the held connection.
    fn with_connection<T>(
        &self,
        work: impl FnOnce(&rusqlite::Connection) -> Result<T, DbError>,
    ) -> Result<T, DbError> {
        let guard = self
            .connection
            .lock()
            .map_err(|_| DbError::Connection("a held reader was poisoned".into()))?;
        let connection = guard
            .as_ref()
            .ok_or_else(|| DbError::Connection("the held reader was given back".into()))?;
        work(connection)
    }

    /// Runs one statement on the held reader.
    pub fn run(&self, query: &Query<'_>, want: Want) -> Result<Fetched, DbError> {
        self.with_connection(|connection| run(connection, query, want))
    }

    /// Runs one statement on the held reader, each row read by `decoder`.
    pub fn decode<T>(&self, query: &Query<'_>, decoder: &RowDecoder<T>) -> Result<Vec<T>, DbError> {
        self.with_connection(|connection| decode(connection, query, decoder))
    }

    /// Runs `query` on the held reader and hands each row to `each` as it is stepped, keeping
    /// none: `each` answers whether to go on. For reads too long to hold whole; it blocks the
    /// thread for the whole read.
    pub fn each(
        &self,
        query: &Query<'_>,
        mut each: impl FnMut(Row) -> Result<bool, DbError>,
    ) -> Result<(), DbError> {
        self.with_connection(|connection| {
            let mut statement = connection.prepare_cached(&query.sql)?;
            bind_all(&mut statement, query)?;
            let width = statement.column_count();
            let columns = column_names(&statement);
            let mut rows = statement.raw_query();
            while let Some(row) = rows.next()? {
                if !each(row_of(row, &columns, width)?)? {
                    break;
                }
            }
            Ok(())
        })
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let taken = self.connection.get_mut().ok().and_then(Option::take);
        if let Some(connection) = taken {
            if connection.execute_batch("COMMIT").is_ok() {
                self.readers.give_back(connection);
            } else {
                // Closed rather than handed on inside a transaction.
                self.readers
                    .open
                    .fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
            }
        }
    }
}

/// Runs `work` where it may block (a commit's fsync, a backup): on a multi-threaded runtime
/// the thread hands its other tasks on first; elsewhere it runs in place.
pub fn blocking<T>(work: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current() {
        Ok(handle) if handle.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(work)
        }
        _ => work(),
    }
}
