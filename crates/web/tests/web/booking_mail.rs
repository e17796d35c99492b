//! The mail sender against a real SMTP server (Python's `aiosmtpd`, started by the test on a
//! loopback port): queued mail waits while the server is down and is delivered once it is up,
//! with the calendar file attached.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::json;
use tendo_app::mailer::{Mailer, MailerConfig};

use crate::booking_support::{fixture, london, minutes};
use crate::harness::TestServer;

/// Python's aiosmtpd on a loopback port, keeping what it receives in a maildir.
pub(crate) struct SmtpServer {
    child: Child,
    maildir: tempfile::TempDir,
}

impl SmtpServer {
    pub(crate) fn start(port: u16) -> SmtpServer {
        let python = std::env::var("TENDO_TEST_SMTP_PYTHON").unwrap_or_else(|_| {
            panic!(
                "TENDO_TEST_SMTP_PYTHON is not set: run `cargo xtask test`, which installs aiosmtpd"
            )
        });
        let maildir = tempfile::tempdir().unwrap();
        let child = Command::new(python)
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
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
        SmtpServer { child, maildir }
    }

    pub(crate) fn messages(&self) -> Vec<String> {
        let new = self.maildir.path().join("box").join("new");
        let Ok(entries) = std::fs::read_dir(Path::new(&new)) else {
            return Vec::new();
        };
        entries
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn mail_queued_while_the_server_is_down_is_delivered_once_it_is_up() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let patient = server.session_for(&world.patient).await;
    let start = london(&server, 3, 10, 0);
    let booked = patient
        .send_json(
            Method::POST,
            "/api/v1/appointments",
            &json!({"type": world.video.id.to_string(), "start": start.to_string()}),
        )
        .await;
    assert_eq!(booked.status(), 201);

    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mailer = Mailer::new(&MailerConfig {
        smtp_url: format!("smtp://127.0.0.1:{port}"),
        from: "North clinic <no-reply@north.test>".into(),
        poll: Duration::from_secs(1),
    })
    .unwrap();

    // Nobody listens yet: the confirmation stays queued, with the failure counted.
    assert_eq!(mailer.send_due(&server.app, server.app.now()).await, 0);
    let queued = server.store().mail_to("pat@north.test", 10).await.unwrap();
    let confirmation = queued
        .iter()
        .find(|m| m.subject.starts_with("Booked:"))
        .unwrap();
    assert_eq!(confirmation.attempts, 1);
    assert!(confirmation.sent_at.is_none());
    assert!(
        confirmation.send_after > server.app.now(),
        "it is retried later, not at once"
    );

    let smtp = SmtpServer::start(port);
    assert_eq!(
        mailer.send_due(&server.app, server.app.now()).await,
        0,
        "the back-off is respected"
    );
    let later = server.app.now() + minutes(2);
    assert_eq!(mailer.send_due(&server.app, later).await, 1);
    let delivered = smtp.messages();
    assert_eq!(delivered.len(), 1);
    assert!(delivered[0].contains("Subject: Booked: Initial video assessment"));
    assert!(delivered[0].contains("To: pat@north.test"));
    assert!(delivered[0].contains("text/calendar"));
    assert!(delivered[0].contains("BEGIN:VCALENDAR"));
    let stored = server.store().mail_to("pat@north.test", 10).await.unwrap();
    assert!(
        stored
            .iter()
            .find(|m| m.subject.starts_with("Booked:"))
            .unwrap()
            .sent_at
            .is_some()
    );

    // The reminder goes the day before, not now; once sent, nothing is sent twice.
    assert_eq!(mailer.send_due(&server.app, later).await, 0);
    assert_eq!(
        mailer.send_due(&server.app, start - minutes(23 * 60)).await,
        1
    );
    assert_eq!(smtp.messages().len(), 2);
    assert!(
        smtp.messages()
            .iter()
            .any(|m| m.contains("Subject: Tomorrow: Initial video assessment"))
    );
    assert_eq!(mailer.send_due(&server.app, start).await, 0);
}
