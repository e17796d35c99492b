//! `/clinic/triage`: the clinic's patients whom no clinician cares for yet, for a clinician to
//! take into their care or an administrator to assign.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use tendo_app::clinic::triage;
use tendo_app::error::AppError;
use tendo_app::model::accounts::{Role, User};
use tendo_app::model::ids::UserId;

use crate::auth::{PageUser, RequireRole, Staff};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::{redirect_with_flash, render, take_flash};
use crate::state::AppState;
use crate::time::Local;

/// One waiting patient as listed.
struct WaitingRow {
    id: String,
    name: String,
    email: String,
    facts: String,
}

#[derive(Template)]
#[template(path = "clinic/triage.html")]
struct TriagePage {
    chrome: Chrome,
    rows: Vec<WaitingRow>,
    is_admin: bool,
    clinicians: Vec<User>,
    error: Option<String>,
}

async fn page(
    state: &AppState,
    user: &PageUser,
    error: Option<String>,
) -> Result<TriagePage, PageError> {
    let local = Local::of(&user.caller.user);
    let rows = triage::list(&state.app, &user.caller)
        .await?
        .into_iter()
        .map(|entry| {
            let mut facts = vec![format!("joined {}", local.date_time(entry.joined_at))];
            if entry.intake_open {
                facts.push("intake not finished".into());
            }
            if let Some(next) = &entry.next_appointment {
                facts.push(format!(
                    "next: {} {}",
                    next.kind,
                    local.date_time(next.start)
                ));
            }
            WaitingRow {
                id: entry.patient_id.to_string(),
                name: entry.name,
                email: entry.email,
                facts: facts.join("; "),
            }
        })
        .collect();
    let is_admin = user.caller.user.role == Role::Admin;
    let clinicians = if is_admin {
        tendo_app::accounts::clinicians(&state.app, &user.caller).await?
    } else {
        Vec::new()
    };
    Ok(TriagePage {
        chrome: Chrome::signed_in(state, user, "Waiting for a clinician", "/clinic/triage"),
        rows,
        is_admin,
        clinicians,
        error,
    })
}

/// `GET /clinic/triage`.
pub async fn show(
    _staff: RequireRole<Staff>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let (jar, flash) = take_flash(jar);
    let mut page = page(&state, &user, None).await?;
    page.chrome.flash = flash;
    Ok((jar, render(&page)?).into_response())
}

/// The assignment form: the waiting patient, and the clinician for an administrator.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AssignFields {
    patient: String,
    clinician: String,
}

/// `POST /clinic/triage`: takes the patient into the caller's care, or (for an administrator)
/// into the chosen clinician's.
pub async fn assign(
    _staff: RequireRole<Staff>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Form(fields): Form<AssignFields>,
) -> Result<Response, PageError> {
    let (Ok(patient), Ok(clinician)) = (
        fields.patient.trim().parse::<UserId>(),
        match fields.clinician.trim() {
            "" => Ok(None),
            text => text.parse::<UserId>().map(Some),
        },
    ) else {
        let message = "choose a waiting patient (and a clinician) from the list".to_string();
        let page = page(&state, &user, Some(message)).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    };
    match triage::assign(&state.app, &user.caller, patient, clinician).await {
        Ok(_) => Ok(redirect_with_flash(
            jar,
            "/clinic/triage",
            "Done: the patient is in a clinician's care and on their caseload.",
        )),
        Err(AppError::Invalid(errors)) => {
            let message = errors.0.first().map(|problem| problem.message.clone());
            let page = page(&state, &user, message).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(AppError::Conflict(message)) => {
            let page = page(&state, &user, Some(message)).await?;
            Ok((StatusCode::CONFLICT, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
