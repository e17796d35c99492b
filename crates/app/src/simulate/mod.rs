//! The journey simulator: thousands of synthetic patients run day by day, for 12 to 26 weeks,
//! through the same services the web app uses, with the safety invariants of
//! [`invariants::Invariant`] checked after every simulated day.
//!
//! A journey is made from a [`Scenario`] and a seed ([`JourneySpec::new`]), so a failure is
//! reproduced from the two numbers it prints. Each journey has a clinic of its own (one
//! clinician, one patient) in the same store, and the application's clock is set to each
//! moment of the journey, as the demo does.

pub mod invariants;
pub mod journey;
pub mod report;
pub mod scenario;
mod setup;

use std::sync::Arc;

use jiff::Timestamp;
use tendo_store::Store;

use crate::demo::DemoClock;
use crate::error::{AppError, AppResult};
use crate::{App, Settings};

pub use journey::JourneyOutcome;
pub use report::{ScenarioRow, SimulationReport};
pub use scenario::{JourneySpec, Scenario};

/// The application with the clock the journeys move.
pub struct Simulator {
    /// The services, on the store the journeys write to.
    pub app: App,
    clock: Arc<DemoClock>,
}

impl Simulator {
    /// A simulator writing to `store`.
    pub fn new(store: Arc<dyn Store>) -> Simulator {
        let clock = Arc::new(DemoClock::at(Timestamp::UNIX_EPOCH));
        Simulator {
            app: App::with_clock(store, Settings::default(), clock.clone()),
            clock,
        }
    }

    /// Runs one journey; `index` keeps its clinic and people apart from the others'.
    pub async fn journey(&self, spec: &JourneySpec, index: usize) -> AppResult<JourneyOutcome> {
        journey::run(self, spec, index).await
    }

    /// Runs the journeys of `indices` in turn (journey `i` is scenario `i` of `scenarios`,
    /// cycling, with seed `seed + i`); `progress` is told after each one.
    pub async fn run_indices(
        &self,
        scenarios: &[Scenario],
        indices: impl Iterator<Item = usize>,
        seed: u64,
        progress: &(dyn Fn() + Send + Sync),
    ) -> AppResult<Vec<(usize, JourneyOutcome)>> {
        let mut outcomes = Vec::new();
        for index in indices {
            let spec = spec_of(scenarios, index, seed);
            outcomes.push((index, self.journey(&spec, index).await?));
            progress();
        }
        Ok(outcomes)
    }
}

/// The journey of `index`: scenario `index` of `scenarios` (all when empty), cycling, with
/// seed `seed + index`.
pub fn spec_of(scenarios: &[Scenario], index: usize, seed: u64) -> JourneySpec {
    let scenarios = if scenarios.is_empty() {
        &Scenario::ALL[..]
    } else {
        scenarios
    };
    let scenario = scenarios[index % scenarios.len()];
    JourneySpec::new(scenario, seed.wrapping_add(index as u64))
}

/// Runs `count` journeys from `seed` on `lanes` simulators per store, side by side (each
/// simulator has its own application and clock; each journey its own clinic, so journeys on
/// one store never meet, and on SQLite the simulators' changes share the group commit's
/// fsyncs), and reports every outcome in journey order, whatever the number of stores and
/// lanes; `progress` is told after each journey.
pub async fn run(
    stores: Vec<Arc<dyn Store>>,
    lanes: usize,
    scenarios: &[Scenario],
    count: usize,
    seed: u64,
    progress: Arc<dyn Fn() + Send + Sync>,
) -> AppResult<SimulationReport> {
    let lanes = lanes.max(1);
    let simulators = stores.len().max(1) * lanes;
    let mut tasks = tokio::task::JoinSet::new();
    for (worker, store) in stores.into_iter().enumerate() {
        for lane in 0..lanes {
            let scenarios = scenarios.to_vec();
            let progress = progress.clone();
            let store = store.clone();
            tasks.spawn(async move {
                let simulator = Simulator::new(store);
                let indices = (worker * lanes + lane..count).step_by(simulators);
                simulator
                    .run_indices(&scenarios, indices, seed, &*progress)
                    .await
            });
        }
    }
    let mut outcomes = Vec::with_capacity(count);
    while let Some(joined) = tasks.join_next().await {
        let done = joined.map_err(|error| AppError::internal(format!("a worker died: {error}")))?;
        outcomes.extend(done?);
    }
    outcomes.sort_by_key(|(index, _)| *index);
    Ok(SimulationReport::of(
        outcomes.into_iter().map(|(_, outcome)| outcome).collect(),
    ))
}
