//! What a simulation found, scenario by scenario, in a table a clinician can read.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::invariants::Violation;
use super::journey::JourneyOutcome;
use super::scenario::{JourneySpec, Scenario};

/// The outcomes of one scenario.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScenarioRow {
    /// The scenario.
    pub scenario: Scenario,
    /// Journeys run.
    pub journeys: usize,
    /// Journeys whose questionnaire reached 90 (recovered).
    pub recovered: usize,
    /// The median week of recovery among those who recovered.
    pub median_weeks_to_recovery: Option<u16>,
    /// Step-backs of the plan, per journey on average.
    pub regressions_per_journey: f64,
    /// Step-ups of the plan, per journey on average.
    pub progressions_per_journey: f64,
    /// Journeys escalated to the clinician (review, referral or a red flag).
    pub escalated: usize,
    /// Journeys with a broken safety invariant.
    pub with_violations: usize,
}

/// Every journey's outcome and the table by scenario.
#[derive(Clone, Debug, Serialize)]
pub struct SimulationReport {
    /// One row per scenario run.
    pub rows: Vec<ScenarioRow>,
    /// The journeys that broke an invariant, with what broke.
    pub failures: Vec<(JourneySpec, Vec<Violation>, Vec<String>)>,
    /// Journeys run in all.
    pub journeys: usize,
}

impl SimulationReport {
    /// Sums up the outcomes.
    pub fn of(outcomes: Vec<JourneyOutcome>) -> SimulationReport {
        let journeys = outcomes.len();
        let mut by_scenario: BTreeMap<Scenario, Vec<&JourneyOutcome>> = BTreeMap::new();
        for outcome in &outcomes {
            by_scenario
                .entry(outcome.spec.scenario)
                .or_default()
                .push(outcome);
        }
        let rows = by_scenario
            .into_iter()
            .map(|(scenario, outcomes)| {
                let count = outcomes.len();
                let mut weeks: Vec<u16> = outcomes
                    .iter()
                    .filter_map(|outcome| outcome.recovered_in_week)
                    .collect();
                weeks.sort_unstable();
                let mean = |value: fn(&JourneyOutcome) -> u32| {
                    let total: u32 = outcomes.iter().map(|outcome| value(outcome)).sum();
                    f64::from(total) / count.max(1) as f64
                };
                ScenarioRow {
                    scenario,
                    journeys: count,
                    recovered: weeks.len(),
                    median_weeks_to_recovery: weeks.get(weeks.len() / 2).copied(),
                    regressions_per_journey: mean(|outcome| outcome.regressions),
                    progressions_per_journey: mean(|outcome| outcome.progressions),
                    escalated: outcomes.iter().filter(|outcome| outcome.escalated).count(),
                    with_violations: outcomes
                        .iter()
                        .filter(|outcome| !outcome.violations.is_empty())
                        .count(),
                }
            })
            .collect();
        let failures = outcomes
            .into_iter()
            .filter(|outcome| !outcome.violations.is_empty())
            .map(|outcome| (outcome.spec, outcome.violations, outcome.trace))
            .collect();
        SimulationReport {
            rows,
            failures,
            journeys,
        }
    }

    /// The table, aligned for a terminal.
    pub fn table(&self) -> String {
        let mut text = String::new();
        let _ = writeln!(
            text,
            "{:<28} {:>8} {:>10} {:>14} {:>12} {:>11} {:>10} {:>10}",
            "scenario",
            "journeys",
            "recovered",
            "median weeks",
            "step-backs",
            "step-ups",
            "escalated",
            "unsafe"
        );
        for row in &self.rows {
            let weeks = row
                .median_weeks_to_recovery
                .map_or_else(|| "-".to_string(), |weeks| weeks.to_string());
            let _ = writeln!(
                text,
                "{:<28} {:>8} {:>10} {:>14} {:>12.1} {:>11.1} {:>10} {:>10}",
                row.scenario.id(),
                row.journeys,
                row.recovered,
                weeks,
                row.regressions_per_journey,
                row.progressions_per_journey,
                row.escalated,
                row.with_violations
            );
        }
        let _ = writeln!(
            text,
            "\n{} journeys; recovered = a questionnaire score of 90 or more (Q-REC); step-backs \
             and step-ups are plan changes per journey; escalated = the clinician was asked to \
             review or refer, or a red flag stopped the programme; unsafe = journeys that broke \
             a safety invariant.",
            self.journeys
        );
        text
    }

    /// The first failure in full: the journey to run again and what broke, day by day.
    pub fn first_failure(&self) -> Option<String> {
        let (spec, violations, trace) = self.failures.first()?;
        let mut text = format!(
            "journey {} seed {} broke {} invariant(s):\n",
            spec.scenario.id(),
            spec.seed,
            violations.len()
        );
        for violation in violations.iter().take(10) {
            let _ = writeln!(
                text,
                "  day {}: {}: {}",
                violation.day, violation.invariant, violation.detail
            );
        }
        let _ = writeln!(text, "patient: {spec:?}\nlast days:");
        for line in trace {
            let _ = writeln!(text, "  {line}");
        }
        Some(text)
    }
}
