//! A clinic written into the cluster's database before the servers start: a physiotherapist
//! who works all day, patients (one of them only for the sign-in limits), and a video
//! appointment whose room is open now.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use tendo_app::secrets::{random_token, token_hash};
use tendo_store::accounts::{AccountStore, Clinic, NewSession, Role, User};
use tendo_store::audit::AuditEntry;
use tendo_store::ids::AppointmentTypeId;
use tendo_store_sql::PostgresStore;

pub use crate::video_clinic::PASSWORD;
use crate::video_clinic::{VideoClinic, person, video_clinic};

/// A patient whose account the sign-in limits test locks (no other step signs in as them).
pub const LOCKED_OUT: &str = "locked-out@cluster.test";

/// A session made in the database: the cookie value and its CSRF token.
#[derive(Clone, Debug)]
pub struct Tokens {
    /// The `tendo_session` cookie value.
    pub session: String,
    /// The session's CSRF token.
    pub csrf: String,
}

/// What the cluster's tests use.
#[derive(Clone)]
pub struct World {
    /// The clinic.
    pub clinic: Clinic,
    /// The physiotherapist.
    pub physio: User,
    /// Sessions of several patients, for bookings that compete.
    pub bookers: Vec<Tokens>,
    /// The physiotherapist's session.
    pub physio_session: Tokens,
    /// The session of the patient who also signs in with a password.
    pub patient_session: Tokens,
    /// The video type's id.
    pub video_type: AppointmentTypeId,
    /// `/appointments/{id}/video` of the appointment open now (its room's page).
    pub room_path: String,
    /// `/appointments/{id}/video/signal` of the appointment open now.
    pub signal_path: String,
}

async fn session(store: &PostgresStore, user: &User) -> Tokens {
    let tokens = Tokens {
        session: random_token(),
        csrf: random_token(),
    };
    let now = Timestamp::now();
    store
        .create_session(
            &NewSession {
                token_hash: token_hash(&tokens.session),
                user_id: user.id,
                csrf_token: tokens.csrf.clone(),
                created_at: now,
                expires_at: now + SignedDuration::from_hours(24),
                ip: None,
                user_agent: None,
            },
            &AuditEntry::new("session.start", "test"),
        )
        .await
        .unwrap();
    tokens
}

/// Writes the clinic into the database at `url` (migrating it first).
pub async fn build(url: &str, bookers: usize) -> World {
    let store = Arc::new(PostgresStore::connect(url).await.unwrap());
    // Its room stays open for ten more minutes at least: the tests that use it take a while.
    let VideoClinic {
        app,
        clinic,
        physio,
        patient,
        video_type,
        appointment,
    } = video_clinic(
        store.clone(),
        "cluster",
        "Cluster Clinic",
        SignedDuration::from_mins(10),
    )
    .await;
    person(&app, &clinic, LOCKED_OUT, Role::Patient).await;
    let mut booker_sessions = Vec::new();
    for number in 0..bookers {
        let user = person(
            &app,
            &clinic,
            &format!("booker{number}@cluster.test"),
            Role::Patient,
        )
        .await;
        booker_sessions.push(session(&store, &user).await);
    }
    let world = World {
        physio_session: session(&store, &physio).await,
        patient_session: session(&store, &patient).await,
        clinic,
        physio,
        bookers: booker_sessions,
        video_type,
        room_path: format!("/appointments/{appointment}/video"),
        signal_path: format!("/appointments/{appointment}/video/signal"),
    };
    store.close().await;
    world
}
