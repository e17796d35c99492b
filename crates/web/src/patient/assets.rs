//! The patient pages' stylesheet and script (timers), built into the binary.

use axum::http::header;
use axum::response::IntoResponse;

const STYLE: &str = include_str!("../../assets/patient.css");
const SCRIPT: &str = include_str!("../../assets/patient.js");

/// `GET /assets/patient.css`.
pub async fn style() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        STYLE,
    )
}

/// `GET /assets/patient.js`.
pub async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        SCRIPT,
    )
}
