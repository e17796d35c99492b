//! Progress: the numbers behind the charts (pain over time, weekly load, questionnaire scores,
//! adherence) and a weekly summary in plain words.

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;
use tendo_core::pain_score::PainScore;
use tendo_core::questionnaire::Questionnaire;
use tendo_store::care::PlanVersion;
use tendo_store::ids::UserId;
use tendo_store::outcomes::QuestionnaireResponse;
use tendo_store::training::DaySummary;

use super::intake::questionnaire_for;
use super::plan::{ActivePlan, CareStatus, status_of, week_plan_of};
use super::{Record, Tagged, days_between, open, short_date, week_start};
use crate::App;
use crate::access::Caller;
use crate::error::AppResult;

/// Seconds counted for one repetition when estimating time under load (Tendo's estimate: most
/// programme repetitions take 3–6 seconds).
pub const SECONDS_PER_REP: u32 = 4;

/// How many weeks the charts look back, at most.
pub const WEEKS_SHOWN: i64 = 26;

/// How many weeks of questionnaire scores the chart shows, besides the first score.
pub const SCORE_WEEKS: i64 = 52;

/// The pain around one training day.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct PainPoint {
    /// The day of the session(s).
    pub date: Date,
    /// The worst pain during, 0–10.
    pub during: u8,
    /// The worst pain straight after, 0–10.
    pub after: u8,
    /// The next-morning pain, once answered.
    pub morning: Option<u8>,
}

/// One week of training.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct WeekLoad {
    /// The Monday.
    pub week_start: Date,
    /// Repetitions done.
    pub reps: u32,
    /// Seconds held.
    pub hold_seconds: u32,
    /// Estimated minutes under load: holds plus repetitions at [`SECONDS_PER_REP`].
    pub minutes_under_load: f64,
    /// Volume load: repetitions times added load, in kilograms (what heavy slow resistance
    /// raises week on week).
    pub volume_load_kg: f64,
    /// Sessions done.
    pub sessions_done: u32,
    /// Sessions the plan asked for (for the current week, the whole week).
    pub sessions_due: u32,
}

impl WeekLoad {
    /// Sessions done as a share of those due, 0–100 (capped).
    pub fn adherence_percent(&self) -> u32 {
        if self.sessions_due == 0 {
            return 0;
        }
        (self.sessions_done * 100 / self.sessions_due).min(100)
    }
}

/// One questionnaire score.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct ScorePoint {
    /// The day.
    pub date: Date,
    /// The score, 0–100.
    pub score: u8,
}

/// A patient's progress.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct Progress {
    /// Pain by training day, oldest first.
    pub pain: Vec<PainPoint>,
    /// Training by week, oldest first.
    pub weeks: Vec<WeekLoad>,
    /// VISA-A or VISA-H.
    pub questionnaire: Questionnaire,
    /// The first score and those of the last [`SCORE_WEEKS`] weeks (with the one just before
    /// them), oldest first.
    pub scores: Vec<ScorePoint>,
    /// This week in plain words.
    pub summary: Vec<String>,
}

/// The progress page.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct ProgressView {
    /// Where the patient stands.
    pub status: CareStatus,
    /// The progress, on a plan.
    pub progress: Option<Progress>,
}

/// The patient's progress.
pub async fn view(app: &App, caller: &Caller, patient: UserId) -> AppResult<ProgressView> {
    let record = open(app, caller, patient, "progress.read").await?;
    view_of(app, &record).await
}

/// The patient's progress unless the caller holds it already: `holds(tag)` says whether the
/// caller holds the view of `tag`. Access is checked and the read audited either way.
pub async fn view_tagged(
    app: &App,
    caller: &Caller,
    patient: UserId,
    holds: impl FnOnce(&str) -> bool,
) -> AppResult<Tagged<ProgressView>> {
    let record = open(app, caller, patient, "progress.read").await?;
    let tag = record.tag("progress");
    if holds(&tag) {
        return Ok(Tagged { tag, view: None });
    }
    let view = view_of(app, &record).await?;
    Ok(Tagged {
        tag,
        view: Some(view),
    })
}

async fn view_of(app: &App, record: &Record) -> AppResult<ProgressView> {
    let status = status_of(app, record).await?;
    let progress = match &status {
        CareStatus::Active(plan) => Some(progress_of(app, record, plan).await?),
        _ => None,
    };
    Ok(ProgressView { status, progress })
}

/// The plan version in force on `day`.
fn version_on<'a>(
    record: &Record,
    versions: &'a [PlanVersion],
    day: Date,
) -> Option<&'a PlanVersion> {
    versions
        .iter()
        .rev()
        .find(|version| record.date_of(version.created_at) <= day)
        .or_else(|| versions.first())
}

fn sessions_due(record: &Record, versions: &[PlanVersion], monday: Date, start: Date) -> u32 {
    let sunday = monday.checked_add(6.days()).unwrap_or(monday);
    let first_day = monday.max(start);
    // This week's figure is the one Today and the plan show: the plan in force today. A past
    // week keeps the plan it began with.
    let plan_day = if (first_day..=sunday).contains(&record.today) {
        record.today
    } else {
        first_day
    };
    let Some(version) = version_on(record, versions, plan_day) else {
        return 0;
    };
    let Ok(plan) = week_plan_of(version, plan_day) else {
        return 0;
    };
    let training = plan
        .items
        .iter()
        .filter(|item| item.kind != tendo_core::programme::ExerciseKind::LoadTest);
    let (days, times) = training.fold((0u8, 1u8), |(days, times), item| {
        (days.max(item.days_per_week), times.max(item.times_per_day))
    });
    let open_days = u8::try_from(days_between(first_day, sunday) + 1).unwrap_or(7);
    u32::from(days.min(open_days)) * u32::from(times)
}

/// The first day the charts can show: the Monday [`WEEKS_SHOWN`] weeks back, this week
/// included.
pub(crate) fn charts_earliest(record: &Record) -> Date {
    week_start(record.today)
        .checked_sub((WEEKS_SHOWN * 7 - 7).days())
        .unwrap_or(record.today)
}

/// The moment from which the score chart reads questionnaires.
pub(crate) fn scores_since(record: &Record) -> jiff::Timestamp {
    record.weeks_before_today(SCORE_WEEKS)
}

pub(crate) async fn progress_of(
    app: &App,
    record: &Record,
    plan: &ActivePlan,
) -> AppResult<Progress> {
    let clinic = record.patient.clinic_id;
    let from = plan.version.programme_start.max(charts_earliest(record));
    let days = app
        .store
        .training_days(clinic, record.id(), from, record.today)
        .await?;
    let mornings = app
        .store
        .morning_pains(clinic, record.id(), from, record.today)
        .await?;
    let responses = app
        .store
        .questionnaires_since(clinic, record.id(), scores_since(record))
        .await?;
    Ok(progress_from(record, plan, &days, &mornings, &responses))
}

/// The progress from what was read: training days and next-morning pains from
/// [`charts_earliest`] (or later) to today, and questionnaire responses from
/// [`scores_since`] (or earlier, with the first and the one just before).
pub(crate) fn progress_from(
    record: &Record,
    plan: &ActivePlan,
    days: &[DaySummary],
    mornings: &[(Date, PainScore)],
    responses: &[QuestionnaireResponse],
) -> Progress {
    let start = plan.version.programme_start;
    let from = start.max(charts_earliest(record));
    let days: Vec<DaySummary> = days
        .iter()
        .filter(|day| day.date >= from)
        .cloned()
        .collect();
    let mornings: BTreeMap<Date, u8> = mornings
        .iter()
        .filter(|(date, _)| *date >= from)
        .map(|(date, pain)| (*date, pain.value()))
        .collect();
    let pain = pain_points(&days, &mornings);
    let mut weeks = Vec::new();
    let mut monday = week_start(from);
    while monday <= record.today {
        let sunday = monday.checked_add(6.days()).unwrap_or(monday);
        let in_week: Vec<&DaySummary> = days
            .iter()
            .filter(|day| day.date >= monday && day.date <= sunday)
            .collect();
        let reps: u32 = in_week.iter().map(|day| day.reps).sum();
        let hold_seconds: u32 = in_week.iter().map(|day| day.hold_seconds).sum();
        weeks.push(WeekLoad {
            week_start: monday,
            reps,
            hold_seconds,
            minutes_under_load: f64::from(hold_seconds + reps * SECONDS_PER_REP) / 60.0,
            // A fold from +0.0: `sum()` of no floats is -0.0, shown as "-0 kg".
            volume_load_kg: in_week
                .iter()
                .fold(0.0, |total, day| total + day.volume_load_kg),
            sessions_done: in_week.iter().map(|day| day.sessions).sum(),
            sessions_due: sessions_due(record, &plan.versions, monday, start),
        });
        monday = monday.checked_add(7.days()).unwrap_or(sunday);
        if monday == sunday {
            break;
        }
    }
    let questionnaire = questionnaire_for(plan.condition);
    let scores: Vec<ScorePoint> = scores_window(responses, scores_since(record))
        .filter(|response| response.questionnaire == questionnaire)
        .map(|response| ScorePoint {
            date: response.taken_on,
            score: response.score,
        })
        .collect();
    let summary = summary(record, plan, &pain, weeks.last(), &scores, questionnaire);
    Progress {
        pain,
        weeks,
        questionnaire,
        scores,
        summary,
    }
}

/// Of `responses` (oldest first: the first, the one just before some moment and every one
/// after it), the first, the last before `since` and every one from `since` on: what a read
/// from `since` returns, from a read that began earlier.
fn scores_window(
    responses: &[QuestionnaireResponse],
    since: jiff::Timestamp,
) -> impl Iterator<Item = &QuestionnaireResponse> {
    let recent = responses.partition_point(|response| response.taken_at < since);
    let before = recent.saturating_sub(1);
    responses
        .iter()
        .enumerate()
        .filter(move |(index, _)| *index == 0 || *index >= before)
        .map(|(_, response)| response)
}

fn pain_points(days: &[DaySummary], mornings: &BTreeMap<Date, u8>) -> Vec<PainPoint> {
    days.iter()
        .map(|day| PainPoint {
            date: day.date,
            during: day.pain_during.value(),
            after: day.pain_after.value(),
            morning: mornings.get(&day.date).copied(),
        })
        .collect()
}

fn mean(values: impl Iterator<Item = u8>) -> Option<f64> {
    let values: Vec<f64> = values.map(f64::from).collect();
    let count = u32::try_from(values.len())
        .ok()
        .filter(|count| *count > 0)?;
    Some(values.iter().sum::<f64>() / f64::from(count))
}

/// This week in plain words: sessions, pain against the limits, plan changes and scores.
fn summary(
    record: &Record,
    plan: &ActivePlan,
    pain: &[PainPoint],
    week: Option<&WeekLoad>,
    scores: &[ScorePoint],
    questionnaire: Questionnaire,
) -> Vec<String> {
    let monday = week_start(record.today);
    let mut lines = Vec::new();
    // The planned sessions are counted even before the first is logged; a week with nothing
    // logged yet gets a word of encouragement.
    let so_far = match week {
        Some(week) if week.sessions_done > 0 || week.sessions_due > 0 => format!(
            "{} of {} planned sessions done so far.",
            week.sessions_done, week.sessions_due
        ),
        _ => "no sessions logged yet.".to_string(),
    };
    let encouragement = if week.is_some_and(|week| week.sessions_done > 0) {
        ""
    } else {
        " Pick up where you left off whenever you can; one session is already worth it."
    };
    lines.push(format!(
        "This week (from {}): {so_far}{encouragement}",
        short_date(monday)
    ));
    let this_week: Vec<&PainPoint> = pain.iter().filter(|point| point.date >= monday).collect();
    if let (Some(during), Some(after)) = (
        mean(this_week.iter().map(|point| point.during)),
        mean(this_week.iter().map(|point| point.after)),
    ) {
        let verdict = if during <= 5.0 && after <= 5.0 {
            "within the 5/10 limit"
        } else {
            "above the 5/10 limit on average, so keep an eye on the next-morning check-ins"
        };
        lines.push(format!(
            "Pain averaged {during:.1}/10 during training and {after:.1}/10 straight after: {verdict}."
        ));
    }
    if let Some(morning) = mean(this_week.iter().filter_map(|point| point.morning)) {
        lines.push(format!(
            "Next-morning pain averaged {morning:.1}/10; your usual morning pain before the \
             programme was {}.",
            plan.baseline_morning_pain
        ));
    }
    for version in plan
        .versions
        .iter()
        .filter(|version| record.date_of(version.created_at) >= monday && version.version > 1)
    {
        let label = version
            .position
            .protocol
            .plain_level(version.position.level);
        lines.push(format!(
            "Your plan changed on {} (version {}): {label}{}.",
            short_date(record.date_of(version.created_at)),
            version.version,
            if version.position.eased {
                ", eased"
            } else {
                ""
            }
        ));
    }
    if let (Some(first), Some(last)) = (scores.first(), scores.last())
        && scores.len() > 1
    {
        let change = i16::from(last.score) - i16::from(first.score);
        lines.push(format!(
            "Your latest {} score is {} out of 100, {} since your first ({}).",
            questionnaire.name(),
            last.score,
            match change {
                0 => "the same".to_string(),
                up if up > 0 => format!("up {up} points"),
                down => format!("down {} points", -down),
            },
            first.score
        ));
    }
    lines
}
