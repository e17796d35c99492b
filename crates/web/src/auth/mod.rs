//! Who is calling: the session cookie, bearer tokens, CSRF tokens and the extractors handlers
//! use to require a signed-in caller.

pub mod access;
pub mod middleware;

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, SameSite};
use jiff::Timestamp;
use tendo_app::access::Caller;
use tendo_app::error::AppError;

pub use crate::auth::middleware::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "tendo_session";

/// The session cookie for a new session: `HttpOnly`, `SameSite=Lax`, `Secure` over HTTPS,
/// kept by the browser until the session expires (`now` is the application's clock).
pub fn session_cookie(
    token: String,
    expires_at: Timestamp,
    now: Timestamp,
    secure: bool,
) -> Cookie<'static> {
    let seconds = (expires_at - now).get_seconds().max(0);
    Cookie::build((SESSION_COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(cookie::time::Duration::seconds(seconds))
        .build()
}

/// A cookie that removes the session cookie.
pub fn removed_session_cookie() -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, "")).path("/").build()
}

/// A signed-in person on a page; anyone else is sent to the sign-in page.
#[derive(Clone, Debug)]
pub struct PageUser {
    /// Who they are.
    pub caller: Caller,
    /// The CSRF token their forms must carry.
    pub csrf: String,
    /// Their session token.
    pub session_token: String,
    /// Messages they have not read, for the badge in the navigation.
    pub unread_messages: u32,
}

/// The rejection when nobody is signed in on a page: a redirect to sign in, then back.
pub struct SignInFirst(String);

impl SignInFirst {
    /// Sign in, then come back to `next` (a path and query).
    pub fn to(next: String) -> Self {
        SignInFirst(next)
    }
}

impl IntoResponse for SignInFirst {
    fn into_response(self) -> Response {
        let next: String = url_encode(&self.0);
        Redirect::to(&format!("/login?next={next}")).into_response()
    }
}

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

impl FromRequestParts<AppState> for PageUser {
    type Rejection = SignInFirst;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let next = parts
            .uri
            .path_and_query()
            .map(|path| path.as_str().to_string())
            .unwrap_or_else(|| "/".into());
        match parts.extensions.get::<Authenticated>() {
            Some(Authenticated {
                caller,
                csrf: Some(csrf),
                session_token: Some(session_token),
                unread_messages,
            }) => Ok(PageUser {
                unread_messages: match unread_messages {
                    Some(count) => *count,
                    None => unread_messages_of(state, caller).await,
                },
                caller: caller.clone(),
                csrf: csrf.clone(),
                session_token: session_token.clone(),
            }),
            _ => Err(SignInFirst(next)),
        }
    }
}

impl OptionalFromRequestParts<AppState> for PageUser {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, Self::Rejection> {
        Ok(
            <PageUser as FromRequestParts<AppState>>::from_request_parts(parts, state)
                .await
                .ok(),
        )
    }
}

/// Unread messages for the navigation's badge; a failure to count is logged and shows no badge
/// rather than failing the page.
async fn unread_messages_of(state: &AppState, caller: &Caller) -> u32 {
    match tendo_app::clinic::messages::unread(&state.app, caller).await {
        Ok(count) => count,
        Err(error) => {
            tracing::warn!(?error, "unread messages were not counted");
            0
        }
    }
}

/// A signed-in caller of the API (session cookie or bearer token); anyone else gets 401.
#[derive(Clone, Debug)]
pub struct ApiUser(pub Caller);

impl<S: Send + Sync> FromRequestParts<S> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Authenticated>()
            .map(|found| ApiUser(found.caller.clone()))
            .ok_or_else(|| {
                ApiError(AppError::Unauthenticated(
                    "sign in, or send a personal access token as `Authorization: Bearer …`".into(),
                ))
            })
    }
}

/// A set of roles a route is for, as a type, so that [`RequireRole`] can check it before the
/// request body is read.
pub trait RoleSet: Send + Sync + 'static {
    /// The roles.
    const ROLES: &'static [tendo_app::model::accounts::Role];
}

macro_rules! role_set {
    ($($(#[$doc:meta])* $name:ident = $roles:expr;)*) => {$(
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name;

        impl RoleSet for $name {
            const ROLES: &'static [tendo_app::model::accounts::Role] = $roles;
        }
    )*};
}

role_set! {
    /// Patients only.
    Patients = crate::routes::PATIENTS;
    /// Clinicians and administrators.
    Staff = crate::routes::STAFF;
    /// Clinicians only.
    Clinicians = crate::routes::CLINICIANS;
    /// Administrators only.
    Admins = crate::routes::ADMINS;
}

/// Refuses, before anything else is read, callers without one of `R`'s roles: 401 (or the
/// sign-in page) when nobody is signed in, 403 otherwise.
#[derive(Debug)]
pub struct RequireRole<R>(std::marker::PhantomData<R>);

impl<S: Send + Sync, R: RoleSet> FromRequestParts<S> for RequireRole<R> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let api = parts.uri.path().starts_with("/api/");
        let Some(found) = parts.extensions.get::<Authenticated>() else {
            if api {
                return Err(ApiError(AppError::Unauthenticated(
                    "sign in, or send a personal access token".into(),
                ))
                .into_response());
            }
            let next = parts
                .uri
                .path_and_query()
                .map(|path| path.as_str().to_string())
                .unwrap_or_else(|| "/".into());
            return Err(SignInFirst(next).into_response());
        };
        match found.caller.require_role(R::ROLES) {
            Ok(()) => Ok(RequireRole(std::marker::PhantomData)),
            Err(error) if api => Err(ApiError(error).into_response()),
            Err(error) => Err(crate::error::PageError(error).into_response()),
        }
    }
}
