//! A booking request sent twice books once: the API's `Idempotency-Key`, the form's hidden key,
//! the same form sent again after Back, and one patient never in two places at once — on
//! SQLite and PostgreSQL.

use reqwest::Method;
use serde_json::{Value, json};
use tendo_store::booking::AppointmentStatus;

use crate::booking_support::{fixture, london};
use crate::browser::Browser;
use crate::harness::{Backend, Session, TestServer, between};

async fn booked_count(server: &TestServer, world: &crate::booking_support::Fixture) -> usize {
    server
        .store()
        .patient_appointments(world.clinic.id, world.patient.id)
        .await
        .unwrap()
        .iter()
        .filter(|appointment| appointment.status == AppointmentStatus::Booked)
        .count()
}

async fn book_with_key(session: &Session, key: &str, body: &Value) -> (u16, Value) {
    let response = session
        .client
        .post(format!("{}/api/v1/appointments", session.base))
        .header("x-csrf-token", &session.csrf)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn the_same_key_books_once(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let world = fixture(&server, "north").await;
    let session = server.session_for(&world.patient).await;
    let start = london(&server, 3, 10, 0);
    let body = json!({"type": world.video.id.to_string(), "start": start.to_string()});

    let (status, first) = book_with_key(&session, "booking-0001", &body).await;
    assert_eq!(status, 201, "{first}");
    let (status, again) = book_with_key(&session, "booking-0001", &body).await;
    assert_eq!(status, 201, "the repeat answers as the first did: {again}");
    assert_eq!(again["id"], first["id"]);
    assert_eq!(booked_count(&server, &world).await, 1);

    // The same key for another booking is refused, and books nothing.
    let later =
        json!({"type": world.video.id.to_string(), "start": london(&server, 4, 10, 0).to_string()});
    let (status, refused) = book_with_key(&session, "booking-0001", &later).await;
    assert_eq!(status, 409, "{refused}");
    assert!(
        refused.to_string().contains("different booking"),
        "{refused}"
    );
    assert_eq!(booked_count(&server, &world).await, 1);

    // Ten copies of one new request at once: one booking, and every copy gets it.
    let next =
        json!({"type": world.video.id.to_string(), "start": london(&server, 5, 10, 0).to_string()});
    let copies: Vec<_> = (0..10)
        .map(|_| book_with_key(&session, "booking-0002", &next))
        .collect();
    let answers = futures_util::future::join_all(copies).await;
    let ids: std::collections::BTreeSet<String> = answers
        .iter()
        .map(|(status, body)| {
            assert_eq!(*status, 201, "{body}");
            body["id"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(ids.len(), 1, "{answers:?}");
    assert_eq!(booked_count(&server, &world).await, 2);

    // A key that is not visible ASCII is a 422 naming the header.
    let response = session
        .client
        .post(format!("{}/api/v1/appointments", session.base))
        .header("x-csrf-token", &session.csrf)
        .header("Idempotency-Key", "   ")
        .json(&next)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("Idempotency-Key"));
}

async fn a_patient_is_never_booked_twice_at_once(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let world = fixture(&server, "north").await;
    let session = server.session_for(&world.patient).await;
    let start = london(&server, 3, 10, 0);
    let video = json!({"type": world.video.id.to_string(), "start": start.to_string()});
    let response = session
        .send_json(Method::POST, "/api/v1/appointments", &video)
        .await;
    assert_eq!(response.status(), 201);
    // A massage with another clinician half an hour into the video consultation.
    let massage = json!({"type": world.massage.id.to_string(), "start": (start + jiff::SignedDuration::from_mins(30)).to_string()});
    let response = session
        .send_json(Method::POST, "/api/v1/appointments", &massage)
        .await;
    assert_eq!(response.status(), 409);
    let text = response.text().await.unwrap();
    assert!(
        text.contains("You already have an appointment at that time"),
        "{text}"
    );
    assert_eq!(booked_count(&server, &world).await, 1);
}

/// The confirm page's form, as a browser would send it.
fn form_fields(page: &str) -> Vec<(String, String)> {
    ["start", "clinician", "tz", "request_key"]
        .iter()
        .map(|name| {
            let value = between(page, &format!("name=\"{name}\" value=\""), "\"")
                .unwrap_or_default()
                .to_string();
            ((*name).to_string(), value)
        })
        .collect()
}

async fn the_form_sent_again_books_once(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let world = fixture(&server, "north").await;
    let session = server.session_for(&world.patient).await;
    let start = london(&server, 3, 11, 0);
    let confirm = format!(
        "/c/north/book/{}/confirm?start={}&clinician=&tz=Europe/London",
        world.video.id,
        start.to_string().replace(':', "%3A")
    );
    let page = session.get(&confirm).await.text().await.unwrap();
    let fields = form_fields(&page);
    assert!(!fields[3].1.is_empty(), "the form carries a one-time key");
    let send = |fields: Vec<(String, String)>| {
        let session = &session;
        let path = format!("/c/north/book/{}", world.video.id);
        async move {
            let borrowed: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            session.post_form(&path, &borrowed).await
        }
    };
    let first = send(fields.clone()).await;
    assert_eq!(first.status(), 303);
    let appointment = first.headers()["location"].to_str().unwrap().to_string();
    assert!(appointment.starts_with("/appointments/"), "{appointment}");
    // The same form again (a double click, or Back and "Confirm booking" on a kept page).
    let again = send(fields).await;
    assert_eq!(again.status(), 303);
    assert_eq!(again.headers()["location"], appointment.as_str());
    // Back to a reloaded confirm page, which has a new key, and confirm again: the same booking.
    let reloaded = session.get(&confirm).await.text().await.unwrap();
    let fresh = form_fields(&reloaded);
    assert_ne!(
        fresh[3].1,
        form_fields(&page)[3].1,
        "a reloaded page has a new key"
    );
    let third = send(fresh).await;
    assert_eq!(third.status(), 303);
    assert_eq!(third.headers()["location"], appointment.as_str());
    assert_eq!(booked_count(&server, &world).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_idempotency_key_books_once_on_sqlite() {
    the_same_key_books_once(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_idempotency_key_books_once_on_postgres() {
    the_same_key_books_once(Backend::Postgres).await;
}

#[tokio::test]
async fn a_patient_is_never_booked_twice_at_once_on_sqlite() {
    a_patient_is_never_booked_twice_at_once(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_patient_is_never_booked_twice_at_once_on_postgres() {
    a_patient_is_never_booked_twice_at_once(Backend::Postgres).await;
}

#[tokio::test]
async fn the_booking_form_sent_again_books_once_on_sqlite() {
    the_form_sent_again_books_once(Backend::Sqlite).await;
}

#[tokio::test]
async fn the_booking_form_sent_again_books_once_on_postgres() {
    the_form_sent_again_books_once(Backend::Postgres).await;
}

/// In a real browser: book, press Back to the confirm page, and confirm again.
#[tokio::test(flavor = "multi_thread")]
async fn back_and_confirm_again_in_a_browser_books_once() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let browser = Browser::open(&server, "back_and_confirm_again_books_once").await;
    browser.sign_in("pat@north.test").await;
    let start = london(&server, 3, 12, 0);
    browser
        .goto(&format!(
            "/c/north/book/{}/confirm?start={}&clinician=&tz=Europe/London",
            world.video.id,
            start.to_string().replace(':', "%3A")
        ))
        .await;
    browser.press("Confirm booking").await;
    let booked = browser.path().await;
    assert!(booked.starts_with("/appointments/"), "{booked}");
    browser.driver.back().await.unwrap();
    browser.wait_for_load().await;
    assert!(
        browser.path().await.ends_with("/confirm"),
        "Back returns to the confirm page"
    );
    browser.press("Confirm booking").await;
    assert_eq!(browser.path().await, booked, "the same appointment again");
    assert_eq!(booked_count(&server, &world).await, 1);
    browser.close().await;
}
