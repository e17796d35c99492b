//! Tendo's application services: what the web app, the JSON API and the command line do, in
//! one place, so that each surface stays a thin translation.
//!
//! A service takes the [`access::Caller`], checks what they may do, asks the pure engine in
//! `tendo-core` for decisions, and persists through `tendo-store`, recording every access in
//! the audit log.

pub mod access;
pub mod accounts;
pub mod audit;
pub mod audit_log;
pub mod booking;
pub mod clinic;
pub mod clock;
pub mod demo;
pub mod error;
pub mod fhir;
pub mod mailer;
pub mod model;
pub mod operations;
pub mod password;
pub mod patient;
pub mod privacy;
pub mod secrets;
pub mod simulate;

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use tendo_store::Store;

use crate::audit::AuditSink;
use crate::clock::{Clock, SystemClock};

/// Limits and lifetimes of the account features.
#[derive(Clone, Debug)]
pub struct Settings {
    /// How long a browser session lasts.
    pub session_lifetime: SignedDuration,
    /// How long an invitation link works.
    pub invitation_lifetime: SignedDuration,
    /// How long a password-reset link works.
    pub reset_lifetime: SignedDuration,
    /// The window over which failed sign-ins are counted.
    pub failure_window: SignedDuration,
    /// Failed sign-ins for one account within the window before it is locked.
    pub max_failures_per_account: u32,
    /// Failed sign-ins from one address within the window before it must wait.
    pub max_failures_per_address: u32,
    /// The address people reach Tendo at, for links in messages, e.g. `https://tendo.example`.
    pub base_url: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            session_lifetime: SignedDuration::from_hours(24 * 14),
            invitation_lifetime: SignedDuration::from_hours(24 * 7),
            reset_lifetime: SignedDuration::from_hours(1),
            failure_window: SignedDuration::from_mins(15),
            max_failures_per_account: 5,
            max_failures_per_address: 30,
            base_url: "http://127.0.0.1:8080".into(),
        }
    }
}

/// The application: the store, the audit writer, the clock and the settings. Cheap to clone.
///
/// The store and the audit writer are the services' own: every surface (the web app, the API,
/// the command line) reaches the data through a service, which checks the caller's rights and
/// writes the audit entry.
#[derive(Clone)]
pub struct App {
    /// Where everything is kept.
    pub(crate) store: Arc<dyn Store>,
    /// The writer of read-audit entries.
    pub(crate) audit: AuditSink,
    /// The current time.
    pub clock: Arc<dyn Clock>,
    /// Limits and lifetimes.
    pub settings: Arc<Settings>,
    /// The video rooms, shared with every server on the same database.
    video_rooms: booking::video_rooms::VideoRooms,
    /// The caseloads this server keeps until something they show changes.
    pub(crate) caseloads: Arc<clinic::caseload_cache::CaseloadCache>,
    /// The booked times this server keeps for the slot search, while each clinic's
    /// appointments do not change.
    pub(crate) booked_times: Arc<booking::booked_times::BookedTimesCache>,
}

impl App {
    /// An application on `store` with the system clock. Starts the audit writer, so it must run
    /// inside a Tokio runtime.
    pub fn new(store: Arc<dyn Store>, settings: Settings) -> Self {
        Self::with_clock(store, settings, Arc::new(SystemClock))
    }

    /// An application with its own clock (tests move it forward).
    pub fn with_clock(store: Arc<dyn Store>, settings: Settings, clock: Arc<dyn Clock>) -> Self {
        App {
            audit: AuditSink::start(store.clone()),
            video_rooms: booking::video_rooms::VideoRooms::new(store.signal_bus()),
            store,
            clock,
            settings: Arc::new(settings),
            caseloads: Arc::default(),
            booked_times: Arc::default(),
        }
    }

    /// The video rooms of this server, joined with the other servers' on the same database.
    pub fn video_rooms(&self) -> &booking::video_rooms::VideoRooms {
        &self.video_rooms
    }

    /// Now, by the application's clock.
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }
}
