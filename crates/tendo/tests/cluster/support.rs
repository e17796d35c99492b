//! Three real `tendo serve` processes on one fresh PostgreSQL database, behind a real HAProxy
//! (round robin, no sticky sessions, `/readyz` as its health check).

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where HAProxy is: `TENDO_TEST_HAPROXY` (set by `cargo xtask test`), else Debian's path.
/// `None` only when it is missing and neither the variable nor `CI` asks for it.
pub fn haproxy() -> Option<PathBuf> {
    if let Ok(path) = std::env::var("TENDO_TEST_HAPROXY") {
        return Some(PathBuf::from(path));
    }
    let debian = PathBuf::from("/usr/sbin/haproxy");
    if debian.exists() {
        return Some(debian);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "HAProxy is needed for the cluster test: run `cargo xtask test`, which installs it"
    );
    None
}

/// A free loopback port (free when asked: the server binds it right after).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One app server: its ports, and its process while it runs.
pub struct AppServer {
    /// Its own name in the balancer and in messages (`s1`…).
    pub name: String,
    /// The app's port.
    pub port: u16,
    /// The metrics listener's port.
    pub metrics_port: u16,
    child: Option<Child>,
}

impl AppServer {
    /// `http://127.0.0.1:port`, to reach this server without the balancer.
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn start(&mut self, database_url: &str, smtp_url: &str) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tendo"))
            .arg("serve")
            .args(["--listen", &format!("127.0.0.1:{}", self.port)])
            .args([
                "--metrics-listen",
                &format!("127.0.0.1:{}", self.metrics_port),
            ])
            .args(["--database-url", database_url])
            .args(["--smtp-url", smtp_url])
            .arg("--trust-forwarded-for")
            .args(["--shutdown-drain", "1s", "--shutdown-grace", "10s"])
            .env("RUST_LOG", "warn,tendo=info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (listening, wait) = std::sync::mpsc::channel();
        let name = self.name.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if line.contains("Tendo is listening") {
                    let _ = listening.send(());
                }
                if line.contains("ERROR") || line.contains("panicked") {
                    eprintln!("[{name}] {line}");
                }
            }
        });
        wait.recv_timeout(Duration::from_secs(120))
            .unwrap_or_else(|_| panic!("{} did not start listening", self.name));
        self.child = Some(child);
    }

    /// Sends SIGTERM and waits for the graceful exit (status 0).
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        let sent = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                assert!(status.success(), "{} stops cleanly: {status}", self.name);
                return;
            }
            assert!(Instant::now() < deadline, "{} stops within 30 s", self.name);
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Kills the process at once, as a crash does.
    pub fn crash(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// The text of this server's `/metrics`.
    async fn metrics(&self) -> String {
        reqwest::get(format!("http://127.0.0.1:{}/metrics", self.metrics_port))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// How many requests for `route` (a route template) this server has answered.
    pub async fn requests_for(&self, route: &str) -> u64 {
        let text = self.metrics().await;
        let label = format!("route=\"{route}\"");
        text.lines()
            .filter(|line| line.starts_with("tendo_http_requests_total{") && line.contains(&label))
            .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
            .sum::<f64>() as u64
    }

    /// How many video signalling sockets this process holds open now.
    pub async fn video_sockets_open(&self) -> u64 {
        let text = self.metrics().await;
        text.lines()
            .find_map(|line| line.strip_prefix("tendo_video_sockets_open "))
            .and_then(|value| value.trim().parse::<f64>().ok())
            .unwrap_or_else(|| panic!("{} reports no tendo_video_sockets_open", self.name))
            as u64
    }
}

impl Drop for AppServer {
    fn drop(&mut self) {
        self.crash();
    }
}

/// The three servers and the balancer in front of them.
pub struct Cluster {
    /// The app servers.
    pub servers: Vec<AppServer>,
    /// `http://127.0.0.1:port` of the balancer.
    pub base: String,
    /// The database they share.
    pub database_url: String,
    /// The mail server every app server sends through.
    pub smtp_url: String,
    balancer: Child,
    _config: tempfile::TempDir,
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.balancer.kill();
        let _ = self.balancer.wait();
    }
}

impl Cluster {
    /// Starts `count` servers on `database_url` and HAProxy in front, and waits until the
    /// balancer reaches every server.
    pub async fn start(
        haproxy: &PathBuf,
        database_url: &str,
        smtp_port: u16,
        count: usize,
    ) -> Self {
        let smtp_url = format!("smtp://127.0.0.1:{smtp_port}");
        let mut servers: Vec<AppServer> = (1..=count)
            .map(|number| AppServer {
                name: format!("s{number}"),
                port: free_port(),
                metrics_port: free_port(),
                child: None,
            })
            .collect();
        for server in &mut servers {
            server.start(database_url, &smtp_url);
        }
        let balancer_port = free_port();
        let config = tempfile::tempdir().unwrap();
        let path = config.path().join("haproxy.cfg");
        std::fs::write(&path, haproxy_config(balancer_port, &servers)).unwrap();
        let balancer = Command::new(haproxy)
            .arg("-f")
            .arg(&path)
            .arg("-db")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let cluster = Cluster {
            servers,
            base: format!("http://127.0.0.1:{balancer_port}"),
            database_url: database_url.to_string(),
            smtp_url,
            balancer,
            _config: config,
        };
        cluster.wait_until_balanced().await;
        cluster
    }

    /// Waits until a run of requests through the balancer reached every server's `/readyz`
    /// answer without an error (every server is up in HAProxy's eyes).
    pub async fn wait_until_balanced(&self) {
        let client = plain_client();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let mut all_ok = true;
            for _ in 0..(self.servers.len() * 2) {
                let ok = client
                    .get(format!("{}/healthz", self.base))
                    .send()
                    .await
                    .is_ok_and(|response| response.status().is_success());
                all_ok &= ok;
            }
            if all_ok {
                // HAProxy marks a server up after one good check, every 300 ms.
                tokio::time::sleep(Duration::from_millis(700)).await;
                return;
            }
            assert!(Instant::now() < deadline, "the balancer did not come up");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Starts a stopped server again on the same ports.
    pub fn restart(&mut self, index: usize) {
        let (url, smtp) = (self.database_url.clone(), self.smtp_url.clone());
        self.servers[index].start(&url, &smtp);
    }
}

/// HAProxy's configuration: round robin over the servers, no stickiness, `/readyz` checked
/// often so that a draining server leaves the rotation before it stops listening, and the
/// client's address in `X-Forwarded-For` (replacing any the client sent), which the servers
/// trust.
pub fn haproxy_config(port: u16, servers: &[AppServer]) -> String {
    let mut config = format!(
        "global\n    maxconn 4096\n\n\
         defaults\n    mode http\n    timeout connect 2s\n    timeout client 60s\n    \
         timeout server 60s\n    option redispatch\n    retries 3\n\n\
         frontend tendo\n    bind 127.0.0.1:{port}\n    \
         http-request set-header X-Forwarded-For %[src]\n    default_backend app_servers\n\n\
         backend app_servers\n    balance roundrobin\n    option httpchk GET /readyz\n    \
         http-check expect status 200\n    default-server inter 300ms fall 1 rise 1\n"
    );
    for server in servers {
        config.push_str(&format!(
            "    server {} 127.0.0.1:{} check\n",
            server.name, server.port
        ));
    }
    config
}

/// A client without cookies that follows no redirects.
pub fn plain_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// A browser-like client: keeps cookies, follows no redirects, and opens a new connection for
/// every request so that the balancer spreads them.
pub fn browser_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .pool_max_idle_per_host(0)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}
