//! Questionnaires, massage-gun screenings and sessions, and the running log.

use crate::db::Row;
use crate::db::{Connection, Executor};
use async_trait::async_trait;
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use tendo_store::audit::AuditEntry;
use tendo_store::ids::{ClinicId, Id, UserId};
use tendo_store::outcomes::{
    MassageGunSession, NewMassageGunSession, NewQuestionnaireResponse, NewScreening, OutcomeStore,
    QuestionnaireResponse, RunningWeekRecord, ScreeningRecord, SiteMinutes, parse_questionnaire,
    questionnaire_str,
};
use tendo_store::{StoreError, StoreResult};

use crate::audit::insert_audits;
use crate::care::{lock_patient, to_json};
use crate::codec::{RowExt, micros, store_error};
use crate::{Backend, SqlStore};

/// Stores a questionnaire response inside the caller's transaction.
pub(crate) async fn insert_questionnaire(
    connection: &mut Connection,
    response: &NewQuestionnaireResponse,
) -> StoreResult<()> {
    crate::db::query(
        "INSERT INTO questionnaire_responses (id, patient_id, clinic_id, questionnaire, taken_at, \
         taken_on, answers, score) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(response.id.to_bytes())
    .bind(response.patient_id.to_bytes())
    .bind(response.clinic_id.to_bytes())
    .bind(questionnaire_str(response.questionnaire))
    .bind(micros(response.taken_at))
    .bind(response.taken_on.to_string())
    .bind(to_json(&response.answers)?)
    .bind(i32::from(response.score))
    .execute(connection)
    .await
    .map_err(store_error)?;
    Ok(())
}

/// Stores a massage-gun screening inside the caller's transaction.
pub(crate) async fn insert_screening(
    connection: &mut Connection,
    screening: &NewScreening,
) -> StoreResult<()> {
    crate::db::query(
        "INSERT INTO massage_gun_screenings (id, patient_id, clinic_id, answered_at, answers) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(screening.id.to_bytes())
    .bind(screening.patient_id.to_bytes())
    .bind(screening.clinic_id.to_bytes())
    .bind(micros(screening.answered_at))
    .bind(to_json(&screening.answers)?)
    .execute(connection)
    .await
    .map_err(store_error)?;
    Ok(())
}

/// The stored form of a session's sites: `[{"site": "soleus", "minutes": 2.0}, …]`.
#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct StoredSite {
    pub(crate) site: tendo_core::massage_gun::Site,
    pub(crate) minutes: f64,
}

fn massage_session_from(row: &Row) -> StoreResult<MassageGunSession> {
    let sites: Vec<StoredSite> = row.json("sites")?;
    Ok(MassageGunSession {
        id: row.id("id")?,
        started_at: row.moment("started_at")?,
        logged_at: row.moment("logged_at")?,
        ppm: row
            .opt_int("ppm")?
            .map(|ppm| u32::try_from(ppm).unwrap_or(u32::MAX)),
        sites: sites
            .into_iter()
            .map(|site| SiteMinutes {
                site: site.site,
                minutes: site.minutes,
            })
            .collect(),
    })
}

/// The first questionnaire response, the last before `since` and every one after, read on
/// `on`.
pub(crate) async fn questionnaires_since_on(
    on: impl Executor + Copy,
    clinic: ClinicId,
    patient: UserId,
    since: Timestamp,
) -> StoreResult<Vec<QuestionnaireResponse>> {
    // Two index range reads on (patient_id, taken_at): the first response, then the last
    // one before `since` and everything after it.
    let first = crate::db::query(
        "SELECT id, questionnaire, taken_at, taken_on, answers, score \
         FROM questionnaire_responses WHERE patient_id = $1 AND clinic_id = $2 \
         ORDER BY taken_at LIMIT 1",
    )
    .bind(patient.to_bytes())
    .bind(clinic.to_bytes())
    .fetch_optional(on)
    .await
    .map_err(store_error)?
    .as_ref()
    .map(questionnaire_from)
    .transpose()?;
    let recent = crate::db::query(
        "SELECT id, questionnaire, taken_at, taken_on, answers, score \
         FROM questionnaire_responses WHERE patient_id = $1 AND clinic_id = $2 \
         AND taken_at >= COALESCE((SELECT taken_at FROM questionnaire_responses \
         WHERE patient_id = $1 AND clinic_id = $2 AND taken_at < $3 \
         ORDER BY taken_at DESC LIMIT 1), $3) ORDER BY taken_at",
    )
    .bind(patient.to_bytes())
    .bind(clinic.to_bytes())
    .bind(micros(since))
    .fetch_all(on)
    .await
    .map_err(store_error)?
    .iter()
    .map(questionnaire_from)
    .collect::<StoreResult<Vec<_>>>()?;
    Ok(match first {
        Some(first) if recent.first().is_none_or(|next| next.id != first.id) => {
            std::iter::once(first).chain(recent).collect()
        }
        _ => recent,
    })
}

#[async_trait]
impl<B: Backend> OutcomeStore for SqlStore<B> {
    async fn add_questionnaire(
        &self,
        response: &NewQuestionnaireResponse,
        audit: &[AuditEntry],
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        lock_patient(&mut tx, response.clinic_id, response.patient_id).await?;
        insert_questionnaire(&mut tx, response).await?;
        insert_audits(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn questionnaires(
        &self,
        clinic: ClinicId,
        patient: UserId,
    ) -> StoreResult<Vec<QuestionnaireResponse>> {
        crate::db::query(
            "SELECT id, questionnaire, taken_at, taken_on, answers, score \
             FROM questionnaire_responses WHERE patient_id = $1 AND clinic_id = $2 \
             ORDER BY taken_at",
        )
        .bind(patient.to_bytes())
        .bind(clinic.to_bytes())
        .fetch_all(&self.pool)
        .await
        .map_err(store_error)?
        .iter()
        .map(questionnaire_from)
        .collect()
    }

    async fn save_screening(
        &self,
        screening: &NewScreening,
        audit: &[AuditEntry],
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        lock_patient(&mut tx, screening.clinic_id, screening.patient_id).await?;
        insert_screening(&mut tx, screening).await?;
        insert_audits(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn screening(
        &self,
        clinic: ClinicId,
        patient: UserId,
    ) -> StoreResult<Option<ScreeningRecord>> {
        screening_on(&self.pool, clinic, patient).await
    }

    async fn screenings(
        &self,
        clinic: ClinicId,
        patient: UserId,
    ) -> StoreResult<Vec<ScreeningRecord>> {
        let rows = crate::db::query(
            "SELECT id, answered_at, answers FROM massage_gun_screenings \
             WHERE patient_id = $1 AND clinic_id = $2 ORDER BY answered_at, id",
        )
        .bind(patient.to_bytes())
        .bind(clinic.to_bytes())
        .fetch_all(&self.pool)
        .await
        .map_err(store_error)?;
        rows.iter()
            .map(|row| {
                Ok(ScreeningRecord {
                    id: row.id("id")?,
                    answered_at: row.moment("answered_at")?,
                    answers: row.json("answers")?,
                })
            })
            .collect()
    }

    async fn log_massage_gun_session(
        &self,
        session: &NewMassageGunSession,
        min_gap: SignedDuration,
        audit: &[AuditEntry],
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        lock_patient(&mut tx, session.clinic_id, session.patient_id).await?;
        let gap = i64::try_from(min_gap.as_micros()).unwrap_or(i64::MAX);
        let start = micros(session.started_at);
        let too_close = crate::db::query(
            "SELECT started_at FROM massage_gun_sessions WHERE patient_id = $1 \
             AND clinic_id = $2 AND started_at > $3 AND started_at < $4 LIMIT 1",
        )
        .bind(session.patient_id.to_bytes())
        .bind(session.clinic_id.to_bytes())
        .bind(start.saturating_sub(gap))
        .bind(start.saturating_add(gap))
        .fetch_optional(&mut *tx)
        .await
        .map_err(store_error)?;
        if too_close.is_some() {
            return Err(StoreError::Conflict(
                "another massage-gun session started less than the required gap before or \
                 after this one"
                    .into(),
            ));
        }
        let sites: Vec<StoredSite> = session
            .sites
            .iter()
            .map(|site| StoredSite {
                site: site.site,
                minutes: site.minutes,
            })
            .collect();
        crate::db::query(
            "INSERT INTO massage_gun_sessions (id, patient_id, clinic_id, started_at, logged_at, \
             ppm, sites) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(session.id.to_bytes())
        .bind(session.patient_id.to_bytes())
        .bind(session.clinic_id.to_bytes())
        .bind(start)
        .bind(micros(session.logged_at))
        .bind(
            session
                .ppm
                .map(|ppm| i32::try_from(ppm).unwrap_or(i32::MAX)),
        )
        .bind(to_json(&sites)?)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        insert_audits(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn massage_gun_sessions(
        &self,
        clinic: ClinicId,
        patient: UserId,
        limit: u32,
    ) -> StoreResult<Vec<MassageGunSession>> {
        massage_gun_sessions_on(&self.pool, clinic, patient, limit).await
    }

    async fn save_running_week(
        &self,
        clinic: ClinicId,
        patient: UserId,
        week: &RunningWeekRecord,
        audit: &[AuditEntry],
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        lock_patient(&mut tx, clinic, patient).await?;
        crate::db::query(
            "INSERT INTO running_weeks (patient_id, clinic_id, week_start, distance_km, \
             hard_sessions, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (patient_id, week_start) DO UPDATE SET \
             distance_km = excluded.distance_km, hard_sessions = excluded.hard_sessions, \
             updated_at = excluded.updated_at",
        )
        .bind(patient.to_bytes())
        .bind(clinic.to_bytes())
        .bind(week.week_start.to_string())
        .bind(week.distance_km)
        .bind(i32::from(week.hard_sessions))
        .bind(micros(week.updated_at))
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        insert_audits(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn running_weeks(
        &self,
        clinic: ClinicId,
        patient: UserId,
    ) -> StoreResult<Vec<RunningWeekRecord>> {
        crate::db::query(
            "SELECT week_start, distance_km, hard_sessions, updated_at FROM running_weeks \
             WHERE patient_id = $1 AND clinic_id = $2 ORDER BY week_start",
        )
        .bind(patient.to_bytes())
        .bind(clinic.to_bytes())
        .fetch_all(&self.pool)
        .await
        .map_err(store_error)?
        .iter()
        .map(running_from)
        .collect()
    }

    async fn questionnaires_since(
        &self,
        clinic: ClinicId,
        patient: UserId,
        since: Timestamp,
    ) -> StoreResult<Vec<QuestionnaireResponse>> {
        questionnaires_since_on(&self.pool, clinic, patient, since).await
    }

    async fn running_weeks_since(
        &self,
        clinic: ClinicId,
        patient: UserId,
        from: Date,
    ) -> StoreResult<Vec<RunningWeekRecord>> {
        running_weeks_since_on(&self.pool, clinic, patient, from).await
    }
}

fn questionnaire_from(row: &Row) -> StoreResult<QuestionnaireResponse> {
    Ok(QuestionnaireResponse {
        id: row.id("id")?,
        questionnaire: row.parsed("questionnaire", parse_questionnaire)?,
        taken_at: row.moment("taken_at")?,
        taken_on: row.date("taken_on")?,
        answers: row.json("answers")?,
        score: u8::try_from(row.int("score")?).unwrap_or(u8::MAX),
    })
}

fn running_from(row: &Row) -> StoreResult<RunningWeekRecord> {
    Ok(RunningWeekRecord {
        week_start: row.date("week_start")?,
        distance_km: row.opt_float("distance_km")?.unwrap_or(0.0),
        hard_sessions: u8::try_from(row.int("hard_sessions")?).unwrap_or(u8::MAX),
        updated_at: row.moment("updated_at")?,
    })
}

/// The patient's latest massage-gun screening.
pub(crate) async fn screening_on(
    on: impl Executor + Copy,
    clinic: ClinicId,
    patient: UserId,
) -> StoreResult<Option<ScreeningRecord>> {
    let row = crate::db::query(
        "SELECT id, answered_at, answers FROM massage_gun_screenings \
         WHERE patient_id = $1 AND clinic_id = $2 ORDER BY answered_at DESC, id DESC LIMIT 1",
    )
    .bind(patient.to_bytes())
    .bind(clinic.to_bytes())
    .fetch_optional(on)
    .await
    .map_err(store_error)?;
    row.map(|row| {
        Ok(ScreeningRecord {
            id: row.id("id")?,
            answered_at: row.moment("answered_at")?,
            answers: row.json("answers")?,
        })
    })
    .transpose()
}

/// The patient's latest `limit` massage-gun sessions, newest first.
pub(crate) async fn massage_gun_sessions_on(
    on: impl Executor + Copy,
    clinic: ClinicId,
    patient: UserId,
    limit: u32,
) -> StoreResult<Vec<MassageGunSession>> {
    crate::db::query(
        "SELECT id, started_at, logged_at, ppm, sites FROM massage_gun_sessions \
         WHERE patient_id = $1 AND clinic_id = $2 ORDER BY started_at DESC LIMIT $3",
    )
    .bind(patient.to_bytes())
    .bind(clinic.to_bytes())
    .bind(i64::from(limit))
    .fetch_all(on)
    .await
    .map_err(store_error)?
    .iter()
    .map(massage_session_from)
    .collect()
}

/// The patient's running weeks from `from` on, with the one just before it, oldest first.
pub(crate) async fn running_weeks_since_on(
    on: impl Executor + Copy,
    clinic: ClinicId,
    patient: UserId,
    from: Date,
) -> StoreResult<Vec<RunningWeekRecord>> {
    crate::db::query(
        "SELECT week_start, distance_km, hard_sessions, updated_at FROM running_weeks \
         WHERE patient_id = $1 AND clinic_id = $2 \
         AND week_start >= COALESCE((SELECT week_start FROM running_weeks \
         WHERE patient_id = $1 AND clinic_id = $2 AND week_start < $3 \
         ORDER BY week_start DESC LIMIT 1), $3) ORDER BY week_start",
    )
    .bind(patient.to_bytes())
    .bind(clinic.to_bytes())
    .bind(from.to_string())
    .fetch_all(on)
    .await
    .map_err(store_error)?
    .iter()
    .map(running_from)
    .collect()
}
