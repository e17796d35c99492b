//! The triage list's JSON twin: who waits for a clinician, and taking them into care.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use tendo_app::clinic::triage::{self, TriageEntry};
use tendo_app::model::ids::UserId;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::api::json::ApiJson;
use crate::auth::{ApiUser, RequireRole, Staff};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// `GET /api/v1/triage`: the clinic's patients nobody cares for yet, longest waiting first.
#[utoipa::path(get, path = "/api/v1/triage", tag = "clinic", operation_id = "clinic_triage",
    responses(
        (status = 200, description = "The patients waiting for a clinician", body = Vec<TriageEntry>),
        (status = 403, description = "For clinicians and administrators", body = ErrorBody)))]
pub async fn list(
    _staff: RequireRole<Staff>,
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
) -> Result<Json<Vec<TriageEntry>>, ApiError> {
    Ok(Json(triage::list(&state.app, &caller).await?))
}

/// Whom to take into whose care.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignBody {
    /// The waiting patient.
    pub patient: Uuid,
    /// The clinician: required of an administrator (403 without it, as an administrator cares
    /// for no patient); a clinician may leave it out (or name themselves) to take the patient
    /// into their own care.
    #[serde(default)]
    pub clinician: Option<Uuid>,
}

/// `POST /api/v1/triage`: takes a waiting patient into a clinician's care.
#[utoipa::path(post, path = "/api/v1/triage", tag = "clinic",
    operation_id = "clinic_assign_triage",
    request_body = AssignBody,
    responses(
        (status = 204, description = "Done: the patient is in the clinician's care"),
        (status = 403, description = "A clinician takes patients into their own care only; an administrator names the clinician", body = ErrorBody),
        (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody),
        (status = 409, description = "A clinician already cares for this patient", body = ErrorBody),
        (status = 422, description = "The named clinician is not a clinician of the clinic", body = ErrorBody)))]
pub async fn assign(
    _staff: RequireRole<Staff>,
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiJson(body): ApiJson<AssignBody>,
) -> Result<StatusCode, ApiError> {
    triage::assign(
        &state.app,
        &caller,
        UserId::from_uuid(body.patient),
        body.clinician.map(UserId::from_uuid),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
