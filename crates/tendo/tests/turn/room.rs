//! The TURN test's video room: a clinic with a room open now in a fresh SQLite database, each
//! person's session, and a watch that the two browsers stay apart without a relay (joining and
//! the peer connection's reports are in `shared/video_room.rs`).

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};
use tendo_app::secrets::{random_token, token_hash};
use tendo_store::accounts::{AccountStore, NewSession};
use tendo_store::audit::AuditEntry;
use tendo_store::ids::UserId;
use tendo_store_sql::SqliteStore;

use crate::browser::Browser;
use crate::video_clinic::video_clinic;
use crate::video_room::stats;

/// A video appointment open now, and the sessions of its two people.
pub struct People {
    /// `/appointments/{id}/video`.
    pub room_path: String,
    /// The patient's `tendo_session` cookie value.
    pub patient_session: String,
    /// The physiotherapist's.
    pub physio_session: String,
}

async fn session(store: &SqliteStore, user: UserId) -> String {
    let token = random_token();
    let now = Timestamp::now();
    store
        .create_session(
            &NewSession {
                token_hash: token_hash(&token),
                user_id: user,
                csrf_token: random_token(),
                created_at: now,
                expires_at: now + SignedDuration::from_hours(2),
                ip: None,
                user_agent: None,
            },
            &AuditEntry::new("session.start", "test"),
        )
        .await
        .unwrap();
    token
}

/// Writes a clinic whose video room is open for at least ten more minutes into a fresh
/// database in `dir`, with a session for each of the appointment's two people.
pub async fn video_room_open_now(dir: &Path) -> People {
    let store = Arc::new(SqliteStore::open_dir(dir).await.unwrap());
    let made = video_clinic(
        store.clone(),
        "relay",
        "Relay Clinic",
        SignedDuration::from_mins(10),
    )
    .await;
    let people = People {
        room_path: format!("/appointments/{}/video", made.appointment),
        patient_session: session(&store, made.patient.id).await,
        physio_session: session(&store, made.physio.id).await,
    };
    store.close().await;
    people
}

/// Watches both browsers for `bound` once the offer and answer have crossed (so that only the
/// network can keep them apart): an error as soon as either connects.
pub async fn stays_apart(
    patient: &Browser,
    physio: &Browser,
    bound: Duration,
) -> Result<(), String> {
    let described = Instant::now() + Duration::from_secs(20);
    loop {
        let (one, two) = (stats(patient).await, stats(physio).await);
        if one["described"] == true && two["described"] == true {
            break;
        }
        if Instant::now() >= described {
            return Err(format!(
                "the offer and answer did not cross: patient {one}, physiotherapist {two}"
            ));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let deadline = Instant::now() + bound;
    while Instant::now() < deadline {
        let (one, two) = (stats(patient).await, stats(physio).await);
        if one["state"] == "connected" || two["state"] == "connected" {
            return Err(format!("connected: patient {one}, physiotherapist {two}"));
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    Ok(())
}
