//! Signing in and out. Failed sign-ins are counted per address and per account in the
//! database, so the limits hold across several app servers; an account is locked after
//! `max_failures_per_account` failures within the window, whether or not it exists, so the
//! lock reveals nothing.

use jiff::Timestamp;
use tendo_store::StoreError;
use tendo_store::accounts::{NewSession, User};
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

    if app.store.login_failures(&address, window_start).await?
        >= app.settings.max_failures_per_address
    {
        return Err(AppError::TooManyAttempts {
            retry_after_seconds: retry_after,
        });
    }
    let account_failures = app.store.login_failures(&account, window_start).await?;
    let credentials = match app.store.credentials(&email).await {
        Ok(credentials) => Some(credentials),
        Err(StoreError::NotFound) => None,
        Err(other) => return Err(other.into()),
    };
    let stored_hash = credentials
        .as_ref()
        .and_then(|credentials| credentials.password_hash.clone());
    // Always verify, even for a locked or unknown account, so the time taken says nothing.
    let password_ok = password::verify(password_text.to_string(), stored_hash).await;

    if account_failures >= app.settings.max_failures_per_account {
        return Err(AppError::Locked {
            until: now + app.settings.failure_window,
        });
    }
    let Some(credentials) = credentials.filter(|_| password_ok) else {
        let counts = app
            .store
            .record_login_failure(&[address, account], now, window_start)
            .await?;
        if counts.get(1).copied().unwrap_or(0) >= app.settings.max_failures_per_account {
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

    app.store.clear_login_failures(&account).await?;
    if credentials.user.locked_until.is_some() {
        app.store
            .set_locked_until(credentials.user.id, None)
            .await?;
    }
    if let Some(previous) = previous_session {
        app.store.end_session(&token_hash(previous)).await?;
    }
    let session_token = random_token();
    let csrf_token = random_token();
    let expires_at = now + app.settings.session_lifetime;
    let user = credentials.user;
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

/// The caller behind a session token, and the session's CSRF token, if the session is valid.
pub async fn session_caller(
    app: &App,
    session_token: &str,
    meta: RequestMeta,
) -> AppResult<Option<(Caller, String)>> {
    let session = app
        .store
        .active_session(&token_hash(session_token), app.now())
        .await?;
    Ok(session.map(|session| {
        (
            Caller {
                user: session.user,
                credential: Credential::Session,
                meta,
            },
            session.csrf_token,
        )
    }))
}

/// Ends one session.
pub async fn logout(app: &App, session_token: &str) -> AppResult<()> {
    Ok(app.store.end_session(&token_hash(session_token)).await?)
}

/// Ends every session of the caller, on every device; returns how many were ended.
pub async fn logout_everywhere(app: &App, caller: &Caller) -> AppResult<u64> {
    let audit = caller.audit(
        "session.end-all",
        format!("user/{}", caller.user.id),
        app.now(),
    );
    Ok(app.store.end_all_sessions(caller.user.id, &audit).await?)
}
