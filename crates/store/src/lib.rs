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
pub mod error;
pub mod ids;
pub mod import;
pub mod mail;
pub mod operations;
pub mod outcomes;
pub mod patients;
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
    + outcomes::OutcomeStore
    + bulk::BulkStore
    + import::ImportStore
    + clinic::ClinicStore
    + waiting::WaitingListStore
    + operations::OperationsStore
{
    /// The backend's name, `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;

    /// The signalling bus every app server on this database hears (video rooms).
    fn signal_bus(&self) -> std::sync::Arc<dyn signal::SignalBus>;
}
