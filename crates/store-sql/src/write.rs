//! Write transactions, and group commit on SQLite.
//!
//! Every change the store makes runs in a [`WriteTx`] from [`Writer::begin`], and is
//! acknowledged only by [`WriteTx::commit`].
//!
//! - **PostgreSQL**: each change is its own transaction on a pooled connection; the server
//!   already groups the fsyncs of concurrent commits.
//! - **SQLite**: one writer connection takes every change (SQLite allows one writer at a time
//!   anyway). Each change runs inside its own savepoint of a shared transaction, so a change
//!   that fails rolls back alone. A committer task commits the shared transaction — all the
//!   changes that finished while the previous commit was being synced — with one fsync, and
//!   only then does [`WriteTx::commit`] return to each of them. Durability is unchanged: a
//!   change is acknowledged after the fsync that covers it, never before. Under load, hundreds
//!   of changes share one fsync; alone, a change waits for one small commit.
//!
//! A change inside a shared transaction sees the changes before it in its group before they
//! are committed, so it may fail because of one (a slot just taken, a key just used) that
//! reads cannot see yet. [`Writer::settle`] waits until every change finished so far is
//! committed: a service that answers a failed change by reading what made it fail settles
//! first.
//!
//! The writer connection is held by one change at a time through a fair (first come, first
//! served) lock. The committer queues on the same lock, so a batch holds exactly the changes
//! that were waiting before the committer asked. A change must not begin another write while
//! it holds one: that would wait for itself.

use std::ops::{Deref, DerefMut};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use tendo_store::{CommitObserver, StoreError, StoreResult};
use tokio::sync::{Mutex, Notify, OwnedMutexGuard, watch};

use crate::codec::store_error;
use crate::db::{Connection, DbError, sqlite};

/// How changes reach the database.
pub enum Writer {
    /// Each change is a transaction on a pooled connection (PostgreSQL).
    Pool(deadpool_postgres::Pool, Arc<OnceLock<CommitObserver>>),
    /// Changes share one connection and commit in groups (SQLite).
    Grouped(Arc<GroupCommit>),
}

impl Writer {
    /// Begins a change.
    pub(crate) async fn begin(&self) -> StoreResult<WriteTx> {
        match self {
            Writer::Pool(pool, observer) => {
                let client = pool
                    .get()
                    .await
                    .map_err(|error| store_error(DbError::Connection(error.to_string())))?;
                let mut connection = Connection::Postgres(client);
                connection.batch("BEGIN").await.map_err(store_error)?;
                Ok(WriteTx {
                    inner: Inner::Pool(Box::new(connection), observer.clone()),
                })
            }
            Writer::Grouped(group) => group.begin().await,
        }
    }

    /// Copies the live SQLite database into a new file (`VACUUM INTO`) between two batches.
    pub(crate) async fn vacuum_into(&self, path: String) -> Result<(), DbError> {
        match self {
            Writer::Pool(..) => Err(DbError::Connection(
                "a backup by VACUUM INTO is for SQLite only".into(),
            )),
            Writer::Grouped(group) => {
                let mut state = group.alone().await;
                let Connection::Sqlite(connection) = &mut state.connection else {
                    unreachable!("the grouped writer is SQLite's")
                };
                sqlite::blocking(|| connection.execute("VACUUM INTO ?1", [path]))?;
                Ok(())
            }
        }
    }

    /// Stops syncing each commit to disk (SQLite's `synchronous = NORMAL` in WAL mode): a
    /// crash may then lose the last commits, though never corrupt the file. For scratch
    /// databases only (see [`crate::SqliteStore::open_scratch`]).
    pub(crate) async fn stop_syncing_commits(&self) -> Result<(), DbError> {
        match self {
            Writer::Pool(..) => Ok(()),
            Writer::Grouped(group) => {
                group
                    .alone()
                    .await
                    .connection
                    .batch("PRAGMA synchronous = NORMAL")
                    .await
            }
        }
    }

    /// Returns once every change finished before the call is committed (at once on
    /// PostgreSQL, where a change is committed before it is answered).
    pub(crate) async fn settle(&self) -> StoreResult<()> {
        match self {
            Writer::Pool(..) => Ok(()),
            Writer::Grouped(group) => group.settle().await,
        }
    }

    /// Sets who is told of each commit (once); `false` if someone already is.
    pub(crate) fn observe(&self, observer: CommitObserver) -> bool {
        match self {
            Writer::Pool(_, slot) => slot.set(observer).is_ok(),
            Writer::Grouped(group) => group.shared.observer.set(observer).is_ok(),
        }
    }

    /// Closes the writer connection, if this writer has its own.
    pub(crate) async fn close(&self) {
        if let Writer::Grouped(group) = self {
            group.close().await;
        }
    }
}

/// A change in progress. It dereferences to the connection the change's statements run on.
/// Dropped without [`WriteTx::commit`], the change is rolled back.
pub struct WriteTx {
    inner: Inner,
}

enum Inner {
    /// A PostgreSQL connection inside `BEGIN`.
    Pool(Box<Connection>, Arc<OnceLock<CommitObserver>>),
    Grouped {
        state: OwnedMutexGuard<WriterState>,
        shared: Arc<Shared>,
        finished: bool,
    },
    /// Committed, or handed back.
    Done,
}

impl WriteTx {
    /// Commits the change and returns once it is durable.
    pub(crate) async fn commit(mut self) -> StoreResult<()> {
        match &mut self.inner {
            Inner::Pool(..) => {
                let Inner::Pool(mut connection, observer) =
                    std::mem::replace(&mut self.inner, Inner::Done)
                else {
                    unreachable!("matched above")
                };
                let started = Instant::now();
                if let Err(error) = connection.batch("COMMIT").await {
                    roll_back_later(*connection);
                    return Err(store_error(error));
                }
                if let Some(observer) = observer.get() {
                    observer(started.elapsed(), 1);
                }
                Ok(())
            }
            Inner::Grouped {
                state,
                shared,
                finished,
            } => {
                let released = state.connection.batch("RELEASE change").await;
                if let Err(error) = released {
                    // The savepoint is left for the next holder to roll back.
                    return Err(store_error(error));
                }
                *finished = true;
                let outcome = state
                    .batch
                    .get_or_insert_with(|| watch::channel(None).0)
                    .subscribe();
                let shared = shared.clone();
                // Hands the connection on before waiting for the commit.
                self.inner = Inner::Done;
                shared.commit_wanted.notify_one();
                committed(outcome).await
            }
            Inner::Done => Ok(()),
        }
    }
}

impl Deref for WriteTx {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        match &self.inner {
            Inner::Pool(tx, _) => tx,
            Inner::Grouped { state, .. } => &state.connection,
            Inner::Done => unreachable!("a finished change is never used"),
        }
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Connection {
        match &mut self.inner {
            Inner::Pool(tx, _) => tx,
            Inner::Grouped { state, .. } => &mut state.connection,
            Inner::Done => unreachable!("a finished change is never used"),
        }
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        if let Inner::Pool(..) = &self.inner {
            let Inner::Pool(connection, _) = std::mem::replace(&mut self.inner, Inner::Done) else {
                unreachable!("matched above")
            };
            roll_back_later(*connection);
            return;
        }
        if let Inner::Grouped {
            state, finished, ..
        } = &mut self.inner
            && !*finished
        {
            // Rolled back by whoever takes the connection next, before anything else.
            state.abandoned = true;
        }
    }
}

/// Rolls back the transaction open on a PostgreSQL `connection` before it goes back to the
/// pool; if that cannot be done, the connection is closed instead (which rolls it back).
fn roll_back_later(connection: Connection) {
    let Connection::Postgres(client) = connection else {
        return;
    };
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => {
            runtime.spawn(async move {
                if client.batch_execute("ROLLBACK").await.is_err() {
                    drop(deadpool_postgres::Object::take(client));
                }
            });
        }
        Err(_) => drop(deadpool_postgres::Object::take(client)),
    }
}

/// The outcome of a batch's commit, shared with every change in it.
type Outcome = Option<Result<(), String>>;

/// Waits for the commit of the batch `outcome` belongs to, and says how it went.
async fn committed(mut outcome: watch::Receiver<Outcome>) -> StoreResult<()> {
    let result = outcome
        .wait_for(Option::is_some)
        .await
        .map_err(|_| StoreError::Other("the writer stopped before committing".into()))?
        .clone();
    result
        .unwrap_or_else(|| Err("no outcome".into()))
        .map_err(|message| StoreError::Other(format!("commit failed: {message}").into()))
}

/// The writer connection and the batch open on it.
pub struct WriterState {
    /// Always a SQLite connection.
    connection: Connection,
    /// The batch open on the connection (`BEGIN` has run), and who waits for its commit.
    batch: Option<watch::Sender<Outcome>>,
    /// True when a change left its savepoint open (it failed or was cancelled).
    abandoned: bool,
}

/// One SQLite connection that commits the changes of many requests together.
pub struct GroupCommit {
    shared: Arc<Shared>,
}

/// What the changes, the committer and the store share.
struct Shared {
    state: Arc<Mutex<WriterState>>,
    commit_wanted: Notify,
    observer: OnceLock<CommitObserver>,
    /// Set when the store lets go of the writer: the committer then stops.
    closed: std::sync::atomic::AtomicBool,
}

impl GroupCommit {
    /// Takes `connection` as the writer and starts the committer on the current runtime.
    pub(crate) fn start(connection: rusqlite::Connection) -> Arc<GroupCommit> {
        let shared = Arc::new(Shared {
            state: Arc::new(Mutex::new(WriterState {
                connection: Connection::Sqlite(connection),
                batch: None,
                abandoned: false,
            })),
            commit_wanted: Notify::new(),
            observer: OnceLock::new(),
            closed: std::sync::atomic::AtomicBool::new(false),
        });
        tokio::spawn(commit_batches(shared.clone()));
        Arc::new(GroupCommit { shared })
    }

    async fn begin(&self) -> StoreResult<WriteTx> {
        let mut state = self.shared.state.clone().lock_owned().await;
        state.roll_back_abandoned().await;
        if state.batch.is_none() {
            // IMMEDIATE takes SQLite's write lock now, so no statement of the batch can find
            // the database busy half-way.
            state
                .connection
                .batch("BEGIN IMMEDIATE")
                .await
                .map_err(store_error)?;
            state.batch = Some(watch::channel(None).0);
        }
        if let Err(error) = state.connection.batch("SAVEPOINT change").await {
            return Err(store_error(error));
        }
        Ok(WriteTx {
            inner: Inner::Grouped {
                state,
                shared: self.shared.clone(),
                finished: false,
            },
        })
    }

    /// Waits for the commit of the open batch, if any (asking the committer for it).
    async fn settle(&self) -> StoreResult<()> {
        let mut state = self.shared.state.lock().await;
        state.roll_back_abandoned().await;
        let Some(batch) = state.batch.as_ref() else {
            return Ok(());
        };
        let outcome = batch.subscribe();
        drop(state);
        self.shared.commit_wanted.notify_one();
        committed(outcome).await
    }

    /// The writer connection outside any transaction: the open batch committed first.
    async fn alone(&self) -> tokio::sync::MutexGuard<'_, WriterState> {
        let mut state = self.shared.state.lock().await;
        state.roll_back_abandoned().await;
        state.commit().await;
        state
    }

    async fn close(&self) {
        drop(self.alone().await);
    }
}

impl Drop for GroupCommit {
    fn drop(&mut self) {
        self.shared
            .closed
            .store(true, std::sync::atomic::Ordering::Release);
        self.shared.commit_wanted.notify_one();
    }
}

impl WriterState {
    /// Undoes the change that left its savepoint open; if even that fails, the whole batch
    /// fails and its changes are told so.
    async fn roll_back_abandoned(&mut self) {
        if !self.abandoned {
            return;
        }
        self.abandoned = false;
        let undone = self
            .connection
            .batch("ROLLBACK TO change; RELEASE change")
            .await;
        if let Err(error) = undone {
            let _ = self.connection.batch("ROLLBACK").await;
            if let Some(batch) = self.batch.take() {
                batch.send_replace(Some(Err(error.to_string())));
            }
        }
    }

    /// Commits the open batch, if any, and tells its changes; returns how many there were.
    async fn commit(&mut self) -> usize {
        let Some(batch) = self.batch.take() else {
            return 0;
        };
        let Connection::Sqlite(connection) = &mut self.connection else {
            unreachable!("the grouped writer is SQLite's")
        };
        // The one fsync of the batch.
        let result = match sqlite::blocking(|| connection.execute_batch("COMMIT")) {
            Ok(()) => Ok(()),
            Err(error) => {
                let _ = connection.execute_batch("ROLLBACK");
                Err(error.to_string())
            }
        };
        let waiting = batch.receiver_count();
        batch.send_replace(Some(result));
        waiting
    }
}

/// Commits the open batch each time a change asks, until the store lets go of the writer.
async fn commit_batches(shared: Arc<Shared>) {
    loop {
        shared.commit_wanted.notified().await;
        let mut state = shared.state.lock().await;
        state.roll_back_abandoned().await;
        let started = Instant::now();
        let changes = state.commit().await;
        drop(state);
        if changes > 0
            && let Some(observer) = shared.observer.get()
        {
            observer(started.elapsed(), changes);
        }
        if shared.closed.load(std::sync::atomic::Ordering::Acquire) {
            return;
        }
    }
}

#[cfg(test)]
#[path = "write_tests.rs"]
mod tests;
