//! The mail outbox.

use crate::db::Row;
use async_trait::async_trait;
use jiff::Timestamp;
use tendo_store::ids::{Id, RecordId};
use tendo_store::mail::{Mail, MailStore, NewMail};
use tendo_store::{StoreError, StoreResult};

use crate::codec::{RowExt, micros, store_error};
use crate::{Backend, SqlStore};

macro_rules! mail_columns {
    () => {
        "id, clinic_id, user_id, to_address, subject, body, calendar, created_at, send_after, \
         sent_at, attempts, last_error"
    };
}

fn mail_from(row: &Row) -> StoreResult<Mail> {
    Ok(Mail {
        id: row.id("id")?,
        clinic_id: row.opt_id("clinic_id")?,
        user_id: row.opt_id("user_id")?,
        to: row.text("to_address")?,
        subject: row.text("subject")?,
        body: row.text("body")?,
        calendar: row.opt_text("calendar")?,
        created_at: row.moment("created_at")?,
        send_after: row.moment("send_after")?,
        sent_at: row.opt_moment("sent_at")?,
        attempts: u32::try_from(row.int("attempts")?).unwrap_or(u32::MAX),
        last_error: row.opt_text("last_error")?,
    })
}

/// Queues a message inside the caller's transaction.
pub(crate) async fn insert_mail(
    connection: &mut crate::db::Connection,
    mail: &NewMail,
) -> StoreResult<()> {
    crate::db::query(
        "INSERT INTO outbox (id, clinic_id, user_id, to_address, subject, body, calendar, \
         created_at, send_after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(mail.id.to_bytes())
    .bind(mail.clinic_id.map(Id::to_bytes))
    .bind(mail.user_id.map(Id::to_bytes))
    .bind(&mail.to)
    .bind(&mail.subject)
    .bind(&mail.body)
    .bind(mail.calendar.as_deref())
    .bind(micros(mail.created_at))
    .bind(micros(mail.send_after))
    .execute(connection)
    .await
    .map_err(store_error)?;
    Ok(())
}

#[async_trait]
impl<B: Backend> MailStore for SqlStore<B> {
    async fn enqueue_mail(&self, mail: &NewMail) -> StoreResult<()> {
        let mut change = self.write().await?;
        insert_mail(&mut change, mail).await?;
        change.commit().await
    }

    async fn due_mail(&self, now: Timestamp, limit: u32) -> StoreResult<Vec<Mail>> {
        let rows = crate::db::query(concat!(
            "SELECT ",
            mail_columns!(),
            " FROM outbox WHERE sent_at IS NULL AND send_after <= $1 \
             ORDER BY send_after, id LIMIT $2"
        ))
        .bind(micros(now))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(store_error)?;
        rows.iter().map(mail_from).collect()
    }

    async fn claim_mail(
        &self,
        id: RecordId,
        seen: Timestamp,
        until: Timestamp,
    ) -> StoreResult<bool> {
        let mut change = self.write().await?;
        let claimed = crate::db::query(
            "UPDATE outbox SET send_after = $3 WHERE id = $1 AND send_after = $2 \
             AND sent_at IS NULL",
        )
        .bind(id.to_bytes())
        .bind(micros(seen))
        .bind(micros(until))
        .execute(&mut *change)
        .await
        .map_err(store_error)?;
        change.commit().await?;
        Ok(claimed.rows_affected() == 1)
    }

    async fn mark_mail_sent(&self, id: RecordId, at: Timestamp) -> StoreResult<()> {
        let mut change = self.write().await?;
        let updated = crate::db::query("UPDATE outbox SET sent_at = $2 WHERE id = $1")
            .bind(id.to_bytes())
            .bind(micros(at))
            .execute(&mut *change)
            .await
            .map_err(store_error)?;
        change.commit().await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn mark_mail_failed(
        &self,
        id: RecordId,
        error: &str,
        retry_at: Timestamp,
    ) -> StoreResult<()> {
        let mut change = self.write().await?;
        crate::db::query(
            "UPDATE outbox SET attempts = attempts + 1, last_error = $2, send_after = $3 \
             WHERE id = $1",
        )
        .bind(id.to_bytes())
        .bind(error)
        .bind(micros(retry_at))
        .execute(&mut *change)
        .await
        .map_err(store_error)?;
        change.commit().await?;
        Ok(())
    }

    async fn mail_to(&self, to: &str, limit: u32) -> StoreResult<Vec<Mail>> {
        let rows = crate::db::query(concat!(
            "SELECT ",
            mail_columns!(),
            " FROM outbox WHERE to_address = $1 ORDER BY created_at DESC, id DESC LIMIT $2"
        ))
        .bind(to)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(store_error)?;
        rows.iter().map(mail_from).collect()
    }
}
