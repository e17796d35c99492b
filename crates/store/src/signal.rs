//! The signalling bus: short messages that every app server on one database hears, so that the
//! two people of a video call meet even when each is connected to a different server.
//!
//! On SQLite (one server) the bus is [`InProcessBus`], a broadcast inside the process; on
//! PostgreSQL it is `LISTEN`/`NOTIFY` (in `tendo-store-sql`). Delivery is at most once and in
//! order per publisher; a subscriber that lags behind loses the oldest messages, and the room
//! logic above copes with that through presence heartbeats.

use async_trait::async_trait;
use tokio::sync::{broadcast, mpsc};

use crate::error::{StoreError, StoreResult};

/// How many messages a subscriber may fall behind before it loses the oldest.
pub const SUBSCRIBER_BACKLOG: usize = 1024;

/// Messages published by any server, heard by every subscriber (the publisher's own included).
#[async_trait]
pub trait SignalBus: Send + Sync {
    /// Sends one message (UTF-8 text of any length) to every subscriber.
    async fn publish(&self, message: &str) -> StoreResult<()>;

    /// Starts hearing messages: every message published after this returns.
    async fn subscribe(&self) -> StoreResult<Subscription>;
}

/// A subscriber's end of the bus.
#[derive(Debug)]
pub struct Subscription {
    receiver: mpsc::Receiver<String>,
}

impl Subscription {
    /// A subscription fed by `receiver` (for bus implementations).
    pub fn new(receiver: mpsc::Receiver<String>) -> Self {
        Subscription { receiver }
    }

    /// The next message, or `None` once the bus has closed.
    pub async fn next(&mut self) -> Option<String> {
        self.receiver.recv().await
    }
}

/// The bus inside one process: every subscriber of this value hears every message.
#[derive(Debug)]
pub struct InProcessBus {
    sender: broadcast::Sender<String>,
}

impl Default for InProcessBus {
    fn default() -> Self {
        InProcessBus {
            sender: broadcast::channel(SUBSCRIBER_BACKLOG).0,
        }
    }
}

#[async_trait]
impl SignalBus for InProcessBus {
    async fn publish(&self, message: &str) -> StoreResult<()> {
        // No subscriber yet is not an error: nobody is listening.
        let _ = self.sender.send(message.to_string());
        Ok(())
    }

    async fn subscribe(&self) -> StoreResult<Subscription> {
        let mut heard = self.sender.subscribe();
        let (sender, receiver) = mpsc::channel(SUBSCRIBER_BACKLOG);
        let runtime = tokio::runtime::Handle::try_current()
            .map_err(|error| StoreError::Other(Box::new(error)))?;
        runtime.spawn(async move {
            loop {
                let received = tokio::select! {
                    () = sender.closed() => return,
                    received = heard.recv() => received,
                };
                match received {
                    Ok(message) => {
                        if sender.send(message).await.is_err() {
                            return;
                        }
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => {}
                    Err(broadcast::error::RecvError::Closed) => return,
                }
            }
        });
        Ok(Subscription::new(receiver))
    }
}
