//! Recording reads in the audit log without a disk write on every page view.
//!
//! Changes write their audit entry in their own transaction (see `tendo-store`). Reads are sent
//! to this sink, which writes them in batches: every 100 ms, or sooner when 256 are waiting.
//! [`AuditSink::flush`] waits until everything sent so far is written.

use std::sync::Arc;
use std::time::Duration;

use tendo_store::Store;
use tendo_store::audit::AuditEntry;
use tokio::sync::{mpsc, oneshot};

/// The most entries written in one batch.
const BATCH: usize = 256;
/// How long an entry may wait before its batch is written.
const INTERVAL: Duration = Duration::from_millis(100);

enum Message {
    Entry(AuditEntry),
    Flush(oneshot::Sender<()>),
}

/// A handle to the background writer of read-audit entries. Cheap to clone.
#[derive(Clone)]
pub struct AuditSink {
    sender: mpsc::UnboundedSender<Message>,
}

impl AuditSink {
    /// Starts the writer on the current Tokio runtime.
    pub fn start(store: Arc<dyn Store>) -> Self {
        let (sender, receiver) = mpsc::unbounded_channel();
        tokio::spawn(write_batches(store, receiver));
        AuditSink { sender }
    }

    /// Queues an entry for writing.
    pub fn record(&self, entry: AuditEntry) {
        if self.sender.send(Message::Entry(entry)).is_err() {
            tracing::error!("the audit writer has stopped; an access went unrecorded");
        }
    }

    /// Waits until every entry queued before this call is written.
    pub async fn flush(&self) {
        let (done, wait) = oneshot::channel();
        if self.sender.send(Message::Flush(done)).is_ok() {
            let _ = wait.await;
        }
    }
}

async fn write_batches(store: Arc<dyn Store>, mut receiver: mpsc::UnboundedReceiver<Message>) {
    let mut pending: Vec<AuditEntry> = Vec::new();
    let mut waiting: Vec<oneshot::Sender<()>> = Vec::new();
    loop {
        let message = if pending.is_empty() && waiting.is_empty() {
            receiver.recv().await
        } else {
            match tokio::time::timeout(INTERVAL, receiver.recv()).await {
                Ok(message) => message,
                Err(_) => {
                    write(&*store, &mut pending, &mut waiting).await;
                    continue;
                }
            }
        };
        match message {
            Some(Message::Entry(entry)) => {
                pending.push(entry);
                if pending.len() >= BATCH {
                    write(&*store, &mut pending, &mut waiting).await;
                }
            }
            Some(Message::Flush(done)) => {
                waiting.push(done);
                write(&*store, &mut pending, &mut waiting).await;
            }
            None => {
                write(&*store, &mut pending, &mut waiting).await;
                return;
            }
        }
    }
}

async fn write(
    store: &dyn Store,
    pending: &mut Vec<AuditEntry>,
    waiting: &mut Vec<oneshot::Sender<()>>,
) {
    if !pending.is_empty() {
        let batch = std::mem::take(pending);
        // A failed batch is retried once, then logged: reads must never fail because the
        // audit log is briefly unavailable, and the failure itself is recorded in the log.
        if let Err(first) = store.record(&batch).await {
            tracing::warn!(error = %first, "writing audit entries failed; retrying");
            if let Err(second) = store.record(&batch).await {
                tracing::error!(error = %second, entries = batch.len(), "audit entries lost");
            }
        }
    }
    for done in waiting.drain(..) {
        let _ = done.send(());
    }
}
