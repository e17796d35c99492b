//! A rolling restart under a steady write load: each server in turn is stopped with SIGTERM
//! and started again, while bookings are made through the balancer a few times a second.
//! Every booking acknowledged (201) is in the database afterwards, and at most the requests
//! in flight on a stopping server fail.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use jiff::SignedDuration;
use serde_json::Value;
use tendo_store::booking::BookingStore;
use tendo_store_sql::PostgresStore;

use crate::booking::{COMPETING_BOOKERS, book, noon_in};
use crate::support::Cluster;
use crate::world::World;

/// The pause between two writes (about five a second).
const PACE: Duration = Duration::from_millis(200);

/// What the writer saw.
#[derive(Default)]
struct Written {
    acknowledged: Vec<String>,
    failed: Vec<String>,
}

/// Restarts each server in turn under the write load, then checks every acknowledged write.
pub async fn a_rolling_restart_loses_no_acknowledged_write(cluster: &mut Cluster, world: &World) {
    let writing = Arc::new(AtomicBool::new(true));
    let writer = {
        let writing = writing.clone();
        let base = cluster.base.clone();
        let bookers: Vec<_> = world.bookers[COMPETING_BOOKERS..].to_vec();
        let world = world.clone();
        tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut written = Written::default();
            let mut slot = 0_i64;
            while writing.load(Ordering::SeqCst) {
                // One hour apart, 01:00 to 20:00 UTC, from three days ahead: never overlapping.
                let start = noon_in(3 + slot / 20) + SignedDuration::from_hours(slot % 20 - 11);
                let tokens = &bookers[usize::try_from(slot).unwrap() % bookers.len()];
                match book(&client, &base, tokens, &world, start).await {
                    Ok(response) if response.status() == 201 => {
                        let body: Value = response.json().await.unwrap();
                        written
                            .acknowledged
                            .push(body["id"].as_str().unwrap().to_string());
                    }
                    Ok(response) => {
                        let status = response.status();
                        assert!(
                            status.is_server_error(),
                            "a write was refused ({status}): {}",
                            response.text().await.unwrap_or_default()
                        );
                        written.failed.push(format!("slot {slot}: {status}"));
                    }
                    Err(error) => written.failed.push(format!("slot {slot}: {error}")),
                }
                slot += 1;
                tokio::time::sleep(PACE).await;
            }
            written
        })
    };
    tokio::time::sleep(Duration::from_secs(2)).await;
    for index in 0..cluster.servers.len() {
        cluster.servers[index].stop();
        tokio::time::sleep(Duration::from_secs(1)).await;
        cluster.restart(index);
        cluster.wait_until_balanced().await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    writing.store(false, Ordering::SeqCst);
    let written = writer.await.unwrap();

    assert!(
        written.acknowledged.len() >= 20,
        "the load kept writing during the restart ({} writes acknowledged)",
        written.acknowledged.len()
    );
    // The writer has one request in flight at a time: at most one per stopped server.
    assert!(
        written.failed.len() <= cluster.servers.len(),
        "only requests in flight on a stopping server may fail: {:?}",
        written.failed
    );
    let store = PostgresStore::connect(&cluster.database_url).await.unwrap();
    let stored: HashSet<String> = store
        .clinician_appointments(world.clinic.id, world.physio.id, noon_in(2), noon_in(40))
        .await
        .unwrap()
        .into_iter()
        .map(|appointment| appointment.id.to_string())
        .collect();
    store.close().await;
    let lost: Vec<_> = written
        .acknowledged
        .iter()
        .filter(|id| !stored.contains(*id))
        .collect();
    assert!(lost.is_empty(), "acknowledged bookings were lost: {lost:?}");
}
