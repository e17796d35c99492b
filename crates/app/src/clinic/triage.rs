//! The triage list: the clinic's patients whom no clinician cares for yet — someone who signed
//! up while booking "anyone", say — until a clinician takes them into their care or an
//! administrator assigns them. Reading the list is audited (it names patients).

use jiff::Timestamp;
use serde::Serialize;
use tendo_store::StoreError;
use tendo_store::accounts::Role;
use tendo_store::clinic::PatientsOf;
use tendo_store::ids::UserId;

use super::caseload::{Upcoming, next_appointments};
use crate::App;
use crate::access::Caller;
use crate::error::{AppError, AppResult};

/// A patient waiting for a clinician.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct TriageEntry {
    /// The patient's id.
    #[cfg_attr(feature = "openapi", schema(value_type = uuid::Uuid))]
    pub patient_id: UserId,
    /// Their name.
    pub name: String,
    /// Their email address.
    pub email: String,
    /// When their account was made (RFC 3339).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub joined_at: Timestamp,
    /// True while their intake is not finished (the caseload's "intake not finished" flag).
    pub intake_open: bool,
    /// Their next booked appointment, if any.
    pub next_appointment: Option<Upcoming>,
}

/// The clinic's patients nobody cares for yet, longest waiting first (clinicians and
/// administrators).
pub async fn list(app: &App, caller: &Caller) -> AppResult<Vec<TriageEntry>> {
    caller.require_role(&[Role::Clinician, Role::Admin])?;
    let clinic = caller.user.clinic_id;
    let now = app.now();
    let waiting = app.store.patients_without_care_team(clinic).await?;
    app.audit
        .record(
            caller
                .audit("triage.read", format!("clinic/{clinic}"), now)
                .detail(format!("{} patients", waiting.len())),
        )
        .await?;
    let mut upcoming = next_appointments(app, clinic, PatientsOf::NoCareTeam, now).await?;
    let mut entries = Vec::new();
    for patient in waiting {
        let intake = app.store.intake(clinic, patient.id).await?;
        entries.push(TriageEntry {
            patient_id: patient.id,
            intake_open: intake.is_none_or(|intake| intake.completed_at.is_none()),
            next_appointment: upcoming.remove(&patient.id),
            name: patient.name,
            email: patient.email,
            joined_at: patient.created_at,
        });
    }
    Ok(entries)
}

/// Takes a patient of the triage list into a clinician's care: a clinician takes them into
/// their own (`clinician` absent or themselves); an administrator names the clinician. A
/// patient someone already cares for is a conflict (409): the care team is changed from the
/// record, not from here.
pub async fn assign(
    app: &App,
    caller: &Caller,
    patient: UserId,
    clinician: Option<UserId>,
) -> AppResult<UserId> {
    caller.require_write()?;
    let clinic = caller.user.clinic_id;
    let clinician = match (caller.role(), clinician) {
        (Role::Clinician, None) => caller.id(),
        (Role::Clinician, Some(id)) if id == caller.id() => id,
        (Role::Clinician, Some(_)) => {
            return Err(AppError::Forbidden(
                "clinicians take patients into their own care; an administrator assigns them to \
                 someone else"
                    .into(),
            ));
        }
        (Role::Admin, Some(id)) => {
            let found = app.store.user(clinic, id).await?;
            if found.role != Role::Clinician {
                return Err(AppError::invalid(
                    "clinician",
                    "choose a clinician of this clinic",
                ));
            }
            id
        }
        // An administrator cares for no patient themselves: they name the clinician.
        (Role::Admin, None) => {
            return Err(AppError::Forbidden(
                "administrators assign a patient to a clinician: name them in `clinician`".into(),
            ));
        }
        (Role::Patient, _) => return Err(AppError::NotFound),
    };
    let summary = app.store.patient(clinic, patient).await?;
    if !summary.care_team.is_empty() {
        return Err(AppError::Conflict(
            "a clinician already cares for this patient; change the care team from the record"
                .into(),
        ));
    }
    let audit = caller
        .audit("care.assign", format!("patient/{patient}"), app.now())
        .about(patient)
        .detail(format!("to clinician/{clinician}"));
    match app
        .store
        .add_to_care_team(clinic, patient, clinician, &audit)
        .await
    {
        Ok(()) => Ok(clinician),
        Err(StoreError::Conflict(_)) => Err(AppError::Conflict(
            "a clinician already cares for this patient".into(),
        )),
        Err(other) => Err(other.into()),
    }
}
