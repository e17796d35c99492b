//! `tendo demo generate`: fills a fresh SQLite or PostgreSQL database with generated clinics at
//! a chosen scale (for performance runs), with a progress bar.

use std::sync::Arc;
use std::time::Instant;

use anyhow::bail;
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use jiff::Timestamp;
use tendo_app::demo::bulk::{BulkProgress, BulkScale, BulkSummary, generate_bulk};

use crate::server::DatabaseArgs;

/// The preset scales.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Preset {
    /// 1 clinic, 5 clinicians, 100 patients, a year of history each.
    Small,
    /// 1 clinic, 200 clinicians, 20,000 patients, a year each, and reference patients with a
    /// thousand and a million logs.
    Large,
}

/// Options of `tendo demo generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Where to write: `--data-dir` (SQLite) or `--database-url` (PostgreSQL). The database
    /// must hold no clinic yet.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The preset to start from; the options below change parts of it.
    #[arg(long, value_enum, default_value_t = Preset::Small)]
    pub scale: Preset,
    /// Clinics.
    #[arg(long)]
    pub clinics: Option<usize>,
    /// Clinicians per clinic (every third is a massage therapist).
    #[arg(long)]
    pub clinicians: Option<usize>,
    /// Patients per clinic.
    #[arg(long)]
    pub patients: Option<usize>,
    /// Days of history before today.
    #[arg(long)]
    pub days: Option<u32>,
    /// Add two reference patients to the first clinic, with about 1,000 logs and about this
    /// many (0 for none).
    #[arg(long)]
    pub heavy_logs: Option<u64>,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

impl GenerateArgs {
    /// The scale asked for, checked.
    pub fn scale(&self) -> anyhow::Result<BulkScale> {
        let preset = match self.scale {
            Preset::Small => BulkScale::SMALL,
            Preset::Large => BulkScale::LARGE,
        };
        let scale = BulkScale {
            clinics: self.clinics.unwrap_or(preset.clinics),
            clinicians_per_clinic: self.clinicians.unwrap_or(preset.clinicians_per_clinic),
            patients_per_clinic: self.patients.unwrap_or(preset.patients_per_clinic),
            days: self.days.unwrap_or(preset.days),
            heavy_logs: self.heavy_logs.unwrap_or(preset.heavy_logs),
        };
        if !(1..=100).contains(&scale.clinics) {
            bail!("--clinics: expected 1 to 100, got {}", scale.clinics);
        }
        if !(1..=1_000).contains(&scale.clinicians_per_clinic) {
            bail!(
                "--clinicians: expected 1 to 1,000 per clinic, got {}",
                scale.clinicians_per_clinic
            );
        }
        if scale.patients_per_clinic > 200_000 {
            bail!(
                "--patients: expected at most 200,000 per clinic, got {}",
                scale.patients_per_clinic
            );
        }
        if !(7..=3_660).contains(&scale.days) {
            bail!("--days: expected 7 to 3,660, got {}", scale.days);
        }
        if scale.heavy_logs > 20_000_000 {
            bail!(
                "--heavy-logs: expected at most 20,000,000, got {}",
                scale.heavy_logs
            );
        }
        Ok(scale)
    }
}

/// Runs `tendo demo generate`.
pub async fn run(args: GenerateArgs) -> anyhow::Result<()> {
    let scale = args.scale()?;
    let store = args.database.open().await?;
    if !store.clinics().await?.is_empty() {
        bail!(
            "the database already holds clinics; generate into a fresh data directory \
             (--data-dir) or an empty PostgreSQL database (--database-url)"
        );
    }
    let bar = if args.quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(1)
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{wide_bar}] {pos}/{len} patients, {msg} (eta {eta})",
        )?
        .progress_chars("=> "),
    );
    let started = Instant::now();
    let shown = bar.clone();
    let progress = move |step: &BulkProgress| {
        shown.set_length(step.patients_total.max(1));
        shown.set_position(step.patients_done);
        let rate = step.rows_written as f64 / started.elapsed().as_secs_f64().max(0.001);
        shown.set_message(format!("{} rows ({:.0} rows/s)", step.rows_written, rate));
    };
    let summary = generate_bulk(Arc::clone(&store), &scale, Timestamp::now(), &progress).await?;
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        print!("{}", report(&summary, store.backend(), seconds));
    }
    Ok(())
}

/// What `tendo demo generate` prints.
pub fn report(summary: &BulkSummary, backend: &str, seconds: f64) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let scale = &summary.scale;
    let _ = writeln!(
        out,
        "Generated on {backend} in {seconds:.0} s: {} clinic(s) of {} clinicians, {} patients \
         with up to {} days of history.",
        scale.clinics, scale.clinicians_per_clinic, summary.patients, scale.days
    );
    let _ = writeln!(
        out,
        "{} logs, {} plan versions, {} rows in all ({:.0} rows/s).",
        summary.logs,
        summary.plan_versions,
        summary.rows,
        summary.rows as f64 / seconds.max(0.001)
    );
    for (email, logs) in &summary.reference_patients {
        let _ = writeln!(out, "Reference patient {email}: {logs} logs.");
    }
    let _ = writeln!(
        out,
        "\nEvery account's password: {}\nSome logins:",
        summary.password
    );
    for login in &summary.logins {
        let _ = writeln!(
            out,
            "  {:<10} {:<32} {}",
            login.role.as_str(),
            login.email,
            login.name
        );
    }
    out
}
