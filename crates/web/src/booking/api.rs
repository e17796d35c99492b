//! The JSON twins of the booking pages.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use tendo_app::access::patient_access;
use tendo_app::booking::diary::{self, BookRequest};
use tendo_app::booking::series::{self, SeriesRequest};
use tendo_app::booking::setup::{self, HoursForm, TypeForm, WEEKDAYS};
use tendo_app::booking::{AppointmentView, appointment_for, calendar, clinic_by_slug, slots};
use tendo_app::error::AppError;
use tendo_core::scheduling::{SeriesEnd, self_cancel};
use tendo_store::accounts::Role;
use tendo_store::booking::{AppointmentType, ProfileUpdate, WeeklyHours};
use tendo_store::ids::{AppointmentId, AppointmentTypeId, UserId};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::appointments::patient_views;
use crate::api::json::ApiJson;
use crate::auth::{Admins, ApiUser, Clinicians, RequireRole, Staff};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// An appointment type with its price.
#[derive(Debug, Serialize, ToSchema)]
pub struct TypeBody {
    /// Id.
    pub id: Uuid,
    /// `video-assessment`, `video-follow-up`, `swedish-massage`, `sports-massage`, `deep-tissue-massage`.
    pub kind: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Minutes.
    pub duration_minutes: u16,
    /// Price in minor units (cents).
    pub price_minor: u32,
    /// ISO 4217.
    pub currency: String,
    /// Minutes kept free before.
    pub buffer_before_minutes: u16,
    /// Minutes kept free after.
    pub buffer_after_minutes: u16,
    /// Who delivers it, if one profession.
    pub profession: Option<String>,
    /// Named clinicians (empty: anyone of the profession).
    pub clinicians: Vec<Uuid>,
    /// `room` or `table`, if it needs one.
    pub resource: Option<String>,
    /// Whether it can be booked.
    pub active: bool,
}

impl From<&AppointmentType> for TypeBody {
    fn from(kind: &AppointmentType) -> Self {
        TypeBody {
            id: kind.id.uuid(),
            kind: kind.kind.as_str().into(),
            name: kind.name.clone(),
            description: kind.description.clone(),
            duration_minutes: kind.duration_minutes,
            price_minor: kind.price_minor,
            currency: kind.currency.clone(),
            buffer_before_minutes: kind.buffer_before_minutes,
            buffer_after_minutes: kind.buffer_after_minutes,
            profession: kind.profession.map(|p| p.as_str().into()),
            clinicians: kind.clinicians.iter().map(|c| c.uuid()).collect(),
            resource: kind.resource.map(|r| r.as_str().into()),
            active: kind.active,
        }
    }
}

/// A clinician as the public sees them.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberBody {
    /// Id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// `physiotherapist` or `massage-therapist`.
    pub profession: Option<String>,
    /// Qualifications.
    pub qualifications: String,
    /// Specialties.
    pub specialties: String,
    /// Biography.
    pub bio: String,
    /// The photo's address, if there is one.
    pub photo: Option<String>,
}

/// A clinic's public booking page.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClinicBody {
    /// Slug.
    pub slug: String,
    /// Name.
    pub name: String,
    /// IANA zone.
    pub time_zone: String,
    /// Hours before an appointment after which patients contact the clinic to cancel.
    pub cancellation_window_hours: u16,
    /// The team.
    pub team: Vec<MemberBody>,
    /// What can be booked.
    pub appointment_types: Vec<TypeBody>,
}

/// `GET /api/v1/clinics/{clinic}`: the public booking page's data.
#[utoipa::path(get, path = "/api/v1/clinics/{clinic}", tag = "booking", security(()),
    params(("clinic" = String, Path, description = "The clinic's slug")),
    responses((status = 200, description = "Success", body = ClinicBody), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody)))]
pub async fn clinic(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<ClinicBody>, ApiError> {
    let clinic = clinic_by_slug(&state.app, &slug).await?;
    let team = state
        .app
        .store
        .clinician_profiles(clinic.id)
        .await?
        .iter()
        .filter(|p| p.listed)
        .map(|p| MemberBody {
            id: p.user.id.uuid(),
            name: p.user.name.clone(),
            profession: p.user.profession.map(|x| x.as_str().into()),
            qualifications: p.qualifications.clone(),
            specialties: p.specialties.clone(),
            bio: p.bio.clone(),
            photo: p
                .photo_type
                .as_ref()
                .map(|_| format!("/c/{}/team/{}/photo", clinic.slug, p.user.id)),
        })
        .collect();
    let types = state
        .app
        .store
        .appointment_types(clinic.id)
        .await?
        .iter()
        .filter(|t| t.active)
        .map(TypeBody::from)
        .collect();
    Ok(Json(ClinicBody {
        slug: clinic.slug,
        name: clinic.name,
        time_zone: clinic.time_zone,
        cancellation_window_hours: clinic.settings.cancellation_window_hours,
        team,
        appointment_types: types,
    }))
}

/// Which free times to list.
#[derive(Debug, Deserialize, IntoParams)]
pub struct SlotParams {
    /// The appointment type.
    #[serde(rename = "type")]
    pub kind: Uuid,
    /// One clinician; any suitable one when absent.
    pub clinician: Option<Uuid>,
    /// The first local date (default today).
    pub from: Option<String>,
    /// How many days (1–14, default 7).
    pub days: Option<u16>,
    /// The zone the dates are in (default the clinic's).
    pub tz: Option<String>,
}

/// A free time.
#[derive(Debug, Serialize, ToSchema)]
pub struct SlotBody {
    /// Start (RFC 3339, UTC).
    pub start: String,
    /// End.
    pub end: String,
    /// Start in the requested zone.
    pub local_start: String,
    /// Clinicians free then.
    pub clinicians: Vec<Uuid>,
}

/// `GET /api/v1/clinics/{clinic}/slots`: free times, computed from what is booked.
#[utoipa::path(get, path = "/api/v1/clinics/{clinic}/slots", tag = "booking", security(()),
    params(("clinic" = String, Path, description = "The clinic's slug"), SlotParams),
    responses((status = 200, description = "Success", body = Vec<SlotBody>), (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn slots(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(params): Query<SlotParams>,
) -> Result<Json<Vec<SlotBody>>, ApiError> {
    let clinic = clinic_by_slug(&state.app, &slug).await?;
    let zone_name = params
        .tz
        .clone()
        .unwrap_or_else(|| clinic.time_zone.clone());
    let zone = TimeZone::get(&zone_name)
        .map_err(|_| AppError::invalid("tz", "use an IANA time zone such as Europe/London"))?;
    let from = match params.from.as_deref() {
        None => state.app.now().to_zoned(zone.clone()).date(),
        Some(text) => text
            .parse::<Date>()
            .map_err(|_| AppError::invalid("from", "use a date such as 2026-12-01"))?,
    };
    let days = params.days.unwrap_or(7);
    if !(1..=slots::MAX_DAYS).contains(&days) {
        return Err(AppError::invalid("days", "ask for 1 to 14 days").into());
    }
    let (_, options) = slots::find(
        &state.app,
        clinic,
        AppointmentTypeId::from_uuid(params.kind),
        params.clinician.map(UserId::from_uuid),
        &zone,
        from,
        days,
    )
    .await?;
    Ok(Json(
        options
            .iter()
            .map(|o| SlotBody {
                start: o.start.to_string(),
                end: o.end.to_string(),
                local_start: o
                    .start
                    .to_zoned(zone.clone())
                    .strftime("%Y-%m-%dT%H:%M:%S%:z")
                    .to_string(),
                clinicians: o.clinicians.iter().map(|c| c.uuid()).collect(),
            })
            .collect(),
    ))
}

/// An appointment.
#[derive(Debug, Serialize, ToSchema)]
pub struct AppointmentBody {
    /// Id.
    pub id: Uuid,
    /// Type.
    pub type_id: Uuid,
    /// Type's name.
    pub name: String,
    /// Patient.
    pub patient_id: Uuid,
    /// Clinician.
    pub clinician_id: Uuid,
    /// Clinician's name.
    pub clinician_name: String,
    /// Start (RFC 3339).
    pub start: String,
    /// End.
    pub end: String,
    /// `booked` or `cancelled`.
    pub status: String,
    /// The series, if any.
    pub series_id: Option<Uuid>,
    /// Whether it is a video consultation.
    pub video: bool,
    /// Until when a patient may cancel or move it online.
    pub cancel_online_until: String,
    /// The clinic's cancellation rule, in words.
    pub cancellation_policy: String,
}

fn body(
    view: &AppointmentView,
    clinic: &tendo_store::accounts::Clinic,
    zone: &str,
    now: jiff::Timestamp,
) -> AppointmentBody {
    AppointmentBody {
        id: view.appointment.id.uuid(),
        type_id: view.kind.id.uuid(),
        name: view.kind.name.clone(),
        patient_id: view.patient.id.uuid(),
        clinician_id: view.clinician.id.uuid(),
        clinician_name: view.clinician.name.clone(),
        start: view.appointment.start.to_string(),
        end: view.appointment.end.to_string(),
        status: view.appointment.status.as_str().into(),
        series_id: view.appointment.series_id.map(|s| s.uuid()),
        video: view.kind.kind.is_video(),
        cancel_online_until: self_cancel(
            view.appointment.start,
            view.appointment.start,
            clinic.settings.cancellation_window_hours,
        )
        .deadline
        .to_string(),
        cancellation_policy: tendo_app::booking::messages::policy_text(
            clinic,
            &view.appointment,
            zone,
            now,
        ),
    }
}

async fn bodies(
    state: &AppState,
    caller: &tendo_app::access::Caller,
    views: &[AppointmentView],
) -> Result<Vec<AppointmentBody>, ApiError> {
    let clinic = state.app.store.clinic(caller.user.clinic_id).await?;
    Ok(views
        .iter()
        .map(|v| body(v, &clinic, &caller.user.time_zone, state.app.now()))
        .collect())
}

/// `GET /api/v1/appointments`: the caller's appointments (a patient's own; a clinician's and an
/// administrator's for the next four weeks).
#[utoipa::path(get, path = "/api/v1/appointments", tag = "booking",
    responses((status = 200, description = "Success", body = Vec<AppointmentBody>), (status = 401, description = "Not signed in", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
) -> Result<Json<Vec<AppointmentBody>>, ApiError> {
    let views = if caller.user.role == Role::Patient {
        state.app.audit.record(
            caller
                .audit("appointments.read", "api/v1/appointments", state.app.now())
                .about(caller.id()),
        );
        patient_views(&state, &caller.user).await?
    } else {
        let now = state.app.now();
        super::clinic::week_views(
            &state,
            &caller.user,
            now,
            now + jiff::SignedDuration::from_hours(24 * 28),
        )
        .await?
    };
    Ok(Json(bodies(&state, &caller, &views).await?))
}

/// `GET /api/v1/calendar`: the clinic's (or the clinician's) appointments for four weeks.
#[utoipa::path(get, path = "/api/v1/calendar", tag = "booking",
    responses((status = 200, description = "Success", body = Vec<AppointmentBody>), (status = 403, description = "The caller may not do this", body = ErrorBody)))]
pub async fn calendar(
    _role: RequireRole<Staff>,
    state: State<AppState>,
    caller: ApiUser,
) -> Result<Json<Vec<AppointmentBody>>, ApiError> {
    list(state, caller).await
}

/// `GET /api/v1/patients/{patient}/appointments`.
#[utoipa::path(get, path = "/api/v1/patients/{patient}/appointments", tag = "booking",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    responses((status = 200, description = "Success", body = Vec<AppointmentBody>), (status = 403, description = "The caller may not do this", body = ErrorBody), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody)))]
pub async fn patient_appointments(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    Path(patient): Path<Uuid>,
) -> Result<Json<Vec<AppointmentBody>>, ApiError> {
    let (summary, _) =
        patient_access(&*state.app.store, &caller, UserId::from_uuid(patient)).await?;
    state.app.audit.record(
        caller
            .audit(
                "appointments.read",
                format!("patient/{patient}"),
                state.app.now(),
            )
            .about(summary.user.id),
    );
    let views = patient_views(&state, &summary.user).await?;
    Ok(Json(bodies(&state, &caller, &views).await?))
}

/// What to book.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BookBody {
    /// Appointment type.
    #[serde(rename = "type")]
    pub kind: Uuid,
    /// Start (RFC 3339), one of the free times.
    pub start: String,
    /// A clinician; the first free suitable one when absent.
    #[serde(default)]
    pub clinician: Option<Uuid>,
    /// For staff: the patient.
    #[serde(default)]
    pub patient: Option<Uuid>,
}

/// `POST /api/v1/appointments`: books one appointment in the caller's clinic.
#[utoipa::path(post, path = "/api/v1/appointments", tag = "booking", request_body = BookBody,
    responses((status = 201, description = "Created", body = AppointmentBody), (status = 409, body = ErrorBody, description = "The time is taken"),
        (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn book(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiJson(request): ApiJson<BookBody>,
) -> Result<(StatusCode, Json<AppointmentBody>), ApiError> {
    let clinic = state.app.store.clinic(caller.user.clinic_id).await?;
    let start = super::parse_start("start", &request.start)?;
    let view = diary::book(
        &state.app,
        &caller,
        clinic.clone(),
        &BookRequest {
            type_id: AppointmentTypeId::from_uuid(request.kind),
            start,
            clinician: request.clinician.map(UserId::from_uuid),
            patient: request.patient.map(UserId::from_uuid),
        },
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(body(
            &view,
            &clinic,
            &caller.user.time_zone,
            state.app.now(),
        )),
    ))
}

/// `GET /api/v1/appointments/{appointment}`.
#[utoipa::path(operation_id = "show_appointment", get, path = "/api/v1/appointments/{appointment}", tag = "booking",
    params(("appointment" = Uuid, Path, description = "The appointment's id")),
    responses((status = 200, description = "Success", body = AppointmentBody), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    Path(id): Path<Uuid>,
) -> Result<Json<AppointmentBody>, ApiError> {
    let view = appointment_for(&state.app, &caller, AppointmentId::from_uuid(id)).await?;
    let clinic = state.app.store.clinic(caller.user.clinic_id).await?;
    Ok(Json(body(
        &view,
        &clinic,
        &caller.user.time_zone,
        state.app.now(),
    )))
}

/// How much to cancel.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CancelBody {
    /// Also every later appointment of its series.
    pub following: bool,
}

/// `POST /api/v1/appointments/{appointment}/cancel`.
#[utoipa::path(post, path = "/api/v1/appointments/{appointment}/cancel", tag = "booking", request_body = CancelBody,
    params(("appointment" = Uuid, Path, description = "The appointment's id")),
    responses((status = 200, description = "Success", body = Vec<AppointmentBody>), (status = 409, body = ErrorBody, description = "Already cancelled, or the cancellation window has closed"),
        (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody)))]
pub async fn cancel(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    Path(id): Path<Uuid>,
    request: Result<ApiJson<CancelBody>, ApiError>,
) -> Result<Json<Vec<AppointmentBody>>, ApiError> {
    appointment_for(&state.app, &caller, AppointmentId::from_uuid(id)).await?;
    let ApiJson(request) = request?;
    let views = diary::cancel(
        &state.app,
        &caller,
        AppointmentId::from_uuid(id),
        request.following,
    )
    .await?;
    Ok(Json(bodies(&state, &caller, &views).await?))
}

/// Where to move it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveBody {
    /// The new start (RFC 3339).
    pub start: String,
    /// Move every later appointment of its series by the same change.
    #[serde(default)]
    pub following: bool,
}

/// `POST /api/v1/appointments/{appointment}/reschedule`.
#[utoipa::path(post, path = "/api/v1/appointments/{appointment}/reschedule", tag = "booking", request_body = MoveBody,
    params(("appointment" = Uuid, Path, description = "The appointment's id")),
    responses((status = 200, description = "Success", body = Vec<AppointmentBody>), (status = 409, description = "It conflicts with what exists or with a rule; the message says which", body = ErrorBody), (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn reschedule(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    Path(id): Path<Uuid>,
    request: Result<ApiJson<MoveBody>, ApiError>,
) -> Result<Json<Vec<AppointmentBody>>, ApiError> {
    let id = AppointmentId::from_uuid(id);
    appointment_for(&state.app, &caller, id).await?;
    let ApiJson(request) = request?;
    let start = super::parse_start("start", &request.start)?;
    let views = if request.following {
        series::move_following(&state.app, &caller, id, start).await?
    } else {
        vec![diary::reschedule(&state.app, &caller, id, start, None).await?]
    };
    Ok(Json(bodies(&state, &caller, &views).await?))
}

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
    pub first: String,
    /// 1 (weekly) or 2 (fortnightly).
    pub every_weeks: u8,
    /// How many sessions (2–52)…
    #[serde(default)]
    pub count: Option<u16>,
    /// …or until which date.
    #[serde(default)]
    pub until: Option<String>,
    /// For staff: the patient.
    #[serde(default)]
    pub patient: Option<Uuid>,
    /// To book: the exact starts (the pattern with alternatives chosen). Ignored by preview.
    #[serde(default)]
    pub starts: Vec<String>,
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

fn series_request(request: &SeriesBody) -> Result<SeriesRequest, AppError> {
    let end = match (&request.count, &request.until) {
        (Some(count), None) => SeriesEnd::Count(*count),
        (None, Some(until)) => SeriesEnd::Until(
            until
                .parse()
                .map_err(|_| AppError::invalid("until", "use a date such as 2027-03-31"))?,
        ),
        _ => return Err(AppError::invalid("count", "give either count or until")),
    };
    Ok(SeriesRequest {
        type_id: AppointmentTypeId::from_uuid(request.kind),
        clinician: UserId::from_uuid(request.clinician),
        first: super::parse_start("first", &request.first)?,
        every_weeks: request.every_weeks,
        end,
        patient: request.patient.map(UserId::from_uuid),
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
    let clinic = state.app.store.clinic(caller.user.clinic_id).await?;
    let (_, checked) =
        series::preview(&state.app, &caller, clinic, &series_request(&request)?).await?;
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
    responses((status = 201, description = "Created", body = Vec<AppointmentBody>), (status = 409, description = "It conflicts with what exists or with a rule; the message says which", body = ErrorBody), (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn series_book(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiJson(request): ApiJson<SeriesBody>,
) -> Result<(StatusCode, Json<Vec<AppointmentBody>>), ApiError> {
    let clinic = state.app.store.clinic(caller.user.clinic_id).await?;
    let series_request = series_request(&request)?;
    let starts = request
        .starts
        .iter()
        .map(|s| super::parse_start("starts", s))
        .collect::<Result<Vec<_>, _>>()?;
    let views = series::book(&state.app, &caller, clinic, &series_request, &starts).await?;
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

/// Weekly hours and limits.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HoursBody {
    /// Seven entries, Monday first: `["09:00", "17:00"]`, or `null` for a day off.
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
    Path(user): Path<Uuid>,
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
    Path(id): Path<Uuid>,
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
    Path(user): Path<Uuid>,
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
    Path(user): Path<Uuid>,
    body: axum::body::Bytes,
) -> Result<StatusCode, ApiError> {
    let user = UserId::from_uuid(user);
    state.app.store.user(caller.user.clinic_id, user).await?;
    setup::set_photo(&state.app, &caller, user, &body).await?;
    Ok(StatusCode::NO_CONTENT)
}
