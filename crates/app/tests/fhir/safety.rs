//! An imported plan is held to the engine's safety rules, like one made here.

use serde_json::{Value, json};
use tendo_app::error::AppError;

use crate::support::{Demo, demo, entry_where};

/// The demo patient with a clinician's change of plan, their Bundle, and the entry of that
/// `CarePlan`.
async fn adjusted_plan(demo: &Demo) -> (Value, usize) {
    let bundle = tendo_app::fhir::export(&demo.app, &demo.admin, demo.patients[0].id)
        .await
        .unwrap();
    let index = entry_where(&bundle, "CarePlan", |resource| {
        resource.to_string().contains("adjustments")
    })
    .expect("the clinician's plan carries adjustments");
    (bundle, index)
}

/// Replaces the `CarePlan`'s adjustments and imports the Bundle.
async fn import_with(
    demo: &Demo,
    bundle: &mut Value,
    index: usize,
    adjustments: &Value,
    email: &str,
) -> (Result<tendo_app::fhir::ImportReport, AppError>, String) {
    let extensions = bundle["entry"][index]["resource"]["extension"]
        .as_array_mut()
        .unwrap();
    let position = extensions
        .iter()
        .position(|found| {
            found["url"]
                .as_str()
                .is_some_and(|url| url.ends_with("/adjustments"))
        })
        .unwrap();
    extensions[position]["valueString"] = Value::String(adjustments.to_string());
    let path = format!("Bundle.entry[{index}].resource.extension[{position}].valueString");
    let outcome = tendo_app::fhir::import(
        &demo.app,
        &demo.admin,
        &serde_json::to_vec(bundle).unwrap(),
        Some(email),
    )
    .await;
    (outcome, path)
}

fn refused_at(outcome: Result<tendo_app::fhir::ImportReport, AppError>, path: &str) -> String {
    let Err(AppError::Invalid(problems)) = outcome else {
        panic!("an unsafe plan was imported: {outcome:?}");
    };
    assert_eq!(problems.0[0].field, path);
    problems.0[0].message.clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn r_rest_an_imported_plan_left_without_loading_is_refused() {
    let demo = demo().await;
    let (mut bundle, index) = adjusted_plan(&demo).await;
    // Every exercise of the plan's activities left out: the plan would be rest.
    let omit: Vec<Value> = bundle["entry"][index]["resource"]["activity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|activity| activity["detail"]["code"]["coding"][0]["code"].clone())
        .collect();
    let (outcome, path) = import_with(
        &demo,
        &mut bundle,
        index,
        &json!({"omit": omit}),
        "rest@import.test",
    )
    .await;
    let message = refused_at(outcome, &path);
    assert!(message.contains("R-REST"), "{message}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a16_an_imported_massage_gun_prescription_more_often_than_every_48_hours_is_refused() {
    let demo = demo().await;
    let (mut bundle, index) = adjusted_plan(&demo).await;
    let prescription = json!({"massage_gun": {
        "sites": [{"site": "gastrocnemius", "minutes": 1.0}],
        "max_ppm": 1800,
        "every_days": 1
    }});
    let (outcome, path) =
        import_with(&demo, &mut bundle, index, &prescription, "gun@import.test").await;
    let message = refused_at(outcome, &path);
    assert!(message.contains("A16"), "{message}");
    // The same prescription every two days is within the caps and is taken.
    let (mut bundle, index) = adjusted_plan(&demo).await;
    let mut safe = prescription.clone();
    safe["massage_gun"]["every_days"] = json!(2);
    let (outcome, _) = import_with(&demo, &mut bundle, index, &safe, "gun2@import.test").await;
    assert!(outcome.is_ok(), "{outcome:?}");
}
