//! `tendo-bench`: starts the real `tendo serve` on loopback on an existing or fresh database,
//! measures each endpoint with a closed-loop load generator (and a bare handler that returns a
//! constant, as this machine's ceiling), and prints requests per second, p50/p99/p99.9 latency
//! and the server's peak memory. Bounded in requests and time; loopback only.

mod fixture;
mod load;
mod mix;
mod report;
mod scenarios;
mod server;
mod writers;

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
    /// The SQLite data directory to serve (make one with `tendo demo generate`).
    #[arg(long, default_value = "target/bench-data")]
    data_dir: PathBuf,
    /// A `postgres://` URL to serve instead of SQLite.
    #[arg(long)]
    database_url: Option<String>,
    /// Concurrent connections.
    #[arg(long, default_value_t = 64)]
    connections: usize,
    /// The longest each endpoint is measured, in seconds.
    #[arg(long, default_value_t = 6)]
    seconds: u64,
    /// The most requests sent to each endpoint.
    #[arg(long, default_value_t = 100_000)]
    max_requests: u64,
    /// Writer patients added for this run's writes (each writes once).
    #[arg(long, default_value_t = 5_000)]
    writers: usize,
    /// Measure only the scenarios whose name contains this text (the ceiling always runs).
    #[arg(long)]
    only: Option<String>,
    /// Leave out the scenarios whose name contains this text (may be given several times).
    #[arg(long)]
    skip: Vec<String>,
    /// The longest one request may take, in seconds, before it counts as failed.
    #[arg(long, default_value_t = 10)]
    timeout: u64,
    /// Where to write the server's log.
    #[arg(long, default_value = "tendo-bench-server.log")]
    server_log: PathBuf,
    /// Leave out the mixed run.
    #[arg(long)]
    no_mix: bool,
    /// A label for the report, such as `large database`.
    #[arg(long, default_value = "")]
    label: String,
    /// Also write the results as JSON to this file.
    #[arg(long)]
    json: Option<PathBuf>,
}

#[derive(Serialize)]
struct Results {
    label: String,
    backend: String,
    connections: usize,
    seconds: u64,
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
    eprintln!("tendo-bench: signing in the people to act as");
    let cast = scenarios::cast(&*store).await?;
    eprintln!(
        "tendo-bench: adding {} writer patients for this run",
        args.writers
    );
    let mut writes = writers::prepare(store.clone(), args.writers).await?;
    let mut scenarios = scenarios::all(&*store, &cast, &mut writes).await?;
    let mix = if args.no_mix {
        None
    } else {
        Some(mix::build(&*store, &cast, &mut writes, args.max_requests as usize).await?)
    };
    if let Some(only) = &args.only {
        scenarios.retain(|scenario| scenario.name.contains(only.as_str()));
    }
    scenarios.retain(|scenario| {
        !args
            .skip
            .iter()
            .any(|skip| scenario.name.contains(skip.as_str()))
    });
    let server = server::Server::start(&args.tendo, &database, &args.server_log)?;
    let load = Load {
        once: false,
        timeout: Duration::from_secs(args.timeout),
        connections: args.connections,
        duration: Duration::from_secs(args.seconds),
        max_requests: args.max_requests,
    };

    eprintln!("tendo-bench: measuring the bare handler (ceiling)");
    let ceiling = load::run(
        &["bare handler (GET /healthz)".to_string()],
        server.address,
        Arc::new(vec![load::Prepared::get("/healthz", Vec::new())]),
        load,
    )
    .await?;
    let ceiling_rate = ceiling.first().map(load::Measurement::rate).unwrap_or(0.0);
    let mut rows: Vec<Row> = ceiling
        .iter()
        .map(|measured| Row::of("ceiling", measured, ceiling_rate))
        .collect();
    for mut scenario in scenarios {
        if scenario.revalidated {
            let requests = std::mem::take(&mut scenario.requests);
            match load::revalidating(server.address, requests).await? {
                Some(requests) => scenario.requests = requests,
                None => {
                    eprintln!(
                        "tendo-bench: leaving out {}: this server does not answer 304",
                        scenario.name
                    );
                    continue;
                }
            }
        }
        if scenario.optional && !load::answers(server.address, &scenario.requests[0]).await? {
            eprintln!(
                "tendo-bench: leaving out {}: this server does not have it",
                scenario.name
            );
            continue;
        }
        eprintln!("tendo-bench: measuring {}", scenario.name);
        let measured = load::run(
            std::slice::from_ref(&scenario.name),
            server.address,
            Arc::new(scenario.requests),
            Load {
                once: scenario.once,
                ..load
            },
        )
        .await?;
        for measured in &measured {
            let row = Row::of(scenario.group, measured, ceiling_rate);
            eprintln!("tendo-bench: {}", report::line(&row));
            rows.push(row);
        }
    }
    if let Some(mix) = mix.filter(|mix| !mix.requests.is_empty()) {
        eprintln!(
            "tendo-bench: measuring the mixed run ({} requests)",
            mix.requests.len()
        );
        let measured = load::run(
            &mix.names,
            server.address,
            Arc::new(mix.requests),
            Load { once: true, ..load },
        )
        .await?;
        rows.push(Row::total(
            "mix",
            "mixed run: all endpoints by weight",
            &measured,
            ceiling_rate,
        )?);
        rows.extend(
            measured
                .iter()
                .map(|measured| Row::of("mix", measured, ceiling_rate)),
        );
    }
    let peak = server.peak_memory();
    server.stop();

    let results = Results {
        label: args.label.clone(),
        backend: store.backend().into(),
        connections: args.connections,
        seconds: args.seconds,
        ceiling_requests_per_second: ceiling_rate,
        peak_memory_bytes: peak,
        rows,
    };
    println!(
        "{}Backend {}, {} connections, at most {} s or {} requests per endpoint.\n",
        if args.label.is_empty() {
            String::new()
        } else {
            format!("{}: ", args.label)
        },
        results.backend,
        args.connections,
        args.seconds,
        args.max_requests
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
