//! Password resets by one-time, expiring token.

use tendo_store::StoreError;
use tendo_store::accounts::{EndedAccess, Role, User};
use tendo_store::audit::AuditEntry;
use tendo_store::ids::UserId;

use super::normalise_email;
use crate::access::{Caller, RequestMeta};
use crate::error::{AppError, AppResult};
use crate::secrets::{random_token, token_hash};
use crate::{App, password};

/// Starts a reset for the account with this email, if there is one, and returns the person
/// and the link token to send them. The caller must say the same thing whether or not an
/// account exists; the token must only ever reach the account's own mailbox.
pub async fn request_reset(
    app: &App,
    email: &str,
    meta: &RequestMeta,
) -> AppResult<Option<(User, String)>> {
    let email = normalise_email(email);
    let credentials = match app.store.credentials(&email).await {
        Ok(credentials) => credentials,
        Err(StoreError::NotFound) => return Ok(None),
        Err(other) => return Err(other.into()),
    };
    let user = credentials.user;
    let token = random_token();
    let now = app.now();
    let mut audit = AuditEntry::new("password.reset-request", format!("user/{}", user.id))
        .in_clinic(user.clinic_id)
        .from_ip(meta.ip.clone());
    audit.at = now;
    app.store
        .create_password_reset(
            user.id,
            &token_hash(&token),
            now,
            now + app.settings.reset_lifetime,
            &audit,
        )
        .await?;
    Ok(Some((user, token)))
}

/// An administrator makes a reset link for a person of their clinic (to pass on in person).
pub async fn admin_reset_link(app: &App, caller: &Caller, user: UserId) -> AppResult<String> {
    caller.require_write()?;
    caller.require_role(&[Role::Admin])?;
    let person = app.store.user(caller.user.clinic_id, user).await?;
    let token = random_token();
    let now = app.now();
    let audit = caller.audit("password.reset-link", format!("user/{}", person.id), now);
    app.store
        .create_password_reset(
            person.id,
            &token_hash(&token),
            now,
            now + app.settings.reset_lifetime,
            &audit,
        )
        .await?;
    Ok(token)
}

/// Sets a new password with a reset token, once; ends every session of the account, revokes
/// its API tokens, voids its other reset links and clears its failed sign-ins. Returns what was
/// ended, to tell the person.
pub async fn complete_reset(
    app: &App,
    token: &str,
    new_password: &str,
    meta: &RequestMeta,
) -> AppResult<EndedAccess> {
    password::check_policy("password", new_password, "")?;
    let hash = password::hash(new_password.to_string()).await?;
    let now = app.now();
    let mut audit = AuditEntry::new("password.reset", "password-reset").from_ip(meta.ip.clone());
    audit.at = now;
    let (user, ended) = app
        .store
        .reset_password(&token_hash(token), &hash, now, &audit)
        .await
        .map_err(|error| match error {
            StoreError::Expired => AppError::Expired(
                "This reset link has expired or was already used. Ask for a new one.".into(),
            ),
            other => other.into(),
        })?;
    app.store
        .clear_login_failures(&super::login::account_key(&user.email))
        .await?;
    Ok(ended)
}
