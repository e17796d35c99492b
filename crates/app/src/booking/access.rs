//! Who may see or change an appointment: its patient, its clinician, a clinician caring for the
//! patient, or an administrator of the clinic. Everyone else is told it does not exist (or,
//! for a colleague of the same clinic, that it is not theirs).

use tendo_store::accounts::{Role, User};
use tendo_store::booking::{Appointment, AppointmentType};
use tendo_store::ids::AppointmentId;

use crate::App;
use crate::access::Caller;
use crate::error::{AppError, AppResult};

/// An appointment with what is needed to show it.
#[derive(Clone, Debug)]
pub struct AppointmentView {
    /// The appointment.
    pub appointment: Appointment,
    /// Its type.
    pub kind: AppointmentType,
    /// The patient.
    pub patient: User,
    /// The clinician.
    pub clinician: User,
}

/// Loads an appointment the caller may see, and records the read in the audit log.
pub async fn appointment_for(
    app: &App,
    caller: &Caller,
    id: AppointmentId,
) -> AppResult<AppointmentView> {
    let clinic = caller.user.clinic_id;
    let appointment = app.store.appointment(clinic, id).await?;
    match caller.role() {
        Role::Patient if appointment.patient_id != caller.id() => return Err(AppError::NotFound),
        Role::Clinician
            if appointment.clinician_id != caller.id()
                && !app
                    .store
                    .cares_for(caller.id(), appointment.patient_id)
                    .await? =>
        {
            return Err(AppError::Forbidden(
                "this appointment is with another clinician, for a patient not in your care".into(),
            ));
        }
        _ => {}
    }
    let kind = app
        .store
        .appointment_types(clinic)
        .await?
        .into_iter()
        .find(|kind| kind.id == appointment.type_id)
        .ok_or_else(|| AppError::internal("an appointment's type is missing"))?;
    let patient = app.store.user(clinic, appointment.patient_id).await?;
    let clinician = app.store.user(clinic, appointment.clinician_id).await?;
    app.audit
        .record(
            caller
                .audit("appointment.read", format!("appointment/{id}"), app.now())
                .about(appointment.patient_id),
        )
        .await?;
    Ok(AppointmentView {
        appointment,
        kind,
        patient,
        clinician,
    })
}
