//! axe-core, run in headless Chromium at phone width, finds no accessibility fault on the
//! patient's gym pages: the intake's last step (with the equipment question), Today, each step
//! of workout mode and its pain questions, the plan with its demonstrations, progress,
//! reminders, the account page with the patient's own report and logs, and a page showing a
//! session waiting to be sent.
//! Screenshots of each are kept as test artefacts.

use tendo_store::accounts::Role;

use crate::browser::{Browser, Options};
use crate::harness::TestServer;
use crate::patient_support::{Patient, intake, intake_until_baseline, patient};

#[tokio::test(flavor = "multi_thread")]
async fn the_patients_gym_pages_have_no_accessibility_faults_at_phone_width() {
    let server = TestServer::start().await;
    let runner = patient(&server, "north").await;
    intake(&runner, "Achilles tendinopathy", &[]).await;
    let browser = Browser::open_with(
        &server,
        "gym_pages_accessibility",
        Options {
            phone: true,
            ..Options::default()
        },
    )
    .await;
    let mut faults = Vec::new();

    // A newcomer at the intake's last step, which asks what they have to train with.
    let user = server
        .user(&runner.clinic, "newcomer@north.test", Role::Patient)
        .await;
    let newcomer = Patient {
        clinic: runner.clinic.clone(),
        session: server.session_for(&user).await,
        user,
    };
    intake_until_baseline(&newcomer, "Achilles tendinopathy").await;
    browser.sign_in("newcomer@north.test").await;
    browser.goto("/intake/baseline").await;
    browser
        .wait_for_text(
            "What do you have to train with?",
            std::time::Duration::from_secs(5),
        )
        .await;
    browser
        .driver
        .execute(
            r#"Array.from(document.querySelectorAll("legend"))
                 .find(function (legend) { return legend.textContent.indexOf("train with") >= 0; })
                 .scrollIntoView();"#,
            Vec::new(),
        )
        .await
        .expect("the equipment question is on the page");
    browser.screenshot("intake-equipment").await;
    for fault in browser.axe_violations().await {
        faults.push(format!("/intake/baseline: {fault}"));
    }
    assert!(
        browser.overflowing().await.is_empty(),
        "the intake fits a phone"
    );
    browser.press("Sign out").await;

    browser.sign_in("runner@north.test").await;
    let pages = [
        ("/today", "today"),
        ("/today/workout", "workout-step"),
        ("/today/workout?exercise=2", "workout-second-step"),
        ("/today/workout?step=finish", "workout-finish"),
        ("/plan", "plan"),
        ("/progress", "progress"),
        ("/account/reminders", "reminders"),
        ("/account", "account-and-own-report"),
    ];
    for (path, name) in pages {
        browser.goto(path).await;
        browser.screenshot(name).await;
        for fault in browser.axe_violations().await {
            faults.push(format!("{path}: {fault}"));
        }
        let overflowing = browser.overflowing().await;
        assert!(
            overflowing.is_empty(),
            "{path} is wider than a phone: {overflowing:?}"
        );
    }

    // The notice of what waits to be sent, as the offline queue shows it.
    browser.goto("/today").await;
    browser
        .driver
        .execute(
            r#"localStorage.setItem("tendo-outbox", JSON.stringify([
                 {key: "offline-a11y", patient: "x", date: "2026-03-02", sets: [], pain_during: 1,
                  pain_after: 1, note: "", error: "the server answered 422"}]));"#,
            Vec::new(),
        )
        .await
        .expect("the queue is filled");
    browser.goto("/plan").await;
    browser
        .wait_for_text("could not be saved", std::time::Duration::from_secs(5))
        .await;
    browser.screenshot("outbox-notice").await;
    for fault in browser.axe_violations().await {
        faults.push(format!("outbox notice: {fault}"));
    }
    assert!(faults.is_empty(), "axe-core found:\n{}", faults.join("\n"));
    browser.close().await;
}
