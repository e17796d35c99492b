//! A change that carries several audit entries (the read it began with and its own) writes
//! them all in its transaction, or none of them when it fails.

use jiff::SignedDuration;
use jiff::civil::date;
use tendo_core::caseload::GunBreach;
use tendo_core::pain_monitoring::LoadDecision;
use tendo_core::questionnaire::Questionnaire;
use tendo_core::reason::Reason;
use tendo_core::rules;
use tendo_store::accounts::{Clinic, Role, User};
use tendo_store::audit::{AuditEntry, AuditQuery};
use tendo_store::clinic::GunRefusalRecord;
use tendo_store::drafts::SessionDraft;
use tendo_store::ids::RecordId;
use tendo_store::outcomes::{NewQuestionnaireResponse, RunningWeekRecord};
use tendo_store::training::NewCheckin;
use tendo_store::{Store, StoreError};

use crate::care_builders::{answers, at, completion, gun_session, on_a_plan, pain, session};
use crate::fixtures::{clinic, user};
use crate::on_both_backends;

on_both_backends!(a_change_writes_all_its_audit_entries_or_none);

/// An entry about `patient` in `clinic`, as the services write them.
fn entry(clinic: &Clinic, patient: &User, action: &str) -> AuditEntry {
    AuditEntry::new(action, format!("patient/{}", patient.id))
        .by(patient.id, Role::Patient, clinic.id)
        .about(patient.id)
}

/// The entries of a change that began with a read: the read's, then the change's own.
fn read_then(clinic: &Clinic, patient: &User, read: &str, change: &str) -> [AuditEntry; 2] {
    [entry(clinic, patient, read), entry(clinic, patient, change)]
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
            &read_then(&north, &patient, "today.read", "session.log"),
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
            &read_then(&north, &patient, "today.read", "session.log"),
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
    let both = read_then(&north, &patient, "today.read", "checkin.answer");
    store.record_checkin(&checkin, &both).await.unwrap();
    let again = store
        .record_checkin(
            &NewCheckin {
                id: RecordId::new(),
                ..checkin.clone()
            },
            &read_then(&north, &patient, "today.read", "checkin.again"),
        )
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    assert_eq!(
        actions(store, &north, &patient).await,
        ["today.read", "session.log", "today.read", "checkin.answer"],
        "an answered check-in writes both entries, a second answer for the day neither"
    );

    let week = RunningWeekRecord {
        week_start: monday,
        distance_km: 18.0,
        hard_sessions: 1,
        updated_at: at("2026-03-08T20:00:00Z"),
    };
    let elsewhere = store
        .save_running_week(
            south.id,
            patient.id,
            &week,
            &read_then(&north, &patient, "running.read", "running.elsewhere"),
        )
        .await;
    assert!(elsewhere.is_err(), "a week for another clinic's patient");
    store
        .save_running_week(
            north.id,
            patient.id,
            &week,
            &read_then(&north, &patient, "running.read", "running.save"),
        )
        .await
        .unwrap();
    let response = NewQuestionnaireResponse {
        id: RecordId::new(),
        patient_id: patient.id,
        clinic_id: north.id,
        questionnaire: Questionnaire::VisaA,
        taken_at: at("2026-03-09T08:00:00Z"),
        taken_on: date(2026, 3, 9),
        answers: answers(4),
        score: 40,
    };
    let misplaced = store
        .add_questionnaire(
            &NewQuestionnaireResponse {
                clinic_id: south.id,
                ..response.clone()
            },
            &read_then(
                &north,
                &patient,
                "questionnaires.read",
                "questionnaire.elsewhere",
            ),
        )
        .await;
    assert!(
        misplaced.is_err(),
        "a response for another clinic's patient"
    );
    store
        .add_questionnaire(
            &response,
            &read_then(
                &north,
                &patient,
                "questionnaires.read",
                "questionnaire.submit",
            ),
        )
        .await
        .unwrap();
    assert_eq!(
        actions(store, &north, &patient).await[4..],
        [
            "running.read",
            "running.save",
            "questionnaires.read",
            "questionnaire.submit"
        ],
        "a running week and a questionnaire write both entries, or none when refused"
    );

    massage_gun_entries(store, &north, &south, &patient).await;
    draft_entries(store, &north, &south, &patient, first.id).await;
    intake_entries(store, &north).await;
    red_flag_entries(store, &north, &south, &patient).await;
}

/// A massage-gun session and a refused attempt write the read they began with beside their own
/// entry, or neither.
async fn massage_gun_entries(store: &dyn Store, north: &Clinic, south: &Clinic, patient: &User) {
    let gap = SignedDuration::from_hours(48);
    let gun = |started: &str| gun_session(north, patient, started);
    store
        .log_massage_gun_session(
            &gun("2026-03-10T18:00:00Z"),
            gap,
            &read_then(north, patient, "massage-gun.read", "massage-gun.log"),
        )
        .await
        .unwrap();
    let too_soon = store
        .log_massage_gun_session(
            &gun("2026-03-11T18:00:00Z"),
            gap,
            &read_then(north, patient, "massage-gun.read", "massage-gun.again"),
        )
        .await;
    assert!(
        matches!(too_soon, Err(StoreError::Conflict(_))),
        "{too_soon:?}"
    );
    let refusal = |clinic: &Clinic| GunRefusalRecord {
        id: RecordId::new(),
        patient_id: patient.id,
        clinic_id: clinic.id,
        at: at("2026-03-11T18:00:00Z"),
        date: date(2026, 3, 11),
        breaches: vec![GunBreach::TooSoon],
        rules: vec![rules::A16],
        detail: "A16: too soon".into(),
    };
    let elsewhere = store
        .record_gun_refusal(
            &refusal(south),
            &read_then(north, patient, "massage-gun.read", "massage-gun.elsewhere"),
        )
        .await;
    assert!(elsewhere.is_err(), "a refusal for another clinic's patient");
    store
        .record_gun_refusal(
            &refusal(north),
            &read_then(north, patient, "massage-gun.read", "massage-gun.refused"),
        )
        .await
        .unwrap();
    assert_eq!(
        actions(store, north, patient).await[8..],
        [
            "massage-gun.read",
            "massage-gun.log",
            "massage-gun.read",
            "massage-gun.refused"
        ],
        "a gun session and a refusal write both entries, or none when refused"
    );
}

/// A workout draft saved, discarded or finished writes the read it began with beside its own
/// entry, or neither when it is refused or finds nothing to discard.
async fn draft_entries(
    store: &dyn Store,
    north: &Clinic,
    south: &Clinic,
    patient: &User,
    plan: RecordId,
) {
    let thursday = date(2026, 3, 12);
    let logged = session(north, patient, plan, thursday, 2);
    let draft = SessionDraft {
        id: logged.id,
        patient_id: patient.id,
        clinic_id: north.id,
        plan_version_id: plan,
        date: thursday,
        sets: logged.sets.clone(),
        started_at: at("2026-03-12T18:00:00Z"),
        updated_at: at("2026-03-12T18:00:00Z"),
    };
    let elsewhere = SessionDraft {
        clinic_id: south.id,
        ..draft.clone()
    };
    let misplaced = store
        .save_session_draft(
            &elsewhere,
            &read_then(north, patient, "workout.read", "workout.elsewhere"),
        )
        .await;
    assert!(misplaced.is_err(), "a draft for another clinic's patient");
    let nothing = store
        .discard_session_draft(
            north.id,
            patient.id,
            plan,
            thursday,
            &read_then(north, patient, "workout.read", "workout.nothing"),
        )
        .await;
    assert!(!nothing.unwrap(), "no draft to discard");
    store
        .save_session_draft(
            &draft,
            &read_then(north, patient, "workout.read", "workout.save"),
        )
        .await
        .unwrap();
    store
        .finish_session_draft(
            draft.id,
            &logged,
            Some("finish-audit"),
            &read_then(north, patient, "workout.read", "session.log"),
        )
        .await
        .unwrap();
    assert_eq!(
        actions(store, north, patient).await[12..],
        [
            "workout.read",
            "workout.save",
            "workout.read",
            "session.log"
        ],
        "a saved and a finished draft write both entries, a refused draft and a discard of \
         nothing neither"
    );
}

/// An intake step saved and the intake completed write the read they began with beside their
/// own entry; a completion refused (already complete) writes neither.
async fn intake_entries(store: &dyn Store, north: &Clinic) {
    let patient = user(store, north, "q@north.test", Role::Patient).await;
    store
        .save_intake_draft(
            north.id,
            patient.id,
            &serde_json::json!({"condition": "Achilles tendinitis"}),
            at("2026-03-01T10:00:00Z"),
            &read_then(north, &patient, "intake.read", "intake.save"),
        )
        .await
        .unwrap();
    let completed = completion(north, &patient, true);
    store
        .complete_intake(
            &completed,
            &read_then(north, &patient, "intake.read", "intake.complete"),
        )
        .await
        .unwrap();
    let again = store
        .complete_intake(
            &completed,
            &read_then(north, &patient, "intake.read", "intake.again"),
        )
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    assert_eq!(
        actions(store, north, &patient).await,
        [
            "intake.read",
            "intake.save",
            "intake.read",
            "intake.complete"
        ],
        "an intake step and its completion write both entries, a second completion neither"
    );
}

/// A red flag reported after the intake writes the read it began with beside its own entry, or
/// neither when it is refused.
async fn red_flag_entries(store: &dyn Store, north: &Clinic, south: &Clinic, patient: &User) {
    let answers = serde_json::json!({"condition": "Achilles tendinitis", "side": "left",
        "red_flags": ["calf-clot"]});
    let at_night = at("2026-03-13T21:00:00Z");
    let misplaced = store
        .report_red_flags(
            south.id,
            patient.id,
            &answers,
            at_night,
            &read_then(north, patient, "intake.read", "red-flag.elsewhere"),
        )
        .await;
    assert!(misplaced.is_err(), "a report for another clinic's patient");
    store
        .report_red_flags(
            north.id,
            patient.id,
            &answers,
            at_night,
            &read_then(north, patient, "intake.read", "red-flag.report"),
        )
        .await
        .unwrap();
    assert_eq!(
        actions(store, north, patient).await[16..],
        ["intake.read", "red-flag.report"],
        "a report writes both entries, a refused one neither"
    );
}
