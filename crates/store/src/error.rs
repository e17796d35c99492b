//! The errors a store returns.

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The record does not exist (or is not visible to the caller).
    #[error("not found")]
    NotFound,
    /// The change conflicts with what is stored, e.g. an email already in use or a slot taken.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The patient already has an appointment overlapping the one to book.
    #[error("the patient already has an appointment at that time")]
    PatientBusy,
    /// A one-time token was already used or has expired.
    #[error("the link has expired or was already used")]
    Expired,
    /// Anything else: the database is unreachable, a query failed.
    #[error("storage failure: {0}")]
    Other(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Results of store operations.
pub type StoreResult<T> = Result<T, StoreError>;

impl StoreError {
    /// Wraps any error as [`StoreError::Other`].
    pub fn other(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        StoreError::Other(Box::new(error))
    }
}
