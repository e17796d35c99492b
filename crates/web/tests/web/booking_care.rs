//! A patient who books a clinician reaches them: they join the clinician's care team, appear on
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
