//! The team's public profiles and photos.

use askama::Template;
use axum::Form;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use tendo_app::accounts;
use tendo_app::booking::catalogue;
use tendo_app::booking::setup::{self};
use tendo_app::error::{AppError, FieldErrors};
use tendo_app::model::accounts::Role;
use tendo_app::model::booking::ProfileUpdate;
use tendo_app::model::ids::UserId;

use crate::auth::{Admins, PageUser, RequireRole};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::{redirect_with_flash, render, take_flash};
use crate::state::AppState;

struct ProfileRow {
    id: String,
    name: String,
    profession: &'static str,
    qualifications: String,
    specialties: String,
    bio: String,
    listed: bool,
    photo: bool,
}

#[derive(Template)]
#[template(path = "booking/team.html")]
struct TeamPage {
    chrome: Chrome,
    team: Vec<ProfileRow>,
    errors: FieldErrors,
    failed_for: String,
    clinic_slug: String,
}

async fn team_page(
    state: &AppState,
    user: &PageUser,
    errors: FieldErrors,
    failed_for: String,
) -> Result<TeamPage, PageError> {
    let clinic = accounts::own_clinic(&state.app, &user.caller).await?;
    let profiles = catalogue::team(&state.app, &user.caller).await?;
    Ok(TeamPage {
        chrome: Chrome::signed_in(state, user, "Team profiles", "/clinic/settings"),
        team: profiles
            .iter()
            .map(|p| ProfileRow {
                id: p.user.id.to_string(),
                name: p.user.name.clone(),
                profession: if p.user.profession
                    == Some(tendo_app::model::accounts::Profession::MassageTherapist)
                {
                    "Massage therapist"
                } else {
                    "Physiotherapist"
                },
                qualifications: p.qualifications.clone(),
                specialties: p.specialties.clone(),
                bio: p.bio.clone(),
                listed: p.listed,
                photo: p.photo_type.is_some(),
            })
            .collect(),
        errors,
        failed_for,
        clinic_slug: clinic.slug,
    })
}

/// `GET /clinic/team`.
pub async fn team(
    _role: RequireRole<Admins>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let (jar, flash) = take_flash(jar);
    let mut page = team_page(&state, &user, FieldErrors::default(), String::new()).await?;
    page.chrome.flash = flash;
    Ok((jar, render(&page)?).into_response())
}

/// The profile form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProfileFields {
    qualifications: String,
    specialties: String,
    bio: String,
    listed: String,
}

/// `POST /clinic/team/{user}`.
pub async fn save_profile(
    _role: RequireRole<Admins>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Path(clinician): Path<String>,
    Form(fields): Form<ProfileFields>,
) -> Result<Response, PageError> {
    let clinician: UserId = clinician.parse().map_err(|_| AppError::NotFound)?;
    let update = ProfileUpdate {
        qualifications: fields.qualifications.trim().into(),
        specialties: fields.specialties.trim().into(),
        bio: fields.bio.trim().into(),
        listed: !fields.listed.is_empty(),
    };
    match setup::save_profile(&state.app, &user.caller, clinician, &update).await {
        Ok(()) => Ok(redirect_with_flash(jar, "/clinic/team", "Profile saved.")),
        Err(AppError::Invalid(errors)) => {
            let page = team_page(&state, &user, errors, clinician.to_string()).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /clinic/team/{user}/photo` (multipart, CSRF token in the query).
pub async fn upload_photo(
    _role: RequireRole<Admins>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Path(clinician): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let clinician: UserId = clinician.parse().map_err(|_| AppError::NotFound)?;
    let found = accounts::clinic_member(&state.app, &user.caller, clinician).await?;
    if found.role != Role::Clinician {
        return Err(AppError::NotFound.into());
    }
    let mut bytes = Vec::new();
    if let Ok(mut multipart) = multipart {
        while let Ok(Some(field)) = multipart.next_field().await {
            if field.name() == Some("photo") {
                bytes = field
                    .bytes()
                    .await
                    .map_err(|_| {
                        AppError::invalid(
                            "photo",
                            "the photo could not be read; it may be larger than 4 MB",
                        )
                    })?
                    .to_vec();
            }
        }
    }
    match setup::set_photo(&state.app, &user.caller, clinician, &bytes).await {
        Ok(()) => Ok(redirect_with_flash(jar, "/clinic/team", "Photo saved.")),
        Err(AppError::Invalid(errors)) => {
            let page = team_page(&state, &user, errors, clinician.to_string()).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
