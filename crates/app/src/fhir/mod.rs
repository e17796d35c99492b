//! A patient's record in and out as FHIR R4.
//!
//! [`export`] writes the whole record as a `Bundle` (pure mapping in `export`, `observations`,
//! `questionnaires` and `resources`, from the record `record::read` gathers); [`patient`]
//! answers the read API's `Patient`; [`import`] reads a Bundle Tendo exported (pure, in
//! `import` and `import_records`, every bad element refused with its path, see `reader`) and
//! writes it as a new patient of the administrator's clinic in one transaction.
//! [`capability_statement`] says what the `/fhir/r4` API serves. Codes: `codes`.

pub mod codes;
pub mod export;
pub mod import;
mod import_answers;
mod import_observations;
mod import_records;
mod import_safety;
pub mod observations;
pub mod questionnaires;
pub mod reader;
pub mod record;
pub mod resources;

use serde_json::{Value, json};
use tendo_store::StoreError;
use tendo_store::accounts::Role;
use tendo_store::ids::UserId;

use crate::App;
use crate::access::Caller;
use crate::error::{AppError, AppResult};
pub use import::ImportReport;
use import::{Destination, read_bundle};
pub use reader::BadElement;

/// The media type of FHIR's JSON.
pub const FHIR_JSON: &str = "application/fhir+json";

/// The patient's whole record as a FHIR R4 Bundle, for the patient, a clinician caring for
/// them, or their clinic's administrator. The read is audited as `fhir.export`.
pub async fn export(app: &App, caller: &Caller, patient: UserId) -> AppResult<Value> {
    let opened = crate::patient::open(app, caller, patient, "fhir.export").await?;
    let record = record::read(app, opened.patient).await?;
    Ok(export::bundle(&record))
}

/// The patient as a FHIR `Patient`, for the same callers. Audited as `fhir.read`.
pub async fn patient(app: &App, caller: &Caller, patient: UserId) -> AppResult<Value> {
    let opened = crate::patient::open(app, caller, patient, "fhir.read").await?;
    Ok(export::patient(&opened.patient))
}

/// Imports a Bundle that Tendo exported as a new patient of the administrator's clinic, with
/// new ids, all or nothing. `email` replaces the Bundle's address (needed when it is already
/// in use here). Audited as `fhir.import` in the same transaction.
pub async fn import(
    app: &App,
    caller: &Caller,
    body: &[u8],
    email: Option<&str>,
) -> AppResult<ImportReport> {
    caller.require_write()?;
    caller.require_role(&[Role::Admin])?;
    let email = email.map(str::trim).filter(|email| !email.is_empty());
    if let Some(email) = email
        && (email.len() > 254 || !email.contains('@') || email.contains(char::is_whitespace))
    {
        return Err(AppError::invalid("email", "expected an email address"));
    }
    let bundle: Value = serde_json::from_slice(body).map_err(|error| {
        AppError::invalid("Bundle", format!("expected a FHIR Bundle in JSON: {error}"))
    })?;
    let now = app.now();
    let destination = Destination {
        clinic: caller.user.clinic_id,
        patient: UserId::new(),
        now,
        email: email.map(str::to_string),
    };
    let (imported, report) = read_bundle(&bundle, &destination)
        .map_err(|bad| AppError::invalid(bad.path, bad.message))?;
    let audit = caller
        .audit(
            "fhir.import",
            format!("patient/{}", destination.patient),
            now,
        )
        .about(destination.patient)
        .detail(format!(
            "imported from a FHIR Bundle: {}",
            report
                .taken
                .iter()
                .map(|line| format!("{} {}", line.count, line.what))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    app.store
        .import_patient(&imported, &audit)
        .await
        .map_err(|error| match error {
            StoreError::Conflict(_) => AppError::Conflict(format!(
                "an account with the address {} exists already; give the new patient another \
                 email address",
                imported.patient.email
            )),
            other => other.into(),
        })?;
    Ok(report)
}

/// What the `/fhir/r4` API serves, as a `CapabilityStatement`.
pub fn capability_statement(base_url: &str, software_version: &str) -> Value {
    json!({
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": "2026-12-01",
        "publisher": "Tendo",
        "kind": "instance",
        "software": {"name": "Tendo", "version": software_version},
        "implementation": {
            "description": "Tendo's FHIR R4 read API: a patient and their whole record",
            "url": format!("{}/fhir/r4", base_url.trim_end_matches('/'))
        },
        "fhirVersion": "4.0.1",
        "format": ["json"],
        "rest": [{
            "mode": "server",
            "documentation": "Sign in, or send a personal access token as Authorization: \
                Bearer. A patient reads their own record; a clinician the records of the \
                patients in their care; a clinic administrator those of the clinic's patients. \
                Every read is in the clinic's audit log.",
            "security": {"description": "Bearer token (personal access token) or session"},
            "resource": [{
                "type": "Patient",
                "interaction": [{"code": "read"}],
                "operation": [{
                    "name": "everything",
                    "definition": "http://hl7.org/fhir/OperationDefinition/Patient-everything"
                }]
            }]
        }]
    })
}
