//! A patient's full export through the API and the download page: whole JSON sent as it is
//! read, the same records either way, for the patient and their clinic's administrator only,
//! every export audited.

use reqwest::header;
use serde_json::Value;
use tendo_store::accounts::Role;

use crate::harness::{Backend, TestServer};
use crate::patient_support::{DAY, audit_actions, intake, log_session, patient, physio_of};

#[tokio::test(flavor = "multi_thread")]
async fn a_patient_exports_everything_through_the_api_and_the_page_on_sqlite() {
    exports_everything(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_patient_exports_everything_through_the_api_and_the_page_on_postgres() {
    exports_everything(Backend::Postgres).await;
}

async fn exports_everything(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let runner = patient(&server, "export").await;
    intake(&runner, "Achilles tendinopathy", &[]).await;
    log_session(&runner).await;
    server.advance(DAY);
    log_session(&runner).await;
    let path = format!("/api/v1/patients/{}/export", runner.user.id);

    let response = runner.session.get(&path).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    let text = response.text().await.unwrap();
    assert!(!text.contains("token_hash"), "no token hashes");
    let api: Value = serde_json::from_str(&text).expect("the export is whole JSON");
    assert_eq!(api["account"]["email"], runner.user.email);
    let sessions = api["records"]["training_sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 2, "both sessions");
    assert!(sessions.iter().all(|session| session["pain_during"] == 2));
    assert_eq!(
        api["records"]["intakes"][0]["patient_id"],
        runner.user.id.to_string()
    );
    assert!(api["records"]["sessions"].is_null(), "no sign-in sessions");

    let download = runner.session.get("/account/export").await;
    assert_eq!(download.status(), 200);
    let page: Value = download.json().await.unwrap();
    assert_eq!(
        page["records"], api["records"],
        "the page and the API agree"
    );

    let admin = server
        .user(&runner.clinic, "admin@export.test", Role::Admin)
        .await;
    let admin = server.session_for(&admin).await;
    let by_admin: Value = admin.get(&path).await.json().await.unwrap();
    assert_eq!(by_admin["records"], api["records"]);

    let physio = physio_of(&server, &runner).await;
    assert_eq!(
        physio.get(&path).await.status(),
        403,
        "not for the care team"
    );
    let stranger = patient(&server, "elsewhere").await;
    assert_eq!(stranger.session.get(&path).await.status(), 404);

    let exports = audit_actions(&server, &runner)
        .await
        .iter()
        .filter(|action| *action == "patient.export")
        .count();
    assert_eq!(exports, 3, "each export is in the audit log");
}
