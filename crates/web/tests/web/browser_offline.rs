//! A whole session logged with the network off, in headless Chromium at phone width: the
//! service worker serves Today and every workout step from what it kept, the sets and the
//! finished session wait on the device (and the page says so), and after reconnecting the
//! session is on the server once, and only once.
//!
//! "Off" is real twice over: Chromium's developer protocol switches the page's network off
//! (`navigator.onLine` is false, the page's requests fail), and the browser reaches the server
//! only through a switch in this test that refuses every connection while off and cuts the
//! open ones, so nothing the service worker asks for can reach the server either.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use thirtyfour::prelude::*;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::AbortHandle;

use crate::browser::{Browser, Options};
use crate::harness::TestServer;
use crate::patient_support::{Patient, intake, patient};

/// A TCP forwarder between the browser and the server that can be switched off.
struct NetworkSwitch {
    base: String,
    online: Arc<AtomicBool>,
    open: Arc<Mutex<Vec<AbortHandle>>>,
}

impl NetworkSwitch {
    async fn start(server_base: &str) -> NetworkSwitch {
        let target: SocketAddr = server_base
            .trim_start_matches("http://")
            .parse()
            .expect("the server listens on an address");
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let online = Arc::new(AtomicBool::new(true));
        let open: Arc<Mutex<Vec<AbortHandle>>> = Arc::default();
        let (on, connections) = (online.clone(), open.clone());
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if !on.load(Ordering::SeqCst) {
                    drop(inbound);
                    continue;
                }
                let task = tokio::spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                connections.lock().unwrap().push(task.abort_handle());
            }
        });
        NetworkSwitch { base, online, open }
    }

    fn off(&self) {
        self.online.store(false, Ordering::SeqCst);
        for connection in self.open.lock().unwrap().drain(..) {
            connection.abort();
        }
    }

    fn on(&self) {
        self.online.store(true, Ordering::SeqCst);
    }
}

async fn devtools_network(browser: &Browser, offline: bool) {
    let devtools = browser.driver.cdp();
    devtools
        .send_raw("Network.enable", json!({}))
        .await
        .expect("DevTools network domain");
    devtools
        .send_raw(
            "Network.emulateNetworkConditions",
            json!({"offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}),
        )
        .await
        .expect("DevTools switches the network");
}

/// Clicks a button that does not load a new page.
async fn click(browser: &Browser, label: &str) {
    browser
        .driver
        .find(By::XPath(format!("//button[normalize-space(.)='{label}']")))
        .await
        .unwrap_or_else(|_| panic!("no button `{label}`"))
        .click()
        .await
        .expect("the button clicks");
}

async fn sessions_on_server(runner: &Patient) -> Vec<Value> {
    let history: Value = runner
        .session
        .get(&format!("/api/v1/patients/{}/sessions", runner.user.id))
        .await
        .json()
        .await
        .unwrap();
    history["sessions"].as_array().unwrap().clone()
}

async fn attribute(browser: &Browser, script: &str) -> Option<String> {
    browser
        .driver
        .execute(script, Vec::new())
        .await
        .ok()
        .and_then(|value| value.json().as_str().map(str::to_string))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_logged_offline_reaches_the_server_once_after_reconnecting() {
    let server = TestServer::start().await;
    let runner = patient(&server, "north").await;
    intake(&runner, "Achilles tendinopathy", &[]).await;
    let switch = NetworkSwitch::start(&server.base).await;
    let mut browser = Browser::open_with(
        &server,
        "a_session_logged_offline",
        Options {
            phone: true,
            ..Options::default()
        },
    )
    .await;
    browser.base = switch.base.clone();
    browser.sign_in("runner@north.test").await;
    browser.goto("/today").await;
    let steps: usize = attribute(
        &browser,
        "return document.querySelector('[data-workout-steps]').getAttribute('data-workout-steps');",
    )
    .await
    .expect("Start session names its steps")
    .parse()
    .unwrap();
    // The worker installs and keeps Today, the plan and every step of today's workout.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let ready = attribute(
            &browser,
            "return document.documentElement.getAttribute('data-offline-ready');",
        )
        .await;
        if let Some(count) = ready {
            assert_eq!(count, (steps + 4).to_string(), "every page was kept");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the service worker never kept the pages"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    devtools_network(&browser, true).await;
    switch.off();
    browser.goto("/today").await;
    browser
        .wait_for_text("Start session", Duration::from_secs(10))
        .await;
    browser.goto("/today/workout").await;
    let mut ticked = 0;
    for step in 1..=steps {
        browser
            .goto(&format!("/today/workout?exercise={step}"))
            .await;
        browser
            .wait_for_text(
                &format!("Exercise {step} of {steps}"),
                Duration::from_secs(10),
            )
            .await;
        let sets = browser
            .driver
            .find_all(By::Css("form.set-form"))
            .await
            .unwrap()
            .len();
        for set in 1..=sets {
            click(&browser, &format!("Set {set} done")).await;
            ticked += 1;
        }
        let text = browser.text().await;
        assert_eq!(
            text.matches("kept on this device, sent when you are back online")
                .count(),
            sets,
            "each set ticked offline says it is kept: {text}"
        );
        if step == 1 {
            browser.screenshot("offline-sets-kept").await;
        }
    }
    // A step opened again offline still shows its sets as done.
    browser.goto("/today/workout?exercise=1").await;
    assert!(
        browser
            .text()
            .await
            .contains("kept on this device, sent when you are back online")
    );
    browser.goto("/today/workout?step=finish").await;
    browser.fill("pain_during", "3").await;
    browser.fill("pain_after", "2").await;
    click(&browser, "Finish and save the session").await;
    browser
        .wait_for_text("is waiting to be sent", Duration::from_secs(5))
        .await;
    browser.goto("/today").await;
    let waiting = browser
        .wait_for_text("1 session is waiting to be sent.", Duration::from_secs(5))
        .await;
    assert!(waiting.contains("You are offline."), "{waiting}");
    browser.screenshot("offline-waiting").await;
    assert!(
        browser.overflowing().await.is_empty(),
        "the waiting notice fits a phone"
    );
    assert!(
        sessions_on_server(&runner).await.is_empty(),
        "nothing reached the server while offline"
    );

    switch.on();
    devtools_network(&browser, false).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    let stored = loop {
        let stored = sessions_on_server(&runner).await;
        if !stored.is_empty() || Instant::now() > deadline {
            break stored;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(stored.len(), 1, "the session arrives once");
    assert_eq!(
        stored[0]["sets"].as_array().unwrap().len(),
        ticked,
        "with every set ticked offline"
    );
    assert_eq!(stored[0]["pain_during"], 3);
    browser.wait_for_load().await;
    browser
        .wait_for_text("Done today", Duration::from_secs(10))
        .await;
    // Coming back (another page load sends whatever still waits) stores nothing more.
    browser.goto("/today").await;
    browser.goto("/plan").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(sessions_on_server(&runner).await.len(), 1, "and only once");
    let outbox = attribute(&browser, "return localStorage.getItem('tendo-outbox');").await;
    assert_eq!(outbox.as_deref(), Some("[]"), "nothing waits any more");
    browser.close().await;
}
