//! A generated patient's intake: the same answers the demo's patients give on the intake pages,
//! read by the pages' own step readers and completed by the same pure function, so the first
//! plan, the baseline questionnaire and the screening are the ones the service would make.

use jiff::ToSpan;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use tendo_core::massage_gun::Screening;
use tendo_core::pain_score::PainScore;
use tendo_store::bulk::BulkBatch;
use tendo_store::care::NewPlanVersion;

use super::super::history::{at, intake_answers, score_on, visa_for};
use super::super::people::Archetype;
use super::history::{Spec, intake_row};
use crate::error::{AppError, AppResult};
use crate::patient::intake::steps::{
    BaselineInput, ConditionInput, HistoryInput, MassageGunInput, RedFlagsInput, StepInput,
};
use crate::patient::intake::{answers_of, completion_of, view_of};

/// Where the intake left the patient.
pub(crate) enum Started {
    /// No plan: a new patient, a draft intake or a red flag.
    NoPlan,
    /// On a plan.
    Active {
        /// The first plan version (not yet in the batch).
        plan: Box<NewPlanVersion>,
        /// The usual morning pain.
        baseline_morning_pain: PainScore,
        /// The massage-gun screening.
        screening: Screening,
    },
}

/// Writes the intake (and, once completed, the baseline questionnaire and screening) into
/// `batch`; returns the first plan for the history to follow.
pub(crate) fn start(
    spec: &Spec<'_>,
    zone: &TimeZone,
    first: Date,
    batch: &mut BulkBatch,
) -> AppResult<Started> {
    let archetype = spec.archetype;
    if archetype == Archetype::New {
        return Ok(Started::NoPlan);
    }
    let user = spec.user;
    let began = at(zone, first, 8, 0);
    let (condition, days_per_week, heel_raise, morning) = intake_answers(archetype);
    let mut steps = vec![
        StepInput::Condition(ConditionInput {
            condition: condition.into(),
            side: if spec.seed.is_multiple_of(2) {
                "left"
            } else {
                "right"
            }
            .into(),
            location: String::new(),
        }),
        StepInput::History(HistoryInput {
            started_on: first.checked_sub(60.days()).unwrap_or(first).to_string(),
            onset: "gradual".into(),
            changes: vec!["hills".into(), "more-distance".into()],
            change_note: String::new(),
        }),
    ];
    if archetype == Archetype::HalfIntake {
        let answers = answers_of(&steps, first)?;
        let document = serde_json::to_value(&answers)
            .map_err(|error| AppError::internal(format!("intake does not write: {error}")))?;
        batch.intakes.push(intake_row(user, document, began, None));
        return Ok(Started::NoPlan);
    }
    let so_far = answers_of(&steps, first)?;
    let answers = view_of(so_far, false)
        .red_flag_questions
        .iter()
        .map(|question| {
            let id = crate::patient::intake::answers::flag_id(question.flag);
            let yes = archetype == Archetype::RedFlag && id == "calf-clot";
            (id, if yes { "yes" } else { "no" }.to_string())
        })
        .collect();
    steps.push(StepInput::RedFlags(RedFlagsInput { answers }));
    if archetype != Archetype::RedFlag {
        steps.push(StepInput::MassageGun(
            MassageGunInput {
                normal_sensation: "yes".into(),
                heel_bursitis: "no".into(),
                tendon_settled: "no".into(),
                device_min_ppm: "1800".into(),
                device_max_ppm: "3200".into(),
                ..MassageGunInput::default()
            }
            .with_no_health_concerns(),
        ));
        steps.push(StepInput::Baseline(BaselineInput {
            visa: visa_for(score_on(archetype, 0, spec.seed)),
            morning_pain: morning.into(),
            days_per_week: days_per_week.into(),
            heel_raise_pain: heel_raise.into(),
            equipment: None,
        }));
    }
    let answers = answers_of(&steps, first)?;
    let completion = completion_of(&answers, user.id, user.clinic_id, user.id, began, first)?;
    batch
        .intakes
        .push(intake_row(user, completion.answers, began, Some(began)));
    let (Some(plan), Some(baseline), Some(screening)) =
        (completion.plan, completion.baseline, completion.screening)
    else {
        return Ok(Started::NoPlan);
    };
    let baseline_morning_pain = answers
        .baseline
        .as_ref()
        .map(|baseline| baseline.morning_pain)
        .ok_or_else(|| AppError::internal("a completed intake has no baseline"))?;
    batch.questionnaires.push(baseline);
    batch.screenings.push(screening.clone());
    Ok(Started::Active {
        plan: Box::new(plan),
        baseline_morning_pain,
        screening: screening.answers,
    })
}
