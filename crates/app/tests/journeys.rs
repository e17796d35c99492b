//! The journey simulator in the test suite: thousands of simulated patients, every safety
//! invariant checked after every simulated day, through the services the web app uses.

use std::sync::Arc;
use std::time::Instant;

use tendo_app::simulate::{self, Scenario, SimulationReport};
use tendo_store::Store;
use tendo_store_sql::testing::TempSqlite;

/// Runs `count` journeys from `seed` on `workers` fresh SQLite databases.
async fn simulate(count: usize, seed: u64, workers: usize) -> SimulationReport {
    let mut databases = Vec::new();
    let mut stores: Vec<Arc<dyn Store>> = Vec::new();
    for _ in 0..workers {
        let database = TempSqlite::new().await.expect("a temporary database");
        stores.push(Arc::new(
            tendo_store_sql::SqliteStore::open_dir(database.dir.path())
                .await
                .expect("the store opens"),
        ));
        databases.push(database);
    }
    simulate::run(stores, &Scenario::ALL, count, seed, Arc::new(|| {}))
        .await
        .expect("every journey runs")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_few_journeys_time() {
    let started = Instant::now();
    let report = simulate(32, 1, 2).await;
    eprintln!("{}", report.table());
    eprintln!("32 journeys took {:?}", started.elapsed());
    if let Some(failure) = report.first_failure() {
        panic!("{failure}");
    }
}
