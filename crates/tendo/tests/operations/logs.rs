//! JSON logs at debug level over a whole journey through the real binary carry a request id
//! on every line of a request, and no secret and no patient data: not a password, a session
//! cookie, a CSRF token, an invitation link's token or a personal access token; not a
//! person's email, name or the note they wrote.

use std::time::Duration;

use reqwest::header::{HeaderMap, SET_COOKIE};
use serde_json::{Value, json};

use crate::support::start;

const DEMO_PASSWORD: &str = "tendo-demo-2024";
const NEW_NAME: &str = "Marguerite Quillfeather";
const NEW_EMAIL: &str = "marguerite.q@example.org";
const NEW_PASSWORD: &str = "Saffron-Lantern-Orbit-81";
const NOTE: &str = "calf tight after the hill repeats by the quarry";

/// A browser: keeps its cookies, and remembers every cookie value it was given.
struct Browser {
    client: reqwest::Client,
    base: String,
    csrf: String,
}

fn cookie_values(headers: &HeaderMap, secrets: &mut Vec<String>) {
    for value in headers.get_all(SET_COOKIE) {
        let text = value.to_str().unwrap();
        let pair = text.split(';').next().unwrap_or_default();
        if let Some((_, value)) = pair.split_once('=')
            && value.len() >= 16
        {
            secrets.push(value.to_string());
        }
    }
}

impl Browser {
    fn new(base: &str) -> Browser {
        Browser {
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            base: base.to_string(),
            csrf: String::new(),
        }
    }

    /// Posts a form; returns the status, remembering the cookies set.
    async fn form(&self, path: &str, form: &[(&str, &str)], secrets: &mut Vec<String>) -> u16 {
        let answer = self
            .client
            .post(format!("{}{path}", self.base))
            .form(form)
            .send()
            .await
            .unwrap();
        cookie_values(answer.headers(), secrets);
        answer.status().as_u16()
    }

    /// Signs in through the form and reads the session's CSRF token from the account page.
    async fn sign_in(&mut self, email: &str, password: &str, secrets: &mut Vec<String>) {
        let status = self
            .form(
                "/login",
                &[("email", email), ("password", password)],
                secrets,
            )
            .await;
        assert_eq!(status, 303, "{email} signs in");
        self.read_csrf(secrets).await;
    }

    async fn read_csrf(&mut self, secrets: &mut Vec<String>) {
        let page = self.get("/account").await.text().await.unwrap();
        self.csrf = page
            .split("name=\"_csrf\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap()
            .to_string();
        secrets.push(self.csrf.clone());
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    async fn get_json(&self, path: &str) -> Value {
        let answer = self.get(path).await;
        assert!(
            answer.status().is_success(),
            "GET {path}: {}",
            answer.status()
        );
        answer.json().await.unwrap()
    }

    async fn post_json(&self, path: &str, body: &Value) -> Value {
        let answer = self
            .client
            .post(format!("{}{path}", self.base))
            .header("x-csrf-token", &self.csrf)
            .json(body)
            .send()
            .await
            .unwrap();
        let status = answer.status();
        let body: Value = answer.json().await.unwrap();
        assert!(status.is_success(), "POST {path}: {status} {body}");
        body
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn json_debug_logs_of_a_whole_journey_hold_request_ids_and_no_secret_or_patient_data() {
    let temp = tempfile::tempdir().unwrap();
    let mut server = start(
        &[
            "--demo",
            "--log-format",
            "json",
            "--shutdown-drain",
            "0s",
            "--metrics-listen",
            "127.0.0.1:0",
        ],
        &[
            ("TMPDIR", temp.path().to_str().unwrap()),
            ("RUST_LOG", "debug"),
        ],
    );
    let base = server.base.clone();
    let mut secrets: Vec<String> = vec![DEMO_PASSWORD.into(), NEW_PASSWORD.into()];

    // The administrator invites a new patient.
    let mut admin = Browser::new(&base);
    admin
        .sign_in("admin@riverside.example", DEMO_PASSWORD, &mut secrets)
        .await;
    let invitation = admin
        .post_json(
            "/api/v1/invitations",
            &json!({"email": NEW_EMAIL, "name": NEW_NAME, "role": "patient"}),
        )
        .await;
    let link = invitation["link"].as_str().unwrap();
    let invitation_path = &link[link.find("/invitations/").unwrap()..];
    secrets.push(
        invitation_path
            .trim_start_matches("/invitations/")
            .to_string(),
    );

    // She signs up with her password, then signs in again.
    let joining = Browser::new(&base);
    let joined = joining
        .form(
            invitation_path,
            &[
                ("password", NEW_PASSWORD),
                ("confirm", NEW_PASSWORD),
                ("time_zone", "Europe/London"),
            ],
            &mut secrets,
        )
        .await;
    assert_eq!(joined, 303, "the invitation is accepted");
    let mut newcomer = Browser::new(&base);
    newcomer
        .sign_in(NEW_EMAIL, NEW_PASSWORD, &mut secrets)
        .await;

    // She books the first free video time.
    let clinic = newcomer.get_json("/api/v1/clinics/riverside-demo").await;
    let kind = clinic["appointment_types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|kind| kind["kind"].as_str().unwrap().starts_with("video"))
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let slots = newcomer
        .get_json(&format!(
            "/api/v1/clinics/riverside-demo/slots?type={kind}&days=14"
        ))
        .await;
    let slot = &slots.as_array().unwrap()[0];
    let booked = newcomer
        .post_json(
            "/api/v1/appointments",
            &json!({"type": kind, "start": slot["start"], "clinician": slot["clinicians"][0]}),
        )
        .await;
    assert!(booked["id"].is_string(), "booked: {booked}");

    // A patient with a programme logs today's session with a note, and reads her day with a
    // personal access token.
    let mut dana = Browser::new(&base);
    dana.sign_in("dana@riverside.example", DEMO_PASSWORD, &mut secrets)
        .await;
    let me = dana.get_json("/api/v1/me").await;
    let id = me["id"].as_str().unwrap();
    let today = dana.get_json(&format!("/api/v1/patients/{id}/today")).await;
    let exercise = today["today"]["items"][0]["exercise"]
        .as_str()
        .unwrap()
        .to_string();
    let logged = dana
        .post_json(
            &format!("/api/v1/patients/{id}/sessions"),
            &json!({
                "sets": [{"exercise": exercise, "set_number": 1, "hold_seconds": 45}],
                "pain_during": 2,
                "pain_after": 2,
                "note": NOTE,
            }),
        )
        .await;
    assert!(logged.is_object());
    let token = dana
        .post_json(
            "/api/v1/tokens",
            &json!({"name": "phone", "scopes": ["read"]}),
        )
        .await;
    let secret = token["secret"].as_str().unwrap().to_string();
    secrets.push(secret.clone());
    let read = reqwest::Client::new()
        .get(format!("{base}/api/v1/patients/{id}/sessions"))
        .bearer_auth(&secret)
        .header("x-request-id", "journey-42")
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 200);
    assert_eq!(read.headers()["x-request-id"], "journey-42");

    // The reads were audited, each commit timed; the metrics name nobody.
    let metrics = reqwest::get(format!("{}/metrics", server.metrics.clone().unwrap()))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let committed: f64 = metrics
        .lines()
        .find_map(|line| line.strip_prefix("tendo_audit_entries_committed_total "))
        .unwrap()
        .parse()
        .unwrap();
    // Today and the sessions through the read-audit writer; the read the session log began
    // with was committed with the session itself.
    assert!(
        committed >= 2.0,
        "the journey's reads were audited:\n{metrics}"
    );
    // The journey's changes (sign-ins, an invitation, a note…) were committed and timed;
    // a commit holds one change or, on SQLite under load, several.
    let sample = |name: &str| -> f64 {
        metrics
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|value| value.trim().parse().ok())
            .unwrap_or_else(|| panic!("{name} is served:\n{metrics}"))
    };
    let changes = sample("tendo_db_changes_committed_total ");
    let commits = sample("tendo_db_commit_duration_seconds_count ");
    assert!(
        commits >= 3.0 && changes >= commits,
        "{changes} changes in {commits} commits"
    );

    server.terminate();
    let status = server.exit_within(Duration::from_secs(15));
    assert!(status.is_some_and(|status| status.success()));
    let log = server.log_text();

    let dana_email = me["email"].as_str().unwrap().to_string();
    let dana_name = me["name"].as_str().unwrap().to_string();
    let mut personal = vec![
        NEW_EMAIL.to_string(),
        "marguerite.q%40example.org".to_string(),
        NEW_NAME.to_string(),
        "Quillfeather".to_string(),
        dana_email.clone(),
        dana_email.replace('@', "%40"),
        dana_name,
        NOTE.to_string(),
        "hill repeats by the quarry".to_string(),
    ];
    personal.append(&mut secrets);
    for needle in &personal {
        assert!(
            !metrics.contains(needle.as_str()),
            "`{needle}` is in the metrics"
        );
        let found: Vec<&str> = log
            .lines()
            .filter(|line| line.contains(needle.as_str()))
            .collect();
        assert!(
            found.is_empty(),
            "`{needle}` appears in the log:\n{}",
            found.join("\n")
        );
    }

    // The log is JSON (beside the demo's one progress message), at debug level, and a
    // request's lines carry its id.
    let lines: Vec<Value> = log
        .lines()
        .filter(|line| !line.starts_with("tendo: making the demo clinic"))
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}")))
        .collect();
    assert!(lines.iter().any(|line| line["level"] == "DEBUG"));
    let of_request: Vec<&Value> = lines
        .iter()
        .filter(|line| line["span"]["request_id"] == "journey-42")
        .collect();
    assert!(
        !of_request.is_empty(),
        "the lines of a request name its id:\n{log}"
    );
    assert!(
        of_request
            .iter()
            .all(|line| { line["span"]["route"] == "/api/v1/patients/{patient}/sessions" })
    );
}
