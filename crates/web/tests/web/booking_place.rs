//! Appointments in person say where (issue 13): the clinic's address, set in its settings (page
//! and API), is shown with a map link beside massages on the public pages and the appointment,
//! and goes into the calendar file; video consultations show none.

use reqwest::Method;
use serde_json::{Value, json};

use crate::booking_support::{fixture, london};
use crate::harness::TestServer;
use crate::patient_support::page;

#[tokio::test]
async fn the_clinics_address_and_a_map_link_go_with_appointments_in_person() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let admin = server.session_for(&world.admin).await;
    let saved = admin
        .post_form(
            "/clinic/settings",
            &[
                ("questionnaire_interval_days", "14"),
                ("cancellation_window_hours", "24"),
                ("meeting_link_template", ""),
                ("currency", "GBP"),
                ("address", "3 Harbour Lane\r\nBristol BS1 4ZZ"),
            ],
        )
        .await;
    assert!(
        saved.status().is_success() || saved.status() == 303,
        "{}",
        saved.status()
    );
    let settings: Value = admin
        .get("/api/v1/clinic/settings")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        settings["address"], "3 Harbour Lane\r\nBristol BS1 4ZZ",
        "{settings}"
    );

    let public = page(&server.session_for(&world.patient).await, "/c/north").await;
    let map = "https://www.openstreetmap.org/search?query=3+Harbour+Lane%2C+Bristol+BS1+4ZZ";
    assert!(
        public.contains("At 3 Harbour Lane, Bristol BS1 4ZZ"),
        "{public}"
    );
    assert!(public.contains(map), "{public}");
    assert_eq!(
        public.matches(map).count(),
        1,
        "only the massage, not the video consultation"
    );

    let patient = server.session_for(&world.patient).await;
    let booked: Value = patient
        .send_json(
            Method::POST,
            "/api/v1/appointments",
            &json!({"type": world.massage.id.to_string(), "start": london(&server, 3, 11, 0).to_string(),
                    "clinician": world.therapist.id.to_string()}),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = booked["id"]
        .as_str()
        .unwrap_or_else(|| panic!("booked: {booked}"));
    let shown = page(&patient, &format!("/appointments/{id}")).await;
    assert!(shown.contains(map), "{shown}");
    let ics = patient
        .get(&format!("/appointments/{id}/appointment.ics"))
        .await
        .text()
        .await
        .unwrap();
    assert!(ics.contains("3 Harbour Lane\\, Bristol BS1 4ZZ"), "{ics}");

    // The API refuses an address longer than 300 characters, naming the field.
    let long = admin
        .send_json(
            Method::PUT,
            "/api/v1/clinic/settings",
            &json!({"questionnaire_interval_days": 14, "cancellation_window_hours": 24,
                    "currency": "GBP", "address": "x".repeat(301)}),
        )
        .await;
    assert_eq!(long.status(), 422);
}
