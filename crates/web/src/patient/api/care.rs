//! The plan, today, sessions and check-ins.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use jiff::civil::Date;
use serde::Deserialize;
use tendo_app::model::ids::UserId;
use tendo_app::patient::plan::{self, CareStatus};
use tendo_app::patient::symptoms::{self, SymptomOutcome};
use tendo_app::patient::today::{self, CheckinOutcome, History, TodayView};
use utoipa::IntoParams;
use uuid::Uuid;

use super::bodies::{CheckinBody, RedFlagsBody, SessionBody};
use super::{RawJson, body_for};
use crate::api::json::{ApiPath, ApiQuery};
use crate::auth::ApiUser;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// `GET /api/v1/patients/{patient}/plan`: where the patient stands (`intake`, `stopped` with
/// whom to see, or `active` with this week's programme, every plan version and its reasons).
#[utoipa::path(get, path = "/api/v1/patients/{patient}/plan", tag = "patient",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    responses((status = 200, description = "The care status and plan", body = CareStatus),
        (status = 403, description = "The caller may not do this", body = ErrorBody), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody)))]
pub async fn plan(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
) -> Result<Json<CareStatus>, ApiError> {
    Ok(Json(
        plan::view(&state.app, &caller, UserId::from_uuid(patient)).await?,
    ))
}

/// `GET /api/v1/patients/{patient}/today`: the check-in waiting, the latest decision, this
/// week, and today's session.
#[utoipa::path(get, path = "/api/v1/patients/{patient}/today", tag = "patient",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    responses((status = 200, description = "Today", body = TodayView),
        (status = 403, description = "The caller may not do this", body = ErrorBody), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody)))]
pub async fn today(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
) -> Result<Json<TodayView>, ApiError> {
    Ok(Json(
        today::view(&state.app, &caller, UserId::from_uuid(patient)).await?,
    ))
}

/// The range of sessions to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Range {
    /// The first day, `YYYY-MM-DD` (default: 27 days before `to`).
    pub from: Option<Date>,
    /// The last day (default: today in the patient's zone).
    pub to: Option<Date>,
}

/// `GET /api/v1/patients/{patient}/sessions`: sessions with their sets and the check-ins.
#[utoipa::path(get, path = "/api/v1/patients/{patient}/sessions", tag = "patient",
    params(("patient" = Uuid, Path, description = "The patient's id"), Range),
    responses((status = 200, description = "Sessions and check-ins", body = History),
        (status = 403, description = "The caller may not do this", body = ErrorBody), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody),
        (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn sessions(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
    ApiQuery(range): ApiQuery<Range>,
) -> Result<Json<History>, ApiError> {
    Ok(Json(
        today::history(
            &state.app,
            &caller,
            UserId::from_uuid(patient),
            range.from,
            range.to,
        )
        .await?,
    ))
}

/// `POST /api/v1/patients/{patient}/sessions`: logs a session done today (the patient only).
#[utoipa::path(post, path = "/api/v1/patients/{patient}/sessions", tag = "patient",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    request_body = SessionBody,
    responses((status = 201, description = "The stored session and, when its pain went over a limit, `advice` for tonight and tomorrow (otherwise null)", body = today::SessionLogged),
        (status = 403, description = "The caller may not do this", body = ErrorBody), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody),
        (status = 409, description = "It conflicts with what exists or with a rule; the message says which", body = ErrorBody), (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn log_session(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
    raw: RawJson,
) -> Result<(StatusCode, Json<today::SessionLogged>), ApiError> {
    let patient = UserId::from_uuid(patient);
    let body: SessionBody = body_for(&state.app, &caller, patient, &raw, "today.read").await?;
    let session = today::log_session(&state.app, &caller, patient, &body.into()).await?;
    Ok((StatusCode::CREATED, Json(session)))
}

/// `POST /api/v1/patients/{patient}/checkins`: answers the next-morning check-in; the answer
/// holds the pain-monitoring decision with its reasons and, when it moved the plan, the new
/// plan version.
#[utoipa::path(post, path = "/api/v1/patients/{patient}/checkins", tag = "patient",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    request_body = CheckinBody,
    responses((status = 200, description = "The decision", body = CheckinOutcome),
        (status = 403, description = "The caller may not do this", body = ErrorBody), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody),
        (status = 409, description = "It conflicts with what exists or with a rule; the message says which", body = ErrorBody), (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn checkin(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
    raw: RawJson,
) -> Result<Json<CheckinOutcome>, ApiError> {
    let patient = UserId::from_uuid(patient);
    let body: CheckinBody = body_for(&state.app, &caller, patient, &raw, "today.read").await?;
    Ok(Json(
        today::checkin(&state.app, &caller, patient, &body.into()).await?,
    ))
}

/// `POST /api/v1/patients/{patient}/red-flags`: reports a new or worrying symptom after the
/// intake, answering the red-flag questions again (the patient only). A "yes" stops the
/// programme until a clinician clears it; the answer holds the triage (whom to see, how soon).
#[utoipa::path(post, path = "/api/v1/patients/{patient}/red-flags", tag = "patient",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    request_body = RedFlagsBody,
    responses((status = 200, description = "`outcome`: `stopped` with the triage, or `carry-on` with a message", body = SymptomOutcome),
        (status = 403, description = "The caller may not do this", body = ErrorBody), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody),
        (status = 409, description = "The intake is not finished yet; it asks these questions", body = ErrorBody), (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn report_red_flags(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
    raw: RawJson,
) -> Result<Json<SymptomOutcome>, ApiError> {
    let patient = UserId::from_uuid(patient);
    let body: RedFlagsBody = body_for(&state.app, &caller, patient, &raw, "intake.read").await?;
    Ok(Json(
        symptoms::report(&state.app, &caller, patient, &body.into()).await?,
    ))
}
