//! The patient pages' stylesheet and script (timers), built into the binary.

use axum::http::header;
use axum::response::IntoResponse;

const STYLE: &str = include_str!("../../assets/patient.css");
const SCRIPT: &str = include_str!("../../assets/patient.js");

/// A file built into the binary, with its type and how long a browser may keep it.
pub(crate) fn built_in(
    content_type: &'static str,
    cache_control: &'static str,
    body: &'static str,
) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, cache_control),
        ],
        body,
    )
}

/// `GET /assets/patient.css`.
pub async fn style() -> impl IntoResponse {
    built_in("text/css; charset=utf-8", "public, max-age=300", STYLE)
}

/// `GET /assets/patient.js`.
pub async fn script() -> impl IntoResponse {
    built_in(
        "text/javascript; charset=utf-8",
        "public, max-age=300",
        SCRIPT,
    )
}
