//! The account page: sign out everywhere, personal access tokens, and a patient's data rights.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use tendo_app::error::{AppError, FieldErrors};
use tendo_app::model::accounts::{ApiToken, Role, Scope};
use tendo_app::model::ids::ApiTokenId;
use tendo_app::model::patients::ExportLayout;
use tendo_app::{accounts, privacy};

use crate::auth::{PageUser, removed_session_cookie};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::{redirect_with_flash, render, take_flash};
use crate::state::AppState;
use crate::time::Local;

/// A token as the page lists it.
struct TokenRow {
    id: String,
    name: String,
    scopes: String,
    created: String,
    expires: String,
    last_used: String,
    active: bool,
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    chrome: Chrome,
    name: String,
    email: String,
    time_zone: String,
    is_patient: bool,
    user_id: String,
    tokens: Vec<TokenRow>,
    new_secret: Option<String>,
    errors: FieldErrors,
    token_name: String,
}

fn rows(tokens: &[ApiToken], local: &Local) -> Vec<TokenRow> {
    tokens
        .iter()
        .map(|token| TokenRow {
            id: token.id.to_string(),
            name: token.name.clone(),
            scopes: token
                .scopes
                .iter()
                .map(|scope| scope.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            created: local.date_time(token.created_at),
            expires: token
                .expires_at
                .map(|at| local.date_time(at))
                .unwrap_or_else(|| "when revoked".into()),
            last_used: token
                .last_used_at
                .map(|at| local.date_time(at))
                .unwrap_or_else(|| "never".into()),
            active: token.revoked_at.is_none(),
        })
        .collect()
}

async fn page(
    state: &AppState,
    user: &PageUser,
    new_secret: Option<String>,
    errors: FieldErrors,
    token_name: String,
) -> Result<AccountPage, PageError> {
    let local = Local::of(&user.caller.user);
    let tokens = accounts::tokens(&state.app, &user.caller).await?;
    Ok(AccountPage {
        chrome: Chrome::signed_in(state, user, "Your account", "/account"),
        name: user.caller.user.name.clone(),
        email: user.caller.user.email.clone(),
        time_zone: user.caller.user.time_zone.clone(),
        is_patient: user.caller.user.role == Role::Patient,
        user_id: user.caller.user.id.to_string(),
        tokens: rows(&tokens, &local),
        new_secret,
        errors,
        token_name,
    })
}

/// `GET /account`.
pub async fn show(
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let (jar, flash) = take_flash(jar);
    let mut page = page(&state, &user, None, FieldErrors::default(), String::new()).await?;
    page.chrome.flash = flash;
    Ok((jar, render(&page)?).into_response())
}

/// The form that creates a token.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenForm {
    name: String,
    read: Option<String>,
    write: Option<String>,
    lifetime_days: String,
}

/// `POST /account/tokens`: creates a token and shows its secret once.
pub async fn create_token(
    State(state): State<AppState>,
    user: PageUser,
    Form(form): Form<TokenForm>,
) -> Result<Response, PageError> {
    let mut scopes = Vec::new();
    if form.read.is_some() {
        scopes.push(Scope::Read);
    }
    if form.write.is_some() {
        scopes.push(Scope::Write);
    }
    let lifetime = match form.lifetime_days.trim() {
        "" => Ok(None),
        days => days.parse::<u32>().map(Some).map_err(|_| {
            AppError::invalid(
                "lifetime_days",
                "enter a number of days from 1 to 366, or leave it empty",
            )
        }),
    };
    let created = match lifetime {
        Ok(lifetime) => {
            accounts::create_token(&state.app, &user.caller, &form.name, &scopes, lifetime).await
        }
        Err(error) => Err(error),
    };
    match created {
        Ok(created) => {
            let page = page(
                &state,
                &user,
                Some(created.secret),
                FieldErrors::default(),
                String::new(),
            )
            .await?;
            Ok(render(&page)?.into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let page = page(&state, &user, None, errors, form.name).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /account/tokens/{token}/revoke`.
pub async fn revoke_token(
    State(state): State<AppState>,
    user: PageUser,
    Path(token): Path<ApiTokenId>,
    jar: CookieJar,
) -> Result<Response, PageError> {
    accounts::revoke_token(&state.app, &user.caller, token).await?;
    Ok(redirect_with_flash(
        jar,
        "/account",
        "The token is revoked.",
    ))
}

/// `POST /account/logout-everywhere`.
pub async fn logout_everywhere(
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let ended = accounts::logout_everywhere(&state.app, &user.caller).await?;
    let jar = jar.remove(removed_session_cookie());
    Ok(redirect_with_flash(
        jar,
        "/login",
        &format!("You are signed out on every device. {}", ended.sentence()),
    ))
}

/// `GET /account/export`: everything Tendo holds about the patient, as a JSON download.
pub async fn export(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    // Pretty at the top, each table's rows one to a line; sent as it is read.
    let download = privacy::export_download(
        &state.app,
        &user.caller,
        user.caller.user.id,
        ExportLayout::Pretty,
    )
    .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"tendo-my-data.json\"",
            ),
        ],
        crate::download::export_body(download),
    )
        .into_response())
}

/// `GET /account/logs.csv`: every set the patient logged, as a spreadsheet download.
pub async fn logs_csv(
    State(state): State<AppState>,
    user: PageUser,
) -> Result<Response, PageError> {
    let body =
        tendo_app::patient::logs::logs_csv(&state.app, &user.caller, user.caller.user.id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"tendo-my-training-log.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}

/// The form that confirms deletion.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DeleteForm {
    password: String,
}

/// `POST /account/delete`: deletes the patient's records after they confirm.
pub async fn delete(
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Form(form): Form<DeleteForm>,
) -> Result<Response, PageError> {
    match privacy::delete_own_record(&state.app, &user.caller, &form.password).await {
        Ok(()) => {
            let jar = jar.remove(removed_session_cookie());
            Ok(redirect_with_flash(
                jar,
                "/",
                "Your records are deleted and your account is closed.",
            ))
        }
        Err(AppError::Invalid(errors)) => {
            let page = page(&state, &user, None, errors, String::new()).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
