//! Competing bookings spread over the servers: exactly one wins.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use serde_json::json;
use tendo_store::booking::{AppointmentStatus, BookingStore};
use tendo_store_sql::PostgresStore;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::support::Cluster;
use crate::world::{Tokens, World};

/// How many bookings compete, and how many are in flight at once.
const COMPETING: usize = 1000;
const IN_FLIGHT: usize = 100;
/// How many of the world's bookers compete (the others write during the rolling restart).
pub const COMPETING_BOOKERS: usize = 4;

/// Noon (UTC) `days` from now: inside the physiotherapist's hours and the booking horizon.
pub fn noon_in(days: i64) -> Timestamp {
    let today = Timestamp::now().as_second().div_euclid(86_400);
    Timestamp::from_second((today + days) * 86_400 + 12 * 3600).unwrap()
}

/// Books `start` with the physiotherapist for the person of `tokens`, through `base`.
pub async fn book(
    client: &reqwest::Client,
    base: &str,
    tokens: &Tokens,
    world: &World,
    start: Timestamp,
) -> Result<reqwest::Response, reqwest::Error> {
    client
        .post(format!("{base}/api/v1/appointments"))
        .header("cookie", format!("tendo_session={}", tokens.session))
        .header("x-csrf-token", &tokens.csrf)
        .json(&json!({
            "type": world.video_type.to_string(),
            "start": start.to_string(),
            "clinician": world.physio.id.to_string(),
        }))
        .send()
        .await
}

/// A thousand bookings of one time with one physiotherapist, a hundred at a time, through the
/// balancer: exactly one is made, the others are refused as taken, and every server answered
/// some. Returns the winner's e-mail address.
pub async fn one_of_a_thousand_competing_bookings(cluster: &Cluster, world: &World) -> String {
    let start = noon_in(2);
    let client = reqwest::Client::new();
    let gate = Arc::new(Semaphore::new(IN_FLIGHT));
    let mut tasks = JoinSet::new();
    let mut before = Vec::new();
    for server in &cluster.servers {
        before.push(server.requests_for("/api/v1/appointments").await);
    }
    for attempt in 0..COMPETING {
        let booker = attempt % COMPETING_BOOKERS;
        let tokens = world.bookers[booker].clone();
        let (client, base, gate) = (client.clone(), cluster.base.clone(), gate.clone());
        let body = json!({
            "type": world.video_type.to_string(),
            "start": start.to_string(),
            "clinician": world.physio.id.to_string(),
        });
        tasks.spawn(async move {
            let _turn = gate.acquire_owned().await.unwrap();
            let response = client
                .post(format!("{base}/api/v1/appointments"))
                .header("cookie", format!("tendo_session={}", tokens.session))
                .header("x-csrf-token", &tokens.csrf)
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let id = if status == 201 {
                let body: serde_json::Value = response.json().await.unwrap();
                body["id"].as_str().map(str::to_string)
            } else {
                None
            };
            (booker, status, id)
        });
    }
    let mut made = Vec::new();
    let mut refused = 0;
    while let Some(outcome) = tasks.join_next().await {
        let (booker, status, id) = outcome.unwrap();
        match status {
            201 => made.push((booker, id.unwrap())),
            409 => refused += 1,
            other => panic!("a competing booking was answered {other}"),
        }
    }
    // The winner's own repeats of the same request are answered with their booking (the same
    // id); every other patient is refused.
    made.sort();
    made.dedup();
    assert_eq!(
        made.len(),
        1,
        "exactly one of {COMPETING} competing bookings is made: {made:?}"
    );
    assert_eq!(
        refused,
        COMPETING - COMPETING / COMPETING_BOOKERS,
        "every other patient's booking is refused as taken"
    );
    for (server, before) in cluster.servers.iter().zip(before) {
        assert!(
            server.requests_for("/api/v1/appointments").await > before,
            "{} took part",
            server.name
        );
    }
    let store = PostgresStore::connect(&cluster.database_url).await.unwrap();
    let booked: Vec<_> = store
        .clinician_appointments(
            world.clinic.id,
            world.physio.id,
            start - SignedDuration::from_hours(1),
            start + SignedDuration::from_hours(1),
        )
        .await
        .unwrap()
        .into_iter()
        .filter(|appointment| appointment.status == AppointmentStatus::Booked)
        .collect();
    store.close().await;
    assert_eq!(booked.len(), 1, "the database holds one appointment then");
    format!("booker{}@cluster.test", made[0].0)
}
