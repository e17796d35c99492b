//! The stylesheet and scripts, built into the binary, and the vendored renderer of the API
//! reference (`assets/vendor/`), served under a path that names its version so that browsers may
//! keep it for a year.

use axum::http::header;
use axum::response::IntoResponse;

const STYLE: &str = include_str!("../assets/style.css");
const SCRIPT: &str = include_str!("../assets/app.js");
const API_DOCS_SCRIPT: &str = include_str!("../assets/api-docs.js");
const SWAGGER_UI_SCRIPT: &str =
    include_str!("../assets/vendor/swagger-ui-5.35.0/swagger-ui-bundle.js");
const SWAGGER_UI_STYLE: &str = include_str!("../assets/vendor/swagger-ui-5.35.0/swagger-ui.css");

/// Where the vendored Swagger UI is served; the version in the path changes with the files.
pub const SWAGGER_UI_PATH: &str = "/assets/vendor/swagger-ui-5.35.0";

/// The content type of a stylesheet.
const CSS: &str = "text/css; charset=utf-8";
/// The content type of a script.
const JAVASCRIPT: &str = "text/javascript; charset=utf-8";
/// Tendo's own files change with each release: kept for five minutes.
const SHORT_CACHE: &str = "public, max-age=300";
/// A vendored file never changes under its versioned path: kept for a year.
const LONG_CACHE: &str = "public, max-age=31536000, immutable";

fn asset(content_type: &'static str, cache: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, cache),
        ],
        body,
    )
}

/// `GET /assets/style.css`.
pub async fn style() -> impl IntoResponse {
    asset(CSS, SHORT_CACHE, STYLE)
}

/// `GET /assets/app.js`.
pub async fn script() -> impl IntoResponse {
    asset(JAVASCRIPT, SHORT_CACHE, SCRIPT)
}

/// `GET /assets/api-docs.js`: starts Swagger UI on the OpenAPI document.
pub async fn api_docs_script() -> impl IntoResponse {
    asset(JAVASCRIPT, SHORT_CACHE, API_DOCS_SCRIPT)
}

/// `GET /assets/vendor/swagger-ui-5.35.0/swagger-ui-bundle.js`.
pub async fn swagger_ui_script() -> impl IntoResponse {
    asset(JAVASCRIPT, LONG_CACHE, SWAGGER_UI_SCRIPT)
}

/// `GET /assets/vendor/swagger-ui-5.35.0/swagger-ui.css`.
pub async fn swagger_ui_style() -> impl IntoResponse {
    asset(CSS, LONG_CACHE, SWAGGER_UI_STYLE)
}
