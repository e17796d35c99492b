//! Personal access tokens for integrations: shown once, stored hashed, scoped, revocable.

use jiff::SignedDuration;
use tendo_store::accounts::{ApiToken, NewApiToken, Scope};
use tendo_store::ids::ApiTokenId;

use crate::App;
use crate::access::{Caller, Credential, RequestMeta};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::secrets::{random_token, token_hash};

/// The prefix of every token, so that leaked tokens are easy to recognise and scan for.
pub const TOKEN_PREFIX: &str = "tendo_pat_";

/// A token just created: the secret is shown once.
#[derive(Clone, Debug)]
pub struct NewToken {
    /// The stored token (without its secret).
    pub token: ApiToken,
    /// The secret to give the integration.
    pub secret: String,
}

/// Creates a token for the caller. Only a browser session may create tokens.
pub async fn create_token(
    app: &App,
    caller: &Caller,
    name: &str,
    scopes: &[Scope],
    lifetime_days: Option<u32>,
) -> AppResult<NewToken> {
    if caller.credential != Credential::Session {
        return Err(AppError::Forbidden(
            "tokens are created from a signed-in browser session".into(),
        ));
    }
    let mut errors = FieldErrors::default();
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        errors.add("name", "give the token a name of 1 to 80 characters");
    }
    if scopes.is_empty() {
        errors.add("scopes", "choose read, write or both");
    }
    if lifetime_days.is_some_and(|days| days == 0 || days > 366) {
        errors.add(
            "lifetime_days",
            "a token lasts from 1 to 366 days, or until revoked",
        );
    }
    errors.into_result()?;
    let now = app.now();
    let secret = format!("{TOKEN_PREFIX}{}", random_token());
    let id = ApiTokenId::new();
    let audit = caller.audit("token.create", format!("token/{id}"), now);
    let token = app
        .store
        .create_api_token(
            &NewApiToken {
                id,
                user_id: caller.id(),
                name: name.to_string(),
                token_hash: token_hash(&secret),
                scopes: scopes.to_vec(),
                created_at: now,
                expires_at: lifetime_days
                    .map(|days| now + SignedDuration::from_hours(24 * i64::from(days))),
            },
            &audit,
        )
        .await?;
    Ok(NewToken { token, secret })
}

/// The caller's tokens.
pub async fn tokens(app: &App, caller: &Caller) -> AppResult<Vec<ApiToken>> {
    Ok(app.store.api_tokens(caller.id()).await?)
}

/// Revokes one of the caller's tokens.
pub async fn revoke_token(app: &App, caller: &Caller, token: ApiTokenId) -> AppResult<()> {
    caller.require_write()?;
    let audit = caller.audit("token.revoke", format!("token/{token}"), app.now());
    Ok(app
        .store
        .revoke_api_token(caller.id(), token, &audit)
        .await?)
}

/// The caller behind a bearer token, if it is valid.
pub async fn token_caller(app: &App, secret: &str, meta: RequestMeta) -> AppResult<Option<Caller>> {
    if !secret.starts_with(TOKEN_PREFIX) {
        return Ok(None);
    }
    let found = app
        .store
        .active_api_token(&token_hash(secret), app.now())
        .await?;
    Ok(found.map(|(token, user)| Caller {
        user,
        credential: Credential::Token(token.scopes),
        meta,
    }))
}
