//! The server under test: the real `tendo serve` binary as a child process on loopback.

use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, bail};

/// A running `tendo serve`.
pub struct Server {
    child: Child,
    /// Where it listens.
    pub address: SocketAddr,
}

impl Server {
    /// Starts `tendo serve` with `database` arguments on an ephemeral loopback port, writing its
    /// log to `log`.
    pub fn start(tendo: &Path, database: &[String], log: &Path) -> anyhow::Result<Server> {
        let mut log = std::fs::File::create(log)
            .with_context(|| format!("creating the server log {}", log.display()))?;
        let mut child = Command::new(tendo)
            .arg("serve")
            .args(["--listen", "127.0.0.1:0"])
            // Sign-ins come from many addresses, told by `X-Forwarded-For` as a balancer would.
            .arg("--trust-forwarded-for")
            .args(database)
            .env(
                "RUST_LOG",
                // `TENDO_BENCH_RUST_LOG=info,tendo_store_sql::query=debug` logs every statement, to
                // count what a page asks of the database.
                std::env::var("TENDO_BENCH_RUST_LOG")
                    .unwrap_or_else(|_| "warn,tendo=info,tendo_web=warn".into()),
            )
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("starting {}", tendo.display()))?;
        let stderr = child.stderr.take().context("the server's log")?;
        let (found, wait) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut reported = false;
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                let _ = writeln!(log, "{line}");
                if !reported && let Some(rest) = line.split("address=").nth(1) {
                    let _ = found.send(
                        rest.split_whitespace()
                            .next()
                            .unwrap_or_default()
                            .to_string(),
                    );
                    reported = true;
                }
            }
        });
        let Ok(address) = wait.recv_timeout(Duration::from_secs(60)) else {
            let _ = child.kill();
            bail!("the server did not start within 60 seconds");
        };
        Ok(Server {
            child,
            address: address.parse().context("the server's address")?,
        })
    }

    /// The server's peak resident memory so far, in bytes (Linux `VmHWM`).
    pub fn peak_memory(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
        let kilobytes: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kilobytes * 1024)
    }

    /// Stops the server.
    pub fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
