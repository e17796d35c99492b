//! What the patient is told at once when something goes wrong, and what their clinician sees
//! the same day, on both backends: a session over the pain limit gets plain advice for tonight
//! and tomorrow with the rules behind "Why?", and a red flag reported mid-programme stops the
//! programme until a clinician clears it.

use reqwest::Method;
use serde_json::{Value, json};

use crate::clinic_support::{cared_patient, clinic, flag_kinds, log_session};
use crate::harness::{Backend, Session, TestServer};
use crate::patient_support::{DAY, page, post_ok};

async fn flags_of(session: &Session, patient: &str) -> Vec<String> {
    let caseload: Value = session.get("/api/v1/caseload").await.json().await.unwrap();
    caseload["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["patient_id"] == patient)
        .map(flag_kinds)
        .unwrap_or_default()
}

async fn advice_after_a_painful_session(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let north = clinic(&server, "north").await;
    let runner = cared_patient(&server, &north, "ada", "Achilles tendinopathy", &[]).await;
    let id = runner.user.id.to_string();

    // Within the limits: no advice, and the API says so.
    log_session(&runner, 3, 4).await;
    let today = page(&runner.session, "/today").await;
    assert!(!today.contains("take it easier"), "{today}");
    server.advance(DAY);
    let checkin = runner
        .session
        .send_json(
            Method::POST,
            &format!("/api/v1/patients/{id}/checkins"),
            &json!({"pain": 2}),
        )
        .await;
    assert_eq!(checkin.status().as_u16(), 200);

    // 7 during and 8 after: advice at once, in plain words, with the rules behind "Why?".
    let today: Value = runner
        .session
        .get(&format!("/api/v1/patients/{id}/today"))
        .await
        .json()
        .await
        .unwrap();
    let mut sets = Vec::new();
    for item in today["today"]["items"].as_array().unwrap() {
        sets.push(
            json!({"exercise": item["exercise"], "set_number": 1, "reps": item["reps"],
            "hold_seconds": item["hold_seconds"]}),
        );
    }
    let response = runner
        .session
        .send_json(
            Method::POST,
            &format!("/api/v1/patients/{id}/sessions"),
            &json!({"sets": sets, "pain_during": 7, "pain_after": 8}),
        )
        .await;
    assert_eq!(response.status().as_u16(), 201);
    let logged: Value = response.json().await.unwrap();
    let advice = &logged["advice"];
    assert!(
        advice["headline"]
            .as_str()
            .unwrap()
            .contains("7/10 during, 8/10 after"),
        "{logged}"
    );
    assert!(!advice["tonight"].as_array().unwrap().is_empty());
    assert!(!advice["tomorrow"].as_array().unwrap().is_empty());
    let rules: Vec<&str> = advice["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|reason| reason["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"R-PM1") && rules.contains(&"R-PM2") && rules.contains(&"R-REST"));
    assert_eq!(
        logged["pain_during"], 7,
        "the session itself is still there"
    );

    let html = page(&runner.session, "/today").await;
    assert!(html.contains("take it easier"), "{html}");
    assert!(html.contains("For the rest of today") && html.contains("Tomorrow"));
    assert!(html.contains("<summary>Why?</summary>"));
    assert!(
        !html.contains("Well done"),
        "no praise after a flare: {html}"
    );

    // The clinician sees it on their caseload the same day.
    let flags = flags_of(&north.physio, &id).await;
    assert!(flags.contains(&"pain-rules".to_string()), "{flags:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn r_pm1_a_session_over_the_limit_gets_advice_and_flags_the_clinician_on_sqlite() {
    advice_after_a_painful_session(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn r_pm1_a_session_over_the_limit_gets_advice_and_flags_the_clinician_on_postgres() {
    advice_after_a_painful_session(Backend::Postgres).await;
}

async fn red_flag_mid_programme(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let north = clinic(&server, "north").await;
    let runner = cared_patient(&server, &north, "bo", "Achilles tendinopathy", &[]).await;
    let id = runner.user.id.to_string();
    log_session(&runner, 3, 3).await;

    // Today links to the questions; all "no" changes nothing.
    let today = page(&runner.session, "/today").await;
    assert!(today.contains("href=\"/today/symptoms\""));
    let form = page(&runner.session, "/today/symptoms").await;
    assert!(form.contains("name=\"calf-clot\""), "{form}");
    let questions: Vec<String> = form
        .split("name=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|name| !name.starts_with('_'))
        .map(str::to_string)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let no: Vec<(&str, &str)> = questions.iter().map(|name| (name.as_str(), "no")).collect();
    assert_eq!(
        post_ok(&runner.session, "/today/symptoms", &no).await,
        "/today"
    );
    assert!(
        !flags_of(&north.physio, &id)
            .await
            .contains(&"red-flag".to_string())
    );

    // An unanswered question is named, and nothing is stored.
    let response = runner
        .session
        .post_form("/today/symptoms", &[("calf-clot", "yes")])
        .await;
    assert_eq!(response.status().as_u16(), 422);

    // A swollen, painful calf: the programme stops at once and the clinician sees it.
    let yes: Vec<(&str, &str)> = questions
        .iter()
        .map(|name| {
            (
                name.as_str(),
                if name == "calf-clot" { "yes" } else { "no" },
            )
        })
        .collect();
    assert_eq!(
        post_ok(&runner.session, "/today/symptoms", &yes).await,
        "/today"
    );
    let stopped = page(&runner.session, "/today").await;
    assert!(stopped.contains("Please see a clinician"), "{stopped}");
    let flags = flags_of(&north.physio, &id).await;
    assert_eq!(
        flags.first().map(String::as_str),
        Some("red-flag"),
        "{flags:?}"
    );
    let refused = runner
        .session
        .send_json(
            Method::POST,
            &format!("/api/v1/patients/{id}/sessions"),
            &json!({"sets": [], "pain_during": 2, "pain_after": 2}),
        )
        .await;
    assert_eq!(refused.status().as_u16(), 409, "no training while stopped");

    // The API twin answers with the standing stop; a clinician may not report for the patient.
    let again = runner
        .session
        .send_json(
            Method::POST,
            &format!("/api/v1/patients/{id}/red-flags"),
            &json!({"answers": {"calf-clot": false}}),
        )
        .await;
    assert_eq!(again.status().as_u16(), 200);
    let outcome: Value = again.json().await.unwrap();
    assert_eq!(outcome["outcome"], "stopped", "{outcome}");
    let by_physio = north
        .physio
        .send_json(
            Method::POST,
            &format!("/api/v1/patients/{id}/red-flags"),
            &json!({"answers": {"calf-clot": true}}),
        )
        .await;
    assert_eq!(by_physio.status().as_u16(), 403);
}

#[tokio::test(flavor = "multi_thread")]
async fn rf_dvt_a_red_flag_reported_mid_programme_stops_it_the_same_day_on_sqlite() {
    red_flag_mid_programme(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn rf_dvt_a_red_flag_reported_mid_programme_stops_it_the_same_day_on_postgres() {
    red_flag_mid_programme(Backend::Postgres).await;
}

async fn clot_on_the_screening_form(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let north = clinic(&server, "north").await;
    let runner = cared_patient(&server, &north, "cy", "Achilles tendinopathy", &[]).await;
    let id = runner.user.id.to_string();
    let answers: Vec<(&str, &str)> = crate::patient_support::SCREENING
        .iter()
        .map(|&(name, answer)| {
            (
                name,
                if name == "suspected_clot" {
                    "yes"
                } else {
                    answer
                },
            )
        })
        .collect();
    post_ok(&runner.session, "/massage-gun/screening", &answers).await;
    let stopped = page(&runner.session, "/today").await;
    assert!(stopped.contains("Please see a clinician"), "{stopped}");
    let flags = flags_of(&north.physio, &id).await;
    assert_eq!(
        flags.first().map(String::as_str),
        Some("red-flag"),
        "{flags:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn rf_dvt_a_clot_told_on_the_gun_screening_stops_the_programme_on_sqlite() {
    clot_on_the_screening_form(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn rf_dvt_a_clot_told_on_the_gun_screening_stops_the_programme_on_postgres() {
    clot_on_the_screening_form(Backend::Postgres).await;
}
