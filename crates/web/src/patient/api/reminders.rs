//! `GET`/`PUT /api/v1/patients/{patient}/reminders`: the twin of `/account/reminders`.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use tendo_app::model::ids::UserId;
use tendo_app::patient::reminders::{self, RemindersInput, RemindersView};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{RawJson, body_for};
use crate::api::json::ApiPath;
use crate::auth::ApiUser;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// A day of the week.
#[derive(Clone, Copy, Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DayName {
    /// Monday.
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday.
    Saturday,
    /// Sunday.
    Sunday,
}

impl DayName {
    fn name(self) -> &'static str {
        match self {
            DayName::Monday => "monday",
            DayName::Tuesday => "tuesday",
            DayName::Wednesday => "wednesday",
            DayName::Thursday => "thursday",
            DayName::Friday => "friday",
            DayName::Saturday => "saturday",
            DayName::Sunday => "sunday",
        }
    }
}

/// The reminder settings. Times are on the patient's own clock, in their time zone.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RemindersBody {
    /// The training days. Needed (at least one) when `training` or `missed_session` is on.
    #[serde(default)]
    pub days: Vec<DayName>,
    /// The training-day reminder's time, `HH:MM` on a 24-hour clock (18:00 when left out).
    #[serde(default)]
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub time: Option<String>,
    /// The next-morning reminders' time, `HH:MM` on a 24-hour clock (08:00 when left out).
    #[serde(default)]
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub morning_time: Option<String>,
    /// A reminder on each training day at `time`.
    pub training: bool,
    /// A reminder at `morning_time` the morning after a training day with no session logged.
    pub missed_session: bool,
    /// A reminder at `morning_time` when the morning check after a session is waiting.
    pub morning_check: bool,
}

impl From<RemindersBody> for RemindersInput {
    fn from(body: RemindersBody) -> Self {
        RemindersInput {
            days: body.days.iter().map(|day| day.name().to_string()).collect(),
            time: body.time.unwrap_or_default(),
            morning_time: body.morning_time.unwrap_or_default(),
            training: body.training,
            missed_session: body.missed_session,
            morning_check: body.morning_check,
        }
    }
}

/// `GET /api/v1/patients/{patient}/reminders`: the patient's reminder settings (all off until
/// they choose), with the training days a week their plan asks for.
#[utoipa::path(get, path = "/api/v1/patients/{patient}/reminders", tag = "patient",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    responses((status = 200, description = "The reminder settings", body = RemindersView),
        (status = 403, description = "The caller may not do this", body = ErrorBody), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody)))]
pub async fn reminders(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
) -> Result<Json<RemindersView>, ApiError> {
    Ok(Json(
        reminders::view(&state.app, &caller, UserId::from_uuid(patient)).await?,
    ))
}

/// `PUT /api/v1/patients/{patient}/reminders`: replaces the reminder settings (the patient
/// only) and answers them as saved.
#[utoipa::path(put, path = "/api/v1/patients/{patient}/reminders", tag = "patient",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    request_body = RemindersBody,
    responses((status = 200, description = "The saved settings", body = RemindersView),
        (status = 403, description = "The caller may not do this", body = ErrorBody), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody),
        (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn save_reminders(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
    raw: RawJson,
) -> Result<Json<RemindersView>, ApiError> {
    let patient = UserId::from_uuid(patient);
    let body: RemindersBody =
        body_for(&state.app, &caller, patient, &raw, "reminders.read").await?;
    Ok(Json(
        reminders::update(&state.app, &caller, patient, &body.into()).await?,
    ))
}
