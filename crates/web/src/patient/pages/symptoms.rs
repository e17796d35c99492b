//! `/today/symptoms`: tell Tendo about a new or worrying symptom at any time. The red-flag
//! questions of the intake are asked again; a "yes" stops the programme and shows whom to see.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use tendo_app::error::{AppError, FieldErrors};
use tendo_app::patient::intake::steps::RedFlagsInput;
use tendo_app::patient::symptoms::{self, SymptomOutcome};

use super::render_with;
use crate::auth::{PageUser, Patients, RequireRole};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::redirect_with_flash;
use crate::patient::form::FormData;
use crate::state::AppState;

/// One question on the form.
pub struct QuestionRow {
    /// The answer's field name, such as `calf-clot`.
    pub id: String,
    /// The question.
    pub text: &'static str,
}

#[derive(Template)]
#[template(path = "patient/symptoms.html")]
struct SymptomsPage {
    chrome: Chrome,
    questions: Vec<QuestionRow>,
    form: FormData,
    errors: FieldErrors,
}

async fn page(
    state: &AppState,
    user: &PageUser,
    form: FormData,
    errors: FieldErrors,
) -> Result<Result<SymptomsPage, Response>, PageError> {
    let asked = match symptoms::questions(&state.app, &user.caller, user.caller.id()).await {
        Ok(asked) => asked,
        Err(AppError::Conflict(_)) => return Ok(Err(Redirect::to("/intake").into_response())),
        Err(other) => return Err(other.into()),
    };
    if asked.stopped {
        return Ok(Err(Redirect::to("/today").into_response()));
    }
    Ok(Ok(SymptomsPage {
        chrome: Chrome::signed_in(state, user, "Something new or worrying?", "/today"),
        questions: asked
            .questions
            .into_iter()
            .map(|(id, question)| QuestionRow {
                id,
                text: question.text,
            })
            .collect(),
        form,
        errors,
    }))
}

/// `GET /today/symptoms`.
pub async fn show(
    State(state): State<AppState>,
    _patients: RequireRole<Patients>,
    user: PageUser,
) -> Result<Response, PageError> {
    match page(&state, &user, FormData::default(), FieldErrors::default()).await? {
        Ok(page) => render_with(StatusCode::OK, &page),
        Err(response) => Ok(response),
    }
}

/// `POST /today/symptoms`: a "yes" stops the programme (the next page says whom to see).
pub async fn report(
    State(state): State<AppState>,
    _patients: RequireRole<Patients>,
    user: PageUser,
    jar: CookieJar,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(pairs);
    let input = RedFlagsInput {
        answers: form
            .0
            .iter()
            .filter(|(name, _)| !name.starts_with('_'))
            .cloned()
            .collect(),
    };
    match symptoms::report(&state.app, &user.caller, user.caller.id(), &input).await {
        Ok(SymptomOutcome::CarryOn { message }) => Ok(redirect_with_flash(jar, "/today", &message)),
        Ok(SymptomOutcome::Stopped { .. }) => Ok(redirect_with_flash(
            jar,
            "/today",
            "Thank you for telling us. Your programme is paused: please see a clinician first, \
             as below. Your clinician can see your answers now.",
        )),
        Err(AppError::Invalid(errors)) => match page(&state, &user, form, errors).await? {
            Ok(page) => render_with(StatusCode::UNPROCESSABLE_ENTITY, &page),
            Err(response) => Ok(response),
        },
        Err(other) => Err(other.into()),
    }
}
