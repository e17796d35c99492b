//! Malformed and hostile Bundles: mutations of a real export (wrong types, missing fields,
//! huge arrays, deep nesting, unknown resource types, references to nowhere). Each is refused
//! with the path of a bad element, or taken whole; never a panic, never half an import.

use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;
use tendo_app::error::AppError;
use tendo_store::accounts::Role;

use crate::support::demo;

#[derive(Clone, Debug)]
enum Mutation {
    /// A value of another JSON type in place of one element.
    WrongType {
        entry: usize,
        element: usize,
        kind: u8,
    },
    /// An element taken away.
    Missing { entry: usize, element: usize },
    /// An element replaced by an array of many thousands of items.
    HugeArray {
        entry: usize,
        element: usize,
        length: usize,
    },
    /// An element replaced by arrays nested deeper than any reader should follow.
    DeepNesting {
        entry: usize,
        element: usize,
        depth: usize,
    },
    /// A resource type Tendo does not export.
    UnknownType { entry: usize, name: String },
    /// A reference to a resource that is not in the Bundle.
    Nowhere { entry: usize, element: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let entry = 0..10_000usize;
    let element = 0..10_000usize;
    prop_oneof![
        (entry.clone(), element.clone(), 0..5u8).prop_map(|(entry, element, kind)| {
            Mutation::WrongType {
                entry,
                element,
                kind,
            }
        }),
        (entry.clone(), element.clone())
            .prop_map(|(entry, element)| Mutation::Missing { entry, element }),
        (entry.clone(), element.clone(), 10_000..60_000usize).prop_map(
            |(entry, element, length)| Mutation::HugeArray {
                entry,
                element,
                length
            }
        ),
        (entry.clone(), element.clone(), 100..400usize).prop_map(|(entry, element, depth)| {
            Mutation::DeepNesting {
                entry,
                element,
                depth,
            }
        }),
        (entry.clone(), "[A-Z][a-zA-Z]{0,20}")
            .prop_map(|(entry, name)| Mutation::UnknownType { entry, name }),
        (entry, element).prop_map(|(entry, element)| Mutation::Nowhere { entry, element }),
    ]
}

/// Every element of `value`, as JSON pointers, parents before children.
fn pointers(value: &Value, here: String, out: &mut Vec<String>) {
    match value {
        Value::Object(fields) => {
            for (name, field) in fields {
                let path = format!("{here}/{}", name.replace('~', "~0").replace('/', "~1"));
                out.push(path.clone());
                pointers(field, path, out);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let path = format!("{here}/{index}");
                out.push(path.clone());
                pointers(item, path, out);
            }
        }
        _ => {}
    }
}

fn element_of(bundle: &Value, entry: usize, element: usize) -> String {
    let entries = bundle["entry"].as_array().map_or(0, Vec::len);
    let entry = entry % entries.max(1);
    let base = format!("/entry/{entry}/resource");
    let mut all = Vec::new();
    pointers(&bundle["entry"][entry]["resource"], base.clone(), &mut all);
    if all.is_empty() {
        base
    } else {
        all[element % all.len()].clone()
    }
}

fn apply(bundle: &mut Value, mutation: &Mutation) {
    let replace = |bundle: &mut Value, at: &str, with: Value| {
        if let Some(slot) = bundle.pointer_mut(at) {
            *slot = with;
        }
    };
    match mutation {
        Mutation::WrongType {
            entry,
            element,
            kind,
        } => {
            let at = element_of(bundle, *entry, *element);
            let current = bundle.pointer(&at).cloned().unwrap_or(Value::Null);
            let with = match (kind, &current) {
                (0, Value::String(_)) => Value::from(42),
                (0, _) => Value::String("forty-two".into()),
                (1, Value::Array(_)) => serde_json::json!({"not": "an array"}),
                (1, _) => serde_json::json!([current]),
                (2, _) => Value::Bool(true),
                (3, _) => Value::from(-1.5e300),
                _ => Value::Null,
            };
            replace(bundle, &at, with);
        }
        Mutation::Missing { entry, element } => {
            let at = element_of(bundle, *entry, *element);
            if let Some((parent, last)) = at.rsplit_once('/')
                && let Some(container) = bundle.pointer_mut(parent)
            {
                match container {
                    Value::Object(fields) => {
                        fields.remove(&last.replace("~1", "/").replace("~0", "~"));
                    }
                    Value::Array(items) => {
                        if let Ok(index) = last.parse::<usize>()
                            && index < items.len()
                        {
                            items.remove(index);
                        }
                    }
                    _ => {}
                }
            }
        }
        Mutation::HugeArray {
            entry,
            element,
            length,
        } => {
            let at = element_of(bundle, *entry, *element);
            replace(bundle, &at, Value::Array(vec![Value::from(7); *length]));
        }
        Mutation::DeepNesting {
            entry,
            element,
            depth,
        } => {
            let at = element_of(bundle, *entry, *element);
            let mut deep = Value::from(1);
            for _ in 0..*depth {
                deep = Value::Array(vec![deep]);
            }
            replace(bundle, &at, deep);
        }
        Mutation::UnknownType { entry, name } => {
            let entries = bundle["entry"].as_array().map_or(0, Vec::len).max(1);
            let at = format!("/entry/{}/resource/resourceType", entry % entries);
            replace(bundle, &at, Value::String(name.clone()));
        }
        Mutation::Nowhere { entry, element } => {
            let entries = bundle["entry"].as_array().map_or(0, Vec::len);
            let mut references = Vec::new();
            pointers(bundle, String::new(), &mut references);
            references.retain(|pointer| pointer.ends_with("/reference"));
            if references.is_empty() || entries == 0 {
                return;
            }
            let at = references[(entry + element) % references.len()].clone();
            replace(bundle, &at, Value::String("CarePlan/nowhere".into()));
        }
    }
}

#[test]
fn malformed_bundles_are_refused_with_a_path_or_taken_whole() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let demo = runtime.block_on(demo());
    // The smallest record that still has sessions, pains and answers, to keep each case quick.
    let mut bundles = Vec::new();
    for patient in &demo.patients {
        let bundle = runtime
            .block_on(tendo_app::fhir::export(&demo.app, &demo.admin, patient.id))
            .unwrap();
        let text = bundle.to_string();
        if text.contains("training-session") && text.contains("QuestionnaireResponse") {
            bundles.push((text.len(), bundle));
        }
    }
    bundles.sort_by_key(|(length, _)| *length);
    let original = bundles.swap_remove(0).1;
    let clinic = demo.admin.user.clinic_id;
    let cases = AtomicUsize::new(0);
    let (accepted, refused) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let mut runner = TestRunner::new(Config {
        cases: 200,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&mutation(), |mutation| {
            let mut bundle = original.clone();
            apply(&mut bundle, &mutation);
            let body = serde_json::to_vec(&bundle).unwrap();
            let case = cases.fetch_add(1, Ordering::SeqCst);
            let email = format!("fuzz-{case}@import.test");
            let patients = |store: &dyn tendo_store::Store| {
                runtime
                    .block_on(store.users_with_role(clinic, Role::Patient))
                    .unwrap()
                    .len()
            };
            let before = patients(&*demo.store);
            let outcome = runtime.block_on(tendo_app::fhir::import(
                &demo.app,
                &demo.admin,
                &body,
                Some(&email),
            ));
            let after = patients(&*demo.store);
            match outcome {
                Ok(report) => {
                    accepted.fetch_add(1, Ordering::SeqCst);
                    prop_assert_eq!(after, before + 1);
                    let taken = |what: &str| {
                        report
                            .taken
                            .iter()
                            .find(|line| line.what == what)
                            .map_or(0, |line| line.count as usize)
                    };
                    let plans = runtime
                        .block_on(demo.store.plan_versions(clinic, report.patient_id))
                        .unwrap();
                    prop_assert_eq!(plans.len(), taken("plan versions"), "taken whole");
                }
                Err(AppError::Invalid(problems)) => {
                    refused.fetch_add(1, Ordering::SeqCst);
                    prop_assert!(
                        problems.0[0].field.starts_with("Bundle"),
                        "{:?} refused without a path: {:?}",
                        mutation,
                        problems
                    );
                    prop_assert_eq!(after, before, "nothing half-imported");
                }
                Err(other) => prop_assert!(false, "{:?} failed with {:?}", mutation, other),
            }
            Ok(())
        })
        .unwrap();
    let (accepted, refused) = (accepted.into_inner(), refused.into_inner());
    eprintln!("{accepted} mutated Bundles taken whole, {refused} refused with a path");
    assert!(
        refused > 100,
        "most mutations break the Bundle: {refused} refused"
    );
}
