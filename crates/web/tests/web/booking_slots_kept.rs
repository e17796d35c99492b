//! The free times a server offers while it keeps a clinic's booked times between searches are
//! always what a fresh read shows: after a booking, a cancellation and a patient's erasure, on
//! both backends, and on PostgreSQL after a booking made through another server.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use reqwest::Method;
use serde_json::{Value, json};
use tendo_app::booking::{self, slots};
use tendo_app::{App, Settings};

use crate::booking_support::{Fixture, ask_video, book_video, fixture, in_care, london};
use crate::harness::{Backend, PASSWORD, TestServer};

/// The free video times of two days from `from` (London) as `server` offers them through the
/// API, each start with its clinicians, checked against those an application that has kept
/// nothing finds on the same database and clock.
async fn served_fresh(
    server: &TestServer,
    world: &Fixture,
    from: Date,
    when: &str,
) -> Vec<(Timestamp, Vec<String>)> {
    let response = server
        .client()
        .get(server.url(&format!(
            "/api/v1/clinics/{}/slots?type={}&from={from}&days=2&tz=Europe/London",
            world.clinic.slug, world.video.id
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200, "{when}");
    let served: Vec<Value> = response.json().await.unwrap();
    let served: Vec<(Timestamp, Vec<String>)> = served
        .iter()
        .map(|slot| {
            let clinicians = slot["clinicians"]
                .as_array()
                .unwrap()
                .iter()
                .map(|id| id.as_str().unwrap().to_string())
                .collect();
            (slot["start"].as_str().unwrap().parse().unwrap(), clinicians)
        })
        .collect();
    let fresh_app = App::with_clock(
        server.store_handle(),
        Settings::default(),
        server.clock.clone(),
    );
    let clinic = booking::clinic_by_slug(&fresh_app, &world.clinic.slug)
        .await
        .unwrap();
    let zone = TimeZone::get("Europe/London").unwrap();
    let (_, fresh) = slots::find(&fresh_app, clinic, world.video.id, None, &zone, from, 2)
        .await
        .unwrap();
    let fresh: Vec<(Timestamp, Vec<String>)> = fresh
        .iter()
        .map(|option| {
            let clinicians = option.clinicians.iter().map(ToString::to_string).collect();
            (option.start, clinicians)
        })
        .collect();
    assert_eq!(
        served, fresh,
        "the served times differ from fresh ones {when}"
    );
    assert!(!served.is_empty(), "times are offered {when}");
    served
}

fn offers(times: &[(Timestamp, Vec<String>)], start: Timestamp) -> bool {
    times.iter().any(|(offered, _)| *offered == start)
}

/// The London date of `at`.
fn london_date(at: Timestamp) -> Date {
    at.to_zoned(TimeZone::get("Europe/London").unwrap()).date()
}

async fn kept_times_follow_every_change(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let world = fixture(&server, "north").await;
    let ana = in_care(&server, &world, &world.patient).await;
    let ten = london(&server, 3, 10, 0);
    let from = london_date(ten);

    let read = served_fresh(&server, &world, from, "before any booking").await;
    assert!(offers(&read, ten), "10:00 is free at first");
    // Read twice, so that the second is served from what the first kept.
    let again = served_fresh(&server, &world, from, "read again").await;
    assert_eq!(read, again);

    let id = book_video(&ana, &world, ten).await;
    let read = served_fresh(&server, &world, from, "after a booking").await;
    assert!(!offers(&read, ten), "the booked 10:00 is no longer offered");

    let cancelled = ana
        .session
        .send_json(
            Method::POST,
            &format!("/api/v1/appointments/{id}/cancel"),
            &json!({}),
        )
        .await;
    assert_eq!(cancelled.status().as_u16(), 200);
    let read = served_fresh(&server, &world, from, "after a cancellation").await;
    assert!(offers(&read, ten), "the cancelled 10:00 is offered again");

    // A refused booking (the time just taken by someone else) changes nothing.
    book_video(&ana, &world, ten).await;
    let other = in_care(&server, &world, &world.other).await;
    let refused = ask_video(&other.session, &world, ten).await;
    assert_eq!(refused.status().as_u16(), 409);
    let read = served_fresh(&server, &world, from, "after a refused booking").await;
    assert!(!offers(&read, ten));

    // A patient who deletes their records frees their times.
    let deleted = ana
        .session
        .post_form("/account/delete", &[("password", PASSWORD)])
        .await;
    assert_eq!(deleted.status().as_u16(), 303);
    let read = served_fresh(&server, &world, from, "after an erasure").await;
    assert!(
        offers(&read, ten),
        "the erased patient's 10:00 is free again"
    );
}

#[tokio::test]
async fn the_kept_booked_times_follow_every_change_on_sqlite() {
    kept_times_follow_every_change(Backend::Sqlite).await;
}

#[tokio::test]
async fn the_kept_booked_times_follow_every_change_on_postgres() {
    kept_times_follow_every_change(Backend::Postgres).await;
}

/// Two servers on one database: a time booked through one is no longer offered by the other,
/// which kept the clinic's booked times before.
#[tokio::test]
async fn a_booking_through_another_server_ends_the_kept_times() {
    let server = TestServer::start_on(Backend::Postgres).await;
    let beside = server.start_beside().await;
    let world = fixture(&server, "north").await;
    let ana = in_care(&server, &world, &world.patient).await;
    let ten = london(&server, 3, 10, 0);
    let from = london_date(ten);
    let read = served_fresh(&server, &world, from, "at first").await;
    assert!(offers(&read, ten));

    let ana_beside = ana.signed_in_on(&beside).await;
    book_video(&ana_beside, &world, ten).await;
    let read = served_fresh(&server, &world, from, "after a booking beside").await;
    assert!(!offers(&read, ten), "the time booked beside is not offered");
}
