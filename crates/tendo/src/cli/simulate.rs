//! `tendo simulate`: runs simulated patients through the application's services and prints
//! their outcomes by scenario, and any safety invariant a journey broke.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use anyhow::bail;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use tendo_app::simulate::{self, Scenario};
use tendo_store::Store;

use super::{Format, emit};

/// Options of `tendo simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Journeys to run; each lasts 12 to 26 simulated weeks.
    #[arg(long, default_value_t = 400)]
    journeys: usize,
    /// The first seed: journey `i` uses seed + i, so a run is repeated exactly.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Only this scenario (repeat for several): steady, flare-week-3, slow, non-adherent,
    /// red-flag-week-5, insertional, hamstring-failed-load-test, non-responder.
    #[arg(long = "scenario", value_parser = parse_scenario)]
    scenarios: Vec<Scenario>,
    /// Databases the journeys are spread over, one worker each (default: the cores).
    #[arg(long)]
    workers: Option<usize>,
    /// Journeys each worker runs side by side on its database (1 to 64): they share its
    /// commits, so more lanes run faster until the cores are busy.
    #[arg(long, default_value_t = 64)]
    lanes: usize,
    /// How to print the result.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
}

fn parse_scenario(text: &str) -> Result<Scenario, String> {
    Scenario::parse(text).ok_or_else(|| {
        let known: Vec<&str> = Scenario::ALL.iter().map(|scenario| scenario.id()).collect();
        format!("expected one of {}, got `{text}`", known.join(", "))
    })
}

/// Runs `tendo simulate`.
pub async fn run(args: SimulateArgs) -> anyhow::Result<()> {
    if !(1..=100_000).contains(&args.journeys) {
        bail!(super::InputError {
            field: "--journeys".into(),
            problem: format!("expected 1 to 100000 journeys, got {}", args.journeys),
        });
    }
    if !(1..=64).contains(&args.lanes) {
        bail!(super::InputError {
            field: "--lanes".into(),
            problem: format!("expected 1 to 64 lanes, got {}", args.lanes),
        });
    }
    let workers = args
        .workers
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, usize::from))
        .clamp(1, 32);
    let root = scratch_dir();
    let mut stores: Vec<Arc<dyn Store>> = Vec::new();
    for worker in 0..workers {
        let dir = root.join(format!("worker-{worker}"));
        // Throwaway databases: commits are not synced one by one (see `open_scratch`).
        stores.push(Arc::new(
            tendo_store_sql::SqliteStore::open_scratch(&dir).await?,
        ));
    }
    let bar = if args.quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(args.journeys as u64)
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{wide_bar}] {pos}/{len} journeys (eta {eta})",
        )?
        .progress_chars("=> "),
    );
    let shown = bar.clone();
    let started = Instant::now();
    let result = simulate::run(
        stores,
        args.lanes,
        &args.scenarios,
        args.journeys,
        args.seed,
        Arc::new(move || shown.inc(1)),
    )
    .await;
    bar.finish_and_clear();
    let _ = std::fs::remove_dir_all(&root);
    let report = result?;
    emit(args.format, &report, || {
        format!(
            "{}Simulated {} journeys in {:.1} s on {workers} worker(s) of {} lane(s), seed {}.\n",
            report.table(),
            report.journeys,
            started.elapsed().as_secs_f64(),
            args.lanes,
            args.seed
        )
    })?;
    if let Some(failure) = report.first_failure() {
        bail!("a journey broke a safety invariant:\n{failure}");
    }
    Ok(())
}

/// A fresh directory for the simulation's databases, removed when it ends.
fn scratch_dir() -> PathBuf {
    let stamp = jiff::Timestamp::now().as_nanosecond();
    std::env::temp_dir().join(format!("tendo-simulate-{}-{stamp}", std::process::id()))
}
