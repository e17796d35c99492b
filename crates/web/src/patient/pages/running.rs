//! `/running`: weekly distance and hard sessions, with a note when a week jumps well above the
//! ones before it.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use tendo_app::error::{AppError, FieldErrors};
use tendo_app::patient::running::{self, RunningInput, RunningView};

use super::render_with;
use crate::auth::{PageUser, Patients, RequireRole};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::{redirect_with_flash, take_flash};
use crate::patient::form::FormData;
use crate::patient::views::{ReasonRow, minutes, reasons};
use crate::state::AppState;

/// A week as listed.
pub struct WeekRow {
    /// "Week of 2 Mar 2026".
    pub week: String,
    /// Kilometres.
    pub distance: String,
    /// Hard sessions.
    pub hard: u8,
    /// True when the week jumped.
    pub jump: bool,
    /// The review.
    pub review: Vec<ReasonRow>,
}

#[derive(Template)]
#[template(path = "patient/running.html")]
struct RunningPage {
    chrome: Chrome,
    weeks: Vec<WeekRow>,
    form: FormData,
    errors: FieldErrors,
}

fn page(
    state: &AppState,
    user: &PageUser,
    view: &RunningView,
    form: FormData,
    errors: FieldErrors,
) -> RunningPage {
    RunningPage {
        chrome: Chrome::signed_in(state, user, "Running log", "/running"),
        weeks: view
            .weeks
            .iter()
            .map(|reviewed| WeekRow {
                week: reviewed.week.week_start.strftime("%-d %b %Y").to_string(),
                distance: minutes(reviewed.week.distance_km),
                hard: reviewed.week.hard_sessions,
                jump: reviewed.jump,
                review: reasons(&reviewed.review),
            })
            .collect(),
        form,
        errors,
    }
}

/// `GET /running`.
pub async fn show(
    State(state): State<AppState>,
    _patients: RequireRole<Patients>,
    user: PageUser,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let view = running::view(&state.app, &user.caller, user.caller.id()).await?;
    let (jar, flash) = take_flash(jar);
    let mut form = FormData::default();
    form.push("week", view.this_week.to_string());
    form.push("hard_sessions", "0");
    let mut page = page(&state, &user, &view, form, FieldErrors::default());
    page.chrome.flash = flash;
    Ok((jar, render_with(StatusCode::OK, &page)?).into_response())
}

/// `POST /running`: logs or corrects a week.
pub async fn save(
    State(state): State<AppState>,
    _patients: RequireRole<Patients>,
    user: PageUser,
    jar: CookieJar,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(pairs);
    let input = RunningInput {
        week: form.get("week"),
        distance_km: form.get("distance_km"),
        hard_sessions: form.get("hard_sessions"),
    };
    match running::save_week(&state.app, &user.caller, user.caller.id(), &input).await {
        Ok(saved) => Ok(redirect_with_flash(
            jar,
            "/running",
            &if saved.jump {
                format!(
                    "Saved the week of {}. It jumped above your recent weeks: see the note below.",
                    saved.week.week_start
                )
            } else {
                format!("Saved the week of {}.", saved.week.week_start)
            },
        )),
        Err(AppError::Invalid(errors)) => {
            let view = running::view(&state.app, &user.caller, user.caller.id()).await?;
            let page = page(&state, &user, &view, form, errors);
            render_with(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other.into()),
    }
}
