//! A patient's rights to their data: download everything, and ask for deletion.

use std::sync::Arc;

use tendo_store::accounts::{Role, User};
use tendo_store::ids::UserId;
use tendo_store::patients::{ExportChunks, ExportLayout, PatientExport};

use crate::App;
use crate::access::{Caller, Relation, patient_access};
use crate::error::{AppError, AppResult};
use crate::password;

/// How many full exports are read at once. Each holds a database connection from its first
/// row to its last while the client takes the text (a few chunks of it in memory, whatever the
/// length of the history); the rest wait their turn holding none, so a burst of exports or a
/// slow client cannot take the connections the pages need.
pub const EXPORTS_AT_ONCE: usize = 2;

/// The turns to read an export.
static EXPORT_TURNS: std::sync::LazyLock<Arc<tokio::sync::Semaphore>> =
    std::sync::LazyLock::new(|| Arc::new(tokio::sync::Semaphore::new(EXPORTS_AT_ONCE)));

/// A patient's export on its way: JSON text in chunks as the store reads it. The export's turn
/// is held until the last chunk is taken or this is dropped.
pub struct ExportDownload {
    account: User,
    chunks: ExportChunks,
    _turn: tokio::sync::OwnedSemaphorePermit,
}

impl ExportDownload {
    /// The next chunk of text; `None` once the export is whole. After an error the text is
    /// incomplete and no more follows.
    pub async fn next_chunk(&mut self) -> Option<AppResult<Vec<u8>>> {
        self.chunks
            .recv()
            .await
            .map(|chunk| chunk.map_err(AppError::from))
    }
}

/// Everything Tendo holds about a patient, for the patient or their clinic's administrator,
/// sent on as it is read (see [`ExportDownload`]).
pub async fn export_download(
    app: &App,
    caller: &Caller,
    patient: UserId,
    layout: ExportLayout,
) -> AppResult<ExportDownload> {
    let (summary, relation) = patient_access(&*app.store, caller, patient).await?;
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
    let turn = EXPORT_TURNS
        .clone()
        .acquire_owned()
        .await
        .map_err(|error| AppError::internal(format!("export turns are closed: {error}")))?;
    let chunks = app
        .store
        .export_patient_chunks(caller.user.clinic_id, patient, layout)
        .await?;
    Ok(ExportDownload {
        account: summary.user,
        chunks,
        _turn: turn,
    })
}

/// Everything Tendo holds about a patient, read whole: [`export_download`] gathered up, with
/// the same checks and audit entry.
pub async fn export(app: &App, caller: &Caller, patient: UserId) -> AppResult<PatientExport> {
    let mut download = export_download(app, caller, patient, ExportLayout::Compact).await?;
    let mut text = Vec::new();
    while let Some(chunk) = download.next_chunk().await {
        text.extend_from_slice(&chunk?);
    }
    PatientExport::from_text(download.account, &text)
        .map_err(|error| AppError::internal(error.to_string()))
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
