//! Workout mode's JSON twin: today's session draft, saved whole on each ticked set, and its
//! finish (with an `Idempotency-Key`, a repeated finish logs once).

use axum::Json;
use axum::extract::FromRequestParts;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::Deserialize;
use tendo_app::booking::diary::{MAX_KEY_LENGTH, well_formed_key};
use tendo_app::error::AppError;
use tendo_app::model::drafts::SessionDraft;
use tendo_app::model::ids::UserId;
use tendo_app::patient::today::{SessionLogged, SetInput};
use tendo_app::patient::workout::{self, DraftInput, FinishInput};
use utoipa::ToSchema;
use uuid::Uuid;

use super::bodies::SetBody;
use super::{RawJson, body_for};
use crate::api::json::ApiPath;
use crate::auth::ApiUser;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// The optional `Idempotency-Key` of a finish: the same finish sent again with the same key
/// returns the session it logged.
#[derive(Debug, Default)]
pub struct FinishKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for FinishKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get("Idempotency-Key") else {
            return Ok(FinishKey(None));
        };
        match value.to_str().ok().and_then(well_formed_key) {
            Some(key) => Ok(FinishKey(Some(key.to_string()))),
            None => Err(AppError::invalid(
                "Idempotency-Key",
                format!("send 1 to {MAX_KEY_LENGTH} visible ASCII characters, new for each finish"),
            )
            .into()),
        }
    }
}

fn text<T: ToString>(value: Option<T>) -> String {
    value.map(|value| value.to_string()).unwrap_or_default()
}

impl From<SetBody> for SetInput {
    fn from(set: SetBody) -> Self {
        SetInput {
            exercise: set.exercise,
            set_number: set.set_number.to_string(),
            reps: text(set.reps),
            load_kg: text(set.load_kg),
            hold_seconds: text(set.hold_seconds),
        }
    }
}

/// Today's session in progress: every set ticked so far (sent whole, so a resend is harmless).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftBody {
    /// Every set ticked so far.
    pub sets: Vec<SetBody>,
    /// The day the sets were done in the patient's zone, such as `2026-03-02`; when given it
    /// must be today (sets kept offline and sent the next day are refused, not moved).
    #[serde(default)]
    pub date: Option<jiff::civil::Date>,
}

/// The pain answers that finish a workout.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FinishBody {
    /// The worst pain during the session, 0–10.
    pub pain_during: u8,
    /// The pain straight after, 0–10.
    pub pain_after: u8,
    /// A note.
    #[serde(default)]
    pub note: Option<String>,
    /// The day the session was done in the patient's zone, such as `2026-03-02`; when given
    /// it must be today (a session kept offline and sent the next day is refused, not moved).
    #[serde(default)]
    pub date: Option<jiff::civil::Date>,
}

/// `GET /api/v1/patients/{patient}/sessions/draft`: today's session in progress.
#[utoipa::path(get, path = "/api/v1/patients/{patient}/sessions/draft", tag = "patient",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    responses((status = 200, description = "The sets ticked so far", body = SessionDraft),
        (status = 403, description = "The caller may not do this", body = ErrorBody),
        (status = 404, description = "No session in progress today, or not the caller's to see", body = ErrorBody)))]
pub async fn draft(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
) -> Result<Json<SessionDraft>, ApiError> {
    Ok(Json(
        workout::draft(&state.app, &caller, UserId::from_uuid(patient)).await?,
    ))
}

/// `PUT /api/v1/patients/{patient}/sessions/draft`: saves today's session in progress whole
/// (the patient only); the first save starts it.
#[utoipa::path(put, path = "/api/v1/patients/{patient}/sessions/draft", tag = "patient",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    request_body = DraftBody,
    responses((status = 200, description = "The draft as saved", body = SessionDraft),
        (status = 403, description = "The caller may not do this", body = ErrorBody), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody),
        (status = 409, description = "Today's sessions are already logged", body = ErrorBody), (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn save_draft(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
    raw: RawJson,
) -> Result<Json<SessionDraft>, ApiError> {
    let patient = UserId::from_uuid(patient);
    let body: DraftBody = body_for(&state.app, &caller, patient, &raw, "workout.read").await?;
    let input = DraftInput {
        sets: body.sets.into_iter().map(SetInput::from).collect(),
        date: body.date,
    };
    Ok(Json(
        workout::save_draft(&state.app, &caller, patient, &input).await?,
    ))
}

/// `DELETE /api/v1/patients/{patient}/sessions/draft`: throws today's session in progress
/// away (the patient only); nothing to throw away is not an error.
#[utoipa::path(delete, path = "/api/v1/patients/{patient}/sessions/draft", tag = "patient",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    responses((status = 204, description = "No session in progress any more"),
        (status = 403, description = "The caller may not do this", body = ErrorBody), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody)))]
pub async fn discard_draft(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    workout::discard_draft(&state.app, &caller, UserId::from_uuid(patient)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/patients/{patient}/sessions/draft/finish`: logs today's session in progress
/// with its pain answers and removes the draft (the patient only).
#[utoipa::path(post, path = "/api/v1/patients/{patient}/sessions/draft/finish", tag = "patient",
    params(("patient" = Uuid, Path, description = "The patient's id"),
        ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,200}$", min_length = 1, max_length = 200, description = "A new key for each finish (1 to 200 visible ASCII characters): the same finish sent again with the same key returns the session it logged instead of failing")),
    request_body = FinishBody,
    responses((status = 201, description = "The stored session and, when its pain went over a limit, `advice` for tonight and tomorrow (otherwise null)", body = SessionLogged),
        (status = 403, description = "The caller may not do this", body = ErrorBody),
        (status = 404, description = "No session in progress today, or not the caller's to see", body = ErrorBody),
        (status = 409, description = "Today's sessions are already logged", body = ErrorBody), (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn finish(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
    FinishKey(key): FinishKey,
    raw: RawJson,
) -> Result<(StatusCode, Json<SessionLogged>), ApiError> {
    let patient = UserId::from_uuid(patient);
    let body: FinishBody = body_for(&state.app, &caller, patient, &raw, "workout.read").await?;
    let input = FinishInput {
        pain_during: body.pain_during.to_string(),
        pain_after: body.pain_after.to_string(),
        note: body.note.unwrap_or_default(),
        date: body.date,
    };
    let logged = workout::finish(&state.app, &caller, patient, &input, key.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(logged)))
}
