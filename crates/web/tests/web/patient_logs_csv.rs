//! The patient's own training log as CSV, read back by Python's `csv` module (an independent
//! reader): one row per logged set, with the exercise's name, the load and the pains, and a
//! note with commas and quotes kept whole.

use reqwest::Method;
use serde_json::{Value, json};

use crate::harness::{TestServer, run_python};
use crate::patient_support::{intake, patient};

const NOTE: &str = "Felt \"heavy\", but fine; calf tight";

/// The rows of `text` as Python's `csv.reader` reads them.
fn python_rows(text: &str) -> Vec<Vec<String>> {
    let output = run_python(
        "import csv, io, json, sys\n\
         text = sys.stdin.buffer.read().decode('utf-8')\n\
         print(json.dumps(list(csv.reader(io.StringIO(text, newline=''), strict=True))))",
        text.as_bytes(),
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_patient_downloads_every_logged_set_as_a_spreadsheet() {
    let server = TestServer::start().await;
    let runner = patient(&server, "north").await;
    intake(&runner, "Achilles tendinopathy", &[]).await;
    let base = format!("/api/v1/patients/{}", runner.user.id);
    let today: Value = runner
        .session
        .get(&format!("{base}/today"))
        .await
        .json()
        .await
        .unwrap();
    let item = &today["today"]["items"][0];
    let sets: Vec<Value> = (1..=2)
        .map(|number| {
            json!({"exercise": item["exercise"], "set_number": number,
                   "reps": item["reps"], "hold_seconds": item["hold_seconds"],
                   "load_kg": item["reps"].as_u64().map(|_| 27.5)})
        })
        .collect();
    let logged = runner
        .session
        .send_json(
            Method::POST,
            &format!("{base}/sessions"),
            &json!({"sets": sets, "pain_during": 3, "pain_after": 2, "note": NOTE}),
        )
        .await;
    assert!(logged.status().is_success());

    let download = runner.session.get("/account/logs.csv").await;
    assert_eq!(download.status(), 200);
    assert!(
        download.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let rows = python_rows(&download.text().await.unwrap());
    assert_eq!(rows[0][0], "date");
    assert_eq!(rows.len(), 3, "a header and one row per set: {rows:?}");
    let name = item["name"].as_str().unwrap();
    for (index, row) in rows[1..].iter().enumerate() {
        assert_eq!(row.len(), 11);
        assert_eq!(row[2], name, "the exercise as the plan named it");
        assert_eq!(row[4], (index + 1).to_string());
        if item["reps"].is_u64() {
            assert_eq!(row[5], item["reps"].to_string());
            assert_eq!(row[6], "27.5");
        }
        assert_eq!((row[8].as_str(), row[9].as_str()), ("3", "2"));
        assert_eq!(row[10], NOTE, "commas and quotes survive");
    }

    // Only the patient downloads their log.
    let anonymous = server
        .client()
        .get(server.url("/account/logs.csv"))
        .send()
        .await
        .unwrap();
    assert_ne!(anonymous.status(), 200);
}
