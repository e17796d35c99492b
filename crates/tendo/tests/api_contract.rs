//! The API answers exactly what its OpenAPI document says (issue 12): schemathesis, every check
//! on (response schemas, status codes, headers, negative data, authentication) and the stateful
//! phase, runs against a real `tendo serve` on a generated demo clinic with a patient's personal
//! access token, on SQLite and (when `TENDO_TEST_POSTGRES_URL` is set) on PostgreSQL.
//!
//! It runs three times, with a patient's, a clinician's and an administrator's token, since
//! what a call may answer depends on who asks.
//!
//! The tokens are made through the real API from a browser session. Only tokens are used during
//! the runs, so sign-in limits cannot trip. `DELETE /api/v1/tokens/{token}` stays in the run,
//! but each person also gets a spare token, and the run's configuration gives that operation the
//! spare's id, so the fuzzer never learns (and never revokes) the run's own token. After each
//! run the run's own token must still work.

#![expect(
    clippy::unwrap_used,
    reason = "a failed step should fail the test loudly"
)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Examples per operation and phase: enough to find shape and status mistakes, few enough that
/// one run stays within a few minutes on two cores.
const MAX_EXAMPLES: &str = "8";

/// The one rule of a body JSON Schema cannot state: a stretch of time ends after it starts
/// (`until` after `from` in working hours, on each day, without overlaps; `hours.until` after
/// `hours.from` in time off). Every other check stays as it is for these operations, but a
/// schema-valid body may be refused with 422 naming the field. Every other rule between fields
/// is in the document itself (see `tendo_web::api::dependencies`).
const ORDERED_TIMES: &str = "[[operations]]\n\
    include-name = [\"PUT /api/v1/availability\", \"PUT /api/v1/availability/{user}\", \
    \"POST /api/v1/availability/exceptions\"]\n\
    checks.positive_data_acceptance.expected-statuses = \
    [\"2XX\", \"3XX\", 401, 403, 404, 409, 422, 429]\n";

/// The one rule between the caller and a body that JSON Schema cannot state: staff who cancel
/// an appointment must say why (`reason`), while a patient may leave it out. A schema-valid
/// body without a reason is refused with 422 naming `reason` when the token is a clinician's or
/// an administrator's.
const STAFF_GIVE_A_REASON: &str = "[[operations]]\n\
    include-name = \"POST /api/v1/appointments/{appointment}/cancel\"\n\
    checks.positive_data_acceptance.expected-statuses = \
    [\"2XX\", \"3XX\", 401, 403, 404, 409, 422, 429]\n";

/// The one rule between a body and the clock that JSON Schema cannot state: a clinic closes on
/// a day from today up to two years ahead. A schema-valid date in the past (or too far ahead)
/// is refused with 422 naming `date`.
const DATES_FROM_TODAY: &str = "[[operations]]\n\
    include-name = \"POST /api/v1/clinic/closures\"\n\
    checks.positive_data_acceptance.expected-statuses = \
    [\"2XX\", \"3XX\", 401, 403, 404, 409, 422, 429]\n";

/// The rules inside a FHIR Bundle that JSON Schema cannot state: an import takes a whole,
/// consistent record Tendo exported (one Patient, every reference naming an entry, each score
/// matching its answers, plans the engine accepts). The document gives the Bundle's outline; a
/// schema-valid Bundle that is not such a record is refused with 422 naming its first bad
/// element, such as `Bundle.entry[3].resource.valueInteger`.
const WHOLE_RECORDS: &str = "[[operations]]\n\
    include-name = \"POST /api/v1/fhir/import\"\n\
    checks.positive_data_acceptance.expected-statuses = \
    [\"2XX\", \"3XX\", 401, 403, 404, 409, 422, 429]\n";

/// The server, killed when the test ends however it ends.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `tendo serve` on loopback and returns it with its address, read from its log.
fn start_server(database: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tendo"))
        .arg("serve")
        .args(["--listen", "127.0.0.1:0"])
        .args(database)
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (found, wait) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut reported = false;
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if line.contains("panicked") || line.contains("ERROR") {
                eprintln!("server: {line}");
            }
            if !reported && let Some(rest) = line.split("address=").nth(1) {
                let address = rest
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_string();
                let _ = found.send(address);
                reported = true;
            }
        }
    });
    match wait.recv_timeout(Duration::from_secs(60)) {
        Ok(address) => Server {
            child,
            base: format!("http://{address}"),
        },
        Err(_) => {
            let _ = child.kill();
            panic!("the server did not report its address within 60 seconds");
        }
    }
}

/// A generated clinic: the password of every account and one login per role.
struct Clinic {
    password: String,
    patient: String,
    clinician: String,
    admin: String,
}

/// Fills the database with a small generated clinic through `tendo demo generate`.
fn generate(database: &[&str]) -> Clinic {
    let output = Command::new(env!("CARGO_BIN_EXE_tendo"))
        .args(["demo", "generate", "--json", "--quiet"])
        .args(["--clinics", "1", "--clinicians", "3", "--patients", "6"])
        .args(["--days", "42", "--heavy-logs", "0"])
        .args(database)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "tendo demo generate failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let login = |role: &str| {
        summary["logins"]
            .as_array()
            .unwrap()
            .iter()
            .find(|login| login["role"].as_str().unwrap().eq_ignore_ascii_case(role))
            .unwrap_or_else(|| panic!("the generated clinic has a {role}: {summary}"))["email"]
            .as_str()
            .unwrap()
            .to_string()
    };
    Clinic {
        password: summary["password"].as_str().unwrap().to_string(),
        patient: login("patient"),
        clinician: login("clinician"),
        admin: login("admin"),
    }
}

/// One person's tokens for a run.
struct Tokens {
    /// The secret the run signs its requests with.
    run_secret: String,
    /// The id of the spare token, the one the run may revoke.
    spare_id: String,
}

/// Signs in through the login form, then makes the run's token and a spare one through
/// `POST /api/v1/tokens`.
async fn tokens_for(base: &str, email: &str, password: &str) -> Tokens {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let signed_in = client
        .post(format!("{base}/login"))
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 303, "{email} signs in");
    let account = client
        .get(format!("{base}/account"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = account
        .split("name=\"_csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("the account page holds the CSRF token"))
        .to_string();
    let mut made = Vec::new();
    for name in ["schemathesis run", "spare"] {
        let created = client
            .post(format!("{base}/api/v1/tokens"))
            .header("x-csrf-token", &csrf)
            .json(&serde_json::json!({"name": name, "scopes": ["read", "write"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 201, "a token is made for {email}");
        let body: serde_json::Value = created.json().await.unwrap();
        made.push((
            body["secret"].as_str().unwrap().to_string(),
            body["token"]["id"].as_str().unwrap().to_string(),
        ));
    }
    Tokens {
        run_secret: made[0].0.clone(),
        spare_id: made[1].1.clone(),
    }
}

fn python() -> String {
    std::env::var("TENDO_TEST_PYTHON").unwrap_or_else(|_| {
        panic!("TENDO_TEST_PYTHON is not set: run `cargo xtask test`, which installs schemathesis")
    })
}

/// Runs schemathesis against the server with `tokens`; panics with its report on any failure.
fn schemathesis(base: &str, role: &str, tokens: &Tokens) {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("schemathesis.toml");
    std::fs::write(
        &config,
        format!(
            "[[operations]]\n\
             include-name = \"DELETE /api/v1/tokens/{{token}}\"\n\
             parameters = {{ \"path.token\" = \"{}\" }}\n\
             {ORDERED_TIMES}{STAFF_GIVE_A_REASON}{DATES_FROM_TODAY}{WHOLE_RECORDS}",
            tokens.spare_id
        ),
    )
    .unwrap();
    let token = &tokens.run_secret;
    let started = Instant::now();
    let output = Command::new(python())
        .args(["-m", "schemathesis.cli", "--config-file"])
        .arg(&config)
        .arg("run")
        .arg(format!("{base}/api/openapi.json"))
        .args(["--url", base])
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .args(["--checks", "all"])
        .args(["--phases", "examples,coverage,fuzzing,stateful"])
        .args(["--max-examples", MAX_EXAMPLES])
        .args(["--seed", "12"])
        .args(["--workers", "1"])
        .args(["--request-timeout", "30"])
        .args(["--generation-database", "none"])
        .args(["--output-truncate", "false"])
        .args(["--no-color"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let report = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    eprintln!(
        "schemathesis as {role}: {:.0} s, exit {}",
        started.elapsed().as_secs_f64(),
        output.status
    );
    assert!(
        output.status.success(),
        "schemathesis found failures with the {role}'s token:\n{report}"
    );
}

/// Whether `token` still signs requests in.
async fn still_works(base: &str, token: &str) -> bool {
    reqwest::Client::new()
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
        == 200
}

/// Whose tokens the contract is checked with.
const RUNS: &[&str] = &["patient", "clinician", "admin"];

async fn every_check_passes(database: &[&str]) {
    let clinic = generate(database);
    let server = start_server(database);
    let mut tokens = Vec::new();
    for (role, email) in RUNS.iter().map(|role| {
        let email = match *role {
            "patient" => &clinic.patient,
            "clinician" => &clinic.clinician,
            _ => &clinic.admin,
        };
        (*role, email)
    }) {
        tokens.push((
            role,
            tokens_for(&server.base, email, &clinic.password).await,
        ));
    }
    for (role, tokens) in &tokens {
        schemathesis(&server.base, role, tokens);
        assert!(
            still_works(&server.base, &tokens.run_secret).await,
            "the {role}'s run token was revoked by its own run"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_answers_as_documented_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().to_str().unwrap().to_string();
    every_check_passes(&["--data-dir", data_dir.as_str()]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_answers_as_documented_on_postgres() {
    if std::env::var("TENDO_TEST_POSTGRES_URL").is_err() {
        eprintln!("TENDO_TEST_POSTGRES_URL is not set: the PostgreSQL run is skipped");
        return;
    }
    let url = tendo_store_sql::testing::fresh_postgres_database()
        .await
        .unwrap();
    every_check_passes(&["--database-url", url.as_str()]).await;
}
