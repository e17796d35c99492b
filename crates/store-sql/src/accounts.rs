//! Clinics, users, sessions, sign-in throttling, invitations, resets and API tokens.

use crate::db::{Connection, DbError, Executor, Row, RowRef};
use async_trait::async_trait;
use jiff::Timestamp;
use tendo_store::accounts::{
    AccountStore, ActiveSession, ApiToken, AttemptId, AttemptLimit, Clinic, ClinicSettings,
    Credentials, EndedAccess, Invitation, NewApiToken, NewClinic, NewInvitation, NewSession,
    NewUser, Profession, Reservation, Role, User,
};
use tendo_store::audit::AuditEntry;
use tendo_store::ids::{ApiTokenId, ClinicId, Id, UserId};
use tendo_store::mail::NewMail;
use tendo_store::{StoreError, StoreResult};

use crate::audit::insert_audit;
use crate::codec::{RowExt, RowRefExt, as_stored, micros, store_error};
use crate::{Backend, SqlStore};

macro_rules! clinic_columns {
    () => {
        "id, slug, name, time_zone, created_at, questionnaire_interval_days, \
         cancellation_window_hours, meeting_link_template, currency, address, \
         appointments_revision"
    };
}

/// The user columns, prefixed with `u.` so that they can be joined.
macro_rules! user_columns {
    () => {
        "u.id, u.clinic_id, u.email, u.name, u.role, u.profession, u.time_zone, u.created_at, \
         u.locked_until"
    };
}

/// The names of [`user_columns!`]' columns, as a statement gives them: the first columns of a
/// row that [`user_at`] reads.
pub(crate) const USER_COLUMNS: [&str; 9] = [
    "id",
    "clinic_id",
    "email",
    "name",
    "role",
    "profession",
    "time_zone",
    "created_at",
    "locked_until",
];

mod credentials;
mod limits;
mod pending;
mod people;
pub(crate) use user_columns;

fn clinic_from(row: &Row) -> StoreResult<Clinic> {
    let to_u16 = |value: i64| u16::try_from(value).unwrap_or(u16::MAX);
    Ok(Clinic {
        id: row.id("id")?,
        slug: row.text("slug")?,
        name: row.text("name")?,
        time_zone: row.text("time_zone")?,
        created_at: row.moment("created_at")?,
        settings: ClinicSettings {
            questionnaire_interval_days: to_u16(row.int("questionnaire_interval_days")?),
            cancellation_window_hours: to_u16(row.int("cancellation_window_hours")?),
            meeting_link_template: row.opt_text("meeting_link_template")?,
            currency: row.text("currency")?,
            address: row.opt_text("address")?,
        },
        appointments_revision: u64::try_from(row.int("appointments_revision")?)
            .map_err(StoreError::other)?,
    })
}

/// Reads a user from a row selected with [`USER_COLUMNS`].
pub(crate) fn user_from(row: &Row) -> StoreResult<User> {
    Ok(User {
        id: row.id("id")?,
        clinic_id: row.id("clinic_id")?,
        email: row.text("email")?,
        name: row.text("name")?,
        role: row.parsed("role", Role::parse)?,
        profession: row.opt_parsed("profession", Profession::parse)?,
        time_zone: row.text("time_zone")?,
        created_at: row.moment("created_at")?,
        locked_until: row.opt_moment("locked_until")?,
    })
}

/// A user from the first columns of a row read in place, those of [`USER_COLUMNS`]: the same
/// user [`user_from`] reads by name.
pub(crate) fn user_at(row: &RowRef<'_>) -> Result<User, DbError> {
    Ok(User {
        id: row.id(0)?,
        clinic_id: row.id(1)?,
        email: row.text(2)?.to_owned(),
        name: row.text(3)?.to_owned(),
        role: row.parsed(4, Role::parse)?,
        profession: row.opt_parsed(5, Profession::parse)?,
        time_zone: row.text(6)?.to_owned(),
        created_at: row.moment(7)?,
        locked_until: row.opt_moment(8)?,
    })
}

/// Inserts a user and, for a patient, their record and care team.
pub(crate) async fn insert_user(connection: &mut Connection, user: &NewUser) -> StoreResult<User> {
    crate::db::query(
        "INSERT INTO users (id, clinic_id, email, name, role, profession, time_zone, \
         password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(user.id.to_bytes())
    .bind(user.clinic_id.to_bytes())
    .bind(&user.email)
    .bind(&user.name)
    .bind(user.role.as_str())
    .bind(user.profession.map(Profession::as_str))
    .bind(&user.time_zone)
    .bind(user.password_hash.as_deref())
    .bind(micros(user.created_at))
    .execute(&mut *connection)
    .await
    .map_err(|error| match store_error(error) {
        StoreError::Conflict(_) => {
            StoreError::Conflict("that email address is already in use".into())
        }
        other => other,
    })?;
    if user.role == Role::Patient {
        crate::db::query(
            "INSERT INTO patients (user_id, clinic_id, created_at) VALUES ($1, $2, $3)",
        )
        .bind(user.id.to_bytes())
        .bind(user.clinic_id.to_bytes())
        .bind(micros(user.created_at))
        .execute(&mut *connection)
        .await
        .map_err(store_error)?;
        if let Some(clinician) = user.care_clinician {
            crate::patients::insert_care(&mut *connection, user.clinic_id, user.id, clinician)
                .await?;
        }
    }
    Ok(User {
        id: user.id,
        clinic_id: user.clinic_id,
        email: user.email.clone(),
        name: user.name.clone(),
        role: user.role,
        profession: user.profession,
        time_zone: user.time_zone.clone(),
        created_at: as_stored(user.created_at),
        locked_until: None,
    })
}

/// A clinic, read on `on`.
pub(crate) async fn clinic_on(on: impl Executor + Copy, id: ClinicId) -> StoreResult<Clinic> {
    let row = crate::db::query(concat!(
        "SELECT ",
        clinic_columns!(),
        " FROM clinics WHERE id = $1"
    ))
    .bind(id.to_bytes())
    .fetch_one(on)
    .await
    .map_err(store_error)?;
    clinic_from(&row)
}

#[async_trait]
impl<B: Backend> AccountStore for SqlStore<B> {
    async fn create_clinic(&self, clinic: &NewClinic, audit: &AuditEntry) -> StoreResult<Clinic> {
        let mut tx = self.write().await?;
        crate::db::query(
            "INSERT INTO clinics (id, slug, name, time_zone, created_at, currency) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(clinic.id.to_bytes())
        .bind(&clinic.slug)
        .bind(&clinic.name)
        .bind(&clinic.time_zone)
        .bind(micros(clinic.created_at))
        .bind(&clinic.currency)
        .execute(&mut *tx)
        .await
        .map_err(|error| match store_error(error) {
            StoreError::Conflict(_) => StoreError::Conflict(format!(
                "a clinic with the address `{}` already exists",
                clinic.slug
            )),
            other => other,
        })?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        self.clinic(clinic.id).await
    }

    async fn clinic(&self, id: ClinicId) -> StoreResult<Clinic> {
        clinic_on(&self.pool, id).await
    }

    async fn clinic_by_slug(&self, slug: &str) -> StoreResult<Clinic> {
        let row = crate::db::query(concat!(
            "SELECT ",
            clinic_columns!(),
            " FROM clinics WHERE slug = $1"
        ))
        .bind(slug)
        .fetch_one(&self.pool)
        .await
        .map_err(store_error)?;
        clinic_from(&row)
    }

    async fn clinics(&self) -> StoreResult<Vec<Clinic>> {
        let rows = crate::db::query(concat!(
            "SELECT ",
            clinic_columns!(),
            " FROM clinics ORDER BY name"
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(store_error)?;
        rows.iter().map(clinic_from).collect()
    }

    async fn update_clinic_settings(
        &self,
        id: ClinicId,
        settings: &ClinicSettings,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let updated = crate::db::query(
            "UPDATE clinics SET questionnaire_interval_days = $2, cancellation_window_hours = $3, \
             meeting_link_template = $4, currency = $5, address = $6 WHERE id = $1",
        )
        .bind(id.to_bytes())
        .bind(i32::from(settings.questionnaire_interval_days))
        .bind(i32::from(settings.cancellation_window_hours))
        .bind(settings.meeting_link_template.as_deref())
        .bind(&settings.currency)
        .bind(settings.address.as_deref())
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn create_user(&self, user: &NewUser, audit: &AuditEntry) -> StoreResult<User> {
        let mut tx = self.write().await?;
        let created = insert_user(&mut tx, user).await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(created)
    }

    async fn user(&self, clinic: ClinicId, id: UserId) -> StoreResult<User> {
        let row = crate::db::query(concat!(
            "SELECT ",
            user_columns!(),
            " FROM users u \
             WHERE u.id = $1 AND u.clinic_id = $2 AND u.deleted_at IS NULL"
        ))
        .bind(id.to_bytes())
        .bind(clinic.to_bytes())
        .fetch_one(&self.pool)
        .await
        .map_err(store_error)?;
        user_from(&row)
    }

    async fn users(&self, clinic: ClinicId, ids: &[UserId]) -> StoreResult<Vec<User>> {
        people::users_of(&self.pool, clinic, ids).await
    }

    async fn credentials(&self, email: &str) -> StoreResult<Credentials> {
        let row = crate::db::query(concat!(
            "SELECT ",
            user_columns!(),
            ", u.password_hash FROM users u \
             WHERE u.email = $1 AND u.deleted_at IS NULL"
        ))
        .bind(email)
        .fetch_one(&self.pool)
        .await
        .map_err(store_error)?;
        Ok(Credentials {
            user: user_from(&row)?,
            password_hash: row.opt_text("password_hash")?,
        })
    }

    async fn users_with_role(&self, clinic: ClinicId, role: Role) -> StoreResult<Vec<User>> {
        let rows = crate::db::query(concat!(
            "SELECT ",
            user_columns!(),
            " FROM users u \
             WHERE u.clinic_id = $1 AND u.role = $2 AND u.deleted_at IS NULL ORDER BY u.name"
        ))
        .bind(clinic.to_bytes())
        .bind(role.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(store_error)?;
        rows.iter().map(user_from).collect()
    }

    async fn set_password(
        &self,
        user: UserId,
        password_hash: &str,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let updated = crate::db::query("UPDATE users SET password_hash = $2 WHERE id = $1")
            .bind(user.to_bytes())
            .bind(password_hash)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        crate::db::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user.to_bytes())
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn set_locked_until(&self, user: UserId, until: Option<Timestamp>) -> StoreResult<()> {
        let mut change = self.write().await?;
        crate::db::query("UPDATE users SET locked_until = $2 WHERE id = $1")
            .bind(user.to_bytes())
            .bind(until.map(micros))
            .execute(&mut *change)
            .await
            .map_err(store_error)?;
        change.commit().await?;
        Ok(())
    }

    async fn record_login_failure(
        &self,
        keys: &[String],
        at: Timestamp,
        since: Timestamp,
    ) -> StoreResult<Vec<u32>> {
        let mut tx = self.write().await?;
        let mut counts = Vec::with_capacity(keys.len());
        for key in keys {
            crate::db::query("DELETE FROM login_failures WHERE key = $1 AND at < $2")
                .bind(key)
                .bind(micros(since))
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
            crate::db::query("INSERT INTO login_failures (key, at) VALUES ($1, $2)")
                .bind(key)
                .bind(micros(at))
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
            let count: i64 =
                crate::db::query("SELECT COUNT(*) AS n FROM login_failures WHERE key = $1")
                    .bind(key)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(store_error)?
                    .int("n")?;
            counts.push(u32::try_from(count).unwrap_or(u32::MAX));
        }
        tx.commit().await?;
        Ok(counts)
    }

    async fn login_failures(&self, key: &str, since: Timestamp) -> StoreResult<u32> {
        let count: i64 = crate::db::query(
            "SELECT COUNT(*) AS n FROM login_failures WHERE key = $1 AND at >= $2",
        )
        .bind(key)
        .bind(micros(since))
        .fetch_one(&self.pool)
        .await
        .map_err(store_error)?
        .int("n")?;
        Ok(u32::try_from(count).unwrap_or(u32::MAX))
    }

    async fn clear_login_failures(&self, key: &str) -> StoreResult<()> {
        let mut change = self.write().await?;
        crate::db::query("DELETE FROM login_failures WHERE key = $1")
            .bind(key)
            .execute(&mut *change)
            .await
            .map_err(store_error)?;
        change.commit().await?;
        Ok(())
    }

    async fn reserve_attempt(
        &self,
        limits: &[AttemptLimit],
        attempt: AttemptId,
        at: Timestamp,
        since: Timestamp,
    ) -> StoreResult<Reservation> {
        limits::reserve_attempt(&self.writer, limits, attempt, at, since).await
    }

    async fn release_attempt(&self, key: &str, attempt: AttemptId) -> StoreResult<()> {
        limits::release_attempt(&self.writer, key, attempt).await
    }

    async fn create_session(&self, session: &NewSession, audit: &AuditEntry) -> StoreResult<()> {
        let mut tx = self.write().await?;
        crate::db::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, ip, \
             user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(session.token_hash.clone())
        .bind(session.user_id.to_bytes())
        .bind(&session.csrf_token)
        .bind(micros(session.created_at))
        .bind(micros(session.expires_at))
        .bind(session.ip.as_deref())
        .bind(session.user_agent.as_deref())
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await
    }

    async fn active_session(
        &self,
        token_hash: &[u8],
        now: Timestamp,
    ) -> StoreResult<Option<ActiveSession>> {
        // One read for the session, its person and their unread messages.
        static ACTIVE_SESSION: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
            format!(
                "SELECT {}, s.csrf_token, s.expires_at AS session_expires_at, \
                 {} AS unread_messages FROM sessions s JOIN users u ON u.id = s.user_id \
                 WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.deleted_at IS NULL",
                user_columns!(),
                crate::clinic_messages::UNREAD_OF_USER_U,
            )
        });
        let row = crate::db::query(ACTIVE_SESSION.as_str())
            .bind(token_hash.to_vec())
            .bind(micros(now))
            .fetch_optional(&self.pool)
            .await
            .map_err(store_error)?;
        row.map(|row| {
            Ok(ActiveSession {
                user: user_from(&row)?,
                csrf_token: row.text("csrf_token")?,
                expires_at: row.moment("session_expires_at")?,
                unread_messages: u32::try_from(row.int("unread_messages")?).unwrap_or(u32::MAX),
            })
        })
        .transpose()
    }

    async fn end_session(&self, token_hash: &[u8]) -> StoreResult<()> {
        let mut change = self.write().await?;
        crate::db::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash.to_vec())
            .execute(&mut *change)
            .await
            .map_err(store_error)?;
        change.commit().await?;
        Ok(())
    }

    async fn end_all_access(&self, user: UserId, audit: &AuditEntry) -> StoreResult<EndedAccess> {
        let mut tx = self.write().await?;
        let ended = credentials::end_access(&mut tx, user, audit.at).await?;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(ended)
    }

    async fn create_invitation(
        &self,
        invitation: &NewInvitation,
        audit: &AuditEntry,
    ) -> StoreResult<Invitation> {
        credentials::create_invitation(&self.writer, invitation, audit).await
    }

    async fn invitation(&self, token_hash: &[u8]) -> StoreResult<Invitation> {
        credentials::invitation(&self.pool, token_hash).await
    }

    async fn invitations(&self, clinic: ClinicId) -> StoreResult<Vec<Invitation>> {
        credentials::invitations(&self.pool, clinic).await
    }

    async fn accept_invitation(
        &self,
        token_hash: &[u8],
        user: &NewUser,
        audit: &AuditEntry,
    ) -> StoreResult<User> {
        credentials::accept_invitation(&self.writer, token_hash, user, audit).await
    }

    async fn create_password_reset(
        &self,
        user: UserId,
        token_hash: &[u8],
        created_at: Timestamp,
        expires_at: Timestamp,
        mail: Option<&NewMail>,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        credentials::create_password_reset(
            &self.writer,
            user,
            token_hash,
            created_at,
            expires_at,
            mail,
            audit,
        )
        .await
    }

    async fn reset_password(
        &self,
        token_hash: &[u8],
        password_hash: &str,
        now: Timestamp,
        audit: &AuditEntry,
    ) -> StoreResult<(User, EndedAccess)> {
        credentials::reset_password(&self.writer, token_hash, password_hash, now, audit).await
    }

    async fn create_api_token(
        &self,
        token: &NewApiToken,
        audit: &AuditEntry,
    ) -> StoreResult<ApiToken> {
        credentials::create_api_token(&self.writer, token, audit).await
    }

    async fn active_api_token(
        &self,
        token_hash: &[u8],
        now: Timestamp,
    ) -> StoreResult<Option<(ApiToken, User)>> {
        credentials::active_api_token(&self.pool, &self.writer, token_hash, now).await
    }

    async fn api_tokens(&self, user: UserId) -> StoreResult<Vec<ApiToken>> {
        credentials::api_tokens(&self.pool, user).await
    }

    async fn revoke_api_token(
        &self,
        user: UserId,
        token: ApiTokenId,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        credentials::revoke_api_token(&self.writer, user, token, audit).await
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn user_columns_are_prefixed_for_joins() {
        assert!(
            user_columns!()
                .split(", ")
                .all(|column| column.starts_with("u."))
        );
    }
}
