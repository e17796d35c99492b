//! Training reminders (`ReminderStore`): settings, reminders queued once per patient, kind and
//! local date (`INSERT … ON CONFLICT DO NOTHING` on the key, on both backends), and secrets
//! shared by every app server.

use crate::db::Row;
use async_trait::async_trait;
use jiff::Timestamp;
use jiff::civil::Time;
use tendo_store::StoreResult;
use tendo_store::audit::AuditEntry;
use tendo_store::ids::{Id, RecordId, UserId};
use tendo_store::mail::NewMail;
use tendo_store::reminders::{NewReminder, ReminderPreferences, ReminderStore};

use crate::audit::{insert_audit, insert_audits};
use crate::codec::{RowExt, micros, store_error};
use crate::mail::insert_mail;
use crate::{Backend, SqlStore};

macro_rules! preference_columns {
    () => {
        "patient_id, clinic_id, days, training_time, morning_time, training_on, \
         missed_session_on, morning_check_on, updated_at, next_check_at"
    };
}

fn wall_time(text: &str) -> Option<Time> {
    Time::strptime("%H:%M", text).ok()
}

fn preferences_from(row: &Row) -> StoreResult<ReminderPreferences> {
    Ok(ReminderPreferences {
        patient_id: row.id("patient_id")?,
        clinic_id: row.id("clinic_id")?,
        days: u8::try_from(row.int("days")? & 0x7f).unwrap_or(0),
        training_time: row.parsed("training_time", wall_time)?,
        morning_time: row.parsed("morning_time", wall_time)?,
        training_on: row.int("training_on")? != 0,
        missed_session_on: row.int("missed_session_on")? != 0,
        morning_check_on: row.int("morning_check_on")? != 0,
        updated_at: row.moment("updated_at")?,
        next_check_at: row.opt_moment("next_check_at")?,
    })
}

fn hh_mm(time: Time) -> String {
    time.strftime("%H:%M").to_string()
}

#[async_trait]
impl<B: Backend> ReminderStore for SqlStore<B> {
    async fn reminder_preferences(
        &self,
        patient: UserId,
    ) -> StoreResult<Option<ReminderPreferences>> {
        let row = crate::db::query(concat!(
            "SELECT ",
            preference_columns!(),
            " FROM reminder_preferences WHERE patient_id = $1"
        ))
        .bind(patient.to_bytes())
        .fetch_optional(&self.pool)
        .await
        .map_err(store_error)?;
        row.as_ref().map(preferences_from).transpose()
    }

    async fn save_reminder_preferences(
        &self,
        preferences: &ReminderPreferences,
        audit: &[AuditEntry],
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        crate::db::query(concat!(
            "INSERT INTO reminder_preferences (",
            preference_columns!(),
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (patient_id) DO UPDATE SET days = $3, training_time = $4, \
             morning_time = $5, training_on = $6, missed_session_on = $7, \
             morning_check_on = $8, updated_at = $9, next_check_at = $10"
        ))
        .bind(preferences.patient_id.to_bytes())
        .bind(preferences.clinic_id.to_bytes())
        .bind(i64::from(preferences.days & 0x7f))
        .bind(hh_mm(preferences.training_time))
        .bind(hh_mm(preferences.morning_time))
        .bind(i64::from(preferences.training_on))
        .bind(i64::from(preferences.missed_session_on))
        .bind(i64::from(preferences.morning_check_on))
        .bind(micros(preferences.updated_at))
        .bind(preferences.next_check_at.map(micros))
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        insert_audits(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn due_reminder_checks(
        &self,
        now: Timestamp,
        limit: u32,
    ) -> StoreResult<Vec<ReminderPreferences>> {
        let rows = crate::db::query(concat!(
            "SELECT ",
            preference_columns!(),
            " FROM reminder_preferences WHERE next_check_at IS NOT NULL AND next_check_at <= $1 \
             ORDER BY next_check_at, patient_id LIMIT $2"
        ))
        .bind(micros(now))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(store_error)?;
        rows.iter().map(preferences_from).collect()
    }

    async fn reschedule_reminder_check(
        &self,
        patient: UserId,
        seen: Timestamp,
        next: Option<Timestamp>,
    ) -> StoreResult<bool> {
        let mut change = self.write().await?;
        let moved = crate::db::query(
            "UPDATE reminder_preferences SET next_check_at = $3 \
             WHERE patient_id = $1 AND next_check_at = $2",
        )
        .bind(patient.to_bytes())
        .bind(micros(seen))
        .bind(next.map(micros))
        .execute(&mut *change)
        .await
        .map_err(store_error)?;
        change.commit().await?;
        Ok(moved.rows_affected() == 1)
    }

    async fn enqueue_reminder(
        &self,
        reminder: &NewReminder,
        mail: &NewMail,
        audit: &AuditEntry,
    ) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        // The outbox row first (the key below refers to it); if the key is taken, the whole
        // transaction is rolled back and nothing is queued.
        insert_mail(&mut tx, mail).await?;
        let keyed = crate::db::query(
            "INSERT INTO reminder_mails (patient_id, kind, local_date, mail_id, \
             list_unsubscribe, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT DO NOTHING",
        )
        .bind(reminder.patient_id.to_bytes())
        .bind(reminder.kind.as_str())
        .bind(reminder.local_date.to_string())
        .bind(mail.id.to_bytes())
        .bind(&reminder.list_unsubscribe)
        .bind(micros(mail.created_at))
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        if keyed.rows_affected() == 0 {
            // Dropped without commit: rolled back.
            drop(tx);
            return Ok(false);
        }
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn reminder_unsubscribe_link(&self, mail: RecordId) -> StoreResult<Option<String>> {
        let row =
            crate::db::query("SELECT list_unsubscribe FROM reminder_mails WHERE mail_id = $1")
                .bind(mail.to_bytes())
                .fetch_optional(&self.pool)
                .await
                .map_err(store_error)?;
        row.as_ref()
            .map(|row| row.text("list_unsubscribe"))
            .transpose()
    }

    async fn server_secret(&self, name: &str, candidate: &[u8]) -> StoreResult<Vec<u8>> {
        let mut change = self.write().await?;
        crate::db::query(
            "INSERT INTO server_secrets (name, secret, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(name)
        .bind(candidate.to_vec())
        .bind(micros(Timestamp::now()))
        .execute(&mut *change)
        .await
        .map_err(store_error)?;
        change.commit().await?;
        let row = crate::db::query("SELECT secret FROM server_secrets WHERE name = $1")
            .bind(name)
            .fetch_one(&self.pool)
            .await
            .map_err(store_error)?;
        row.try_get::<Vec<u8>, _>("secret").map_err(store_error)
    }
}
