//! Running a server an operator can watch and stop: the log format, the metrics listener, and
//! the graceful shutdown.
//!
//! On SIGTERM or Ctrl-C: `/readyz` answers 503 at once; after `--shutdown-drain` (time for a
//! load balancer's checks to notice) the listener stops taking connections, the requests in
//! flight finish and the video sockets are closed with code 1001; the process exits 0 once all
//! of that is done, or after `--shutdown-grace` at the latest. A second signal skips the drain.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;
use clap::{Args, ValueEnum};
use tendo_web::state::AppState;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

/// How log lines are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Lines for people.
    #[default]
    Text,
    /// One JSON object a line, with the request's id, method and route template on each line of
    /// a request.
    Json,
}

/// The operator's options of `tendo serve`.
#[derive(Debug, Clone, Args)]
pub struct OperationsArgs {
    /// How log lines are written; `RUST_LOG` chooses the level (default `info`).
    #[arg(long, env = "TENDO_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// Serve `/metrics` for Prometheus on this address, e.g. `127.0.0.1:9090`; off by
    /// default. Give a loopback or private address only the monitoring system reaches.
    #[arg(long, env = "TENDO_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,
    /// On SIGTERM or Ctrl-C, how long `/readyz` reports unready before the listener stops, so a
    /// load balancer moves away first (`5s`, `500ms`, `0s`).
    #[arg(long, env = "TENDO_SHUTDOWN_DRAIN", default_value = "5s", value_parser = parse_duration)]
    pub shutdown_drain: Duration,
    /// Then, the longest wait for requests in flight and video sockets to finish before the
    /// process exits anyway.
    #[arg(long, env = "TENDO_SHUTDOWN_GRACE", default_value = "10s", value_parser = parse_duration)]
    pub shutdown_grace: Duration,
}

impl Default for OperationsArgs {
    fn default() -> Self {
        OperationsArgs {
            log_format: LogFormat::Text,
            metrics_listen: None,
            shutdown_drain: Duration::from_secs(5),
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// Reads a duration such as `10s`, `500ms` or `1m 30s`.
fn parse_duration(text: &str) -> Result<Duration, String> {
    let signed: jiff::SignedDuration = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a duration: write it as 10s, 500ms or 1m 30s"))?;
    Duration::try_from(signed).map_err(|_| format!("`{text}` is negative"))
}

/// Starts the logger in `format`; `RUST_LOG` chooses the level (default `info`). With
/// `query_timings` (metrics are served), every statement's duration also goes to `/metrics`,
/// read from the store's per-statement events whatever the log level.
pub fn init_logging(format: LogFormat, query_timings: bool) {
    use tracing_subscriber::Layer;
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;

    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let text = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    let logs = match format {
        LogFormat::Text => text.boxed(),
        LogFormat::Json => text
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .boxed(),
    };
    let timings = query_timings.then(|| {
        QueryTimings.with_filter(tracing_subscriber::filter::Targets::new().with_target(
            tendo_store_sql::db::QUERY_EVENT_TARGET,
            tracing::Level::DEBUG,
        ))
    });
    let _ = tracing_subscriber::registry()
        .with(logs.with_filter(filter))
        .with(timings)
        .try_init();
}

/// Feeds `/metrics` with the duration of each statement from the store's query events
/// (their `summary` and `elapsed_secs` fields; the statement's parameters are never in them).
struct QueryTimings;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for QueryTimings {
    fn on_event(
        &self,
        event: &tracing::Event<'_>,
        _context: tracing_subscriber::layer::Context<'_, S>,
    ) {
        let mut fields = QueryFields::default();
        event.record(&mut fields);
        if let Some(seconds) = fields.seconds {
            tendo_web::ops::metrics::record_query(&fields.summary, seconds);
        }
    }
}

/// The two fields of a query event the timings need.
#[derive(Default)]
struct QueryFields {
    summary: String,
    seconds: Option<f64>,
}

impl tracing::field::Visit for QueryFields {
    fn record_f64(&mut self, field: &tracing::field::Field, value: f64) {
        if field.name() == "elapsed_secs" {
            self.seconds = Some(value);
        }
    }

    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == "summary" {
            // The first word is all the metric keeps.
            self.summary = value.chars().take(16).collect();
        }
    }

    fn record_debug(&mut self, _field: &tracing::field::Field, _value: &dyn std::fmt::Debug) {}
}

/// Waits for SIGTERM or Ctrl-C.
async fn stop_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

/// Runs the web app on every one of `listeners` (and `/metrics` on its own listener if asked)
/// until a stop signal, then stops gracefully as the module says.
pub async fn run(
    listeners: Vec<TcpListener>,
    state: AppState,
    options: &OperationsArgs,
) -> anyhow::Result<()> {
    let (stop, stopped) = watch::channel(false);
    let when_stopped = |mut stopped: watch::Receiver<bool>| async move {
        let _ = stopped.wait_for(|stop| *stop).await;
    };
    let metrics = match options.metrics_listen {
        Some(address) => {
            let metrics_listener = TcpListener::bind(address)
                .await
                .with_context(|| format!("cannot listen for metrics on {address}"))?;
            tracing::info!(address = %metrics_listener.local_addr()?, "metrics are served at /metrics");
            // Served until the very end, so the drain itself can be watched.
            Some(tokio::spawn(tendo_web::ops::metrics::serve(
                metrics_listener,
                state.clone(),
            )))
        }
        None => None,
    };
    let ops = state.web.ops.clone();
    // One server per listener, all stopped by the same signal; the first error ends them all.
    let mut serving = JoinSet::new();
    for listener in listeners {
        serving.spawn(tendo_web::serve(
            listener,
            state.clone(),
            when_stopped(stopped.clone()),
        ));
    }
    let mut server = tokio::spawn(async move {
        while let Some(served) = serving.join_next().await {
            served.context("a listener's task failed")??;
        }
        anyhow::Ok(())
    });
    tokio::select! {
        result = &mut server => {
            // The server ended without being asked: an error on a listener.
            result.context("the server task failed")??;
            return Ok(());
        }
        () = stop_signal() => {}
    }
    ops.start_draining();
    tracing::info!(
        drain_ms = options.shutdown_drain.as_millis(),
        "stopping: /readyz now answers 503; new connections are taken until the drain ends"
    );
    tokio::select! {
        () = tokio::time::sleep(options.shutdown_drain) => {}
        () = stop_signal() => tracing::info!("second stop signal: skipping the drain"),
    }
    let _ = stop.send(true);
    tracing::info!(
        grace_ms = options.shutdown_grace.as_millis(),
        "no longer accepting connections; finishing requests in flight and closing video rooms"
    );
    let finish = async {
        let (served, ()) =
            tokio::join!(&mut server, tendo_web::booking::close_rooms_for_shutdown());
        served
    };
    match tokio::time::timeout(options.shutdown_grace, finish).await {
        Ok(served) => served.context("the server task failed")??,
        Err(_) => {
            tracing::warn!(
                grace_ms = options.shutdown_grace.as_millis(),
                "requests or video sockets still open after the grace period were cut off"
            );
            server.abort();
        }
    }
    if let Some(metrics) = metrics {
        metrics.abort();
    }
    Ok(())
}
