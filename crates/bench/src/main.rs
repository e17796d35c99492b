//! `tendo-bench`: starts the real `tendo serve` on loopback on an existing or fresh database,
//! measures each endpoint with a closed-loop load generator (and a bare handler that returns a
//! constant, as this machine's ceiling), and prints requests per second, p50/p99/p99.9 latency
//! and the server's peak memory. Bounded in requests and time; loopback only.

mod fixture;
mod load;
mod report;
mod scenarios;
mod server;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;
use serde::Serialize;

use crate::load::Load;
use crate::report::Row;

/// Options.
#[derive(Debug, Parser)]
#[command(
    name = "tendo-bench",
    about = "Load benchmark of the real Tendo server on loopback"
)]
struct Args {
    /// The `tendo` binary to measure (build it with `--release`).
    #[arg(long, default_value = "target/release/tendo")]
    tendo: PathBuf,
    /// The SQLite data directory to serve.
    #[arg(long, default_value = "target/bench-data")]
    data_dir: PathBuf,
    /// A `postgres://` URL to serve instead of SQLite.
    #[arg(long)]
    database_url: Option<String>,
    /// Concurrent connections.
    #[arg(long, default_value_t = 64)]
    connections: usize,
    /// The longest each endpoint is measured, in seconds.
    #[arg(long, default_value_t = 8)]
    seconds: u64,
    /// The most requests sent to each endpoint.
    #[arg(long, default_value_t = 200_000)]
    max_requests: u64,
    /// Also write the results as JSON to this file.
    #[arg(long)]
    json: Option<PathBuf>,
}

#[derive(Serialize)]
struct Results {
    backend: String,
    connections: usize,
    ceiling_requests_per_second: f64,
    peak_memory_bytes: Option<u64>,
    rows: Vec<Row>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let database: Vec<String> = match &args.database_url {
        Some(url) => vec!["--database-url".into(), url.clone()],
        None => vec!["--data-dir".into(), args.data_dir.display().to_string()],
    };
    let location = tendo_store_sql::Location::choose(args.database_url.as_deref(), &args.data_dir)?;
    let store = tendo_store_sql::open(&location).await?;
    let scenarios = scenarios::prepare(&*store).await?;
    let server = server::Server::start(&args.tendo, &database)?;
    let load = Load {
        connections: args.connections,
        duration: Duration::from_secs(args.seconds),
        max_requests: args.max_requests,
    };

    eprintln!("tendo-bench: measuring the bare handler (ceiling)");
    let ceiling = load::run(
        "bare handler (GET /healthz)",
        server.address,
        Arc::new(vec![load::Prepared::get("/healthz", Vec::new())]),
        load,
    )
    .await?;
    let ceiling_rate = ceiling.rate();
    let mut rows = vec![Row::of(&ceiling, ceiling_rate)];
    for scenario in scenarios {
        eprintln!("tendo-bench: measuring {}", scenario.name);
        let measured = load::run(
            &scenario.name,
            server.address,
            Arc::new(scenario.requests),
            load,
        )
        .await?;
        rows.push(Row::of(&measured, ceiling_rate));
    }
    let peak = server.peak_memory();
    server.stop();

    let results = Results {
        backend: store.backend().into(),
        connections: args.connections,
        ceiling_requests_per_second: ceiling_rate,
        peak_memory_bytes: peak,
        rows,
    };
    println!(
        "Backend {}, {} connections, at most {} s or {} requests per endpoint.\n",
        results.backend, args.connections, args.seconds, args.max_requests
    );
    print!("{}", report::markdown(&results.rows));
    if let Some(peak) = peak {
        println!(
            "\nServer peak memory (VmHWM): {:.1} MiB",
            peak as f64 / 1_048_576.0
        );
    }
    if let Some(path) = &args.json {
        std::fs::write(path, serde_json::to_string_pretty(&results)?)?;
    }
    Ok(())
}
