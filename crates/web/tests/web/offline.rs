//! Installing Tendo and using it offline, over HTTP: the manifest and its icon, the service
//! worker, the hooks the patient's pages give the offline queue, signing out clearing what the
//! device kept, and a session kept offline being refused on another day but saved once on its
//! own. The browser side (the worker serving pages with the network off, the queue sending
//! once) is `browser_offline.rs`.

use jiff::ToSpan;
use jiff::civil::Date;
use reqwest::Method;
use serde_json::{Value, json};

use crate::harness::TestServer;
use crate::patient_support::{intake, page, patient};

#[tokio::test(flavor = "multi_thread")]
async fn the_app_installs_with_a_manifest_an_icon_and_a_service_worker() {
    let server = TestServer::start().await;
    let client = reqwest::Client::new();
    let manifest = client
        .get(format!("{}/manifest.webmanifest", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(manifest.status().as_u16(), 200);
    assert_eq!(
        manifest.headers()["content-type"],
        "application/manifest+json"
    );
    let manifest: Value = manifest.json().await.expect("the manifest is JSON");
    assert_eq!(manifest["start_url"], "/today");
    assert_eq!(manifest["scope"], "/");
    assert_eq!(manifest["display"], "standalone");
    assert!(!manifest["name"].as_str().unwrap().is_empty());
    let icons = manifest["icons"].as_array().expect("icons");
    assert!(!icons.is_empty());
    for icon in icons {
        let src = icon["src"].as_str().unwrap();
        let response = client
            .get(format!("{}{src}", server.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "{src}");
        assert_eq!(
            response.headers()["content-type"],
            icon["type"].as_str().unwrap()
        );
        let svg = response.text().await.unwrap();
        roxmltree::Document::parse(&svg).expect("the icon is well-formed SVG");
    }

    let worker = client
        .get(format!("{}/sw.js", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(worker.status().as_u16(), 200);
    assert!(
        worker.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    assert_eq!(
        worker.headers()["cache-control"],
        "no-cache",
        "a new worker replaces the old one at the next visit"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn patient_pages_link_the_manifest_and_carry_the_offline_queue() {
    let server = TestServer::start().await;
    let runner = patient(&server, "north").await;
    intake(&runner, "Achilles tendinopathy", &[]).await;
    let today = page(&runner.session, "/today").await;
    assert!(today.contains(r#"<link rel="manifest" href="/manifest.webmanifest">"#));
    assert!(
        today.contains(&format!(r#"data-patient="{}""#, runner.user.id)),
        "the queue knows whose API to send to"
    );
    assert!(today.contains(r#"id="outbox""#) && today.contains(r#"aria-live="polite""#));
    let (_, view) = json_of(&runner.session, &today_path(&runner)).await;
    let items = view["today"]["items"].as_array().unwrap().len();
    assert!(
        today.contains(&format!(r#"data-workout-steps="{items}""#)),
        "Start session says how many steps to keep for offline use"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn signing_out_clears_what_the_device_kept() {
    let server = TestServer::start().await;
    let runner = patient(&server, "north").await;
    let response = runner.session.post_form("/logout", &[]).await;
    assert_eq!(response.status().as_u16(), 303);
    let cleared = response
        .headers()
        .get("clear-site-data")
        .expect("Clear-Site-Data is sent")
        .to_str()
        .unwrap()
        .to_string();
    assert!(cleared.contains("\"cache\"") && cleared.contains("\"storage\""));
}

fn today_path(runner: &crate::patient_support::Patient) -> String {
    format!("/api/v1/patients/{}/today", runner.user.id)
}

async fn json_of(session: &crate::harness::Session, path: &str) -> (u16, Value) {
    let response = session.get(path).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_kept_offline_is_saved_once_on_its_day_and_refused_on_another() {
    let server = TestServer::start().await;
    let runner = patient(&server, "north").await;
    intake(&runner, "Achilles tendinopathy", &[]).await;
    let (_, view) = json_of(&runner.session, &today_path(&runner)).await;
    let today: Date = view["today"]["date"].as_str().unwrap().parse().unwrap();
    let item = &view["today"]["items"][0];
    let set = if item["reps"].is_u64() {
        json!({"exercise": item["exercise"], "set_number": 1, "reps": 10})
    } else {
        json!({"exercise": item["exercise"], "set_number": 1, "hold_seconds": 30})
    };
    let base = format!("/api/v1/patients/{}/sessions", runner.user.id);
    let session = &runner.session;

    let yesterday = today.checked_sub(1.day()).unwrap();
    let refused = session
        .send_json(
            Method::PUT,
            &format!("{base}/draft"),
            &json!({"sets": [set], "date": yesterday.to_string()}),
        )
        .await;
    assert_eq!(refused.status().as_u16(), 422);
    let refused: Value = refused.json().await.unwrap();
    let field = &refused["error"]["fields"][0];
    assert_eq!(field["field"], "date");
    assert!(
        field["message"]
            .as_str()
            .unwrap()
            .contains(&today.to_string()),
        "the error says which day is allowed: {field}"
    );
    let (status, _) = json_of(session, &format!("{base}/draft")).await;
    assert_eq!(status, 404, "nothing was saved");

    let saved = session
        .send_json(
            Method::PUT,
            &format!("{base}/draft"),
            &json!({"sets": [set], "date": today.to_string()}),
        )
        .await;
    assert_eq!(saved.status().as_u16(), 200);
    let finish = |date: Date| {
        session
            .client
            .post(format!("{}{base}/draft/finish", session.base))
            .header("x-csrf-token", &session.csrf)
            .header("Idempotency-Key", "offline-queue-1")
            .json(&json!({"pain_during": 2, "pain_after": 2, "date": date.to_string()}))
            .send()
    };
    let wrong_day = finish(yesterday).await.unwrap();
    assert_eq!(wrong_day.status().as_u16(), 422, "a finish for another day");
    for _ in 0..2 {
        let logged = finish(today).await.unwrap();
        assert_eq!(logged.status().as_u16(), 201);
    }
    let (_, history) = json_of(session, &base).await;
    let sessions = history["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 1, "sent twice, stored once");
    assert_eq!(sessions[0]["date"], today.to_string());
}
