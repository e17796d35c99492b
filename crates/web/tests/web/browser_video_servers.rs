//! Two headless Chromiums with fake cameras, each signed in on a different app server of one
//! PostgreSQL database, connect in the same video room: the signalling crosses between the
//! servers' rooms through `LISTEN`/`NOTIFY`.

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};

use crate::booking_support::{fixture, london};
use crate::browser::{Browser, Options};
use crate::browser_booking::{state_of, wait_for_state};
use crate::harness::{Backend, TestServer};

fn loopback_video() -> tendo_web::state::WebConfig {
    tendo_web::state::WebConfig {
        video: tendo_web::booking::VideoConfig {
            ice_servers: Vec::new(),
            turn_secret: None,
            loopback_only: true,
        },
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn r_video_patient_and_physiotherapist_on_two_servers_connect() {
    let first = TestServer::start_with(Backend::Postgres, loopback_video()).await;
    let second = first.start_beside_with(loopback_video()).await;
    let world = fixture(&first, "north").await;
    let patient = first.session_for(&world.patient).await;
    let start = london(&first, 2, 10, 0);
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
    // Both servers share the clock: five minutes before the start the room is open.
    first.advance(start.duration_since(first.app.now()) - jiff::SignedDuration::from_mins(5));
    let media = Options {
        fake_media: true,
        ..Options::default()
    };
    let patient_browser = Browser::open_with(&first, "video-servers-patient", media).await;
    let physio_browser = Browser::open_with(&second, "video-servers-physio", media).await;
    patient_browser.sign_in("pat@north.test").await;
    physio_browser.sign_in("physio@north.test").await;
    patient_browser.goto(&room).await;
    wait_for_state(&patient_browser, "setup").await;
    patient_browser.tap("Join the call").await;
    wait_for_state(&patient_browser, "waiting").await;
    physio_browser.goto(&room).await;
    wait_for_state(&physio_browser, "setup").await;
    physio_browser.tap("Join the call").await;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (a, b) = (
            state_of(&patient_browser).await,
            state_of(&physio_browser).await,
        );
        if a == "connected" && b == "connected" {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the two browsers on two servers did not connect: {a} / {b}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Leaving on one server is seen on the other.
    physio_browser.tap("Leave the call").await;
    patient_browser
        .wait_for_text("has left", Duration::from_secs(10))
        .await;
    patient_browser.close().await;
    physio_browser.close().await;
}
