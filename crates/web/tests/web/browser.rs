//! Headless Chromium driven through ChromeDriver, both from Debian (`cargo xtask test` installs
//! them). Nothing downloads a browser. Screenshots are kept in `target/tmp/screenshots/`.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use thirtyfour::LoggingPrefsLogLevel;
use thirtyfour::prelude::*;

use crate::harness::{PASSWORD, TestServer};

/// A browser window on a test server.
pub struct Browser {
    /// The WebDriver session.
    pub driver: WebDriver,
    /// The server's address.
    pub base: String,
    chromedriver: Child,
    shots: PathBuf,
    _profile: tempfile::TempDir,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a loopback port is free")
}

/// Extra command-line switches for Chromium.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// A phone-sized window (360 × 800) instead of a desktop one.
    pub phone: bool,
    /// A fake camera and microphone, accepted without asking (video tests).
    pub fake_media: bool,
    /// The visitor prefers reduced motion (`prefers-reduced-motion: reduce`).
    pub reduced_motion: bool,
}

impl Browser {
    /// A desktop-sized browser.
    pub async fn open(server: &TestServer, test: &str) -> Browser {
        Browser::open_with(server, test, Options::default()).await
    }

    /// A browser with options.
    pub async fn open_with(server: &TestServer, test: &str, options: Options) -> Browser {
        let driver_path = std::env::var("TENDO_TEST_CHROMEDRIVER")
            .unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let chromium =
            std::env::var("TENDO_TEST_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let port = free_port();
        let chromedriver = Command::new(&driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| {
                panic!("cannot start {driver_path} ({error}): run `cargo xtask test`, which installs it")
            });
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while reqwest::get(format!("{url}/status")).await.is_err() {
            assert!(Instant::now() < deadline, "ChromeDriver did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile = tempfile::tempdir().expect("a profile directory");
        let mut capabilities = DesiredCapabilities::chrome();
        capabilities.set_binary(&chromium).expect("binary is set");
        let size = if options.phone { "360,800" } else { "1280,900" };
        let mut switches = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--no-first-run".into(),
            "--disable-dev-shm-usage".into(),
            // A British visitor: times of day on a 24-hour clock, prices in pounds as the
            // tests expect them (the visitor's locale comes from `Accept-Language`).
            "--lang=en-GB".into(),
            "--accept-lang=en-GB".into(),
            format!("--window-size={size}"),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        if options.fake_media {
            switches.push("--use-fake-ui-for-media-stream".into());
            switches.push("--use-fake-device-for-media-stream".into());
            // WebRTC between two browsers on this machine, over loopback only.
            switches.push("--allow-loopback-in-peer-connection".into());
        }
        if options.reduced_motion {
            switches.push("--force-prefers-reduced-motion".into());
        }
        for switch in &switches {
            capabilities.add_arg(switch).expect("switch is added");
        }
        // Keep the console, so that a test can ask whether the page broke a rule (a script
        // refused by the content security policy is reported there).
        capabilities
            .set_browser_log_level(LoggingPrefsLogLevel::All)
            .expect("console logging is set");
        if options.phone {
            capabilities
                .add_experimental_option(
                    "mobileEmulation",
                    serde_json::json!({
                        "deviceMetrics": {"width": 360, "height": 800, "pixelRatio": 2.0, "touch": true}
                    }),
                )
                .expect("mobile emulation is set");
        }
        let driver = WebDriver::new(&url, capabilities)
            .await
            .expect("Chromium starts under ChromeDriver");
        let shots: PathBuf = [env!("CARGO_TARGET_TMPDIR"), "screenshots", test]
            .iter()
            .collect();
        std::fs::create_dir_all(&shots).expect("the screenshot directory is created");
        Browser {
            driver,
            base: server.base.clone(),
            chromedriver,
            shots,
            _profile: profile,
        }
    }

    /// Opens a page of the server.
    pub async fn goto(&self, path: &str) {
        self.driver
            .goto(format!("{}{path}", self.base))
            .await
            .expect("the page loads");
        self.wait_for_load().await;
    }

    /// The current path (without the server's address).
    pub async fn path(&self) -> String {
        let url = self.driver.current_url().await.expect("a current url");
        url.path().to_string()
    }

    /// The page's visible text (retried while a new page replaces the old one).
    pub async fn text(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let found = match self.driver.find(By::Tag("body")).await {
                Ok(body) => body.text().await.ok(),
                Err(_) => None,
            };
            match found {
                Some(text) => return text,
                None if Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                None => panic!("the page has no readable body"),
            }
        }
    }

    /// Waits until the page has finished loading.
    pub async fn wait_for_load(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let state = self
                .driver
                .execute("return document.readyState;", Vec::new())
                .await
                .ok()
                .and_then(|result| result.json().as_str().map(str::to_string));
            if state.as_deref() == Some("complete") {
                return;
            }
            assert!(Instant::now() < deadline, "the page did not finish loading");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Types into the field labelled by the element with this id.
    pub async fn fill(&self, id: &str, value: &str) {
        let field = self
            .driver
            .find(By::Id(id))
            .await
            .unwrap_or_else(|_| panic!("no field with id `{id}`"));
        field.clear().await.expect("the field clears");
        field.send_keys(value).await.expect("typing works");
    }

    /// Clicks the button (or submit input) whose text is `label`.
    pub async fn press(&self, label: &str) {
        let button = self
            .driver
            .find(By::XPath(format!(
                "//button[normalize-space(.)='{label}'] | //input[@type='submit' and @value='{label}']"
            )))
            .await
            .unwrap_or_else(|_| panic!("no button `{label}`"));
        let old_body = self.driver.find(By::Tag("body")).await.ok();
        button.click().await.expect("the button clicks");
        // A submit button loads a new page: wait for the old one to go, then for the new one.
        if let Some(old_body) = old_body {
            let deadline = Instant::now() + Duration::from_secs(10);
            while old_body.tag_name().await.is_ok() && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
        self.wait_for_load().await;
    }

    /// Clicks a button or disclosure that acts on the page itself (a timer, a `<details>`)
    /// without loading a new page.
    pub async fn tap(&self, label: &str) {
        self.driver
            .find(By::XPath(format!(
                "//*[self::button or self::summary][normalize-space(.)='{label}']"
            )))
            .await
            .unwrap_or_else(|_| panic!("no button `{label}`"))
            .click()
            .await
            .expect("the button clicks");
    }

    /// Signs in through the form.
    pub async fn sign_in(&self, email: &str) {
        self.goto("/login").await;
        self.fill("email", email).await;
        self.fill("password", PASSWORD).await;
        self.press("Sign in").await;
    }

    /// Saves a screenshot as `name.png` among the test artefacts.
    pub async fn screenshot(&self, name: &str) {
        let path = self.shots.join(format!("{name}.png"));
        self.driver
            .screenshot(&path)
            .await
            .expect("a screenshot is taken");
    }

    /// The elements that stick out of the window on the right (content that would make the
    /// page scroll sideways), described as `tag#id.class`; empty when the page fits.
    pub async fn overflowing(&self) -> Vec<String> {
        let result = self
            .driver
            .execute(
                r##"
                const width = document.documentElement.clientWidth;
                const out = [];
                for (const element of document.querySelectorAll("body *")) {
                    let scroller = element.parentElement;
                    let clipped = false;
                    while (scroller) {
                        const style = getComputedStyle(scroller);
                        if (style.overflowX === "auto" || style.overflowX === "scroll" || style.overflowX === "hidden") { clipped = true; break; }
                        scroller = scroller.parentElement;
                    }
                    if (clipped) continue;
                    const box = element.getBoundingClientRect();
                    if (box.width > 0 && box.right > width + 1) {
                        out.push(element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") + (element.className ? "." + element.className : "") + " right=" + Math.round(box.right));
                    }
                }
                return out;
                "##,
                Vec::new(),
            )
            .await
            .expect("the script runs");
        serde_json::from_value(result.json().clone()).unwrap_or_default()
    }

    /// The console messages about the content security policy since the last call (a script,
    /// style or connection the policy refused).
    pub async fn csp_violations(&self) -> Vec<String> {
        self.driver
            .browser_log()
            .await
            .expect("the console log is readable")
            .into_iter()
            .map(|entry| entry.message)
            .filter(|message| message.contains("Content Security Policy"))
            .collect()
    }

    /// Waits until the page's visible text contains `expected`, and returns the text; fails
    /// after `timeout`.
    pub async fn wait_for_text(&self, expected: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let text = self.text().await;
            if text.contains(expected) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "the page never showed `{expected}`; it shows:\n{text}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Presses Tab from the top of the page until the focused element's text holds `text` (at
    /// most 60 times), and returns it: what a keyboard user reaches.
    pub async fn tab_to(&self, text: &str) -> WebElement {
        let body = self.driver.find(By::Tag("body")).await.expect("a body");
        body.send_keys(Key::Tab).await.expect("Tab is pressed");
        for _ in 0..60 {
            let focused = self
                .driver
                .active_element()
                .await
                .expect("a focused element");
            if focused.text().await.unwrap_or_default().contains(text) {
                return focused;
            }
            focused.send_keys(Key::Tab).await.expect("Tab is pressed");
        }
        panic!("Tab never reached `{text}`");
    }

    /// Presses Enter on a focused link or submit button and waits for the new page.
    pub async fn enter(&self, focused: WebElement) {
        let old_body = self.driver.find(By::Tag("body")).await.expect("a body");
        focused
            .send_keys(Key::Enter)
            .await
            .expect("Enter is pressed");
        let deadline = Instant::now() + Duration::from_secs(10);
        while old_body.tag_name().await.is_ok() && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.wait_for_load().await;
    }

    /// The accessibility faults axe-core finds on the page (WCAG 2.x A and AA rules and axe's
    /// best practices), one line each: the rule, what it asks, and the elements at fault.
    /// axe-core comes from `TENDO_TEST_AXE` (installed by `cargo xtask test`).
    pub async fn axe_violations(&self) -> Vec<String> {
        let path = std::env::var("TENDO_TEST_AXE").unwrap_or_else(|_| {
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../target/node-tools/node_modules/axe-core/axe.min.js"
            )
            .into()
        });
        let axe = std::fs::read_to_string(&path).unwrap_or_else(|error| {
            panic!("cannot read axe-core at {path} ({error}): run `cargo xtask test`, which installs it")
        });
        let script = format!(
            r#"{axe}
            ;return axe.run(document, {{ runOnly: {{ type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] }} }})
              .then(function (result) {{
                return result.violations.map(function (violation) {{
                  return violation.id + " (" + violation.impact + "): " + violation.help + " at " +
                    violation.nodes.map(function (node) {{ return node.target.join(" "); }}).join(", ");
                }});
              }});"#
        );
        let result = self
            .driver
            .execute(&script, Vec::new())
            .await
            .expect("axe-core runs on the page");
        serde_json::from_value(result.json().clone()).expect("axe-core returns its violations")
    }

    /// Closes the browser and ChromeDriver.
    pub async fn close(mut self) {
        let _ = self.driver.clone().quit().await;
        let _ = self.chromedriver.kill();
        let _ = self.chromedriver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.chromedriver.kill();
    }
}
