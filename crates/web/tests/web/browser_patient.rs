//! The patient's journey in headless Chromium, as a new patient would walk it, with screenshots
//! of the main pages; and every main page at phone width.

use std::time::{Duration, Instant};

use tendo_app::access::{Caller, Credential, RequestMeta};
use tendo_app::accounts::{self, InviteForm};
use tendo_store::accounts::Role;
use thirtyfour::prelude::*;

use crate::browser::{Browser, Options};
use crate::harness::{PASSWORD, TestServer};
use crate::patient_support::{DAY, intake, patient, post_ok};

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

/// Sets a field's value directly (date inputs take typed text in the browser's locale).
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

/// The value of a field.
async fn value_of(browser: &Browser, id: &str) -> String {
    browser
        .driver
        .find(By::Id(id))
        .await
        .unwrap()
        .value()
        .await
        .unwrap()
        .unwrap_or_default()
}

/// Waits until the page's text contains `text`.
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
async fn a_new_patient_walks_the_whole_journey_in_a_browser() {
    let server = TestServer::start().await;
    let clinic = server.clinic("north").await;
    let physio = server
        .user(&clinic, "physio@north.test", Role::Clinician)
        .await;
    let caller = Caller {
        user: physio,
        credential: Credential::Session,
        meta: RequestMeta::default(),
    };
    let invited = accounts::invite(
        &server.app,
        &caller,
        &InviteForm {
            email: "sam@runner.test".into(),
            name: "Sam Runner".into(),
            role: Role::Patient,
            profession: None,
            care_clinician: None,
        },
    )
    .await
    .unwrap();
    let browser = Browser::open(
        &server,
        "a_new_patient_walks_the_whole_journey_in_a_browser",
    )
    .await;

    // Sign in through the invitation.
    browser
        .goto(&format!("/invitations/{}", invited.token))
        .await;
    browser.fill("password", PASSWORD).await;
    browser.fill("confirm", PASSWORD).await;
    browser.fill("time_zone", "Europe/London").await;
    browser.press("Create my account").await;
    assert_eq!(
        browser.path().await,
        "/intake/condition",
        "a new patient starts with the intake"
    );

    // Intake, step by step.
    browser.fill("condition", "Achilles tendinitis").await;
    choose(&browser, "side", "left").await;
    choose(&browser, "location", "not-sure").await;
    browser.screenshot("intake-condition").await;
    browser.press("Save and continue").await;
    assert_eq!(browser.path().await, "/intake/history");
    assert!(
        browser.text().await.contains("stays at floor level"),
        "an unknown location keeps the plan at floor level, and says so"
    );
    set_value(&browser, "started_on", "2025-10-01").await;
    choose(&browser, "onset", "gradual").await;
    choose(&browser, "changes", "hills").await;
    browser.press("Save and continue").await;
    assert_eq!(browser.path().await, "/intake/red-flags");
    let noes = browser
        .driver
        .find_all(By::Css("input[type='radio'][value='no']"))
        .await
        .unwrap();
    assert!(noes.len() >= 8, "the Achilles safety questions are asked");
    for no in noes {
        no.click().await.unwrap();
    }
    browser.press("Save and continue").await;
    assert_eq!(browser.path().await, "/intake/massage-gun");
    choose(&browser, "normal_sensation", "yes").await;
    choose(&browser, "heel_bursitis", "no").await;
    choose(&browser, "tendon_settled", "no").await;
    for question in [
        "suspected_clot",
        "blood_thinners",
        "bleeding_disorder",
        "pregnant",
        "implanted_device",
    ] {
        choose(&browser, question, "no").await;
    }
    browser.press("Save and continue").await;
    assert_eq!(browser.path().await, "/intake/baseline");
    for (id, value) in [
        ("morning_pain", "2"),
        ("days_per_week", "3"),
        ("heel_raise_pain", "3"),
        ("q1", "4"),
        ("q2", "5"),
        ("q3", "5"),
        ("q4", "6"),
        ("q5", "4"),
        ("q6", "3"),
    ] {
        browser.fill(id, value).await;
    }
    choose(&browser, "q7", "4").await;
    choose(&browser, "q8_branch", "b").await;
    choose(&browser, "q8_minutes", "1-10").await;
    browser.screenshot("intake-baseline").await;
    browser.press("Save and see my plan").await;

    // The plan.
    assert_eq!(browser.path().await, "/plan");
    let plan = browser.text().await;
    // The level in plain words; the programme's name behind its own disclosure.
    assert!(plan.contains("Heavy, slow lifts for week 1"), "{plan}");
    assert!(!plan.contains("heavy slow resistance"), "{plan}");
    browser.tap("Which programme is this?").await;
    assert!(browser.text().await.contains("heavy slow resistance"));
    assert!(plan.contains("A clinician will review it"));
    browser.screenshot("plan").await;

    // Today: the rest timer counts in, then runs; then log a session with pain.
    browser.goto("/today").await;
    browser
        .tap("Start rest after Seated calf raise, knee bent")
        .await;
    wait_for_text(&browser, "Go: rest").await;
    browser
        .tap("Stop the timer for Seated calf raise, knee bent")
        .await;
    wait_for_text(&browser, "Stopped: rest").await;
    assert_eq!(
        value_of(&browser, "sets[0].reps").await,
        "15",
        "sets start at the plan's target"
    );
    browser.fill("sets[0].load_kg", "20").await;
    browser.fill("pain_during", "4").await;
    browser.fill("pain_after", "3").await;
    browser.press("Save this session").await;
    assert!(browser.text().await.contains("Session saved"));
    browser.screenshot("today-logged").await;

    // The next morning: the check-in, and the decision changes the plan.
    server.advance(DAY);
    browser.goto("/today").await;
    assert!(browser.text().await.contains("Your next-morning check-in"));
    browser.fill("pain", "6").await;
    browser.press("Save my check-in").await;
    let today = browser.text().await;
    assert!(today.contains("Step back: lighter, not stopped"), "{today}");
    browser.screenshot("decision").await;
    browser.goto("/plan").await;
    let plan = browser.text().await;
    assert!(
        plan.contains("Version 2") && plan.contains("eased while the pain settles"),
        "{plan}"
    );

    // A massage-gun timer, shortened for the test (a minute lasts one second).
    browser.goto("/massage-gun?seconds_per_minute=1").await;
    browser
        .tap("Start timer for the gastrocnemius (upper calf)")
        .await;
    wait_for_text(&browser, "Done: gastrocnemius (upper calf)").await;
    assert_eq!(
        value_of(&browser, "sites[0].minutes").await,
        "2.5",
        "the timer stops at the site's limit"
    );
    browser.screenshot("massage-gun").await;
    browser.press("Log this session").await;
    let gun = browser.text().await;
    assert!(gun.contains("Session logged"), "{gun}");
    assert!(
        gun.contains("Not yet"),
        "the next session must wait 48 hours"
    );

    // VISA-A.
    browser.goto("/questionnaires").await;
    for (id, value) in [
        ("q1", "6"),
        ("q2", "6"),
        ("q3", "7"),
        ("q4", "7"),
        ("q5", "6"),
        ("q6", "5"),
    ] {
        browser.fill(id, value).await;
    }
    choose(&browser, "q7", "7").await;
    choose(&browser, "q8_branch", "b").await;
    choose(&browser, "q8_minutes", "11-20").await;
    browser.press("Save my answers").await;
    let questionnaires = browser.text().await;
    assert!(
        questionnaires.contains("Your VISA-A score is"),
        "{questionnaires}"
    );
    assert!(questionnaires.contains("Since your first"));
    browser.screenshot("questionnaires").await;

    // The charts.
    browser.goto("/progress").await;
    let charts = browser
        .driver
        .find_all(By::Css("svg[role='img']"))
        .await
        .unwrap();
    assert_eq!(charts.len(), 4, "pain, load, adherence and VISA-A");
    assert!(browser.text().await.contains("This week in words"));
    browser.screenshot("progress").await;
    let violations = browser.csp_violations().await;
    assert!(
        violations.is_empty(),
        "every page's script ran under the content security policy: {violations:?}"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_patient_page_fits_a_phone() {
    let server = TestServer::start().await;
    let done = patient(&server, "north").await;
    intake(&done, "Achilles tendinopathy", &[]).await;
    post_ok(
        &done.session,
        "/today/session",
        &[
            ("sets[0].exercise", "seated-calf-raise-bent-knee"),
            ("sets[0].set_number", "1"),
            ("sets[0].reps", "15"),
            ("sets[0].load_kg", "17.5"),
            ("pain_during", "3"),
            ("pain_after", "2"),
        ],
    )
    .await;
    post_ok(
        &done.session,
        "/running",
        &[
            ("week", "2025-12-01"),
            ("distance_km", "20"),
            ("hard_sessions", "0"),
        ],
    )
    .await;
    post_ok(
        &done.session,
        "/running",
        &[
            ("week", "2025-12-08"),
            ("distance_km", "32"),
            ("hard_sessions", "3"),
        ],
    )
    .await;
    server.advance(DAY);

    let fresh = server
        .user(&done.clinic, "new@north.test", Role::Patient)
        .await;
    let fresh_session = server.session_for(&fresh).await;
    post_ok(
        &fresh_session,
        "/intake/condition",
        &[
            ("condition", "proximal hamstring tendinopathy"),
            ("side", "both"),
        ],
    )
    .await;

    let browser = Browser::open_with(
        &server,
        "every_patient_page_fits_a_phone",
        Options {
            phone: true,
            ..Options::default()
        },
    )
    .await;
    browser.sign_in("new@north.test").await;
    for step in [
        "condition",
        "history",
        "red-flags",
        "massage-gun",
        "baseline",
    ] {
        let path = format!("/intake/{step}");
        browser.goto(&path).await;
        browser.screenshot(&format!("phone-intake-{step}")).await;
        let overflow = browser.overflowing().await;
        assert!(overflow.is_empty(), "{path} fits 360 pixels: {overflow:?}");
    }
    browser.press("Sign out").await;

    browser.sign_in("runner@north.test").await;
    for (path, shot) in [
        ("/today", "phone-today"),
        ("/today/symptoms", "phone-symptoms"),
        ("/plan", "phone-plan"),
        ("/massage-gun", "phone-massage-gun"),
        ("/massage-gun/screening", "phone-screening"),
        ("/questionnaires", "phone-questionnaires"),
        ("/progress", "phone-progress"),
        ("/running", "phone-running"),
        ("/learn", "phone-learn"),
        ("/learn/loading-not-massage", "phone-learn-topic"),
    ] {
        browser.goto(path).await;
        browser.screenshot(shot).await;
        let overflow = browser.overflowing().await;
        assert!(overflow.is_empty(), "{path} fits 360 pixels: {overflow:?}");
    }
    // The smallest phones: at 320 pixels the week strip keeps every word whole.
    browser
        .driver
        .set_window_rect(0, 0, 320, 800)
        .await
        .expect("the window narrows");
    browser.goto("/today").await;
    browser.screenshot("phone-320-today").await;
    let broken = browser
        .driver
        .execute(
            r##"
            const out = [];
            for (const span of document.querySelectorAll("ol.week-strip li span")) {
                const text = span.firstChild;
                if (!text || text.nodeType !== Node.TEXT_NODE) continue;
                let at = 0;
                for (const word of text.textContent.split(" ")) {
                    const range = document.createRange();
                    range.setStart(text, at);
                    range.setEnd(text, at + word.length);
                    const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
                    if (word && lines.size > 1) out.push(word);
                    if (span.scrollWidth > span.clientWidth + 1) out.push(word + " (overflows)");
                    at += word.length + 1;
                }
            }
            return out;
            "##,
            Vec::new(),
        )
        .await
        .expect("the script runs");
    let broken: Vec<String> = serde_json::from_value(broken.json().clone()).unwrap();
    assert!(
        broken.is_empty(),
        "words broken in the week strip: {broken:?}"
    );
    assert!(
        browser.overflowing().await.is_empty(),
        "today fits 320 pixels"
    );
    let body = browser.driver.find(By::Tag("body")).await.unwrap();
    body.send_keys(Key::Tab).await.unwrap();
    let focused = browser.driver.active_element().await.unwrap();
    assert_eq!(focused.text().await.unwrap(), "Skip to content");
    browser.close().await;
}
