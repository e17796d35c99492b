//! The training-load charts show what heavy slow resistance raises: the weight lifted
//! (kilograms × repetitions) week on week, and the time held for holds.

use reqwest::Method;
use serde_json::json;

use crate::harness::TestServer;
use crate::patient_support::{DAY, Patient, intake, page, patient, today_json};

/// Logs today's session through the API with every weighted set at `load_kg`; returns the
/// volume load it carried (repetitions × kilograms) and the seconds it held.
async fn log_at(patient: &Patient, load_kg: f64) -> (f64, u32) {
    let base = format!("/api/v1/patients/{}", patient.user.id);
    let today = today_json(patient).await;
    let mut sets = Vec::new();
    let (mut volume, mut held) = (0.0, 0);
    for item in today["today"]["items"].as_array().unwrap() {
        for number in 1..=item["sets"].as_u64().unwrap() {
            let reps = item["reps"].as_u64();
            let hold = item["hold_seconds"].as_u64();
            let load = reps.map(|_| load_kg);
            if let Some(reps) = reps {
                volume += reps as f64 * load_kg;
            }
            held += hold.unwrap_or(0) as u32;
            sets.push(json!({
                "exercise": item["exercise"],
                "set_number": number,
                "reps": reps,
                "hold_seconds": hold,
                "load_kg": load,
            }));
        }
    }
    let response = patient
        .session
        .send_json(
            Method::POST,
            &format!("{base}/sessions"),
            &json!({"sets": sets, "pain_during": 2, "pain_after": 1}),
        )
        .await;
    assert!(
        response.status().is_success(),
        "{}",
        response.text().await.unwrap()
    );
    (volume, held)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_load_chart_shows_the_weight_lifted_rising_week_on_week() {
    let server = TestServer::start().await;
    let runner = patient(&server, "north").await;
    intake(&runner, "Achilles tendinopathy", &[]).await;
    let (first, _) = log_at(&runner, 20.0).await;
    server.advance(DAY * 7);
    let (second, _) = log_at(&runner, 35.0).await;
    assert!(first > 0.0 && second > first);

    let progress = page(&runner.session, "/progress").await;
    assert!(progress.contains("Weight lifted by week"), "{progress}");
    for volume in [first, second] {
        assert!(
            progress.contains(&format!("{volume:.0} kg lifted")),
            "{volume:.0} kg is shown: {progress}"
        );
    }
    // The weekly table has the same figures.
    assert!(progress.contains(&format!("<td>{second:.0}</td>")));

    // A new week with nothing logged yet: nothing lifted (not "-0"), and the week's plan
    // still counted.
    server.advance(DAY * 7);
    let progress = page(&runner.session, "/progress").await;
    assert!(progress.contains("0 kg lifted"), "{progress}");
    assert!(!progress.contains("-0 kg") && !progress.contains("<td>-0</td>"));
    let week = progress
        .split("This week (from ")
        .nth(1)
        .expect("this week in words");
    assert!(week.contains("): 0 of ") && week.contains(" planned sessions done so far"));
}
