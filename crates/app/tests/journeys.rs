//! The journey simulator in the test suite: simulated patients of every scenario, each run day
//! by day through the services the web app uses, with every safety invariant checked after
//! every simulated day. A failure prints the journey (scenario and seed, or the shrunk patient)
//! and its last days.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use tendo_app::simulate::{self, JourneySpec, Scenario, SimulationReport, Simulator};
use tendo_core::condition::Condition;
use tendo_store::Store;

/// The allocator the `tendo` server runs with (see its `main.rs`), so that the services run
/// here as they run there. With glibc's allocator instead, the journeys took about an eighth
/// more of the machine's time (allocation was a fifth of the profile).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Journeys run by the main test; `TENDO_SIM_JOURNEYS` asks for more (or fewer).
const JOURNEYS: usize = 5_000;

/// Journeys each database runs side by side (they share its group commits).
const LANES: usize = 64;

/// A scratch database (commits not synced one by one: see `SqliteStore::open_scratch`).
async fn sqlite() -> (tempfile::TempDir, Arc<dyn Store>) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store: Arc<dyn Store> = Arc::new(
        tendo_store_sql::SqliteStore::open_scratch(dir.path())
            .await
            .expect("the store opens"),
    );
    (dir, store)
}

/// Runs `count` journeys from `seed` on `workers` fresh SQLite databases, `lanes` side by side
/// on each.
async fn simulate(count: usize, seed: u64, workers: usize, lanes: usize) -> SimulationReport {
    let mut databases = Vec::new();
    let mut stores = Vec::new();
    for _ in 0..workers {
        let (database, store) = sqlite().await;
        databases.push(database);
        stores.push(store);
    }
    simulate::run(stores, lanes, &Scenario::ALL, count, seed, Arc::new(|| {}))
        .await
        .expect("every journey runs")
}

#[tokio::test(flavor = "multi_thread")]
async fn every_safety_invariant_holds_over_thousands_of_journeys() {
    let count = std::env::var("TENDO_SIM_JOURNEYS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(JOURNEYS);
    let report = simulate(count, 20_261_203, 2, LANES).await;
    eprintln!("{}", report.table());
    if let Some(failure) = report.first_failure() {
        panic!("{failure}");
    }
    assert_eq!(report.journeys, count);
    // The invariants were not checked on empty journeys: the engine moved plans both ways,
    // red flags stopped every red-flag journey, and every non-responder was escalated.
    let row = |scenario: Scenario| {
        report
            .rows
            .iter()
            .find(|row| row.scenario == scenario)
            .expect("every scenario ran")
    };
    for scenario in Scenario::ALL {
        let row = row(scenario);
        assert!(row.progressions_per_journey > 0.0, "{row:?}");
    }
    assert!(row(Scenario::FlareWeek3).regressions_per_journey > 0.0);
    assert!(row(Scenario::HamstringFailedLoadTest).regressions_per_journey > 0.0);
    let red_flags = row(Scenario::RedFlagWeek5);
    assert_eq!(red_flags.escalated, red_flags.journeys);
    let non_responders = row(Scenario::NonResponder);
    assert_eq!(non_responders.escalated, non_responders.journeys);
    assert_eq!(non_responders.recovered, 0);
    let steady = row(Scenario::Steady);
    assert!(steady.recovered * 2 > steady.journeys, "{steady:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_seed_gives_the_same_journeys() {
    let one = simulate(8, 7, 1, 1).await;
    let two = simulate(8, 7, 2, 4).await;
    assert_eq!(one.rows, two.rows);
}

/// Any patient the model can make, with every field free so that a failure shrinks to the
/// smallest journey that still fails.
fn any_journey() -> impl Strategy<Value = JourneySpec> {
    let conditions = prop::sample::select(vec![
        Condition::AchillesMidportion,
        Condition::AchillesInsertional,
        Condition::AchillesLocationUnknown,
        Condition::ProximalHamstring,
    ]);
    (
        (
            prop::sample::select(Scenario::ALL.to_vec()),
            any::<u64>(),
            conditions,
            12_u16..=26,
            3_u8..=7,
            2_u8..=6,
        ),
        (
            2_u8..=8,
            0.0..0.45,
            0.1..0.3,
            0.0..0.08,
            0.0..1.2,
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (scenario, seed, condition, weeks, days_per_week, baseline_morning),
                (heel_raise_pain, recovery, capacity, gain, noise, uses_gun),
            )| {
                JourneySpec {
                    scenario,
                    seed,
                    condition,
                    weeks,
                    days_per_week,
                    baseline_morning,
                    heel_raise_pain,
                    recovery_per_week: recovery,
                    capacity,
                    capacity_gain_per_week: gain,
                    noise,
                    uses_gun: uses_gun && condition != Condition::ProximalHamstring,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Any journey at all keeps every invariant; a failing one shrinks (fewer weeks, smaller
    /// numbers) and is printed whole.
    #[test]
    fn any_journey_keeps_every_invariant(spec in any_journey()) {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let outcome = runtime.block_on(async {
            let (_database, store) = sqlite().await;
            let index = NEXT.fetch_add(1, Ordering::Relaxed);
            Simulator::new(store).journey(&spec, index).await
        });
        let outcome = outcome.expect("the journey runs");
        prop_assert!(
            outcome.violations.is_empty(),
            "{:?}\nlast days:\n{}",
            outcome.violations,
            outcome.trace.join("\n")
        );
    }
}
