//! What an operator needs of a running server: `/healthz` (alive), `/readyz` (the database
//! answers with this version's schema, and the server is not stopping), `/metrics` (served on
//! its own listener, see [`metrics`]), and a request id on every request and its log lines
//! ([`request_id`]).
//!
//! Nothing here exposes a patient's data: metrics are labelled by route template (never the
//! path, whose ids are personal), log spans carry the method, route template and request id.

pub mod metrics;
pub mod request_id;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tendo_app::model::operations::SchemaStatus;

use crate::state::AppState;

pub use metrics::Metrics;

/// How long `/readyz` waits for the database before calling it unreachable: well under a load
/// balancer's check interval.
const DATABASE_CHECK: Duration = Duration::from_secs(2);

/// The operational state of one server: whether it is stopping, and its metrics. Cheap to
/// clone; every clone is the same server.
#[derive(Clone, Debug, Default)]
pub struct Operations {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    draining: AtomicBool,
    metrics: Metrics,
}

impl Operations {
    /// Marks the server as stopping: from now on `/readyz` answers 503, so load balancers move
    /// new requests elsewhere while the requests in flight finish.
    pub fn start_draining(&self) {
        self.inner.draining.store(true, Ordering::SeqCst);
    }

    /// Whether the server is stopping.
    pub fn is_draining(&self) -> bool {
        self.inner.draining.load(Ordering::SeqCst)
    }

    /// The server's metrics.
    pub fn metrics(&self) -> &Metrics {
        &self.inner.metrics
    }
}

/// What `/readyz` answers.
#[derive(Debug, Serialize)]
struct Readiness {
    /// Whether this server should be sent requests.
    ready: bool,
    /// Why not, in words an operator acts on.
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    /// The database's schema against this binary's migrations, when the database answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    schema: Option<SchemaStatus>,
}

fn answer(status: StatusCode, readiness: Readiness) -> Response {
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        Json(readiness),
    )
        .into_response()
}

fn unready(reason: impl Into<String>, schema: Option<SchemaStatus>) -> Response {
    answer(
        StatusCode::SERVICE_UNAVAILABLE,
        Readiness {
            ready: false,
            reason: Some(reason.into()),
            schema,
        },
    )
}

/// `GET /readyz`: 200 when this server can serve — the database answers within two seconds and
/// has applied every migration this binary has — and 503 with a JSON reason otherwise, or while
/// the server is stopping.
pub async fn ready(State(state): State<AppState>) -> Response {
    if state.web.ops.is_draining() {
        return unready("the server is stopping", None);
    }
    match tokio::time::timeout(
        DATABASE_CHECK,
        tendo_app::operations::schema_status(&state.app),
    )
    .await
    {
        Err(_) => unready("the database did not answer within 2 seconds", None),
        Ok(Err(error)) => {
            tracing::warn!(%error, "readiness: the database did not answer");
            unready("the database did not answer", None)
        }
        Ok(Ok(schema)) if !schema.missing.is_empty() => unready(
            "the database schema is older than this version of Tendo: run `tendo migrate`",
            Some(schema),
        ),
        Ok(Ok(schema)) if !schema.is_current() => unready(
            "a migration applied to the database differs from this version's: the migration \
             files were edited after they ran",
            Some(schema),
        ),
        Ok(Ok(schema)) => answer(
            StatusCode::OK,
            Readiness {
                ready: true,
                reason: None,
                schema: Some(schema),
            },
        ),
    }
}
