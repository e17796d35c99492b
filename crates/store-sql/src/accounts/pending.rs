//! Sign-ups waiting for their email address to be confirmed (`PendingSignUpStore`).

use crate::db::Row;
use async_trait::async_trait;
use tendo_store::accounts::{
    NewPendingSignUp, NewUser, PendingBooking, PendingSignUp, PendingSignUpStore, User,
};
use tendo_store::audit::AuditEntry;
use tendo_store::ids::Id;
use tendo_store::mail::NewMail;
use tendo_store::{StoreError, StoreResult};

use super::insert_user;
use crate::audit::insert_audit;
use crate::codec::{RowExt, micros, store_error};
use crate::mail::insert_mail;
use crate::{Backend, SqlStore};

fn pending_from(row: &Row) -> StoreResult<PendingSignUp> {
    let booking = match (
        row.opt_id("booking_type")?,
        row.opt_moment("booking_start")?,
    ) {
        (Some(type_id), Some(start)) => Some(PendingBooking {
            type_id,
            start,
            clinician: row.opt_id("booking_clinician")?,
        }),
        _ => None,
    };
    Ok(PendingSignUp {
        clinic_id: row.id("clinic_id")?,
        email: row.text("email")?,
        name: row.text("name")?,
        password_hash: row.text("password_hash")?,
        time_zone: row.text("time_zone")?,
        booking,
        created_at: row.moment("created_at")?,
        expires_at: row.moment("expires_at")?,
    })
}

#[async_trait]
impl<B: Backend> PendingSignUpStore for SqlStore<B> {
    async fn create_pending_sign_up(
        &self,
        sign_up: &NewPendingSignUp,
        mail: &NewMail,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let booking = sign_up.booking.as_ref();
        crate::db::query(
            "INSERT INTO pending_sign_ups (token_hash, clinic_id, email, name, password_hash, \
             time_zone, booking_type, booking_start, booking_clinician, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(sign_up.token_hash.clone())
        .bind(sign_up.clinic_id.to_bytes())
        .bind(&sign_up.email)
        .bind(&sign_up.name)
        .bind(&sign_up.password_hash)
        .bind(&sign_up.time_zone)
        .bind(booking.map(|booking| booking.type_id.to_bytes()))
        .bind(booking.map(|booking| micros(booking.start)))
        .bind(booking.and_then(|booking| booking.clinician.map(Id::to_bytes)))
        .bind(micros(sign_up.created_at))
        .bind(micros(sign_up.expires_at))
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        insert_mail(&mut tx, mail).await?;
        tx.commit().await
    }

    async fn pending_sign_up(&self, token_hash: &[u8]) -> StoreResult<PendingSignUp> {
        let row = crate::db::query(
            "SELECT clinic_id, email, name, password_hash, time_zone, booking_type, \
             booking_start, booking_clinician, created_at, expires_at \
             FROM pending_sign_ups WHERE token_hash = $1",
        )
        .bind(token_hash.to_vec())
        .fetch_optional(&self.pool)
        .await
        .map_err(store_error)?
        .ok_or(StoreError::NotFound)?;
        pending_from(&row)
    }

    async fn complete_pending_sign_up(
        &self,
        token_hash: &[u8],
        user: &NewUser,
        audit: &AuditEntry,
    ) -> StoreResult<User> {
        let mut tx = self.write().await?;
        // Taking the link first makes a second, concurrent use find nothing; the row (with the
        // password hash) is not kept once the account exists.
        let claimed = crate::db::query(
            "DELETE FROM pending_sign_ups WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash.to_vec())
        .bind(micros(user.created_at))
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        if claimed.rows_affected() == 0 {
            return Err(StoreError::Expired);
        }
        let created = insert_user(&mut tx, user).await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(created)
    }
}
