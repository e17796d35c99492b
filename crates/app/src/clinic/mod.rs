//! The clinician's workspace: the caseload sorted by who needs attention, the patient record,
//! plan changes within the engine's safety rules, clinical notes, messages, the clinic's
//! settings and the data of a progress report.
//!
//! Reads open the patient's record through [`crate::patient::open`], which checks access and
//! records the read; changes a clinician makes go through [`open_for_care`], which also
//! requires that the caller is in the patient's care team and may write.

pub mod caseload;
pub(crate) mod caseload_cache;
mod caseload_entry;
pub mod messages;
pub mod note_template;
pub mod notes;
pub mod plan;
pub mod record;
pub mod settings;
pub mod triage;

use tendo_store::ids::UserId;

use crate::App;
use crate::access::{Caller, Relation};
use crate::error::{AppError, AppResult};
use crate::patient::{Record, open};

/// Opens a patient's record for a change only their clinician makes (the plan, notes, a
/// red-flag clearance): checks access, records the read as `action`, and refuses anyone who is
/// not a clinician in the patient's care team, or a read-only token.
pub async fn open_for_care(
    app: &App,
    caller: &Caller,
    patient: UserId,
    action: &str,
) -> AppResult<Record> {
    caller.require_write()?;
    let record = open(app, caller, patient, action).await?;
    if record.relation != Relation::CareTeam {
        return Err(AppError::Forbidden(
            "only a clinician in the patient's care team makes this change".into(),
        ));
    }
    Ok(record)
}
