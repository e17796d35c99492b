//! Session drafts (workout mode): a draft is saved whole and keeps its id, is per patient, plan
//! version and day, and finishing logs the session once and removes the draft in one
//! transaction; a finish key is recorded with the session it logged.

use jiff::civil::date;
use tendo_store::accounts::Role;
use tendo_store::drafts::{FinishedDraft, SessionDraft};
use tendo_store::ids::RecordId;
use tendo_store::training::LoggedSet;
use tendo_store::{Store, StoreError};

use crate::care_builders::{at, on_a_plan, session};
use crate::fixtures::{audit, clinic, user};
use crate::on_both_backends;

on_both_backends!(a_draft_is_saved_whole_then_finished_once,);

fn set(number: u8, reps: u16, load: Option<f64>) -> LoggedSet {
    LoggedSet {
        exercise: "seated-calf-raise-bent-knee".into(),
        set_number: number,
        reps: Some(reps),
        load_kg: load,
        hold_seconds: None,
    }
}

async fn a_draft_is_saved_whole_then_finished_once(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let patient = user(store, &north, "p@north.test", Role::Patient).await;
    let other = user(store, &north, "o@north.test", Role::Patient).await;
    let plan = on_a_plan(store, &north, &patient).await;
    let monday = date(2026, 3, 2);
    assert_eq!(
        store
            .session_draft(north.id, patient.id, plan.id, monday)
            .await
            .unwrap(),
        None
    );

    let first = SessionDraft {
        id: RecordId::new(),
        patient_id: patient.id,
        clinic_id: north.id,
        plan_version_id: plan.id,
        date: monday,
        sets: vec![set(1, 15, Some(20.0))],
        started_at: at("2026-03-02T18:00:00Z"),
        updated_at: at("2026-03-02T18:00:00Z"),
    };
    let stored = store
        .save_session_draft(&first, &[audit("draft.save")])
        .await
        .unwrap();
    assert_eq!(stored, first);

    // A second save (from another tab, with a new id) replaces the sets but keeps the draft.
    let second = SessionDraft {
        id: RecordId::new(),
        sets: vec![set(1, 15, Some(20.0)), set(2, 12, None)],
        updated_at: at("2026-03-02T18:03:00Z"),
        started_at: at("2026-03-02T18:03:00Z"),
        ..first.clone()
    };
    let stored = store
        .save_session_draft(&second, &[audit("draft.save")])
        .await
        .unwrap();
    assert_eq!(stored.id, first.id);
    assert_eq!(stored.started_at, first.started_at);
    assert_eq!(stored.sets, second.sets);
    assert_eq!(
        store
            .session_draft(north.id, patient.id, plan.id, monday)
            .await
            .unwrap(),
        Some(stored.clone())
    );
    // Another day, and another patient, have no draft.
    assert_eq!(
        store
            .session_draft(north.id, patient.id, plan.id, date(2026, 3, 3))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .session_draft(north.id, other.id, plan.id, monday)
            .await
            .unwrap(),
        None
    );
    // A draft on a plan that is not the patient's is refused.
    let foreign = SessionDraft {
        id: RecordId::new(),
        patient_id: other.id,
        ..first.clone()
    };
    assert!(matches!(
        store
            .save_session_draft(&foreign, &[audit("draft.save")])
            .await,
        Err(StoreError::NotFound)
    ));

    // Finishing logs the session with the draft's id and sets, and removes the draft.
    let mut logged = session(&north, &patient, plan.id, monday, 3);
    logged.id = stored.id;
    logged.sets = stored.sets.clone();
    store
        .finish_session_draft(
            stored.id,
            &logged,
            Some("finish-1"),
            &[audit("draft.finish")],
        )
        .await
        .unwrap();
    let sessions = store
        .sessions(north.id, patient.id, monday, monday)
        .await
        .unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].id, stored.id);
    assert_eq!(sessions[0].sets, stored.sets);
    assert_eq!(
        store
            .session_draft(north.id, patient.id, plan.id, monday)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .finished_session_draft(patient.id, "finish-1")
            .await
            .unwrap(),
        Some(FinishedDraft {
            session_id: stored.id,
            date: monday
        })
    );
    assert_eq!(
        store
            .finished_session_draft(other.id, "finish-1")
            .await
            .unwrap(),
        None
    );

    // Finishing again logs nothing more.
    assert!(matches!(
        store
            .finish_session_draft(stored.id, &logged, None, &[audit("draft.finish")])
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        store
            .sessions(north.id, patient.id, monday, monday)
            .await
            .unwrap()
            .len(),
        1
    );

    // A discarded draft is gone; discarding nothing says so.
    let tuesday = SessionDraft {
        id: RecordId::new(),
        date: date(2026, 3, 4),
        ..first.clone()
    };
    store
        .save_session_draft(&tuesday, &[audit("draft.save")])
        .await
        .unwrap();
    assert!(
        store
            .discard_session_draft(north.id, patient.id, plan.id, tuesday.date, &[audit("d")])
            .await
            .unwrap()
    );
    assert!(
        !store
            .discard_session_draft(north.id, patient.id, plan.id, tuesday.date, &[audit("d")])
            .await
            .unwrap()
    );
}
