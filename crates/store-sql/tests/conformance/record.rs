//! The patient record read together (`ClinicStore::patient_record`) gives what each of its
//! reads gives alone, and another clinic's view of the patient holds none of it.

use jiff::civil::date;
use tendo_core::caseload::GunBreach;
use tendo_core::pain_monitoring::LoadDecision;
use tendo_core::reason::Reason;
use tendo_core::rules;
use tendo_store::Store;
use tendo_store::accounts::Role;
use tendo_store::clinic::{GunRefusalRecord, NewNote, NoteKind, NoteSections};
use tendo_store::ids::RecordId;
use tendo_store::outcomes::{NewMassageGunSession, RunningWeekRecord};
use tendo_store::record::RecordWindow;
use tendo_store::training::NewCheckin;

use crate::care_builders::{at, completion, gun_session, pain, session};
use crate::fixtures::{audit, clinic, user};
use crate::on_both_backends;

on_both_backends!(the_record_read_together_is_each_read_alone);

/// Debug text, to compare values without `PartialEq`.
fn alone(value: &dyn std::fmt::Debug) -> String {
    format!("{value:?}")
}

async fn the_record_read_together_is_each_read_alone(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let south = clinic(store, "south").await;
    let patient = user(store, &north, "p@north.test", Role::Patient).await;
    let physio = user(store, &north, "physio@north.test", Role::Clinician).await;
    let completed = completion(&north, &patient, true);
    store
        .complete_intake(&completed, &[audit("intake")])
        .await
        .unwrap();
    let plan = store.plan_versions(north.id, patient.id).await.unwrap()[0].clone();
    for (day, during) in [(2, 3), (4, 5), (9, 2)] {
        store
            .log_session(
                &session(&north, &patient, plan.id, date(2026, 3, day), during),
                &[audit("session")],
            )
            .await
            .unwrap();
    }
    store
        .record_checkin(
            &NewCheckin {
                id: RecordId::new(),
                patient_id: patient.id,
                clinic_id: north.id,
                session_date: date(2026, 3, 4),
                answered_at: at("2026-03-05T07:00:00Z"),
                pain: pain(3),
                decision: LoadDecision::Hold,
                reasons: vec![Reason::new(rules::R_REST, "steady")],
                plan: None,
            },
            &[audit("checkin")],
        )
        .await
        .unwrap();
    let gun = NewMassageGunSession {
        logged_at: at("2026-03-06T18:05:00Z"),
        ppm: Some(1800),
        ..gun_session(&north, &patient, "2026-03-06T18:00:00Z")
    };
    store
        .log_massage_gun_session(&gun, jiff::SignedDuration::from_hours(48), &[audit("gun")])
        .await
        .unwrap();
    store
        .record_gun_refusal(
            &GunRefusalRecord {
                id: RecordId::new(),
                patient_id: patient.id,
                clinic_id: north.id,
                at: at("2026-03-07T19:00:00Z"),
                date: date(2026, 3, 7),
                breaches: vec![GunBreach::TooSoon],
                rules: vec![rules::A16],
                detail: "too soon".into(),
            },
            &[audit("refusal")],
        )
        .await
        .unwrap();
    store
        .add_note(
            &NewNote {
                id: RecordId::new(),
                patient_id: patient.id,
                clinic_id: north.id,
                author_id: physio.id,
                kind: NoteKind::FirstAssessment,
                sections: NoteSections {
                    subjective: "Morning stiffness.".into(),
                    objective: "Heel raises 18.".into(),
                    assessment: "Midportion, reactive.".into(),
                    plan: "Heavy slow resistance.".into(),
                },
                created_at: at("2026-03-03T09:00:00Z"),
            },
            &audit("note"),
        )
        .await
        .unwrap();
    let week = RunningWeekRecord {
        week_start: date(2026, 3, 2),
        distance_km: 14.0,
        hard_sessions: 1,
        updated_at: at("2026-03-08T20:00:00Z"),
    };
    store
        .save_running_week(north.id, patient.id, &week, &[audit("run")])
        .await
        .unwrap();

    let window = RecordWindow {
        versions_since: at("2026-03-01T00:00:00Z"),
        charts_from: date(2026, 3, 3),
        today: date(2026, 3, 10),
        questionnaires_since: at("2026-03-01T00:00:00Z"),
        timeline_from: date(2026, 3, 4),
        timeline_to: date(2026, 3, 9),
        timeline_since: at("2026-03-04T00:00:00Z"),
        timeline_until: at("2026-03-10T00:00:00Z"),
        latest_notes: 20,
        gun_sessions: 60,
        now: at("2026-03-10T12:00:00Z"),
        past_appointments: 20,
    };
    let parts = store
        .patient_record(north.id, patient.id, &window)
        .await
        .unwrap();
    let (c, p) = (north.id, patient.id);
    assert_eq!(
        alone(&parts.intake),
        alone(&store.intake(c, p).await.unwrap())
    );
    assert_eq!(
        alone(&parts.versions),
        alone(
            &store
                .plan_versions_since(c, p, window.versions_since)
                .await
                .unwrap()
        )
    );
    assert_eq!(
        alone(&parts.days),
        alone(
            &store
                .training_days(c, p, window.charts_from, window.today)
                .await
                .unwrap()
        )
    );
    assert_eq!(parts.days.len(), 2, "the 4th and the 9th, not the 2nd");
    assert_eq!(
        parts.mornings,
        store
            .morning_pains(c, p, window.charts_from, window.today)
            .await
            .unwrap()
    );
    assert_eq!(parts.mornings.len(), 1);
    assert_eq!(
        alone(&parts.questionnaires),
        alone(
            &store
                .questionnaires_since(c, p, window.questionnaires_since)
                .await
                .unwrap()
        )
    );
    assert_eq!(parts.questionnaires.len(), 1, "the baseline");
    assert_eq!(
        alone(&parts.sessions),
        alone(
            &store
                .sessions(c, p, window.timeline_from, window.timeline_to)
                .await
                .unwrap()
        )
    );
    assert_eq!(parts.sessions.len(), 2);
    assert_eq!(
        alone(&parts.checkins),
        alone(
            &store
                .checkins(c, p, window.timeline_from, window.timeline_to)
                .await
                .unwrap()
        )
    );
    assert_eq!(parts.checkins.len(), 1);
    assert_eq!(
        alone(&parts.gun_sessions),
        alone(
            &store
                .massage_gun_sessions(c, p, window.gun_sessions)
                .await
                .unwrap()
        )
    );
    assert_eq!(parts.gun_sessions.len(), 1);
    assert_eq!(
        alone(&parts.refusals),
        alone(
            &store
                .gun_refusals(c, p, window.timeline_since)
                .await
                .unwrap()
        )
    );
    assert_eq!(parts.refusals.len(), 1);
    assert_eq!(
        alone(&parts.notes),
        alone(
            &store
                .record_notes(
                    c,
                    p,
                    window.latest_notes,
                    window.timeline_since,
                    window.timeline_until
                )
                .await
                .unwrap()
        )
    );
    assert_eq!(parts.notes.len(), 1);
    assert_eq!(
        alone(&parts.running_weeks),
        alone(
            &store
                .running_weeks_since(c, p, window.timeline_from)
                .await
                .unwrap()
        )
    );
    assert_eq!(
        parts.running_weeks.len(),
        1,
        "the week before the window's start"
    );
    assert_eq!(
        alone(&parts.appointment_types),
        alone(&store.appointment_types(c).await.unwrap())
    );
    assert_eq!(
        alone(&parts.appointments),
        alone(
            &store
                .record_appointments(c, p, window.now, window.past_appointments)
                .await
                .unwrap()
        )
    );
    assert_eq!(
        alone(&parts.screening),
        alone(&store.screening(c, p).await.unwrap())
    );
    assert!(parts.screening.is_some());
    assert_eq!(
        alone(&parts.clearances),
        alone(&store.red_flag_clearances(c, p).await.unwrap())
    );

    // Another clinic's view of the patient holds none of it.
    let elsewhere = store
        .patient_record(south.id, patient.id, &window)
        .await
        .unwrap();
    assert!(elsewhere.intake.is_none() && elsewhere.versions.is_empty());
    assert!(elsewhere.days.is_empty() && elsewhere.mornings.is_empty());
    assert!(elsewhere.questionnaires.is_empty() && elsewhere.sessions.is_empty());
    assert!(elsewhere.checkins.is_empty() && elsewhere.gun_sessions.is_empty());
    assert!(elsewhere.refusals.is_empty() && elsewhere.notes.is_empty());
    assert!(elsewhere.running_weeks.is_empty() && elsewhere.appointments.is_empty());
    assert!(elsewhere.screening.is_none() && elsewhere.clearances.is_empty());
}
