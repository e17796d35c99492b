//! A clinician in headless Chromium: triaging the caseload, opening the flagged patient,
//! changing the plan (an unsafe prescription refused first), writing and signing a note; the
//! patient then sees the change. Screenshots are kept; every workspace page fits a phone.

use std::time::{Duration, Instant};

use thirtyfour::prelude::*;

use crate::browser::{Browser, Options};
use crate::clinic_support::{cared_patient, clinic, log_session};
use crate::harness::TestServer;

/// Sets a field's value directly (selects and inputs alike).
async fn set_value(browser: &Browser, id: &str, value: &str) {
    browser
        .driver
        .execute(
            "document.getElementById(arguments[0]).value = arguments[1];",
            vec![serde_json::json!(id), serde_json::json!(value)],
        )
        .await
        .unwrap();
}

/// Clicks the radio button or checkbox `name` = `value`.
async fn choose(browser: &Browser, name: &str, value: &str) {
    browser
        .driver
        .find(By::Css(format!("input[name='{name}'][value='{value}']")))
        .await
        .unwrap_or_else(|_| panic!("no choice {name}={value}"))
        .click()
        .await
        .unwrap();
}

/// Follows the link whose text is `text`.
async fn follow(browser: &Browser, text: &str) {
    browser
        .driver
        .find(By::LinkText(text))
        .await
        .unwrap_or_else(|_| panic!("no link `{text}`"))
        .click()
        .await
        .unwrap();
    browser.wait_for_load().await;
}

async fn wait_for_text(browser: &Browser, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if browser.text().await.contains(text) {
            return;
        }
        assert!(Instant::now() < deadline, "the page never said `{text}`");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_clinician_triages_changes_the_plan_and_signs_a_note() {
    let server = TestServer::start().await;
    let north = clinic(&server, "north").await;
    let ana = cared_patient(&server, &north, "ana", "Achilles tendinopathy", &[]).await;
    let ben = cared_patient(
        &server,
        &north,
        "ben",
        "Achilles tendinopathy",
        &["calf-clot"],
    )
    .await;
    cared_patient(&server, &north, "cleo", "Achilles tendinopathy", &[]).await;
    log_session(&ana, 7, 6).await;

    let browser = Browser::open(&server, "clinician_workspace").await;
    browser.sign_in(&north.clinician.email).await;
    assert_eq!(browser.path().await, "/clinic/caseload");
    let text = browser.text().await;
    let ben_at = text.find(&ben.user.name).unwrap();
    let ana_at = text.find(&ana.user.name).unwrap();
    assert!(ben_at < ana_at, "the red flag comes first");
    assert!(text.contains("R-PM1") && text.contains("RF-DVT"));
    browser.screenshot("caseload").await;

    set_value(&browser, "flag", "pain-rules").await;
    browser.press("Show").await;
    let filtered = browser.text().await;
    assert!(filtered.contains(&ana.user.name) && !filtered.contains(&ben.user.name));
    browser.screenshot("caseload-filtered").await;

    follow(&browser, &ana.user.name).await;
    assert_eq!(
        browser.path().await,
        format!("/clinic/patients/{}", ana.user.id)
    );
    browser.screenshot("record").await;

    // An unsafe prescription first: refused with its rule, the reason kept.
    choose(&browser, "gun", "prescribe").await;
    let neck = tendo_core::massage_gun::Site::ALL
        .iter()
        .position(|site| *site == tendo_core::massage_gun::Site::Neck)
        .unwrap();
    browser.fill(&format!("gun-site-{neck}"), "1").await;
    browser.fill("sessions_per_week", "4").await;
    browser
        .fill("reason", "Pain above 5 after hills: four shorter days")
        .await;
    browser.press("Save the new plan version").await;
    wait_for_text(&browser, "Please check").await;
    assert!(browser.text().await.contains("A21"));
    browser.screenshot("record-change-refused").await;
    let soleus = tendo_core::massage_gun::Site::ALL
        .iter()
        .position(|site| *site == tendo_core::massage_gun::Site::Soleus)
        .unwrap();
    browser.fill(&format!("gun-site-{neck}"), "").await;
    browser.fill(&format!("gun-site-{soleus}"), "2").await;
    browser.press("Save the new plan version").await;
    wait_for_text(&browser, "Plan version 2 saved").await;
    browser.screenshot("record-changed").await;

    follow(&browser, "New follow-up note").await;
    browser
        .fill("subjective", "Sore after hills; settles by morning.")
        .await;
    browser
        .fill("assessment", "Reactive midportion tendinopathy, calming.")
        .await;
    browser.press("Save and sign").await;
    wait_for_text(&browser, "Note signed").await;
    assert!(browser.text().await.contains("A signed note never changes"));
    browser.screenshot("note-signed").await;
    browser.press("Sign out").await;

    browser.sign_in(&ana.user.email).await;
    browser.goto("/plan").await;
    let plan = browser.text().await;
    assert!(plan.contains("Your clinician's reason: Pain above 5 after hills: four shorter days"));
    // Heavy slow resistance keeps its three days however many the clinician set: the plan
    // says the figure it uses, the same as each exercise's, and its reasons say why.
    assert!(plan.contains("3 training days a week"), "{plan}");
    assert!(plan.contains("3 days a week, once a day"));
    assert!(!plan.contains("4 training days a week"));
    assert!(plan.contains("soleus (deep calf) 2 min"));
    browser.screenshot("patient-sees-the-change").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_workspace_page_fits_a_phone() {
    let server = TestServer::start().await;
    let north = clinic(&server, "north").await;
    let ana = cared_patient(&server, &north, "ana", "Achilles tendinopathy", &[]).await;
    let ben = cared_patient(
        &server,
        &north,
        "ben",
        "Achilles tendinopathy",
        &["calf-clot"],
    )
    .await;
    log_session(&ana, 7, 6).await;
    let browser = Browser::open_with(
        &server,
        "every_workspace_page_fits_a_phone",
        Options {
            phone: true,
            ..Options::default()
        },
    )
    .await;
    browser.sign_in(&north.clinician.email).await;
    let record = format!("/clinic/patients/{}", ana.user.id);
    for (path, shot) in [
        ("/clinic/caseload".to_string(), "phone-caseload"),
        (record.clone(), "phone-record"),
        (
            format!("/clinic/patients/{}", ben.user.id),
            "phone-record-stopped",
        ),
        (
            format!("{record}/notes/new?kind=first-assessment"),
            "phone-note",
        ),
        ("/messages".to_string(), "phone-messages"),
        (format!("/messages/{}", ana.user.id), "phone-thread"),
    ] {
        browser.goto(&path).await;
        browser.screenshot(shot).await;
        let overflow = browser.overflowing().await;
        assert!(overflow.is_empty(), "{path} fits 360 pixels: {overflow:?}");
    }
    browser.press("Sign out").await;
    browser.sign_in("admin@north.test").await;
    browser.goto("/clinic/settings").await;
    browser.screenshot("phone-settings").await;
    assert!(
        browser.overflowing().await.is_empty(),
        "settings fit 360 pixels"
    );
    browser.close().await;
}
