//! A whole patient brought in from another clinic or server (a FHIR Bundle that Tendo
//! exported), written in one transaction so that nothing is ever half-imported.

use async_trait::async_trait;

use crate::accounts::NewUser;
use crate::audit::AuditEntry;
use crate::bulk::BulkBatch;
use crate::error::StoreResult;

/// A new patient with their history, every row already given its new id in the importing
/// clinic.
#[derive(Clone, Debug)]
pub struct ImportedPatient {
    /// The new patient's account (role patient, no password, nobody caring for them yet).
    pub patient: NewUser,
    /// Their history: intake, plan versions, sessions, check-ins, questionnaires, massage-gun
    /// screenings and sessions, running weeks. `users`, `appointments` and `audit` stay empty:
    /// appointments belong to the other clinic's diary, and the import's audit entry is passed
    /// apart.
    pub history: BulkBatch,
}

/// Importing a patient.
#[async_trait]
pub trait ImportStore: Send + Sync {
    /// Writes the patient and their history with `audit`, all or nothing. `Conflict` when the
    /// email address is already in use; `NotFound` when the patient's clinic does not exist.
    /// Every row of the history must belong to the new patient and their clinic (`Conflict`
    /// otherwise, and nothing is written).
    async fn import_patient(&self, import: &ImportedPatient, audit: &AuditEntry)
    -> StoreResult<()>;
}
