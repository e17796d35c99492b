//! What every handler can reach.

use std::sync::Arc;

use tendo_app::App;

/// Settings of the web surface.
#[derive(Clone, Debug, Default)]
pub struct WebConfig {
    /// Mark cookies `Secure` (Tendo is served over HTTPS).
    pub secure_cookies: bool,
    /// A banner shown on every page, such as "Demo data: nothing here is real".
    pub banner: Option<String>,
    /// Trust the `X-Forwarded-For` header for the client address (behind a reverse proxy).
    pub trust_forwarded_for: bool,
    /// How the video room's browsers find each other.
    pub video: crate::booking::VideoConfig,
    /// Readiness (draining) and metrics of this server.
    pub ops: crate::ops::Operations,
}

/// The state shared by all handlers. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The application services.
    pub app: App,
    /// Settings of the web surface.
    pub web: Arc<WebConfig>,
}
