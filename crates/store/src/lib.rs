//! Tendo's storage interface.
//!
//! [`Store`] is what the application asks of a database. It is split into one trait per area
//! ([`accounts::AccountStore`], [`patients::PatientStore`], [`audit::AuditStore`] …) so each stays
//! readable. Every method that changes a patient's data takes the [`audit::AuditEntry`] that
//! records it, and writes both in one transaction. Implementations live in `tendo-store-sql`.

pub mod accounts;
pub mod audit;
pub mod booking;
pub mod bulk;
pub mod care;
pub mod clinic;
pub mod closures;
pub mod drafts;
pub mod error;
pub mod ids;
pub mod import;
pub mod mail;
pub mod operations;
pub mod outcomes;
pub mod patients;
pub mod record;
pub mod reminders;
pub mod signal;
pub mod training;
pub mod waiting;

pub use error::{StoreError, StoreResult};

/// Everything Tendo stores. Implemented by `tendo-store-sql` for SQLite and PostgreSQL.
pub trait Store:
    accounts::AccountStore
    + accounts::PendingSignUpStore
    + audit::AuditStore
    + booking::BookingStore
    + mail::MailStore
    + patients::PatientStore
    + care::CareStore
    + closures::ClosureStore
    + training::TrainingStore
    + drafts::SessionDraftStore
    + outcomes::OutcomeStore
    + bulk::BulkStore
    + import::ImportStore
    + clinic::ClinicStore
    + waiting::WaitingListStore
    + operations::OperationsStore
    + reminders::ReminderStore
{
    /// The backend's name, `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;

    /// The signalling bus every app server on this database hears (video rooms).
    fn signal_bus(&self) -> std::sync::Arc<dyn signal::SignalBus>;

    /// Calls `observer` after every commit of changes with how long the commit took and how
    /// many changes it made durable (more than one when SQLite commits a group at once);
    /// `false` if an observer was already set.
    fn observe_commits(&self, observer: CommitObserver) -> bool;
}

/// Told of each commit of changes: how long it took and how many changes it held.
pub type CommitObserver = Box<dyn Fn(std::time::Duration, usize) + Send + Sync>;
