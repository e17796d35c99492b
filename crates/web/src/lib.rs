//! Tendo's web surface: the server-rendered web app and its JSON API twin, on axum.
//!
//! Handlers are thin: they read the request, call a service of `tendo-app`, and render HTML or
//! JSON. Who may call what is declared once, in [`routes`], and enforced by the services.

pub mod api;
mod assets;
pub mod auth;
pub mod booking;
pub mod clinic;
mod download;
pub mod error;
pub mod fhir;
pub mod headers;
pub mod locale;
pub mod ops;
pub mod pages;
pub mod patient;
pub mod routes;
pub mod state;
pub mod text;
pub mod time;

use std::future::Future;
use std::net::SocketAddr;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::from_fn_with_state;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::csrf::CsrfLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::sensitive_headers::SetSensitiveHeadersLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::state::AppState;

/// The largest request body accepted (forms, JSON, a photo).
const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// The content security policy: only Tendo's own scripts (from files, never inline), styles and
/// images.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; \
    style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self' ws: wss:; \
    media-src 'self' blob: mediastream:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/// The whole application as an axum router.
pub fn router(state: AppState) -> Router {
    let mut router: Router<AppState> = Router::new();
    for (spec, handler) in routes::table() {
        router = router.route(spec.path, auth::access::guard(&spec, handler));
    }
    router
        .fallback(not_found)
        .layer(axum::middleware::from_fn(locale::remember))
        .layer(axum::middleware::from_fn(|request, next| {
            text::refuse_control_characters(request, next, MAX_BODY_BYTES)
        }))
        .layer(axum::middleware::from_fn(
            headers::no_store_for_personal_data,
        ))
        .layer(from_fn_with_state(
            state.clone(),
            auth::middleware::authenticate,
        ))
        .layer(CsrfLayer::new())
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            headers::StrictTransport::for_base_url(&state.app.settings.base_url),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("x-frame-options"),
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetSensitiveHeadersLayer::new([
            header::AUTHORIZATION,
            header::COOKIE,
            header::SET_COOKIE,
        ]))
        .layer(TraceLayer::new_for_http().make_span_with(ops::request_id::span))
        .layer(CatchPanicLayer::new())
        .layer(axum::middleware::from_fn(api::errors::json_errors))
        .layer(axum::middleware::from_fn(ops::request_id::assign))
        .layer(from_fn_with_state(state.clone(), ops::metrics::record))
        .with_state(state)
}

/// `GET /healthz`: answers `ok` without touching the database, for load balancers (and as the
/// benchmark's bare handler).
pub async fn health() -> &'static str {
    "ok"
}

async fn not_found(uri: axum::http::Uri) -> axum::response::Response {
    use axum::response::IntoResponse;
    let error = tendo_app::error::AppError::NotFound;
    if uri.path().starts_with("/api/") {
        error::ApiError(error).into_response()
    } else {
        error::PageError(error).into_response()
    }
}

/// Serves the application on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let service = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await?;
    Ok(())
}
