//! `tendo demo`: the web demo starts on a fresh database and prints its address and logins that
//! work; `--cli` keeps the worked example; a directory holding other data is never wiped.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running demo, stopped when dropped: also when an assertion fails, so that a failed run
/// leaves no server behind.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_prints_its_address_and_logins_that_work() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("demo");
    let mut child = Running(
        Command::new(env!("CARGO_BIN_EXE_tendo"))
            .args([
                "demo",
                "--listen",
                "127.0.0.1:0",
                "--patients",
                "8",
                "--days",
                "21",
            ])
            .arg("--data-dir")
            .arg(&data)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let stdout = child.0.stdout.take().unwrap();
    let (found, wait) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut printed = String::new();
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            printed.push_str(&line);
            printed.push('\n');
            if line.starts_with("Stop the demo") {
                let _ = found.send(printed.clone());
            }
        }
    });
    let printed = wait.recv_timeout(Duration::from_secs(120));
    let printed = match printed {
        Ok(printed) => printed,
        Err(_) => panic!("the demo did not print its welcome"),
    };
    let address = printed
        .lines()
        .find_map(|line| line.strip_prefix("Tendo demo is running at "))
        .unwrap()
        .trim()
        .to_string();
    for expected in [
        "Every demo account's password: tendo-demo-2024",
        "Patients:",
        "Clinicians:",
        "Administrator:",
        "alex@riverside.example",
        "fran@riverside.example",
        "emergency department",
        "priya@riverside.example",
        "admin@riverside.example",
    ] {
        assert!(
            printed.contains(expected),
            "`{expected}` is printed:\n{printed}"
        );
    }
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    // Something to book: the printed public address, linked from the home page, lists types
    // with prices in pounds and opens free times.
    let booking = printed
        .lines()
        .find_map(|line| {
            line.split("Book as a visitor (no account needed to look): ")
                .nth(1)
        })
        .unwrap_or_else(|| panic!("the public booking address is printed:\n{printed}"))
        .trim()
        .to_string();
    assert_eq!(booking, format!("{address}/c/riverside-demo"));
    let home = client
        .get(&address)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(home.contains("href=\"/c/riverside-demo\""), "{home}");
    let page = client
        .get(&booking)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for expected in [
        "Initial video assessment",
        "Sports massage",
        "£",
        "12 Riverside Walk, London",
        "openstreetmap.org",
        "Priya Shah",
    ] {
        assert!(
            page.contains(expected),
            "`{expected}` on the booking page:\n{page}"
        );
    }
    let clinic: serde_json::Value = client
        .get(format!("{address}/api/v1/clinics/riverside-demo"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let video = clinic["appointment_types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|kind| kind["kind"] == "video-assessment")
        .unwrap_or_else(|| panic!("a video assessment type: {clinic}"));
    let from = jiff::Zoned::now().date().tomorrow().unwrap();
    let slots: serde_json::Value = client
        .get(format!(
            "{address}/api/v1/clinics/riverside-demo/slots?type={}&from={from}",
            video["id"].as_str().unwrap()
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        slots.to_string().contains("start"),
        "free times open for booking: {slots}"
    );
    let login = client.get(format!("{address}/login")).send().await.unwrap();
    assert_eq!(login.status(), 200);
    assert!(
        login
            .text()
            .await
            .unwrap()
            .contains("Demo: every person and record here is made up.")
    );
    for (email, home) in [
        ("alex@riverside.example", "/today"),
        ("priya@riverside.example", "/clinic/caseload"),
        ("admin@riverside.example", "/clinic/people"),
    ] {
        let signed_in = client
            .post(format!("{address}/login"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("email={email}&password=tendo-demo-2024"))
            .send()
            .await
            .unwrap();
        assert_eq!(signed_in.status(), 303, "{email} signs in");
        assert_eq!(signed_in.headers()["location"], home);
    }
    drop(child);
    assert!(
        data.join("demo.json").exists(),
        "the logins are kept for --keep"
    );
}

#[test]
fn the_worked_example_is_still_there_and_other_data_is_never_wiped() {
    let output = Command::new(env!("CARGO_BIN_EXE_tendo"))
        .args(["demo", "--cli"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("May I use my massage gun?"), "{text}");

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_tendo"))
        .args(["demo", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        !output.status.success(),
        "a directory with other files is refused"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("not demo data"));
    assert!(
        dir.path().join("notes.txt").exists(),
        "and nothing in it is removed"
    );
}
