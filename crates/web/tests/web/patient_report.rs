//! The patient's own report: their plan and progress as a PDF in their words, read back by
//! `pypdf` (an independent reader), with no rule codes; staff print theirs from the record.

use tendo_store::accounts::Role;

use crate::clinic_support::pdf_text;
use crate::harness::TestServer;
use crate::patient_support::{intake, patient};

#[tokio::test(flavor = "multi_thread")]
async fn a_patient_prints_their_plan_and_progress_in_plain_words() {
    let server = TestServer::start().await;
    let runner = patient(&server, "north").await;
    intake(&runner, "Achilles tendinopathy", &[]).await;
    let account = runner.session.get("/account").await.text().await.unwrap();
    assert!(account.contains("/account/report.pdf"));

    let response = runner.session.get("/account/report.pdf").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let text = pdf_text(&response.bytes().await.unwrap());
    assert!(text.contains("Progress report"), "{text}");
    assert!(
        text.contains("Heavy, slow lifts"),
        "the plan in plain words: {text}"
    );
    let codes: Vec<String> = tendo_core::evidence::rules()
        .iter()
        .map(|rule| rule.id.to_string())
        .filter(|code| code.contains('-'))
        .filter(|code| text.contains(code.as_str()))
        .collect();
    assert!(codes.is_empty(), "no rule codes for the patient: {codes:?}");
    assert!(!text.contains("Beyer"));

    let physio = server
        .user(&runner.clinic, "physio@north.test", Role::Clinician)
        .await;
    let physio = server.session_for(&physio).await;
    assert_eq!(physio.get("/account/report.pdf").await.status(), 403);
}
