//! A patient's rights to their data: download everything, and ask for deletion.

use tendo_store::accounts::Role;
use tendo_store::ids::UserId;
use tendo_store::patients::PatientExport;

use crate::App;
use crate::access::{Caller, Relation, patient_access};
use crate::error::{AppError, AppResult};
use crate::password;

/// How many full exports are read at once. An export holds a patient's whole record in
/// memory (megabytes for a long history); the rest wait their turn without holding any, so a
/// burst of exports cannot take the server's memory.
pub const EXPORTS_AT_ONCE: usize = 2;

/// The turns to read an export.
static EXPORT_TURNS: std::sync::LazyLock<tokio::sync::Semaphore> =
    std::sync::LazyLock::new(|| tokio::sync::Semaphore::new(EXPORTS_AT_ONCE));

/// Everything Tendo holds about a patient, for the patient or their clinic's administrator.
pub async fn export(app: &App, caller: &Caller, patient: UserId) -> AppResult<PatientExport> {
    let (_, relation) = patient_access(&*app.store, caller, patient).await?;
    if relation == Relation::CareTeam {
        return Err(AppError::Forbidden(
            "the full export is for the patient and the clinic's administrators".into(),
        ));
    }
    let now = app.now();
    app.audit
        .record(
            caller
                .audit("patient.export", format!("patient/{patient}"), now)
                .about(patient),
        )
        .await?;
    let _turn = EXPORT_TURNS
        .acquire()
        .await
        .map_err(|error| AppError::internal(format!("export turns are closed: {error}")))?;
    Ok(app
        .store
        .export_patient(caller.user.clinic_id, patient)
        .await?)
}

/// Deletes the caller's own patient record after they confirm with their password. Their
/// records are removed, their account anonymised, and the deletion recorded in the audit log.
pub async fn delete_own_record(app: &App, caller: &Caller, password_text: &str) -> AppResult<()> {
    caller.require_write()?;
    caller.require_role(&[Role::Patient])?;
    let stored = app
        .store
        .credentials(&caller.user.email)
        .await?
        .password_hash;
    if !password::verify(password_text.to_string(), stored).await {
        return Err(AppError::invalid(
            "password",
            "the password is not right; deletion needs your current password",
        ));
    }
    let audit = caller
        .audit(
            "patient.delete",
            format!("patient/{}", caller.user.id),
            app.now(),
        )
        .about(caller.user.id)
        .detail("deleted at the patient's request");
    Ok(app
        .store
        .delete_patient(caller.user.clinic_id, caller.user.id, &audit)
        .await?)
}
