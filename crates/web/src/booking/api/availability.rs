//! The JSON twins of the clinic's set-up: hours, exceptions, appointment types, rooms and tables, profiles and photos.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use tendo_app::booking::setup::{self, HoursForm, TypeForm, WEEKDAYS};
use tendo_app::error::AppError;
use tendo_store::booking::{ProfileUpdate, WeeklyHours};
use tendo_store::ids::{AppointmentTypeId, UserId};
use utoipa::ToSchema;
use uuid::Uuid;

use super::clinic_info::TypeBody;
use crate::api::json::{ApiJson, ApiPath};
use crate::auth::{Admins, ApiUser, Clinicians, RequireRole, Staff};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Weekly hours and limits.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HoursBody {
    /// Seven entries, Monday first: `["09:00", "17:00"]`, or `null` for a day off.
    #[schema(value_type = Vec<Option<Vec<String>>>, min_items = 7, max_items = 7)]
    pub days: Vec<Option<(String, String)>>,
    /// Least notice, in hours.
    pub min_notice_hours: u32,
    /// How far ahead, in days.
    pub horizon_days: u16,
}

fn hours_form(body: &HoursBody) -> Result<HoursForm, AppError> {
    if body.days.len() != 7 {
        return Err(AppError::invalid(
            "days",
            "give seven entries, Monday first",
        ));
    }
    let mut form = HoursForm {
        min_notice_hours: body.min_notice_hours.to_string(),
        horizon_days: body.horizon_days.to_string(),
        ..HoursForm::default()
    };
    for (index, day) in body.days.iter().enumerate() {
        if let Some((start, end)) = day {
            form.days[index] = (start.clone(), end.clone());
        }
    }
    Ok(form)
}

/// `GET /api/v1/availability`: the clinician's own hours.
#[utoipa::path(get, path = "/api/v1/availability", tag = "booking", responses((status = 200, description = "Success", body = HoursBody)))]
pub async fn own_hours(
    _role: RequireRole<Clinicians>,
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
) -> Result<Json<HoursBody>, ApiError> {
    let clinic = caller.user.clinic_id;
    let today = state.app.now().to_zoned(TimeZone::UTC).date();
    let weekly: Vec<WeeklyHours> = state
        .app
        .store
        .schedules(clinic, today, today)
        .await?
        .into_iter()
        .find(|s| s.clinician_id == caller.id())
        .map(|s| s.weekly)
        .unwrap_or_default();
    let profile = state
        .app
        .store
        .clinician_profiles(clinic)
        .await?
        .into_iter()
        .find(|p| p.user.id == caller.id())
        .ok_or(AppError::NotFound)?;
    let days = (0..WEEKDAYS.len())
        .map(|index| {
            weekly
                .iter()
                .find(|h| usize::try_from(h.weekday.to_monday_zero_offset()).ok() == Some(index))
                .map(|h| {
                    (
                        h.start.strftime("%H:%M").to_string(),
                        h.end.strftime("%H:%M").to_string(),
                    )
                })
        })
        .collect();
    Ok(Json(HoursBody {
        days,
        min_notice_hours: profile.min_notice_minutes.div_ceil(60),
        horizon_days: profile.horizon_days,
    }))
}

/// `PUT /api/v1/availability`: replaces the clinician's own hours.
#[utoipa::path(put, path = "/api/v1/availability", tag = "booking", request_body = HoursBody,
    responses((status = 204, description = "Done; nothing to return"), (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn save_own_hours(
    _role: RequireRole<Clinicians>,
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiJson(body): ApiJson<HoursBody>,
) -> Result<StatusCode, ApiError> {
    setup::set_hours(&state.app, &caller, caller.id(), &hours_form(&body)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT /api/v1/availability/{user}`: an administrator replaces a clinician's hours.
#[utoipa::path(put, path = "/api/v1/availability/{user}", tag = "booking", request_body = HoursBody,
    params(("user" = Uuid, Path, description = "The clinician's id")),
    responses((status = 204, description = "Done; nothing to return"), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody), (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn save_hours_of(
    _role: RequireRole<Admins>,
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(user): ApiPath<Uuid>,
    body: Result<ApiJson<HoursBody>, ApiError>,
) -> Result<StatusCode, ApiError> {
    let user = UserId::from_uuid(user);
    state.app.store.user(caller.user.clinic_id, user).await?;
    let ApiJson(body) = body?;
    setup::set_hours(&state.app, &caller, user, &hours_form(&body)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/appointment-types`: every type of the clinic, active or not.
#[utoipa::path(get, path = "/api/v1/appointment-types", tag = "booking", responses((status = 200, description = "Success", body = Vec<TypeBody>)))]
pub async fn types(
    _role: RequireRole<Staff>,
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
) -> Result<Json<Vec<TypeBody>>, ApiError> {
    Ok(Json(
        state
            .app
            .store
            .appointment_types(caller.user.clinic_id)
            .await?
            .iter()
            .map(TypeBody::from)
            .collect(),
    ))
}

/// An appointment type to save.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TypeInput {
    /// Kind (see `TypeBody`).
    pub kind: String,
    /// Name.
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Minutes (10–240).
    pub duration_minutes: u16,
    /// Price such as `"65.00"`.
    pub price: String,
    /// ISO 4217; the clinic's when absent.
    #[serde(default)]
    pub currency: String,
    /// Minutes.
    #[serde(default)]
    pub buffer_before_minutes: u16,
    /// Minutes.
    #[serde(default)]
    pub buffer_after_minutes: u16,
    /// `physiotherapist`, `massage-therapist` or absent.
    #[serde(default)]
    pub profession: Option<String>,
    /// Named clinicians.
    #[serde(default)]
    pub clinicians: Vec<Uuid>,
    /// `room`, `table` or absent.
    #[serde(default)]
    pub resource: Option<String>,
    /// Whether it can be booked (default true).
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

fn type_form(input: &TypeInput) -> TypeForm {
    TypeForm {
        kind: input.kind.clone(),
        name: input.name.clone(),
        description: input.description.clone(),
        duration_minutes: input.duration_minutes.to_string(),
        price: input.price.clone(),
        currency: input.currency.clone(),
        buffer_before_minutes: input.buffer_before_minutes.to_string(),
        buffer_after_minutes: input.buffer_after_minutes.to_string(),
        profession: input.profession.clone().unwrap_or_default(),
        clinicians: input.clinicians.iter().map(ToString::to_string).collect(),
        resource: input.resource.clone().unwrap_or_default(),
        active: input.active,
    }
}

/// `POST /api/v1/appointment-types`.
#[utoipa::path(post, path = "/api/v1/appointment-types", tag = "booking", request_body = TypeInput,
    responses((status = 201, description = "Created", body = TypeBody), (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn create_type(
    _role: RequireRole<Admins>,
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiJson(input): ApiJson<TypeInput>,
) -> Result<(StatusCode, Json<TypeBody>), ApiError> {
    let saved = setup::save_type(&state.app, &caller, None, &type_form(&input)).await?;
    Ok((StatusCode::CREATED, Json(TypeBody::from(&saved))))
}

/// `PUT /api/v1/appointment-types/{type}`.
#[utoipa::path(put, path = "/api/v1/appointment-types/{type}", tag = "booking", request_body = TypeInput,
    params(("type" = Uuid, Path, description = "The type's id")),
    responses((status = 200, description = "Success", body = TypeBody), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody), (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn update_type(
    _role: RequireRole<Admins>,
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    input: Result<ApiJson<TypeInput>, ApiError>,
) -> Result<Json<TypeBody>, ApiError> {
    let id = AppointmentTypeId::from_uuid(id);
    if !state
        .app
        .store
        .appointment_types(caller.user.clinic_id)
        .await?
        .iter()
        .any(|t| t.id == id)
    {
        return Err(AppError::NotFound.into());
    }
    let ApiJson(input) = input?;
    let saved = setup::save_type(&state.app, &caller, Some(id), &type_form(&input)).await?;
    Ok(Json(TypeBody::from(&saved)))
}

/// A room or table to add.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResourceInput {
    /// Name.
    pub name: String,
    /// `room` or `table`.
    pub kind: String,
}

/// `POST /api/v1/resources`.
#[utoipa::path(post, path = "/api/v1/resources", tag = "booking", request_body = ResourceInput,
    responses((status = 201, description = "Added"), (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn add_resource(
    _role: RequireRole<Admins>,
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiJson(input): ApiJson<ResourceInput>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let resource = setup::add_resource(&state.app, &caller, &input.name, &input.kind).await?;
    Ok((
        StatusCode::CREATED,
        Json(
            serde_json::json!({"id": resource.id.uuid(), "name": resource.name, "kind": resource.kind.as_str()}),
        ),
    ))
}

/// A public profile.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileInput {
    /// Qualifications.
    #[serde(default)]
    pub qualifications: String,
    /// Specialties.
    #[serde(default)]
    pub specialties: String,
    /// Biography.
    #[serde(default)]
    pub bio: String,
    /// Shown on the public page (default true).
    #[serde(default = "yes")]
    pub listed: bool,
}

/// `PUT /api/v1/team/{user}`: an administrator changes a clinician's public profile.
#[utoipa::path(put, path = "/api/v1/team/{user}", tag = "booking", request_body = ProfileInput,
    params(("user" = Uuid, Path, description = "The clinician's id")),
    responses((status = 204, description = "Done; nothing to return"), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody), (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn save_profile(
    _role: RequireRole<Admins>,
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(user): ApiPath<Uuid>,
    input: Result<ApiJson<ProfileInput>, ApiError>,
) -> Result<StatusCode, ApiError> {
    let user = UserId::from_uuid(user);
    state.app.store.user(caller.user.clinic_id, user).await?;
    let ApiJson(input) = input?;
    let update = ProfileUpdate {
        qualifications: input.qualifications,
        specialties: input.specialties,
        bio: input.bio,
        listed: input.listed,
    };
    setup::save_profile(&state.app, &caller, user, &update).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Time off or extra hours on one date.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExceptionInput {
    /// The date, such as `2026-12-24`.
    pub date: String,
    /// From (`09:00`); absent with `end` for the whole day.
    #[serde(default)]
    pub start: String,
    /// Until.
    #[serde(default)]
    pub end: String,
    /// `off` or `extra`.
    pub kind: String,
    /// A note.
    #[serde(default)]
    pub note: String,
}

/// `POST /api/v1/availability/exceptions`: the clinician adds time off or extra hours.
#[utoipa::path(post, path = "/api/v1/availability/exceptions", tag = "booking", request_body = ExceptionInput,
    responses((status = 204, description = "Done; nothing to return"), (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn add_exception(
    _role: RequireRole<Clinicians>,
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiJson(input): ApiJson<ExceptionInput>,
) -> Result<StatusCode, ApiError> {
    let form = setup::ExceptionForm {
        date: input.date,
        start: input.start,
        end: input.end,
        kind: input.kind,
        note: input.note,
    };
    setup::add_exception(&state.app, &caller, caller.id(), &form).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Which exception to remove.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExceptionRef {
    /// Its id.
    pub id: Uuid,
}

/// `DELETE /api/v1/availability/exceptions`: the clinician removes one.
#[utoipa::path(delete, path = "/api/v1/availability/exceptions", tag = "booking", request_body = ExceptionRef,
    responses((status = 204, description = "Done; nothing to return"), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody)))]
pub async fn remove_exception(
    _role: RequireRole<Clinicians>,
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiJson(input): ApiJson<ExceptionRef>,
) -> Result<StatusCode, ApiError> {
    setup::remove_exception(
        &state.app,
        &caller,
        caller.id(),
        tendo_store::ids::ExceptionId::from_uuid(input.id),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT /api/v1/team/{user}/photo`: the photo as the body (PNG, JPEG or WebP, at most 1 MB).
#[utoipa::path(put, path = "/api/v1/team/{user}/photo", tag = "booking",
    params(("user" = Uuid, Path, description = "The clinician's id")),
    request_body(content = Vec<u8>, content_type = "image/png"),
    responses((status = 204, description = "Done; nothing to return"), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody), (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn upload_photo(
    _role: RequireRole<Admins>,
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(user): ApiPath<Uuid>,
    body: axum::body::Bytes,
) -> Result<StatusCode, ApiError> {
    let user = UserId::from_uuid(user);
    state.app.store.user(caller.user.clinic_id, user).await?;
    setup::set_photo(&state.app, &caller, user, &body).await?;
    Ok(StatusCode::NO_CONTENT)
}
