//! Training sessions, their sets, and next-morning check-ins.

use std::collections::HashMap;

use crate::db::Row;
use crate::db::{Connection, Executor};
use async_trait::async_trait;
use jiff::civil::Date;
use tendo_core::pain_score::PainScore;
use tendo_store::audit::AuditEntry;
use tendo_store::care::PlanVersion;
use tendo_store::ids::{ClinicId, Id, RecordId, UserId};
use tendo_store::training::{
    Checkin, DaySummary, DayWindow, LoggedSet, NewCheckin, NewTrainingSession, PatientDay,
    TrainingSession, TrainingStore, decision_str, parse_decision,
};
use tendo_store::{StoreError, StoreResult};

use crate::audit::insert_audits;
use crate::care::{insert_plan, lock_patient, to_json};
use crate::codec::{RowExt, as_stored, micros, store_error};
use crate::{Backend, SqlStore};

fn pain(row: &Row, column: &'static str) -> StoreResult<PainScore> {
    let value = row.int(column)?;
    u8::try_from(value)
        .ok()
        .and_then(PainScore::new)
        .ok_or_else(|| {
            StoreError::other(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{column} holds {value}, not a pain score"),
            ))
        })
}

fn opt_u16(row: &Row, column: &'static str) -> StoreResult<Option<u16>> {
    Ok(row
        .opt_int(column)?
        .map(|value| u16::try_from(value).unwrap_or(u16::MAX)))
}

/// `sql`, a read of one patient's days, with the patient (`$1`), the clinic (`$2`) and the
/// first and last day (`$3`, `$4`) bound.
fn days_of(
    sql: &'static str,
    clinic: ClinicId,
    patient: UserId,
    from: Date,
    to: Date,
) -> crate::db::Query<'static> {
    crate::db::query(sql)
        .bind(patient.to_bytes())
        .bind(clinic.to_bytes())
        .bind(from.to_string())
        .bind(to.to_string())
}

fn checkin_from(row: &Row) -> StoreResult<Checkin> {
    Ok(Checkin {
        id: row.id("id")?,
        session_date: row.date("session_date")?,
        answered_at: row.moment("answered_at")?,
        pain: pain(row, "pain")?,
        decision: row.parsed("decision", parse_decision)?,
        reasons: row.json("reasons")?,
        plan_version_id: row.opt_id("plan_version_id")?,
    })
}

/// `NotFound` unless plan version `plan` is one of `patient`'s in `clinic`: what is logged
/// against a plan must be logged against one of the patient's own.
pub(crate) async fn require_plan_of(
    tx: &mut Connection,
    plan: RecordId,
    patient: UserId,
    clinic: ClinicId,
) -> StoreResult<()> {
    let found = crate::db::query(
        "SELECT 1 AS ok FROM plan_versions WHERE id = $1 AND patient_id = $2 AND clinic_id = $3",
    )
    .bind(plan.to_bytes())
    .bind(patient.to_bytes())
    .bind(clinic.to_bytes())
    .fetch_optional(&mut *tx)
    .await
    .map_err(store_error)?;
    found.map(|_| ()).ok_or(StoreError::NotFound)
}

/// Writes a session with its sets, after locking the patient and checking the plan version is
/// theirs (`NotFound` if not). The caller commits.
pub(crate) async fn insert_session(
    tx: &mut Connection,
    session: &NewTrainingSession,
) -> StoreResult<()> {
    lock_patient(&mut *tx, session.clinic_id, session.patient_id).await?;
    require_plan_of(
        tx,
        session.plan_version_id,
        session.patient_id,
        session.clinic_id,
    )
    .await?;
    crate::db::query(
        "INSERT INTO training_sessions (id, patient_id, clinic_id, plan_version_id, \
         session_date, logged_at, pain_during, pain_after, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(session.id.to_bytes())
    .bind(session.patient_id.to_bytes())
    .bind(session.clinic_id.to_bytes())
    .bind(session.plan_version_id.to_bytes())
    .bind(session.date.to_string())
    .bind(micros(session.logged_at))
    .bind(i32::from(session.pain_during.value()))
    .bind(i32::from(session.pain_after.value()))
    .bind(session.note.as_deref())
    .execute(&mut *tx)
    .await
    .map_err(store_error)?;
    for set in &session.sets {
        let insert = crate::db::query(
            "INSERT INTO training_sets (session_id, patient_id, exercise, set_number, \
             reps, hold_seconds, load_kg) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(session.id.to_bytes())
        .bind(session.patient_id.to_bytes())
        .bind(&set.exercise)
        .bind(i32::from(set.set_number))
        .bind(set.reps.map(i32::from))
        .bind(set.hold_seconds.map(i32::from))
        .bind(set.load_kg);
        insert.execute(&mut *tx).await.map_err(store_error)?;
    }
    crate::training_days::add_session(tx, session).await
}

/// The training days from `from` to `to`, read on `on` (one row a day, kept as sessions are
/// written: `training_days.rs`).
pub(crate) async fn training_days_on(
    on: impl Executor + Copy,
    clinic: ClinicId,
    patient: UserId,
    from: Date,
    to: Date,
) -> StoreResult<Vec<DaySummary>> {
    let total = |row: &Row, column: &'static str| -> StoreResult<u32> {
        Ok(u32::try_from(row.opt_int(column)?.unwrap_or(0)).unwrap_or(u32::MAX))
    };
    days_of(
        "SELECT session_date, sessions, pain_during, pain_after, reps, hold_seconds AS holds, \
         volume_load FROM training_day_totals \
         WHERE patient_id = $1 AND clinic_id = $2 \
         AND session_date >= $3 AND session_date <= $4 ORDER BY session_date",
        clinic,
        patient,
        from,
        to,
    )
    .fetch_all(on)
    .await
    .map_err(store_error)?
    .iter()
    .map(|row| {
        Ok(DaySummary {
            date: row.date("session_date")?,
            sessions: total(row, "sessions")?,
            pain_during: pain(row, "pain_during")?,
            pain_after: pain(row, "pain_after")?,
            reps: total(row, "reps")?,
            hold_seconds: total(row, "holds")?,
            volume_load_kg: row.opt_float("volume_load")?.unwrap_or(0.0),
        })
    })
    .collect()
}

/// The sets of a patient's sessions from `$3` to `$4` (patient `$1`, clinic `$2`). On SQLite
/// it reads `training_sets` by the table's own key, patient and session first (migration
/// 2100), so the sets of a patient's weeks lie side by side; on PostgreSQL by the index on the
/// same columns.
pub const SESSION_SETS: &str = "SELECT s.session_id, s.exercise, s.set_number, s.reps, s.load_kg, s.hold_seconds \
     FROM training_sets s JOIN training_sessions t \
     ON s.patient_id = t.patient_id AND s.session_id = t.id \
     WHERE t.patient_id = $1 AND t.clinic_id = $2 \
     AND t.session_date >= $3 AND t.session_date <= $4 \
     ORDER BY s.exercise, s.set_number";

/// The sessions from `from` to `to` with their sets, read on `on`.
pub(crate) async fn sessions_on(
    on: impl Executor + Copy,
    clinic: ClinicId,
    patient: UserId,
    from: Date,
    to: Date,
) -> StoreResult<Vec<TrainingSession>> {
    let rows = days_of(
        "SELECT id, plan_version_id, session_date, logged_at, pain_during, pain_after, note \
         FROM training_sessions WHERE patient_id = $1 AND clinic_id = $2 \
         AND session_date >= $3 AND session_date <= $4 ORDER BY session_date, logged_at",
        clinic,
        patient,
        from,
        to,
    )
    .fetch_all(on)
    .await
    .map_err(store_error)?;
    let set_rows = days_of(SESSION_SETS, clinic, patient, from, to)
        .fetch_all(on)
        .await
        .map_err(store_error)?;
    let mut sets: HashMap<RecordId, Vec<LoggedSet>> = HashMap::new();
    for row in &set_rows {
        sets.entry(row.id("session_id")?)
            .or_default()
            .push(LoggedSet {
                exercise: row.text("exercise")?,
                set_number: u8::try_from(row.int("set_number")?).unwrap_or(u8::MAX),
                reps: opt_u16(row, "reps")?,
                load_kg: row.opt_float("load_kg")?,
                hold_seconds: opt_u16(row, "hold_seconds")?,
            });
    }
    rows.iter()
        .map(|row| {
            let id: RecordId = row.id("id")?;
            Ok(TrainingSession {
                id,
                plan_version_id: row.id("plan_version_id")?,
                date: row.date("session_date")?,
                logged_at: row.moment("logged_at")?,
                pain_during: pain(row, "pain_during")?,
                pain_after: pain(row, "pain_after")?,
                sets: sets.remove(&id).unwrap_or_default(),
                note: row.opt_text("note")?,
            })
        })
        .collect()
}

/// The check-in answered last for a session from `from` to `to`, read on `on`.
pub(crate) async fn latest_checkin_on(
    on: impl Executor + Copy,
    clinic: ClinicId,
    patient: UserId,
    from: Date,
    to: Date,
) -> StoreResult<Option<Checkin>> {
    days_of(
        "SELECT id, session_date, answered_at, pain, decision, reasons, plan_version_id \
         FROM checkins WHERE patient_id = $1 AND clinic_id = $2 \
         AND session_date >= $3 AND session_date <= $4 ORDER BY answered_at DESC LIMIT 1",
        clinic,
        patient,
        from,
        to,
    )
    .fetch_optional(on)
    .await
    .map_err(store_error)?
    .as_ref()
    .map(checkin_from)
    .transpose()
}

/// The check-ins from `from` to `to`, read on `on`.
pub(crate) async fn checkins_on(
    on: impl Executor + Copy,
    clinic: ClinicId,
    patient: UserId,
    from: Date,
    to: Date,
) -> StoreResult<Vec<Checkin>> {
    days_of(
        "SELECT id, session_date, answered_at, pain, decision, reasons, plan_version_id \
         FROM checkins WHERE patient_id = $1 AND clinic_id = $2 \
         AND session_date >= $3 AND session_date <= $4 ORDER BY session_date",
        clinic,
        patient,
        from,
        to,
    )
    .fetch_all(on)
    .await
    .map_err(store_error)?
    .iter()
    .map(checkin_from)
    .collect()
}

/// The next-morning pains answered for the sessions from `from` to `to`, read on `on`.
pub(crate) async fn morning_pains_on(
    on: impl Executor + Copy,
    clinic: ClinicId,
    patient: UserId,
    from: Date,
    to: Date,
) -> StoreResult<Vec<(Date, PainScore)>> {
    days_of(
        "SELECT session_date, pain FROM checkins WHERE patient_id = $1 AND clinic_id = $2 \
         AND session_date >= $3 AND session_date <= $4 ORDER BY session_date",
        clinic,
        patient,
        from,
        to,
    )
    .fetch_all(on)
    .await
    .map_err(store_error)?
    .iter()
    .map(|row| Ok((row.date("session_date")?, pain(row, "pain")?)))
    .collect()
}

#[async_trait]
impl<B: Backend> TrainingStore for SqlStore<B> {
    async fn patient_day(
        &self,
        clinic: ClinicId,
        patient: UserId,
        window: DayWindow,
    ) -> StoreResult<PatientDay> {
        let snapshot = self.pool.snapshot().await.map_err(store_error)?;
        let on = &snapshot;
        let (
            intake,
            versions,
            days,
            sessions_today,
            mornings,
            latest_checkin,
            questionnaires,
            clinic,
        ) = tokio::try_join!(
            crate::care::intake_on(on, clinic, patient),
            crate::care::plan_versions_since_on(on, clinic, patient, window.versions_since),
            training_days_on(on, clinic, patient, window.from, window.today),
            sessions_on(on, clinic, patient, window.today, window.today),
            morning_pains_on(on, clinic, patient, window.from, window.today),
            latest_checkin_on(on, clinic, patient, window.decisions_from, window.today),
            crate::outcomes::questionnaires_since_on(
                on,
                clinic,
                patient,
                window.questionnaires_since
            ),
            crate::accounts::clinic_on(on, clinic),
        )?;
        Ok(PatientDay {
            intake,
            versions,
            days,
            sessions_today,
            mornings,
            latest_checkin,
            questionnaires,
            clinic,
        })
    }

    async fn log_session(
        &self,
        session: &NewTrainingSession,
        audit: &[AuditEntry],
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        insert_session(&mut tx, session).await?;
        insert_audits(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn training_days(
        &self,
        clinic: ClinicId,
        patient: UserId,
        from: Date,
        to: Date,
    ) -> StoreResult<Vec<DaySummary>> {
        training_days_on(&self.pool, clinic, patient, from, to).await
    }

    async fn sessions(
        &self,
        clinic: ClinicId,
        patient: UserId,
        from: Date,
        to: Date,
    ) -> StoreResult<Vec<TrainingSession>> {
        sessions_on(&self.pool, clinic, patient, from, to).await
    }

    async fn record_checkin(
        &self,
        checkin: &NewCheckin,
        audit: &[AuditEntry],
    ) -> StoreResult<(Checkin, Option<PlanVersion>)> {
        let mut tx = self.write().await?;
        lock_patient(&mut tx, checkin.clinic_id, checkin.patient_id).await?;
        let answered = crate::db::query(
            "SELECT 1 AS ok FROM checkins WHERE patient_id = $1 AND clinic_id = $2 \
             AND session_date = $3",
        )
        .bind(checkin.patient_id.to_bytes())
        .bind(checkin.clinic_id.to_bytes())
        .bind(checkin.session_date.to_string())
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        if answered.is_some() {
            return Err(StoreError::Conflict(format!(
                "the check-in for {} is already answered",
                checkin.session_date
            )));
        }
        let plan = match &checkin.plan {
            Some(plan) => Some(insert_plan(&mut tx, plan).await?),
            None => None,
        };
        crate::db::query(
            "INSERT INTO checkins (id, patient_id, clinic_id, session_date, answered_at, pain, \
             decision, reasons, plan_version_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(checkin.id.to_bytes())
        .bind(checkin.patient_id.to_bytes())
        .bind(checkin.clinic_id.to_bytes())
        .bind(checkin.session_date.to_string())
        .bind(micros(checkin.answered_at))
        .bind(i32::from(checkin.pain.value()))
        .bind(decision_str(checkin.decision))
        .bind(to_json(&checkin.reasons)?)
        .bind(plan.as_ref().map(|plan| plan.id.to_bytes()))
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        insert_audits(&mut tx, audit).await?;
        tx.commit().await?;
        let stored = Checkin {
            id: checkin.id,
            session_date: checkin.session_date,
            answered_at: as_stored(checkin.answered_at),
            pain: checkin.pain,
            decision: checkin.decision,
            reasons: checkin.reasons.clone(),
            plan_version_id: plan.as_ref().map(|plan| plan.id),
        };
        Ok((stored, plan))
    }

    async fn morning_pains(
        &self,
        clinic: ClinicId,
        patient: UserId,
        from: Date,
        to: Date,
    ) -> StoreResult<Vec<(Date, PainScore)>> {
        morning_pains_on(&self.pool, clinic, patient, from, to).await
    }

    async fn checkins(
        &self,
        clinic: ClinicId,
        patient: UserId,
        from: Date,
        to: Date,
    ) -> StoreResult<Vec<Checkin>> {
        checkins_on(&self.pool, clinic, patient, from, to).await
    }
}
