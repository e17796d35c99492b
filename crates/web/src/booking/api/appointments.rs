//! The JSON twins of the appointment pages: listing, booking, showing, cancelling and moving.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tendo_app::accounts;
use tendo_app::booking::cancel;
use tendo_app::booking::diary::{self, BookRequest};
use tendo_app::booking::listing;
use tendo_app::booking::series::{self};
use tendo_app::booking::{AppointmentView, appointment_for};
use tendo_app::model::accounts::Role;
use tendo_app::model::ids::{AppointmentId, AppointmentTypeId, UserId};
use tendo_core::scheduling::self_cancel;
use utoipa::ToSchema;
use uuid::Uuid;

use super::IdempotencyKey;
use crate::api::json::{ApiJson, ApiPath};
use crate::auth::{ApiUser, RequireRole, Staff};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// An appointment.
#[derive(Debug, Serialize, ToSchema)]
pub struct AppointmentBody {
    /// Id.
    pub id: Uuid,
    /// Type.
    pub type_id: Uuid,
    /// Type's name.
    pub name: String,
    /// Patient.
    pub patient_id: Uuid,
    /// Clinician.
    pub clinician_id: Uuid,
    /// Clinician's name.
    pub clinician_name: String,
    /// Start (RFC 3339).
    pub start: String,
    /// End.
    pub end: String,
    /// `booked` or `cancelled`.
    pub status: String,
    /// The series, if any.
    pub series_id: Option<Uuid>,
    /// Whether it is a video consultation.
    pub video: bool,
    /// Until when a patient may cancel or move it online.
    pub cancel_online_until: String,
    /// The clinic's cancellation rule, in words.
    pub cancellation_policy: String,
    /// Why it was cancelled, when it was and a reason was given.
    pub cancel_reason: Option<String>,
}

fn body(
    view: &AppointmentView,
    clinic: &tendo_app::model::accounts::Clinic,
    zone: &str,
    now: jiff::Timestamp,
) -> AppointmentBody {
    AppointmentBody {
        id: view.appointment.id.uuid(),
        type_id: view.kind.id.uuid(),
        name: view.kind.name.clone(),
        patient_id: view.patient.id.uuid(),
        clinician_id: view.clinician.id.uuid(),
        clinician_name: view.clinician.name.clone(),
        start: view.appointment.start.to_string(),
        end: view.appointment.end.to_string(),
        status: view.appointment.status.as_str().into(),
        series_id: view.appointment.series_id.map(|s| s.uuid()),
        video: view.kind.kind.is_video(),
        cancel_online_until: self_cancel(
            view.appointment.start,
            view.appointment.start,
            clinic.settings.cancellation_window_hours,
        )
        .deadline
        .to_string(),
        cancellation_policy: tendo_app::booking::messages::policy_text(
            clinic,
            &view.appointment,
            zone,
            now,
        ),
        cancel_reason: view.appointment.cancel_reason.clone(),
    }
}

pub(super) async fn bodies(
    state: &AppState,
    caller: &tendo_app::access::Caller,
    views: &[AppointmentView],
) -> Result<Vec<AppointmentBody>, ApiError> {
    let clinic = accounts::own_clinic(&state.app, caller).await?;
    Ok(views
        .iter()
        .map(|v| body(v, &clinic, &caller.user.time_zone, state.app.now()))
        .collect())
}

/// `GET /api/v1/appointments`: the caller's appointments (a patient's own; a clinician's and an
/// administrator's for the next four weeks).
#[utoipa::path(get, path = "/api/v1/appointments", tag = "booking",
    responses((status = 200, description = "Success", body = Vec<AppointmentBody>), (status = 401, description = "Not signed in", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
) -> Result<Json<Vec<AppointmentBody>>, ApiError> {
    let views = if caller.user.role == Role::Patient {
        listing::own_appointments(&state.app, &caller).await?
    } else {
        let now = state.app.now();
        super::super::clinic::week_views(
            &state,
            &caller,
            now,
            now + jiff::SignedDuration::from_hours(24 * 28),
        )
        .await?
    };
    Ok(Json(bodies(&state, &caller, &views).await?))
}

/// `GET /api/v1/calendar`: the clinic's (or the clinician's) appointments for four weeks.
#[utoipa::path(get, path = "/api/v1/calendar", tag = "booking",
    responses((status = 200, description = "Success", body = Vec<AppointmentBody>), (status = 403, description = "The caller may not do this", body = ErrorBody)))]
pub async fn calendar(
    _role: RequireRole<Staff>,
    state: State<AppState>,
    caller: ApiUser,
) -> Result<Json<Vec<AppointmentBody>>, ApiError> {
    list(state, caller).await
}

/// `GET /api/v1/patients/{patient}/appointments`.
#[utoipa::path(get, path = "/api/v1/patients/{patient}/appointments", tag = "booking",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    responses((status = 200, description = "Success", body = Vec<AppointmentBody>), (status = 403, description = "The caller may not do this", body = ErrorBody), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody)))]
pub async fn patient_appointments(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
) -> Result<Json<Vec<AppointmentBody>>, ApiError> {
    let views =
        listing::patient_appointments(&state.app, &caller, UserId::from_uuid(patient)).await?;
    Ok(Json(bodies(&state, &caller, &views).await?))
}

/// What to book.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BookBody {
    /// Appointment type.
    #[serde(rename = "type")]
    pub kind: Uuid,
    /// Start (RFC 3339), one of the free times.
    #[schema(format = DateTime)]
    pub start: String,
    /// A clinician; the first free suitable one when absent.
    #[serde(default)]
    pub clinician: Option<Uuid>,
    /// The patient: required when a clinician or administrator books (403 without it); a
    /// patient books for themselves and may leave it out.
    #[serde(default)]
    pub patient: Option<Uuid>,
}

/// `POST /api/v1/appointments`: books one appointment in the caller's clinic.
#[utoipa::path(post, path = "/api/v1/appointments", tag = "booking", request_body = BookBody,
    params(("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,200}$", min_length = 1, max_length = 200, description = "A new key for each booking (1 to 200 visible ASCII characters): the same request sent again with the same key returns the first result instead of booking twice")),
    responses((status = 201, description = "Created", body = AppointmentBody), (status = 409, body = ErrorBody, description = "The time is taken"),
        (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn book(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(request): ApiJson<BookBody>,
) -> Result<(StatusCode, Json<AppointmentBody>), ApiError> {
    let patient = super::patient_named(&caller, request.patient)?;
    let clinic = accounts::own_clinic(&state.app, &caller).await?;
    let start = super::super::parse_start("start", &request.start)?;
    let view = diary::book(
        &state.app,
        &caller,
        clinic.clone(),
        &BookRequest {
            type_id: AppointmentTypeId::from_uuid(request.kind),
            start,
            clinician: request.clinician.map(UserId::from_uuid),
            patient,
            key,
        },
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(body(
            &view,
            &clinic,
            &caller.user.time_zone,
            state.app.now(),
        )),
    ))
}

/// `GET /api/v1/appointments/{appointment}`.
#[utoipa::path(operation_id = "show_appointment", get, path = "/api/v1/appointments/{appointment}", tag = "booking",
    params(("appointment" = Uuid, Path, description = "The appointment's id")),
    responses((status = 200, description = "Success", body = AppointmentBody), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<AppointmentBody>, ApiError> {
    let view = appointment_for(&state.app, &caller, AppointmentId::from_uuid(id)).await?;
    let clinic = accounts::own_clinic(&state.app, &caller).await?;
    Ok(Json(body(
        &view,
        &clinic,
        &caller.user.time_zone,
        state.app.now(),
    )))
}

/// How much to cancel, and why.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CancelBody {
    /// Also every later appointment of its series.
    pub following: bool,
    /// Why it is cancelled, kept with the appointment and sent to the patient: at most 300
    /// characters of text. Staff must give one (422 without it); a patient may leave it out.
    #[schema(max_length = 300)]
    pub reason: String,
}

/// `POST /api/v1/appointments/{appointment}/cancel`.
#[utoipa::path(post, path = "/api/v1/appointments/{appointment}/cancel", tag = "booking", request_body = CancelBody,
    params(("appointment" = Uuid, Path, description = "The appointment's id")),
    responses((status = 200, description = "Success", body = Vec<AppointmentBody>), (status = 409, body = ErrorBody, description = "Already cancelled, or the cancellation window has closed"),
        (status = 422, description = "The reason is missing (staff must give one) or longer than 300 characters", body = ErrorBody),
        (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody)))]
pub async fn cancel(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    request: Result<ApiJson<CancelBody>, ApiError>,
) -> Result<Json<Vec<AppointmentBody>>, ApiError> {
    appointment_for(&state.app, &caller, AppointmentId::from_uuid(id)).await?;
    let ApiJson(request) = request?;
    let views = cancel::cancel(
        &state.app,
        &caller,
        AppointmentId::from_uuid(id),
        request.following,
        &request.reason,
    )
    .await?;
    Ok(Json(bodies(&state, &caller, &views).await?))
}

/// Where to move it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveBody {
    /// The new start (RFC 3339).
    #[schema(format = DateTime)]
    pub start: String,
    /// Move every later appointment of its series by the same change.
    #[serde(default)]
    pub following: bool,
}

/// `POST /api/v1/appointments/{appointment}/reschedule`.
#[utoipa::path(post, path = "/api/v1/appointments/{appointment}/reschedule", tag = "booking", request_body = MoveBody,
    params(("appointment" = Uuid, Path, description = "The appointment's id")),
    responses((status = 200, description = "Success", body = Vec<AppointmentBody>), (status = 409, description = "It conflicts with what exists or with a rule; the message says which", body = ErrorBody), (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn reschedule(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    request: Result<ApiJson<MoveBody>, ApiError>,
) -> Result<Json<Vec<AppointmentBody>>, ApiError> {
    let id = AppointmentId::from_uuid(id);
    appointment_for(&state.app, &caller, id).await?;
    let ApiJson(request) = request?;
    let start = super::super::parse_start("start", &request.start)?;
    let views = if request.following {
        series::move_following(&state.app, &caller, id, start).await?
    } else {
        vec![diary::reschedule(&state.app, &caller, id, start, None).await?]
    };
    Ok(Json(bodies(&state, &caller, &views).await?))
}
