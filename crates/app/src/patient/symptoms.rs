//! A new or worrying symptom, reported at any time after the intake: the same red-flag questions
//! the intake asked (`RF-` rules). A red flag stops the programme at once — no more sessions
//! until a clinician has assessed and cleared it — and puts the patient at the top of their
//! clinicians' caseloads the same day, because the caseload reads the stop from the intake.

use serde::Serialize;
use tendo_core::red_flags::{self, Question, RedFlag, Triage};
use tendo_store::StoreError;
use tendo_store::ids::UserId;

use super::input::Reader;
use super::intake;
use super::intake::answers::{self, IntakeAnswers};
use super::intake::steps::{self, RedFlagsInput, StepInput};
use super::{PendingRead, Record, open, open_to_change};
use crate::App;
use crate::access::Caller;
use crate::error::{AppError, AppResult};

/// The questions to answer, for the patient's condition.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct SymptomQuestions {
    /// Each question with the id its answer is sent under (such as `calf-clot`).
    pub questions: Vec<(String, Question)>,
    /// True when self-management is already stopped by a red flag.
    pub stopped: bool,
}

/// What a report did.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum SymptomOutcome {
    /// A red flag: the programme is stopped until a clinician clears it.
    Stopped {
        /// What each flag means, whom to see and how soon.
        triage: Triage,
    },
    /// No red flag: carry on with the programme.
    CarryOn {
        /// What to do, in plain words.
        message: String,
    },
}

/// The red-flag questions for a patient whose intake is complete.
pub async fn questions(app: &App, caller: &Caller, patient: UserId) -> AppResult<SymptomQuestions> {
    let record = open(app, caller, patient, "intake.read").await?;
    let (answers, completed) = intake::load(app, &record).await?;
    let Some(condition) = answers.condition.filter(|_| completed) else {
        return Err(AppError::Conflict(
            "finish your intake first: it asks these questions".into(),
        ));
    };
    Ok(SymptomQuestions {
        questions: red_flags::questions(condition)
            .into_iter()
            .map(|question| (answers::flag_id(question.flag), *question))
            .collect(),
        stopped: answers.flagged(),
    })
}

/// Reports the answers to the red-flag questions. Any "yes" stops the programme (kept with the
/// intake, audited as `red-flag.report`); all "no" changes nothing. A report while already
/// stopped answers with the standing stop.
pub async fn report(
    app: &App,
    caller: &Caller,
    patient: UserId,
    input: &RedFlagsInput,
) -> AppResult<SymptomOutcome> {
    let (record, read) = open_to_change(app, caller, patient, "intake.read").await?;
    let reported = checked_report(app, caller, &record, &read, input).await;
    // Only a new stop changes anything: with a standing stop or no flag the read goes alone.
    let (outcome, _) = read
        .unless_changed_when(app, reported, |&(_, stopped_now)| stopped_now)
        .await?;
    Ok(outcome)
}

/// Reads the answers and stops the programme for any flag reported; says whether it did.
async fn checked_report(
    app: &App,
    caller: &Caller,
    record: &Record,
    read: &PendingRead,
    input: &RedFlagsInput,
) -> AppResult<(SymptomOutcome, bool)> {
    let (answers, completed) = intake::load(app, record).await?;
    let Some(condition) = answers.condition.filter(|_| completed) else {
        return Err(AppError::Conflict(
            "finish your intake first: it asks these questions".into(),
        ));
    };
    if answers.flagged() {
        let flags = answers.red_flags.clone().unwrap_or_default();
        let standing = SymptomOutcome::Stopped {
            triage: red_flags::triage(condition, &flags),
        };
        return Ok((standing, false));
    }
    let mut reported = answers.clone();
    let mut reader = Reader::default();
    steps::read(
        &mut reader,
        &StepInput::RedFlags(input.clone()),
        &mut reported,
        record.today,
    );
    reader.errors.into_result()?;
    let flags = reported.red_flags.clone().unwrap_or_default();
    if flags.is_empty() {
        let carry_on = SymptomOutcome::CarryOn {
            message: "None of these warning signs: carry on with your programme, and tell your \
                      clinician about anything new at your next appointment or in a message."
                .into(),
        };
        return Ok((carry_on, false));
    }
    let triage = stop(app, caller, record, answers, &flags, Some(read)).await?;
    Ok((SymptomOutcome::Stopped { triage }, true))
}

/// Stops self-management for red flags reported after the intake: they are kept with the
/// completed intake (so the plan reads as stopped and the caseload shows the red flag at once)
/// and audited as `red-flag.report` (beside the entry of the `read` the report began with, when
/// it has one to write). Used by a symptom report and by a massage-gun screening that reports a
/// suspected clot.
pub(crate) async fn stop(
    app: &App,
    caller: &Caller,
    record: &Record,
    mut answers: IntakeAnswers,
    flags: &[RedFlag],
    read: Option<&PendingRead>,
) -> AppResult<Triage> {
    let condition = answers
        .condition
        .ok_or_else(|| AppError::internal("a completed intake has no condition"))?;
    let mut all = answers
        .red_flags
        .clone()
        .filter(|_| answers.flagged())
        .unwrap_or_default();
    for flag in flags {
        if !all.contains(flag) {
            all.push(*flag);
        }
    }
    answers.red_flags = Some(all.clone());
    answers.red_flags_cleared = false;
    let document = serde_json::to_value(&answers)
        .map_err(|error| AppError::internal(format!("intake does not write: {error}")))?;
    let ids: Vec<String> = flags.iter().map(|flag| answers::flag_id(*flag)).collect();
    let audit = record
        .change(caller, "red-flag.report", "intake")
        .detail(format!("reported after the intake: {}", ids.join(", ")));
    let entries = match read {
        Some(read) => read.with_change(audit).to_vec(),
        None => vec![audit],
    };
    app.store
        .report_red_flags(
            record.patient.clinic_id,
            record.id(),
            &document,
            record.now,
            &entries,
        )
        .await
        .map_err(|error| match error {
            StoreError::Conflict(message) => AppError::Conflict(message),
            other => other.into(),
        })?;
    Ok(red_flags::triage(condition, &all))
}
