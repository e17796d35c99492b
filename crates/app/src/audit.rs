//! Recording reads of patient data in the audit log, durably, before the data is served.
//!
//! Changes write their audit entry in their own transaction (see `tendo-store`). A read sends
//! its entry to this sink and waits: the read is answered only once its entry is committed.
//! To keep that cheap, one writer task commits every entry waiting at that moment in one
//! transaction (group commit): under load, many reads share one commit and one fsync; alone, a
//! read waits for a single small commit. There is no timer: the writer starts a batch as soon
//! as one entry arrives, and whatever arrives while it writes goes into the next.
//!
//! The audit lag an operator watches ([`AuditSink::lag`]) is the age of the oldest read entry
//! not yet committed; changes have no lag, their entry being in their own transaction.

use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use tendo_store::Store;
use tendo_store::audit::AuditEntry;
use tokio::sync::{mpsc, oneshot};

use crate::error::{AppError, AppResult};

/// The most entries committed in one transaction.
const BATCH: usize = 512;

/// Entries waiting to be written, and who waits for them.
struct Request {
    entries: Vec<AuditEntry>,
    written: oneshot::Sender<bool>,
    /// When the read sent them.
    queued_at: Instant,
}

/// When the oldest entry not yet committed was sent, if one is being written.
type OldestUnwritten = Arc<Mutex<Option<Instant>>>;

/// Told of every committed batch: how long its transaction took and how many entries it held
/// (the server's metrics time the audit log's commits with it).
pub type CommitObserver = Box<dyn Fn(Duration, usize) + Send + Sync>;

/// A handle to the writer of read-audit entries. Cheap to clone.
#[derive(Clone)]
pub struct AuditSink {
    sender: mpsc::UnboundedSender<Request>,
    oldest_unwritten: OldestUnwritten,
    observer: Arc<OnceLock<CommitObserver>>,
}

impl AuditSink {
    /// Starts the writer on the current Tokio runtime.
    pub fn start(store: Arc<dyn Store>) -> Self {
        let (sender, receiver) = mpsc::unbounded_channel();
        let oldest_unwritten = OldestUnwritten::default();
        let observer = Arc::new(OnceLock::new());
        tokio::spawn(write_batches(
            store,
            receiver,
            oldest_unwritten.clone(),
            observer.clone(),
        ));
        AuditSink {
            sender,
            oldest_unwritten,
            observer,
        }
    }

    /// Tells `observer` of every batch committed from now on; only the first observer set is
    /// kept (returns whether this one was).
    pub fn observe_commits(&self, observer: CommitObserver) -> bool {
        self.observer.set(observer).is_ok()
    }

    /// How long the oldest read entry not yet committed has waited; zero when none waits.
    /// Entries queued behind a batch being written are younger than its oldest, so the batch's
    /// oldest entry is the oldest of all.
    pub fn lag(&self) -> Duration {
        self.oldest_unwritten
            .lock()
            .ok()
            .and_then(|oldest| oldest.map(|since| since.elapsed()))
            .unwrap_or_default()
    }

    /// Records one read and returns once its entry is durable. An error means the entry could
    /// not be written; the read must then not be served.
    pub async fn record(&self, entry: AuditEntry) -> AppResult<()> {
        self.record_all(vec![entry]).await
    }

    /// Records several reads (of one request) and returns once all of them are durable.
    pub async fn record_all(&self, entries: Vec<AuditEntry>) -> AppResult<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let (written, wait) = oneshot::channel();
        let sent = self.sender.send(Request {
            entries,
            written,
            queued_at: Instant::now(),
        });
        match (sent, wait.await) {
            (Ok(()), Ok(true)) => Ok(()),
            _ => Err(AppError::internal(
                "the access could not be recorded in the audit log, so it was not served",
            )),
        }
    }
}

async fn write_batches(
    store: Arc<dyn Store>,
    mut receiver: mpsc::UnboundedReceiver<Request>,
    oldest_unwritten: OldestUnwritten,
    observer: Arc<OnceLock<CommitObserver>>,
) {
    while let Some(first) = receiver.recv().await {
        set_oldest(&oldest_unwritten, Some(first.queued_at));
        let mut batch = first.entries;
        let mut waiting = vec![first.written];
        // Everything already queued joins this commit, up to the batch size.
        while batch.len() < BATCH {
            match receiver.try_recv() {
                Ok(request) => {
                    batch.extend(request.entries);
                    waiting.push(request.written);
                }
                Err(_) => break,
            }
        }
        let started = Instant::now();
        let written = write(&*store, &batch).await;
        set_oldest(&oldest_unwritten, None);
        if written && let Some(observe) = observer.get() {
            observe(started.elapsed(), batch.len());
        }
        for done in waiting {
            let _ = done.send(written);
        }
    }
}

fn set_oldest(oldest_unwritten: &OldestUnwritten, value: Option<Instant>) {
    if let Ok(mut oldest) = oldest_unwritten.lock() {
        *oldest = value;
    }
}

/// Writes one batch, retrying once; says whether it is now durable.
async fn write(store: &dyn Store, batch: &[AuditEntry]) -> bool {
    match store.record(batch).await {
        Ok(()) => true,
        Err(first) => {
            tracing::warn!(error = %first, "writing audit entries failed; retrying");
            match store.record(batch).await {
                Ok(()) => true,
                Err(second) => {
                    tracing::error!(error = %second, entries = batch.len(), "audit entries not written; their reads were refused");
                    false
                }
            }
        }
    }
}
