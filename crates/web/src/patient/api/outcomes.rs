//! Questionnaires, progress and the running log.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use tendo_app::model::ids::UserId;
use tendo_app::patient::progress::{self, ProgressView};
use tendo_app::patient::questionnaires::{self, QuestionnairesView, ScoredResponse};
use tendo_app::patient::running::{self, ReviewedWeek, RunningView};
use uuid::Uuid;

use super::bodies::{RunningBody, VisaBody};
use super::{RawJson, body_for};
use crate::api::conditional::{holds, respond};
use crate::api::json::ApiPath;
use crate::auth::ApiUser;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// `GET /api/v1/patients/{patient}/questionnaires`: which questionnaire, its items, when the
/// next is due, and every response with its meaning and change.
#[utoipa::path(get, path = "/api/v1/patients/{patient}/questionnaires", tag = "patient",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    responses((status = 200, description = "The questionnaires", body = QuestionnairesView),
        (status = 403, description = "The caller may not do this", body = ErrorBody), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody)))]
pub async fn questionnaires(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
) -> Result<Json<QuestionnairesView>, ApiError> {
    Ok(Json(
        questionnaires::view(&state.app, &caller, UserId::from_uuid(patient)).await?,
    ))
}

/// `POST /api/v1/patients/{patient}/questionnaires`: VISA-A or VISA-H, by the condition.
#[utoipa::path(post, path = "/api/v1/patients/{patient}/questionnaires", tag = "patient",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    request_body = VisaBody,
    responses((status = 201, description = "The scored response", body = ScoredResponse),
        (status = 403, description = "The caller may not do this", body = ErrorBody), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody),
        (status = 409, description = "It conflicts with what exists or with a rule; the message says which", body = ErrorBody), (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn submit_questionnaire(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
    raw: RawJson,
) -> Result<(StatusCode, Json<ScoredResponse>), ApiError> {
    let patient = UserId::from_uuid(patient);
    let body: VisaBody =
        body_for(&state.app, &caller, patient, &raw, "questionnaires.read").await?;
    let scored = questionnaires::submit(&state.app, &caller, patient, &body.into()).await?;
    Ok((StatusCode::CREATED, Json(scored)))
}

/// `GET /api/v1/patients/{patient}/progress`: the numbers behind the charts and the week in
/// plain words. Sent with an `ETag`; a client that sends it back in `If-None-Match` is answered
/// `304` while nothing the view shows has changed (a new day, a new time zone, or any change to
/// the patient's care data changes it).
#[utoipa::path(get, path = "/api/v1/patients/{patient}/progress", tag = "patient",
    params(("patient" = Uuid, Path, description = "The patient's id"),
        ("If-None-Match" = Option<String>, Header, description = "The `ETag` of the progress the client holds")),
    responses((status = 200, description = "Progress", body = ProgressView,
            headers(("ETag" = String, description = "Names this view; send it back in `If-None-Match`"))),
        (status = 304, description = "Unchanged since the `ETag` sent in `If-None-Match`",
            headers(("ETag" = String, description = "Names the view as it stands"))),
        (status = 403, description = "The caller may not do this", body = ErrorBody), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody)))]
pub async fn progress(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
    request: HeaderMap,
) -> Result<Response, ApiError> {
    let patient = UserId::from_uuid(patient);
    let tagged = progress::view_tagged(&state.app, &caller, patient, holds(&request)).await?;
    Ok(respond(tagged))
}

/// `GET /api/v1/patients/{patient}/running`: the running log, each week reviewed.
#[utoipa::path(get, path = "/api/v1/patients/{patient}/running", tag = "patient",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    responses((status = 200, description = "The running log", body = RunningView),
        (status = 403, description = "The caller may not do this", body = ErrorBody), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody)))]
pub async fn running(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
) -> Result<Json<RunningView>, ApiError> {
    Ok(Json(
        running::view(&state.app, &caller, UserId::from_uuid(patient)).await?,
    ))
}

/// `POST /api/v1/patients/{patient}/running`: logs or replaces a week and returns its review.
#[utoipa::path(post, path = "/api/v1/patients/{patient}/running", tag = "patient",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    request_body = RunningBody,
    responses((status = 200, description = "The reviewed week", body = ReviewedWeek),
        (status = 403, description = "The caller may not do this", body = ErrorBody), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody),
        (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn save_running(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
    raw: RawJson,
) -> Result<Json<ReviewedWeek>, ApiError> {
    let patient = UserId::from_uuid(patient);
    let body: RunningBody = body_for(&state.app, &caller, patient, &raw, "running.read").await?;
    Ok(Json(
        running::save_week(&state.app, &caller, patient, &body.into()).await?,
    ))
}
