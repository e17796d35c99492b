//! VISA-A or VISA-H, by condition, due every `questionnaire_interval_days` (the clinic's
//! setting): the score, what it means, and the change since the first and the last.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;
use tendo_core::questionnaire::{self, Item, Questionnaire, ScoreChange};
use tendo_core::reason::Reason;
use tendo_store::ids::{RecordId, UserId};
use tendo_store::outcomes::{NewQuestionnaireResponse, QuestionnaireResponse};

use super::input::{Reader, VisaInput};
use super::intake::questionnaire_for;
use super::plan::{CareStatus, require_active, status_of};
use super::{PendingRead, Record, open, open_to_change};
use crate::App;
use crate::access::Caller;
use crate::error::{AppError, AppResult};

/// One response with what it means.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct ScoredResponse {
    /// The stored response.
    pub response: QuestionnaireResponse,
    /// What the score means, rule by rule.
    pub meaning: Vec<Reason>,
    /// The change since the first response (absent for the first).
    pub since_first: Option<ScoreChange>,
    /// The change since the response before (absent for the first).
    pub since_last: Option<ScoreChange>,
}

/// The questionnaires of a patient on a plan.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct Questionnaires {
    /// VISA-A or VISA-H.
    pub questionnaire: Questionnaire,
    /// Its items, in Tendo's words.
    pub items: &'static [Item],
    /// Days between questionnaires (the clinic's setting).
    pub interval_days: u16,
    /// The day the next one is due.
    pub due_on: Date,
    /// True when it is due today or overdue.
    pub due: bool,
    /// The responses of the last [`RESPONSE_WEEKS`] weeks and the first, newest first, with
    /// their meaning and change.
    pub responses: Vec<ScoredResponse>,
}

/// The questionnaire page.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct QuestionnairesView {
    /// Where the patient stands.
    pub status: CareStatus,
    /// The questionnaires, on a plan.
    pub questionnaires: Option<Questionnaires>,
}

fn scored(responses: &[QuestionnaireResponse]) -> AppResult<Vec<ScoredResponse>> {
    let first = responses.first();
    let mut scored = Vec::new();
    for (index, response) in responses.iter().enumerate() {
        let kind = response.questionnaire;
        let point = (response.taken_on, response.score);
        let since = |earlier: &QuestionnaireResponse| {
            questionnaire::change(kind, (earlier.taken_on, earlier.score), point)
        };
        let since_first = match first {
            Some(first) if index > 0 => Some(since(first)?),
            _ => None,
        };
        let since_last = match index
            .checked_sub(1)
            .and_then(|before| responses.get(before))
        {
            Some(before) if index > 1 => Some(since(before)?),
            _ => None,
        };
        scored.push(ScoredResponse {
            meaning: questionnaire::interpret(kind, response.score),
            response: response.clone(),
            since_first,
            since_last,
        });
    }
    scored.reverse();
    Ok(scored)
}

/// How many weeks of responses the page lists, besides the first (older ones stay stored and
/// in the export).
pub const RESPONSE_WEEKS: i64 = 52;

async fn questionnaires_of(
    app: &App,
    record: &Record,
    kind: Questionnaire,
) -> AppResult<Questionnaires> {
    let clinic = app.store.clinic(record.patient.clinic_id).await?;
    let interval = clinic.settings.questionnaire_interval_days.max(1);
    let since = record.weeks_before_today(RESPONSE_WEEKS);
    let responses: Vec<QuestionnaireResponse> = app
        .store
        .questionnaires_since(record.patient.clinic_id, record.id(), since)
        .await?
        .into_iter()
        .filter(|response| response.questionnaire == kind)
        .collect();
    let first = responses.first().map(|response| response.id);
    // The last response before the window is read only to compare the window's oldest with it.
    let hidden = responses
        .iter()
        .find(|response| response.taken_at < since && Some(response.id) != first)
        .map(|response| response.id);
    let mut scored = scored(&responses)?;
    scored.retain(|shown| Some(shown.response.id) != hidden);
    let due_on = responses
        .last()
        .map(|last| last.taken_on)
        .unwrap_or(record.today)
        .checked_add(i64::from(interval).days())
        .unwrap_or(record.today);
    Ok(Questionnaires {
        questionnaire: kind,
        items: questionnaire::items(kind),
        interval_days: interval,
        due: due_on <= record.today,
        due_on,
        responses: scored,
    })
}

/// The patient's questionnaires: which is due, and the scores so far.
pub async fn view(app: &App, caller: &Caller, patient: UserId) -> AppResult<QuestionnairesView> {
    let record = open(app, caller, patient, "questionnaires.read").await?;
    let status = status_of(app, &record).await?;
    let questionnaires = match &status {
        CareStatus::Active(plan) => {
            Some(questionnaires_of(app, &record, questionnaire_for(plan.condition)).await?)
        }
        _ => None,
    };
    Ok(QuestionnairesView {
        status,
        questionnaires,
    })
}

/// Stores a filled-in questionnaire and returns it scored, with the change since before.
pub async fn submit(
    app: &App,
    caller: &Caller,
    patient: UserId,
    input: &VisaInput,
) -> AppResult<ScoredResponse> {
    let (record, read) = open_to_change(app, caller, patient, "questionnaires.read").await?;
    let stored = store_response(app, caller, &record, &read, input).await;
    let (kind, id) = read.unless_changed(app, stored).await?;
    let all = questionnaires_of(app, &record, kind).await?;
    all.responses
        .into_iter()
        .find(|scored| scored.response.id == id)
        .ok_or_else(|| AppError::internal("the stored questionnaire was not found"))
}

/// Reads and scores `input` and stores it, with the read the change began with; returns the
/// questionnaire and the stored response's id.
async fn store_response(
    app: &App,
    caller: &Caller,
    record: &Record,
    read: &PendingRead,
    input: &VisaInput,
) -> AppResult<(Questionnaire, RecordId)> {
    let plan = require_active(app, record).await?;
    let kind = questionnaire_for(plan.condition);
    let mut reader = Reader::default();
    let answers = input.read(&mut reader);
    reader.errors.into_result()?;
    let Some(answers) = answers else {
        return Err(AppError::invalid("q1", "answer every question"));
    };
    let score = questionnaire::score_checked(kind, &answers)?;
    let response = NewQuestionnaireResponse {
        id: RecordId::new(),
        patient_id: record.id(),
        clinic_id: record.patient.clinic_id,
        questionnaire: kind,
        taken_at: record.now,
        taken_on: record.today,
        answers,
        score: score.score,
    };
    let audit = record
        .change(
            caller,
            "questionnaire.submit",
            &format!("questionnaires/{}", response.id),
        )
        .detail(format!("{} {}", kind.name(), score.score));
    app.store
        .add_questionnaire(&response, &read.with_change(audit))
        .await?;
    Ok((kind, response.id))
}
