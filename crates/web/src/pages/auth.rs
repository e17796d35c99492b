//! Signing in and out, invitations and password resets.

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use jiff::tz::TimeZone;
use serde::Deserialize;
use std::net::SocketAddr;
use tendo_app::accounts::{self, AcceptForm};
use tendo_app::error::{AppError, FieldErrors};
use tendo_app::model::accounts::{Role, User};

use crate::auth::middleware::request_meta;
use crate::auth::{PageUser, SESSION_COOKIE, removed_session_cookie, session_cookie};
use crate::error::PageError;
use crate::pages::layout::{Chrome, nav_for};
use crate::pages::{redirect_with_flash, render, safe_next, take_flash};
use crate::state::AppState;

/// Where a signed-in person starts.
pub fn home_of(user: &User) -> &'static str {
    nav_for(user.role)
        .first()
        .map(|(href, _)| *href)
        .unwrap_or("/account")
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    /// Clinics taking bookings online: (name, public page).
    clinics: Vec<(String, String)>,
}

/// `GET /`: the landing page, or the person's start page.
pub async fn home(
    State(state): State<AppState>,
    user: Option<PageUser>,
    jar: CookieJar,
) -> Result<Response, PageError> {
    if let Some(user) = user {
        return Ok(Redirect::to(home_of(&user.caller.user)).into_response());
    }
    let (jar, flash) = take_flash(jar);
    let clinics = tendo_app::booking::bookable_clinics(&state.app)
        .await?
        .into_iter()
        .map(|clinic| (clinic.name, format!("/c/{}", clinic.slug)))
        .collect();
    let page = HomePage {
        chrome: Chrome::public(&state, "Welcome").with_flash(flash),
        clinics,
    };
    Ok((jar, render(&page)?).into_response())
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    email: String,
    next: String,
    message: Option<String>,
}

/// The `next` query parameter.
#[derive(Debug, Default, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// `GET /login`.
pub async fn login_form(
    State(state): State<AppState>,
    Query(query): Query<NextQuery>,
    user: Option<PageUser>,
    jar: CookieJar,
) -> Result<Response, PageError> {
    if let Some(user) = user {
        return Ok(Redirect::to(home_of(&user.caller.user)).into_response());
    }
    let (jar, flash) = take_flash(jar);
    let page = LoginPage {
        chrome: Chrome::public(&state, "Sign in").with_flash(flash),
        email: String::new(),
        next: safe_next(query.next.as_deref()),
        message: None,
    };
    Ok((jar, render(&page)?).into_response())
}

/// The sign-in form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

/// `POST /login`.
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let meta = request_meta(&state, &headers, Some(peer));
    let previous = jar
        .get(SESSION_COOKIE)
        .map(|cookie| cookie.value().to_string());
    let next = safe_next(form.next.as_deref());
    match accounts::login(
        &state.app,
        &form.email,
        &form.password,
        &meta,
        previous.as_deref(),
    )
    .await
    {
        Ok(signed_in) => {
            let destination = if next == "/" {
                home_of(&signed_in.user).to_string()
            } else {
                next
            };
            let cookie = session_cookie(
                signed_in.session_token,
                signed_in.expires_at,
                state.app.now(),
                state.web.secure_cookies,
            );
            Ok((jar.add(cookie), Redirect::to(&destination)).into_response())
        }
        Err(
            error @ (AppError::Unauthenticated(_)
            | AppError::Locked { .. }
            | AppError::TooManyAttempts { .. }),
        ) => {
            let status = crate::error::status_of(&error);
            let page = LoginPage {
                chrome: Chrome::public(&state, "Sign in"),
                email: form.email,
                next,
                message: Some(error.public_message()),
            };
            Ok((status, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /logout`.
pub async fn logout(
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
) -> Result<Response, PageError> {
    accounts::logout(&state.app, &user.session_token).await?;
    let jar = jar.remove(removed_session_cookie());
    let mut response = redirect_with_flash(jar, "/login", "You are signed out.");
    // Nothing of the person stays on a shared device: the pages the service worker kept for
    // offline use, the worker itself and the browser's storage go (the cookies are handled
    // above, so the flash message survives).
    response.headers_mut().insert(
        "clear-site-data",
        axum::http::HeaderValue::from_static("\"cache\", \"storage\""),
    );
    Ok(response)
}

#[derive(Template)]
#[template(path = "forgot.html")]
struct ForgotPage {
    chrome: Chrome,
    email: String,
    sent: bool,
    errors: FieldErrors,
}

/// `GET /forgot-password`.
pub async fn forgot_form(
    State(state): State<AppState>,
    user: Option<PageUser>,
) -> Result<Response, PageError> {
    let page = ForgotPage {
        chrome: Chrome::public_for(
            &state,
            user.as_ref(),
            "Forgotten password",
            "/forgot-password",
        ),
        email: String::new(),
        sent: false,
        errors: FieldErrors::default(),
    };
    Ok(render(&page)?.into_response())
}

/// The forgotten-password form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ForgotForm {
    email: String,
}

/// `POST /forgot-password`: queues a reset link to the address if it has an account, and says
/// the same, after the same work, either way.
pub async fn forgot(
    State(state): State<AppState>,
    user: Option<PageUser>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<ForgotForm>,
) -> Result<Response, PageError> {
    let chrome = Chrome::public_for(
        &state,
        user.as_ref(),
        "Forgotten password",
        "/forgot-password",
    );
    let mut errors = FieldErrors::default();
    accounts::check_email(
        &mut errors,
        "email",
        &accounts::normalise_email(&form.email),
    );
    if !errors.0.is_empty() {
        let page = ForgotPage {
            chrome,
            email: form.email,
            sent: false,
            errors,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }
    let meta = request_meta(&state, &headers, Some(peer));
    // The link is queued to the outbox by the service; the answer is the same either way.
    accounts::request_reset(&state.app, &form.email, &meta).await?;
    let page = ForgotPage {
        chrome,
        email: form.email,
        sent: true,
        errors: FieldErrors::default(),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "reset.html")]
struct ResetPage {
    chrome: Chrome,
    token: String,
    errors: FieldErrors,
}

/// `GET /reset-password/{token}`.
pub async fn reset_form(
    State(state): State<AppState>,
    user: Option<PageUser>,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let page = ResetPage {
        chrome: Chrome::public_for(
            &state,
            user.as_ref(),
            "Choose a new password",
            "/reset-password",
        ),
        token,
        errors: FieldErrors::default(),
    };
    Ok(render(&page)?.into_response())
}

/// The new-password form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ResetForm {
    password: String,
    confirm: String,
}

/// `POST /reset-password/{token}`.
pub async fn reset(
    State(state): State<AppState>,
    user: Option<PageUser>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(token): Path<String>,
    jar: CookieJar,
    Form(form): Form<ResetForm>,
) -> Result<Response, PageError> {
    let meta = request_meta(&state, &headers, Some(peer));
    let result = if form.password != form.confirm {
        Err(AppError::invalid("confirm", "the two passwords differ"))
    } else {
        accounts::complete_reset(&state.app, &token, &form.password, &meta).await
    };
    match result {
        Ok(ended) => Ok(redirect_with_flash(
            jar,
            "/login",
            &format!(
                "Your password is changed. {} Sign in with the new password.",
                ended.sentence()
            ),
        )),
        Err(AppError::Invalid(errors)) => {
            let page = ResetPage {
                chrome: Chrome::public_for(
                    &state,
                    user.as_ref(),
                    "Choose a new password",
                    "/reset-password",
                ),
                token,
                errors,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "invitation.html")]
struct InvitationPage {
    chrome: Chrome,
    token: String,
    name: String,
    email: String,
    clinic: String,
    role: &'static str,
    time_zone: String,
    zones: Vec<String>,
    errors: FieldErrors,
}

fn role_phrase(role: Role) -> &'static str {
    match role {
        Role::Patient => "a patient",
        Role::Clinician => "a clinician",
        Role::Admin => "an administrator",
    }
}

fn zones() -> Vec<String> {
    jiff::tz::db()
        .available()
        .map(|name| name.to_string())
        .collect()
}

async fn invitation_page(
    state: &AppState,
    user: Option<&PageUser>,
    token: String,
    time_zone: Option<String>,
    errors: FieldErrors,
) -> Result<InvitationPage, PageError> {
    let (invitation, clinic) = accounts::invitation_with_clinic(&state.app, &token).await?;
    Ok(InvitationPage {
        chrome: Chrome::public_for(state, user, "Join your clinic", "/invitations"),
        token,
        name: invitation.name,
        email: invitation.email,
        role: role_phrase(invitation.role),
        time_zone: time_zone.unwrap_or_else(|| {
            TimeZone::get(&clinic.time_zone)
                .ok()
                .and_then(|zone| zone.iana_name().map(str::to_string))
                .unwrap_or(clinic.time_zone.clone())
        }),
        clinic: clinic.name,
        zones: zones(),
        errors,
    })
}

/// `GET /invitations/{token}`.
pub async fn invitation_form(
    State(state): State<AppState>,
    user: Option<PageUser>,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let page = invitation_page(&state, user.as_ref(), token, None, FieldErrors::default()).await?;
    Ok(render(&page)?.into_response())
}

/// The form that accepts an invitation.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InvitationForm {
    password: String,
    confirm: String,
    time_zone: String,
}

/// `POST /invitations/{token}`: creates the account and signs the person in.
pub async fn accept_invitation(
    State(state): State<AppState>,
    user: Option<PageUser>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(token): Path<String>,
    jar: CookieJar,
    Form(form): Form<InvitationForm>,
) -> Result<Response, PageError> {
    let accepted = if form.password != form.confirm {
        Err(AppError::invalid("confirm", "the two passwords differ"))
    } else {
        accounts::accept_invitation(
            &state.app,
            &token,
            &AcceptForm {
                password: form.password.clone(),
                time_zone: form.time_zone.clone(),
            },
        )
        .await
    };
    let created = match accepted {
        Ok(created) => created,
        Err(AppError::Invalid(errors)) => {
            let page =
                invitation_page(&state, user.as_ref(), token, Some(form.time_zone), errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
        }
        Err(other) => return Err(other.into()),
    };
    let meta = request_meta(&state, &headers, Some(peer));
    let previous = user.as_ref().map(|user| user.session_token.as_str());
    let signed_in =
        accounts::login(&state.app, &created.email, &form.password, &meta, previous).await?;
    let cookie = session_cookie(
        signed_in.session_token,
        signed_in.expires_at,
        state.app.now(),
        state.web.secure_cookies,
    );
    Ok(redirect_with_flash(
        jar.add(cookie),
        home_of(&created),
        &format!("Welcome to Tendo, {}.", created.name),
    ))
}
