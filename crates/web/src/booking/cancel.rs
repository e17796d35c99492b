//! Cancelling from the pages: a confirmation step that says what will be cancelled and asks
//! for a reason, then the cancellation itself. Nothing is cancelled on the first click: every
//! cancel button is a link to the confirmation page.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use tendo_app::booking::appointment_for;
use tendo_app::booking::cancel::{self, MAX_REASON_CHARS, reason_required};
use tendo_app::error::{AppError, FieldErrors};
use tendo_app::model::accounts::Role;
use tendo_app::model::booking::AppointmentStatus;
use tendo_app::model::ids::AppointmentId;

use super::views::AppointmentRow;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::{redirect_with_flash, render};
use crate::state::AppState;
use crate::time::Local;

fn appointment_id(text: &str) -> Result<AppointmentId, AppError> {
    text.parse().map_err(|_| AppError::NotFound)
}

/// The cancel form: how much, and why.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CancelFields {
    scope: String,
    reason: String,
}

#[derive(Template)]
#[template(path = "booking/cancel.html")]
struct ConfirmPage {
    chrome: Chrome,
    row: AppointmentRow,
    patient: String,
    clinician: String,
    reason_required: bool,
    max_reason: usize,
    following: bool,
    fields: CancelFields,
    errors: FieldErrors,
    problem: Option<String>,
}

async fn confirm_page(
    state: &AppState,
    user: &PageUser,
    id: AppointmentId,
    fields: CancelFields,
    errors: FieldErrors,
    problem: Option<String>,
) -> Result<ConfirmPage, PageError> {
    let view = appointment_for(&state.app, &user.caller, id).await?;
    if view.appointment.status != AppointmentStatus::Booked {
        return Err(AppError::Conflict("This appointment is already cancelled.".into()).into());
    }
    let local = Local::of(&user.caller.user);
    let is_patient = user.caller.user.role == Role::Patient;
    Ok(ConfirmPage {
        chrome: Chrome::signed_in(state, user, "Cancel an appointment", "/appointments"),
        row: AppointmentRow::of(&view, &local, is_patient),
        patient: view.patient.name.clone(),
        clinician: view.clinician.name.clone(),
        reason_required: reason_required(&user.caller),
        max_reason: MAX_REASON_CHARS,
        following: fields.scope == "following",
        fields,
        errors,
        problem,
    })
}

/// `GET /appointments/{appointment}/cancel`: what will be cancelled, and a reason.
pub async fn confirm(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let page = confirm_page(
        &state,
        &user,
        appointment_id(&id)?,
        CancelFields::default(),
        FieldErrors::default(),
        None,
    )
    .await?;
    Ok(render(&page)?.into_response())
}

/// `POST /appointments/{appointment}/cancel`: one, or this and every later one of its series,
/// with the reason given on the confirmation page.
pub async fn cancel(
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(fields): Form<CancelFields>,
) -> Result<Response, PageError> {
    let id = appointment_id(&id)?;
    let following = fields.scope == "following";
    match cancel::cancel(&state.app, &user.caller, id, following, &fields.reason).await {
        Ok(cancelled) => Ok(redirect_with_flash(
            jar,
            &format!("/appointments/{id}"),
            &if cancelled.len() > 1 {
                format!("Cancelled {} appointments of the series.", cancelled.len())
            } else {
                "Cancelled.".into()
            },
        )),
        Err(error @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let status = crate::error::status_of(&error);
            let (errors, problem) = match error {
                AppError::Invalid(errors) => (errors, None),
                other => (FieldErrors::default(), Some(other.public_message())),
            };
            let page = confirm_page(&state, &user, id, fields, errors, problem).await?;
            Ok((status, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
