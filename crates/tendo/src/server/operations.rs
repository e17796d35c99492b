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

/// Starts the logger in `format`; `RUST_LOG` chooses the level (default `info`).
pub fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
    };
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

/// Runs the web app on `listener` (and `/metrics` on its own listener if asked) until a stop
/// signal, then stops gracefully as the module says.
pub async fn run(
    listener: TcpListener,
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
    let mut server = tokio::spawn(tendo_web::serve(
        listener,
        state,
        when_stopped(stopped.clone()),
    ));
    tokio::select! {
        result = &mut server => {
            // The server ended without being asked: an error on the listener.
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
