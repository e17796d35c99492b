//! Many people booking the same time at the same moment: exactly one wins, on both backends.

use reqwest::Method;
use serde_json::json;
use tendo_store::accounts::Role;
use tendo_store::booking::AppointmentStatus;

use crate::booking_support::{fixture, london, person};
use crate::harness::{Backend, TestServer};

async fn exactly_one_wins(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let world = fixture(&server, "north").await;
    let start = london(&server, 2, 10, 0);
    let mut sessions = Vec::new();
    for index in 0..12 {
        let patient = person(
            &server,
            &world.clinic,
            &format!("racer{index}@north.test"),
            Role::Patient,
            None,
            "Europe/London",
        )
        .await;
        sessions.push(server.session_for(&patient).await);
    }
    let body = json!({"type": world.massage.id.to_string(), "start": start.to_string()});
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(sessions.len()));
    let mut tasks = Vec::new();
    for session in sessions {
        let body = body.clone();
        let barrier = barrier.clone();
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            session
                .send_json(Method::POST, "/api/v1/appointments", &body)
                .await
                .status()
                .as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    statuses.sort_unstable();
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 201 || *s == 409),
        "{statuses:?}"
    );
    let booked: Vec<_> = server
        .store()
        .booked_between(
            world.clinic.id,
            start - jiff::SignedDuration::from_hours(2),
            start + jiff::SignedDuration::from_hours(2),
        )
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.status == AppointmentStatus::Booked)
        .collect();
    assert_eq!(
        booked.len(),
        1,
        "one appointment holds the therapist and the table"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn exactly_one_of_many_simultaneous_bookings_wins_on_sqlite() {
    exactly_one_wins(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn exactly_one_of_many_simultaneous_bookings_wins_on_postgres() {
    exactly_one_wins(Backend::Postgres).await;
}
