//! The mail outbox with several senders: Python's aiosmtpd on a loopback port receives what the
//! three servers send.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::free_port;

/// aiosmtpd keeping what it receives in a maildir.
pub struct Smtp {
    /// Its port.
    pub port: u16,
    child: Child,
    maildir: tempfile::TempDir,
}

impl Smtp {
    /// Starts it (`TENDO_TEST_SMTP_PYTHON` names a Python with aiosmtpd).
    pub fn start() -> Smtp {
        let python = std::env::var("TENDO_TEST_SMTP_PYTHON").unwrap_or_else(|_| {
            panic!(
                "TENDO_TEST_SMTP_PYTHON is not set: run `cargo xtask test`, which installs aiosmtpd"
            )
        });
        let port = free_port();
        let maildir = tempfile::tempdir().unwrap();
        let child = Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir.path().join("box"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "aiosmtpd did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        Smtp {
            port,
            child,
            maildir,
        }
    }

    /// Every message received so far.
    pub fn messages(&self) -> Vec<String> {
        let new = self.maildir.path().join("box").join("new");
        let Ok(entries) = std::fs::read_dir(Path::new(&new)) else {
            return Vec::new();
        };
        entries
            .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path()).ok())
            .collect()
    }

    fn messages_to(&self, address: &str) -> usize {
        let header = format!("To: {address}");
        self.messages()
            .iter()
            .filter(|message| message.lines().any(|line| line.trim() == header))
            .count()
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The winner of the competing bookings gets one confirmation, although three servers each
/// run a sender over the same outbox.
pub async fn the_confirmation_is_sent_once(smtp: &Smtp, address: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while smtp.messages_to(address) == 0 {
        assert!(
            Instant::now() < deadline,
            "no confirmation reached {address}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Every sender polls each second: give all three several rounds to send it again.
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(
        smtp.messages_to(address),
        1,
        "the confirmation is sent once, not once per server"
    );
}
