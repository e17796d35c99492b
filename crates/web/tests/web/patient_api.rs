//! The patient's JSON API: the same journey as the pages, errors as JSON with a stable code and
//! the field at fault, reading for the care team, writing for the patient only, and the
//! server's re-checks of a massage-gun session.

use jiff::SignedDuration;
use reqwest::Method;
use serde_json::{Value, json};
use tendo_store::accounts::Role;

use crate::harness::{Session, TestServer};
use crate::patient_support::{DAY, patient, physio_of};

async fn send(session: &Session, method: Method, path: &str, body: Value) -> (u16, Value) {
    let response = session.send_json(method, path, &body).await;
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    (status, json)
}

async fn get(session: &Session, path: &str) -> (u16, Value) {
    let response = session.get(path).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn field_of(error: &Value) -> &str {
    error["error"]["fields"][0]["field"]
        .as_str()
        .unwrap_or_default()
}

fn visa() -> Value {
    json!({"q1": 4, "q2": 5, "q3": 5, "q4": 6, "q5": 4, "q6": 3, "q7": 4, "q8_branch": "b", "q8_minutes": "1-10"})
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_walks_the_journey_and_names_the_field_at_fault() {
    let server = TestServer::start().await;
    let patient = patient(&server, "north").await;
    let base = format!("/api/v1/patients/{}", patient.user.id);
    let session = &patient.session;

    let (status, plan) = get(session, &format!("{base}/plan")).await;
    assert_eq!((status, plan["status"].as_str()), (200, Some("intake")));
    assert_eq!(plan["next_step"], "condition");

    let (status, error) = send(
        session,
        Method::PUT,
        &format!("{base}/intake/condition"),
        json!({"condition": "tennis elbow", "side": "right"}),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(error["error"]["code"], "invalid_input");
    assert_eq!(field_of(&error), "condition");
    let (status, error) = send(
        session,
        Method::PUT,
        &format!("{base}/intake/condition"),
        json!({"side": "right"}),
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        error["error"]["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("condition"),
        "{error}"
    );
    let (status, saved) = send(
        session,
        Method::PUT,
        &format!("{base}/intake/condition"),
        json!({"condition": "high hamstring tendonitis", "side": "right"}),
    )
    .await;
    assert_eq!(
        (status, saved["outcome"].as_str(), saved["step"].as_str()),
        (200, Some("next"), Some("history"))
    );
    let (status, _) = send(
        session,
        Method::PUT,
        &format!("{base}/intake/history"),
        json!({"started_on": "2025-11-01", "onset": "one-session", "changes": ["speed-work"]}),
    )
    .await;
    assert_eq!(status, 200);
    let (_, view) = get(session, &format!("{base}/intake")).await;
    let answers: serde_json::Map<String, Value> = view["red_flag_questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|question| {
            (
                question["flag"].as_str().unwrap().to_string(),
                Value::Bool(false),
            )
        })
        .collect();
    assert!(
        answers.contains_key("hamstring-avulsion"),
        "the hamstring questions are asked"
    );
    let (status, _) = send(
        session,
        Method::PUT,
        &format!("{base}/intake/red-flags"),
        json!({"answers": answers}),
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = send(
        session,
        Method::PUT,
        &format!("{base}/intake/massage-gun"),
        json!({
            "normal_sensation": true,
            "tendon_settled": false,
            "suspected_clot": false,
            "blood_thinners": false,
            "bleeding_disorder": false,
            "pregnant": false,
            "implanted_device": false
        }),
    )
    .await;
    assert_eq!(status, 200);
    let (status, error) = send(
        session,
        Method::PUT,
        &format!("{base}/intake/baseline"),
        json!({"visa": visa(), "morning_pain": 3, "days_per_week": 8}),
    )
    .await;
    assert_eq!((status, field_of(&error)), (422, "days_per_week"));
    let (status, saved) = send(
        session,
        Method::PUT,
        &format!("{base}/intake/baseline"),
        json!({"visa": visa(), "morning_pain": 3, "days_per_week": 4}),
    )
    .await;
    assert_eq!(
        (status, saved["outcome"].as_str()),
        (200, Some("plan-ready")),
        "{saved}"
    );

    let (_, plan) = get(session, &format!("{base}/plan")).await;
    assert_eq!(plan["status"], "active");
    assert_eq!(plan["week_plan"]["protocol"], "goom-staged");
    assert!(plan["versions"][0]["reasons"][0]["rule"].is_string());
    assert!(
        plan["week_plan"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|item| item["compressive"] == false),
        "stage 1 has no compressive position"
    );

    let (_, today) = get(session, &format!("{base}/today")).await;
    let item = &today["today"]["items"][0];
    let exercise = item["exercise"].as_str().unwrap().to_string();
    let (status, error) = send(session, Method::POST, &format!("{base}/sessions"), json!({"sets": [{"exercise": exercise, "set_number": 1, "hold_seconds": 45}], "pain_during": 11, "pain_after": 2})).await;
    assert_eq!((status, field_of(&error)), (422, "pain_during"), "{error}");
    let (status, error) = send(session, Method::POST, &format!("{base}/sessions"), json!({"sets": [{"exercise": "pogo-stick", "set_number": 1, "reps": 3}], "pain_during": 2, "pain_after": 2})).await;
    assert_eq!(
        (status, field_of(&error)),
        (422, "sets[0].exercise"),
        "{error}"
    );
    let (status, logged) = send(session, Method::POST, &format!("{base}/sessions"), json!({"sets": [{"exercise": exercise, "set_number": 1, "hold_seconds": 45}, {"exercise": exercise, "set_number": 2, "hold_seconds": 40}], "pain_during": 2, "pain_after": 1})).await;
    assert_eq!(status, 201, "{logged}");
    assert_eq!(logged["sets"].as_array().unwrap().len(), 2);
    let (status, error) = send(
        session,
        Method::POST,
        &format!("{base}/checkins"),
        json!({"pain": 2}),
    )
    .await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (409, Some("conflict")),
        "no check-in on the same day"
    );

    server.advance(DAY);
    let (status, outcome) = send(
        session,
        Method::POST,
        &format!("{base}/checkins"),
        json!({"pain": 2}),
    )
    .await;
    assert_eq!(status, 200, "{outcome}");
    assert!(["progress", "hold"].contains(&outcome["checkin"]["decision"].as_str().unwrap()));
    assert!(
        outcome["checkin"]["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|reason| reason["rule"] == "R-LT2"),
        "a hamstring check-in is the load test: {outcome}"
    );
    let (status, history) = get(session, &format!("{base}/sessions")).await;
    assert_eq!(status, 200);
    assert_eq!(history["sessions"].as_array().unwrap().len(), 1);
    assert_eq!(history["checkins"].as_array().unwrap().len(), 1);

    let (status, scored) = send(session, Method::POST, &format!("{base}/questionnaires"), json!({"q1": 7, "q2": 7, "q3": 7, "q4": 7, "q5": 7, "q6": 7, "q7": 7, "q8_branch": "a", "q8_minutes": "11-20"})).await;
    assert_eq!(status, 201, "{scored}");
    assert_eq!(scored["response"]["questionnaire"], "visa-h");
    assert!(scored["since_first"]["points"].as_i64().unwrap() > 0);
    let (status, week) = send(
        session,
        Method::POST,
        &format!("{base}/running"),
        json!({"week": "2026-01-07", "distance_km": 12.5}),
    )
    .await;
    assert_eq!(status, 200, "{week}");
    assert_eq!(
        week["week"]["week_start"], "2026-01-05",
        "weeks start on Monday"
    );
    let (status, progress) = get(session, &format!("{base}/progress")).await;
    assert_eq!(status, 200);
    assert_eq!(progress["progress"]["pain"].as_array().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_care_team_reads_but_only_the_patient_writes() {
    let server = TestServer::start().await;
    let patient = patient(&server, "north").await;
    crate::patient_support::intake(&patient, "Achilles tendinopathy", &[]).await;
    let carer = physio_of(&server, &patient).await;
    let base = format!("/api/v1/patients/{}", patient.user.id);
    for path in [
        "plan",
        "today",
        "massage-gun",
        "questionnaires",
        "progress",
        "running",
        "sessions",
        "intake",
    ] {
        let (status, _) = get(&carer, &format!("{base}/{path}")).await;
        assert_eq!(status, 200, "the carer reads {path}");
    }
    let (status, error) = send(
        &carer,
        Method::POST,
        &format!("{base}/running"),
        json!({"week": "2026-01-07", "distance_km": 12.5}),
    )
    .await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (403, Some("forbidden"))
    );
    let (status, _) = send(
        &carer,
        Method::POST,
        &format!("{base}/sessions"),
        json!({"broken": true}),
    )
    .await;
    assert_eq!(
        status, 403,
        "a carer's bad body is refused for rights, not for its fields"
    );

    let south = server.clinic("south").await;
    let stranger = server.user(&south, "admin@south.test", Role::Admin).await;
    let stranger = server.session_for(&stranger).await;
    let (status, _) = get(&stranger, &format!("{base}/plan")).await;
    assert_eq!(
        status, 404,
        "another clinic does not learn the patient exists"
    );

    let openapi = server
        .client()
        .get(server.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for path in [
        "/api/v1/patients/{patient}/today",
        "/api/v1/patients/{patient}/checkins",
        "/api/v1/patients/{patient}/massage-gun/sessions",
        "/api/v1/learn/{topic}",
    ] {
        assert!(openapi.contains(path), "{path} is documented");
    }
    let (status, topics) = get(
        &Session {
            client: server.client(),
            base: server.base.clone(),
            csrf: String::new(),
        },
        "/api/v1/learn",
    )
    .await;
    assert_eq!(status, 200, "education is public");
    assert!(
        topics
            .as_array()
            .unwrap()
            .iter()
            .any(|topic| topic["id"] == "loading-not-massage" && topic["level"].is_string())
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_server_rechecks_every_massage_gun_session() {
    let server = TestServer::start().await;
    let patient = patient(&server, "north").await;
    crate::patient_support::intake(&patient, "Achilles tendinopathy", &[]).await;
    let base = format!("/api/v1/patients/{}", patient.user.id);
    let session = &patient.session;
    let (_, gun) = get(session, &format!("{base}/massage-gun")).await;
    assert_eq!(gun["gun"]["advice"]["verdict"], "ok");
    assert_eq!(
        gun["gun"]["advice"]["sites"]["achilles-tendon"]["verdict"],
        "not-yet"
    );

    let (status, error) = send(
        session,
        Method::POST,
        &format!("{base}/massage-gun/sessions"),
        json!({"sites": [{"site": "achilles-tendon", "minutes": 1}]}),
    )
    .await;
    assert_eq!((status, field_of(&error)), (422, "sites[0].minutes"));
    assert!(
        error["error"]["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("A13"),
        "{error}"
    );
    let (status, error) = send(
        session,
        Method::POST,
        &format!("{base}/massage-gun/sessions"),
        json!({"sites": [{"site": "soleus", "minutes": 4}]}),
    )
    .await;
    assert_eq!(status, 422, "above the soleus cap: {error}");
    let (status, error) = send(
        session,
        Method::POST,
        &format!("{base}/massage-gun/sessions"),
        json!({"sites": [{"site": "neck", "minutes": 1}]}),
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        error["error"]["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("A21"),
        "{error}"
    );
    let (status, error) = send(
        session,
        Method::POST,
        &format!("{base}/massage-gun/sessions"),
        json!({"sites": [{"site": "soleus", "minutes": 2}], "ppm": 3200}),
    )
    .await;
    assert_eq!((status, field_of(&error)), (422, "ppm"));
    assert!(
        error["error"]["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("A11")
    );

    let (status, logged) = send(session, Method::POST, &format!("{base}/massage-gun/sessions"), json!({"sites": [{"site": "gastrocnemius", "minutes": 2.5}, {"site": "soleus", "minutes": 2}], "ppm": 2000})).await;
    assert_eq!(status, 201, "{logged}");
    let (status, error) = send(
        session,
        Method::POST,
        &format!("{base}/massage-gun/sessions"),
        json!({"sites": [{"site": "soleus", "minutes": 1}]}),
    )
    .await;
    assert_eq!(status, 409, "within 48 hours");
    let message = error["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("A16") && (message.contains("GMT") || message.contains("BST")),
        "the rule and a time in the patient's zone: {message}"
    );
    let page = crate::patient_support::page(session, "/massage-gun").await;
    assert!(
        page.contains("Not yet"),
        "the page says when the next one may start"
    );

    server.advance(SignedDuration::from_hours(47));
    let (status, _) = send(
        session,
        Method::POST,
        &format!("{base}/massage-gun/sessions"),
        json!({"sites": [{"site": "soleus", "minutes": 1}]}),
    )
    .await;
    assert_eq!(status, 409, "47 hours later is still too soon");
    server.advance(SignedDuration::from_hours(2));
    let (status, _) = send(
        session,
        Method::POST,
        &format!("{base}/massage-gun/sessions"),
        json!({"sites": [{"site": "soleus", "minutes": 1}]}),
    )
    .await;
    assert_eq!(status, 201, "after 48 hours it may start again");
    let sessions = server
        .store()
        .massage_gun_sessions(patient.clinic.id, patient.user.id, 10)
        .await
        .unwrap();
    assert_eq!(sessions.len(), 2, "only the allowed sessions were stored");
}

#[tokio::test]
async fn the_record_timeline_shows_the_running_weeks_of_its_window_only() {
    let server = TestServer::start().await;
    let patient = patient(&server, "north").await;
    crate::patient_support::intake(&patient, "Achilles tendinopathy", &[]).await;
    let carer = physio_of(&server, &patient).await;
    let base = format!("/api/v1/patients/{}", patient.user.id);
    let today = jiff::Zoned::now().date();
    let recent = today.checked_sub(jiff::Span::new().days(7)).unwrap();
    let old = today.checked_sub(jiff::Span::new().days(70)).unwrap();
    for (week, km) in [(old, 40.0), (recent, 12.5)] {
        let (status, saved) = send(
            &patient.session,
            Method::POST,
            &format!("{base}/running"),
            json!({"week": week.to_string(), "distance_km": km}),
        )
        .await;
        assert_eq!(status, 200, "{saved}");
    }
    let (status, record) = get(&carer, &format!("{base}/record")).await;
    assert_eq!(status, 200, "{record}");
    let running: Vec<&Value> = record["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["kind"] == "running")
        .collect();
    assert_eq!(
        running.len(),
        1,
        "only the week inside the four-week timeline: {running:?}"
    );
    assert!(
        running[0]["detail"]
            .as_str()
            .unwrap()
            .starts_with("12.5 km")
    );
}
