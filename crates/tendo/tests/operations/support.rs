//! Starting the real binary, reading its log, and a video room open now.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};
use tendo_app::secrets::{random_token, token_hash};
use tendo_store::accounts::AccountStore;
use tendo_store::accounts::NewSession;
use tendo_store::audit::AuditEntry;
use tendo_store_sql::SqliteStore;

use crate::video_clinic::video_clinic;

/// A running `tendo serve`, killed when the test ends however it ends.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:port`.
    pub base: String,
    /// `http://127.0.0.1:port` of the metrics listener, if one was asked for.
    pub metrics: Option<String>,
    /// Every line the server wrote to standard error so far.
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The address logged on a line, in the text (`address=…`) or JSON (`"address":"…"`) format.
fn logged_address(line: &str) -> Option<String> {
    let rest = line
        .split("address=")
        .nth(1)
        .or_else(|| line.split("\"address\":\"").nth(1))?;
    Some(
        rest.split(|c: char| c.is_whitespace() || c == '"')
            .next()
            .unwrap_or_default()
            .to_string(),
    )
}

/// Starts `tendo serve` with `args` (and `env`), waits until it listens (and, with
/// `--metrics-listen`, until the metrics listener does too).
pub fn start(args: &[&str], env: &[(&str, &str)]) -> Server {
    let wants_metrics = args.contains(&"--metrics-listen");
    let mut command = Command::new(env!("CARGO_BIN_EXE_tendo"));
    command
        .arg("serve")
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command.spawn().unwrap();
    let stderr = child.stderr.take().unwrap();
    let log = Arc::new(Mutex::new(Vec::new()));
    let (found, wait) = std::sync::mpsc::channel();
    let lines = log.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if line.contains("Tendo is listening") {
                let _ = found.send(("app", logged_address(&line)));
            }
            if line.contains("metrics are served") {
                let _ = found.send(("metrics", logged_address(&line)));
            }
            lines.lock().unwrap().push(line);
        }
    });
    let (mut base, mut metrics) = (None, None);
    let deadline = Instant::now() + Duration::from_secs(120);
    while base.is_none() || (wants_metrics && metrics.is_none()) {
        let left = deadline.saturating_duration_since(Instant::now());
        match wait.recv_timeout(left) {
            Ok(("app", Some(address))) => base = Some(format!("http://{address}")),
            Ok((_, Some(address))) => metrics = Some(format!("http://{address}")),
            Ok((_, None)) => {}
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "the server did not report its addresses:\n{}",
                    log.lock().unwrap().join("\n")
                );
            }
        }
    }
    Server {
        child,
        base: base.unwrap(),
        metrics,
        log,
    }
}

impl Server {
    /// Sends SIGTERM, as a service manager or an orchestrator stopping the server does.
    pub fn terminate(&self) {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success(), "SIGTERM is sent");
    }

    /// Waits up to `bound` for the process to exit; its status, or `None` if it still runs.
    pub fn exit_within(&mut self, bound: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + bound;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    /// The log so far, one line each.
    pub fn log_text(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }
}

/// A client that opens a new connection for every request (as a load balancer's checks do).
pub fn fresh_client() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// A video appointment open now, written into a fresh database in `dir` before the server
/// starts: its patient's session cookie value and the signalling socket's path.
pub struct VideoRoom {
    /// The patient's `tendo_session` cookie value.
    pub session: String,
    /// `/appointments/{id}/video/signal`.
    pub signal_path: String,
}

/// Makes a clinic whose physiotherapist works all day, and books a 45-minute video assessment
/// whose room is open now (it opens 10 minutes before the start). The booking is made with a
/// clock two days back, so that the start (now, give or take a quarter hour) was ahead then.
pub async fn video_room_open_now(dir: &Path) -> VideoRoom {
    let store = Arc::new(SqliteStore::open_dir(dir).await.unwrap());
    let made = video_clinic(
        store.clone(),
        "operations",
        "Operations Clinic",
        SignedDuration::from_mins(5),
    )
    .await;
    let session = random_token();
    let now = Timestamp::now();
    store
        .create_session(
            &NewSession {
                token_hash: token_hash(&session),
                user_id: made.patient.id,
                csrf_token: random_token(),
                created_at: now,
                expires_at: now + SignedDuration::from_hours(24),
                ip: None,
                user_agent: None,
            },
            &AuditEntry::new("session.start", "test"),
        )
        .await
        .unwrap();
    store.close().await;
    VideoRoom {
        session,
        signal_path: format!("/appointments/{}/video/signal", made.appointment),
    }
}
