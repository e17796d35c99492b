//! A patient's export sent on as it is read: whole, in chunks of a bounded size, the same in
//! both layouts, and a reader that goes away gives its connection back; and every care record
//! of a patient in the export, then gone with the patient.

use std::time::Duration;

use jiff::ToSpan;
use jiff::civil::date;
use tendo_core::pain_monitoring::LoadDecision;
use tendo_core::pain_score::PainScore;
use tendo_core::reason::Reason;
use tendo_core::rules;
use tendo_store::accounts::Role;
use tendo_store::bulk::BulkBatch;
use tendo_store::care::PlanCause;
use tendo_store::ids::{RecordId, UserId};
use tendo_store::outcomes::RunningWeekRecord;
use tendo_store::patients::{ExportChunks, ExportLayout};
use tendo_store::training::{NewCheckin, NewTrainingSession};
use tendo_store::{Store, StoreError};
use tendo_store_sql::db::stream::CHUNK;

use crate::bulk::{noon, plan_version, ten_sets};
use crate::care_builders::{at, on_a_plan, pain, people, plan, session};
use crate::fixtures::{audit, clinic, new_user, user};
use crate::on_both_backends;

on_both_backends!(
    a_long_export_comes_in_bounded_chunks_and_whole,
    a_reader_that_goes_away_gives_its_connection_back,
    care_records_are_exported_and_deleted,
);

/// Days of training in the long history, each of ten sets.
const DAYS: i64 = 400;

async fn gather(mut chunks: ExportChunks) -> (Vec<u8>, Vec<usize>) {
    let mut text = Vec::new();
    let mut sizes = Vec::new();
    while let Some(chunk) = chunks.recv().await {
        let chunk = chunk.expect("every chunk reads");
        sizes.push(chunk.len());
        text.extend_from_slice(&chunk);
    }
    (text, sizes)
}

/// A patient with [`DAYS`] days of ten sets each (4,000 set rows).
async fn long_history(store: &dyn Store) -> (tendo_store::accounts::Clinic, UserId) {
    let clinic = clinic(store, "export").await;
    let physio = user(store, &clinic, "physio@export.example", Role::Clinician).await;
    let mut patient = new_user(&clinic, "long@export.example", Role::Patient);
    patient.care_clinician = Some(physio.id);
    let id = patient.id;
    let mut batch = BulkBatch::default();
    batch.users.push(patient);
    let plan = plan_version(&clinic, id, 1, date(2025, 1, 6));
    let plan_id = plan.plan.id;
    batch.plan_versions.push(plan);
    for day in 0..DAYS {
        let session_date = date(2025, 1, 6).checked_add(day.days()).unwrap();
        batch.sessions.push(NewTrainingSession {
            id: RecordId::new(),
            patient_id: id,
            clinic_id: clinic.id,
            plan_version_id: plan_id,
            date: session_date,
            logged_at: noon(session_date),
            pain_during: PainScore::new(3).unwrap(),
            pain_after: PainScore::new(2).unwrap(),
            sets: ten_sets(),
            note: None,
        });
    }
    store.write_bulk(&batch).await.unwrap();
    (clinic, id)
}

async fn a_long_export_comes_in_bounded_chunks_and_whole(store: &dyn Store) {
    let (clinic, patient) = long_history(store).await;

    let chunks = store
        .export_patient_chunks(clinic.id, patient, ExportLayout::Compact)
        .await
        .unwrap();
    let (compact, sizes) = gather(chunks).await;
    assert!(
        sizes.len() > 10,
        "a long history comes in many chunks, not one: {sizes:?}"
    );
    // A chunk is sent once it passes CHUNK bytes, so none is longer than that and one row.
    let longest = sizes.iter().max().copied().unwrap_or(0);
    assert!(longest < CHUNK + 2_048, "a chunk of {longest} bytes");
    let compact: serde_json::Value = serde_json::from_slice(&compact).expect("whole JSON");
    assert_eq!(compact["account"]["id"], patient.to_string());
    let sets = compact["records"]["training_sets"].as_array().unwrap();
    assert_eq!(sets.len(), usize::try_from(DAYS * 10).unwrap());
    assert_eq!(sets[0]["exercise"], "seated-calf-raise");
    let sessions = compact["records"]["training_sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), usize::try_from(DAYS).unwrap());
    assert_eq!(
        compact["records"]["training_day_totals"]
            .as_array()
            .unwrap()
            .len(),
        usize::try_from(DAYS).unwrap()
    );
    assert!(
        compact["records"]["sessions"].is_null() && compact["records"]["password_resets"].is_null(),
        "sign-in sessions and password resets are not exported"
    );
    assert_eq!(
        compact["records"]["reminder_mails"]
            .as_array()
            .map(Vec::len),
        Some(0),
        "an empty table is an empty list"
    );

    let chunks = store
        .export_patient_chunks(clinic.id, patient, ExportLayout::Pretty)
        .await
        .unwrap();
    let (pretty, _) = gather(chunks).await;
    let text = String::from_utf8(pretty.clone()).unwrap();
    assert!(
        text.starts_with("{\n  \"account\": {\n    \""),
        "{}",
        &text[..40]
    );
    let pretty: serde_json::Value = serde_json::from_slice(&pretty).expect("whole JSON");
    assert_eq!(pretty, compact, "both layouts hold the same");

    let whole = store.export_patient(clinic.id, patient).await.unwrap();
    assert_eq!(whole.rows("training_sets").len(), sets.len());

    let elsewhere = crate::fixtures::clinic(store, "elsewhere").await;
    assert!(matches!(
        store
            .export_patient_chunks(elsewhere.id, patient, ExportLayout::Compact)
            .await,
        Err(StoreError::NotFound)
    ));
}

async fn a_reader_that_goes_away_gives_its_connection_back(store: &dyn Store) {
    let (clinic, patient) = long_history(store).await;
    // More abandoned exports than either backend has connections.
    for _ in 0..24 {
        let mut chunks = store
            .export_patient_chunks(clinic.id, patient, ExportLayout::Compact)
            .await
            .unwrap();
        let first = chunks.recv().await.unwrap().unwrap();
        assert!(!first.is_empty());
        drop(chunks);
    }
    let read = tokio::time::timeout(Duration::from_secs(20), store.patient(clinic.id, patient))
        .await
        .expect("a read after abandoned exports does not wait for a connection");
    assert_eq!(read.unwrap().user.id, patient);
    let whole = tokio::time::timeout(
        Duration::from_secs(20),
        store.export_patient(clinic.id, patient),
    )
    .await
    .expect("an export after abandoned ones is not stuck")
    .unwrap();
    assert_eq!(
        whole.rows("training_sessions").len(),
        usize::try_from(DAYS).unwrap()
    );
}

async fn care_records_are_exported_and_deleted(store: &dyn Store) {
    let (north, _south, patient) = people(store).await;
    let first = on_a_plan(store, &north, &patient).await;
    store
        .log_session(
            &session(&north, &patient, first.id, date(2026, 3, 2), 3),
            &[audit("s")],
        )
        .await
        .unwrap();
    store
        .record_checkin(
            &NewCheckin {
                id: RecordId::new(),
                patient_id: patient.id,
                clinic_id: north.id,
                session_date: date(2026, 3, 2),
                answered_at: at("2026-03-03T07:00:00Z"),
                pain: pain(1),
                decision: LoadDecision::Progress,
                reasons: vec![Reason::new(rules::P_HSR, "good week")],
                plan: Some(plan(&north, &patient, PlanCause::Decision, 2)),
            },
            &[audit("c")],
        )
        .await
        .unwrap();
    store
        .save_running_week(
            north.id,
            patient.id,
            &RunningWeekRecord {
                week_start: date(2026, 3, 2),
                distance_km: 12.5,
                hard_sessions: 0,
                updated_at: at("2026-03-08T20:00:00Z"),
            },
            &[audit("r")],
        )
        .await
        .unwrap();

    let export = store.export_patient(north.id, patient.id).await.unwrap();
    for table in [
        "intakes",
        "plan_versions",
        "training_sessions",
        "training_sets",
        "checkins",
        "questionnaire_responses",
        "massage_gun_screenings",
        "running_weeks",
    ] {
        let rows = &export.rows(table);
        assert!(!rows.is_empty(), "{table} is in the export");
    }
    assert_eq!(export.rows("intakes")[0]["answers"]["side"], "left");
    assert_eq!(export.rows("running_weeks")[0]["distance_km"], 12.5);
    assert_eq!(export.rows("training_sets").len(), 3);

    store
        .delete_patient(
            north.id,
            patient.id,
            &audit("patient.delete").about(patient.id),
        )
        .await
        .unwrap();
    assert_eq!(store.intake(north.id, patient.id).await.unwrap(), None);
    assert!(
        store
            .plan_versions(north.id, patient.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .sessions(north.id, patient.id, date(2026, 1, 1), date(2026, 12, 31))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .running_weeks(north.id, patient.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .questionnaires(north.id, patient.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.screening(north.id, patient.id).await.unwrap(), None);
}
