//! A request id on every request: an incoming `X-Request-Id` if it is well-formed (from a load
//! balancer or a client), else a new UUID. It is returned in the `X-Request-Id` response header
//! and carried by the request's tracing span, so every log line of the request names it.
//!
//! The span holds the method, the route template and the id: never the path or query, which
//! carry ids and one-time tokens (`/reset-password/{token}`).

use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Span;

/// The request id header.
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The longest incoming request id kept.
const MAX_LENGTH: usize = 64;

/// Whether an incoming id may be kept: 1 to 64 letters, digits, `-`, `_`, `.` or `:` (what
/// balancers and tracing systems send), so a log line never carries arbitrary text.
pub fn well_formed(value: &HeaderValue) -> bool {
    let bytes = value.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= MAX_LENGTH
        && bytes
            .iter()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b':'))
}

fn new_id() -> HeaderValue {
    let id = uuid::Uuid::now_v7().to_string();
    HeaderValue::from_str(&id).unwrap_or_else(|_| HeaderValue::from_static("unknown"))
}

/// Middleware: keeps a well-formed incoming `X-Request-Id` or sets a new one on the request,
/// and returns it on the response.
pub async fn assign(mut request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(&X_REQUEST_ID)
        .filter(|value| well_formed(value))
        .cloned()
        .unwrap_or_else(new_id);
    request.headers_mut().insert(X_REQUEST_ID, id.clone());
    let mut response = next.run(request).await;
    response.headers_mut().insert(X_REQUEST_ID, id);
    response
}

/// The tracing span of a request (for `TraceLayer::make_span_with`): its id, method and route
/// template.
pub fn span<B>(request: &axum::http::Request<B>) -> Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str);
    let id = request
        .headers()
        .get(&X_REQUEST_ID)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    tracing::info_span!("request", request_id = id, method = %request.method(), route)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_short_plain_ids_are_kept() {
        assert!(well_formed(&HeaderValue::from_static(
            "0190d5e2-7b1c-7f00-8000-000000000000"
        )));
        assert!(well_formed(&HeaderValue::from_static("lb-1:abc_def.42")));
        assert!(!well_formed(&HeaderValue::from_static("")));
        assert!(!well_formed(&HeaderValue::from_static("has space")));
        assert!(!well_formed(&HeaderValue::from_static(
            "name=alex@example.com"
        )));
        let long = "a".repeat(MAX_LENGTH + 1);
        assert!(!well_formed(
            &HeaderValue::from_str(&long).unwrap_or_else(|_| new_id())
        ));
    }
}
