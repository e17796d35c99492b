//! Invitations, password resets and API tokens: the one-time and long-lived credentials. Each
//! function is the body of the `AccountStore` method of the same name (see `tendo_store`).

use crate::db::Row;
use crate::db::{Connection, Readers};
use jiff::Timestamp;
use tendo_store::accounts::{
    ApiToken, EndedAccess, Invitation, NewApiToken, NewInvitation, NewUser, Profession, Role,
    Scope, User,
};
use tendo_store::audit::AuditEntry;
use tendo_store::ids::{ApiTokenId, ClinicId, Id, UserId};
use tendo_store::mail::NewMail;
use tendo_store::{StoreError, StoreResult};

use super::{insert_user, user_from};
use crate::audit::insert_audit;
use crate::codec::{RowExt, as_stored, micros, store_error};
use crate::mail::insert_mail;

/// How precisely a token's last use is kept.
const LAST_USED_RESOLUTION: jiff::SignedDuration = jiff::SignedDuration::from_secs(60);

macro_rules! invitation_columns {
    () => {
        "id, clinic_id, email, name, role, profession, invited_by, care_clinician, created_at, \
         expires_at, accepted_at"
    };
}

macro_rules! token_columns {
    () => {
        "t.id, t.user_id, t.name, t.scopes, t.created_at, t.expires_at, t.last_used_at, \
         t.revoked_at"
    };
}

fn invitation_from(row: &Row) -> StoreResult<Invitation> {
    Ok(Invitation {
        id: row.id("id")?,
        clinic_id: row.id("clinic_id")?,
        email: row.text("email")?,
        name: row.text("name")?,
        role: row.parsed("role", Role::parse)?,
        profession: row.opt_parsed("profession", Profession::parse)?,
        invited_by: row.id("invited_by")?,
        care_clinician: row.opt_id("care_clinician")?,
        created_at: row.moment("created_at")?,
        expires_at: row.moment("expires_at")?,
        accepted_at: row.opt_moment("accepted_at")?,
    })
}

/// The names an API token's columns go by in a statement.
struct TokenColumns {
    id: &'static str,
    user_id: &'static str,
    name: &'static str,
    scopes: &'static str,
    created_at: &'static str,
    expires_at: &'static str,
    last_used_at: &'static str,
    revoked_at: &'static str,
}

/// The columns of [`token_columns!`].
const TOKEN: TokenColumns = TokenColumns {
    id: "id",
    user_id: "user_id",
    name: "name",
    scopes: "scopes",
    created_at: "created_at",
    expires_at: "expires_at",
    last_used_at: "last_used_at",
    revoked_at: "revoked_at",
};

/// The columns of [`TOKEN_WITH_USER`]: the token's under names of their own beside the user's.
const TOKEN_BESIDE_USER: TokenColumns = TokenColumns {
    id: "token_id",
    user_id: "id",
    name: "token_name",
    scopes: "token_scopes",
    created_at: "token_created_at",
    expires_at: "token_expires_at",
    last_used_at: "token_last_used_at",
    revoked_at: "token_revoked_at",
};

/// The token of a hash, if live, and its person, in one read.
static TOKEN_WITH_USER: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT {}, t.id AS token_id, t.name AS token_name, t.scopes AS token_scopes, \
         t.created_at AS token_created_at, t.expires_at AS token_expires_at, \
         t.last_used_at AS token_last_used_at, t.revoked_at AS token_revoked_at \
         FROM api_tokens t JOIN users u ON u.id = t.user_id \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL \
         AND (t.expires_at IS NULL OR t.expires_at > $2) AND u.deleted_at IS NULL",
        super::user_columns!()
    )
});

fn token_from(row: &Row) -> StoreResult<ApiToken> {
    token_named(row, &TOKEN)
}

fn token_named(row: &Row, columns: &TokenColumns) -> StoreResult<ApiToken> {
    let scopes = row
        .text(columns.scopes)?
        .split(',')
        .filter_map(Scope::parse)
        .collect();
    Ok(ApiToken {
        id: row.id(columns.id)?,
        user_id: row.id(columns.user_id)?,
        name: row.text(columns.name)?,
        scopes,
        created_at: row.moment(columns.created_at)?,
        expires_at: row.opt_moment(columns.expires_at)?,
        last_used_at: row.opt_moment(columns.last_used_at)?,
        revoked_at: row.opt_moment(columns.revoked_at)?,
    })
}

pub(crate) async fn create_invitation(
    writer: &crate::write::Writer,
    invitation: &NewInvitation,
    audit: &AuditEntry,
) -> StoreResult<Invitation> {
    let mut tx = writer.begin().await?;
    crate::db::query(
        "INSERT INTO invitations (id, token_hash, clinic_id, email, name, role, profession, \
         invited_by, care_clinician, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(invitation.id.to_bytes())
    .bind(invitation.token_hash.clone())
    .bind(invitation.clinic_id.to_bytes())
    .bind(&invitation.email)
    .bind(&invitation.name)
    .bind(invitation.role.as_str())
    .bind(invitation.profession.map(Profession::as_str))
    .bind(invitation.invited_by.to_bytes())
    .bind(invitation.care_clinician.map(Id::to_bytes))
    .bind(micros(invitation.created_at))
    .bind(micros(invitation.expires_at))
    .execute(&mut *tx)
    .await
    .map_err(store_error)?;
    insert_audit(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(Invitation {
        id: invitation.id,
        clinic_id: invitation.clinic_id,
        email: invitation.email.clone(),
        name: invitation.name.clone(),
        role: invitation.role,
        profession: invitation.profession,
        invited_by: invitation.invited_by,
        care_clinician: invitation.care_clinician,
        created_at: as_stored(invitation.created_at),
        expires_at: as_stored(invitation.expires_at),
        accepted_at: None,
    })
}

pub(crate) async fn invitation(pool: &Readers, token_hash: &[u8]) -> StoreResult<Invitation> {
    let row = crate::db::query(concat!(
        "SELECT ",
        invitation_columns!(),
        " FROM invitations WHERE token_hash = $1"
    ))
    .bind(token_hash.to_vec())
    .fetch_one(pool)
    .await
    .map_err(store_error)?;
    invitation_from(&row)
}

pub(crate) async fn invitations(pool: &Readers, clinic: ClinicId) -> StoreResult<Vec<Invitation>> {
    let rows = crate::db::query(concat!(
        "SELECT ",
        invitation_columns!(),
        " FROM invitations WHERE clinic_id = $1 \
         ORDER BY created_at DESC"
    ))
    .bind(clinic.to_bytes())
    .fetch_all(pool)
    .await
    .map_err(store_error)?;
    rows.iter().map(invitation_from).collect()
}

pub(crate) async fn accept_invitation(
    writer: &crate::write::Writer,
    token_hash: &[u8],
    user: &NewUser,
    audit: &AuditEntry,
) -> StoreResult<User> {
    let mut tx = writer.begin().await?;
    // Claiming the invitation first makes a second, concurrent acceptance find nothing.
    let claimed = crate::db::query(
        "UPDATE invitations SET accepted_at = $2 \
         WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > $2",
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
    crate::db::query("UPDATE invitations SET accepted_user = $2 WHERE token_hash = $1")
        .bind(token_hash.to_vec())
        .bind(user.id.to_bytes())
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
    insert_audit(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(created)
}

pub(crate) async fn create_password_reset(
    writer: &crate::write::Writer,
    user: UserId,
    token_hash: &[u8],
    created_at: Timestamp,
    expires_at: Timestamp,
    mail: Option<&NewMail>,
    audit: &AuditEntry,
) -> StoreResult<()> {
    let mut tx = writer.begin().await?;
    crate::db::query(
        "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash.to_vec())
    .bind(user.to_bytes())
    .bind(micros(created_at))
    .bind(micros(expires_at))
    .execute(&mut *tx)
    .await
    .map_err(store_error)?;
    if let Some(mail) = mail {
        insert_mail(&mut tx, mail).await?;
    }
    insert_audit(&mut tx, audit).await?;
    tx.commit().await
}

pub(crate) async fn reset_password(
    writer: &crate::write::Writer,
    token_hash: &[u8],
    password_hash: &str,
    now: Timestamp,
    audit: &AuditEntry,
) -> StoreResult<(User, EndedAccess)> {
    let mut tx = writer.begin().await?;
    let row = crate::db::query(
        "UPDATE password_resets SET used_at = $2 \
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id",
    )
    .bind(token_hash.to_vec())
    .bind(micros(now))
    .fetch_optional(&mut *tx)
    .await
    .map_err(store_error)?
    .ok_or(StoreError::Expired)?;
    let user: UserId = row.id("user_id")?;
    crate::db::query("UPDATE users SET password_hash = $2, locked_until = NULL WHERE id = $1")
        .bind(user.to_bytes())
        .bind(password_hash)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
    // One link used voids every other link still open for this person.
    crate::db::query(
        "UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL",
    )
    .bind(user.to_bytes())
    .bind(micros(now))
    .execute(&mut *tx)
    .await
    .map_err(store_error)?;
    let ended = end_access(&mut tx, user, now).await?;
    let found = crate::db::query(concat!(
        "SELECT ",
        user_columns!(),
        " FROM users u WHERE u.id = $1"
    ))
    .bind(user.to_bytes())
    .fetch_one(&mut *tx)
    .await
    .map_err(store_error)?;
    let found = user_from(&found)?;
    let mut audit = audit.clone();
    audit.actor_id = Some(user);
    audit.actor_role = Some(found.role);
    audit.clinic_id = Some(found.clinic_id);
    insert_audit(&mut tx, &audit).await?;
    tx.commit().await?;
    Ok((found, ended))
}

/// Ends every session of `user` and revokes every API token still open, at `at`; returns how
/// many of each were ended. Runs inside the caller's transaction.
pub(crate) async fn end_access(
    connection: &mut Connection,
    user: UserId,
    at: Timestamp,
) -> StoreResult<EndedAccess> {
    let sessions = crate::db::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user.to_bytes())
        .execute(&mut *connection)
        .await
        .map_err(store_error)?
        .rows_affected();
    let api_tokens = crate::db::query(
        "UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
    )
    .bind(user.to_bytes())
    .bind(micros(at))
    .execute(&mut *connection)
    .await
    .map_err(store_error)?
    .rows_affected();
    Ok(EndedAccess {
        sessions,
        api_tokens,
    })
}

pub(crate) async fn create_api_token(
    writer: &crate::write::Writer,
    token: &NewApiToken,
    audit: &AuditEntry,
) -> StoreResult<ApiToken> {
    let scopes: Vec<&str> = token.scopes.iter().map(|scope| scope.as_str()).collect();
    let mut tx = writer.begin().await?;
    crate::db::query(
        "INSERT INTO api_tokens (id, user_id, name, token_hash, scopes, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(token.id.to_bytes())
    .bind(token.user_id.to_bytes())
    .bind(&token.name)
    .bind(token.token_hash.clone())
    .bind(scopes.join(","))
    .bind(micros(token.created_at))
    .bind(token.expires_at.map(micros))
    .execute(&mut *tx)
    .await
    .map_err(store_error)?;
    insert_audit(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(ApiToken {
        id: token.id,
        user_id: token.user_id,
        name: token.name.clone(),
        scopes: token.scopes.clone(),
        created_at: as_stored(token.created_at),
        expires_at: token.expires_at.map(as_stored),
        last_used_at: None,
        revoked_at: None,
    })
}

pub(crate) async fn active_api_token(
    pool: &Readers,
    writer: &crate::write::Writer,
    token_hash: &[u8],
    now: Timestamp,
) -> StoreResult<Option<(ApiToken, User)>> {
    let row = crate::db::query(TOKEN_WITH_USER.as_str())
        .bind(token_hash.to_vec())
        .bind(micros(now))
        .fetch_optional(pool)
        .await
        .map_err(store_error)?;
    let Some(row) = row else {
        return Ok(None);
    };
    let token = token_named(&row, &TOKEN_BESIDE_USER)?;
    let user = user_from(&row)?;
    // The last use is kept to the minute: writing it on every request would make each
    // API read wait for a durable write.
    let stale = token
        .last_used_at
        .is_none_or(|last| now.duration_since(last) >= LAST_USED_RESOLUTION);
    if stale {
        let mut change = writer.begin().await?;
        crate::db::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1")
            .bind(token.id.to_bytes())
            .bind(micros(now))
            .execute(&mut *change)
            .await
            .map_err(store_error)?;
        change.commit().await?;
    }
    Ok(Some((token, user)))
}

pub(crate) async fn api_tokens(pool: &Readers, user: UserId) -> StoreResult<Vec<ApiToken>> {
    let rows = crate::db::query(concat!(
        "SELECT ",
        token_columns!(),
        " FROM api_tokens t WHERE t.user_id = $1 ORDER BY t.created_at DESC"
    ))
    .bind(user.to_bytes())
    .fetch_all(pool)
    .await
    .map_err(store_error)?;
    rows.iter().map(token_from).collect()
}

pub(crate) async fn revoke_api_token(
    writer: &crate::write::Writer,
    user: UserId,
    token: ApiTokenId,
    audit: &AuditEntry,
) -> StoreResult<()> {
    let mut tx = writer.begin().await?;
    let revoked = crate::db::query(
        "UPDATE api_tokens SET revoked_at = $3 \
         WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL",
    )
    .bind(token.to_bytes())
    .bind(user.to_bytes())
    .bind(micros(audit.at))
    .execute(&mut *tx)
    .await
    .map_err(store_error)?;
    if revoked.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    insert_audit(&mut tx, audit).await?;
    tx.commit().await
}
