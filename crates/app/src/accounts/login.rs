//! Signing in and out. Sign-in attempts are counted per address and per account in the
//! database, so the limits hold across several app servers, and each is reserved atomically
//! before its password is checked, so parallel requests cannot beat the limits. An account is
//! locked after `max_failures_per_account` failures within the window, whether or not it
//! exists, so the lock reveals nothing.

use jiff::Timestamp;
use tendo_store::StoreError;
use tendo_store::accounts::{AttemptId, AttemptLimit, EndedAccess, NewSession, Reservation, User};
use tendo_store::audit::AuditEntry;

use super::normalise_email;
use crate::access::{Caller, Credential, RequestMeta};
use crate::error::{AppError, AppResult};
use crate::secrets::{random_token, token_hash};
use crate::{App, password};

/// A new session: the token goes into the cookie; only its hash is stored.
#[derive(Clone, Debug)]
pub struct SignedIn {
    /// Who signed in.
    pub user: User,
    /// The session token for the cookie.
    pub session_token: String,
    /// The CSRF token forms must echo back.
    pub csrf_token: String,
    /// When the session ends.
    pub expires_at: Timestamp,
}

fn address_key(meta: &RequestMeta) -> String {
    format!("address:{}", meta.ip.as_deref().unwrap_or("unknown"))
}

/// The key failed sign-ins of an account are counted under.
pub(super) fn account_key(email: &str) -> String {
    format!("account:{email}")
}

/// Signs a person in. `previous_session` (the token of a session the browser already had) is
/// ended, so that the session id always changes at sign-in.
pub async fn login(
    app: &App,
    email: &str,
    password_text: &str,
    meta: &RequestMeta,
    previous_session: Option<&str>,
) -> AppResult<SignedIn> {
    let now = app.now();
    let email = normalise_email(email);
    let window_start = now - app.settings.failure_window;
    let address = address_key(meta);
    let account = account_key(&email);
    let retry_after = app.settings.failure_window.as_secs().unsigned_abs();

    // The attempt is counted BEFORE the password is checked, in one transaction with its keys
    // locked: a burst of parallel requests cannot all slip under the limits while the slow
    // hash runs. A full key refuses at once, without checking anything.
    let attempt = AttemptId::new();
    let limits = [
        AttemptLimit::new(address.clone(), app.settings.max_failures_per_address),
        AttemptLimit::new(account.clone(), app.settings.max_failures_per_account),
    ];
    let account_failures = match app
        .store
        .reserve_attempt(&limits, attempt, now, window_start)
        .await?
    {
        Reservation::Reserved { counts } => counts.get(1).copied().unwrap_or(u32::MAX),
        Reservation::Refused { limit: 0 } => {
            return Err(AppError::TooManyAttempts {
                retry_after_seconds: retry_after,
            });
        }
        Reservation::Refused { .. } => {
            return Err(AppError::Locked {
                until: now + app.settings.failure_window,
            });
        }
    };
    let credentials = match app.store.credentials(&email).await {
        Ok(credentials) => Some(credentials),
        Err(StoreError::NotFound) => None,
        Err(other) => return Err(other.into()),
    };
    let stored_hash = credentials
        .as_ref()
        .and_then(|credentials| credentials.password_hash.clone());
    // An unknown account is checked against a dummy hash, so the time taken says nothing.
    let password_ok = password::verify(password_text.to_string(), stored_hash).await;

    // A failed check keeps its reservation: it is the recorded failure.
    let Some(credentials) = credentials.filter(|_| password_ok) else {
        if account_failures >= app.settings.max_failures_per_account {
            let until = now + app.settings.failure_window;
            if let Ok(found) = app.store.credentials(&email).await {
                app.store
                    .set_locked_until(found.user.id, Some(until))
                    .await?;
            }
            return Err(AppError::Locked { until });
        }
        return Err(AppError::Unauthenticated(
            "The email address or password is not right.".into(),
        ));
    };

    // A success gives its reservation back and forgets the account's failures.
    app.store.release_attempt(&address, attempt).await?;
    app.store.clear_login_failures(&account).await?;
    if credentials.user.locked_until.is_some() {
        app.store
            .set_locked_until(credentials.user.id, None)
            .await?;
    }
    if let Some(previous) = previous_session {
        app.store.end_session(&token_hash(previous)).await?;
    }
    start_session(app, credentials.user, meta, now).await
}

/// Starts a session for `user`, who has just proved who they are (with their password, or with
/// a one-time link mailed to them).
pub(crate) async fn start_session(
    app: &App,
    user: User,
    meta: &RequestMeta,
    now: Timestamp,
) -> AppResult<SignedIn> {
    let session_token = random_token();
    let csrf_token = random_token();
    let expires_at = now + app.settings.session_lifetime;
    let mut audit = AuditEntry::new("session.start", format!("user/{}", user.id))
        .by(user.id, user.role, user.clinic_id)
        .from_ip(meta.ip.clone());
    audit.at = now;
    app.store
        .create_session(
            &NewSession {
                token_hash: token_hash(&session_token),
                user_id: user.id,
                csrf_token: csrf_token.clone(),
                created_at: now,
                expires_at,
                ip: meta.ip.clone(),
                user_agent: meta.user_agent.clone(),
            },
            &audit,
        )
        .await?;
    Ok(SignedIn {
        user,
        session_token,
        csrf_token,
        expires_at,
    })
}

/// A valid session, read in one query: who it is, the token its forms must echo, and the
/// person's unread messages (for the navigation's badge).
#[derive(Clone, Debug)]
pub struct Session {
    /// The caller.
    pub caller: Caller,
    /// The session's CSRF token.
    pub csrf_token: String,
    /// Messages to the caller not read yet.
    pub unread_messages: u32,
}

/// The session behind a session token, if it is valid.
pub async fn session_caller(
    app: &App,
    session_token: &str,
    meta: RequestMeta,
) -> AppResult<Option<Session>> {
    let session = app
        .store
        .active_session(&token_hash(session_token), app.now())
        .await?;
    Ok(session.map(|session| Session {
        caller: Caller {
            user: session.user,
            credential: Credential::Session,
            meta,
        },
        csrf_token: session.csrf_token,
        unread_messages: session.unread_messages,
    }))
}

/// Ends one session.
pub async fn logout(app: &App, session_token: &str) -> AppResult<()> {
    Ok(app.store.end_session(&token_hash(session_token)).await?)
}

/// Ends every session of the caller, on every device, and revokes every personal API token they
/// hold; returns how many of each were ended.
pub async fn logout_everywhere(app: &App, caller: &Caller) -> AppResult<EndedAccess> {
    let audit = caller.audit(
        "session.end-all",
        format!("user/{}", caller.user.id),
        app.now(),
    );
    Ok(app.store.end_all_access(caller.user.id, &audit).await?)
}
