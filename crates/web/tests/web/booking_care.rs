//! A patient who books a clinician reaches them: they join the clinician's care team (or, booking
//! "anyone", wait on the triage list until a clinician takes them), appear on
//! the caseload (with "intake not finished" when they are new), and the calendar links to
//! their record.

use reqwest::Method;
use serde_json::json;

use crate::booking_support::{fixture, london};
use crate::harness::TestServer;
use crate::patient_support::page;

#[tokio::test]
async fn a_patient_who_books_joins_the_clinicians_care_team_and_caseload() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    assert!(
        !server
            .store()
            .cares_for(world.physio.id, world.patient.id)
            .await
            .unwrap()
    );
    let patient = server.session_for(&world.patient).await;
    let start = london(&server, 3, 10, 0);
    let response = patient
        .send_json(
            Method::POST,
            "/api/v1/appointments",
            &json!({"type": world.video.id.to_string(), "start": start.to_string(), "clinician": world.physio.id.to_string()}),
        )
        .await;
    assert_eq!(response.status(), 201);
    assert!(
        server
            .store()
            .cares_for(world.physio.id, world.patient.id)
            .await
            .unwrap()
    );

    let physio = server.session_for(&world.physio).await;
    let caseload = page(&physio, "/clinic/caseload").await;
    assert!(caseload.contains(&world.patient.name), "{caseload}");
    assert!(caseload.contains("intake not finished"), "{caseload}");
    let record = format!("/clinic/patients/{}", world.patient.id);
    let week = start.to_zoned(jiff::tz::TimeZone::UTC).date();
    let calendar = page(&physio, &format!("/clinic/calendar?week={week}")).await;
    assert!(
        calendar.contains(&format!("href=\"{record}\"")),
        "the calendar links to the record: {calendar}"
    );
    page(&physio, &record).await;

    // Booking again does not add them twice.
    let again = patient
        .send_json(
            Method::POST,
            "/api/v1/appointments",
            &json!({"type": world.video.id.to_string(), "start": london(&server, 5, 10, 0).to_string(), "clinician": world.physio.id.to_string()}),
        )
        .await;
    assert_eq!(again.status(), 201);
    let summary = server
        .store()
        .patient(world.clinic.id, world.patient.id)
        .await
        .unwrap();
    assert_eq!(summary.care_team, vec![world.physio.id]);
}

#[tokio::test]
async fn a_patient_who_books_anyone_waits_on_the_triage_list_until_a_clinician_takes_them() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let patient = server.session_for(&world.patient).await;
    let booked = patient
        .send_json(
            Method::POST,
            "/api/v1/appointments",
            &json!({"type": world.video.id.to_string(), "start": london(&server, 3, 10, 0).to_string()}),
        )
        .await;
    assert_eq!(booked.status(), 201);
    let summary = server
        .store()
        .patient(world.clinic.id, world.patient.id)
        .await
        .unwrap();
    assert!(
        summary.care_team.is_empty(),
        "\"anyone\" names no clinician"
    );

    // Staff see them waiting, with their intake not finished and their appointment.
    let physio = server.session_for(&world.physio).await;
    let admin = server.session_for(&world.admin).await;
    let waiting = page(&physio, "/clinic/triage").await;
    assert!(waiting.contains(&world.patient.name), "{waiting}");
    assert!(waiting.contains("intake not finished"), "{waiting}");
    assert!(waiting.contains("next: Video assessment"), "{waiting}");
    let listed: serde_json::Value = admin.get("/api/v1/triage").await.json().await.unwrap();
    let entry = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["patient_id"] == world.patient.id.to_string())
        .unwrap_or_else(|| panic!("the patient is waiting: {listed}"));
    assert_eq!(entry["intake_open"], true);
    assert_eq!(entry["next_appointment"]["kind"], "Video assessment");
    assert_eq!(patient.get("/api/v1/triage").await.status(), 403);
    let caseload = page(&physio, "/clinic/caseload").await;
    assert!(
        !caseload.contains(&world.patient.name),
        "not on anyone's caseload yet"
    );

    // An administrator must name the clinician.
    let unnamed = admin
        .send_json(
            Method::POST,
            "/api/v1/triage",
            &json!({"patient": world.patient.id.to_string()}),
        )
        .await;
    assert_eq!(
        unnamed.status(),
        403,
        "an administrator cares for no patient"
    );

    // The physiotherapist takes them: they reach the caseload, flagged, and leave the list.
    let id = world.patient.id.to_string();
    let taken = physio
        .post_form("/clinic/triage", &[("patient", id.as_str())])
        .await;
    assert_eq!(taken.status(), 303);
    let caseload = page(&physio, "/clinic/caseload").await;
    assert!(caseload.contains(&world.patient.name), "{caseload}");
    assert!(caseload.contains("intake not finished"), "{caseload}");
    let listed: serde_json::Value = admin.get("/api/v1/triage").await.json().await.unwrap();
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|entry| entry["patient_id"] != id.as_str()),
        "{listed}"
    );
    // Taking them again is a conflict, not a second clinician.
    let again = admin
        .send_json(
            Method::POST,
            "/api/v1/triage",
            &json!({"patient": id, "clinician": world.therapist.id.to_string()}),
        )
        .await;
    assert_eq!(again.status(), 409);
}
