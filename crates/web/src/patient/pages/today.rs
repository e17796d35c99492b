//! `/today`: the next-morning check-in, the latest decision, this week, and today's session
//! with a row per set, timers for holds and rests, and the pain around it.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use tendo_app::error::{AppError, FieldErrors};
use tendo_app::patient::today::{self, CheckinInput, SessionInput, SetInput, Today};
use tendo_core::condition::Side;
use tendo_core::pain_monitoring::LoadDecision;
use tendo_core::programme::PlanItem;

use super::{render_with, require_plan};
use crate::auth::{PageUser, Patients, RequireRole};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::{redirect_with_flash, take_flash};
use crate::patient::form::FormData;
use crate::patient::views::{ItemRow, ReasonRow, item_row, long_date, reasons};
use crate::state::AppState;

/// One set's row on the form.
pub struct SetRow {
    /// The row's index in the form (`sets[index]`).
    pub index: usize,
    /// The set's number within the exercise.
    pub number: u8,
}

/// An exercise with its set rows.
pub struct ExerciseForm {
    /// The exercise.
    pub item: ItemRow,
    /// Its sets.
    pub sets: Vec<SetRow>,
}

/// A day of the week strip.
pub struct DayRow {
    /// "Mon".
    pub weekday: &'static str,
    /// "3 Mar".
    pub date: String,
    /// What happened, in words.
    pub state: String,
    /// A class for the look.
    pub class: &'static str,
}

/// What to do until tomorrow after a session over a pain limit, as shown.
pub struct AdviceCard {
    /// What happened, in one sentence.
    pub headline: String,
    /// For the rest of today.
    pub tonight: Vec<String>,
    /// For tomorrow.
    pub tomorrow: Vec<String>,
    /// When to get help today.
    pub urgent: Option<String>,
    /// The rules behind it, shown on demand.
    pub reasons: Vec<ReasonRow>,
}

/// The clinician's change to the plan, as shown on Today and at the top of the plan.
pub struct ChangeNotice {
    /// The plan version it made.
    pub version: u32,
    /// When, in words.
    pub on: String,
    /// The clinician's reason.
    pub reason: Option<String>,
}

/// The latest decision as shown.
pub struct DecisionCard {
    /// `progress`, `hold` or `regress`.
    pub decision: &'static str,
    /// The decision in words.
    pub headline: &'static str,
    /// The decision in one plain sentence, the first thing read after the headline.
    pub summary: &'static str,
    /// The session day it answered for.
    pub session_date: String,
    /// The new plan version, when it moved the plan.
    pub new_version: Option<u32>,
    /// Why.
    pub reasons: Vec<ReasonRow>,
}

#[derive(Template)]
#[template(path = "patient/today.html")]
struct TodayPage {
    chrome: Chrome,
    date: String,
    welcome_back: Option<String>,
    clinician_change: Option<ChangeNotice>,
    questionnaire_due: Option<String>,
    prompt_date: Option<String>,
    prompt_load_test: bool,
    prompt_how: Option<String>,
    decision: Option<DecisionCard>,
    advice: Option<AdviceCard>,
    week: Vec<DayRow>,
    days_done: usize,
    days_planned: u8,
    due_today: bool,
    can_log: bool,
    exercises: Vec<ExerciseForm>,
    done_today: Vec<String>,
    form: FormData,
    errors: FieldErrors,
}

/// Today's exercises as form rows; with the plan's side, each with its demonstration.
fn exercises(items: &[PlanItem], side: Option<Side>) -> Vec<ExerciseForm> {
    let mut index = 0;
    items
        .iter()
        .map(|item| {
            let sets = (1..=item.sets)
                .map(|number| {
                    let row = SetRow { index, number };
                    index += 1;
                    row
                })
                .collect();
            let row = item_row(item);
            ExerciseForm {
                item: match side {
                    Some(side) => row.demonstrated(item, side, "today"),
                    None => row,
                },
                sets,
            }
        })
        .collect()
}

/// Today's targets as a filled-in form: every set at the plan's repetitions or hold.
fn targets(items: &[PlanItem]) -> FormData {
    let mut form = FormData::default();
    for exercise in exercises(items, None) {
        for set in &exercise.sets {
            let i = set.index;
            if let Some(reps) = exercise.item.reps {
                form.push(format!("sets[{i}].reps"), reps.to_string());
            }
            if let Some(hold) = exercise.item.hold_seconds {
                form.push(format!("sets[{i}].hold_seconds"), hold.to_string());
            }
        }
    }
    form
}

fn decision_card(today: &Today) -> Option<DecisionCard> {
    let latest = today.latest_decision.as_ref()?;
    let (decision, headline, summary) = match latest.checkin.decision {
        LoadDecision::Progress => (
            "progress",
            "Progress: your tendon is coping with the load",
            "Your pain stayed within its limits during training, straight after and the next \
             morning, so your tendon can take a little more, one step at a time.",
        ),
        LoadDecision::Hold => (
            "hold",
            "Hold: stay at this level for now",
            "Keep doing this week's exercises as they are: the next step waits until your pain \
             shows that your tendon is ready for it.",
        ),
        LoadDecision::Regress => (
            "regress",
            "Step back: lighter, not stopped",
            "Your tendon found the last session too much, so the next sessions are lighter. \
             Keep training: a tendon recovers with the right load, not with rest.",
        ),
    };
    Some(DecisionCard {
        decision,
        headline,
        summary,
        session_date: long_date(latest.checkin.session_date),
        new_version: latest.new_version,
        reasons: reasons(&latest.checkin.reasons),
    })
}

fn week_rows(today: &Today) -> Vec<DayRow> {
    today
        .week
        .iter()
        .map(|day| {
            let (state, class) = match (day.sessions, day.is_today, day.is_future) {
                (0, true, _) => ("today".to_string(), "today"),
                (0, _, true) => ("ahead".to_string(), "ahead"),
                (0, _, _) => ("no session".to_string(), "none"),
                (1, _, _) => ("trained".to_string(), "trained"),
                (n, _, _) => (format!("trained ×{n}"), "trained"),
            };
            DayRow {
                weekday: day.weekday,
                date: day.date.strftime("%-d %b").to_string(),
                state,
                class,
            }
        })
        .collect()
}

async fn page(
    state: &AppState,
    user: &PageUser,
    form: Option<FormData>,
    errors: FieldErrors,
) -> Result<Result<TodayPage, Response>, PageError> {
    let view = today::view(&state.app, &user.caller, user.caller.id()).await?;
    let side = match require_plan(state, user, &view.status, "/today") {
        Ok(plan) => plan.week_plan.side,
        Err(response) => return Ok(Err(*response)),
    };
    let Some(today) = view.today else {
        return Err(PageError(AppError::internal(
            "an active plan without a today",
        )));
    };
    let form = form.unwrap_or_else(|| targets(&today.items));
    Ok(Ok(TodayPage {
        chrome: Chrome::signed_in(state, user, "Today", "/today"),
        date: long_date(today.date),
        welcome_back: today.welcome_back.clone(),
        clinician_change: today.clinician_change.as_ref().map(|change| ChangeNotice {
            version: change.version,
            on: long_date(change.on),
            reason: change.reason.clone(),
        }),
        questionnaire_due: today
            .questionnaire_due
            .as_ref()
            .map(|(name, _)| name.clone()),
        prompt_date: today
            .prompt
            .as_ref()
            .map(|prompt| long_date(prompt.session_date)),
        prompt_load_test: today
            .prompt
            .as_ref()
            .is_some_and(|prompt| prompt.load_test_score),
        prompt_how: today
            .prompt
            .as_ref()
            .and_then(|prompt| prompt.load_test.as_ref())
            .map(|item| item.how.clone()),
        decision: decision_card(&today),
        advice: today.advice.as_ref().map(|advice| AdviceCard {
            headline: advice.headline.clone(),
            tonight: advice.tonight.clone(),
            tomorrow: advice.tomorrow.clone(),
            urgent: advice.urgent.clone(),
            reasons: reasons(&advice.reasons),
        }),
        week: week_rows(&today),
        days_done: today.days_done,
        days_planned: today.days_planned,
        due_today: today.due_today,
        can_log: today.can_log,
        exercises: exercises(&today.items, Some(side)),
        done_today: today
            .done_today
            .iter()
            .map(|session| {
                format!(
                    "{} sets; pain {} during, {} after",
                    session.sets.len(),
                    session.pain_during,
                    session.pain_after
                )
            })
            .collect(),
        form,
        errors,
    }))
}

/// `GET /today`.
pub async fn show(
    State(state): State<AppState>,
    _patients: RequireRole<Patients>,
    user: PageUser,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let (jar, flash) = take_flash(jar);
    match page(&state, &user, None, FieldErrors::default()).await? {
        Ok(mut page) => {
            page.chrome.flash = flash;
            Ok((jar, render_with(StatusCode::OK, &page)?).into_response())
        }
        Err(response) => Ok(response),
    }
}

/// `POST /today/session`: logs today's session.
pub async fn log_session(
    State(state): State<AppState>,
    _patients: RequireRole<Patients>,
    user: PageUser,
    jar: CookieJar,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(pairs);
    let input = SessionInput {
        sets: (0..form.rows("sets"))
            .map(|index| SetInput {
                exercise: form.row("sets", index, "exercise"),
                set_number: form.row("sets", index, "set_number"),
                reps: form.row("sets", index, "reps"),
                load_kg: form.row("sets", index, "load_kg"),
                hold_seconds: form.row("sets", index, "hold_seconds"),
            })
            .collect(),
        pain_during: form.get("pain_during"),
        pain_after: form.get("pain_after"),
        note: form.get("note"),
    };
    match today::log_session(&state.app, &user.caller, user.caller.id(), &input).await {
        Ok(logged) => {
            let session = &logged.session;
            let message = if logged.advice.is_some() {
                format!(
                    "Session saved: pain {} during, {} after. That is above the limit: read what \
                     to do tonight and tomorrow below.",
                    session.pain_during, session.pain_after
                )
            } else {
                format!(
                    "Session saved: pain {} during, {} after. Tomorrow morning, Tendo asks how \
                     your tendon took it.",
                    session.pain_during, session.pain_after
                )
            };
            Ok(redirect_with_flash(jar, "/today", &message))
        }
        Err(AppError::Invalid(errors)) => match page(&state, &user, Some(form), errors).await? {
            Ok(page) => render_with(StatusCode::UNPROCESSABLE_ENTITY, &page),
            Err(response) => Ok(response),
        },
        Err(other) => Err(other.into()),
    }
}

/// `POST /today/checkin`: answers the next-morning check-in.
pub async fn checkin(
    State(state): State<AppState>,
    _patients: RequireRole<Patients>,
    user: PageUser,
    jar: CookieJar,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(pairs);
    let input = CheckinInput {
        pain: form.get("pain"),
        session_date: form.get("session_date"),
    };
    match today::checkin(&state.app, &user.caller, user.caller.id(), &input).await {
        Ok(outcome) => {
            let message = match &outcome.new_version {
                Some(version) => format!(
                    "Thank you. Your plan changed (version {}): see why below.",
                    version.version
                ),
                None => "Thank you. The decision and its reasons are below.".to_string(),
            };
            Ok(redirect_with_flash(jar, "/today", &message))
        }
        Err(AppError::Invalid(errors)) => match page(&state, &user, None, errors).await? {
            Ok(mut page) => {
                page.form.push("pain", form.get("pain"));
                render_with(StatusCode::UNPROCESSABLE_ENTITY, &page)
            }
            Err(response) => Ok(response),
        },
        Err(other) => Err(other.into()),
    }
}
