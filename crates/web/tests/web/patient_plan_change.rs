//! Honest changes: "Your clinician changed your plan" appears on Today and at the top of the
//! plan only when the clinician made the current version, with their reason; a plan nobody
//! changed says nothing of the kind, and a change that changes nothing makes no version.

use reqwest::Method;
use serde_json::json;

use crate::harness::TestServer;
use crate::patient_plain_words::{has_word, read_before_opening};
use crate::patient_support::{DAY, intake, page, patient, physio_of, plan_json};

const NOTICE: &str = "Your clinician changed";
const REASON: &str = "Calf sore after hills: one day fewer while it settles";

#[tokio::test(flavor = "multi_thread")]
async fn the_patient_reads_their_clinicians_change_and_reason_only_when_there_is_one() {
    let server = TestServer::start().await;
    let runner = patient(&server, "north").await;
    intake(&runner, "Achilles tendinopathy", &[]).await;
    for path in ["/today", "/plan"] {
        assert!(
            !page(&runner.session, path).await.contains(NOTICE),
            "{path}: nobody changed the plan made at intake"
        );
    }

    let physio = physio_of(&server, &runner).await;
    let plan_versions = format!("/api/v1/patients/{}/plan-versions", runner.user.id);
    let plan = plan_json(&runner).await;
    let level = plan["version"]["position"]["level"].as_u64().unwrap();
    let days = plan["version"]["sessions_per_week"].as_u64().unwrap();

    // The same level and days: nothing changes, so no version is made.
    let same = physio
        .send_json(
            Method::POST,
            &plan_versions,
            &json!({"level": level, "sessions_per_week": days, "reason": "no change"}),
        )
        .await;
    assert_eq!(same.status(), 422, "{}", same.text().await.unwrap());
    assert!(!page(&runner.session, "/today").await.contains(NOTICE));

    let changed = physio
        .send_json(
            Method::POST,
            &plan_versions,
            &json!({"level": level, "sessions_per_week": days - 1, "reason": REASON}),
        )
        .await;
    assert!(
        changed.status().is_success(),
        "{}",
        changed.text().await.unwrap()
    );
    for path in ["/today", "/plan"] {
        let shown = page(&runner.session, path).await;
        assert!(shown.contains(NOTICE), "{path}: {shown}");
        assert!(shown.contains(REASON), "{path} gives the reason");
    }

    // Progress tells the week's change in plain words too.
    let progress = page(&runner.session, "/progress").await;
    assert!(progress.contains("Your plan changed on"), "{progress}");
    // Read as the patient reads it (a random token in the page's markup may hold "RM").
    let read = read_before_opening(&progress);
    assert!(
        !has_word(&read, "Beyer") && !has_word(&read, "RM"),
        "{read}"
    );

    // A week on, Today has moved on; the plan still says who made it.
    server.advance(DAY * 8);
    assert!(!page(&runner.session, "/today").await.contains(NOTICE));
    assert!(page(&runner.session, "/plan").await.contains(NOTICE));
}
