//! Every resource Tendo exports, read by an independent FHIR library (fhir.resources' R4B
//! models, through `TENDO_TEST_PYTHON`).

use std::io::Write;
use std::process::{Command, Stdio};

use crate::support::{demo, resources};

fn python() -> String {
    std::env::var("TENDO_TEST_PYTHON").unwrap_or_else(|_| {
        panic!(
            "TENDO_TEST_PYTHON is not set: run `cargo xtask test`, which installs fhir.resources"
        )
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn every_exported_resource_is_valid_fhir_to_an_independent_reader() {
    let demo = demo().await;
    let mut bundles = Vec::new();
    for patient in &demo.patients {
        bundles.push(
            tendo_app::fhir::export(&demo.app, &demo.admin, patient.id)
                .await
                .unwrap(),
        );
    }
    // The demo's records hold every kind of resource the export writes.
    let kinds: std::collections::BTreeSet<&str> = bundles
        .iter()
        .flat_map(|bundle| resources(bundle))
        .filter_map(|resource| resource["resourceType"].as_str())
        .collect();
    for kind in [
        "Patient",
        "Practitioner",
        "Condition",
        "CarePlan",
        "Questionnaire",
        "QuestionnaireResponse",
        "Observation",
        "Appointment",
        "DocumentReference",
        "Provenance",
    ] {
        assert!(kinds.contains(kind), "no demo record exports a {kind}");
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fhir/validate_r4.py");
    let mut child = Command::new(python())
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&serde_json::to_vec(&bundles).unwrap())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the independent reader refused:\n{said}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(said.contains("0 problems"), "{said}");
}
