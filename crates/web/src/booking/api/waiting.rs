//! The waiting list in the API: a patient's entries, joining and leaving.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tendo_app::booking::waiting::{self, WaitFor, WaitingView};
use tendo_app::model::ids::{AppointmentTypeId, UserId, WaitingEntryId};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::api::json::{ApiJson, ApiPath};
use crate::auth::{ApiUser, Patients, RequireRole};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// A place on the waiting list.
#[derive(Debug, Serialize, ToSchema)]
pub struct WaitingEntryBody {
    /// Id.
    pub id: Uuid,
    /// The appointment type waited for.
    pub type_id: Uuid,
    /// Its name.
    pub type_name: String,
    /// The clinician waited for; absent (null) for anyone free.
    pub clinician_id: Option<Uuid>,
    /// Their name.
    pub clinician_name: Option<String>,
    /// The first date that suits, in the patient's zone.
    #[schema(format = Date)]
    pub from: String,
    /// The last date that suits.
    #[schema(format = Date)]
    pub to: String,
    /// When the patient joined (RFC 3339): offers go in this order.
    #[schema(format = DateTime)]
    pub joined_at: String,
}

fn body(view: &WaitingView) -> WaitingEntryBody {
    WaitingEntryBody {
        id: view.entry.id.uuid(),
        type_id: view.entry.type_id.uuid(),
        type_name: view.type_name.clone(),
        clinician_id: view.entry.clinician_id.map(|id| id.uuid()),
        clinician_name: view.clinician_name.clone(),
        from: view.entry.from.to_string(),
        to: view.entry.to.to_string(),
        joined_at: view.entry.created_at.to_string(),
    }
}

/// What to wait for.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JoinWaitingBody {
    /// The appointment type.
    #[serde(rename = "type")]
    pub kind: Uuid,
    /// A clinician who offers it; anyone free when absent.
    #[serde(default)]
    pub clinician: Option<Uuid>,
    /// The first date that suits (today or later, in the patient's zone).
    #[schema(format = Date, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub from: String,
    /// The last date that suits: on or after `from`, at most 60 days in all.
    #[schema(format = Date, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub to: String,
}

/// `GET /api/v1/waiting-list`: the patient's places on the waiting list, in joining order.
#[utoipa::path(get, path = "/api/v1/waiting-list", tag = "booking",
    responses((status = 200, description = "Success", body = Vec<WaitingEntryBody>), (status = 403, description = "Only patients wait on the list", body = ErrorBody)))]
pub async fn waiting_list(
    _patients: RequireRole<Patients>,
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
) -> Result<Json<Vec<WaitingEntryBody>>, ApiError> {
    let views = waiting::entries(&state.app, &caller).await?;
    Ok(Json(views.iter().map(body).collect()))
}

/// `POST /api/v1/waiting-list`: joins the waiting list (201), or answers the patient's entry for
/// the same type, clinician and dates (200).
#[utoipa::path(post, path = "/api/v1/waiting-list", tag = "booking", request_body = JoinWaitingBody,
    responses((status = 201, description = "Joined", body = WaitingEntryBody), (status = 200, description = "Already on the list for this: the existing entry", body = WaitingEntryBody),
        (status = 403, description = "Only patients wait on the list", body = ErrorBody),
        (status = 404, description = "No such appointment type or clinician in the clinic", body = ErrorBody),
        (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn join_waiting_list(
    _patients: RequireRole<Patients>,
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiJson(request): ApiJson<JoinWaitingBody>,
) -> Result<(StatusCode, Json<WaitingEntryBody>), ApiError> {
    let wish = WaitFor {
        type_id: AppointmentTypeId::from_uuid(request.kind),
        clinician: request.clinician.map(UserId::from_uuid),
        from: request.from,
        to: request.to,
    };
    let (view, new) = waiting::join(&state.app, &caller, &wish).await?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(body(&view))))
}

/// `DELETE /api/v1/waiting-list/{entry}`: leaves the waiting list for one entry.
#[utoipa::path(delete, path = "/api/v1/waiting-list/{entry}", tag = "booking",
    params(("entry" = Uuid, Path, description = "The entry's id")),
    responses((status = 204, description = "Left; nothing to return"), (status = 403, description = "Only patients wait on the list", body = ErrorBody), (status = 404, description = "Not found, or not the caller's", body = ErrorBody)))]
pub async fn leave_waiting_list(
    _patients: RequireRole<Patients>,
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(entry): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    waiting::leave(&state.app, &caller, WaitingEntryId::from_uuid(entry)).await?;
    Ok(StatusCode::NO_CONTENT)
}
