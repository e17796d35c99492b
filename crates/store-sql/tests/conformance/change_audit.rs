//! A change that carries several audit entries (the read it began with and its own) writes
//! them all in its transaction, or none of them when it fails.

use jiff::civil::date;
use tendo_core::pain_monitoring::LoadDecision;
use tendo_core::reason::Reason;
use tendo_core::rules;
use tendo_store::accounts::{Clinic, Role, User};
use tendo_store::audit::{AuditEntry, AuditQuery};
use tendo_store::ids::RecordId;
use tendo_store::training::NewCheckin;
use tendo_store::{Store, StoreError};

use crate::care::{at, on_a_plan, pain, session};
use crate::fixtures::{clinic, user};
use crate::on_both_backends;

on_both_backends!(a_change_writes_all_its_audit_entries_or_none);

/// An entry about `patient` in `clinic`, as the services write them.
fn entry(clinic: &Clinic, patient: &User, action: &str) -> AuditEntry {
    AuditEntry::new(action, format!("patient/{}", patient.id))
        .by(patient.id, Role::Patient, clinic.id)
        .about(patient.id)
}

/// The actions of the patient's audit entries, oldest first.
async fn actions(store: &dyn Store, clinic: &Clinic, patient: &User) -> Vec<String> {
    let query = AuditQuery {
        patient_id: Some(patient.id),
        limit: 100,
        ..AuditQuery::default()
    };
    let mut entries = store.audit_entries(clinic.id, &query).await.unwrap();
    entries.reverse();
    entries.into_iter().map(|entry| entry.action).collect()
}

async fn a_change_writes_all_its_audit_entries_or_none(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let south = clinic(store, "south").await;
    let patient = user(store, &north, "p@north.test", Role::Patient).await;
    let first = on_a_plan(store, &north, &patient).await;
    let monday = date(2026, 3, 2);

    let refused = store
        .log_session(
            &session(&south, &patient, first.id, monday, 3),
            &[
                entry(&north, &patient, "today.read"),
                entry(&north, &patient, "session.log"),
            ],
        )
        .await;
    assert!(matches!(refused, Err(StoreError::NotFound)), "{refused:?}");
    assert_eq!(
        actions(store, &north, &patient).await,
        Vec::<String>::new(),
        "a refused session writes none of its entries"
    );

    store
        .log_session(
            &session(&north, &patient, first.id, monday, 3),
            &[
                entry(&north, &patient, "today.read"),
                entry(&north, &patient, "session.log"),
            ],
        )
        .await
        .unwrap();
    assert_eq!(
        actions(store, &north, &patient).await,
        ["today.read", "session.log"],
        "a session writes the read it began with and its own entry"
    );

    let checkin = NewCheckin {
        id: RecordId::new(),
        patient_id: patient.id,
        clinic_id: north.id,
        session_date: monday,
        answered_at: at("2026-03-03T07:00:00Z"),
        pain: pain(2),
        decision: LoadDecision::Hold,
        reasons: vec![Reason::new(rules::R_REST, "steady")],
        plan: None,
    };
    let both = [
        entry(&north, &patient, "today.read"),
        entry(&north, &patient, "checkin.answer"),
    ];
    store.record_checkin(&checkin, &both).await.unwrap();
    let again = store
        .record_checkin(
            &NewCheckin {
                id: RecordId::new(),
                ..checkin.clone()
            },
            &[
                entry(&north, &patient, "today.read"),
                entry(&north, &patient, "checkin.again"),
            ],
        )
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    assert_eq!(
        actions(store, &north, &patient).await,
        ["today.read", "session.log", "today.read", "checkin.answer"],
        "an answered check-in writes both entries, a second answer for the day neither"
    );
}
