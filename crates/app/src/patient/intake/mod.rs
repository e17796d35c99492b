//! The intake: five steps, each saved as soon as it is answered so that nothing is lost, then
//! completed once. A red flag completes it at once, without a plan: self-management stops and
//! the patient is told whom to see and how urgently.

pub mod answers;
pub mod steps;

use serde::Serialize;
use tendo_core::condition::Condition;
use tendo_core::massage_gun::Screening;
use tendo_core::programme::{self, PlanRequest, Protocol};
use tendo_core::questionnaire::{self, Questionnaire};
use tendo_core::reason::Reason;
use tendo_core::red_flags::{self, Question, Triage};
use tendo_core::rules;
use tendo_store::StoreError;
use tendo_store::care::{IntakeCompletion, NewPlanVersion, PlanCause};
use tendo_store::ids::{RecordId, UserId};
use tendo_store::outcomes::{NewQuestionnaireResponse, NewScreening};

use self::answers::{GunAnswers, IntakeAnswers, Step};
use self::steps::StepInput;
use super::input::Reader;
use super::{PendingRead, Record, open, open_to_change};
use crate::App;
use crate::access::Caller;
use crate::error::{AppError, AppResult};

/// The questionnaire for a condition: VISA-A for the Achilles, VISA-H for the hamstring.
pub fn questionnaire_for(condition: Condition) -> Questionnaire {
    if condition.is_achilles() {
        Questionnaire::VisaA
    } else {
        Questionnaire::VisaH
    }
}

/// The intake as the patient sees it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct IntakeView {
    /// The answers so far.
    pub answers: IntakeAnswers,
    /// True once completed.
    pub completed: bool,
    /// The first step not yet answered, while it is a draft.
    pub next_step: Option<Step>,
    /// The red-flag questions for the condition (empty until the condition is known).
    pub red_flag_questions: Vec<&'static Question>,
    /// The outcome of the red-flag questions, once answered.
    pub triage: Option<Triage>,
}

/// What saving a step led to.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Saved {
    /// Saved; this step is next.
    Next {
        /// The next step.
        step: Step,
    },
    /// The intake is complete and a plan was made.
    PlanReady,
    /// The intake is complete, but a red flag stops self-management.
    Stopped,
}

pub(crate) async fn load(app: &App, record: &Record) -> AppResult<(IntakeAnswers, bool)> {
    match app
        .store
        .intake(record.patient.clinic_id, record.id())
        .await?
    {
        Some(intake) => {
            let answers = IntakeAnswers::from_stored(intake.answers)?;
            Ok((answers, intake.completed_at.is_some()))
        }
        None => Ok((IntakeAnswers::default(), false)),
    }
}

/// The patient's intake so far.
pub async fn view(app: &App, caller: &Caller, patient: UserId) -> AppResult<IntakeView> {
    let record = open(app, caller, patient, "intake.read").await?;
    let (answers, completed) = load(app, &record).await?;
    Ok(view_of(answers, completed))
}

/// The view of some answers.
pub fn view_of(answers: IntakeAnswers, completed: bool) -> IntakeView {
    let red_flag_questions = answers
        .condition
        .map(red_flags::questions)
        .unwrap_or_default();
    let triage = match (answers.condition, &answers.red_flags) {
        (Some(condition), Some(flags)) => Some(red_flags::triage(condition, flags)),
        _ => None,
    };
    IntakeView {
        next_step: (!completed).then(|| answers.next_step()).flatten(),
        answers,
        completed,
        red_flag_questions,
        triage,
    }
}

/// Saves one step. Bad input saves nothing and names each field at fault. When every step is
/// answered (or a red flag is reported) the intake is completed.
pub async fn save_step(
    app: &App,
    caller: &Caller,
    patient: UserId,
    input: &StepInput,
) -> AppResult<Saved> {
    let (record, read) = open_to_change(app, caller, patient, "intake.read").await?;
    let saved = checked_step(app, caller, &record, &read, input).await;
    read.unless_changed(app, saved).await
}

/// Checks one step against the answers so far and stores it, with the read's audit entry and
/// its own.
async fn checked_step(
    app: &App,
    caller: &Caller,
    record: &Record,
    read: &PendingRead,
    input: &StepInput,
) -> AppResult<Saved> {
    let (mut answers, completed) = load(app, record).await?;
    if completed {
        return Err(AppError::Conflict(
            "your intake is complete; your clinician can change your programme".into(),
        ));
    }
    let mut reader = Reader::default();
    steps::read(&mut reader, input, &mut answers, record.today);
    reader.errors.into_result()?;
    if answers.flagged() || answers.next_step().is_none() {
        return complete(app, caller, record, read, answers).await;
    }
    let document = serde_json::to_value(&answers)
        .map_err(|error| AppError::internal(format!("intake does not write: {error}")))?;
    let audit = record.change(caller, "intake.save", "intake");
    app.store
        .save_intake_draft(
            record.patient.clinic_id,
            record.id(),
            &document,
            record.now,
            &read.with_change(audit),
        )
        .await
        .map_err(already_complete)?;
    let step = answers.next_step().unwrap_or(Step::Baseline);
    Ok(Saved::Next { step })
}

fn already_complete(error: StoreError) -> AppError {
    match error {
        StoreError::Conflict(_) => AppError::Conflict("your intake is already complete".into()),
        other => other.into(),
    }
}

/// The screening document of the massage-gun answers.
pub fn screening_of(condition: Condition, gun: &GunAnswers) -> Screening {
    Screening {
        condition,
        now: None,
        normal_sensation: gun.normal_sensation,
        systemic_conditions: gun.systemic_conditions.clone(),
        heel_bursitis: gun.heel_bursitis,
        tendon_settled: gun.tendon_settled,
        skin: gun.skin.clone(),
        device: gun.device,
        last_session_at: None,
        today: None,
        suspected_clot: gun.suspected_clot,
        blood_thinners: gun.blood_thinners,
        bleeding_disorder: gun.bleeding_disorder,
        pregnant: gun.pregnant,
        implanted_device: gun.implanted_device,
    }
}

async fn complete(
    app: &App,
    caller: &Caller,
    record: &Record,
    read: &PendingRead,
    answers: IntakeAnswers,
) -> AppResult<Saved> {
    let completion = completion_of(
        &answers,
        record.id(),
        record.patient.clinic_id,
        caller.id(),
        record.now,
        record.today,
    )?;
    let stopped = completion.plan.is_none();
    let mut audit = record.change(caller, "intake.complete", "intake");
    if stopped {
        audit = audit.detail("a red flag stopped self-management; no plan was made");
    }
    app.store
        .complete_intake(&completion, &read.with_change(audit))
        .await
        .map_err(already_complete)?;
    Ok(if stopped {
        Saved::Stopped
    } else {
        Saved::PlanReady
    })
}

/// Reads intake steps into answers, as saving them one by one would (bad input is refused with
/// the fields named). Used to make generated patients' intakes exactly as the pages make them.
pub(crate) fn answers_of(
    inputs: &[StepInput],
    today: jiff::civil::Date,
) -> AppResult<IntakeAnswers> {
    let mut answers = IntakeAnswers::default();
    for input in inputs {
        let mut reader = Reader::default();
        steps::read(&mut reader, input, &mut answers, today);
        reader.errors.into_result()?;
    }
    Ok(answers)
}

/// What completing an intake writes: the first plan (made by the engine), the baseline
/// questionnaire and the massage-gun screening, or none of them after a red flag. Pure, so that
/// the demo generator makes the same plans as the intake pages.
pub(crate) fn completion_of(
    answers: &IntakeAnswers,
    patient: UserId,
    clinic: tendo_store::ids::ClinicId,
    by: UserId,
    now: jiff::Timestamp,
    today: jiff::civil::Date,
) -> AppResult<IntakeCompletion> {
    let condition = answers
        .condition
        .ok_or_else(|| AppError::invalid("condition", "answer the first step first"))?;
    let document = serde_json::to_value(answers)
        .map_err(|error| AppError::internal(format!("intake does not write: {error}")))?;
    let mut completion = IntakeCompletion {
        patient_id: patient,
        clinic_id: clinic,
        answers: document,
        completed_at: now,
        plan: None,
        baseline: None,
        screening: None,
    };
    if answers.flagged() {
        return Ok(completion);
    }
    let (Some(side), Some(baseline), Some(gun)) =
        (answers.side, &answers.baseline, &answers.massage_gun)
    else {
        return Err(AppError::internal("a complete intake lacks an answer"));
    };
    let isometric_first = condition.is_achilles()
        && baseline
            .heel_raise_pain
            .is_some_and(|pain| pain.value() > 5);
    let request = PlanRequest {
        condition,
        side,
        weeks_since_start: 0,
        preferred_protocol: isometric_first.then_some(Protocol::Isometric),
        sessions_per_week: baseline.days_per_week,
        stage: None,
        equipment: baseline.equipment.clone(),
    };
    let (position, mut reasons) = programme::start(&request)?;
    if let Some(pain) = baseline.heel_raise_pain.filter(|_| isometric_first) {
        reasons.insert(
            0,
            Reason::new(
                rules::P_ISO,
                format!(
                    "A single-leg heel raise hurts {pain} for you, more than 5/10, so you \
                     start with isometric holds: they load the tendon without moving it and \
                     often ease the pain."
                ),
            ),
        );
    }
    let questionnaire = questionnaire_for(condition);
    let score = questionnaire::score_checked(questionnaire, &baseline.visa)?;
    completion.plan = Some(NewPlanVersion {
        id: RecordId::new(),
        patient_id: patient,
        clinic_id: clinic,
        created_at: now,
        created_by: Some(by),
        cause: PlanCause::Intake,
        condition,
        side,
        position,
        sessions_per_week: baseline.days_per_week,
        programme_start: today,
        reasons,
        note: None,
        adjustments: Default::default(),
        equipment: baseline.equipment.clone(),
    });
    completion.baseline = Some(NewQuestionnaireResponse {
        id: RecordId::new(),
        patient_id: patient,
        clinic_id: clinic,
        questionnaire,
        taken_at: now,
        taken_on: today,
        answers: baseline.visa,
        score: score.score,
    });
    completion.screening = Some(NewScreening {
        id: RecordId::new(),
        patient_id: patient,
        clinic_id: clinic,
        answered_at: now,
        answers: screening_of(condition, gun),
    });
    Ok(completion)
}
