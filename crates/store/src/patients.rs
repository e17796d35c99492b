//! Patients, their care team, and their data rights (export and deletion).

use async_trait::async_trait;
use serde::Serialize;

use crate::accounts::User;
use crate::audit::AuditEntry;
use crate::error::{StoreError, StoreResult};
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
    /// patient's lock, and taking the lock raises this count; booking or cancelling one of their
    /// appointments raises it too. Views computed from the patient's data at one revision (on
    /// one day, in one zone) are the same, so it tags them for caching.
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

    /// The export of `account` from the text [`PatientStore::export_patient_chunks`] sends.
    pub fn from_text(account: User, text: &[u8]) -> serde_json::Result<PatientExport> {
        let tables: ExportTables = serde_json::from_slice(text)?;
        Ok(PatientExport {
            account,
            records: tables.records,
        })
    }
}

/// How an export's JSON is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportLayout {
    /// No spaces or line breaks beyond one row to a line (for programs).
    Compact,
    /// Indented at the top, one row to a line (a download for people).
    Pretty,
}

/// A patient's export as it is read: JSON text in chunks, in order. The text is whole when the
/// channel ends without an error; an error is the last item.
pub type ExportChunks = tokio::sync::mpsc::Receiver<StoreResult<Vec<u8>>>;

/// The table part of an export's JSON.
#[derive(serde::Deserialize)]
struct ExportTables {
    records: std::collections::BTreeMap<String, Box<serde_json::value::RawValue>>,
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

    /// Everything held about a patient, for them to download, as JSON text sent on as it is
    /// read: `{"account": …, "records": {table: [row, …], …}}`, the tables in name order, every
    /// table read at one moment. A patient not of `clinic` is `NotFound` before any text.
    async fn export_patient_chunks(
        &self,
        clinic: ClinicId,
        patient: UserId,
        layout: ExportLayout,
    ) -> StoreResult<ExportChunks>;

    /// Everything held about a patient, read whole ([`PatientStore::export_patient_chunks`]
    /// gathered up).
    async fn export_patient(
        &self,
        clinic: ClinicId,
        patient: UserId,
    ) -> StoreResult<PatientExport> {
        let account = self.patient(clinic, patient).await?.user;
        let mut chunks = self
            .export_patient_chunks(clinic, patient, ExportLayout::Compact)
            .await?;
        let mut text = Vec::new();
        while let Some(chunk) = chunks.recv().await {
            text.extend_from_slice(&chunk?);
        }
        PatientExport::from_text(account, &text).map_err(StoreError::other)
    }

    /// Deletes a patient's records and anonymises their account, atomically with `audit`.
    /// The audit log keeps its entries (they hold ids, not names).
    async fn delete_patient(
        &self,
        clinic: ClinicId,
        patient: UserId,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
}
