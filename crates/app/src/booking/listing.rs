//! A patient's appointments as their page and the API list them, and the messages sent to them
//! about their bookings. Each read is recorded in the audit log before it is served.

use tendo_store::accounts::User;
use tendo_store::ids::UserId;
use tendo_store::mail::Mail;

use super::{AppointmentView, People};
use crate::App;
use crate::access::{Caller, patient_access};
use crate::error::AppResult;

/// The most messages the appointments page lists.
pub const MAX_NOTICES: u32 = 20;

/// The caller's own appointments, oldest first (a patient's "Appointments" page and
/// `GET /api/v1/appointments`).
pub async fn own_appointments(app: &App, caller: &Caller) -> AppResult<Vec<AppointmentView>> {
    app.audit
        .record(
            caller
                .audit("appointments.read", "appointments", app.now())
                .about(caller.id()),
        )
        .await?;
    views_of(app, &caller.user).await
}

/// The appointments of `patient`, for the patient themselves, their care team and the clinic's
/// administrators ([`crate::access::patient`] decides).
pub async fn patient_appointments(
    app: &App,
    caller: &Caller,
    patient: UserId,
) -> AppResult<Vec<AppointmentView>> {
    let (summary, _) = patient_access(&*app.store, caller, patient).await?;
    app.audit
        .record(
            caller
                .audit("appointments.read", format!("patient/{patient}"), app.now())
                .about(summary.user.id),
        )
        .await?;
    views_of(app, &summary.user).await
}

/// Every appointment of `patient` with its type and people; appointments of a type that no
/// longer exists are left out.
async fn views_of(app: &App, patient: &User) -> AppResult<Vec<AppointmentView>> {
    let clinic = patient.clinic_id;
    let list = app.store.patient_appointments(clinic, patient.id).await?;
    let types = app.store.appointment_types(clinic).await?;
    let mut people = People::new(app, clinic);
    let mut views = Vec::new();
    for appointment in list {
        let Some(kind) = types.iter().find(|k| k.id == appointment.type_id) else {
            continue;
        };
        let clinician = people.get(appointment.clinician_id).await?;
        views.push(AppointmentView {
            kind: kind.clone(),
            patient: patient.clone(),
            clinician,
            appointment,
        });
    }
    Ok(views)
}

/// The messages sent to the caller's address that are due by now, newest first: at most
/// [`MAX_NOTICES`] (confirmations, reminders, cancellations; a reminder queued for later is
/// not shown before it is sent).
pub async fn notices(app: &App, caller: &Caller) -> AppResult<Vec<Mail>> {
    let now = app.now();
    let mut mail = app.store.mail_to(&caller.user.email, MAX_NOTICES).await?;
    mail.retain(|mail| mail.send_after <= now);
    Ok(mail)
}
