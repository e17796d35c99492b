//! `/questionnaires`: VISA-A or VISA-H, the score and what it means, and the change since the
//! first and the last.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use tendo_app::error::{AppError, FieldErrors};
use tendo_app::patient::input::{VisaInput, minutes_id};
use tendo_app::patient::questionnaires::{self, ScoredResponse};
use tendo_core::questionnaire::{self, AnswerKind, Q8Minutes, Questionnaire};

use super::{render_with, require_plan};
use crate::auth::{PageUser, Patients, RequireRole};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::{redirect_with_flash, take_flash};
use crate::patient::form::FormData;
use crate::patient::views::{ReasonRow, long_date, reasons};
use crate::state::AppState;

/// One 0–10 item of the form.
pub struct ScaleItem {
    /// The field, `q1`…`q6`.
    pub field: String,
    /// "1. " and the question, in Tendo's words.
    pub label: String,
    /// The scale's two ends, such as "0 = severe pain, 10 = no pain at all".
    pub anchors: String,
}

/// The questionnaire form's words.
pub struct VisaForm {
    /// "VISA-A" or "VISA-H".
    pub name: &'static str,
    /// What it measures.
    pub about: &'static str,
    /// Items 1–6.
    pub scales: Vec<ScaleItem>,
    /// Item 7's question.
    pub q7_label: &'static str,
    /// Item 7's answers.
    pub q7_choices: Vec<(&'static str, &'static str)>,
    /// Item 8's question.
    pub q8_label: &'static str,
    /// Item 8's branches.
    pub q8_branches: Vec<(&'static str, &'static str)>,
    /// Item 8's durations.
    pub q8_minutes: Vec<(&'static str, &'static str)>,
}

impl VisaForm {
    /// The form of a questionnaire.
    pub fn of(kind: Questionnaire) -> VisaForm {
        let items = questionnaire::items(kind);
        let label_of = |number: u8| {
            items
                .iter()
                .find(|item| item.number == number)
                .map(|item| item.question)
                .unwrap_or("")
        };
        VisaForm {
            name: kind.name(),
            about: match kind {
                Questionnaire::VisaA => "how your Achilles affects daily life and sport",
                Questionnaire::VisaH => "how your buttock pain affects daily life and sport",
            },
            scales: items
                .iter()
                .filter(|item| item.answer == AnswerKind::Scale0To10)
                .map(|item| ScaleItem {
                    field: format!("q{}", item.number),
                    label: format!("{}. {}", item.number, item.question),
                    anchors: format!("0 = {}, 10 = {}", item.low_anchor, item.high_anchor),
                })
                .collect(),
            q7_label: label_of(7),
            q7_choices: vec![
                ("0", "None at the moment"),
                ("4", "Some, but changed or cut down"),
                ("7", "Full training, but below my level before the pain"),
                ("10", "At or above my level before the pain"),
            ],
            q8_label: label_of(8),
            q8_branches: vec![
                ("a", "I train without pain"),
                ("b", "I have some pain, but it does not stop me"),
                ("c", "Pain stops me"),
            ],
            q8_minutes: [
                (Q8Minutes::None, "Not at all"),
                (Q8Minutes::UpTo10, "1 to 10 minutes"),
                (Q8Minutes::UpTo20, "11 to 20 minutes"),
                (Q8Minutes::UpTo30, "21 to 30 minutes"),
                (Q8Minutes::Over30, "More than 30 minutes"),
            ]
            .into_iter()
            .map(|(minutes, label)| (minutes_id(minutes), label))
            .collect(),
        }
    }
}

/// Adds a questionnaire's answers to a form.
pub fn visa_fields(form: &mut FormData, input: &VisaInput) {
    for number in 1..=7 {
        form.push(format!("q{number}"), input.answer(number).to_string());
    }
    form.push("q8_branch", input.q8_branch.clone());
    form.push("q8_minutes", input.q8_minutes.clone());
}

/// Reads a questionnaire from a form.
pub fn visa_form(form: &FormData) -> VisaInput {
    VisaInput {
        q1: form.get("q1"),
        q2: form.get("q2"),
        q3: form.get("q3"),
        q4: form.get("q4"),
        q5: form.get("q5"),
        q6: form.get("q6"),
        q7: form.get("q7"),
        q8_branch: form.get("q8_branch"),
        q8_minutes: form.get("q8_minutes"),
    }
}

/// A response as listed.
pub struct ResponseRow {
    /// The day.
    pub date: String,
    /// The score.
    pub score: u8,
    /// What it means.
    pub meaning: Vec<ReasonRow>,
    /// The change since the first, in words.
    pub since_first: Option<String>,
    /// The change since the one before, in words.
    pub since_last: Option<String>,
    /// The reasons behind the change since the first.
    pub change_reasons: Vec<ReasonRow>,
}

fn change_words(change: &tendo_core::questionnaire::ScoreChange) -> String {
    let direction = match change.points {
        0 => "no change".to_string(),
        points if points > 0 => format!("up {points} points"),
        points => format!("down {} points", -points),
    };
    let weight = if change.meaningful {
        "a change that matters"
    } else {
        "below the 14 points that count as a change that matters"
    };
    format!("{direction} in {} days: {weight}", change.days)
}

fn rows(responses: &[ScoredResponse]) -> Vec<ResponseRow> {
    responses
        .iter()
        .map(|scored| ResponseRow {
            date: long_date(scored.response.taken_on),
            score: scored.response.score,
            meaning: reasons(&scored.meaning),
            since_first: scored.since_first.as_ref().map(change_words),
            since_last: scored.since_last.as_ref().map(change_words),
            change_reasons: scored
                .since_first
                .as_ref()
                .map(|change| reasons(&change.reasons))
                .unwrap_or_default(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "patient/questionnaires.html")]
struct QuestionnairesPage {
    chrome: Chrome,
    visa: VisaForm,
    due: bool,
    due_on: String,
    interval_days: u16,
    responses: Vec<ResponseRow>,
    form: FormData,
    errors: FieldErrors,
}

async fn page(
    state: &AppState,
    user: &PageUser,
    form: FormData,
    errors: FieldErrors,
) -> Result<Result<QuestionnairesPage, Response>, PageError> {
    let view = questionnaires::view(&state.app, &user.caller, user.caller.id()).await?;
    if let Err(response) = require_plan(state, user, &view.status, "/questionnaires") {
        return Ok(Err(*response));
    }
    let Some(all) = view.questionnaires else {
        return Err(PageError(AppError::internal(
            "an active plan without questionnaires",
        )));
    };
    Ok(Ok(QuestionnairesPage {
        chrome: Chrome::signed_in(state, user, all.questionnaire.name(), "/questionnaires"),
        visa: VisaForm::of(all.questionnaire),
        due: all.due,
        due_on: long_date(all.due_on),
        interval_days: all.interval_days,
        responses: rows(&all.responses),
        form,
        errors,
    }))
}

/// `GET /questionnaires`.
pub async fn show(
    State(state): State<AppState>,
    _patients: RequireRole<Patients>,
    user: PageUser,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let (jar, flash) = take_flash(jar);
    match page(&state, &user, FormData::default(), FieldErrors::default()).await? {
        Ok(mut page) => {
            page.chrome.flash = flash;
            Ok((jar, render_with(StatusCode::OK, &page)?).into_response())
        }
        Err(response) => Ok(response),
    }
}

/// `POST /questionnaires`.
pub async fn submit(
    State(state): State<AppState>,
    _patients: RequireRole<Patients>,
    user: PageUser,
    jar: CookieJar,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(pairs);
    let input = visa_form(&form);
    match questionnaires::submit(&state.app, &user.caller, user.caller.id(), &input).await {
        Ok(scored) => Ok(redirect_with_flash(
            jar,
            "/questionnaires",
            &format!(
                "Saved. Your {} score is {} out of 100.",
                scored.response.questionnaire.name(),
                scored.response.score
            ),
        )),
        Err(AppError::Invalid(errors)) => match page(&state, &user, form, errors).await? {
            Ok(page) => render_with(StatusCode::UNPROCESSABLE_ENTITY, &page),
            Err(response) => Ok(response),
        },
        Err(other) => Err(other.into()),
    }
}
