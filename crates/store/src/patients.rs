//! Patients, their care team, and their data rights (export and deletion).

use async_trait::async_trait;
use serde::Serialize;

use crate::accounts::User;
use crate::audit::AuditEntry;
use crate::error::StoreResult;
use crate::ids::{ClinicId, UserId};

/// A patient: their account and who cares for them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PatientSummary {
    /// The patient's account.
    pub user: User,
    /// The clinicians caring for them.
    pub care_team: Vec<UserId>,
    /// How many times the patient's care data has changed: every write of it takes the
    /// patient's lock, and taking the lock raises this count. Views computed from the patient's
    /// data at one revision (on one day, in one zone) are the same, so it tags them for caching.
    pub revision: u64,
}

/// Everything Tendo holds about a patient, table by table, as JSON.
///
/// Each table's rows are kept as the JSON text they are sent as (one row to a line), not as a
/// tree of values: a long history is several times smaller that way while it is sent.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct PatientExport {
    /// The patient's account (without secrets).
    pub account: User,
    /// The rows of every table that holds the patient's data, keyed by table name.
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::HashMap<String, Vec<Object>>))]
    pub records: std::collections::BTreeMap<String, Box<serde_json::value::RawValue>>,
}

impl PatientExport {
    /// The rows of `table`, read back as JSON values (none when the table is not in the
    /// export).
    pub fn rows(&self, table: &str) -> Vec<serde_json::Value> {
        self.records
            .get(table)
            .and_then(|text| serde_json::from_str(text.get()).ok())
            .unwrap_or_default()
    }

    /// The export as JSON, written once into a buffer of about its size: a long history's
    /// export is megabytes, and a buffer that doubles as it fills would allocate it several
    /// times over.
    pub fn to_json(&self, pretty: bool) -> serde_json::Result<Vec<u8>> {
        let tables: usize = self
            .records
            .iter()
            .map(|(table, rows)| table.len() + rows.get().len() + 16)
            .sum();
        let mut buffer = Vec::with_capacity(tables + 4096);
        if pretty {
            serde_json::to_writer_pretty(&mut buffer, self)?;
        } else {
            serde_json::to_writer(&mut buffer, self)?;
        }
        Ok(buffer)
    }
}

/// Patients and their care team.
#[async_trait]
pub trait PatientStore: Send + Sync {
    /// A patient of a clinic.
    async fn patient(&self, clinic: ClinicId, patient: UserId) -> StoreResult<PatientSummary>;

    /// Whether `clinician` is in the patient's care team.
    async fn cares_for(&self, clinician: UserId, patient: UserId) -> StoreResult<bool>;

    /// Adds a clinician of the same clinic to a patient's care team.
    async fn add_to_care_team(
        &self,
        clinic: ClinicId,
        patient: UserId,
        clinician: UserId,
        audit: &AuditEntry,
    ) -> StoreResult<()>;

    /// The clinic's patients whom no clinician cares for yet (the triage list), longest
    /// waiting first.
    async fn patients_without_care_team(&self, clinic: ClinicId) -> StoreResult<Vec<User>>;

    /// Removes a clinician from a patient's care team.
    async fn remove_from_care_team(
        &self,
        clinic: ClinicId,
        patient: UserId,
        clinician: UserId,
        audit: &AuditEntry,
    ) -> StoreResult<()>;

    /// Everything held about a patient, for them to download.
    async fn export_patient(&self, clinic: ClinicId, patient: UserId)
    -> StoreResult<PatientExport>;

    /// Deletes a patient's records and anonymises their account, atomically with `audit`.
    /// The audit log keeps its entries (they hold ids, not names).
    async fn delete_patient(
        &self,
        clinic: ClinicId,
        patient: UserId,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
}
