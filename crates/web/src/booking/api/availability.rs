//! The JSON twins of the clinic's set-up: hours, exceptions, appointment types, rooms and tables, profiles and photos.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tendo_app::accounts;
use tendo_app::booking::catalogue;
use tendo_app::booking::hours::ClinicianHours;
use tendo_app::booking::hours::{self, HoursForm, HoursNaming, MAX_STRETCHES, WEEKDAYS};
use tendo_app::booking::setup::{self, TypeForm};
use tendo_app::error::AppError;
use tendo_app::model::accounts::Profession;
use tendo_app::model::booking::{AppointmentKind, ProfileUpdate, ResourceKind, WeeklyHours};
use tendo_app::model::ids::{AppointmentTypeId, UserId};
use utoipa::ToSchema;
use uuid::Uuid;

use super::clinic_info::TypeBody;
use crate::api::json::{ApiJson, ApiPath};
use crate::auth::{Admins, ApiUser, Clinicians, RequireRole, Staff};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// One stretch of work on a day, in the clinician's own zone.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StretchBody {
    /// From, `HH:MM` (24-hour) such as `09:00`.
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub from: String,
    /// Until, after `from`, such as `12:30`.
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub until: String,
}

/// The stretches of one weekday, at most [`MAX_STRETCHES`]; none for a day off.
#[derive(Debug, Deserialize, Serialize)]
#[serde(transparent)]
pub struct DayBody(pub Vec<StretchBody>);

impl utoipa::PartialSchema for DayBody {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ArrayBuilder::new()
            .items(utoipa::openapi::Ref::from_schema_name("StretchBody"))
            .max_items(Some(MAX_STRETCHES))
            .description(Some(
                "The day's stretches of work, which may not overlap; none for a day off.",
            ))
            .into()
    }
}

impl ToSchema for DayBody {
    fn schemas(
        schemas: &mut Vec<(
            String,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>,
    ) {
        schemas.push((
            "StretchBody".into(),
            <StretchBody as utoipa::PartialSchema>::schema(),
        ));
        <StretchBody as ToSchema>::schemas(schemas);
    }
}

/// Weekly hours and limits.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HoursBody {
    /// Seven days, Monday first, each with its stretches of work.
    #[schema(min_items = 7, max_items = 7)]
    pub days: Vec<DayBody>,
    /// Least notice for a booking, in hours (0 to 336).
    #[schema(maximum = 336)]
    pub min_notice_hours: u32,
    /// How far ahead patients may book, in days (1 to 365).
    #[schema(minimum = 1, maximum = 365)]
    pub horizon_days: u16,
}

fn hours_form(body: &HoursBody) -> Result<HoursForm, AppError> {
    if body.days.len() != WEEKDAYS.len() {
        return Err(AppError::invalid("days", "give seven days, Monday first"));
    }
    Ok(HoursForm {
        days: std::array::from_fn(|day| {
            body.days[day]
                .0
                .iter()
                .map(|stretch| (stretch.from.clone(), stretch.until.clone()))
                .collect()
        }),
        min_notice_hours: Some(body.min_notice_hours),
        horizon_days: Some(body.horizon_days),
        naming: HoursNaming::Json,
    })
}

/// `GET /api/v1/availability`: the clinician's own hours.
#[utoipa::path(get, path = "/api/v1/availability", tag = "booking", responses((status = 200, description = "Success", body = HoursBody)))]
pub async fn own_hours(
    _role: RequireRole<Clinicians>,
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
) -> Result<Json<HoursBody>, ApiError> {
    let ClinicianHours {
        weekly, profile, ..
    } = hours::hours_of(&state.app, &caller, caller.id()).await?;
    let days = (0..WEEKDAYS.len())
        .map(|index| {
            let mut day: Vec<&WeeklyHours> = weekly
                .iter()
                .filter(|h| usize::try_from(h.weekday.to_monday_zero_offset()).ok() == Some(index))
                .collect();
            day.sort_by_key(|h| h.start);
            DayBody(
                day.into_iter()
                    .map(|h| StretchBody {
                        from: h.start.strftime("%H:%M").to_string(),
                        until: h.end.strftime("%H:%M").to_string(),
                    })
                    .collect(),
            )
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
    hours::set_hours(&state.app, &caller, caller.id(), &hours_form(&body)?).await?;
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
    accounts::clinic_member(&state.app, &caller, user).await?;
    let ApiJson(body) = body?;
    hours::set_hours(&state.app, &caller, user, &hours_form(&body)?).await?;
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
        catalogue::clinic_types(&state.app, &caller)
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
    /// What it is for.
    pub kind: AppointmentKind,
    /// Its name: 1 to 120 characters, not only spaces.
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$",
        max_length = 120
    )]
    pub name: String,
    /// What the patient should know, at most 600 characters.
    #[serde(default)]
    #[schema(max_length = 600)]
    pub description: String,
    /// Minutes (10–240).
    #[schema(minimum = 10, maximum = 240)]
    pub duration_minutes: u16,
    /// The price such as `"65.00"`: whole units (at most 99999) and up to two decimals; `"0"`
    /// for free.
    #[schema(pattern = "^[0-9]{1,5}([.][0-9]{1,2})?$")]
    pub price: String,
    /// A three-letter ISO 4217 code such as `GBP`; the clinic's when empty or absent.
    #[serde(default)]
    #[schema(pattern = "^([A-Za-z]{3})?$")]
    pub currency: String,
    /// Minutes kept free before (0–120).
    #[serde(default)]
    #[schema(maximum = 120)]
    pub buffer_before_minutes: u16,
    /// Minutes kept free after (0–120).
    #[serde(default)]
    #[schema(maximum = 120)]
    pub buffer_after_minutes: u16,
    /// Who may give it; anyone of the right kind when absent.
    #[serde(default)]
    pub profession: Option<Profession>,
    /// Only these clinicians (ids of this clinic's clinicians); anyone suitable when empty.
    #[serde(default)]
    pub clinicians: Vec<Uuid>,
    /// A room or table it needs, or absent.
    #[serde(default)]
    pub resource: Option<ResourceKind>,
    /// Whether it can be booked (default true).
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

fn type_form(input: &TypeInput) -> TypeForm {
    TypeForm {
        kind: Some(input.kind),
        name: input.name.clone(),
        description: input.description.clone(),
        duration_minutes: Some(input.duration_minutes),
        price: input.price.clone(),
        currency: input.currency.clone(),
        buffer_before_minutes: Some(input.buffer_before_minutes),
        buffer_after_minutes: Some(input.buffer_after_minutes),
        profession: input
            .profession
            .map(|profession| profession.as_str().to_string())
            .unwrap_or_default(),
        clinicians: input.clinicians.iter().map(ToString::to_string).collect(),
        resource: input
            .resource
            .map(|kind| kind.as_str().to_string())
            .unwrap_or_default(),
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
    if !catalogue::clinic_types(&state.app, &caller)
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
    /// Its name: 1 to 120 characters, not only spaces.
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$",
        max_length = 120
    )]
    pub name: String,
    /// A room or a table.
    pub kind: ResourceKind,
}

/// A room or table of the clinic.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResourceBody {
    /// Its id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// A room or a table.
    pub kind: ResourceKind,
}

/// `POST /api/v1/resources`.
#[utoipa::path(post, path = "/api/v1/resources", tag = "booking", request_body = ResourceInput,
    responses((status = 201, description = "Added", body = ResourceBody), (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn add_resource(
    _role: RequireRole<Admins>,
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiJson(input): ApiJson<ResourceInput>,
) -> Result<(StatusCode, Json<ResourceBody>), ApiError> {
    let resource = setup::add_resource(&state.app, &caller, &input.name, input.kind.as_str())
        .await
        .map_err(|error| {
            // The service names the fields of the web form, where two forms share a page.
            crate::api::errors::renamed(
                error,
                &[("resource_name", "name"), ("resource_kind", "kind")],
            )
        })?;
    Ok((
        StatusCode::CREATED,
        Json(ResourceBody {
            id: resource.id.uuid(),
            name: resource.name,
            kind: resource.kind,
        }),
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
    accounts::clinic_member(&state.app, &caller, user).await?;
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

/// Whether a date exception takes time off or adds hours.
#[derive(Clone, Copy, Debug, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExceptionKindName {
    /// Time off, such as a holiday.
    Off,
    /// Extra hours.
    Extra,
}

/// Time off or extra hours on one date.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExceptionInput {
    /// The date, such as `2026-12-24`, in the clinician's zone.
    #[schema(format = Date)]
    pub date: String,
    /// The hours it covers; absent (or null) for the whole day.
    #[serde(default)]
    pub hours: Option<StretchBody>,
    /// `off` or `extra`.
    pub kind: ExceptionKindName,
    /// A note, at most 120 characters.
    #[serde(default)]
    #[schema(max_length = 120)]
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
    let (start, end) = input
        .hours
        .map(|hours| (hours.from, hours.until))
        .unwrap_or_default();
    let form = hours::ExceptionForm {
        date: input.date,
        start,
        end,
        kind: Some(match input.kind {
            ExceptionKindName::Off => hours::ExceptionKind::Off,
            ExceptionKindName::Extra => hours::ExceptionKind::Extra,
        }),
        note: input.note,
    };
    hours::add_exception(&state.app, &caller, caller.id(), &form)
        .await
        .map_err(|error| {
            // The service names the form's fields; the body holds them under `hours`.
            crate::api::errors::renamed(error, &[("start", "hours.from"), ("end", "hours.until")])
        })?;
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
    hours::remove_exception(
        &state.app,
        &caller,
        caller.id(),
        tendo_app::model::ids::ExceptionId::from_uuid(input.id),
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
    accounts::clinic_member(&state.app, &caller, user).await?;
    setup::set_photo(&state.app, &caller, user, &body).await?;
    Ok(StatusCode::NO_CONTENT)
}
