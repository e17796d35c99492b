//! Workout mode with a keyboard only, at phone width in headless Chromium: Start session, each
//! set ticked with Enter and saved on the server at once, a rest timer whose live region
//! speaks at its start (not every second), and the page's focus on each new step.

use std::time::Duration;

use serde_json::Value;
use thirtyfour::prelude::*;

use crate::browser::{Browser, Options};
use crate::harness::TestServer;
use crate::patient_support::{Patient, intake, patient};

async fn sets_in_draft(runner: &Patient) -> usize {
    let response = runner
        .session
        .get(&format!(
            "/api/v1/patients/{}/sessions/draft",
            runner.user.id
        ))
        .await;
    if response.status().as_u16() == 404 {
        return 0;
    }
    let draft: Value = response.json().await.unwrap();
    draft["sets"].as_array().unwrap().len()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_workout_is_done_with_the_keyboard_and_each_set_is_saved_as_it_is_ticked() {
    let server = TestServer::start().await;
    let runner = patient(&server, "north").await;
    intake(&runner, "Achilles tendinopathy", &[]).await;
    let browser = Browser::open_with(
        &server,
        "workout_keyboard",
        Options {
            phone: true,
            ..Options::default()
        },
    )
    .await;
    browser.sign_in("runner@north.test").await;
    browser.goto("/today").await;
    let start = browser.tab_to("Start session").await;
    browser.enter(start).await;
    assert_eq!(browser.path().await, "/today/workout");
    let focused = browser.driver.active_element().await.unwrap();
    assert_eq!(
        focused.id().await.unwrap().as_deref(),
        Some("step"),
        "the step's heading has the focus, so a screen reader starts there"
    );
    assert!(focused.text().await.unwrap().starts_with("Exercise 1 of"));

    // The rest timer announces its start in the live region; the ticking clock is hidden
    // from screen readers.
    let rest = browser.tab_to("Start rest").await;
    rest.send_keys(Key::Enter).await.unwrap();
    let status = browser
        .driver
        .find(By::Css(".workout-timer .timer-status"))
        .await
        .unwrap();
    assert_eq!(
        status.attr("aria-live").await.unwrap().as_deref(),
        Some("polite")
    );
    assert!(
        status.text().await.unwrap().starts_with("Rest started"),
        "{}",
        status.text().await.unwrap()
    );
    let clock = browser
        .driver
        .find(By::Css(".workout-timer .timer"))
        .await
        .unwrap();
    assert_eq!(
        clock.attr("aria-hidden").await.unwrap().as_deref(),
        Some("true")
    );
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(
        status.text().await.unwrap().starts_with("Rest started"),
        "the live region does not speak every second"
    );
    browser.screenshot("rest-timer").await;
    let stop = browser.tab_to("Stop").await;
    stop.send_keys(Key::Enter).await.unwrap();

    assert_eq!(sets_in_draft(&runner).await, 0);
    let set = browser.tab_to("Set 1 done").await;
    browser.enter(set).await;
    assert_eq!(
        sets_in_draft(&runner).await,
        1,
        "saved on the server at once"
    );
    let set = browser.tab_to("Set 2 done").await;
    browser.enter(set).await;
    assert_eq!(sets_in_draft(&runner).await, 2);
    let text = browser.text().await;
    assert!(text.contains("2 sets ticked so far"), "{text}");
    browser.screenshot("two-sets-ticked").await;
    assert!(browser.overflowing().await.is_empty(), "fits a phone");
    browser.close().await;
}
