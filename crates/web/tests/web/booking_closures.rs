//! Public holidays and closures for the whole clinic (issue 13): an administrator closes the
//! clinic on a day (page or API); nobody can be booked that day, whoever the clinician; the
//! free times leave it out; opening it again brings them back.

use jiff::ToSpan;
use jiff::tz::TimeZone;
use reqwest::Method;
use serde_json::{Value, json};

use crate::booking_support::{Fixture, fixture, london};
use crate::harness::TestServer;
use crate::patient_support::page;

/// The free video slots of `date`, with any clinician.
async fn free_on(server: &TestServer, world: &Fixture, date: jiff::civil::Date) -> usize {
    let slots: Value = server
        .client()
        .get(server.url(&format!(
            "/api/v1/clinics/{}/slots?type={}&from={date}&days=1&tz=Europe/London",
            world.clinic.slug, world.video.id
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    slots.as_array().unwrap().len()
}

#[tokio::test]
async fn a_day_the_clinic_is_closed_offers_no_times_and_refuses_bookings() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let admin = server.session_for(&world.admin).await;
    let start = london(&server, 3, 10, 0);
    let day = start
        .to_zoned(TimeZone::get("Europe/London").unwrap())
        .date();
    assert!(
        free_on(&server, &world, day).await > 0,
        "open before the closure"
    );

    // Closed through the page: the day has no free time and a booking is refused.
    let closed = admin
        .post_form(
            "/clinic/closures",
            &[
                ("date", day.to_string().as_str()),
                ("note", "Staff training day"),
            ],
        )
        .await;
    assert_eq!(closed.status(), 303);
    assert_eq!(free_on(&server, &world, day).await, 0);
    let next_day = day + 1.day();
    assert!(
        free_on(&server, &world, next_day).await > 0,
        "only that day"
    );
    let patient = server.session_for(&world.patient).await;
    let refused = patient
        .send_json(
            Method::POST,
            "/api/v1/appointments",
            &json!({"type": world.video.id.to_string(), "start": start.to_string(),
                    "clinician": world.physio.id.to_string()}),
        )
        .await;
    assert_eq!(refused.status(), 409, "{}", refused.text().await.unwrap());
    let listed = page(&admin, "/clinic/closures").await;
    assert!(listed.contains("Staff training day"), "{listed}");

    // The same day again is a conflict; a past day is refused naming the date.
    let again = admin
        .send_json(
            Method::POST,
            "/api/v1/clinic/closures",
            &json!({"date": day.to_string()}),
        )
        .await;
    assert_eq!(again.status(), 409);
    let past = admin
        .send_json(
            Method::POST,
            "/api/v1/clinic/closures",
            &json!({"date": "2020-01-01"}),
        )
        .await;
    assert_eq!(past.status(), 422);
    let body: Value = past.json().await.unwrap();
    assert_eq!(body["error"]["fields"][0]["field"], "date");
    // Clinicians read the list; only administrators change it.
    let physio = server.session_for(&world.physio).await;
    let list: Value = physio
        .get("/api/v1/clinic/closures")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["date"], day.to_string(), "{list}");
    let id = list[0]["id"].as_str().unwrap().to_string();
    assert_eq!(
        physio
            .send_json(
                Method::DELETE,
                &format!("/api/v1/clinic/closures/{id}"),
                &json!({})
            )
            .await
            .status(),
        403
    );

    // Opened again: the times come back and the booking goes through.
    let opened = admin
        .send_json(
            Method::DELETE,
            &format!("/api/v1/clinic/closures/{id}"),
            &json!({}),
        )
        .await;
    assert_eq!(opened.status(), 204);
    assert!(free_on(&server, &world, day).await > 0);
    let booked = patient
        .send_json(
            Method::POST,
            "/api/v1/appointments",
            &json!({"type": world.video.id.to_string(), "start": start.to_string(),
                    "clinician": world.physio.id.to_string()}),
        )
        .await;
    assert_eq!(booked.status(), 201);
}
