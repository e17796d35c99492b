//! Every write of a patient's care data raises their revision, which tags the views read from
//! that data (a view cached under a revision must never be served after a change), and reads
//! leave it as it is.

use jiff::civil::date;
use serde_json::json;
use tendo_core::pain_monitoring::LoadDecision;
use tendo_core::reason::Reason;
use tendo_core::rules;
use tendo_store::Store;
use tendo_store::accounts::{Clinic, Role, User};
use tendo_store::care::PlanCause;
use tendo_store::ids::RecordId;
use tendo_store::outcomes::RunningWeekRecord;
use tendo_store::training::NewCheckin;

use crate::care_builders::{at, completion, gun_session, pain, plan, session};
use crate::fixtures::{audit, clinic, user};
use crate::on_both_backends;

on_both_backends!(every_write_of_care_data_raises_the_revision);

async fn revision(store: &dyn Store, clinic: &Clinic, patient: &User) -> u64 {
    store.patient(clinic.id, patient.id).await.unwrap().revision
}

/// Checks that the revision rose since `before`, and returns it.
async fn rose(store: &dyn Store, clinic: &Clinic, patient: &User, before: u64, what: &str) -> u64 {
    let now = revision(store, clinic, patient).await;
    assert!(
        now > before,
        "{what} raises the revision ({before} → {now})"
    );
    now
}

async fn every_write_of_care_data_raises_the_revision(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let patient = user(store, &north, "p@north.test", Role::Patient).await;
    let other = user(store, &north, "q@north.test", Role::Patient).await;
    let physio = user(store, &north, "physio@north.test", Role::Clinician).await;
    let start = revision(store, &north, &patient).await;
    let others = revision(store, &north, &other).await;

    store
        .save_intake_draft(
            north.id,
            patient.id,
            &json!({"side": "left"}),
            at("2026-03-01T10:00:00Z"),
            &[audit("intake.save")],
        )
        .await
        .unwrap();
    let r = rose(store, &north, &patient, start, "an intake draft").await;
    let completed = completion(&north, &patient, true);
    store
        .complete_intake(&completed, &[audit("intake.complete")])
        .await
        .unwrap();
    let r = rose(store, &north, &patient, r, "completing the intake").await;
    let first = store.plan_versions(north.id, patient.id).await.unwrap()[0].clone();

    store
        .log_session(
            &session(&north, &patient, first.id, date(2026, 3, 2), 3),
            &[audit("session.log")],
        )
        .await
        .unwrap();
    let r = rose(store, &north, &patient, r, "a session").await;
    let checkin = NewCheckin {
        id: RecordId::new(),
        patient_id: patient.id,
        clinic_id: north.id,
        session_date: date(2026, 3, 2),
        answered_at: at("2026-03-03T07:00:00Z"),
        pain: pain(2),
        decision: LoadDecision::Hold,
        reasons: vec![Reason::new(rules::R_REST, "steady")],
        plan: None,
    };
    store
        .record_checkin(&checkin, &[audit("checkin")])
        .await
        .unwrap();
    let r = rose(store, &north, &patient, r, "a check-in").await;
    let second = store
        .add_plan_version(
            &plan(&north, &patient, PlanCause::Decision, 2),
            &audit("plan"),
        )
        .await
        .unwrap();
    let r = rose(store, &north, &patient, r, "a plan version").await;
    store
        .mark_plan_reviewed(
            north.id,
            patient.id,
            second.id,
            physio.id,
            at("2026-03-04T09:00:00Z"),
            &audit("review"),
        )
        .await
        .unwrap();
    let r = rose(store, &north, &patient, r, "a clinician's review").await;

    let mut response = completed.baseline.clone().unwrap();
    response.id = RecordId::new();
    response.taken_at = at("2026-03-16T09:00:00Z");
    response.taken_on = date(2026, 3, 16);
    store
        .add_questionnaire(&response, &[audit("q")])
        .await
        .unwrap();
    let r = rose(store, &north, &patient, r, "a questionnaire").await;
    let mut screening = completed.screening.clone().unwrap();
    screening.id = RecordId::new();
    store
        .save_screening(&screening, &[audit("screening")])
        .await
        .unwrap();
    let r = rose(store, &north, &patient, r, "a massage-gun screening").await;
    let gun = gun_session(&north, &patient, "2026-03-05T18:00:00Z");
    store
        .log_massage_gun_session(&gun, jiff::SignedDuration::from_hours(48), &[audit("gun")])
        .await
        .unwrap();
    let r = rose(store, &north, &patient, r, "a massage-gun session").await;
    let week = RunningWeekRecord {
        week_start: date(2026, 3, 2),
        distance_km: 12.0,
        hard_sessions: 1,
        updated_at: at("2026-03-08T20:00:00Z"),
    };
    store
        .save_running_week(north.id, patient.id, &week, &[audit("run")])
        .await
        .unwrap();
    let r = rose(store, &north, &patient, r, "a running week").await;

    // Reading changes nothing; another patient's revision is their own.
    store
        .training_days(north.id, patient.id, date(2026, 3, 1), date(2026, 3, 31))
        .await
        .unwrap();
    store.plan_versions(north.id, patient.id).await.unwrap();
    assert_eq!(
        revision(store, &north, &patient).await,
        r,
        "reads leave the revision"
    );
    assert_eq!(
        revision(store, &north, &other).await,
        others,
        "another patient's stays"
    );
}
