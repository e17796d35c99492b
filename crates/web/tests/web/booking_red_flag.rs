//! A patient whose programme a red flag has stopped cannot book a massage (any kind) but can
//! book a video consultation, which the refusal suggests; the clinician sees the booking on
//! the caseload and the record.

use reqwest::Method;
use serde_json::json;

use crate::booking_support::{fixture, in_care, london};
use crate::harness::{Backend, TestServer};
use crate::patient_support::{intake, page};

async fn stopped_patient_books_video_not_massage(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let world = fixture(&server, "north").await;
    let patient = in_care(&server, &world, &world.patient).await;
    // A massage booked before any flag.
    let earlier = json!({"type": world.massage.id.to_string(), "start": london(&server, 6, 10, 0).to_string()});
    let response = patient
        .session
        .send_json(Method::POST, "/api/v1/appointments", &earlier)
        .await;
    assert_eq!(
        response.status(),
        201,
        "before a flag, a massage can be booked"
    );
    let booked: serde_json::Value = response.json().await.unwrap();
    // A calf that may hold a blood clot (RF-DVT): nothing may be done to the leg before a
    // clinician has seen it.
    intake(&patient, "achilles-midportion", &["calf-clot"]).await;

    let massage = json!({"type": world.massage.id.to_string(), "start": london(&server, 3, 10, 0).to_string()});
    let response = patient
        .session
        .send_json(Method::POST, "/api/v1/appointments", &massage)
        .await;
    assert_eq!(response.status(), 409);
    let text = response.text().await.unwrap();
    assert!(text.contains("massage can't be booked"), "{text}");
    assert!(
        text.contains("video consultation"),
        "the refusal suggests a video consultation: {text}"
    );

    // The public form says the same, beside the booking.
    let start = london(&server, 3, 10, 0).to_string();
    let response = patient
        .session
        .post_form(
            &format!("/c/north/book/{}", world.massage.id),
            &[
                ("start", start.as_str()),
                ("clinician", ""),
                ("tz", "Europe/London"),
            ],
        )
        .await;
    assert_eq!(response.status(), 409);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("video consultation")
    );
    // A clinician cannot book one for them either.
    let staff = server.session_for(&world.physio).await;
    let for_patient = json!({"type": world.massage.id.to_string(), "start": london(&server, 4, 10, 0).to_string(), "patient": world.patient.id.to_string()});
    let response = staff
        .send_json(Method::POST, "/api/v1/appointments", &for_patient)
        .await;
    assert_eq!(response.status(), 409);

    // The massage booked before the flag cannot be moved to another day either.
    let response = patient
        .session
        .send_json(
            Method::POST,
            &format!(
                "/api/v1/appointments/{}/reschedule",
                booked["id"].as_str().unwrap()
            ),
            &json!({"start": london(&server, 7, 10, 0).to_string()}),
        )
        .await;
    assert_eq!(response.status(), 409);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("video consultation")
    );

    // A video consultation is still open.
    let video =
        json!({"type": world.video.id.to_string(), "start": london(&server, 2, 15, 0).to_string()});
    let response = patient
        .session
        .send_json(Method::POST, "/api/v1/appointments", &video)
        .await;
    assert_eq!(response.status(), 201);

    // The clinician sees it on the caseload (page and API) and on the record.
    let caseload = page(&staff, "/clinic/caseload").await;
    assert!(caseload.contains("next: Video assessment"), "{caseload}");
    let api: serde_json::Value = staff.get("/api/v1/caseload").await.json().await.unwrap();
    let entry = api["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["patient_id"] == world.patient.id.to_string())
        .unwrap();
    assert_eq!(entry["next_appointment"]["kind"], "Video assessment");
    let record = page(&staff, &format!("/clinic/patients/{}", world.patient.id)).await;
    assert!(
        record.contains("Initial video assessment") || record.contains("Video assessment"),
        "{record}"
    );
}

#[tokio::test]
async fn a_red_flag_stop_refuses_massage_and_keeps_video_open_on_sqlite() {
    stopped_patient_books_video_not_massage(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_red_flag_stop_refuses_massage_and_keeps_video_open_on_postgres() {
    stopped_patient_books_video_not_massage(Backend::Postgres).await;
}
