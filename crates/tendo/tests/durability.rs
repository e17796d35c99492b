//! A write is acknowledged only after it is durable, and a read of patient data is served only
//! after its audit entry is: a real `tendo serve` process under a concurrent load of writes and
//! audited reads is killed with SIGKILL, and every write it acknowledged, and an audit entry for
//! every read it served, is still there afterwards, on SQLite and on PostgreSQL.

#![expect(
    clippy::unwrap_used,
    reason = "a failed step should fail the test loudly"
)]

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use tendo_app::secrets::token_hash;
use tendo_store::Store;
use tendo_store::accounts::{NewApiToken, Scope};
use tendo_store::audit::{AuditEntry, AuditQuery};
use tendo_store::ids::{ApiTokenId, UserId};

const TOKEN: &str = "tendo_pat_durability-test-token";

/// Starts `tendo serve` and returns it with its address, read from its log.
fn start_server(args: &[&str]) -> (Child, String) {
    let (child, base, _) = start_server_reporting(args, false);
    (child, base)
}

/// Starts `tendo serve` with `/metrics` on a listener of its own; returns it with the
/// application's address and the metrics address.
fn start_server_with_metrics(args: &[&str]) -> (Child, String, String) {
    let mut with_metrics = args.to_vec();
    with_metrics.extend(["--metrics-listen", "127.0.0.1:0"]);
    let (child, base, metrics) = start_server_reporting(&with_metrics, true);
    (child, base, metrics.expect("the metrics address"))
}

/// Starts `tendo serve` and reads the addresses it logs: the application's, and the metrics
/// listener's when `metrics` (waiting for both).
fn start_server_reporting(args: &[&str], metrics: bool) -> (Child, String, Option<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tendo"))
        .arg("serve")
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (found, wait) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if let Some(rest) = line.split("address=").nth(1) {
                let address = rest
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_string();
                let _ = found.send((line.contains("metrics are served"), address));
            }
        }
    });
    let (mut base, mut metrics_at) = (None, None);
    let deadline = Instant::now() + Duration::from_secs(30);
    while base.is_none() || (metrics && metrics_at.is_none()) {
        let left = deadline.saturating_duration_since(Instant::now());
        match wait.recv_timeout(left) {
            Ok((true, address)) => metrics_at = Some(format!("http://{address}")),
            Ok((false, address)) => {
                base.get_or_insert(format!("http://{address}"));
            }
            Err(_) => {
                let _ = child.kill();
                panic!("the server did not report its addresses within 30 seconds");
            }
        }
    }
    (child, base.expect("the address"), metrics_at)
}

/// How many commits the server made and how many changes they held, read from `/metrics`.
async fn commits_and_changes(metrics: &str) -> (f64, f64) {
    let text = reqwest::get(format!("{metrics}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let sample = |name: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(name)?.trim().parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (
        sample("tendo_db_commit_duration_seconds_count"),
        sample("tendo_db_changes_committed_total"),
    )
}

fn tendo(args: &[&str]) {
    let status = Command::new(env!("CARGO_BIN_EXE_tendo"))
        .args(args)
        .env("TENDO_PASSWORD", "a long enough passphrase")
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "tendo {args:?} failed");
}

/// What the load finished with: the acknowledged writes and the number of served reads.
struct Served {
    writes: BTreeSet<String>,
    reads: usize,
    /// Commits and the changes they held before the kill, when `/metrics` was read.
    grouping: Option<(f64, f64)>,
}

/// Creates the clinic, an administrator and a patient with the real commands, and a token for
/// the load; returns the patient.
async fn prepare(database: &[&str], store: &dyn Store) -> UserId {
    let mut create_clinic = vec![
        "admin",
        "create-clinic",
        "--name",
        "Durable",
        "--slug",
        "durable",
        "--currency",
        "EUR",
    ];
    create_clinic.extend_from_slice(database);
    tendo(&create_clinic);
    let mut create_user = vec![
        "admin",
        "create-user",
        "--clinic",
        "durable",
        "--email",
        "admin@durable.test",
        "--name",
        "Admin",
    ];
    create_user.extend_from_slice(database);
    tendo(&create_user);
    let mut create_patient = vec![
        "admin",
        "create-user",
        "--clinic",
        "durable",
        "--email",
        "patient@durable.test",
        "--name",
        "Patient",
        "--role",
        "patient",
    ];
    create_patient.extend_from_slice(database);
    tendo(&create_patient);
    let admin = store.credentials("admin@durable.test").await.unwrap().user;
    store
        .create_api_token(
            &NewApiToken {
                id: ApiTokenId::new(),
                user_id: admin.id,
                name: "load".into(),
                token_hash: token_hash(TOKEN),
                scopes: vec![Scope::Read, Scope::Write],
                created_at: Timestamp::now(),
                expires_at: None,
            },
            &AuditEntry::new("token.create", "durability test"),
        )
        .await
        .unwrap();
    store
        .credentials("patient@durable.test")
        .await
        .unwrap()
        .user
        .id
}

/// Writes invitations from 16 clients and reads the patient's record from 8 more until the
/// server dies; returns what it acknowledged.
async fn load_until_killed(
    base: &str,
    mut server: Child,
    patient: UserId,
    metrics: Option<&str>,
) -> Served {
    let acknowledged = Arc::new(Mutex::new(BTreeSet::new()));
    let reads = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let mut writers = Vec::new();
    for writer in 0..16 {
        let client = client.clone();
        let acknowledged = acknowledged.clone();
        let url = format!("{base}/api/v1/invitations");
        writers.push(tokio::spawn(async move {
            for number in 0..100_000 {
                let email = format!("w{writer}-n{number}@durable.test");
                let response = client
                    .post(&url)
                    .bearer_auth(TOKEN)
                    .json(&serde_json::json!({"email": email, "name": "Load", "role": "patient"}))
                    .send()
                    .await;
                match response {
                    Ok(response) if response.status() == 201 => {
                        acknowledged.lock().unwrap().insert(email);
                    }
                    Ok(response) => panic!("unexpected status {}", response.status()),
                    Err(_) => return,
                }
            }
        }));
    }
    for _ in 0..8 {
        let client = client.clone();
        let reads = reads.clone();
        let url = format!("{base}/api/v1/patients/{patient}/export");
        writers.push(tokio::spawn(async move {
            loop {
                match client.get(&url).bearer_auth(TOKEN).send().await {
                    // Served means the whole body arrived, not only the status line.
                    Ok(response) if response.status() == 200 => {
                        if response.bytes().await.is_ok() {
                            reads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        }
                    }
                    Ok(response) => panic!("unexpected status {}", response.status()),
                    Err(_) => return,
                }
            }
        }));
    }
    // Kill the server mid-load, once it has acknowledged a good number of writes and reads.
    let deadline = Instant::now() + Duration::from_secs(60);
    while (acknowledged.lock().unwrap().len() < 200
        || reads.load(std::sync::atomic::Ordering::SeqCst) < 50)
        && Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // What the commits held so far, read while the writes are still coming.
    let grouping = match metrics {
        Some(metrics) => Some(commits_and_changes(metrics).await),
        None => None,
    };
    server.kill().unwrap(); // SIGKILL: no shutdown, no flush.
    server.wait().unwrap();
    for writer in writers {
        writer.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() >= 200,
        "only {} writes before the kill",
        acknowledged.len()
    );
    let reads = reads.load(std::sync::atomic::Ordering::SeqCst);
    assert!(reads >= 50, "only {reads} reads before the kill");
    Served {
        writes: acknowledged,
        reads,
        grouping,
    }
}

/// Checks that nothing acknowledged was lost: every write, and an audit entry for every read.
async fn assert_nothing_lost(store: &dyn Store, served: &Served, patient: UserId) {
    let stored = stored_emails(store).await;
    let lost: Vec<_> = served.writes.difference(&stored).collect();
    assert!(
        lost.is_empty(),
        "{} acknowledged writes lost: {lost:?}",
        lost.len()
    );
    let clinic = store.clinic_by_slug("durable").await.unwrap();
    let audited = store
        .audit_entries(
            clinic.id,
            &AuditQuery {
                patient_id: Some(patient),
                actor_id: None,
                before: None,
                limit: 1_000_000,
            },
        )
        .await
        .unwrap()
        .into_iter()
        .filter(|entry| entry.action == "patient.export")
        .count();
    assert!(
        audited >= served.reads,
        "{} reads were served but only {audited} are in the audit log",
        served.reads
    );
}

async fn stored_emails(store: &dyn Store) -> BTreeSet<String> {
    let clinic = store.clinic_by_slug("durable").await.unwrap();
    store
        .invitations(clinic.id)
        .await
        .unwrap()
        .into_iter()
        .map(|invitation| invitation.email)
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn sqlite_keeps_every_acknowledged_write_through_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().to_str().unwrap().to_string();
    let database = ["--data-dir", data_dir.as_str()];
    let patient = {
        let store = tendo_store_sql::SqliteStore::open_dir(dir.path())
            .await
            .unwrap();
        let patient = prepare(&database, &store).await;
        store.close().await;
        patient
    };
    let (server, base, metrics) = start_server_with_metrics(&database);
    let served = load_until_killed(&base, server, patient, Some(&metrics)).await;
    // The burst was group-committed: commits held several changes each on average, and every
    // one of them acknowledged is found below.
    let (commits, changes) = served.grouping.expect("metrics were read");
    eprintln!("before the kill: {changes} changes in {commits} commits");
    assert!(
        commits > 0.0 && changes > commits,
        "16 writers at once share commits: {changes} changes in {commits} commits"
    );

    let store = tendo_store_sql::SqliteStore::open_dir(dir.path())
        .await
        .unwrap();
    assert_nothing_lost(&store, &served, patient).await;
    store.close().await;

    let (mut restarted, base) = start_server(&database);
    let status = reqwest::get(format!("{base}/login"))
        .await
        .unwrap()
        .status();
    restarted.kill().unwrap();
    restarted.wait().unwrap();
    assert_eq!(status, 200, "the server starts again on the same data");
}

#[tokio::test(flavor = "multi_thread")]
async fn postgres_keeps_every_acknowledged_write_through_sigkill() {
    let (store, url) = tendo_store_sql::testing::fresh_postgres().await.unwrap();
    let database = ["--database-url", url.as_str()];
    let patient = prepare(&database, &store).await;
    let (server, base) = start_server(&database);
    let served = load_until_killed(&base, server, patient, None).await;
    assert_nothing_lost(&store, &served, patient).await;
    store.close().await;
}
