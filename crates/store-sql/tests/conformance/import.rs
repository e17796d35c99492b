//! Importing a whole patient: everything in one transaction, or nothing.

use jiff::Timestamp;
use jiff::civil::date;
use serde_json::json;
use tendo_core::condition::{Condition, Side};
use tendo_core::pain_score::PainScore;
use tendo_core::programme::{Position, Protocol};
use tendo_core::reason::Reason;
use tendo_core::rules;
use tendo_store::Store;
use tendo_store::accounts::{Clinic, Role};
use tendo_store::audit::AuditQuery;
use tendo_store::bulk::{BulkBatch, BulkIntake, BulkPlanVersion};
use tendo_store::care::{NewPlanVersion, PlanCause};
use tendo_store::ids::{RecordId, UserId};
use tendo_store::import::ImportedPatient;
use tendo_store::outcomes::NewScreening;
use tendo_store::training::{LoggedSet, NewTrainingSession};

use crate::fixtures::{audit, clinic, new_user, user};
use crate::on_both_backends;

on_both_backends!(
    an_imported_patient_is_written_whole_with_its_audit_entry,
    a_failing_import_leaves_nothing_behind,
    every_screening_reads_back_oldest_first,
);

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn history(clinic: &Clinic, patient: UserId) -> BulkBatch {
    let plan = NewPlanVersion {
        id: RecordId::new(),
        patient_id: patient,
        clinic_id: clinic.id,
        created_at: at("2026-02-02T09:00:00Z"),
        created_by: None,
        cause: PlanCause::Clinician,
        condition: Condition::AchillesMidportion,
        side: Side::Left,
        position: Position::first(Protocol::HeavySlowResistance),
        sessions_per_week: 3,
        programme_start: date(2026, 2, 2),
        reasons: vec![Reason::new(rules::P_HSR, "three days a week")],
        note: Some("Brought over from the other clinic".into()),
        adjustments: Default::default(),
        equipment: None,
    };
    let session = NewTrainingSession {
        id: RecordId::new(),
        patient_id: patient,
        clinic_id: clinic.id,
        plan_version_id: plan.id,
        date: date(2026, 2, 3),
        logged_at: at("2026-02-03T18:00:00Z"),
        pain_during: PainScore::new(3).unwrap(),
        pain_after: PainScore::new(2).unwrap(),
        sets: vec![LoggedSet {
            exercise: "seated-calf-raise".into(),
            set_number: 1,
            reps: Some(15),
            load_kg: Some(10.0),
            hold_seconds: None,
        }],
        note: None,
    };
    BulkBatch {
        intakes: vec![BulkIntake {
            patient_id: patient,
            clinic_id: clinic.id,
            answers: json!({"condition": "achilles-midportion"}),
            started_at: at("2026-02-01T08:00:00Z"),
            updated_at: at("2026-02-01T08:10:00Z"),
            completed_at: Some(at("2026-02-01T08:10:00Z")),
        }],
        plan_versions: vec![BulkPlanVersion { version: 1, plan }],
        sessions: vec![session],
        ..BulkBatch::default()
    }
}

async fn an_imported_patient_is_written_whole_with_its_audit_entry(store: &dyn Store) {
    let clinic = clinic(store, "import-whole").await;
    let admin = user(store, &clinic, "admin@import.example", Role::Admin).await;
    let mut patient = new_user(&clinic, "imported@import.example", Role::Patient);
    patient.password_hash = None;
    let id = patient.id;
    let entry = audit("fhir.import")
        .by(admin.id, Role::Admin, clinic.id)
        .about(id);
    store
        .import_patient(
            &ImportedPatient {
                patient,
                history: history(&clinic, id),
            },
            &entry,
        )
        .await
        .unwrap();
    let summary = store.patient(clinic.id, id).await.unwrap();
    assert!(summary.care_team.is_empty(), "nobody cares for them yet");
    let plans = store.plan_versions(clinic.id, id).await.unwrap();
    assert_eq!(plans.len(), 1);
    assert_eq!(plans[0].side, Side::Left);
    assert_eq!(
        plans[0].note.as_deref(),
        Some("Brought over from the other clinic"),
        "the clinician's reason travels with the plan"
    );
    let sessions = store
        .sessions(clinic.id, id, date(2026, 1, 1), date(2026, 12, 31))
        .await
        .unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].sets.len(), 1);
    assert!(store.intake(clinic.id, id).await.unwrap().is_some());
    let entries = store
        .audit_entries(
            clinic.id,
            &AuditQuery {
                patient_id: Some(id),
                actor_id: Some(admin.id),
                before: None,
                limit: 10,
            },
        )
        .await
        .unwrap();
    assert!(entries.iter().any(|entry| entry.action == "fhir.import"));
}

async fn a_failing_import_leaves_nothing_behind(store: &dyn Store) {
    let clinic = clinic(store, "import-fails").await;
    let taken = user(store, &clinic, "taken@import.example", Role::Patient).await;
    // The email address is already in use: the user row fails after nothing else was written.
    let mut patient = new_user(&clinic, &taken.email, Role::Patient);
    patient.password_hash = None;
    let id = patient.id;
    let refused = store
        .import_patient(
            &ImportedPatient {
                patient: patient.clone(),
                history: history(&clinic, id),
            },
            &audit("fhir.import").about(id),
        )
        .await;
    assert!(refused.is_err(), "the address is taken");
    // A session pointing at a plan version that is not there fails last, after the account,
    // the intake and the plan were written: the transaction takes them all back.
    patient.email = "fresh@import.example".into();
    let mut broken = history(&clinic, id);
    broken.sessions[0].plan_version_id = RecordId::new();
    let refused = store
        .import_patient(
            &ImportedPatient {
                patient,
                history: broken,
            },
            &audit("fhir.import").about(id),
        )
        .await;
    assert!(refused.is_err(), "the session's plan version is not there");
    assert!(store.patient(clinic.id, id).await.is_err(), "no account");
    assert!(
        store.intake(clinic.id, id).await.unwrap().is_none(),
        "no intake"
    );
    assert!(store.plan_versions(clinic.id, id).await.unwrap().is_empty());
    let entries = store
        .audit_entries(
            clinic.id,
            &AuditQuery {
                patient_id: Some(id),
                actor_id: None,
                before: None,
                limit: 10,
            },
        )
        .await
        .unwrap();
    assert!(
        entries.is_empty(),
        "no audit entry for an import that did not happen"
    );
}

async fn every_screening_reads_back_oldest_first(store: &dyn Store) {
    let clinic = clinic(store, "screenings").await;
    let patient = user(store, &clinic, "screened@import.example", Role::Patient).await;
    let mut answers = crate::care_builders::screening();
    for (when, settled) in [
        ("2026-03-01T09:00:00Z", false),
        ("2026-02-01T09:00:00Z", true),
    ] {
        answers.tendon_settled = settled;
        store
            .save_screening(
                &NewScreening {
                    id: RecordId::new(),
                    patient_id: patient.id,
                    clinic_id: clinic.id,
                    answered_at: at(when),
                    answers: answers.clone(),
                },
                &[audit("screening")],
            )
            .await
            .unwrap();
    }
    let all = store.screenings(clinic.id, patient.id).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].answered_at, at("2026-02-01T09:00:00Z"));
    assert!(all[0].answers.tendon_settled);
    let latest = store
        .screening(clinic.id, patient.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(latest.id, all[1].id, "the latest counts");
}
