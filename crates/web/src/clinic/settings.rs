//! `/clinic/settings`: the clinic's settings, and the way to its team profiles (the public "our
//! team" page), appointment types and prices, invitations and the audit log.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use tendo_app::clinic::settings::{self, SettingsInput};
use tendo_app::error::{AppError, FieldErrors};

use crate::auth::{Admins, PageUser, RequireRole};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::{redirect_with_flash, take_flash};
use crate::patient::pages::render_with;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "clinic/settings.html")]
struct SettingsPage {
    chrome: Chrome,
    name: String,
    slug: String,
    form: SettingsInput,
    errors: FieldErrors,
}

/// `GET /clinic/settings`.
pub async fn show(
    State(state): State<AppState>,
    _admins: RequireRole<Admins>,
    user: PageUser,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let clinic = settings::view(&state.app, &user.caller).await?;
    let (jar, flash) = take_flash(jar);
    let page = SettingsPage {
        chrome: Chrome::signed_in(&state, &user, "Clinic", "/clinic/settings").with_flash(flash),
        name: clinic.name,
        slug: clinic.slug,
        form: SettingsInput::of(&clinic.settings),
        errors: FieldErrors::default(),
    };
    Ok((jar, render_with(StatusCode::OK, &page)?).into_response())
}

/// `POST /clinic/settings`.
pub async fn save(
    State(state): State<AppState>,
    _admins: RequireRole<Admins>,
    user: PageUser,
    jar: CookieJar,
    Form(form): Form<SettingsInput>,
) -> Result<Response, PageError> {
    match settings::update(&state.app, &user.caller, &form).await {
        Ok(_) => Ok(redirect_with_flash(
            jar,
            "/clinic/settings",
            "Settings saved.",
        )),
        Err(AppError::Invalid(errors)) => {
            let clinic = settings::view(&state.app, &user.caller).await?;
            let page = SettingsPage {
                chrome: Chrome::signed_in(&state, &user, "Clinic", "/clinic/settings"),
                name: clinic.name,
                slug: clinic.slug,
                form,
                errors,
            };
            render_with(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other.into()),
    }
}
