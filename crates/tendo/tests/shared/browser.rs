//! A headless Chromium with a fake camera and microphone, driven by ChromeDriver over the W3C
//! WebDriver protocol. The two run either on the test's own network (the cluster test, where
//! each browser opens a different app server on loopback) or inside a network namespace (the
//! TURN test, where the test reaches ChromeDriver over the namespace's link).

use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Chromium and ChromeDriver: `TENDO_TEST_CHROMIUM` and `TENDO_TEST_CHROMEDRIVER` (set by
/// `cargo xtask test`), else Debian's paths.
pub struct Chromium {
    /// The browser binary.
    pub chromium: String,
    /// The ChromeDriver binary.
    pub chromedriver: String,
}

impl Chromium {
    /// Both binaries, or which one is missing.
    pub fn find() -> Result<Chromium, String> {
        let chosen = |variable: &str, default: &str| {
            std::env::var(variable).unwrap_or_else(|_| default.to_string())
        };
        let found = Chromium {
            chromium: chosen("TENDO_TEST_CHROMIUM", "/usr/bin/chromium"),
            chromedriver: chosen("TENDO_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"),
        };
        for path in [&found.chromium, &found.chromedriver] {
            if !Path::new(path).exists() {
                return Err(format!("{path} is missing"));
            }
        }
        Ok(found)
    }
}

/// Where ChromeDriver (and so its Chromium) runs, and where the test reaches it.
pub struct Place {
    /// The network namespace it runs in (`ip netns exec`), or `None` for the test's own.
    namespace: Option<String>,
    /// The address the test reaches ChromeDriver at.
    address: IpAddr,
    /// The one address, besides loopback, that ChromeDriver takes commands from.
    allowed: Option<IpAddr>,
    /// ChromeDriver's port.
    port: u16,
}

impl Place {
    /// On the test's own network, on a free loopback port.
    #[allow(dead_code, reason = "the TURN test runs its browsers in namespaces")]
    pub fn here() -> Place {
        let port = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|listener| listener.local_addr())
            .map(|address| address.port())
            .unwrap();
        Place {
            namespace: None,
            address: IpAddr::V4(Ipv4Addr::LOCALHOST),
            allowed: None,
            port,
        }
    }

    /// Inside `namespace`, whose own address on its link to the host is `inside`; only the
    /// host's end of that link (`host`) may send commands. Each namespace has its own ports, so
    /// ChromeDriver's usual port is free there.
    #[allow(dead_code, reason = "the cluster test runs its browsers on loopback")]
    pub fn namespace(namespace: &str, inside: Ipv4Addr, host: Ipv4Addr) -> Place {
        Place {
            namespace: Some(namespace.to_string()),
            address: IpAddr::V4(inside),
            allowed: Some(IpAddr::V4(host)),
            port: 9515,
        }
    }

    fn driver(&self, chromedriver: &str) -> Command {
        let mut command = match &self.namespace {
            Some(namespace) => {
                let mut command = Command::new("ip");
                command.args(["netns", "exec", namespace, chromedriver]);
                command
            }
            None => Command::new(chromedriver),
        };
        command.arg(format!("--port={}", self.port));
        if let Some(allowed) = self.allowed {
            command.arg(format!("--allowed-ips={allowed}"));
        }
        command
    }

    fn describe(&self) -> String {
        match &self.namespace {
            Some(namespace) => format!("namespace {namespace}"),
            None => format!("port {}", self.port),
        }
    }
}

/// One browser session and its ChromeDriver.
pub struct Browser {
    driver: Child,
    base: String,
    client: reqwest::Client,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Browser {
    /// Starts ChromeDriver at `place` and a Chromium session in which `origin` (plain HTTP,
    /// perhaps on a private address) may use the camera as a secure origin may.
    pub async fn open(place: &Place, origin: &str, tools: &Chromium) -> Browser {
        let driver = place
            .driver(&tools.chromedriver)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap();
        let base = format!("http://{}:{}", place.address, place.port);
        let profile = tempfile::tempdir().unwrap();
        let mut browser = Browser {
            driver,
            base,
            client,
            _profile: profile,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while browser
            .client
            .get(format!("{}/status", browser.base))
            .send()
            .await
            .is_err()
        {
            assert!(
                Instant::now() < deadline,
                "ChromeDriver did not start ({})",
                place.describe()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let switches = [
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-background-networking".into(),
            "--no-first-run".into(),
            "--use-fake-ui-for-media-stream".into(),
            "--use-fake-device-for-media-stream".into(),
            format!("--unsafely-treat-insecure-origin-as-secure={origin}"),
            format!("--user-data-dir={}", browser._profile.path().display()),
        ];
        let created = browser
            .command(
                reqwest::Method::POST,
                "/session",
                json!({"capabilities": {"alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {"binary": tools.chromium, "args": switches}
                }}}),
            )
            .await;
        let session = created["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no browser session: {created}"))
            .to_string();
        browser.base = format!("{}/session/{session}", browser.base);
        browser
    }

    async fn command(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let response = self
            .client
            .request(method, format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let answer: Value = response.json().await.unwrap();
        assert!(status.is_success(), "WebDriver {path}: {status} {answer}");
        answer["value"].clone()
    }

    /// Opens `url`.
    pub async fn goto(&self, url: &str) {
        self.command(reqwest::Method::POST, "/url", json!({ "url": url }))
            .await;
    }

    /// Sets a cookie on the page's site (the browser must be on that site already).
    pub async fn add_cookie(&self, name: &str, value: &str) {
        self.command(
            reqwest::Method::POST,
            "/cookie",
            json!({"cookie": {"name": name, "value": value, "path": "/"}}),
        )
        .await;
    }

    /// Runs `script` in the page and returns what it returns.
    pub async fn run(&self, script: &str) -> Value {
        self.command(
            reqwest::Method::POST,
            "/execute/sync",
            json!({"script": script, "args": []}),
        )
        .await
    }

    /// Runs `script`, which calls its last argument with the answer, and returns that answer.
    pub async fn run_async(&self, script: &str) -> Value {
        self.command(
            reqwest::Method::POST,
            "/execute/async",
            json!({"script": script, "args": []}),
        )
        .await
    }

    /// Ends the browser session (Chromium exits); ChromeDriver is killed on drop.
    pub async fn close(&self) {
        let _ = self
            .client
            .delete(&self.base)
            .timeout(Duration::from_secs(10))
            .send()
            .await;
    }
}
