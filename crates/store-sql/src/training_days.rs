//! A patient's training by day (`training_day_totals`), kept as sessions are written: each
//! session adds itself to its day in the transaction that stores it, so reading weeks of days
//! reads one row a day instead of every set of every session.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use jiff::civil::Date;
use tendo_store::StoreResult;
use tendo_store::ids::{ClinicId, Id, UserId};
use tendo_store::training::NewTrainingSession;

use crate::codec::store_error;
use crate::db::Connection;

/// The columns of a day's row, in the order [`DayTotals`] binds them.
pub(crate) const COLUMNS: &[&str] = &[
    "patient_id",
    "clinic_id",
    "session_date",
    "sessions",
    "pain_during",
    "pain_after",
    "reps",
    "hold_seconds",
    "volume_load",
];

/// What follows the rows of an insert into `training_day_totals`: a day already there gets the
/// new sessions added (counts and sums added, the worse of each pain kept).
pub(crate) const ADD_TO_DAY: &str = " ON CONFLICT (patient_id, session_date) DO UPDATE SET \
     sessions = training_day_totals.sessions + excluded.sessions, \
     pain_during = CASE WHEN excluded.pain_during > training_day_totals.pain_during \
     THEN excluded.pain_during ELSE training_day_totals.pain_during END, \
     pain_after = CASE WHEN excluded.pain_after > training_day_totals.pain_after \
     THEN excluded.pain_after ELSE training_day_totals.pain_after END, \
     reps = training_day_totals.reps + excluded.reps, \
     hold_seconds = training_day_totals.hold_seconds + excluded.hold_seconds, \
     volume_load = training_day_totals.volume_load + excluded.volume_load";

/// What sessions add to one day of one patient.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DayTotals {
    /// Sessions.
    pub sessions: i64,
    /// The worst pain during.
    pub pain_during: i32,
    /// The worst pain after.
    pub pain_after: i32,
    /// Repetitions.
    pub reps: i64,
    /// Seconds held.
    pub hold_seconds: i64,
    /// Repetitions times kilograms, over the sets with a load.
    pub volume_load: f64,
}

impl DayTotals {
    /// What `session` adds to its day.
    pub(crate) fn of(session: &NewTrainingSession) -> DayTotals {
        let sets = &session.sets;
        DayTotals {
            sessions: 1,
            pain_during: i32::from(session.pain_during.value()),
            pain_after: i32::from(session.pain_after.value()),
            reps: sets.iter().filter_map(|set| set.reps).map(i64::from).sum(),
            hold_seconds: sets
                .iter()
                .filter_map(|set| set.hold_seconds)
                .map(i64::from)
                .sum(),
            volume_load: sets
                .iter()
                .filter_map(|set| Some(f64::from(set.reps?) * set.load_kg?))
                .sum(),
        }
    }

    /// Both together, as one day.
    fn add(self, other: DayTotals) -> DayTotals {
        DayTotals {
            sessions: self.sessions + other.sessions,
            pain_during: self.pain_during.max(other.pain_during),
            pain_after: self.pain_after.max(other.pain_after),
            reps: self.reps + other.reps,
            hold_seconds: self.hold_seconds + other.hold_seconds,
            volume_load: self.volume_load + other.volume_load,
        }
    }
}

/// The sessions of `sessions` added up by patient and day, for one insert per day.
pub(crate) fn by_day<'a>(
    sessions: impl IntoIterator<Item = &'a NewTrainingSession>,
) -> BTreeMap<(UserId, ClinicId, Date), DayTotals> {
    let mut days: BTreeMap<(UserId, ClinicId, Date), DayTotals> = BTreeMap::new();
    for session in sessions {
        let totals = DayTotals::of(session);
        days.entry((session.patient_id, session.clinic_id, session.date))
            .and_modify(|day| *day = day.add(totals))
            .or_insert(totals);
    }
    days
}

/// Adds `session` to its day (inside the transaction that stores it).
pub(crate) async fn add_session(
    tx: &mut Connection,
    session: &NewTrainingSession,
) -> StoreResult<()> {
    static ADD_ONE: LazyLock<String> = LazyLock::new(|| {
        format!(
            "INSERT INTO training_day_totals ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)\
             {ADD_TO_DAY}",
            COLUMNS.join(", ")
        )
    });
    let totals = DayTotals::of(session);
    crate::db::query(ADD_ONE.as_str())
        .bind(session.patient_id.to_bytes())
        .bind(session.clinic_id.to_bytes())
        .bind(session.date.to_string())
        .bind(totals.sessions)
        .bind(totals.pain_during)
        .bind(totals.pain_after)
        .bind(totals.reps)
        .bind(totals.hold_seconds)
        .bind(totals.volume_load)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
    Ok(())
}
