//! `/intake`: five steps, each saved on its own so nothing typed is lost.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use tendo_app::error::{AppError, FieldErrors};
use tendo_app::patient::input::VisaInput;
use tendo_app::patient::intake::answers::{IntakeAnswers, Onset, Step, TrainingChange};
use tendo_app::patient::intake::steps::{
    BaselineInput, ConditionInput, HistoryInput, MassageGunInput, RedFlagsInput, SkinInput,
    StepInput,
};
use tendo_app::patient::intake::{self, IntakeView, Saved, questionnaire_for};
use tendo_core::condition::Condition;
use tendo_core::programme::Equipment;

use super::render_with;
use crate::auth::{PageUser, Patients, RequireRole};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::{redirect_with_flash, take_flash};
use crate::patient::form::FormData;
use crate::patient::pages::gun::{GunChoices, gun_fields};
use crate::patient::pages::questionnaires::{VisaForm, visa_fields, visa_form};
use crate::state::AppState;
use crate::time::Local;

/// A step in the list at the top of each step.
pub struct StepLink {
    /// Its path segment.
    pub id: &'static str,
    /// Its title.
    pub title: &'static str,
    /// True when answered.
    pub done: bool,
    /// True for the step shown.
    pub current: bool,
}

/// A red-flag question as shown.
pub struct FlagQuestion {
    /// The flag's id (the field name).
    pub id: String,
    /// The question.
    pub text: &'static str,
}

#[derive(Template)]
#[template(path = "patient/intake.html")]
struct IntakePage {
    chrome: Chrome,
    step: &'static str,
    title: &'static str,
    steps: Vec<StepLink>,
    form: FormData,
    errors: FieldErrors,
    location_note: Option<&'static str>,
    conditions: Vec<&'static str>,
    locations: Vec<(&'static str, String)>,
    onsets: Vec<(&'static str, &'static str)>,
    changes: Vec<(&'static str, &'static str)>,
    equipment: Vec<(&'static str, &'static str, &'static str)>,
    flags: Vec<FlagQuestion>,
    gun: GunChoices,
    achilles: bool,
    visa: Option<VisaForm>,
    today: String,
}

fn fields_of(answers: &IntakeAnswers, view: &IntakeView) -> FormData {
    let mut form = FormData::default();
    if let Some(text) = &answers.condition_text {
        form.push("condition", text.clone());
    }
    if let Some(location) = answers.condition.and_then(intake::steps::location_id) {
        form.push("location", location);
    }
    if let Some(side) = answers.side {
        form.push("side", intake::answers::side_id(side));
    }
    if let Some(date) = answers.started_on {
        form.push("started_on", date.to_string());
    }
    if let Some(onset) = answers.onset {
        form.push("onset", onset.id());
    }
    for change in &answers.training_changes {
        form.push("changes", change.id());
    }
    if let Some(note) = &answers.change_note {
        form.push("change_note", note.clone());
    }
    if let Some(flags) = &answers.red_flags {
        for question in &view.red_flag_questions {
            let yes = flags.contains(&question.flag);
            form.push(
                intake::answers::flag_id(question.flag),
                if yes { "yes" } else { "no" },
            );
        }
    }
    if let Some(gun) = &answers.massage_gun {
        gun_fields(
            &mut form,
            &intake::screening_of(
                answers.condition.unwrap_or(Condition::AchillesMidportion),
                gun,
            ),
        );
    }
    if let Some(baseline) = &answers.baseline {
        visa_fields(&mut form, &VisaInput::from_answers(&baseline.visa));
        form.push("morning_pain", baseline.morning_pain.value().to_string());
        form.push("days_per_week", baseline.days_per_week.to_string());
        if let Some(pain) = baseline.heel_raise_pain {
            form.push("heel_raise_pain", pain.value().to_string());
        }
        for item in baseline.equipment.iter().flat_map(|have| have.items()) {
            form.push("equipment", item.id());
        }
    }
    form
}

/// Reads a step's form into the service's input.
fn input_of(step: Step, form: &FormData, view: &IntakeView) -> StepInput {
    match step {
        Step::Condition => StepInput::Condition(ConditionInput {
            condition: form.get("condition"),
            side: form.get("side"),
            location: form.get("location"),
        }),
        Step::History => StepInput::History(HistoryInput {
            started_on: form.get("started_on"),
            onset: form.get("onset"),
            changes: form.all("changes"),
            change_note: form.get("change_note"),
        }),
        Step::RedFlags => StepInput::RedFlags(RedFlagsInput {
            answers: view
                .red_flag_questions
                .iter()
                .map(|question| {
                    let id = intake::answers::flag_id(question.flag);
                    let answer = form.get(&id);
                    (id, answer)
                })
                .collect(),
        }),
        Step::MassageGun => StepInput::MassageGun(gun_input(form)),
        Step::Baseline => StepInput::Baseline(BaselineInput {
            visa: visa_form(form),
            morning_pain: form.get("morning_pain"),
            days_per_week: form.get("days_per_week"),
            heel_raise_pain: form.get("heel_raise_pain"),
            // The page always asks; the marker tells "nothing ticked" from an older form.
            equipment: (form.get("equipment_asked") == "yes").then(|| form.all("equipment")),
        }),
    }
}

/// The massage-gun screening as typed on a form.
pub fn gun_input(form: &FormData) -> MassageGunInput {
    MassageGunInput {
        normal_sensation: form.get("normal_sensation"),
        systemic_conditions: form.all("systemic_conditions"),
        heel_bursitis: form.get("heel_bursitis"),
        tendon_settled: form.get("tendon_settled"),
        skin: (0..3)
            .map(|index| SkinInput {
                site: form.row("skin", index, "site"),
                kind: form.row("skin", index, "kind"),
                since: form.row("skin", index, "since"),
            })
            .collect(),
        device_min_ppm: form.get("device.min_ppm"),
        device_max_ppm: form.get("device.max_ppm"),
        suspected_clot: form.get("suspected_clot"),
        blood_thinners: form.get("blood_thinners"),
        bleeding_disorder: form.get("bleeding_disorder"),
        pregnant: form.get("pregnant"),
        implanted_device: form.get("implanted_device"),
    }
}

fn page(
    state: &AppState,
    user: &PageUser,
    step: Step,
    view: &IntakeView,
    form: FormData,
    errors: FieldErrors,
) -> IntakePage {
    let answers = &view.answers;
    let achilles = answers.condition.is_none_or(Condition::is_achilles);
    let location_note = (answers.condition == Some(Condition::AchillesLocationUnknown)
        && step != Step::Condition)
        .then_some(
            "You are not sure yet where along the Achilles it hurts, so every heel exercise in \
             your plan stays at floor level until you or your clinician know. You can change \
             your answer in the first step.",
        );
    IntakePage {
        chrome: Chrome::signed_in(state, user, format!("Intake: {}", step.title()), "/intake"),
        step: step.id(),
        title: step.title(),
        steps: Step::ALL
            .into_iter()
            .map(|other| StepLink {
                id: other.id(),
                title: other.title(),
                done: answers.has(other),
                current: other == step,
            })
            .collect(),
        form,
        errors,
        location_note,
        conditions: Condition::ALL
            .iter()
            .filter(|condition| **condition != Condition::AchillesLocationUnknown)
            .map(|condition| condition.label())
            .collect(),
        locations: intake::steps::ACHILLES_LOCATIONS
            .iter()
            .map(|(id, _, label)| (*id, label.to_string()))
            .collect(),
        onsets: Onset::ALL
            .iter()
            .map(|onset| (onset.id(), onset.label()))
            .collect(),
        changes: TrainingChange::ALL
            .iter()
            .map(|change| (change.id(), change.label()))
            .collect(),
        equipment: Equipment::ALL
            .iter()
            .map(|item| (item.id(), item.label(), item.hint()))
            .collect(),
        flags: view
            .red_flag_questions
            .iter()
            .map(|question| FlagQuestion {
                id: intake::answers::flag_id(question.flag),
                text: question.text,
            })
            .collect(),
        gun: GunChoices::for_condition(achilles),
        achilles,
        visa: answers
            .condition
            .map(|condition| VisaForm::of(questionnaire_for(condition))),
        today: Local::of(&user.caller.user)
            .today(state.app.now())
            .to_string(),
    }
}

fn step_of(text: &str) -> Result<Step, PageError> {
    Step::parse(text).ok_or(PageError(AppError::NotFound))
}

/// `GET /intake`: the next step, or today's page once the intake is done.
pub async fn start(
    State(state): State<AppState>,
    _patients: RequireRole<Patients>,
    user: PageUser,
) -> Result<Response, PageError> {
    let view = intake::view(&state.app, &user.caller, user.caller.id()).await?;
    Ok(match view.next_step {
        _ if view.completed => Redirect::to("/today").into_response(),
        Some(step) => Redirect::to(&format!("/intake/{}", step.id())).into_response(),
        None => Redirect::to("/intake/baseline").into_response(),
    })
}

/// `GET /intake/{step}`.
pub async fn show(
    State(state): State<AppState>,
    _patients: RequireRole<Patients>,
    user: PageUser,
    Path(step): Path<String>,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let step = step_of(&step)?;
    let view = intake::view(&state.app, &user.caller, user.caller.id()).await?;
    if view.completed {
        return Ok(Redirect::to("/today").into_response());
    }
    if step != Step::Condition && step != Step::History && view.answers.condition.is_none() {
        return Ok(Redirect::to("/intake/condition").into_response());
    }
    let (jar, flash) = take_flash(jar);
    let form = fields_of(&view.answers, &view);
    let mut page = page(&state, &user, step, &view, form, FieldErrors::default());
    page.chrome.flash = flash;
    Ok((jar, render_with(StatusCode::OK, &page)?).into_response())
}

/// `POST /intake/{step}`: saves the step and goes to the next, or shows it again with the
/// messages beside the fields (nothing saved).
pub async fn save(
    State(state): State<AppState>,
    _patients: RequireRole<Patients>,
    user: PageUser,
    Path(step): Path<String>,
    jar: CookieJar,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let step = step_of(&step)?;
    let form = FormData(pairs);
    let view = intake::view(&state.app, &user.caller, user.caller.id()).await?;
    let input = input_of(step, &form, &view);
    match intake::save_step(&state.app, &user.caller, user.caller.id(), &input).await {
        Ok(Saved::Next { step: next }) => Ok(redirect_with_flash(
            jar,
            &format!("/intake/{}", next.id()),
            &format!("Saved: {}.", step.title()),
        )),
        Ok(Saved::PlanReady) => Ok(redirect_with_flash(
            jar,
            "/plan",
            "Your intake is complete and your plan is ready. A clinician will review it.",
        )),
        Ok(Saved::Stopped) => Ok(Redirect::to("/today").into_response()),
        Err(AppError::Invalid(errors)) => {
            let page = page(&state, &user, step, &view, form, errors);
            render_with(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(AppError::Conflict(_)) if view.completed => Ok(Redirect::to("/today").into_response()),
        Err(other) => Err(other.into()),
    }
}
