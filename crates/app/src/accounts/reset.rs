//! Password resets by one-time, expiring token.

use jiff::Timestamp;
use tendo_store::StoreError;
use tendo_store::accounts::{AttemptId, AttemptLimit, EndedAccess, Reservation, Role, User};
use tendo_store::audit::AuditEntry;
use tendo_store::ids::{RecordId, UserId};
use tendo_store::mail::NewMail;

use super::normalise_email;
use crate::access::{Caller, RequestMeta};
use crate::error::{AppError, AppResult};
use crate::secrets::{random_token, token_hash};
use crate::{App, password};

/// Reset links one requesting address may ask for within the failure window.
pub const MAX_RESETS_PER_ADDRESS: u32 = 10;
/// Reset links one email address may be sent within the failure window.
pub const MAX_RESETS_PER_ACCOUNT: u32 = 3;

/// Starts a reset for the account with this email, if there is one: stores the link's token
/// hash and queues the mail with the link in one transaction (the outbox delivers it; nothing is
/// sent inline). Returns the person and the link token, for tests and the command line.
///
/// The work is the same whether or not an account exists, so that neither the answer nor its
/// time tells: the limits are reserved, the address is looked up, a token is made and hashed, a
/// mail is written, and exactly one transaction is committed (for an unknown address, the audit
/// entry of the request). The caller must say the same thing either way.
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
    let found = match app.store.credentials(&email).await {
        Ok(credentials) => Some(credentials.user),
        Err(StoreError::NotFound) => None,
        Err(other) => return Err(other.into()),
    };
    // Made in both branches, so that both take the same time.
    let token = random_token();
    let hash = token_hash(&token);
    let name = found.as_ref().map_or("there", |user| user.name.as_str());
    let mail = reset_mail(app, found.as_ref(), &email, name, &token, now);
    let Some(user) = found else {
        let mut audit =
            AuditEntry::new("password.reset-request", "unknown-account").from_ip(meta.ip.clone());
        audit.at = now;
        app.store.record(&[audit]).await?;
        return Ok(None);
    };
    let mut audit = AuditEntry::new("password.reset-request", format!("user/{}", user.id))
        .in_clinic(user.clinic_id)
        .from_ip(meta.ip.clone());
    audit.at = now;
    app.store
        .create_password_reset(
            user.id,
            &hash,
            now,
            now + app.settings.reset_lifetime,
            Some(&mail),
            &audit,
        )
        .await?;
    Ok(Some((user, token)))
}

/// The mail with a reset link.
fn reset_mail(
    app: &App,
    user: Option<&User>,
    email: &str,
    name: &str,
    token: &str,
    now: Timestamp,
) -> NewMail {
    let link = format!("{}/reset-password/{token}", app.settings.base_url);
    NewMail {
        id: RecordId::new(),
        clinic_id: user.map(|user| user.clinic_id),
        user_id: user.map(|user| user.id),
        to: email.to_string(),
        subject: "Reset your Tendo password".into(),
        body: format!(
            "Hello {name},\n\nSomeone asked to reset the password of your Tendo account. \
             If it was you, open this link within an hour to choose a new one:\n\n{link}\n\n\
             If it was not you, ignore this message: your password stays as it is.\n"
        ),
        calendar: None,
        created_at: now,
        send_after: now,
    }
}

/// A reset link made by an administrator, with the person it is for.
#[derive(Clone, Debug)]
pub struct ResetLink {
    /// Whose password the link resets.
    pub person: User,
    /// The one-time token in the link.
    pub token: String,
}

/// An administrator makes a reset link for a person of their clinic (to pass on in person).
pub async fn admin_reset_link(app: &App, caller: &Caller, user: UserId) -> AppResult<ResetLink> {
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
            None,
            &audit,
        )
        .await?;
    Ok(ResetLink { person, token })
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
