//! The JSON twins of series booking and of the private calendar feed.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tendo_app::access::Caller;
use tendo_app::booking::calendar;
use tendo_app::booking::series::{self, SeriesRequest};
use tendo_app::error::AppError;
use tendo_app::model::ids::{AppointmentTypeId, UserId};
use tendo_core::scheduling::SeriesEnd;
use utoipa::ToSchema;
use uuid::Uuid;

use super::IdempotencyKey;
use super::appointments::{AppointmentBody, bodies};
use crate::api::json::ApiJson;
use crate::auth::ApiUser;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// A series to check or book.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeriesBody {
    /// Appointment type.
    #[serde(rename = "type")]
    pub kind: Uuid,
    /// The therapist.
    pub clinician: Uuid,
    /// The first session (RFC 3339).
    #[schema(format = DateTime)]
    pub first: String,
    /// 1 (weekly) or 2 (fortnightly).
    #[schema(minimum = 1, maximum = 2)]
    pub every_weeks: u8,
    /// How many sessions (2–52)…
    #[serde(default)]
    #[schema(minimum = 2, maximum = 52)]
    pub count: Option<u16>,
    /// …or until which date.
    #[serde(default)]
    #[schema(format = Date)]
    pub until: Option<String>,
    /// The patient: required when a clinician or administrator books (403 without it); a
    /// patient books for themselves and may leave it out.
    #[serde(default)]
    pub patient: Option<Uuid>,
    /// To book: the exact starts (RFC 3339; the pattern with alternatives chosen). Ignored by
    /// preview.
    #[serde(default)]
    pub starts: Vec<jiff::Timestamp>,
}

/// One occurrence as checked.
#[derive(Debug, Serialize, ToSchema)]
pub struct OccurrenceBody {
    /// The time the pattern gives.
    pub start: String,
    /// Whether it is free.
    pub free: bool,
    /// Nearby free times when it is not.
    pub alternatives: Vec<String>,
}

fn series_request(caller: &Caller, request: &SeriesBody) -> Result<SeriesRequest, ApiError> {
    let patient = super::patient_named(caller, request.patient)?;
    let end = match (&request.count, &request.until) {
        (Some(count), None) => SeriesEnd::Count(*count),
        (None, Some(until)) => SeriesEnd::Until(
            until
                .parse()
                .map_err(|_| AppError::invalid("until", "use a date such as 2027-03-31"))?,
        ),
        _ => return Err(AppError::invalid("count", "give either count or until").into()),
    };
    Ok(SeriesRequest {
        type_id: AppointmentTypeId::from_uuid(request.kind),
        clinician: UserId::from_uuid(request.clinician),
        first: super::super::parse_start("first", &request.first)?,
        every_weeks: request.every_weeks,
        end,
        patient,
    })
}

/// `POST /api/v1/appointment-series/preview`: every occurrence checked, with alternatives.
#[utoipa::path(post, path = "/api/v1/appointment-series/preview", tag = "booking", request_body = SeriesBody,
    responses((status = 200, description = "Success", body = Vec<OccurrenceBody>), (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn series_preview(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiJson(request): ApiJson<SeriesBody>,
) -> Result<Json<Vec<OccurrenceBody>>, ApiError> {
    let clinic = tendo_app::accounts::own_clinic(&state.app, &caller).await?;
    let (_, checked) = series::preview(
        &state.app,
        &caller,
        clinic,
        &series_request(&caller, &request)?,
    )
    .await?;
    Ok(Json(
        checked
            .iter()
            .map(|o| OccurrenceBody {
                start: o.wanted.to_string(),
                free: o.free,
                alternatives: o.alternatives.iter().map(ToString::to_string).collect(),
            })
            .collect(),
    ))
}

/// `POST /api/v1/appointment-series`: books every session in `starts`, or none.
#[utoipa::path(post, path = "/api/v1/appointment-series", tag = "booking", request_body = SeriesBody,
    params(("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,200}$", min_length = 1, max_length = 200, description = "A new key for each booking (1 to 200 visible ASCII characters): the same request sent again with the same key returns the first result instead of booking twice")),
    responses((status = 201, description = "Created", body = Vec<AppointmentBody>), (status = 409, description = "It conflicts with what exists or with a rule; the message says which", body = ErrorBody), (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn series_book(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(request): ApiJson<SeriesBody>,
) -> Result<(StatusCode, Json<Vec<AppointmentBody>>), ApiError> {
    let clinic = tendo_app::accounts::own_clinic(&state.app, &caller).await?;
    let series_request = series_request(&caller, &request)?;
    let starts = request.starts.clone();
    let views = series::book(
        &state.app,
        &caller,
        clinic,
        &series_request,
        &starts,
        key.as_deref(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(bodies(&state, &caller, &views).await?),
    ))
}

/// A new private calendar feed.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedBody {
    /// The secret address; shown once. Anyone with it can read your appointments.
    pub url: String,
}

/// `POST /api/v1/calendar-feed`: creates or replaces the caller's feed.
#[utoipa::path(post, path = "/api/v1/calendar-feed", tag = "booking",
    responses((status = 201, description = "Created", body = FeedBody), (status = 401, description = "Not signed in", body = ErrorBody)))]
pub async fn create_feed(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
) -> Result<(StatusCode, Json<FeedBody>), ApiError> {
    let url = calendar::new_feed(&state.app, &caller).await?;
    Ok((StatusCode::CREATED, Json(FeedBody { url })))
}

/// `DELETE /api/v1/calendar-feed`: revokes it.
#[utoipa::path(delete, path = "/api/v1/calendar-feed", tag = "booking", responses((status = 204, description = "Done; nothing to return")))]
pub async fn revoke_feed(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
) -> Result<StatusCode, ApiError> {
    calendar::revoke_feed(&state.app, &caller).await?;
    Ok(StatusCode::NO_CONTENT)
}
