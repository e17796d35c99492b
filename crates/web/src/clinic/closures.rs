//! `/clinic/closures`: the clinic's public holidays and closures, days nobody can be booked
//! (administrators), and their JSON twin under `/api/v1/clinic/closures`.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use tendo_app::booking::closures::{self, ClosureForm};
use tendo_app::error::{AppError, FieldErrors};
use tendo_app::model::closures::ClinicClosure;
use tendo_app::model::ids::RecordId;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::api::json::{ApiJson, ApiPath};
use crate::auth::{Admins, ApiUser, PageUser, RequireRole, Staff};
use crate::error::{ApiError, ErrorBody, PageError};
use crate::pages::layout::Chrome;
use crate::pages::{redirect_with_flash, render, take_flash};
use crate::state::AppState;
use crate::time::Local;

struct ClosureRow {
    id: String,
    text: String,
}

#[derive(Template)]
#[template(path = "clinic/closures.html")]
struct ClosuresPage {
    chrome: Chrome,
    rows: Vec<ClosureRow>,
    date: String,
    note: String,
    errors: FieldErrors,
}

/// The add form, or the one to remove.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ClosureFields {
    date: String,
    note: String,
    closure: String,
}

async fn page(
    state: &AppState,
    user: &PageUser,
    fields: &ClosureFields,
    errors: FieldErrors,
) -> Result<ClosuresPage, PageError> {
    let rows = closures::upcoming(&state.app, &user.caller)
        .await?
        .into_iter()
        .map(|closure| ClosureRow {
            id: closure.id.to_string(),
            text: if closure.note.is_empty() {
                Local::date(closure.date)
            } else {
                format!("{}: {}", Local::date(closure.date), closure.note)
            },
        })
        .collect();
    Ok(ClosuresPage {
        chrome: Chrome::signed_in(state, user, "Holidays and closures", "/clinic/settings"),
        rows,
        date: fields.date.clone(),
        note: fields.note.clone(),
        errors,
    })
}

/// `GET /clinic/closures`.
pub async fn show(
    _admins: RequireRole<Admins>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let (jar, flash) = take_flash(jar);
    let mut page = page(
        &state,
        &user,
        &ClosureFields::default(),
        FieldErrors::default(),
    )
    .await?;
    page.chrome.flash = flash;
    Ok((jar, render(&page)?).into_response())
}

/// `POST /clinic/closures`: closes the clinic on a day.
pub async fn add(
    _admins: RequireRole<Admins>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Form(fields): Form<ClosureFields>,
) -> Result<Response, PageError> {
    let form = ClosureForm {
        date: fields.date.clone(),
        note: fields.note.clone(),
    };
    let errors = match closures::add(&state.app, &user.caller, &form).await {
        Ok(_) => {
            return Ok(redirect_with_flash(
                jar,
                "/clinic/closures",
                "Closed on that day: nobody can book it, and the free times leave it out.",
            ));
        }
        Err(AppError::Invalid(errors)) => errors,
        Err(AppError::Conflict(message)) => FieldErrors::one("date", message),
        Err(other) => return Err(other.into()),
    };
    let page = page(&state, &user, &fields, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

/// `POST /clinic/closures/remove`: opens the clinic again on a closed day.
pub async fn remove(
    _admins: RequireRole<Admins>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Form(fields): Form<ClosureFields>,
) -> Result<Response, PageError> {
    let Ok(id) = fields.closure.trim().parse::<RecordId>() else {
        let errors = FieldErrors::one("closure", "choose a closed day from the list");
        let page = page(&state, &user, &fields, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    };
    closures::remove(&state.app, &user.caller, id).await?;
    Ok(redirect_with_flash(
        jar,
        "/clinic/closures",
        "Open again on that day.",
    ))
}

/// `GET /api/v1/clinic/closures`: the clinic's closed days from today on.
#[utoipa::path(get, path = "/api/v1/clinic/closures", tag = "clinic", operation_id = "clinic_closures",
    responses((status = 200, description = "The closed days, by date", body = Vec<ClinicClosure>)))]
pub async fn list(
    _staff: RequireRole<Staff>,
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
) -> Result<Json<Vec<ClinicClosure>>, ApiError> {
    Ok(Json(closures::upcoming(&state.app, &caller).await?))
}

/// A day to close the clinic.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClosureBody {
    /// The day, such as `2026-12-25`: from today up to two years ahead.
    #[schema(format = Date)]
    pub date: String,
    /// Why, such as "Christmas Day" (at most 120 characters).
    #[serde(default)]
    #[schema(max_length = 120)]
    pub note: String,
}

/// `POST /api/v1/clinic/closures`: closes the clinic on a day.
#[utoipa::path(post, path = "/api/v1/clinic/closures", tag = "clinic", operation_id = "clinic_add_closure",
    request_body = ClosureBody,
    responses((status = 201, description = "Closed on that day", body = ClinicClosure),
        (status = 409, description = "Already closed on that day", body = ErrorBody),
        (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn create(
    _admins: RequireRole<Admins>,
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiJson(body): ApiJson<ClosureBody>,
) -> Result<(StatusCode, Json<ClinicClosure>), ApiError> {
    let closure = closures::add(
        &state.app,
        &caller,
        &ClosureForm {
            date: body.date,
            note: body.note,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(closure)))
}

/// `DELETE /api/v1/clinic/closures/{closure}`: opens the clinic again on that day.
#[utoipa::path(delete, path = "/api/v1/clinic/closures/{closure}", tag = "clinic",
    operation_id = "clinic_remove_closure",
    params(("closure" = Uuid, Path, description = "The closure's id")),
    responses((status = 204, description = "Open again"),
        (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody)))]
pub async fn delete(
    _admins: RequireRole<Admins>,
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(closure): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    closures::remove(&state.app, &caller, RecordId::from_uuid(closure)).await?;
    Ok(StatusCode::NO_CONTENT)
}
