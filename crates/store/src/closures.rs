//! Days a whole clinic is closed: public holidays and closures, for every clinician at once.

use async_trait::async_trait;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use crate::audit::AuditEntry;
use crate::error::StoreResult;
use crate::ids::{ClinicId, RecordId};

/// A day the clinic is closed, in the clinic's time zone.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClinicClosure {
    /// Its id.
    #[cfg_attr(feature = "openapi", schema(value_type = uuid::Uuid))]
    pub id: RecordId,
    /// The clinic.
    #[serde(skip)]
    pub clinic_id: ClinicId,
    /// The day (`2026-12-25`).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    /// Why, such as "Christmas Day".
    pub note: String,
    /// When it was added.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
}

/// The clinic's closed days.
#[async_trait]
pub trait ClosureStore: Send + Sync {
    /// The clinic's closures from `from` to `to` (both included), by date.
    async fn clinic_closures(
        &self,
        clinic: ClinicId,
        from: Date,
        to: Date,
    ) -> StoreResult<Vec<ClinicClosure>>;

    /// Adds a closure; a second one on the same date is a conflict.
    async fn add_clinic_closure(
        &self,
        closure: &ClinicClosure,
        audit: &AuditEntry,
    ) -> StoreResult<()>;

    /// Removes a closure of the clinic (`NotFound` when it has none with this id).
    async fn remove_clinic_closure(
        &self,
        clinic: ClinicId,
        closure: RecordId,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
}
