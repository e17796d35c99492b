//! The authentication middleware: resolves who is calling (session cookie or bearer token) once
//! per request, and checks the CSRF token of every state-changing request made with a cookie.
//! It runs after routing, so it knows whether the matched route is public.

use std::net::{IpAddr, SocketAddr};

use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use tendo_app::access::{Caller, RequestMeta};
use tendo_app::accounts;
use tendo_app::error::AppError;

use crate::auth::SESSION_COOKIE;
use crate::error::{ApiError, PageError};
use crate::state::AppState;

/// The largest form body read to find its CSRF token.
const MAX_FORM_BYTES: usize = 1024 * 1024;

/// The header a script sends its CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The form field (or query parameter, for file uploads) a form sends its CSRF token in.
pub const CSRF_FIELD: &str = "_csrf";

/// The routes that take a file as `multipart/form-data`. Their body is not read here, so their
/// form sends the CSRF token in the query string; every other route must send it in the form
/// body or the `X-CSRF-Token` header, where it does not end up in logs and browser history.
pub const UPLOAD_ROUTES: &[&str] = &["/clinic/team/{user}/photo", "/clinic/import"];

/// Who is calling, resolved by the middleware and read by the extractors.
#[derive(Clone, Debug)]
pub struct Authenticated {
    /// The caller.
    pub caller: Caller,
    /// The session's CSRF token, for forms; `None` for a bearer token.
    pub csrf: Option<String>,
    /// The session token, for signing out.
    pub session_token: Option<String>,
    /// Unread messages, read with the session (for the navigation's badge); `None` for a
    /// bearer token.
    pub unread_messages: Option<u32>,
}

/// Where the request came from. With `--trust-forwarded-for`, the client's address is the one
/// [`forwarded_client`] reads from `X-Forwarded-For`; without it, or when that header holds no
/// address, it is the peer's (the proxy's, behind one). Either is written in its canonical form
/// (an IPv4 address mapped into IPv6 is written as IPv4), so one client has one rate-limit key.
pub fn request_meta(
    state: &AppState,
    headers: &HeaderMap,
    peer: Option<SocketAddr>,
) -> RequestMeta {
    let forwarded = state
        .web
        .trust_forwarded_for
        .then(|| forwarded_client(headers))
        .flatten();
    let client = forwarded.or_else(|| peer.map(|address| address.ip()));
    RequestMeta {
        ip: client.map(|address| address.to_canonical().to_string()),
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|value| value.to_str().ok())
            .map(|value| value.chars().take(200).collect()),
    }
}

/// The client's address as the reverse proxy in front of Tendo wrote it: the LAST entry of the
/// last `X-Forwarded-For` line, trimmed, if it is an IP address (a port after it, as in
/// `192.0.2.7:51234` or `[2001:db8::7]:443`, is dropped).
///
/// Why the last: a proxy either replaces the header with the address it saw (HAProxy's
/// `http-request set-header X-Forwarded-For %[src]`, nginx's `$remote_addr`), leaving one entry,
/// or appends that address to whatever the client sent (HAProxy's `option forwardfor`, nginx's
/// `$proxy_add_x_forwarded_for`). Either way the last entry is the one the proxy wrote; every
/// entry before it came from the client, who could put any address there to dodge the
/// per-address limits. This assumes exactly one proxy in front of the servers (behind two, the
/// last entry is the outer proxy's address).
///
/// `None` when there is no such header, or its last entry is empty, `unknown`, or anything else
/// that is not an address: the caller then uses the peer's address, never the text itself.
pub fn forwarded_client(headers: &HeaderMap) -> Option<IpAddr> {
    let line = headers.get_all("x-forwarded-for").iter().next_back()?;
    let last = line.to_str().ok()?.rsplit(',').next()?.trim();
    last.parse::<IpAddr>()
        .ok()
        .or_else(|| last.parse::<SocketAddr>().ok().map(|address| address.ip()))
}

/// The secret of an `Authorization: Bearer …` header. The scheme's name is case-insensitive
/// (RFC 9110, section 11.1), so `bearer` and `BEARER` are accepted too.
fn bearer_secret(value: &str) -> Option<&str> {
    let (scheme, secret) = value.trim_start().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(secret)
}

fn is_api(request: &Request) -> bool {
    request.uri().path().starts_with("/api/")
}

fn reject(api: bool, error: AppError) -> Response {
    if api {
        ApiError(error).into_response()
    } else {
        PageError(error).into_response()
    }
}

/// Resolves the caller and enforces CSRF tokens.
pub async fn authenticate(
    State(state): State<AppState>,
    jar: CookieJar,
    request: Request,
    next: Next,
) -> Response {
    let api = is_api(&request);
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0);
    let meta = request_meta(&state, request.headers(), peer);
    let bearer = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(bearer_secret)
        .map(str::to_string);

    let mut request = request;
    if let Some(secret) = bearer {
        match accounts::token_caller(&state.app, secret.trim(), meta).await {
            Ok(Some(caller)) => {
                request.extensions_mut().insert(Authenticated {
                    caller,
                    csrf: None,
                    session_token: None,
                    unread_messages: None,
                });
                return next.run(request).await;
            }
            Ok(None) => {
                let error = AppError::Unauthenticated(
                    "the token is not valid: it may be revoked, expired or mistyped".into(),
                );
                if request.uri().path().starts_with("/fhir/") {
                    return crate::fhir::Outcome(error).into_response();
                }
                return reject(true, error);
            }
            Err(error) => return reject(api, error),
        }
    }

    let Some(session_token) = jar
        .get(SESSION_COOKIE)
        .map(|cookie| cookie.value().to_string())
    else {
        return next.run(request).await;
    };
    let session = match accounts::session_caller(&state.app, &session_token, meta).await {
        Ok(Some(found)) => found,
        Ok(None) => return next.run(request).await,
        Err(error) => return reject(api, error),
    };
    let public = request
        .extensions()
        .get::<MatchedPath>()
        .is_some_and(|matched| crate::routes::is_public(request.method(), matched.as_str()));
    // Public forms (sign in, invitations, resets) act for nobody's session; the Origin check
    // of the CSRF layer covers them. Everything else must carry the session's token.
    if is_state_changing(request.method()) && !public {
        let upload = request
            .extensions()
            .get::<MatchedPath>()
            .is_some_and(|matched| UPLOAD_ROUTES.contains(&matched.as_str()));
        let (request_back, presented) = match csrf_token_of(request, upload).await {
            Ok(found) => found,
            Err(response) => return response,
        };
        request = request_back;
        if presented.as_deref() != Some(session.csrf_token.as_str()) {
            return reject(
                api,
                AppError::Forbidden(
                    "this form has expired or did not come from Tendo (its security token is \
                     missing or wrong); reload the page and try again"
                        .into(),
                ),
            );
        }
    }
    request.extensions_mut().insert(Authenticated {
        caller: session.caller,
        csrf: Some(session.csrf_token),
        session_token: Some(session_token),
        unread_messages: Some(session.unread_messages),
    });
    next.run(request).await
}

fn is_state_changing(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Finds the CSRF token in the header, in a URL-encoded form body or, on an upload route only,
/// in the query string, giving the request back with its body intact.
async fn csrf_token_of(
    request: Request,
    upload: bool,
) -> Result<(Request, Option<String>), Response> {
    if let Some(value) = request
        .headers()
        .get(CSRF_HEADER)
        .and_then(|value| value.to_str().ok())
    {
        let token = value.to_string();
        return Ok((request, Some(token)));
    }
    if upload {
        let from_query = request.uri().query().and_then(|query| {
            serde_urlencoded::from_str::<Vec<(String, String)>>(query)
                .ok()?
                .into_iter()
                .find(|(name, _)| name == CSRF_FIELD)
                .map(|(_, value)| value)
        });
        return Ok((request, from_query));
    }
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Ok((request, None));
    }
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, MAX_FORM_BYTES).await.map_err(|_| {
        reject(
            false,
            AppError::invalid("form", "the form is too large to accept"),
        )
    })?;
    let token = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .ok()
        .and_then(|fields| {
            fields
                .into_iter()
                .find(|(name, _)| name == CSRF_FIELD)
                .map(|(_, value)| value)
        });
    Ok((Request::from_parts(parts, Body::from(bytes)), token))
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    /// Headers with one `X-Forwarded-For` line per value.
    fn forwarded(lines: &[&[u8]]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for line in lines {
            headers.append("x-forwarded-for", HeaderValue::from_bytes(line).unwrap());
        }
        headers
    }

    fn client(lines: &[&[u8]]) -> Option<String> {
        forwarded_client(&forwarded(lines)).map(|address| address.to_string())
    }

    #[test]
    fn forwarded_for_takes_the_address_the_proxy_appended_not_the_clients_own() {
        assert_eq!(client(&[b"203.0.113.9"]).as_deref(), Some("203.0.113.9"));
        assert_eq!(
            client(&[b"198.51.100.1, 203.0.113.9"]).as_deref(),
            Some("203.0.113.9"),
            "an appending proxy's entry is the last; the first is whatever the client sent"
        );
        assert_eq!(
            client(&[b"198.51.100.1", b" 203.0.113.9 "]).as_deref(),
            Some("203.0.113.9"),
            "a second header line is read as the list's continuation"
        );
        assert_eq!(client(&[b"2001:db8::7"]).as_deref(), Some("2001:db8::7"));
        assert_eq!(
            client(&[b"192.0.2.7:51234"]).as_deref(),
            Some("192.0.2.7"),
            "a port after the address is dropped"
        );
        assert_eq!(
            client(&[b"[2001:db8::7]:443"]).as_deref(),
            Some("2001:db8::7")
        );
    }

    #[test]
    fn forwarded_for_that_is_not_an_address_is_ignored() {
        for garbage in [
            &b""[..],
            b"   ",
            b",",
            b"unknown",
            b"203.0.113.9, ",
            b"203.0.113.9, not-an-address",
            b"203.0.113.256",
            b"attacker-chosen-key-1",
            b"203.0.113.\xff",
        ] {
            assert_eq!(
                client(&[garbage]),
                None,
                "{:?} gives no client address",
                String::from_utf8_lossy(garbage)
            );
        }
        assert_eq!(client(&[]), None, "no header, no address");
    }

    #[test]
    fn every_upload_route_exists_and_takes_a_post() {
        let specs = crate::routes::specs();
        for upload in UPLOAD_ROUTES {
            assert!(
                specs
                    .iter()
                    .any(|spec| spec.path == *upload && spec.method == Method::POST),
                "{upload} is listed as an upload route but no POST route has that path"
            );
        }
    }
}
