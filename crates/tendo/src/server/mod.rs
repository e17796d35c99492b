//! Running Tendo: `serve`, `migrate`, `admin`, `backup` and `restore`.

pub mod admin;
pub mod backup;
pub mod operations;

pub use operations::{OperationsArgs, init_logging};

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use tendo_app::{App, Settings};
use tendo_store::Store;
use tendo_store_sql::Location;
use tendo_web::state::{AppState, WebConfig};
use tokio::net::TcpListener;

/// Where the data is: shared by every command that opens the database.
#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// The directory of the embedded SQLite database (created if missing).
    #[arg(long, env = "TENDO_DATA_DIR", default_value = "./tendo-data")]
    pub data_dir: PathBuf,
    /// A `postgres://` URL to use PostgreSQL instead of SQLite (for several app servers).
    #[arg(long, env = "TENDO_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
}

impl DatabaseArgs {
    /// Where the database is.
    pub fn location(&self) -> anyhow::Result<Location> {
        Ok(Location::choose(
            self.database_url.as_deref(),
            &self.data_dir,
        )?)
    }

    /// Opens the database and runs its migrations.
    pub async fn open(&self) -> anyhow::Result<Arc<dyn Store>> {
        let location = self.location()?;
        tendo_store_sql::open(&location)
            .await
            .with_context(|| match &location {
                Location::DataDir(dir) => format!("opening the database in {}", dir.display()),
                Location::Postgres(url) => {
                    format!("opening {}", tendo_store_sql::redact(url))
                }
            })
    }
}

/// Options of `tendo serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// The address to listen on; repeat it (or separate with commas) to listen on several, such
    /// as loopback and one private address, never all of them. The first is the one links use
    /// unless --base-url says otherwise.
    #[arg(
        long,
        env = "TENDO_LISTEN",
        default_value = "127.0.0.1:8080",
        value_delimiter = ','
    )]
    pub listen: Vec<SocketAddr>,
    /// The address people reach Tendo at, for links in emails (default: from --listen).
    #[arg(long, env = "TENDO_BASE_URL")]
    pub base_url: Option<String>,
    /// Trust `X-Forwarded-For` for client addresses (only behind one reverse proxy): its last
    /// entry, the one the proxy wrote, when it is an IP address.
    #[arg(long, env = "TENDO_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,
    /// Send mail (confirmations, reminders, invitations) through this SMTP server,
    /// `smtp://host:port`; without it, people read their messages in the app.
    #[arg(long, env = "TENDO_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The sender address of that mail.
    #[arg(
        long,
        env = "TENDO_MAIL_FROM",
        default_value = "Tendo <no-reply@tendo.invalid>"
    )]
    pub mail_from: String,
    /// A STUN or TURN server for video consultations (repeat for several); none by default,
    /// so browsers connect over the addresses they have.
    #[arg(long = "ice-server", env = "TENDO_ICE_SERVERS", value_delimiter = ',')]
    pub ice_servers: Vec<String>,
    /// The secret shared with the TURN relay (coturn's `static-auth-secret`, with
    /// `use-auth-secret`): each video page then carries a login for the `turn:`/`turns:`
    /// servers that expires an hour after the appointment. Never logged.
    #[arg(
        long,
        env = "TENDO_TURN_SECRET",
        hide_env_values = true,
        value_parser = turn_secret
    )]
    pub turn_secret: Option<tendo_web::booking::turn::TurnSecret>,
    /// Start on a fresh embedded database filled with a demo clinic, as `tendo demo` does (the
    /// demo lives under the system's temporary directory, never in --data-dir).
    #[arg(long)]
    pub demo: bool,
    #[command(flatten)]
    pub database: DatabaseArgs,
    #[command(flatten)]
    pub operations: OperationsArgs,
}

/// Reads `--turn-secret`: refuses an empty one, which would let anyone mint logins.
fn turn_secret(text: &str) -> Result<tendo_web::booking::turn::TurnSecret, String> {
    if text.trim().is_empty() {
        return Err("the TURN secret is empty: give coturn's static-auth-secret".into());
    }
    Ok(tendo_web::booking::turn::TurnSecret::new(text))
}

/// The application settings for a server at `base_url`.
pub fn settings(base_url: &str) -> Settings {
    Settings {
        base_url: base_url.trim_end_matches('/').to_string(),
        ..Settings::default()
    }
}

/// Runs the web app and API until interrupted (Ctrl-C or SIGTERM), then stops gracefully (see
/// [`operations`]).
pub async fn serve(args: ServeArgs, banner: Option<String>) -> anyhow::Result<()> {
    let _lock = match args.database.location()? {
        Location::DataDir(dir) => Some(backup::lock_data_dir(&dir)?),
        Location::Postgres(_) => None,
    };
    let store = args.database.open().await?;
    serve_store(args, store, banner, |_| {}).await
}

/// Runs the web app on an opened store; `started` is told the address once listening.
pub async fn serve_store(
    args: ServeArgs,
    store: Arc<dyn Store>,
    banner: Option<String>,
    started: impl FnOnce(&str),
) -> anyhow::Result<()> {
    let mut listeners = Vec::new();
    for wanted in &args.listen {
        let listener = TcpListener::bind(wanted)
            .await
            .with_context(|| format!("cannot listen on {wanted}"))?;
        listeners.push(listener);
    }
    let addresses = listeners
        .iter()
        .map(TcpListener::local_addr)
        .collect::<Result<Vec<_>, _>>()?;
    let Some(&address) = addresses.first() else {
        anyhow::bail!("give at least one address to listen on (--listen)");
    };
    let base_url = args
        .base_url
        .clone()
        .unwrap_or_else(|| format!("http://{address}"));
    let secure_cookies = base_url.starts_with("https://");
    let app = App::new(store.clone(), settings(&base_url));
    let mailer = match &args.smtp_url {
        Some(url) => Some(tendo_app::mailer::start(
            app.clone(),
            &tendo_app::mailer::MailerConfig {
                smtp_url: url.clone(),
                from: args.mail_from.clone(),
                poll: std::time::Duration::from_secs(5),
            },
        )?),
        None => None,
    };
    let reminders = tendo_app::patient::reminders::job::start(app.clone());
    let state = AppState {
        app,
        web: Arc::new(WebConfig {
            secure_cookies,
            banner,
            trust_forwarded_for: args.trust_forwarded_for,
            video: tendo_web::booking::VideoConfig {
                ice_servers: args.ice_servers.clone(),
                turn_secret: args.turn_secret.clone(),
                loopback_only: false,
            },
            ops: tendo_web::ops::Operations::default(),
        }),
    };
    tendo_web::ops::metrics::watch_audit_commits(&state);
    tendo_web::ops::metrics::watch_database_commits(&state);
    tracing::info!(%address, backend = store.backend(), "Tendo is listening");
    for also in &addresses[1..] {
        tracing::info!(address = %also, "Tendo is also listening");
    }
    started(&base_url);
    operations::run(listeners, state, &args.operations).await?;
    if let Some(mailer) = mailer {
        mailer.abort();
    }
    reminders.abort();
    tracing::info!("Tendo stopped");
    Ok(())
}

/// `tendo migrate`: brings the schema up to date.
pub async fn migrate(database: DatabaseArgs) -> anyhow::Result<()> {
    let store = database.open().await?;
    eprintln!("tendo: the {} database is up to date", store.backend());
    Ok(())
}
