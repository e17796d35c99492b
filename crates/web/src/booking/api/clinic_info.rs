//! The JSON twins of the public clinic page: the clinic, its team and types, and free times.

use axum::Json;
use axum::extract::State;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use tendo_app::booking::catalogue;
use tendo_app::booking::{clinic_by_slug, slots};
use tendo_app::error::AppError;
use tendo_app::model::booking::AppointmentType;
use tendo_app::model::ids::{AppointmentTypeId, UserId};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::api::json::{ApiPath, ApiQuery};
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
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<ClinicBody>, ApiError> {
    let clinic = clinic_by_slug(&state.app, &slug).await?;
    let team = catalogue::listed_team(&state.app, clinic.id)
        .await?
        .iter()
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
    let types = catalogue::bookable_types(&state.app, clinic.id)
        .await?
        .iter()
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
#[into_params(parameter_in = Query)]
pub struct SlotParams {
    /// The appointment type.
    #[serde(rename = "type")]
    pub kind: Uuid,
    /// One clinician; any suitable one when absent.
    pub clinician: Option<Uuid>,
    /// The first local date (default today).
    pub from: Option<String>,
    /// How many days (1–14, default 7).
    #[param(minimum = 1, maximum = 14)]
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
    ApiPath(slug): ApiPath<String>,
    ApiQuery(params): ApiQuery<SlotParams>,
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
