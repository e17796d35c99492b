//! Cancelling asks first and keeps the reason: the cancel button leads to a confirmation page
//! that names the appointment and asks why (required of staff, optional for patients, at most
//! 300 characters); the reason is stored, shown, mailed and accepted by the API. Cancelled
//! appointments leave "Coming up", and staff never see the patient's online window.

use reqwest::Method;
use serde_json::{Value, json};
use tendo_store::booking::AppointmentStatus;
use tendo_store::ids::AppointmentId;

use crate::booking_support::{Fixture, ask_video, fixture, london};
use crate::harness::{Backend, Session, TestServer, between};

/// Books the fixture's video assessment with the physiotherapist for the patient `days` from
/// today at 10:00 London (so the patient joins the physiotherapist's care team).
async fn booked(server: &TestServer, world: &Fixture, patient: &Session, days: i64) -> String {
    let body: Value = ask_video(patient, world, london(server, days, 10, 0))
        .await
        .json()
        .await
        .unwrap();
    body["id"].as_str().expect("it is booked").to_string()
}

async fn status_of(server: &TestServer, world: &Fixture, id: &str) -> AppointmentStatus {
    let id: AppointmentId = id.parse().unwrap();
    server
        .store()
        .appointment(world.clinic.id, id)
        .await
        .unwrap()
        .status
}

async fn staff_cancel_with_a_reason_after_confirming(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let world = fixture(&server, "north").await;
    let patient = server.session_for(&world.patient).await;
    let physio = server.session_for(&world.physio).await;
    let id = booked(&server, &world, &patient, 2).await;
    let coming_up = |page: &str| {
        between(page, "Coming up", "</section>")
            .unwrap_or_default()
            .to_string()
    };
    let list = patient.get("/appointments").await.text().await.unwrap();
    assert!(coming_up(&list).contains(&format!("/appointments/{id}")));

    // Inside the patient's 24-hour window (twelve hours before, whatever the time of day the
    // test runs at): the clinician sees no window text, only the link.
    let start = london(&server, 2, 10, 0);
    server.advance(start.duration_since(server.app.now()) - jiff::SignedDuration::from_hours(12));
    let page = physio
        .get(&format!("/appointments/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !page.contains("no longer be cancelled")
            && !page.contains("cancel or move this appointment online"),
        "the online window binds patients only: {page}"
    );
    assert!(!page.contains("too close to the appointment"));
    assert!(page.contains(&format!("href=\"/appointments/{id}/cancel\"")));
    assert!(
        !page.contains(&format!("action=\"/appointments/{id}/cancel\"")),
        "the appointment page itself cancels nothing"
    );

    // The first click opens the confirmation: what will be cancelled, and a required reason.
    let confirm = physio.get(&format!("/appointments/{id}/cancel")).await;
    assert_eq!(confirm.status(), 200);
    let confirm = confirm.text().await.unwrap();
    assert!(confirm.contains("Initial video assessment"));
    assert!(confirm.contains("Person pat@north.test"));
    assert!(confirm.contains("name=\"reason\"") && confirm.contains("required"));
    assert_eq!(
        status_of(&server, &world, &id).await,
        AppointmentStatus::Booked
    );

    // Staff must say why, in at most 300 characters.
    for reason in ["", "   ", &"x".repeat(301)] {
        let refused = physio
            .post_form(&format!("/appointments/{id}/cancel"), &[("reason", reason)])
            .await;
        assert_eq!(refused.status(), 422, "reason {reason:?}");
        assert!(
            refused
                .text()
                .await
                .unwrap()
                .contains("id=\"reason-error\"")
        );
        assert_eq!(
            status_of(&server, &world, &id).await,
            AppointmentStatus::Booked
        );
    }

    let reason = "The physiotherapist is ill today; sorry for the short notice";
    let done = physio
        .post_form(&format!("/appointments/{id}/cancel"), &[("reason", reason)])
        .await;
    assert_eq!(done.status(), 303);
    let stored = server
        .store()
        .appointment(world.clinic.id, id.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(stored.status, AppointmentStatus::Cancelled);
    assert_eq!(stored.cancel_reason.as_deref(), Some(reason));

    // Shown wherever the cancelled appointment is shown, and sent to the patient.
    for (who, path) in [
        (&patient, format!("/appointments/{id}")),
        (&physio, format!("/appointments/{id}")),
        (&patient, "/appointments".to_string()),
        (&physio, format!("/clinic/patients/{}", world.patient.id)),
    ] {
        let page = who.get(&path).await.text().await.unwrap();
        assert!(page.contains(reason), "{path} shows the reason");
    }
    let shown: Value = patient
        .get(&format!("/api/v1/appointments/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(shown["cancel_reason"], reason);
    let mail = server.store().mail_to("pat@north.test", 10).await.unwrap();
    let notice = mail
        .iter()
        .find(|m| m.subject.starts_with("Cancelled:"))
        .expect("the patient is told");
    assert!(notice.body.contains(reason));

    // It has left the patient's "Coming up".
    let list = patient.get("/appointments").await.text().await.unwrap();
    assert!(!coming_up(&list).contains(&format!("/appointments/{id}")));
}

#[tokio::test(flavor = "multi_thread")]
async fn staff_cancel_only_after_confirming_with_a_reason_kept_on_sqlite() {
    staff_cancel_with_a_reason_after_confirming(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn staff_cancel_only_after_confirming_with_a_reason_kept_on_postgres() {
    staff_cancel_with_a_reason_after_confirming(Backend::Postgres).await;
}

async fn patients_may_leave_the_reason_out_and_the_api_takes_one(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let world = fixture(&server, "north").await;
    let patient = server.session_for(&world.patient).await;
    let physio = server.session_for(&world.physio).await;
    let first = booked(&server, &world, &patient, 3).await;
    let second = booked(&server, &world, &patient, 4).await;

    // The patient's confirmation page: the reason is optional.
    let confirm = patient
        .get(&format!("/appointments/{first}/cancel"))
        .await
        .text()
        .await
        .unwrap();
    assert!(confirm.contains("(optional)"));
    assert!(
        !between(&confirm, "<textarea", ">")
            .unwrap()
            .contains("required")
    );
    let cancelled: Value = patient
        .send_json(
            Method::POST,
            &format!("/api/v1/appointments/{first}/cancel"),
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(cancelled[0]["status"], "cancelled");
    assert!(cancelled[0]["cancel_reason"].is_null());

    // Staff over the API: no reason is a 422 naming `reason`; with one, it is kept.
    let refused = physio
        .send_json(
            Method::POST,
            &format!("/api/v1/appointments/{second}/cancel"),
            &json!({}),
        )
        .await;
    assert_eq!(refused.status(), 422);
    let error: Value = refused.json().await.unwrap();
    assert_eq!(error["error"]["fields"][0]["field"], "reason");
    let too_long = physio
        .send_json(
            Method::POST,
            &format!("/api/v1/appointments/{second}/cancel"),
            &json!({"reason": "y".repeat(301)}),
        )
        .await;
    assert_eq!(too_long.status(), 422);
    assert_eq!(
        status_of(&server, &world, &second).await,
        AppointmentStatus::Booked
    );
    let cancelled: Value = physio
        .send_json(
            Method::POST,
            &format!("/api/v1/appointments/{second}/cancel"),
            &json!({"reason": "Room flooded"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(cancelled[0]["status"], "cancelled");
    assert_eq!(cancelled[0]["cancel_reason"], "Room flooded");
    let stored = server
        .store()
        .appointment(world.clinic.id, second.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(stored.cancel_reason.as_deref(), Some("Room flooded"));
}

#[tokio::test(flavor = "multi_thread")]
async fn patients_may_leave_the_reason_out_and_the_api_takes_one_on_sqlite() {
    patients_may_leave_the_reason_out_and_the_api_takes_one(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn patients_may_leave_the_reason_out_and_the_api_takes_one_on_postgres() {
    patients_may_leave_the_reason_out_and_the_api_takes_one(Backend::Postgres).await;
}
