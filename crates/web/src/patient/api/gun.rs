//! The massage gun.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use tendo_app::model::ids::UserId;
use tendo_app::model::outcomes::MassageGunSession;
use tendo_app::patient::massage_gun::{self, MassageGunView};
use uuid::Uuid;

use super::bodies::{GunSessionBody, ScreeningBody};
use super::{RawJson, body_for};
use crate::api::json::ApiPath;
use crate::auth::ApiUser;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// `GET /api/v1/patients/{patient}/massage-gun`: the advice now (verdict, next allowed start,
/// dose, every site with its limit and rules), the latest sessions and massage guidance.
#[utoipa::path(operation_id = "massage_gun_advice", get, path = "/api/v1/patients/{patient}/massage-gun", tag = "patient",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    responses((status = 200, description = "The massage-gun advice", body = MassageGunView),
        (status = 403, description = "The caller may not do this", body = ErrorBody), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
) -> Result<Json<MassageGunView>, ApiError> {
    Ok(Json(
        massage_gun::view(&state.app, &caller, UserId::from_uuid(patient)).await?,
    ))
}

/// `PUT /api/v1/patients/{patient}/massage-gun/screening`: answers the screening again.
#[utoipa::path(put, path = "/api/v1/patients/{patient}/massage-gun/screening", tag = "patient",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    request_body = ScreeningBody,
    responses((status = 204, description = "Saved"), (status = 403, description = "The caller may not do this", body = ErrorBody),
        (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody), (status = 409, description = "It conflicts with what exists or with a rule; the message says which", body = ErrorBody),
        (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn screening(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
    raw: RawJson,
) -> Result<StatusCode, ApiError> {
    let patient = UserId::from_uuid(patient);
    let body: ScreeningBody =
        body_for(&state.app, &caller, patient, &raw, "massage-gun.read").await?;
    massage_gun::update_screening(&state.app, &caller, patient, &body.into()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/patients/{patient}/massage-gun/sessions`: logs a session that has just ended.
/// Refused, naming the rule, within 48 hours of the last session (409, A16), on a site not
/// allowed or above a site's cap or the 5-minute calf total (422).
#[utoipa::path(operation_id = "log_massage_gun_session", post, path = "/api/v1/patients/{patient}/massage-gun/sessions", tag = "patient",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    request_body = GunSessionBody,
    responses((status = 201, description = "The stored session", body = MassageGunSession),
        (status = 403, description = "The caller may not do this", body = ErrorBody), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody),
        (status = 409, description = "It conflicts with what exists or with a rule; the message says which", body = ErrorBody), (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn log_session(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
    raw: RawJson,
) -> Result<(StatusCode, Json<MassageGunSession>), ApiError> {
    let patient = UserId::from_uuid(patient);
    let body: GunSessionBody =
        body_for(&state.app, &caller, patient, &raw, "massage-gun.read").await?;
    let session = massage_gun::log_session(&state.app, &caller, patient, &body.into()).await?;
    Ok((StatusCode::CREATED, Json(session)))
}
