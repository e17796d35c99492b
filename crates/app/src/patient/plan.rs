//! Where a patient stands (intake, stopped by a red flag, or on a plan) and this week's
//! programme, built by the engine from the latest plan version.

use jiff::civil::Date;
use serde::Serialize;
use tendo_core::condition::Condition;
use tendo_core::pain_score::PainScore;
use tendo_core::programme::{self, ExerciseKind, MAX_WEEKS_SINCE_START, PlanItem, WeekPlan};
use tendo_core::red_flags::Triage;
use tendo_store::care::{Intake, PlanVersion};
use tendo_store::ids::UserId;

use super::intake::answers::{IntakeAnswers, Step};
use super::intake::view_of;
use super::{Record, days_between, open};
use crate::App;
use crate::access::Caller;
use crate::error::{AppError, AppResult};

/// A patient on a plan.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct ActivePlan {
    /// The condition.
    pub condition: Condition,
    /// The latest plan version.
    pub version: PlanVersion,
    /// The versions in force over the last [`VERSIONS_WEEKS`] weeks (the one in force then
    /// and every later one), oldest first; the latest's number is how many there are in all.
    /// Today and the workout carry only the versions in force since a week ago, and the plan
    /// a change is checked against ([`require_active`]) only the current one
    /// ([`current_status`]).
    pub versions: Vec<PlanVersion>,
    /// The programme week today, from 1.
    pub week: u16,
    /// This week's programme.
    pub week_plan: WeekPlan,
    /// True once a clinician has reviewed the latest version.
    pub reviewed: bool,
    /// The usual morning pain from the intake (the pain-monitoring baseline).
    pub baseline_morning_pain: PainScore,
    /// The intake answers.
    pub intake: IntakeAnswers,
}

/// A change the patient's clinician made to the plan, to show where the patient trains.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClinicianChange {
    /// The plan version it made.
    pub version: u32,
    /// The day it was made, in the patient's zone.
    pub on: Date,
    /// The clinician's reason, in their words.
    pub reason: Option<String>,
}

impl ActivePlan {
    /// The clinician's change that made the current version, if that is how it was made and
    /// it was made on `since` or later (dates in the patient's zone, by `record`).
    pub fn clinician_change(&self, record: &Record, since: Date) -> Option<ClinicianChange> {
        let version = &self.version;
        let on = record.date_of(version.created_at);
        (version.cause == tendo_store::care::PlanCause::Clinician && on >= since).then(|| {
            ClinicianChange {
                version: version.version,
                on,
                reason: version.note.clone(),
            }
        })
    }

    /// The exercises of a training session (everything but the daily load test).
    pub fn training_items(&self) -> Vec<&PlanItem> {
        self.week_plan
            .items
            .iter()
            .filter(|item| item.kind != ExerciseKind::LoadTest)
            .collect()
    }

    /// The daily load test, if the plan has one.
    pub fn load_test(&self) -> Option<&PlanItem> {
        self.week_plan
            .items
            .iter()
            .find(|item| item.kind == ExerciseKind::LoadTest)
    }

    /// Training days a week the plan asks for.
    pub fn days_per_week(&self) -> u8 {
        self.training_items()
            .iter()
            .map(|item| item.days_per_week)
            .max()
            .unwrap_or(self.version.sessions_per_week)
    }

    /// Sessions a training day asks for.
    pub fn times_per_day(&self) -> u8 {
        self.training_items()
            .iter()
            .map(|item| item.times_per_day)
            .max()
            .unwrap_or(1)
            .max(1)
    }
}

/// Where a patient stands.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum CareStatus {
    /// The intake is not complete; this step is next.
    Intake {
        /// The next step.
        next_step: Step,
    },
    /// A red flag stopped self-management.
    Stopped {
        /// Whom to see and how soon.
        triage: Triage,
    },
    /// On a plan.
    Active(Box<ActivePlan>),
}

/// The programme week of `today` for a programme started on `start`, from 1.
pub fn programme_week(start: Date, today: Date) -> u16 {
    let days = days_between(start, today).max(0);
    let week = days / 7 + 1;
    u16::try_from(week.min(i64::from(MAX_WEEKS_SINCE_START) + 1)).unwrap_or(1)
}

/// The plan of `version` for the week holding `day`, with the clinician's adjustments, fitted
/// to the patient's equipment (`P-EQUIP`; unchanged when the intake never asked).
pub fn week_plan_of(version: &PlanVersion, day: Date) -> AppResult<WeekPlan> {
    let week = programme_week(version.programme_start, day);
    let plan = programme::plan_for(
        version.position,
        version.condition,
        version.side,
        version.sessions_per_week,
        week,
    )?;
    let adjusted = programme::adjust(plan, &version.adjustments);
    Ok(programme::fit_equipment(
        adjusted,
        version.equipment.as_ref(),
    ))
}

/// How many weeks of plan versions a patient's plan carries: the charts' 26 weeks.
pub const VERSIONS_WEEKS: i64 = 26;

/// The red-flag stop a patient is under, if any: a flag reported at intake or since, that no
/// clinician has cleared yet. Read without opening the record (the caller has already been
/// allowed to act for this patient).
pub async fn red_flag_stop(
    app: &App,
    clinic: tendo_store::ids::ClinicId,
    patient: UserId,
) -> AppResult<Option<Triage>> {
    let Some(intake) = app.store.intake(clinic, patient).await? else {
        return Ok(None);
    };
    let answers: IntakeAnswers = IntakeAnswers::from_stored(intake.answers)?;
    if !answers.flagged() {
        return Ok(None);
    }
    Ok(view_of(answers, true).triage)
}

/// How far an intake has brought a patient: a status that needs no plan, or on a plan with
/// these answers.
enum Stage {
    Decided(CareStatus),
    OnPlan(Box<IntakeAnswers>),
}

fn stage_of(intake: Option<Intake>) -> AppResult<Stage> {
    let Some(intake) = intake else {
        return Ok(Stage::Decided(CareStatus::Intake {
            next_step: Step::Condition,
        }));
    };
    let answers: IntakeAnswers = IntakeAnswers::from_stored(intake.answers)?;
    if intake.completed_at.is_none() {
        return Ok(Stage::Decided(CareStatus::Intake {
            next_step: answers.next_step().unwrap_or(Step::Baseline),
        }));
    }
    if answers.flagged() {
        let view = view_of(answers, true);
        return match view.triage {
            Some(triage) => Ok(Stage::Decided(CareStatus::Stopped { triage })),
            None => Err(AppError::internal("a flagged intake has no triage")),
        };
    }
    Ok(Stage::OnPlan(Box::new(answers)))
}

/// The moment from which a patient's plan versions are read: [`VERSIONS_WEEKS`] before now.
pub(crate) fn versions_since(record: &Record) -> jiff::Timestamp {
    record.weeks_before_today(VERSIONS_WEEKS)
}

fn active_from(
    record: &Record,
    answers: IntakeAnswers,
    versions: Vec<PlanVersion>,
) -> AppResult<CareStatus> {
    let Some(version) = versions.last().cloned() else {
        return Err(AppError::internal("a completed intake has no plan"));
    };
    let baseline_morning_pain = answers
        .baseline
        .as_ref()
        .map(|baseline| baseline.morning_pain)
        .ok_or_else(|| AppError::internal("a completed intake has no baseline"))?;
    let week = programme_week(version.programme_start, record.today);
    let week_plan = week_plan_of(&version, record.today)?;
    Ok(CareStatus::Active(Box::new(ActivePlan {
        condition: version.condition,
        reviewed: version.reviewed_at.is_some(),
        week,
        week_plan,
        baseline_morning_pain,
        intake: answers,
        version,
        versions,
    })))
}

/// Where the patient of an opened record stands, with the plan versions of the last
/// [`VERSIONS_WEEKS`] weeks.
pub async fn status_of(app: &App, record: &Record) -> AppResult<CareStatus> {
    status_with_versions_since(app, record, versions_since(record)).await
}

/// Where the patient stands, with the plan versions in force from `since` on; the intake and
/// the versions are read together.
async fn status_with_versions_since(
    app: &App,
    record: &Record,
    since: jiff::Timestamp,
) -> AppResult<CareStatus> {
    let clinic = record.patient.clinic_id;
    let (intake, versions) = tokio::try_join!(
        app.store.intake(clinic, record.id()),
        app.store.plan_versions_since(clinic, record.id(), since),
    )?;
    status_from(record, intake, versions)
}

/// Where the patient stands, from their intake and their plan versions since
/// [`versions_since`] (already read).
pub(crate) fn status_from(
    record: &Record,
    intake: Option<Intake>,
    versions: Vec<PlanVersion>,
) -> AppResult<CareStatus> {
    match stage_of(intake)? {
        Stage::Decided(status) => Ok(status),
        Stage::OnPlan(answers) => active_from(record, *answers, versions),
    }
}

/// The patient's plan, or where they stand if they have none.
pub async fn view(app: &App, caller: &Caller, patient: UserId) -> AppResult<CareStatus> {
    let record = open(app, caller, patient, "plan.read").await?;
    status_of(app, &record).await
}

/// Where the patient of an opened record stands, on a plan with only the version in force
/// now: for what acts on the plan or reads it without showing its history (the versions
/// before it, each with its reasons, were most of the reads before a session was logged).
pub(crate) async fn current_status(app: &App, record: &Record) -> AppResult<CareStatus> {
    status_with_versions_since(app, record, record.now).await
}

/// The active plan of an opened record, or a conflict saying what comes first. It carries only
/// the version in force now ([`current_status`]).
pub async fn require_active(app: &App, record: &Record) -> AppResult<Box<ActivePlan>> {
    active(current_status(app, record).await?)
}

/// The active plan of `status`, or a conflict saying what comes first.
pub(crate) fn active(status: CareStatus) -> AppResult<Box<ActivePlan>> {
    match status {
        CareStatus::Active(plan) => Ok(plan),
        CareStatus::Intake { .. } => Err(AppError::Conflict(
            "finish the intake first: your plan is made from it".into(),
        )),
        CareStatus::Stopped { .. } => Err(AppError::Conflict(
            "your programme is paused until a clinician has seen you about your answers to the \
             safety questions"
                .into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn programme_weeks_count_from_the_start_day() {
        let start = date(2026, 3, 4);
        assert_eq!(programme_week(start, start), 1);
        assert_eq!(programme_week(start, date(2026, 3, 10)), 1);
        assert_eq!(programme_week(start, date(2026, 3, 11)), 2);
        assert_eq!(
            programme_week(start, date(2026, 3, 1)),
            1,
            "never before week 1"
        );
        assert_eq!(
            programme_week(start, date(2030, 1, 1)),
            105,
            "capped at two years"
        );
    }
}
