//! The host's side of the test: coturn listening on the two links' host addresses and relaying
//! on a host address neither namespace can reach, and `tendo serve` listening on loopback and
//! on those two addresses (never on all addresses).

use std::io::{BufRead, BufReader};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A free TCP port on `address` (free when asked: the server binds it right after).
pub fn free_tcp_port(address: Ipv4Addr) -> u16 {
    std::net::TcpListener::bind((address, 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `http://address`, the origin a browser opens the server at.
pub fn origin(address: SocketAddr) -> String {
    format!("http://{address}")
}

/// A free UDP port on `address` (free when asked: coturn binds it right after).
fn free_udp_port(address: Ipv4Addr) -> u16 {
    std::net::UdpSocket::bind((address, 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running coturn, killed on drop.
pub struct Relay {
    child: Child,
    /// The TURN port on both host addresses.
    pub port: u16,
    /// What coturn printed.
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Drop for Relay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Relay {
    /// Starts `turnserver` with the shared-secret scheme Tendo's credentials follow, listening
    /// on `listen` only (no TLS, no TCP relay) and relaying on `relay`.
    pub fn start(
        turnserver: &str,
        listen: &[Ipv4Addr],
        relay: Ipv4Addr,
        secret: &str,
        dir: &Path,
    ) -> Relay {
        let port = free_udp_port(listen[0]);
        let mut command = Command::new(turnserver);
        command
            .arg("-n")
            .arg(format!("--listening-port={port}"))
            .arg(format!("--relay-ip={relay}"))
            .args(["--min-port=50000", "--max-port=50999", "--no-tcp-relay"])
            .arg("--use-auth-secret")
            .arg(format!("--static-auth-secret={secret}"))
            .arg("--realm=tendo.test")
            .args(["--no-tls", "--no-dtls", "--no-cli", "--fingerprint"])
            .args(["--log-file=stdout", "--simple-log", "--verbose"])
            .arg(format!(
                "--pidfile={}",
                dir.join("turnserver.pid").display()
            ))
            .arg(format!("--userdb={}", dir.join("turndb").display()))
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for address in listen {
            command.arg(format!("--listening-ip={address}"));
        }
        let mut child = command.spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let (ready, wait) = std::sync::mpsc::channel();
        let lines = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if line.contains("initialization done") {
                    let _ = ready.send(());
                }
                lines.lock().unwrap().push(line);
            }
        });
        let started = wait.recv_timeout(Duration::from_secs(20));
        let relay = Relay { child, port, log };
        assert!(
            started.is_ok(),
            "coturn did not start:\n{}",
            relay.log_text()
        );
        // Its listeners open just after the relay ports.
        std::thread::sleep(Duration::from_millis(500));
        relay
    }

    /// Everything coturn printed so far.
    pub fn log_text(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }
}

/// A running `tendo serve`, killed on drop.
pub struct Tendo {
    child: Child,
    log: Arc<Mutex<Vec<String>>>,
}

impl Drop for Tendo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Tendo {
    /// Starts `tendo serve` on the SQLite database in `data_dir`, listening on loopback and on
    /// each of `doors`, with `args` and `env`, and waits until it listens.
    pub fn start(
        data_dir: &Path,
        doors: &[SocketAddr],
        args: &[String],
        env: &[(&str, &str)],
    ) -> Tendo {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tendo"));
        command.arg("serve").args(["--listen", "127.0.0.1:0"]);
        for door in doors {
            command.arg("--listen").arg(door.to_string());
        }
        command
            .arg("--data-dir")
            .arg(data_dir)
            .args(args)
            .env("RUST_LOG", "info")
            .env_remove("TENDO_ICE_SERVERS")
            .env_remove("TENDO_TURN_SECRET")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().unwrap();
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let (found, wait) = std::sync::mpsc::channel();
        let lines = log.clone();
        let wanted = doors.len();
        std::thread::spawn(move || {
            let mut heard = 0;
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if line.contains("Tendo is also listening") {
                    heard += 1;
                    if heard == wanted {
                        let _ = found.send(());
                    }
                }
                lines.lock().unwrap().push(line);
            }
        });
        let listening = wait.recv_timeout(Duration::from_secs(120));
        let tendo = Tendo { child, log };
        assert!(
            listening.is_ok(),
            "tendo serve did not listen on {doors:?}:\n{}",
            tendo.log_text()
        );
        tendo
    }

    /// Everything the server logged so far.
    pub fn log_text(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }
}
