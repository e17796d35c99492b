//! `/account/reminders`: the patient's training reminders (days, times, next-morning and
//! morning-check reminders), and `/reminders/unsubscribe/{token}`, the one-click link every
//! reminder mail carries (RFC 8058: a `POST` turns that kind off; a `GET` shows the button).

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use tendo_app::error::{AppError, FieldErrors};
use tendo_app::patient::reminders::schedule::WEEK;
use tendo_app::patient::reminders::{self, RemindersInput, RemindersView, day_name};

use super::render_with;
use crate::auth::{PageUser, Patients, RequireRole};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::{redirect_with_flash, render, take_flash};
use crate::patient::form::FormData;
use crate::state::AppState;

/// A day's checkbox.
pub struct DayBox {
    /// `monday` …
    pub value: &'static str,
    /// "Monday" …
    pub label: String,
}

#[derive(Template)]
#[template(path = "patient/reminders.html")]
struct RemindersPage {
    chrome: Chrome,
    days: Vec<DayBox>,
    form: FormData,
    errors: FieldErrors,
    time_zone: String,
    days_advice: Option<String>,
}

fn day_boxes() -> Vec<DayBox> {
    WEEK.iter()
        .map(|day| {
            let value = day_name(*day);
            let mut label = value.to_string();
            if let Some(first) = label.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            DayBox { value, label }
        })
        .collect()
}

fn form_of(view: &RemindersView) -> FormData {
    let mut form = FormData::default();
    for day in &view.days {
        form.push("days", day.clone());
    }
    form.push("time", view.time.clone());
    form.push("morning_time", view.morning_time.clone());
    for (name, on) in [
        ("training", view.training),
        ("missed_session", view.missed_session),
        ("morning_check", view.morning_check),
    ] {
        if on {
            form.push(name, "on");
        }
    }
    form
}

fn page(
    state: &AppState,
    user: &PageUser,
    view: &RemindersView,
    form: FormData,
    errors: FieldErrors,
) -> RemindersPage {
    RemindersPage {
        chrome: Chrome::signed_in(state, user, "Reminders", "/account/reminders"),
        days: day_boxes(),
        form,
        errors,
        time_zone: view.time_zone.clone(),
        days_advice: view.days_advice.clone(),
    }
}

/// `GET /account/reminders`.
pub async fn show(
    State(state): State<AppState>,
    _patients: RequireRole<Patients>,
    user: PageUser,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let view = reminders::view(&state.app, &user.caller, user.caller.id()).await?;
    let (jar, flash) = take_flash(jar);
    let mut page = page(&state, &user, &view, form_of(&view), FieldErrors::default());
    page.chrome.flash = flash;
    Ok((jar, render_with(StatusCode::OK, &page)?).into_response())
}

/// `POST /account/reminders`: saves the settings, or shows them again with the message beside
/// the field at fault.
pub async fn save(
    State(state): State<AppState>,
    _patients: RequireRole<Patients>,
    user: PageUser,
    jar: CookieJar,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(pairs);
    let input = RemindersInput {
        days: form.all("days"),
        time: form.get("time"),
        morning_time: form.get("morning_time"),
        training: form.is("training", "on"),
        missed_session: form.is("missed_session", "on"),
        morning_check: form.is("morning_check", "on"),
    };
    match reminders::update(&state.app, &user.caller, user.caller.id(), &input).await {
        Ok(saved) => {
            let mut message = "Your reminders are saved.".to_string();
            if let Some(advice) = &saved.days_advice {
                message = format!("{message} {advice}");
            }
            Ok(redirect_with_flash(jar, "/account/reminders", &message))
        }
        Err(AppError::Invalid(errors)) => {
            let view = reminders::view(&state.app, &user.caller, user.caller.id()).await?;
            let page = page(&state, &user, &view, form, errors);
            render_with(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "patient/unsubscribe.html")]
struct UnsubscribePage {
    chrome: Chrome,
    token: String,
    what: &'static str,
    done: bool,
}

/// `GET /reminders/unsubscribe/{token}`: what the link turns off and a button that does it (a
/// mail program that opens links to check them changes nothing). No sign-in is needed.
pub async fn unsubscribe_page(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let preview = reminders::unsubscribe_preview(&state.app, &token).await?;
    let page = UnsubscribePage {
        chrome: Chrome::public(&state, "Stop reminders"),
        token,
        what: preview.what,
        done: preview.done,
    };
    Ok(render(&page)?.into_response())
}

/// `POST /reminders/unsubscribe/{token}`: turns that kind of reminder off (RFC 8058 one-click;
/// the body `List-Unsubscribe=One-Click` or the page's button). Doing it again changes nothing.
pub async fn unsubscribe(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let done = reminders::unsubscribe(&state.app, &token).await?;
    let page = UnsubscribePage {
        chrome: Chrome::public(&state, "Reminders stopped"),
        token: String::new(),
        what: done.what,
        done: true,
    };
    Ok(render(&page)?.into_response())
}
