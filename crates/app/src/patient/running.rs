//! The running log: weekly distance and hard sessions, each week reviewed against the weeks
//! before it for sudden jumps (A2, P-RUN).

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use tendo_core::reason::Reason;
use tendo_core::rules;
use tendo_core::running::{self, MAX_WEEKLY_KM, RunningWeek};
use tendo_store::ids::UserId;
use tendo_store::outcomes::RunningWeekRecord;

use super::input::Reader;
use super::{PendingRead, Record, open, open_to_change, week_start};
use crate::App;
use crate::access::Caller;
use crate::error::AppResult;

/// The most hard sessions a week accepted.
pub const MAX_HARD_SESSIONS: i64 = 14;

/// One logged week with its review.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct ReviewedWeek {
    /// The logged week.
    pub week: RunningWeekRecord,
    /// What the review says: within the usual build-up, or a jump and why it matters.
    pub review: Vec<Reason>,
    /// True when the review flags a jump in distance or hard sessions.
    pub jump: bool,
}

/// The running log.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct RunningView {
    /// The Monday of this week.
    pub this_week: Date,
    /// Every week logged in the last [`WEEKS_SHOWN`] weeks, newest first.
    pub weeks: Vec<ReviewedWeek>,
}

fn as_engine(week: &RunningWeekRecord) -> RunningWeek {
    RunningWeek {
        week_start: week.week_start,
        distance_km: week.distance_km,
        hard_sessions: week.hard_sessions,
    }
}

/// How many weeks the running log shows (older weeks stay stored and in the export).
pub const WEEKS_SHOWN: i64 = 26;

/// The weeks from `shown_from` on, each reviewed against the weeks before it. Only the weeks a
/// review can look at are read (four weeks before `shown_from`, and the last week before them,
/// which tells a gap from the start of the log), so the cost does not grow with the log.
async fn view_of(app: &App, record: &Record, shown_from: Date) -> AppResult<RunningView> {
    let read_from = shown_from.checked_sub(28.days()).unwrap_or(shown_from);
    let weeks = app
        .store
        .running_weeks_since(record.patient.clinic_id, record.id(), read_from)
        .await?;
    let log: Vec<RunningWeek> = weeks.iter().map(as_engine).collect();
    let mut reviewed = Vec::new();
    for week in weeks
        .into_iter()
        .filter(|week| week.week_start >= shown_from)
    {
        let review = running::review_week(&log, week.week_start)?;
        // A compared week always has a P-RUN reason; an A2 note beside it flags a jump. A week
        // with nothing to compare has a lone A2 reason saying so.
        let has = |rule| review.iter().any(|reason: &Reason| reason.rule == rule);
        let jump = has(rules::A2) && has(rules::P_RUN);
        reviewed.push(ReviewedWeek { week, review, jump });
    }
    reviewed.reverse();
    Ok(RunningView {
        this_week: week_start(record.today),
        weeks: reviewed,
    })
}

/// The patient's running log, reviewed week by week.
pub async fn view(app: &App, caller: &Caller, patient: UserId) -> AppResult<RunningView> {
    let record = open(app, caller, patient, "running.read").await?;
    let shown_from = week_start(record.today)
        .checked_sub((WEEKS_SHOWN * 7 - 7).days())
        .unwrap_or(record.today);
    view_of(app, &record, shown_from).await
}

/// A week as typed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RunningInput {
    /// Any day of the week (`YYYY-MM-DD`); the week starts on its Monday.
    pub week: String,
    /// Kilometres run that week.
    pub distance_km: String,
    /// Hill runs, intervals and other speed work that week.
    pub hard_sessions: String,
}

/// Logs (or corrects) a week of running and returns it reviewed.
pub async fn save_week(
    app: &App,
    caller: &Caller,
    patient: UserId,
    input: &RunningInput,
) -> AppResult<ReviewedWeek> {
    let (record, read) = open_to_change(app, caller, patient, "running.read").await?;
    let saved = store_week(app, caller, &record, &read, input).await;
    let week_start = read.unless_changed(app, saved).await?;
    let view = view_of(app, &record, week_start).await?;
    view.weeks
        .into_iter()
        .find(|reviewed| reviewed.week.week_start == week_start)
        .ok_or_else(|| crate::error::AppError::internal("the saved week was not found"))
}

/// Reads `input` and stores the week it gives, with the read the change began with; returns
/// the week's Monday.
async fn store_week(
    app: &App,
    caller: &Caller,
    record: &Record,
    read: &PendingRead,
    input: &RunningInput,
) -> AppResult<Date> {
    let mut reader = Reader::default();
    let earliest = record.today.checked_sub(2.years()).unwrap_or(record.today);
    let day = reader.date("week", &input.week, earliest, record.today, "the week");
    let distance = if input.distance_km.trim().is_empty() {
        reader.errors.add(
            "distance_km",
            format!("enter the distance in km, from 0 to {MAX_WEEKLY_KM}"),
        );
        None
    } else {
        reader.optional_decimal(
            "distance_km",
            &input.distance_km,
            0.0,
            MAX_WEEKLY_KM,
            "the distance in km",
        )
    };
    let hard = if input.hard_sessions.trim().is_empty() {
        Some(0)
    } else {
        reader.number(
            "hard_sessions",
            &input.hard_sessions,
            0,
            MAX_HARD_SESSIONS,
            "hard sessions",
        )
    };
    reader.errors.into_result()?;
    let (Some(day), Some(distance_km), Some(hard)) = (day, distance, hard) else {
        return Err(crate::error::AppError::invalid("week", "enter the week"));
    };
    let week = RunningWeekRecord {
        week_start: week_start(day),
        distance_km: (distance_km * 10.0).round() / 10.0,
        hard_sessions: u8::try_from(hard).unwrap_or(0),
        updated_at: record.now,
    };
    let audit = record
        .change(
            caller,
            "running.save",
            &format!("running/{}", week.week_start),
        )
        .detail(format!(
            "{} km, {} hard",
            week.distance_km, week.hard_sessions
        ));
    app.store
        .save_running_week(
            record.patient.clinic_id,
            record.id(),
            &week,
            &read.with_change(audit),
        )
        .await?;
    Ok(week.week_start)
}
