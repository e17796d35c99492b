//! `tendo simulate`: simulated patients through the application, outcomes by scenario.

use super::{json_of, stderr_of_failure, tendo};

#[test]
fn simulate_prints_the_outcomes_of_every_scenario_asked_for() {
    let output = tendo(
        &[
            "simulate",
            "--journeys",
            "4",
            "--workers",
            "2",
            "--scenario",
            "red-flag-week-5",
            "--scenario",
            "insertional",
            "--quiet",
            "--format",
            "json",
        ],
        None,
    );
    let report = json_of(&output);
    assert_eq!(report["journeys"], 4);
    let rows = report["rows"].as_array().expect("rows");
    let scenarios: Vec<&str> = rows
        .iter()
        .map(|row| row["scenario"].as_str().expect("a scenario"))
        .collect();
    assert_eq!(scenarios, ["red-flag-week-5", "insertional"]);
    let red_flags = &rows[0];
    assert_eq!(red_flags["journeys"], 2);
    assert_eq!(
        red_flags["escalated"], 2,
        "every red flag reaches the clinician"
    );
    assert!(report["failures"].as_array().expect("failures").is_empty());
}

#[test]
fn simulate_names_the_scenarios_it_knows() {
    let stderr = stderr_of_failure(&tendo(&["simulate", "--scenario", "grumpy"], None));
    assert!(stderr.contains("grumpy"), "{stderr}");
    assert!(stderr.contains("non-responder"), "{stderr}");
}
