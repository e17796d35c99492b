//! The signalling bus on PostgreSQL: `NOTIFY` on one channel, heard by every app server's
//! `LISTEN`ing connection. A notification carries at most 8000 bytes, and a WebRTC offer can be
//! larger: a longer message is written to `signal_messages` and only its id is notified; each
//! listener reads it from there. Rows older than [`KEEP_LARGE_MESSAGES`] are deleted by the next
//! large publish (every listener has read them long before).

use std::time::Duration;

use async_trait::async_trait;
use sqlx::postgres::PgListener;
use tendo_store::StoreResult;
use tendo_store::error::StoreError;
use tendo_store::signal::{SUBSCRIBER_BACKLOG, SignalBus, Subscription};
use tokio::sync::mpsc;

use crate::db::Readers;

/// The channel every server listens on.
pub const CHANNEL: &str = "tendo_signal";
/// The longest message sent inside the notification itself (PostgreSQL's limit is 8000 bytes).
const INLINE_LIMIT: usize = 7000;
/// How long a large message stays in `signal_messages`.
pub const KEEP_LARGE_MESSAGES: Duration = Duration::from_secs(120);
/// Prefix of a notification carrying the message itself.
const INLINE: char = 'i';
/// Prefix of a notification carrying the id of a row in `signal_messages`.
const STORED: char = 'r';

/// The bus on one PostgreSQL database.
pub struct PgSignalBus {
    url: String,
    pool: Readers,
}

impl PgSignalBus {
    /// The bus of the database at `url`; `pool` is the store's own pool, for large messages.
    pub fn new(url: &str, pool: Readers) -> Self {
        PgSignalBus {
            url: url.to_string(),
            pool,
        }
    }
}

fn backend_error(error: impl std::error::Error + Send + Sync + 'static) -> StoreError {
    StoreError::Other(Box::new(error))
}

#[async_trait]
impl SignalBus for PgSignalBus {
    async fn publish(&self, message: &str) -> StoreResult<()> {
        let payload = if message.len() <= INLINE_LIMIT {
            format!("{INLINE}{message}")
        } else {
            let keep = i64::try_from(KEEP_LARGE_MESSAGES.as_secs()).unwrap_or(i64::MAX);
            crate::db::query(
                "DELETE FROM signal_messages WHERE created_at < now() - make_interval(secs => $1)",
            )
            .bind(keep)
            .execute(&self.pool)
            .await
            .map_err(backend_error)?;
            let id: i64 = crate::db::query_scalar(
                "INSERT INTO signal_messages (body, created_at) VALUES ($1, now()) RETURNING id",
            )
            .bind(message)
            .fetch_one(&self.pool)
            .await
            .map_err(backend_error)?;
            format!("{STORED}{id}")
        };
        crate::db::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(payload)
            .execute(&self.pool)
            .await
            .map_err(backend_error)?;
        Ok(())
    }

    async fn subscribe(&self) -> StoreResult<Subscription> {
        let mut listener = PgListener::connect(&self.url)
            .await
            .map_err(backend_error)?;
        listener.listen(CHANNEL).await.map_err(backend_error)?;
        let (sender, receiver) = mpsc::channel(SUBSCRIBER_BACKLOG);
        let pool = self.pool.clone();
        tokio::spawn(async move {
            loop {
                // `recv` reconnects by itself after a dropped connection (messages sent
                // meanwhile are lost: presence heartbeats repair the rooms).
                let received = tokio::select! {
                    // Nobody hears this subscription any more: give the connection back.
                    () = sender.closed() => return,
                    received = listener.recv() => received,
                };
                let notification = match received {
                    Ok(notification) => notification,
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(500)).await;
                        continue;
                    }
                };
                let Some(message) = resolve(&pool, notification.payload()).await else {
                    continue;
                };
                if sender.send(message).await.is_err() {
                    return;
                }
            }
        });
        Ok(Subscription::new(receiver))
    }
}

/// The message a notification stands for.
async fn resolve(pool: &Readers, payload: &str) -> Option<String> {
    if let Some(message) = payload.strip_prefix(INLINE) {
        return Some(message.to_string());
    }
    let id: i64 = payload.strip_prefix(STORED)?.parse().ok()?;
    crate::db::query_scalar("SELECT body FROM signal_messages WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
        .ok()
        .flatten()
}
