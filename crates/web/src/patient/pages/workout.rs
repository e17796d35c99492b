//! `/today/workout`: today's session one exercise at a time. Each set is a form of its own
//! whose "Set done" saves it in the server's draft and moves on; the pain questions and
//! "Finish" come last. Works without JavaScript; `patient.js` adds timers and a tempo guide,
//! `offline.js` a copy of the draft in the browser.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use tendo_app::error::{AppError, FieldErrors, FieldProblem};
use tendo_app::patient::today::SetInput;
use tendo_app::patient::workout::{self, FinishInput, Workout, WorkoutExercise};

use super::render_with;
use crate::auth::{PageUser, Patients, RequireRole};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::redirect_with_flash;
use crate::patient::form::FormData;
use crate::patient::views::{ItemRow, item_row, long_date};
use crate::state::AppState;

/// One set of the exercise shown, as a form.
pub struct SetForm {
    /// The set's number within the exercise.
    pub number: u8,
    /// True once ticked today.
    pub done: bool,
    /// True for the next set to do.
    pub is_next: bool,
    /// Repetitions, pre-filled.
    pub reps: String,
    /// Added load in kg, pre-filled.
    pub load_kg: String,
    /// Seconds held, pre-filled.
    pub hold_seconds: String,
    /// What was ticked, in words, once done.
    pub summary: String,
}

/// The exercise step of the workout.
pub struct ExerciseStep {
    /// Its place, from 1.
    pub position: usize,
    /// The exercise with its target and demonstration.
    pub item: ItemRow,
    /// Its sets.
    pub sets: Vec<SetForm>,
    /// Sets ticked so far.
    pub done: usize,
}

#[derive(Template)]
#[template(path = "patient/workout.html")]
struct WorkoutPage {
    chrome: Chrome,
    date: String,
    iso_date: String,
    patient: String,
    ticked_json: String,
    total: usize,
    ticked: usize,
    step: Option<ExerciseStep>,
    previous: Option<usize>,
    next: Option<usize>,
    finish_key: String,
    form: FormData,
    errors: FieldErrors,
}

/// Which step to show: `?exercise=2` (from 1) or `?step=finish`.
#[derive(Debug, Default, Deserialize)]
pub struct StepQuery {
    /// The exercise, from 1.
    pub exercise: Option<usize>,
    /// `finish` for the pain questions.
    pub step: Option<String>,
}

fn kg(load: Option<f64>) -> String {
    load.map(|load| format!("{load}")).unwrap_or_default()
}

fn set_summary(set: &tendo_app::model::drafts::LoggedSet) -> String {
    let mut parts = Vec::new();
    if let Some(reps) = set.reps {
        parts.push(format!("{reps} reps"));
    }
    if let Some(hold) = set.hold_seconds {
        parts.push(format!("held {hold} s"));
    }
    match set.load_kg {
        Some(load) if load > 0.0 => parts.push(format!("{load} kg added")),
        _ => parts.push("no added load".to_string()),
    }
    parts.join(", ")
}

fn exercise_step(workout: &Workout, index: usize, exercise: &WorkoutExercise) -> ExerciseStep {
    let next = exercise.next_set();
    let sets = (1..=exercise.item.sets)
        .map(|number| {
            let suggestion = exercise.suggestion(number);
            let ticked = exercise.ticked_set(number);
            SetForm {
                number,
                done: ticked.is_some(),
                is_next: next == Some(number),
                reps: suggestion.reps.map(|v| v.to_string()).unwrap_or_default(),
                load_kg: kg(suggestion.load_kg),
                hold_seconds: suggestion
                    .hold_seconds
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
                summary: ticked.map(set_summary).unwrap_or_default(),
            }
        })
        .collect();
    ExerciseStep {
        position: index + 1,
        item: item_row(&exercise.item).demonstrated(&exercise.item, workout.side, "workout"),
        sets,
        done: exercise.ticked.len(),
    }
}

/// The exercise after `index` (from 0) with a set left, if any.
fn next_with_sets_left(workout: &Workout, index: usize) -> Option<usize> {
    workout
        .exercises
        .iter()
        .enumerate()
        .skip(index + 1)
        .find(|(_, exercise)| exercise.next_set().is_some())
        .map(|(index, _)| index)
}

fn page(
    state: &AppState,
    user: &PageUser,
    workout: &Workout,
    chosen: Option<usize>,
    form: FormData,
    errors: FieldErrors,
) -> WorkoutPage {
    let mut step = chosen.and_then(|index| {
        workout
            .exercises
            .get(index)
            .map(|exercise| exercise_step(workout, index, exercise))
    });
    // A set sent back with a problem shows what was typed.
    if let Some(step) = step.as_mut()
        && let Some(set) = step
            .sets
            .iter_mut()
            .find(|set| form.get("set_number").trim() == set.number.to_string())
    {
        set.reps = form.get("reps");
        set.load_kg = form.get("load_kg");
        set.hold_seconds = form.get("hold_seconds");
    }
    let total = workout.exercises.len();
    let (previous, next) = match chosen {
        Some(index) => (
            index.checked_sub(1).map(|index| index + 1),
            (index + 1 < total).then_some(index + 2),
        ),
        None => ((total > 0).then_some(total), None),
    };
    WorkoutPage {
        chrome: Chrome::signed_in(state, user, "Workout", "/today"),
        date: long_date(workout.date),
        iso_date: workout.date.to_string(),
        patient: user.caller.id().to_string(),
        ticked_json: workout
            .draft
            .as_ref()
            .and_then(|draft| serde_json::to_string(&draft.sets).ok())
            .unwrap_or_else(|| "[]".to_string()),
        total,
        ticked: workout.sets_ticked(),
        step,
        previous,
        next,
        finish_key: workout
            .draft
            .as_ref()
            .map(|draft| draft.id.to_string())
            .unwrap_or_default(),
        form,
        errors,
    }
}

async fn load(state: &AppState, user: &PageUser) -> Result<Result<Workout, Response>, PageError> {
    match workout::workout(&state.app, &user.caller, user.caller.id()).await {
        Ok(workout) if workout.can_log => Ok(Ok(workout)),
        Ok(_) | Err(AppError::Conflict(_)) => Ok(Err(Redirect::to("/today").into_response())),
        Err(other) => Err(other.into()),
    }
}

/// `GET /today/workout`: the exercise asked for, else the first with a set left, else the pain
/// questions.
pub async fn show(
    State(state): State<AppState>,
    _patients: RequireRole<Patients>,
    user: PageUser,
    Query(query): Query<StepQuery>,
) -> Result<Response, PageError> {
    let workout = match load(&state, &user).await? {
        Ok(workout) => workout,
        Err(response) => return Ok(response),
    };
    let chosen = if query.step.as_deref() == Some("finish") {
        None
    } else {
        query
            .exercise
            .and_then(|position| position.checked_sub(1))
            .filter(|index| *index < workout.exercises.len())
            .or_else(|| workout.current())
    };
    let page = page(
        &state,
        &user,
        &workout,
        chosen,
        FormData::default(),
        FieldErrors::default(),
    );
    render_with(StatusCode::OK, &page)
}

/// Renames the service's `sets[0].…` fields to the ids of the set's inputs on the page.
fn set_errors(errors: FieldErrors, number: &str) -> FieldErrors {
    FieldErrors(
        errors
            .0
            .into_iter()
            .map(|problem| FieldProblem {
                field: problem.field.replace("sets[0].", &format!("set-{number}-")),
                ..problem
            })
            .collect(),
    )
}

/// `POST /today/workout/set`: ticks one set, saving it in today's draft, and goes on to the
/// next set, the next exercise, or the pain questions.
pub async fn tick(
    State(state): State<AppState>,
    _patients: RequireRole<Patients>,
    user: PageUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(pairs);
    let set = SetInput {
        exercise: form.get("exercise"),
        set_number: form.get("set_number"),
        reps: form.get("reps"),
        load_kg: form.get("load_kg"),
        hold_seconds: form.get("hold_seconds"),
    };
    let ticked = workout::tick_set(&state.app, &user.caller, user.caller.id(), &set).await;
    let workout = match load(&state, &user).await? {
        Ok(workout) => workout,
        Err(response) => return Ok(response),
    };
    let index = workout
        .exercises
        .iter()
        .position(|exercise| exercise.item.exercise == set.exercise);
    match ticked {
        Ok(_) => {
            let to = match index {
                Some(index) if workout.exercises[index].next_set().is_some() => {
                    format!("/today/workout?exercise={}#step", index + 1)
                }
                Some(index) => match next_with_sets_left(&workout, index) {
                    Some(next) => format!("/today/workout?exercise={}#step", next + 1),
                    None => "/today/workout?step=finish#step".to_string(),
                },
                None => "/today/workout#step".to_string(),
            };
            Ok(Redirect::to(&to).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let errors = set_errors(errors, set.set_number.trim());
            let page = page(&state, &user, &workout, index, form, errors);
            render_with(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /today/workout/finish`: logs the session with the sets ticked and the pain answers;
/// a repeat of the same finish (a double tap) finds the session already logged.
pub async fn finish(
    State(state): State<AppState>,
    _patients: RequireRole<Patients>,
    user: PageUser,
    jar: CookieJar,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(pairs);
    let input = FinishInput {
        pain_during: form.get("pain_during"),
        pain_after: form.get("pain_after"),
        note: form.get("note"),
        date: None,
    };
    let token = form.get("finish_key");
    let key = (!token.trim().is_empty()).then(|| format!("workout-{}", token.trim()));
    match workout::finish(
        &state.app,
        &user.caller,
        user.caller.id(),
        &input,
        key.as_deref(),
    )
    .await
    {
        Ok(logged) => {
            let session = &logged.session;
            let message = if logged.advice.is_some() {
                format!(
                    "Session saved: {} sets, pain {} during, {} after. That is above the limit: \
                     read what to do tonight and tomorrow below.",
                    session.sets.len(),
                    session.pain_during,
                    session.pain_after
                )
            } else {
                format!(
                    "Session saved: {} sets, pain {} during, {} after. Tomorrow morning, Tendo \
                     asks how your tendon took it.",
                    session.sets.len(),
                    session.pain_during,
                    session.pain_after
                )
            };
            Ok(redirect_with_flash(jar, "/today", &message))
        }
        Err(AppError::Invalid(errors)) => {
            let workout = match load(&state, &user).await? {
                Ok(workout) => workout,
                Err(response) => return Ok(response),
            };
            let page = page(&state, &user, &workout, None, form, errors);
            render_with(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(AppError::NotFound) => Ok(redirect_with_flash(
            jar,
            "/today/workout",
            "Nothing to save yet: tick at least one set you did, then finish.",
        )),
        Err(other) => Err(other.into()),
    }
}
