//! Response headers that depend on who asked and where Tendo runs: personal data is never kept
//! in a cache, and browsers are told to use HTTPS only when Tendo is served over HTTPS.

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::set_header::MakeHeaderValue;

use crate::auth::middleware::Authenticated;

/// How long browsers keep to HTTPS once told: a year.
const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000; includeSubDomains";

/// Whether a response to `path` may carry personal data: every response of the API's `/api/v1/`
/// and every response to a signed-in person, except the static assets (scripts and styles).
pub fn carries_personal_data(path: &str, signed_in: bool) -> bool {
    path.starts_with("/api/v1/") || (signed_in && !path.starts_with("/assets/"))
}

/// Middleware (inside authentication): `Cache-Control: no-store` on every response that may
/// carry personal data, whatever the handler set.
pub async fn no_store_for_personal_data(request: Request, next: Next) -> Response {
    let signed_in = request.extensions().get::<Authenticated>().is_some();
    let personal = carries_personal_data(request.uri().path(), signed_in);
    let mut response = next.run(request).await;
    if personal {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// The `Strict-Transport-Security` header for every response when `base_url` is `https`, and
/// none otherwise (a browser told so over plain HTTP on a laptop would refuse it afterwards).
#[derive(Clone, Debug)]
pub struct StrictTransport(Option<HeaderValue>);

impl StrictTransport {
    /// The header for Tendo served at `base_url`.
    pub fn for_base_url(base_url: &str) -> Self {
        StrictTransport(
            base_url
                .starts_with("https://")
                .then(|| HeaderValue::from_static(STRICT_TRANSPORT_SECURITY)),
        )
    }
}

impl<T> MakeHeaderValue<T> for StrictTransport {
    fn make_header_value(&mut self, _message: &T) -> Option<HeaderValue> {
        self.0.clone()
    }
}
