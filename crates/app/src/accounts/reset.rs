//! Password resets by one-time, expiring token.

use tendo_store::StoreError;
use tendo_store::accounts::{AttemptId, AttemptLimit, EndedAccess, Reservation, Role, User};
use tendo_store::audit::AuditEntry;
use tendo_store::ids::UserId;

use super::normalise_email;
use crate::access::{Caller, RequestMeta};
use crate::error::{AppError, AppResult};
use crate::secrets::{random_token, token_hash};
use crate::{App, password};

/// Reset links one requesting address may ask for within the failure window.
pub const MAX_RESETS_PER_ADDRESS: u32 = 10;
/// Reset links one email address may be sent within the failure window.
pub const MAX_RESETS_PER_ACCOUNT: u32 = 3;

/// Starts a reset for the account with this email, if there is one, and returns the person
/// and the link token to send them. The caller must say the same thing whether or not an
/// account exists; the token must only ever reach the account's own mailbox.
pub async fn request_reset(
    app: &App,
    email: &str,
    meta: &RequestMeta,
) -> AppResult<Option<(User, String)>> {
    let email = normalise_email(email);
    let now = app.now();
    // Limited per address asked about and per requesting address, held in the database like
    // the sign-in limits and reserved before any work, whether or not the account exists.
    let limits = [
        AttemptLimit::new(
            format!("reset-from:{}", meta.ip.as_deref().unwrap_or("unknown")),
            MAX_RESETS_PER_ADDRESS,
        ),
        AttemptLimit::new(format!("reset-for:{email}"), MAX_RESETS_PER_ACCOUNT),
    ];
    let reservation = app
        .store
        .reserve_attempt(
            &limits,
            AttemptId::new(),
            now,
            now - app.settings.failure_window,
        )
        .await?;
    if let Reservation::Refused { .. } = reservation {
        return Err(AppError::TooManyAttempts {
            retry_after_seconds: app.settings.failure_window.as_secs().unsigned_abs(),
        });
    }
    let credentials = match app.store.credentials(&email).await {
        Ok(credentials) => credentials,
        Err(StoreError::NotFound) => return Ok(None),
        Err(other) => return Err(other.into()),
    };
    let user = credentials.user;
    let token = random_token();
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
