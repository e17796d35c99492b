//! `/messages`: a patient's conversation with their care team; for clinicians and
//! administrators, the list of their patients' threads with unread counts, and each thread.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use tendo_app::clinic::messages;
use tendo_app::error::{AppError, FieldErrors};
use tendo_app::model::accounts::Role;
use tendo_app::model::ids::UserId;
use uuid::Uuid;

use crate::auth::{PageUser, Patients, RequireRole, Staff};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::{redirect_with_flash, take_flash};
use crate::patient::pages::render_with;
use crate::state::AppState;
use crate::time::Local;

/// A message as shown.
pub struct MessageRow {
    /// Who wrote it.
    pub author: String,
    /// When, in the reader's zone.
    pub when: String,
    /// The text.
    pub body: String,
    /// True when the reader wrote it.
    pub mine: bool,
}

#[derive(Template)]
#[template(path = "clinic/thread.html")]
struct ThreadPage {
    chrome: Chrome,
    heading: String,
    intro: &'static str,
    action: String,
    record: Option<String>,
    messages: Vec<MessageRow>,
    body: String,
    errors: FieldErrors,
}

/// A thread as listed.
pub struct ThreadRow {
    /// Its address.
    pub href: String,
    /// The patient's name.
    pub name: String,
    /// The latest message, in words.
    pub last: String,
    /// Unread messages.
    pub unread: u32,
}

#[derive(Template)]
#[template(path = "clinic/threads.html")]
struct ThreadsPage {
    chrome: Chrome,
    threads: Vec<ThreadRow>,
}

/// The message form.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct MessageForm {
    body: String,
}

async fn thread_page(
    state: &AppState,
    user: &PageUser,
    patient: UserId,
    body: String,
    errors: FieldErrors,
) -> Result<ThreadPage, AppError> {
    let thread = messages::thread(&state.app, &user.caller, patient).await?;
    let local = Local::of(&user.caller.user);
    let own = user.caller.user.role == Role::Patient;
    Ok(ThreadPage {
        chrome: Chrome::signed_in(state, user, "Messages", "/messages"),
        heading: if own {
            "Messages with your care team".into()
        } else {
            format!("Messages with {}", thread.patient_name)
        },
        intro: if own {
            "Write to your clinicians here. For anything urgent, call your clinic or emergency \
             services: messages are read during working hours."
        } else {
            "The patient and their care team share this thread."
        },
        action: if own {
            "/messages".into()
        } else {
            format!("/messages/{patient}")
        },
        record: (!own).then(|| format!("/clinic/patients/{patient}")),
        messages: thread
            .messages
            .iter()
            .map(|message| MessageRow {
                author: message.author_name.clone(),
                when: local.date_time(message.created_at),
                body: message.body.clone(),
                mine: message.author_id == user.caller.id(),
            })
            .collect(),
        body,
        errors,
    })
}

/// `GET /messages`: the patient's thread, or the staff's list of threads.
pub async fn index(
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let (jar, flash) = take_flash(jar);
    if user.caller.user.role == Role::Patient {
        let mut page = thread_page(
            &state,
            &user,
            user.caller.id(),
            String::new(),
            FieldErrors::default(),
        )
        .await?;
        // The thread was just marked read: no badge for what is on the screen.
        page.chrome = Chrome::signed_in(
            &state,
            &PageUser {
                unread_messages: 0,
                ..user.clone()
            },
            "Messages",
            "/messages",
        )
        .with_flash(flash);
        return Ok((jar, render_with(StatusCode::OK, &page)?).into_response());
    }
    let threads = messages::threads(&state.app, &user.caller).await?;
    let local = Local::of(&user.caller.user);
    let page = ThreadsPage {
        chrome: Chrome::signed_in(&state, &user, "Messages", "/messages").with_flash(flash),
        threads: threads
            .iter()
            .map(|thread| ThreadRow {
                href: format!("/messages/{}", thread.patient_id),
                name: thread.patient_name.clone(),
                last: thread
                    .last_at
                    .map_or_else(|| "no messages yet".to_string(), |at| local.date_time(at)),
                unread: thread.unread,
            })
            .collect(),
    };
    Ok((jar, render_with(StatusCode::OK, &page)?).into_response())
}

async fn post_to(
    state: &AppState,
    user: &PageUser,
    jar: CookieJar,
    patient: UserId,
    form: MessageForm,
    back: String,
) -> Result<Response, PageError> {
    match messages::post(&state.app, &user.caller, patient, &form.body).await {
        Ok(_) => Ok(redirect_with_flash(jar, &back, "Message sent.")),
        Err(AppError::Invalid(errors)) => {
            let page = thread_page(state, user, patient, form.body, errors).await?;
            render_with(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /messages`: the patient writes to their care team.
pub async fn post_own(
    State(state): State<AppState>,
    _patients: RequireRole<Patients>,
    user: PageUser,
    jar: CookieJar,
    Form(form): Form<MessageForm>,
) -> Result<Response, PageError> {
    let patient = user.caller.id();
    post_to(&state, &user, jar, patient, form, "/messages".into()).await
}

/// `GET /messages/{patient}`: a patient's thread, for their care team.
pub async fn show(
    State(state): State<AppState>,
    _staff: RequireRole<Staff>,
    user: PageUser,
    jar: CookieJar,
    Path(patient): Path<Uuid>,
) -> Result<Response, PageError> {
    let (jar, flash) = take_flash(jar);
    let mut page = thread_page(
        &state,
        &user,
        UserId::from_uuid(patient),
        String::new(),
        FieldErrors::default(),
    )
    .await?;
    page.chrome.flash = flash;
    Ok((jar, render_with(StatusCode::OK, &page)?).into_response())
}

/// `POST /messages/{patient}`: a clinician writes to a patient.
pub async fn post_to_patient(
    State(state): State<AppState>,
    _staff: RequireRole<Staff>,
    user: PageUser,
    jar: CookieJar,
    Path(patient): Path<Uuid>,
    Form(form): Form<MessageForm>,
) -> Result<Response, PageError> {
    let patient = UserId::from_uuid(patient);
    post_to(
        &state,
        &user,
        jar,
        patient,
        form,
        format!("/messages/{patient}"),
    )
    .await
}
