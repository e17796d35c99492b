//! `tendo demo` (and `tendo serve --demo`): Tendo on a fresh embedded database filled with a
//! demo clinic, printing the address and every demo login. `tendo demo --cli` prints the worked
//! example of the command-line tools instead; `tendo demo generate` fills a database with large
//! generated clinics for performance runs.

pub mod generate;

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use jiff::Timestamp;
use tendo_app::demo::{self, Demo, DemoScale};
use tendo_store::accounts::Role;
use tendo_store_sql::Location;

use crate::server::backup::{LOCK_FILE, lock_data_dir};
use crate::server::{DatabaseArgs, OperationsArgs, ServeArgs, init_logging, serve_store};

/// The file in the data directory that lists the demo's logins.
const DEMO_FILE: &str = "demo.json";

/// The files a demo data directory may hold; a directory with anything else is not wiped.
const DEMO_FILES: [&str; 5] = [
    "tendo.db",
    "tendo.db-wal",
    "tendo.db-shm",
    DEMO_FILE,
    LOCK_FILE,
];

/// The banner on every page of the demo.
const BANNER: &str = "Demo: every person and record here is made up.";

/// Options of `tendo demo`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct DemoArgs {
    /// `generate`: fill a database with large generated clinics instead.
    #[command(subcommand)]
    pub command: Option<DemoCommand>,
    /// Print a worked example of the command-line tools instead of starting the web demo.
    #[arg(long)]
    pub cli: bool,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// The data directory (default: `tendo-demo` under the system's temporary directory). It is
    /// emptied at each start unless `--keep` is given; a directory holding anything but demo data
    /// is refused.
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Keep the demo data of an earlier run in the data directory instead of starting fresh.
    #[arg(long)]
    pub keep: bool,
    /// Patients in the demo clinic.
    #[arg(long, default_value_t = 8)]
    pub patients: usize,
    /// Days of history for the patients who started longest ago.
    #[arg(long, default_value_t = 84)]
    pub days: u32,
}

/// What `tendo demo` can do besides serving the demo.
#[derive(Debug, clap::Subcommand)]
pub enum DemoCommand {
    /// Fill a fresh SQLite or PostgreSQL database with generated clinics at a chosen scale
    /// (for performance runs), with a progress bar.
    Generate(generate::GenerateArgs),
}

/// Runs `tendo demo`.
pub async fn run(args: DemoArgs) -> anyhow::Result<()> {
    let dir = args
        .data_dir
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join("tendo-demo"));
    let scale = DemoScale {
        patients_per_clinic: args.patients.max(1),
        days: args.days.clamp(7, 366),
        ..DemoScale::default()
    };
    let serve = ServeArgs {
        listen: vec![args.listen],
        base_url: None,
        trust_forwarded_for: false,
        demo: false,
        smtp_url: None,
        mail_from: "Tendo demo <no-reply@tendo.invalid>".into(),
        ice_servers: Vec::new(),
        turn_secret: None,
        database: DatabaseArgs {
            data_dir: dir.clone(),
            database_url: None,
        },
        // A demo on one's own machine has no load balancer to wait for: Ctrl-C stops at once.
        operations: OperationsArgs {
            shutdown_drain: std::time::Duration::ZERO,
            ..OperationsArgs::default()
        },
    };
    start(serve, &dir, args.keep, &scale).await
}

/// Runs `tendo serve --demo`: the demo on a fresh directory under the system's temporary
/// directory (a demo never touches the server's own data).
pub async fn serve_demo(args: ServeArgs) -> anyhow::Result<()> {
    if args.database.database_url.is_some() {
        bail!("the demo runs on a fresh embedded database: drop --database-url");
    }
    let dir = std::env::temp_dir().join("tendo-demo");
    let serve = ServeArgs {
        database: DatabaseArgs {
            data_dir: dir.clone(),
            database_url: None,
        },
        ..args
    };
    start(serve, &dir, false, &DemoScale::default()).await
}

/// Empties a demo data directory, keeping the held lock file; refuses anything else.
fn empty_demo_dir(dir: &Path) -> anyhow::Result<()> {
    let entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect();
    let foreign: Vec<&PathBuf> = entries
        .iter()
        .filter(|path| {
            let name = path
                .file_name()
                .and_then(|name| name.to_str())
                .unwrap_or("");
            !DEMO_FILES.contains(&name)
        })
        .collect();
    if !foreign.is_empty() {
        bail!(
            "{} holds files that are not demo data (such as {}); choose an empty directory \
             with --data-dir",
            dir.display(),
            foreign[0].display()
        );
    }
    let has_database = entries.iter().any(|path| path.ends_with("tendo.db"));
    let has_demo = entries.iter().any(|path| path.ends_with(DEMO_FILE));
    if has_database && !has_demo {
        bail!(
            "{} holds a Tendo database that is not a demo; the demo will not replace it",
            dir.display()
        );
    }
    for path in entries {
        if !path.ends_with(LOCK_FILE) {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    Ok(())
}

async fn start(serve: ServeArgs, dir: &Path, keep: bool, scale: &DemoScale) -> anyhow::Result<()> {
    init_logging(
        serve.operations.log_format,
        serve.operations.metrics_listen.is_some(),
    );
    let _lock = lock_data_dir(dir)?;
    let demo_file = dir.join(DEMO_FILE);
    let kept: Option<Demo> = if keep && demo_file.exists() {
        let text = std::fs::read_to_string(&demo_file)
            .with_context(|| format!("cannot read {}", demo_file.display()))?;
        Some(serde_json::from_str(&text).context("the demo list of logins does not read")?)
    } else {
        empty_demo_dir(dir)?;
        None
    };
    let store = tendo_store_sql::open(&Location::DataDir(dir.to_path_buf()))
        .await
        .with_context(|| format!("opening the demo database in {}", dir.display()))?;
    let demo = match kept {
        Some(demo) => demo,
        None => {
            eprintln!("tendo: making the demo clinic in {} …", dir.display());
            let demo = demo::generate(store.clone(), scale, Timestamp::now()).await?;
            std::fs::write(&demo_file, serde_json::to_string_pretty(&demo)?)
                .with_context(|| format!("cannot write {}", demo_file.display()))?;
            demo
        }
    };
    let dir_text = dir.display().to_string();
    serve_store(serve, store, Some(BANNER.into()), move |address| {
        println!("{}", welcome(address, &demo, &dir_text));
    })
    .await
}

/// What `tendo demo` prints: the address, then every login by role, with what it shows.
pub fn welcome(address: &str, demo: &Demo, dir: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\nTendo demo is running at {address}\n");
    let _ = writeln!(out, "Every demo account's password: {}\n", demo.password);
    for clinic in &demo.clinics {
        let _ = writeln!(out, "{}", clinic.name);
        if !clinic.slug.is_empty() {
            let _ = writeln!(
                out,
                "\n  Book as a visitor (no account needed to look): {address}/c/{}",
                clinic.slug
            );
        }
        for (role, heading) in [
            (Role::Patient, "Patients"),
            (Role::Clinician, "Clinicians"),
            (Role::Admin, "Administrator"),
        ] {
            let _ = writeln!(out, "\n  {heading}:");
            for login in clinic.logins.iter().filter(|login| login.role == role) {
                let _ = writeln!(out, "    {:<32} {}", login.email, login.name);
                let wrapped = textwrap::wrap(&login.shows, 56);
                for line in wrapped {
                    let _ = writeln!(out, "    {:<32} {line}", "");
                }
            }
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "The data lives in {dir} and is made afresh at each start (--keep keeps it).\n\
         Stop the demo with Ctrl-C. `tendo demo --cli` shows the command-line tools instead."
    );
    out
}
