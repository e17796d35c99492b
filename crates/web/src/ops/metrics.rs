//! `/metrics`: the server's metrics in the `OpenMetrics` text format (the format Prometheus
//! prefers), made with `prometheus-client`.
//!
//! Families (every name starts with `tendo_`):
//! - `http_requests_total{method, route, status}` and `http_request_duration_seconds{method,
//!   route}` (a histogram): per route TEMPLATE (`/patients/{patient}`), never the path;
//!   requests no route matched are counted under `route="unmatched"`;
//! - `db_pool_connections`, `db_pool_idle_connections`, `db_pool_max_connections`;
//! - `mail_outbox_waiting` (not delivered yet) and `mail_outbox_failing` (of those, the ones
//!   whose last attempt failed), counted in the database, so every server reports the same;
//! - `audit_lag_seconds`: how long the oldest read-audit entry not yet committed has waited
//!   (changes write their entry in their own transaction, so they add none, and so does the
//!   read a session log or a check-in begins with, written in that change's transaction);
//! - `audit_commit_duration_seconds` (a histogram) and `audit_entries_committed_total`: the
//!   read-audit writer's transactions, the one database transaction the application times
//!   itself (connected by [`watch_audit_commits`]);
//! - `db_query_duration_seconds{kind}` (a histogram): every statement the store runs, by kind
//!   (`select`, `insert`, `update`, `delete`, `transaction`, `other`), fed by
//!   [`record_query`] from the binary's tracing layer; kept only while metrics are served;
//! - `db_commit_duration_seconds` (a histogram) and `db_changes_committed_total`: every commit
//!   of changes (on SQLite one commit holds every change that was waiting — group commit — so
//!   changes over commits is the group size);
//! - `video_rooms_open` and `video_sockets_open`;
//! - `draining` (1 while the server stops) and `scrape_errors_total`.
//!
//! Access: `/metrics` is not a route of the application. `tendo serve --metrics-listen ADDR`
//! serves it on a listener of its own (off by default), meant for a loopback or private
//! address that only the monitoring system reaches. Nothing in it names a person: labels are
//! methods, route templates and status codes.

use std::sync::atomic::AtomicU64;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::{Registry, Unit};

use crate::state::AppState;

/// The content type of the `OpenMetrics` text format.
const OPENMETRICS: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// How long a scrape waits for the database's counts.
const DATABASE_COUNTS: Duration = Duration::from_secs(2);

/// The label of requests no route matched.
const UNMATCHED: &str = "unmatched";

/// Latency buckets, in seconds: from a cached page to a slow PDF.
const LATENCY_BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// A request's labels.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

/// A route's labels.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

/// A statement's labels: its kind only, so the family stays small.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct QueryLabels {
    kind: &'static str,
}

/// The statements' durations, for the whole process: the tracing layer that feeds them is
/// process-wide too.
static QUERY_DURATIONS: std::sync::LazyLock<QueryFamily> =
    std::sync::LazyLock::new(|| Family::new_with_constructor(latency_histogram));

/// Histograms by statement kind.
type QueryFamily = Family<QueryLabels, Histogram, fn() -> Histogram>;

/// Records one statement that took `seconds`, by its first word (`SELECT …`): called by the
/// binary's tracing layer for each query event of the store.
pub fn record_query(statement: &str, seconds: f64) {
    let first = statement
        .trim_start()
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    let kind = match first.to_ascii_lowercase().as_str() {
        "select" | "with" => "select",
        "insert" => "insert",
        "update" => "update",
        "delete" => "delete",
        "begin" | "commit" | "rollback" | "savepoint" | "release" => "transaction",
        _ => "other",
    };
    QUERY_DURATIONS
        .get_or_create(&QueryLabels { kind })
        .observe(seconds);
}

fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS)
}

/// The metrics of one server.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    durations: Family<RouteLabels, Histogram, fn() -> Histogram>,
    pool_open: Gauge,
    pool_idle: Gauge,
    pool_max: Gauge,
    outbox_waiting: Gauge,
    outbox_failing: Gauge,
    audit_lag: Gauge<f64, AtomicU64>,
    audit_commits: Histogram,
    audit_entries: Counter,
    db_commits: Histogram,
    db_changes: Counter,
    video_rooms: Gauge,
    video_sockets: Gauge,
    draining: Gauge,
    scrape_errors: Counter,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("tendo");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "Requests answered, by method, route template and status",
            requests.clone(),
        );
        let durations = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        registry.register_with_unit(
            "http_request_duration",
            "Time to answer a request, by method and route template",
            Unit::Seconds,
            durations.clone(),
        );
        let gauge = |registry: &mut Registry, name: &str, help: &str| {
            let gauge = Gauge::default();
            registry.register(name, help, gauge.clone());
            gauge
        };
        let pool_open = gauge(
            &mut registry,
            "db_pool_connections",
            "Database connections open (in use or idle)",
        );
        let pool_idle = gauge(
            &mut registry,
            "db_pool_idle_connections",
            "Database connections open and idle",
        );
        let pool_max = gauge(
            &mut registry,
            "db_pool_max_connections",
            "The most database connections the pool opens",
        );
        let outbox_waiting = gauge(
            &mut registry,
            "mail_outbox_waiting",
            "Messages in the outbox not delivered yet",
        );
        let outbox_failing = gauge(
            &mut registry,
            "mail_outbox_failing",
            "Messages not delivered yet whose last delivery attempt failed",
        );
        let audit_lag = Gauge::<f64, AtomicU64>::default();
        registry.register_with_unit(
            "audit_lag",
            "Age of the oldest read-audit entry not yet committed (0 when none waits)",
            Unit::Seconds,
            audit_lag.clone(),
        );
        let audit_commits = Histogram::new(LATENCY_BUCKETS);
        registry.register_with_unit(
            "audit_commit_duration",
            "Time to commit one batch of read-audit entries",
            Unit::Seconds,
            audit_commits.clone(),
        );
        let audit_entries = Counter::default();
        registry.register(
            "audit_entries_committed",
            "Read-audit entries committed by their writer (the read a session log or check-in begins with commits with the change)",
            audit_entries.clone(),
        );
        registry.register_with_unit(
            "db_query_duration",
            "Time to run one database statement, by kind (served while metrics are on)",
            Unit::Seconds,
            QUERY_DURATIONS.clone(),
        );
        let db_commits = Histogram::new(LATENCY_BUCKETS);
        registry.register_with_unit(
            "db_commit_duration",
            "Time to commit changes to the database, one observation per commit",
            Unit::Seconds,
            db_commits.clone(),
        );
        let db_changes = Counter::default();
        registry.register(
            "db_changes_committed",
            "Changes made durable (one commit may hold several)",
            db_changes.clone(),
        );
        let video_rooms = gauge(
            &mut registry,
            "video_rooms_open",
            "Video rooms with someone in them on this server",
        );
        let video_sockets = gauge(
            &mut registry,
            "video_sockets_open",
            "Video signalling sockets open on this server",
        );
        let draining = gauge(
            &mut registry,
            "draining",
            "1 while the server is stopping, else 0",
        );
        let scrape_errors = Counter::default();
        registry.register(
            "scrape_errors",
            "Scrapes whose database counts could not be read",
            scrape_errors.clone(),
        );
        Metrics {
            registry,
            requests,
            durations,
            pool_open,
            pool_idle,
            pool_max,
            outbox_waiting,
            outbox_failing,
            audit_lag,
            audit_commits,
            audit_entries,
            db_commits,
            db_changes,
            video_rooms,
            video_sockets,
            draining,
            scrape_errors,
        }
    }
}

fn gauge_value(value: impl TryInto<i64>) -> i64 {
    value.try_into().unwrap_or(i64::MAX)
}

impl Metrics {
    /// Counts one answered request and its time under its route template.
    fn observe(&self, method: &str, route: &str, status: StatusCode, elapsed: Duration) {
        self.requests
            .get_or_create(&RequestLabels {
                method: method.to_string(),
                route: route.to_string(),
                status: status.as_u16(),
            })
            .inc();
        self.durations
            .get_or_create(&RouteLabels {
                method: method.to_string(),
                route: route.to_string(),
            })
            .observe(elapsed.as_secs_f64());
    }

    /// Reads the gauges' current values (the pool, the outbox, the audit lag, the video
    /// rooms) and writes every family in the `OpenMetrics` text format.
    pub async fn scrape(&self, state: &AppState) -> String {
        let pool = tendo_app::operations::pool_status(&state.app);
        self.pool_open.set(i64::from(pool.open));
        self.pool_idle.set(i64::from(pool.idle));
        self.pool_max.set(i64::from(pool.max));
        match tokio::time::timeout(
            DATABASE_COUNTS,
            tendo_app::operations::outbox_status(&state.app),
        )
        .await
        {
            Ok(Ok(outbox)) => {
                self.outbox_waiting.set(gauge_value(outbox.waiting));
                self.outbox_failing.set(gauge_value(outbox.failing));
            }
            Ok(Err(error)) => {
                tracing::warn!(%error, "metrics: the outbox could not be counted");
                self.scrape_errors.inc();
            }
            Err(_) => {
                tracing::warn!("metrics: counting the outbox took over 2 seconds");
                self.scrape_errors.inc();
            }
        }
        self.audit_lag
            .set(tendo_app::operations::audit_lag(&state.app).as_secs_f64());
        self.video_rooms
            .set(gauge_value(crate::booking::open_rooms()));
        self.video_sockets
            .set(gauge_value(crate::booking::open_sockets()));
        self.draining.set(i64::from(state.web.ops.is_draining()));
        let mut text = String::new();
        if let Err(error) = prometheus_client::encoding::text::encode(&mut text, &self.registry) {
            tracing::error!(%error, "metrics: encoding failed");
        }
        text
    }
}

/// The method as a label: the standard ones by name, anything else a client invents as
/// `other`, so that no client can grow the number of series without bound.
fn method_label(method: &Method) -> &'static str {
    match method.as_str() {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "OPTIONS" => "OPTIONS",
        _ => "other",
    }
}

/// Times every commit of the read-audit writer of `state`'s application into `state`'s
/// metrics (once per application; a second call changes nothing).
pub fn watch_audit_commits(state: &AppState) {
    let ops = state.web.ops.clone();
    tendo_app::operations::observe_audit_commits(
        &state.app,
        Box::new(move |took: Duration, entries: usize| {
            let metrics = ops.metrics();
            metrics.audit_commits.observe(took.as_secs_f64());
            metrics
                .audit_entries
                .inc_by(u64::try_from(entries).unwrap_or(u64::MAX));
        }),
    );
}

/// Times every commit of changes to the database of `state`'s application into `state`'s
/// metrics (once per application; a second call changes nothing).
pub fn watch_database_commits(state: &AppState) {
    let ops = state.web.ops.clone();
    tendo_app::operations::observe_database_commits(
        &state.app,
        Box::new(move |took: Duration, changes: usize| {
            let metrics = ops.metrics();
            metrics.db_commits.observe(took.as_secs_f64());
            metrics
                .db_changes
                .inc_by(u64::try_from(changes).unwrap_or(u64::MAX));
        }),
    );
}

/// Middleware: counts every request and times it, under the route template axum matched.
pub async fn record(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(request.method()).to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| UNMATCHED.to_string(), |path| path.as_str().to_string());
    let response = next.run(request).await;
    state
        .web
        .ops
        .metrics()
        .observe(&method, &route, response.status(), started.elapsed());
    response
}

/// `GET /metrics`.
pub async fn serve_metrics(State(state): State<AppState>) -> Response {
    let text = state.web.ops.metrics().scrape(&state).await;
    (
        [
            (header::CONTENT_TYPE, OPENMETRICS),
            (header::CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response()
}

/// The metrics listener's router: `/metrics`, and `/healthz` for checking the listener.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(serve_metrics))
        .route("/healthz", get(crate::health))
        .with_state(state)
}

/// Serves [`router`] on `listener` until the task is stopped.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(listener, router(state)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invented_methods_share_one_label() {
        assert_eq!(method_label(&Method::GET), "GET");
        assert_eq!(method_label(&Method::DELETE), "DELETE");
        let invented = Method::from_bytes(b"BREW").unwrap_or(Method::TRACE);
        assert_eq!(method_label(&invented), "other");
    }
}
