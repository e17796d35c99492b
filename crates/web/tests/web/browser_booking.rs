//! Booking in a real browser: the public flow from the clinic's page to a booked appointment,
//! and a video consultation between two browsers with fake cameras.

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};
use thirtyfour::prelude::*;

use crate::booking_support::{fixture, london};
use crate::browser::{Browser, Options};
use crate::harness::{PASSWORD, TestServer};

#[tokio::test(flavor = "multi_thread")]
async fn a_new_patient_books_a_video_consultation_from_the_public_page() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let browser = Browser::open_with(
        &server,
        "a_new_patient_books_a_video_consultation",
        Options {
            phone: true,
            ..Options::default()
        },
    )
    .await;
    browser.goto("/c/north").await;
    browser.screenshot("1-clinic").await;
    assert!(
        browser.overflowing().await.is_empty(),
        "the clinic page fits a phone: {:?}",
        browser.overflowing().await
    );
    browser
        .driver
        .find(By::LinkText("Book a video consultation"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.wait_for_load().await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while !browser
        .driver
        .current_url()
        .await
        .unwrap()
        .as_str()
        .contains("tz=")
    {
        assert!(
            Instant::now() < deadline,
            "the page asks for the browser's zone"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    browser.wait_for_load().await;
    browser.screenshot("2-times").await;
    assert!(
        browser.overflowing().await.is_empty(),
        "the times fit a phone: {:?}",
        browser.overflowing().await
    );
    let first_time = browser.driver.find(By::Css("ul.times a")).await.unwrap();
    first_time.click().await.unwrap();
    browser.wait_for_load().await;
    browser.screenshot("3-confirm").await;
    assert!(
        browser.text().await.contains("24 hours"),
        "the cancellation window is stated"
    );
    browser.fill("name", "Robin Runner").await;
    browser.fill("email", "robin@runner.test").await;
    browser.fill("password", "short").await;
    browser.press("Create account and continue").await;
    assert!(
        browser.text().await.contains("use at least"),
        "the password rule is shown beside the field"
    );
    assert_eq!(
        browser
            .driver
            .find(By::Id("name"))
            .await
            .unwrap()
            .value()
            .await
            .unwrap()
            .as_deref(),
        Some("Robin Runner")
    );
    browser.fill("password", PASSWORD).await;
    browser.press("Create account and continue").await;
    browser.screenshot("4-check-your-email").await;
    assert!(
        browser.text().await.contains("Check your email"),
        "the account is made from the link mailed to the address"
    );
    let link = server
        .store()
        .mail_to("robin@runner.test", 5)
        .await
        .unwrap()
        .iter()
        .find_map(|mail| {
            mail.body
                .lines()
                .find(|line| line.contains("/sign-up/"))
                .map(|line| line.trim().to_string())
        })
        .expect("a sign-up link is mailed");
    let path = link.strip_prefix(&server.base).unwrap().to_string();
    browser.goto(&path).await;
    browser.screenshot("5-finish").await;
    assert!(browser.text().await.contains("Initial video assessment"));
    browser.press("Finish and continue").await;
    assert!(browser.path().await.starts_with("/appointments/"));
    let text = browser.text().await;
    assert!(text.contains("Booked. A confirmation"));
    assert!(text.contains("Initial video assessment"));
    browser.screenshot("6-booked").await;
    assert!(
        browser.overflowing().await.is_empty(),
        "the appointment fits a phone: {:?}",
        browser.overflowing().await
    );
    let robin = server
        .store()
        .credentials("robin@runner.test")
        .await
        .unwrap()
        .user;
    assert_eq!(robin.clinic_id, world.clinic.id);
    assert_eq!(
        server
            .store()
            .patient_appointments(world.clinic.id, robin.id)
            .await
            .unwrap()
            .len(),
        1
    );
    browser.close().await;
}

/// Runs `script` in the page and returns its JSON answer.
pub(crate) async fn js(browser: &Browser, script: &str) -> Value {
    browser
        .driver
        .execute(script, Vec::new())
        .await
        .map(|answer| answer.json().clone())
        .unwrap_or(Value::Null)
}

/// Waits (up to 20 seconds) until the video room's `data-state` is `wanted`.
pub(crate) async fn wait_for_state(browser: &Browser, wanted: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let state = js(
            browser,
            "return document.getElementById('video-room').getAttribute('data-state');",
        )
        .await;
        if state == wanted {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the video room stayed `{state}`, not `{wanted}`: {}",
            browser.text().await
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

pub(crate) async fn state_of(browser: &Browser) -> String {
    browser
        .driver
        .execute(
            "return window.tendoVideo ? window.tendoVideo.connectionState : 'none';",
            Vec::new(),
        )
        .await
        .ok()
        .and_then(|r| r.json().as_str().map(str::to_string))
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn patient_and_physiotherapist_connect_in_the_video_room() {
    let server = TestServer::start_with(
        crate::harness::Backend::Sqlite,
        tendo_web::state::WebConfig {
            video: tendo_web::booking::VideoConfig {
                ice_servers: Vec::new(),
                turn_secret: None,
                loopback_only: true,
            },
            ..Default::default()
        },
    )
    .await;
    let world = fixture(&server, "north").await;
    let patient = server.session_for(&world.patient).await;
    let start = london(&server, 2, 10, 0);
    let booked: Value = patient
        .send_json(
            Method::POST,
            "/api/v1/appointments",
            &json!({"type": world.video.id.to_string(), "start": start.to_string()}),
        )
        .await
        .json()
        .await
        .unwrap();
    let room = format!("/appointments/{}/video", booked["id"].as_str().unwrap());
    assert!(
        patient
            .get(&room)
            .await
            .text()
            .await
            .unwrap()
            .contains("The room opens at"),
        "closed until shortly before"
    );
    let stranger = server.session_for(&world.other).await;
    assert_eq!(stranger.get(&room).await.status(), 404);
    let admin = server.session_for(&world.admin).await;
    assert_eq!(
        admin.get(&room).await.status(),
        403,
        "only the two people of the appointment join"
    );

    // Five minutes before the start the room is open.
    server.advance(start.duration_since(server.app.now()) - jiff::SignedDuration::from_mins(5));
    let media = Options {
        fake_media: true,
        ..Options::default()
    };
    let first = Browser::open_with(&server, "video-patient", media).await;
    let second = Browser::open_with(&server, "video-physio", media).await;
    first.sign_in("pat@north.test").await;
    second.sign_in("physio@north.test").await;
    // The device check comes first: a preview, the camera and microphone, a level.
    first.goto(&room).await;
    wait_for_state(&first, "setup").await;
    let devices = js(
        &first,
        "return [document.getElementById('video-camera').options.length, \
         document.getElementById('video-microphone').options.length, \
         !!document.getElementById('video-preview').srcObject];",
    )
    .await;
    assert!(
        devices[0].as_u64() >= Some(1) && devices[1].as_u64() >= Some(1) && devices[2] == true,
        "the fake camera and microphone are offered, with a preview: {devices}"
    );
    assert_eq!(
        state_of(&first).await,
        "none",
        "nothing is sent before joining"
    );
    // Alone in the room: a clear waiting state.
    first.tap("Join the call").await;
    wait_for_state(&first, "waiting").await;
    assert!(
        first
            .text()
            .await
            .contains(&format!("Waiting for {} to join", world.physio.name))
    );
    second.goto(&room).await;
    wait_for_state(&second, "setup").await;
    second.tap("Join the call").await;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (a, b) = (state_of(&first).await, state_of(&second).await);
        if a == "connected" && b == "connected" {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the two browsers did not connect: {a} / {b}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(first.text().await.contains("Connected."));
    // Mute and camera off switch the tracks off in the call, and the other side is told.
    first.tap("Mute microphone").await;
    first.tap("Turn camera off").await;
    let sending = js(
        &first,
        "return window.tendoVideo.getSenders().map(s => [s.track.kind, s.track.enabled]).sort();",
    )
    .await;
    assert_eq!(sending, json!([["audio", false], ["video", false]]));
    assert_eq!(
        js(
            &first,
            "return document.getElementById('video-mute').getAttribute('aria-pressed');"
        )
        .await,
        json!("true")
    );
    second
        .wait_for_text("has turned their camera off", Duration::from_secs(10))
        .await;
    first.tap("Unmute microphone").await;
    let sending = js(
        &first,
        "return window.tendoVideo.getSenders().map(s => [s.track.kind, s.track.enabled]).sort();",
    )
    .await;
    assert_eq!(sending, json!([["audio", true], ["video", false]]));
    first.screenshot("connected").await;
    second.screenshot("connected").await;
    for browser in [&first, &second] {
        let violations = browser.csp_violations().await;
        assert!(
            violations.is_empty(),
            "the room's script ran under the content security policy: {violations:?}"
        );
    }
    first.close().await;
    second.close().await;
}
