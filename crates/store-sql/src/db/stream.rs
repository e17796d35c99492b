//! Long reads sent on as they are read: a patient's export holds every row they ever wrote,
//! megabytes for a long history, and kept whole it would be held in memory once as rows and
//! again as text. Here the rows are written into chunks of about [`CHUNK`] bytes as they are
//! stepped, and each chunk is handed to the reader of a small channel before the next is
//! written, so a read holds a few chunks whatever its length.
//!
//! Every query of one stream reads the same moment: on SQLite inside one read transaction of a
//! held reader (stepped on a blocking thread, so a long read never stalls the async workers),
//! on PostgreSQL inside one `REPEATABLE READ` read-only transaction.

use std::pin::pin;
use std::time::Duration;

use futures_util::TryStreamExt;
use tokio::sync::mpsc;

use super::{DbError, Query, Readers, Row};

/// About how many bytes each chunk holds.
pub const CHUNK: usize = 64 * 1024;

/// How many chunks wait in the channel before the read waits for its reader.
const WAITING_CHUNKS: usize = 2;

/// How long the read waits for its reader to take a chunk before it gives up, ends its
/// transaction and gives its connection back: a reader that stopped reading must not hold a
/// connection for ever.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// One part of a streamed read.
pub enum Part {
    /// Text written as it is.
    Text(Vec<u8>),
    /// The rows of a query, each written by its writer.
    Rows(Query<'static>, RowWriter),
}

/// Writes one row: its place among its part's rows (from 0), the row, and the chunk to write
/// it into.
pub type RowWriter = Box<dyn FnMut(u64, &Row, &mut Vec<u8>) -> Result<(), DbError> + Send>;

/// The chunks of a streamed read, in order; an error is the last item.
pub type Chunks<E> = mpsc::Receiver<Result<Vec<u8>, E>>;

type Sender<E> = mpsc::Sender<Result<Vec<u8>, E>>;

/// Starts reading `parts` on `readers`; a failure is sent as `error` makes it. The connection
/// is taken before this returns (so a closed store fails here); the reading goes on in its own
/// task while the chunks are taken.
pub async fn stream<E: Send + 'static>(
    readers: &Readers,
    mut parts: Vec<Part>,
    error: fn(DbError) -> E,
) -> Result<Chunks<E>, DbError> {
    let (sender, receiver) = mpsc::channel(WAITING_CHUNKS);
    let mut out = Out {
        chunk: Vec::with_capacity(CHUNK + CHUNK / 4),
        sender,
        error,
    };
    match readers {
        Readers::Sqlite(pool) => {
            let held = pool.hold().await?;
            let handle = tokio::runtime::Handle::current();
            tokio::task::spawn_blocking(move || {
                let read = sqlite_parts(&held, &mut parts, &mut out, &handle);
                drop(held);
                if let Some(item) = out.last_item(read) {
                    // A reader gone by now has nobody to tell.
                    let _ = handle.block_on(deliver(&out.sender, item));
                }
            });
        }
        Readers::Postgres(pool) => {
            let client = pool
                .get()
                .await
                .map_err(|error| DbError::Connection(error.to_string()))?;
            client
                .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .await?;
            tokio::spawn(async move {
                let read = postgres_parts(&client, &mut parts, &mut out).await;
                let ended = client
                    .batch_execute(if read.is_ok() { "COMMIT" } else { "ROLLBACK" })
                    .await;
                if ended.is_err() {
                    // Not handed on inside a transaction.
                    drop(deadpool_postgres::Object::take(client));
                }
                let read = match (read, ended) {
                    (Ok(()), Err(error)) => Err(Stop::Failed(error.into())),
                    (read, _) => read,
                };
                if let Some(item) = out.last_item(read) {
                    // A reader gone by now has nobody to tell.
                    let _ = deliver(&out.sender, item).await;
                }
            });
        }
    }
    Ok(receiver)
}

/// The chunk being written and where chunks go.
struct Out<E> {
    chunk: Vec<u8>,
    sender: Sender<E>,
    error: fn(DbError) -> E,
}

/// Why a read stopped early.
enum Stop {
    /// The database failed.
    Failed(DbError),
    /// The reader went away or stopped taking chunks: nobody to tell.
    Gone,
}

impl From<DbError> for Stop {
    fn from(error: DbError) -> Self {
        Stop::Failed(error)
    }
}

impl<E> Out<E> {
    /// Writes `row` with `write_row`, and gives the chunk if that filled it (a fresh one takes
    /// its place).
    fn write(
        &mut self,
        write_row: &mut RowWriter,
        ordinal: u64,
        row: &Row,
    ) -> Result<Option<Vec<u8>>, DbError> {
        write_row(ordinal, row, &mut self.chunk)?;
        Ok(self.full())
    }

    /// The full chunk, if it is full, with a fresh one in its place.
    fn full(&mut self) -> Option<Vec<u8>> {
        (self.chunk.len() >= CHUNK)
            .then(|| std::mem::replace(&mut self.chunk, Vec::with_capacity(CHUNK + CHUNK / 4)))
    }

    /// What to send last: the rest of the text after a read that ended well, the error after
    /// one that failed, nothing when the reader is gone.
    fn last_item(&mut self, read: Result<(), Stop>) -> Option<Result<Vec<u8>, E>> {
        match read {
            Ok(()) => Some(Ok(std::mem::take(&mut self.chunk))),
            Err(Stop::Failed(error)) => {
                tracing::warn!(%error, "a streamed read failed");
                Some(Err((self.error)(error)))
            }
            Err(Stop::Gone) => None,
        }
    }
}

/// Hands `item` to the reader, waiting at most [`PATIENCE`]; `Gone` if it went away or took
/// nothing in that time.
async fn deliver<E>(sender: &Sender<E>, item: Result<Vec<u8>, E>) -> Result<(), Stop> {
    match tokio::time::timeout(PATIENCE, sender.send(item)).await {
        Ok(Ok(())) => Ok(()),
        _ => Err(Stop::Gone),
    }
}

fn sqlite_parts<E>(
    held: &super::sqlite::Held,
    parts: &mut [Part],
    out: &mut Out<E>,
    handle: &tokio::runtime::Handle,
) -> Result<(), Stop> {
    let send = |sender: &Sender<E>, chunk| handle.block_on(deliver(sender, Ok(chunk)));
    for part in parts {
        match part {
            Part::Text(text) => out.chunk.extend_from_slice(text),
            Part::Rows(query, write_row) => {
                let mut gone = false;
                let mut ordinal = 0;
                let stepped = held.each(query, |row| {
                    let full = out.write(write_row, ordinal, &row)?;
                    ordinal += 1;
                    if let Some(chunk) = full
                        && send(&out.sender, chunk).is_err()
                    {
                        gone = true;
                        return Ok(false);
                    }
                    Ok(true)
                });
                if gone {
                    return Err(Stop::Gone);
                }
                stepped?;
            }
        }
        if let Some(chunk) = out.full() {
            send(&out.sender, chunk)?;
        }
    }
    Ok(())
}

async fn postgres_parts<E>(
    client: &deadpool_postgres::Object,
    parts: &mut [Part],
    out: &mut Out<E>,
) -> Result<(), Stop> {
    for part in parts {
        match part {
            Part::Text(text) => out.chunk.extend_from_slice(text),
            Part::Rows(query, write_row) => {
                let (rows, decode) = super::postgres::rows(client, query).await?;
                let mut rows = pin!(rows);
                let mut ordinal = 0;
                while let Some(row) = rows.try_next().await.map_err(DbError::from)? {
                    let full = out.write(write_row, ordinal, &decode.row(&row)?)?;
                    ordinal += 1;
                    if let Some(chunk) = full {
                        deliver(&out.sender, Ok(chunk)).await?;
                    }
                }
            }
        }
        if let Some(chunk) = out.full() {
            deliver(&out.sender, Ok(chunk)).await?;
        }
    }
    Ok(())
}
