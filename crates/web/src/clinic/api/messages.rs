//! Messages and the clinic's settings.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use tendo_app::clinic::messages::{self, Thread};
use tendo_app::clinic::settings::{self, SettingsInput};
use tendo_app::model::accounts::ClinicSettings;
use tendo_app::model::clinic::{Message, ThreadSummary};
use tendo_app::model::ids::UserId;
use uuid::Uuid;

use super::bodies::{MessageBody, SettingsBody};
use super::thread_body;
use crate::api::json::{ApiJson, ApiPath};
use crate::auth::{Admins, ApiUser, RequireRole};
use crate::error::{ApiError, ErrorBody};
use crate::patient::api::RawJson;
use crate::state::AppState;

/// The caller's messages at a glance.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Inbox {
    /// Messages the caller has not read.
    pub unread: u32,
    /// The threads of their patients (clinicians and administrators; empty for a patient, whose
    /// one thread is under `/api/v1/patients/{their id}/messages`).
    pub threads: Vec<ThreadSummary>,
}

/// `GET /api/v1/messages`: unread messages and, for staff, the threads.
#[utoipa::path(get, path = "/api/v1/messages", tag = "clinic", operation_id = "clinic_inbox",
    responses(
        (status = 200, description = "The unread count and the threads", body = Inbox),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
pub async fn inbox(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
) -> Result<Json<Inbox>, ApiError> {
    let unread = messages::unread(&state.app, &caller).await?;
    let threads = if caller.role() == tendo_app::model::accounts::Role::Patient {
        Vec::new()
    } else {
        messages::threads(&state.app, &caller).await?
    };
    Ok(Json(Inbox { unread, threads }))
}

/// `GET /api/v1/patients/{patient}/messages`: the patient's thread with their care team; reading
/// it marks it read for the caller.
#[utoipa::path(get, path = "/api/v1/patients/{patient}/messages", tag = "clinic",
    operation_id = "clinic_thread",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    responses(
        (status = 200, description = "The latest messages, oldest first", body = Thread),
        (status = 403, description = "The caller may not do this", body = ErrorBody),
        (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody)))]
pub async fn thread(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
) -> Result<Json<Thread>, ApiError> {
    Ok(Json(
        messages::thread(&state.app, &caller, UserId::from_uuid(patient)).await?,
    ))
}

/// `POST /api/v1/patients/{patient}/messages`: writes in the patient's thread.
#[utoipa::path(post, path = "/api/v1/patients/{patient}/messages", tag = "clinic",
    operation_id = "clinic_post_message",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    request_body = MessageBody,
    responses(
        (status = 201, description = "The message", body = Message),
        (status = 403, description = "The caller may not do this", body = ErrorBody),
        (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody),
        (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn post(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
    raw: RawJson,
) -> Result<(StatusCode, Json<Message>), ApiError> {
    let patient = UserId::from_uuid(patient);
    let body: MessageBody = thread_body(&state.app, &caller, patient, &raw).await?;
    let message = messages::post(&state.app, &caller, patient, &body.body).await?;
    Ok((StatusCode::CREATED, Json(message)))
}

/// `GET /api/v1/clinic/settings`: the caller's clinic's settings (administrators).
#[utoipa::path(get, path = "/api/v1/clinic/settings", tag = "clinic",
    operation_id = "clinic_settings",
    responses(
        (status = 200, description = "The settings", body = ClinicSettings),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "For clinic administrators", body = ErrorBody)))]
pub async fn show_settings(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
) -> Result<Json<ClinicSettings>, ApiError> {
    Ok(Json(settings::view(&state.app, &caller).await?.settings))
}

/// `PUT /api/v1/clinic/settings`: changes them.
#[utoipa::path(put, path = "/api/v1/clinic/settings", tag = "clinic",
    operation_id = "clinic_save_settings",
    request_body = SettingsBody,
    responses(
        (status = 200, description = "The settings saved", body = ClinicSettings),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "For clinic administrators", body = ErrorBody),
        (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn save_settings(
    State(state): State<AppState>,
    _admins: RequireRole<Admins>,
    ApiUser(caller): ApiUser,
    ApiJson(body): ApiJson<SettingsBody>,
) -> Result<Json<ClinicSettings>, ApiError> {
    let input: SettingsInput = body.into();
    Ok(Json(
        settings::update(&state.app, &caller, &input)
            .await?
            .settings,
    ))
}
