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

/// Adjustments and a prescription as a hostile or careless Bundle might carry them.
fn any_adjustments(exercises: Vec<String>) -> impl proptest::strategy::Strategy<Value = Value> {
    use proptest::prelude::*;
    let sites: Vec<&'static str> = tendo_core::massage_gun::Site::ALL
        .iter()
        .map(|site| site.id())
        .collect();
    let omit = proptest::sample::subsequence(exercises.clone(), 0..=exercises.len());
    let sets = proptest::collection::vec((proptest::sample::select(exercises), 0u8..8), 0..3);
    let prescription = proptest::option::of((
        proptest::collection::vec((proptest::sample::select(sites), 0.0f64..8.0), 1..4),
        500u32..4_000,
        0u8..4,
    ));
    (omit, sets, prescription).prop_map(|(omit, sets, prescription)| {
        let sets: serde_json::Map<String, Value> = sets
            .into_iter()
            .map(|(exercise, count)| (exercise, json!(count)))
            .collect();
        let mut adjustments = json!({"omit": omit, "sets": sets});
        if let Some((doses, max_ppm, every_days)) = prescription {
            let sites: Vec<Value> = doses
                .into_iter()
                .map(|(site, minutes)| json!({"site": site, "minutes": minutes}))
                .collect();
            adjustments["massage_gun"] =
                json!({"sites": sites, "max_ppm": max_ppm, "every_days": every_days});
        }
        adjustments
    })
}

#[test]
fn r_rest_and_a8_an_accepted_import_never_holds_a_plan_of_rest_or_a_prescription_over_the_caps() {
    use proptest::test_runner::{Config, TestRunner};
    use tendo_core::massage_gun::check_prescription;
    use tendo_core::programme::check_adjustments;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let demo = runtime.block_on(demo());
    let (original, index) = runtime.block_on(adjusted_plan(&demo));
    let exercises: Vec<String> = original["entry"][index]["resource"]["activity"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|activity| activity["detail"]["code"]["coding"][0]["code"].as_str())
        .map(str::to_string)
        .collect();
    let clinic = demo.admin.user.clinic_id;
    let case = std::sync::atomic::AtomicUsize::new(0);
    let accepted = std::sync::atomic::AtomicUsize::new(0);
    let mut runner = TestRunner::new(Config {
        cases: 64,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&any_adjustments(exercises), |adjustments| {
            let mut bundle = original.clone();
            let number = case.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let email = format!("safety-{number}@import.test");
            let (outcome, _) =
                runtime.block_on(import_with(&demo, &mut bundle, index, &adjustments, &email));
            let Ok(report) = outcome else {
                return Ok(());
            };
            accepted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            // Whatever was taken, each plan version is one the engine would make here.
            let store = &demo.store;
            let plans = runtime
                .block_on(store.plan_versions(clinic, report.patient_id))
                .unwrap();
            let screenings = runtime
                .block_on(store.screenings(clinic, report.patient_id))
                .unwrap();
            for plan in &plans {
                let zone = jiff::tz::TimeZone::get(&demo.patients[0].time_zone).unwrap();
                let day = plan.created_at.to_zoned(zone).date();
                let week = tendo_app::patient::plan::week_plan_of(plan, day).unwrap();
                let engine = tendo_core::programme::plan_for(
                    plan.position,
                    plan.condition,
                    plan.side,
                    plan.sessions_per_week,
                    tendo_app::patient::plan::programme_week(plan.programme_start, day),
                )
                .unwrap();
                proptest::prop_assert!(check_adjustments(&engine, &plan.adjustments).is_empty());
                proptest::prop_assert!(
                    week.items.iter().any(|item| item.sets > 0),
                    "the plan is never rest"
                );
                if let Some(prescription) = &plan.adjustments.massage_gun {
                    let screening = screenings
                        .iter()
                        .filter(|screening| screening.answered_at <= plan.created_at)
                        .max_by_key(|screening| screening.answered_at)
                        .or(screenings.first())
                        .unwrap();
                    proptest::prop_assert!(
                        check_prescription(&screening.answers, prescription, plan.created_at)
                            .is_ok(),
                        "{:?} is over the caps",
                        prescription
                    );
                }
            }
            Ok(())
        })
        .unwrap();
    let accepted = accepted.into_inner();
    eprintln!("{accepted} of 64 adjusted plans were safe and taken");
    assert!(
        accepted > 0,
        "the property was checked on some imported plan"
    );
}
