//! The clinic's public page: its team with photos and its appointment types with prices.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use tendo_app::booking::catalogue;
use tendo_app::booking::clinic_by_slug;
use tendo_app::error::AppError;
use tendo_app::model::accounts::Clinic;
use tendo_app::model::booking::{AppointmentType, ClinicianProfile};
use tendo_app::model::ids::UserId;

use super::super::views::{RuleNote, TypeRow, rule_notes};
use crate::auth::PageUser;
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::render;
use crate::state::AppState;

/// A clinician as the public page shows them.
pub struct TeamMember {
    id: String,
    name: String,
    profession: &'static str,
    qualifications: String,
    specialties: String,
    bio: String,
    photo: bool,
}

fn member(profile: &ClinicianProfile) -> TeamMember {
    TeamMember {
        id: profile.user.id.to_string(),
        name: profile.user.name.clone(),
        profession: match profile.user.profession {
            Some(tendo_app::model::accounts::Profession::MassageTherapist) => "Massage therapist",
            _ => "Physiotherapist",
        },
        qualifications: profile.qualifications.clone(),
        specialties: profile.specialties.clone(),
        bio: profile.bio.clone(),
        photo: profile.photo_type.is_some(),
    }
}

#[derive(Template)]
#[template(path = "booking/clinic.html")]
struct ClinicPage {
    chrome: Chrome,
    clinic: Clinic,
    team: Vec<TeamMember>,
    types: Vec<TypeRow>,
    first_video: Option<String>,
    notes: Vec<RuleNote>,
}

/// `GET /c/{clinic}`: the team and what can be booked.
pub async fn clinic_page(
    State(state): State<AppState>,
    user: Option<PageUser>,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let clinic = clinic_by_slug(&state.app, &slug).await?;
    let profiles = catalogue::listed_team(&state.app, clinic.id).await?;
    let types: Vec<AppointmentType> = catalogue::bookable_types(&state.app, clinic.id).await?;
    let first_video = types
        .iter()
        .find(|t| t.kind == tendo_app::model::booking::AppointmentKind::VideoAssessment)
        .or_else(|| types.iter().find(|t| t.kind.is_video()))
        .map(|t| t.id.to_string());
    let page = ClinicPage {
        chrome: Chrome::public_for(&state, user.as_ref(), clinic.name.clone(), "/c"),
        team: profiles.iter().map(member).collect(),
        types: types
            .iter()
            .map(|kind| TypeRow::of(kind, &clinic))
            .collect(),
        first_video,
        notes: rule_notes(None),
        clinic,
    };
    Ok(render(&page)?.into_response())
}

/// `GET /c/{clinic}/team/{user}/photo`.
pub async fn photo(
    State(state): State<AppState>,
    Path((slug, user)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let clinic = clinic_by_slug(&state.app, &slug).await?;
    let user: UserId = user.parse().map_err(|_| AppError::NotFound)?;
    let (content_type, bytes) = catalogue::team_photo(&state.app, clinic.id, user).await?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=300".to_string()),
        ],
        bytes,
    )
        .into_response())
}
