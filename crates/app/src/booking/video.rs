//! Who may join a video consultation, and when: only the appointment's patient and clinician,
//! from shortly before it starts until it ends.

use jiff::{SignedDuration, Timestamp};
use tendo_store::booking::AppointmentStatus;
use tendo_store::ids::AppointmentId;

use super::VIDEO_OPENS_MINUTES;
use super::access::{AppointmentView, appointment_for};
use crate::App;
use crate::access::Caller;
use crate::error::{AppError, AppResult};

/// A video room and whether it is open now.
#[derive(Clone, Debug)]
pub struct Room {
    /// The appointment.
    pub view: AppointmentView,
    /// When it opens.
    pub opens_at: Timestamp,
    /// When it closes (the appointment's end).
    pub closes_at: Timestamp,
    /// Whether the caller may join right now.
    pub open: bool,
    /// The clinic's external meeting link, when it uses one instead.
    pub external_link: Option<String>,
}

/// The caller's video room for an appointment.
pub async fn room(app: &App, caller: &Caller, id: AppointmentId) -> AppResult<Room> {
    let view = appointment_for(app, caller, id).await?;
    if caller.id() != view.patient.id && caller.id() != view.clinician.id {
        return Err(AppError::Forbidden(
            "only the patient and the clinician of this appointment may join its video room".into(),
        ));
    }
    if !view.kind.kind.is_video() {
        return Err(AppError::invalid(
            "appointment",
            "this appointment is not a video consultation",
        ));
    }
    let clinic = app.store.clinic(caller.user.clinic_id).await?;
    let opens_at = view.appointment.start - SignedDuration::from_mins(VIDEO_OPENS_MINUTES);
    let closes_at = view.appointment.end;
    let now = app.now();
    let open =
        view.appointment.status == AppointmentStatus::Booked && now >= opens_at && now < closes_at;
    let external_link = clinic
        .settings
        .meeting_link_template
        .as_ref()
        .map(|template| template.replace("{appointment}", &id.to_string()));
    Ok(Room {
        view,
        opens_at,
        closes_at,
        open,
        external_link,
    })
}
