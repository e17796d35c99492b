//! Export → import → export keeps the clinical content; refusals name the bad element.

use std::collections::HashMap;

use serde_json::Value;
use tendo_app::error::AppError;
use tendo_store::accounts::Role;

use crate::support::{caller, demo, entry_where, resources};

/// What the import takes, with every id replaced by its type and place (`CarePlan/#2`) and
/// what belongs to the importing clinic left out (the address, the clinicians).
fn clinical_content(bundle: &Value) -> Vec<Value> {
    const TAKEN: [&str; 6] = [
        "Patient",
        "Condition",
        "CarePlan",
        "Questionnaire",
        "QuestionnaireResponse",
        "Observation",
    ];
    let mut names = HashMap::new();
    let mut counts: HashMap<String, usize> = HashMap::new();
    for resource in resources(bundle) {
        let kind = resource["resourceType"].as_str().unwrap().to_string();
        let count = counts.entry(kind.clone()).or_default();
        *count += 1;
        names.insert(
            format!("{kind}/{}", resource["id"].as_str().unwrap()),
            format!("{kind}/#{count}"),
        );
    }
    fn rename(value: &mut Value, names: &HashMap<String, String>) {
        match value {
            Value::Object(fields) => {
                for (name, field) in fields.iter_mut() {
                    match (name.as_str(), field.as_str()) {
                        ("reference", Some(target)) => {
                            *field = Value::String(names.get(target).cloned().unwrap_or_default());
                        }
                        _ => rename(field, names),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|item| rename(item, names)),
            _ => {}
        }
    }
    resources(bundle)
        .into_iter()
        .filter(|resource| TAKEN.contains(&resource["resourceType"].as_str().unwrap()))
        .map(|resource| {
            let mut resource = Value::Object(resource.clone());
            let kind = resource["resourceType"].as_str().unwrap().to_string();
            let key = format!("{kind}/{}", resource["id"].as_str().unwrap());
            resource["id"] = Value::String(names[&key].clone());
            let fields = resource.as_object_mut().unwrap();
            if kind == "Patient" {
                fields.remove("telecom");
                fields.remove("identifier");
            }
            if kind == "CarePlan"
                && fields
                    .get("author")
                    .and_then(|author| author["reference"].as_str())
                    .is_some_and(|author| author.starts_with("Practitioner/"))
            {
                fields.remove("author");
            }
            rename(&mut resource, &names);
            resource
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn export_import_export_keeps_every_patients_clinical_content() {
    let demo = demo().await;
    for (number, patient) in demo.patients.iter().enumerate() {
        let first = tendo_app::fhir::export(&demo.app, &demo.admin, patient.id)
            .await
            .unwrap();
        let body = serde_json::to_vec(&first).unwrap();
        let email = format!("imported-{number}@import.test");
        let report = tendo_app::fhir::import(&demo.app, &demo.admin, &body, Some(&email))
            .await
            .unwrap();
        assert_ne!(report.patient_id, patient.id, "the import makes new ids");
        assert_eq!(report.name, patient.name);
        let again = tendo_app::fhir::export(&demo.app, &demo.admin, report.patient_id)
            .await
            .unwrap();
        let (before, after) = (clinical_content(&first), clinical_content(&again));
        for (old, new) in before.iter().zip(&after) {
            assert_eq!(old, new, "{} changed on the round trip", patient.name);
        }
        assert_eq!(
            before.len(),
            after.len(),
            "{}: resources lost",
            patient.name
        );
        let not_taken: Vec<&str> = report
            .not_taken
            .iter()
            .map(|line| line.what.as_str())
            .collect();
        if first.to_string().contains("\"Appointment\"") {
            assert!(not_taken.contains(&"appointments"), "{report:?}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_visa_score_that_does_not_match_its_answers_is_refused_at_its_value() {
    let demo = demo().await;
    let mut found = None;
    for patient in &demo.patients {
        let bundle = tendo_app::fhir::export(&demo.app, &demo.admin, patient.id)
            .await
            .unwrap();
        if let Some(index) = entry_where(&bundle, "Observation", |resource| {
            resource["id"]
                .as_str()
                .is_some_and(|id| id.starts_with("score-"))
        }) {
            found = Some((bundle, index));
            break;
        }
    }
    let (mut bundle, index) = found.expect("a demo patient has answered VISA");
    let score = &mut bundle["entry"][index]["resource"]["valueInteger"];
    let wrong = (score.as_i64().unwrap() + 7) % 101;
    *score = Value::from(wrong);
    let patients_before = demo
        .store
        .users_with_role(demo.admin.user.clinic_id, Role::Patient)
        .await
        .unwrap()
        .len();
    let refused = tendo_app::fhir::import(
        &demo.app,
        &demo.admin,
        &serde_json::to_vec(&bundle).unwrap(),
        Some("score@import.test"),
    )
    .await;
    let Err(AppError::Invalid(problems)) = refused else {
        panic!("a wrong score was taken: {refused:?}");
    };
    assert_eq!(
        problems.0[0].field,
        format!("Bundle.entry[{index}].resource.valueInteger")
    );
    let patients_after = demo
        .store
        .users_with_role(demo.admin.user.clinic_id, Role::Patient)
        .await
        .unwrap()
        .len();
    assert_eq!(patients_before, patients_after, "nothing was imported");
}

#[tokio::test(flavor = "multi_thread")]
async fn only_a_clinic_administrator_imports_and_a_taken_address_is_a_conflict() {
    let demo = demo().await;
    let patient = &demo.patients[0];
    let bundle = tendo_app::fhir::export(&demo.app, &demo.admin, patient.id)
        .await
        .unwrap();
    let body = serde_json::to_vec(&bundle).unwrap();
    let clinician = demo
        .store
        .users_with_role(demo.admin.user.clinic_id, Role::Clinician)
        .await
        .unwrap()
        .remove(0);
    let refused = tendo_app::fhir::import(&demo.app, &caller(clinician), &body, None).await;
    assert!(
        matches!(refused, Err(AppError::Forbidden(_))),
        "{refused:?}"
    );
    // The Bundle's own address is the patient's, already here.
    let refused = tendo_app::fhir::import(&demo.app, &demo.admin, &body, None).await;
    assert!(matches!(refused, Err(AppError::Conflict(_))), "{refused:?}");
}
