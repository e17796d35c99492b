//! Clinical notes: a new note from its template, a draft saved and signed, a signed note read
//! with its amendments and the form to add one.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use tendo_app::clinic::notes::{self, NoteInput, NoteView, template};
use tendo_app::error::{AppError, FieldErrors};
use tendo_app::model::accounts::Role;
use tendo_app::model::clinic::{NoteKind, NoteSections};
use tendo_app::model::ids::{RecordId, UserId};
use uuid::Uuid;

use super::record::NoteLine;
use crate::auth::{Clinicians, PageUser, RequireRole, Staff};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::{redirect_with_flash, take_flash};
use crate::patient::pages::render_with;
use crate::state::AppState;
use crate::time::Local;

/// The note form as posted.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoteForm {
    kind: String,
    subjective: String,
    objective: String,
    assessment: String,
    plan: String,
    /// `sign` to sign straight away.
    action: String,
}

impl NoteForm {
    fn input(&self) -> NoteInput {
        NoteInput {
            kind: self.kind.clone(),
            subjective: self.subjective.clone(),
            objective: self.objective.clone(),
            assessment: self.assessment.clone(),
            plan: self.plan.clone(),
        }
    }
}

/// The kind asked for.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct KindParams {
    kind: String,
}

fn kind_title(kind: NoteKind) -> &'static str {
    match kind {
        NoteKind::FirstAssessment => "First-assessment note",
        NoteKind::FollowUp => "Follow-up note",
    }
}

#[derive(Template)]
#[template(path = "clinic/note.html")]
struct NotePage {
    chrome: Chrome,
    patient_id: String,
    patient_name: String,
    title: &'static str,
    action: String,
    kind: &'static str,
    form: NoteForm,
    errors: FieldErrors,
    editable: bool,
    /// "Written by … on …", for a saved note.
    written: Option<String>,
    /// "Signed by … on …", for a signed note.
    signed: Option<String>,
    /// Each amendment as (when, by whom, text).
    amendments: Vec<(String, String, String)>,
    amendment: String,
    amendment_errors: FieldErrors,
}

impl NotePage {
    /// The four sections as `(field, label, text)`.
    fn sections(&self) -> [(&'static str, &'static str, &str); 4] {
        [
            (
                "subjective",
                "Subjective: what the patient reports",
                &self.form.subjective,
            ),
            (
                "objective",
                "Objective: what you found",
                &self.form.objective,
            ),
            ("assessment", "Assessment", &self.form.assessment),
            ("plan", "Plan", &self.form.plan),
        ]
    }
}

fn page_of(
    state: &AppState,
    user: &PageUser,
    patient: UserId,
    patient_name: &str,
    note: Option<&NoteView>,
    kind: NoteKind,
    starting: Option<NoteSections>,
) -> NotePage {
    let local = Local::of(&user.caller.user);
    let sections = match (note, starting) {
        (Some(note), _) => note.sections.clone(),
        (None, Some(starting)) => starting,
        (None, None) => template(kind),
    };
    NotePage {
        chrome: Chrome::signed_in(state, user, kind_title(kind), "/clinic/caseload"),
        patient_id: patient.to_string(),
        patient_name: patient_name.to_string(),
        title: kind_title(kind),
        action: match note {
            Some(note) => format!("/clinic/patients/{patient}/notes/{}", note.id),
            None => format!("/clinic/patients/{patient}/notes"),
        },
        kind: kind.as_str(),
        form: NoteForm {
            kind: kind.as_str().into(),
            subjective: sections.subjective,
            objective: sections.objective,
            assessment: sections.assessment,
            plan: sections.plan,
            action: String::new(),
        },
        errors: FieldErrors::default(),
        editable: user.caller.user.role == Role::Clinician,
        written: note.map(|note| {
            format!(
                "Written by {} on {}",
                note.author.name,
                local.date_time(note.created_at)
            )
        }),
        signed: note.and_then(|note| note.signed.as_ref()).map(|signed| {
            format!(
                "Signed by {} on {}",
                signed.by.name,
                local.date_time(signed.at)
            )
        }),
        amendments: note
            .map(|note| {
                note.amendments
                    .iter()
                    .map(|amendment| {
                        (
                            local.date_time(amendment.at),
                            amendment.by.name.clone(),
                            amendment.text.clone(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
        amendment: String::new(),
        amendment_errors: FieldErrors::default(),
    }
}

async fn patient_name(
    state: &AppState,
    user: &PageUser,
    patient: UserId,
) -> Result<String, AppError> {
    tendo_app::clinic::notes::patient_name(&state.app, &user.caller, patient).await
}

/// Every note of a patient.
#[derive(Template)]
#[template(path = "clinic/note_list.html")]
struct NoteListPage {
    chrome: Chrome,
    patient_id: String,
    patient_name: String,
    notes: Vec<NoteLine>,
}

/// `GET /clinic/patients/{patient}/notes`: every note of the patient, newest first (the record
/// lists the latest).
pub async fn index(
    State(state): State<AppState>,
    _staff: RequireRole<Staff>,
    user: PageUser,
    Path(patient): Path<Uuid>,
) -> Result<Response, PageError> {
    let patient = UserId::from_uuid(patient);
    let listed = notes::list(&state.app, &user.caller, patient).await?;
    let name = patient_name(&state, &user, patient).await?;
    let local = Local::of(&user.caller.user);
    let patient_id = patient.to_string();
    let page = NoteListPage {
        chrome: Chrome::signed_in(&state, &user, "Clinical notes", "/clinic/caseload"),
        notes: listed
            .iter()
            .map(|note| NoteLine::of(&patient_id, note, &local))
            .collect(),
        patient_id,
        patient_name: name,
    };
    render_with(StatusCode::OK, &page)
}

/// `GET /clinic/patients/{patient}/notes/new?kind=…`: a new note from its template.
pub async fn new_note(
    State(state): State<AppState>,
    _clinicians: RequireRole<Clinicians>,
    user: PageUser,
    Path(patient): Path<Uuid>,
    Query(params): Query<KindParams>,
) -> Result<Response, PageError> {
    let patient = UserId::from_uuid(patient);
    let kind = NoteKind::parse(&params.kind).unwrap_or(NoteKind::FollowUp);
    // Filling the template checks access and records the read before anything is shown.
    let starting = notes::starting_sections(&state.app, &user.caller, patient, kind).await?;
    let name = patient_name(&state, &user, patient).await?;
    let page = page_of(&state, &user, patient, &name, None, kind, Some(starting));
    render_with(StatusCode::OK, &page)
}

/// `POST /clinic/patients/{patient}/notes`: starts a note (and signs it with `action=sign`).
pub async fn create(
    State(state): State<AppState>,
    _clinicians: RequireRole<Clinicians>,
    user: PageUser,
    jar: CookieJar,
    Path(patient): Path<Uuid>,
    Form(form): Form<NoteForm>,
) -> Result<Response, PageError> {
    let patient = UserId::from_uuid(patient);
    match notes::create(&state.app, &user.caller, patient, &form.input()).await {
        Ok(note) => {
            let mut message = "Draft saved.";
            if form.action == "sign" {
                notes::sign(&state.app, &user.caller, patient, note.id).await?;
                message = "Note signed. It can no longer change; add an amendment if needed.";
            }
            Ok(redirect_with_flash(
                jar,
                &format!("/clinic/patients/{patient}/notes/{}", note.id),
                message,
            ))
        }
        Err(AppError::Invalid(errors)) => {
            let kind = NoteKind::parse(&form.kind).unwrap_or(NoteKind::FollowUp);
            let name = patient_name(&state, &user, patient).await?;
            let mut page = page_of(&state, &user, patient, &name, None, kind, None);
            page.form = form;
            page.errors = errors;
            render_with(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other.into()),
    }
}

/// `GET /clinic/patients/{patient}/notes/{note}`.
pub async fn show(
    State(state): State<AppState>,
    _staff: RequireRole<Staff>,
    user: PageUser,
    jar: CookieJar,
    Path((patient, note)): Path<(Uuid, Uuid)>,
) -> Result<Response, PageError> {
    let patient = UserId::from_uuid(patient);
    let note = notes::show(&state.app, &user.caller, patient, RecordId::from_uuid(note)).await?;
    let name = patient_name(&state, &user, patient).await?;
    let (jar, flash) = take_flash(jar);
    let mut page = page_of(&state, &user, patient, &name, Some(&note), note.kind, None);
    page.chrome.flash = flash;
    Ok((jar, render_with(StatusCode::OK, &page)?).into_response())
}

/// `POST /clinic/patients/{patient}/notes/{note}`: saves a draft again (signs it with
/// `action=sign`). A signed note is refused.
pub async fn update(
    State(state): State<AppState>,
    _clinicians: RequireRole<Clinicians>,
    user: PageUser,
    jar: CookieJar,
    Path((patient, note)): Path<(Uuid, Uuid)>,
    Form(form): Form<NoteForm>,
) -> Result<Response, PageError> {
    let patient = UserId::from_uuid(patient);
    let id = RecordId::from_uuid(note);
    let result = notes::update(&state.app, &user.caller, patient, id, &form.input()).await;
    let errors = match result {
        Ok(note) => {
            let mut message = "Draft saved.";
            if form.action == "sign" {
                notes::sign(&state.app, &user.caller, patient, note.id).await?;
                message = "Note signed. It can no longer change; add an amendment if needed.";
            }
            return Ok(redirect_with_flash(
                jar,
                &format!("/clinic/patients/{patient}/notes/{id}"),
                message,
            ));
        }
        Err(AppError::Invalid(errors)) => errors,
        Err(AppError::Conflict(message)) => FieldErrors::one("subjective", message),
        Err(other) => return Err(other.into()),
    };
    let stored = notes::show(&state.app, &user.caller, patient, id).await?;
    let name = patient_name(&state, &user, patient).await?;
    let mut page = page_of(
        &state,
        &user,
        patient,
        &name,
        Some(&stored),
        stored.kind,
        None,
    );
    page.form = form;
    page.errors = errors;
    render_with(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// `POST /clinic/patients/{patient}/notes/{note}/sign`.
pub async fn sign(
    State(state): State<AppState>,
    _clinicians: RequireRole<Clinicians>,
    user: PageUser,
    jar: CookieJar,
    Path((patient, note)): Path<(Uuid, Uuid)>,
) -> Result<Response, PageError> {
    let patient = UserId::from_uuid(patient);
    let id = RecordId::from_uuid(note);
    notes::sign(&state.app, &user.caller, patient, id).await?;
    Ok(redirect_with_flash(
        jar,
        &format!("/clinic/patients/{patient}/notes/{id}"),
        "Note signed. It can no longer change; add an amendment if needed.",
    ))
}

/// The amendment form.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct AmendmentForm {
    text: String,
}

/// `POST /clinic/patients/{patient}/notes/{note}/amendments`.
pub async fn amend(
    State(state): State<AppState>,
    _clinicians: RequireRole<Clinicians>,
    user: PageUser,
    jar: CookieJar,
    Path((patient, note)): Path<(Uuid, Uuid)>,
    Form(form): Form<AmendmentForm>,
) -> Result<Response, PageError> {
    let patient = UserId::from_uuid(patient);
    let id = RecordId::from_uuid(note);
    let errors = match notes::amend(&state.app, &user.caller, patient, id, &form.text).await {
        Ok(_) => {
            return Ok(redirect_with_flash(
                jar,
                &format!("/clinic/patients/{patient}/notes/{id}"),
                "Amendment added.",
            ));
        }
        Err(AppError::Invalid(errors)) => errors,
        Err(AppError::Conflict(message)) => FieldErrors::one("text", message),
        Err(other) => return Err(other.into()),
    };
    let stored = notes::show(&state.app, &user.caller, patient, id).await?;
    let name = patient_name(&state, &user, patient).await?;
    let mut page = page_of(
        &state,
        &user,
        patient,
        &name,
        Some(&stored),
        stored.kind,
        None,
    );
    page.amendment = form.text;
    page.amendment_errors = errors;
    render_with(StatusCode::UNPROCESSABLE_ENTITY, &page)
}
