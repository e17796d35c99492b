//! Booking over HTTP: the public page, booking with the cancellation window in every message,
//! and each way it can be refused — a taken slot, buffers, too soon, too far ahead, outside the
//! hours, time off, cancelling after the window, someone else's appointment — and series.

use reqwest::Method;
use serde_json::{Value, json};
use tendo_store::booking::AppointmentStatus;
use tendo_store::ids::AppointmentId;

use crate::booking_support::{fixture, london, minutes};
use crate::harness::TestServer;

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_patient_books_from_the_public_page_and_every_message_states_the_window() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let anonymous = server.client();
    let page = anonymous
        .get(server.url("/c/north"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Person physio@north.test"),
        "the team is listed"
    );
    assert!(
        page.contains("40.00 GBP") && page.contains("65.00 GBP"),
        "prices are shown"
    );
    assert!(page.contains("Book a video consultation"));

    let start = london(&server, 2, 10, 0);
    let times = anonymous
        .get(server.url(&format!(
                "/c/north/book/{}?tz=America/New_York&from={}",
                world.video.id,
                start
                    .to_zoned(jiff::tz::TimeZone::get("America/New_York").unwrap())
                    .date()
            )))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        times.contains("America/New_York"),
        "times are in the visitor's zone"
    );
    assert!(
        times.contains(&start.to_string().replace(':', "%3A")),
        "10:00 London is offered"
    );
    assert!(
        times.contains(">05:00<"),
        "10:00 London is 05:00 in New York in winter"
    );

    let confirm = anonymous
        .get(server.url(&format!(
            "/c/north/book/{}/confirm?start={}",
            world.video.id, start
        )))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        confirm.contains("Sign in to book") && confirm.contains("Create account and continue"),
        "no account is needed until here"
    );
    assert!(confirm.contains("until") && confirm.contains("24 hours before it starts"));

    let patient = server.session_for(&world.patient).await;
    let response = patient
        .post_form(
            &format!("/c/north/book/{}", world.video.id),
            &[("start", &start.to_string()), ("clinician", "")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let target = location(&response);
    assert!(target.starts_with("/appointments/"), "{target}");
    let shown = patient.get(&target).await.text().await.unwrap();
    assert!(shown.contains("You can cancel or move this appointment online until"));
    assert!(shown.contains("Person physio@north.test"));

    let mail = server.store().mail_to("pat@north.test", 10).await.unwrap();
    assert_eq!(
        mail.len(),
        2,
        "a confirmation now and a reminder for the day before"
    );
    let confirmation = mail
        .iter()
        .find(|m| m.subject.starts_with("Booked:"))
        .unwrap();
    assert!(confirmation.body.contains("24 hours before it starts"));
    assert!(
        confirmation
            .calendar
            .as_deref()
            .unwrap()
            .contains("BEGIN:VEVENT")
    );
    let reminder = mail
        .iter()
        .find(|m| m.subject.starts_with("Tomorrow:"))
        .unwrap();
    assert_eq!(reminder.send_after, start - minutes(24 * 60));
    assert!(reminder.body.contains("24 hours before it starts"));

    let list = patient.get("/appointments").await.text().await.unwrap();
    assert!(list.contains("Initial video assessment"));
    assert!(
        list.contains("Booked: Initial video assessment"),
        "the confirmation is readable in the app"
    );
    assert!(
        !list.contains("Tomorrow: Initial"),
        "the reminder shows from the day before only"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn refusals_name_what_is_wrong_and_book_nothing() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let patient = server.session_for(&world.patient).await;
    let other = server.session_for(&world.other).await;
    let book = |start: jiff::Timestamp| json!({"type": world.video.id.to_string(), "start": start.to_string()});
    let start = london(&server, 2, 10, 0);

    let first = patient
        .send_json(Method::POST, "/api/v1/appointments", &book(start))
        .await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    assert!(
        first["cancellation_policy"]
            .as_str()
            .unwrap()
            .contains("24 hours")
    );

    // The only physiotherapist is taken at 10:00, and the 15-minute buffer after rules out 10:45.
    for clash in [start, start + minutes(45)] {
        let response = other
            .send_json(Method::POST, "/api/v1/appointments", &book(clash))
            .await;
        assert_eq!(response.status(), 409, "{clash}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "conflict");
    }
    assert_eq!(
        other
            .send_json(
                Method::POST,
                "/api/v1/appointments",
                &book(start + minutes(60))
            )
            .await
            .status(),
        201
    );

    let too_soon = server.app.now() + minutes(30);
    let response = other
        .send_json(Method::POST, "/api/v1/appointments", &book(too_soon))
        .await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["fields"][0]["field"], "start");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("too soon"),
        "{body}"
    );
    let response = other
        .send_json(
            Method::POST,
            "/api/v1/appointments",
            &book(london(&server, 70, 10, 0)),
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("too far ahead"));
    assert_eq!(
        other
            .send_json(
                Method::POST,
                "/api/v1/appointments",
                &book(london(&server, 3, 21, 0))
            )
            .await
            .status(),
        409,
        "outside the hours"
    );

    // Time off on a date removes it.
    let physio = server.session_for(&world.physio).await;
    let off_day = london(&server, 4, 12, 0)
        .to_zoned(jiff::tz::TimeZone::get("Europe/London").unwrap())
        .date()
        .to_string();
    let response = physio
        .post_form(
            "/clinic/availability/exceptions",
            &[
                ("date", &off_day),
                ("kind", "off"),
                ("start", ""),
                ("end", ""),
                ("note", "Course"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        other
            .send_json(
                Method::POST,
                "/api/v1/appointments",
                &book(london(&server, 4, 12, 0))
            )
            .await
            .status(),
        409
    );
    let bad = physio
        .post_form(
            "/clinic/availability/exceptions",
            &[("date", "not a date"), ("kind", "off")],
        )
        .await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("enter a date such as"));

    // Someone else's appointment does not exist for them.
    let id = first["id"].as_str().unwrap();
    assert_eq!(
        other.get(&format!("/appointments/{id}")).await.status(),
        404
    );
    assert_eq!(
        other
            .get(&format!("/api/v1/appointments/{id}"))
            .await
            .status(),
        404
    );
    assert_eq!(
        other
            .send_json(
                Method::POST,
                &format!("/api/v1/appointments/{id}/cancel"),
                &json!({})
            )
            .await
            .status(),
        404
    );
    assert_eq!(
        other
            .get(&format!("/appointments/{}", AppointmentId::new()))
            .await
            .status(),
        404
    );

    // Inside the window the patient must contact the clinic; the clinic can still cancel.
    server.advance(jiff::SignedDuration::from_hours(30));
    let response = patient
        .post_form(&format!("/appointments/{id}/cancel"), &[])
        .await;
    assert_eq!(response.status(), 409);
    assert!(response.text().await.unwrap().contains("Please contact"));
    let page = patient
        .get(&format!("/appointments/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("too close to the appointment to cancel or move it online"));
    let response = physio
        .post_form(&format!("/appointments/{id}/cancel"), &[])
        .await;
    assert_eq!(response.status(), 303);
    let stored = server
        .store()
        .appointment(world.clinic.id, id.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(stored.status, AppointmentStatus::Cancelled);
    let mail = server.store().mail_to("pat@north.test", 10).await.unwrap();
    assert!(mail.iter().any(|m| m.subject.starts_with("Cancelled:")));
    assert!(
        !mail.iter().any(|m| m.subject.starts_with("Tomorrow:")),
        "the reminder went with the appointment"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_weekly_massage_series_is_checked_booked_and_cancelled_from_a_date() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let patient = server.session_for(&world.patient).await;
    let other = server.session_for(&world.other).await;
    let first = london(&server, 2, 10, 0);
    // Someone already has the massage table and therapist in week three.
    let week_three = first + jiff::SignedDuration::from_hours(24 * 14);
    let taken = other
        .send_json(
            Method::POST,
            "/api/v1/appointments",
            &json!({"type": world.massage.id.to_string(), "start": week_three.to_string()}),
        )
        .await;
    assert_eq!(taken.status(), 201);
    let request = json!({
        "type": world.massage.id.to_string(),
        "clinician": world.therapist.id.to_string(),
        "first": first.to_string(),
        "every_weeks": 1,
        "count": 4,
    });
    let preview: Value = patient
        .send_json(Method::POST, "/api/v1/appointment-series/preview", &request)
        .await
        .json()
        .await
        .unwrap();
    let sessions = preview.as_array().unwrap();
    assert_eq!(sessions.len(), 4);
    assert_eq!(sessions.iter().filter(|s| s["free"] == false).count(), 1);
    let alternatives = sessions[2]["alternatives"].as_array().unwrap();
    assert!(
        !alternatives.is_empty(),
        "a taken session comes with alternatives"
    );

    let mut wanted: Vec<String> = sessions
        .iter()
        .map(|s| s["start"].as_str().unwrap().to_string())
        .collect();
    let mut booking = request.clone();
    booking["starts"] = json!(wanted);
    let refused = patient
        .send_json(Method::POST, "/api/v1/appointment-series", &booking)
        .await;
    assert_eq!(
        refused.status(),
        409,
        "nothing is booked while a session is taken"
    );
    assert!(
        server
            .store()
            .patient_appointments(world.clinic.id, world.patient.id)
            .await
            .unwrap()
            .is_empty()
    );
    wanted[2] = alternatives[0].as_str().unwrap().to_string();
    booking["starts"] = json!(wanted);
    let booked = patient
        .send_json(Method::POST, "/api/v1/appointment-series", &booking)
        .await;
    assert_eq!(booked.status(), 201);
    let booked: Value = booked.json().await.unwrap();
    assert_eq!(booked.as_array().unwrap().len(), 4);
    let second = booked[1]["id"].as_str().unwrap();
    let cancelled: Value = patient
        .send_json(
            Method::POST,
            &format!("/api/v1/appointments/{second}/cancel"),
            &json!({"following": true}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(cancelled.as_array().unwrap().len(), 3);
    let left: Vec<_> = server
        .store()
        .patient_appointments(world.clinic.id, world.patient.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.status == AppointmentStatus::Booked)
        .collect();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].start, first);
}
