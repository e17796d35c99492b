//! Installing Tendo and opening it offline: the web app manifest, the service worker (served
//! from the root so that its scope covers `/today` and `/plan`) and the app's icon, all built
//! into the binary. What the worker keeps and why is said in `assets/sw.js`; the queue of sets
//! and sessions logged offline lives in `assets/offline.js`.

use axum::response::IntoResponse;

use super::assets::built_in;

const MANIFEST: &str = include_str!("../../assets/manifest.webmanifest");
const SERVICE_WORKER: &str = include_str!("../../assets/sw.js");
const ICON: &str = include_str!("../../assets/icon.svg");
const QUEUE: &str = include_str!("../../assets/offline.js");

/// `GET /manifest.webmanifest`.
pub async fn manifest() -> impl IntoResponse {
    built_in(
        "application/manifest+json",
        "public, max-age=3600",
        MANIFEST,
    )
}

/// `GET /sw.js`: always checked with the server (`no-cache`), so a new version of the worker
/// replaces the old one at the next visit.
pub async fn service_worker() -> impl IntoResponse {
    built_in("text/javascript; charset=utf-8", "no-cache", SERVICE_WORKER)
}

/// `GET /assets/icon.svg`.
pub async fn icon() -> impl IntoResponse {
    built_in("image/svg+xml", "public, max-age=86400", ICON)
}

/// `GET /assets/offline.js`: the queue of what was logged offline, and the worker's
/// registration.
pub async fn queue() -> impl IntoResponse {
    built_in(
        "text/javascript; charset=utf-8",
        "public, max-age=300",
        QUEUE,
    )
}
