//! The patient's care: intake, plan versions, sessions and check-ins, on both backends (the
//! builders they share with the other stories are in `care_builders.rs`, the massage gun,
//! questionnaires and the running log in `outcomes.rs`, a patient's care records exported and
//! deleted in `export.rs`).

use jiff::SignedDuration;
use jiff::civil::{Date, date};
use serde_json::json;
use tendo_core::pain_monitoring::LoadDecision;
use tendo_core::programme::{Equipment, EquipmentSet, Protocol};
use tendo_core::reason::Reason;
use tendo_core::rules;
use tendo_store::accounts::Role;
use tendo_store::care::{NewPlanVersion, PlanCause};
use tendo_store::ids::RecordId;
use tendo_store::training::{DayWindow, NewCheckin};
use tendo_store::{Store, StoreError};

use crate::care_builders::{
    answers, at, completion, on_a_plan, pain, people, plan, screening, session,
};
use crate::fixtures::{audit, user};
use crate::on_both_backends;

on_both_backends!(
    intake_drafts_then_one_completion,
    sessions_checkins_and_plan_versions,
    a_set_without_a_load_then_sets_with_one,
    plan_versions_keep_the_equipment,
);

async fn intake_drafts_then_one_completion(store: &dyn Store) {
    let (north, south, patient) = people(store).await;
    assert_eq!(store.intake(north.id, patient.id).await.unwrap(), None);
    let draft = json!({"condition": "Achilles tendinitis"});
    store
        .save_intake_draft(
            north.id,
            patient.id,
            &draft,
            at("2026-03-01T10:00:00Z"),
            &[audit("intake.save")],
        )
        .await
        .unwrap();
    let second = json!({"condition": "Achilles tendinitis", "side": "left"});
    store
        .save_intake_draft(
            north.id,
            patient.id,
            &second,
            at("2026-03-01T10:05:00Z"),
            &[audit("intake.save")],
        )
        .await
        .unwrap();
    let saved = store.intake(north.id, patient.id).await.unwrap().unwrap();
    assert_eq!(saved.answers, second, "the latest draft is kept");
    assert_eq!(saved.started_at, at("2026-03-01T10:00:00Z"));
    assert_eq!(saved.updated_at, at("2026-03-01T10:05:00Z"));
    assert_eq!(saved.completed_at, None);
    assert!(
        matches!(
            store
                .save_intake_draft(
                    south.id,
                    patient.id,
                    &draft,
                    at("2026-03-01T10:06:00Z"),
                    &[audit("x")]
                )
                .await,
            Err(StoreError::NotFound)
        ),
        "another clinic cannot write to the patient"
    );
    assert_eq!(store.intake(south.id, patient.id).await.unwrap(), None);

    store
        .complete_intake(
            &completion(&north, &patient, true),
            &[audit("intake.complete")],
        )
        .await
        .unwrap();
    let done = store.intake(north.id, patient.id).await.unwrap().unwrap();
    assert_eq!(done.completed_at, Some(at("2026-03-02T08:00:00Z")));
    let versions = store.plan_versions(north.id, patient.id).await.unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].version, 1);
    assert_eq!(versions[0].cause, PlanCause::Intake);
    assert_eq!(versions[0].position.protocol, Protocol::HeavySlowResistance);
    assert!(versions[0].position.eased);
    assert_eq!(versions[0].reasons[0].rule, rules::P_HSR);
    assert_eq!(versions[0].programme_start, date(2026, 3, 2));
    let baseline = store.questionnaires(north.id, patient.id).await.unwrap();
    assert_eq!(baseline.len(), 1);
    assert_eq!(baseline[0].answers, answers(3));
    assert_eq!(baseline[0].score, 47);
    let screened = store
        .screening(north.id, patient.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(screened.answers, screening());

    assert!(matches!(
        store
            .complete_intake(&completion(&north, &patient, true), &[audit("again")])
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        store
            .save_intake_draft(
                north.id,
                patient.id,
                &draft,
                at("2026-03-03T10:00:00Z"),
                &[audit("x")]
            )
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        store
            .plan_versions(north.id, patient.id)
            .await
            .unwrap()
            .len(),
        1,
        "the refused completion added nothing"
    );
    assert!(
        store
            .plan_versions(south.id, patient.id)
            .await
            .unwrap()
            .is_empty()
    );

    let stopped = user(store, &north, "stopped@north.test", Role::Patient).await;
    let mut stop = completion(&north, &stopped, false);
    stop.baseline = None;
    stop.screening = None;
    store
        .complete_intake(&stop, &[audit("intake.complete")])
        .await
        .unwrap();
    assert!(
        store
            .questionnaires(north.id, stopped.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .plan_versions(north.id, stopped.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .intake(north.id, stopped.id)
            .await
            .unwrap()
            .unwrap()
            .completed_at
            .is_some()
    );
}

/// The first set this store ever writes has no load, the next ones have: PostgreSQL must take
/// both (a null float bound first once fixed the statement's parameter type as `float4` on that
/// connection, and every later load was refused).
async fn a_set_without_a_load_then_sets_with_one(store: &dyn Store) {
    let (north, _, patient) = people(store).await;
    let plan = on_a_plan(store, &north, &patient).await.id;
    let day = date(2026, 3, 6);
    // Runs of three of each, so that whichever pooled connection the store picks, some
    // connection prepares the statement with a null first and then meets a load.
    let mut logged = 0;
    for run in 0..12 {
        for _ in 0..3 {
            let mut next = session(&north, &patient, plan, day, 2);
            if run % 2 == 0 {
                next.sets.retain(|set| set.load_kg.is_none());
            }
            next.logged_at = at("2026-03-06T06:00:00Z") + SignedDuration::from_mins(logged);
            store
                .log_session(&next, &[audit("session.log")])
                .await
                .unwrap();
            logged += 1;
        }
    }
    let loads: Vec<Option<f64>> = store
        .sessions(north.id, patient.id, day, day)
        .await
        .unwrap()
        .iter()
        .flat_map(|session| session.sets.iter().map(|set| set.load_kg))
        .collect();
    // 18 sessions of one hold, 18 of a hold and two loaded sets.
    assert_eq!(loads.iter().filter(|load| load.is_none()).count(), 36);
    assert_eq!(loads.iter().filter(|load| **load == Some(22.5)).count(), 36);
}

async fn sessions_checkins_and_plan_versions(store: &dyn Store) {
    let (north, south, patient) = people(store).await;
    let first = on_a_plan(store, &north, &patient).await;
    let monday = date(2026, 3, 2);
    store
        .log_session(
            &session(&north, &patient, first.id, monday, 3),
            &[audit("session.log")],
        )
        .await
        .unwrap();
    store
        .log_session(
            &session(&north, &patient, first.id, date(2026, 3, 4), 6),
            &[audit("session.log")],
        )
        .await
        .unwrap();
    assert!(
        matches!(
            store
                .log_session(
                    &session(&south, &patient, first.id, monday, 3),
                    &[audit("x")]
                )
                .await,
            Err(StoreError::NotFound)
        ),
        "another clinic cannot log for the patient"
    );
    let other = user(store, &north, "other@north.test", Role::Patient).await;
    assert!(
        matches!(
            store
                .log_session(&session(&north, &other, first.id, monday, 3), &[audit("x")])
                .await,
            Err(StoreError::NotFound)
        ),
        "a session cannot follow another patient's plan"
    );

    let logged = store
        .sessions(north.id, patient.id, monday, monday)
        .await
        .unwrap();
    assert_eq!(logged.len(), 1, "the date range is respected");
    assert_eq!(logged[0].pain_during, pain(3));
    assert_eq!(logged[0].note.as_deref(), Some("felt fine"));
    let sets: Vec<(&str, u8)> = logged[0]
        .sets
        .iter()
        .map(|set| (set.exercise.as_str(), set.set_number))
        .collect();
    assert_eq!(
        sets,
        [
            ("bridge-hold", 1),
            ("seated-calf-raise-bent-knee", 1),
            ("seated-calf-raise-bent-knee", 2)
        ]
    );
    assert_eq!(logged[0].sets[1].load_kg, Some(22.5));
    assert_eq!(logged[0].sets[0].hold_seconds, Some(45));
    assert_eq!(
        store
            .sessions(north.id, patient.id, monday, date(2026, 3, 8))
            .await
            .unwrap()
            .len(),
        2
    );
    assert!(
        store
            .sessions(south.id, patient.id, monday, date(2026, 3, 8))
            .await
            .unwrap()
            .is_empty()
    );

    // By day: a session without sets counts with no totals.
    let mut bare = session(&north, &patient, first.id, date(2026, 3, 5), 1);
    bare.sets.clear();
    store
        .log_session(&bare, &[audit("session.log")])
        .await
        .unwrap();
    // By day: a second session on the 4th adds to its totals and its worst pain stays.
    let mut again = session(&north, &patient, first.id, date(2026, 3, 4), 2);
    again.logged_at = at("2026-03-04T19:00:00Z");
    store
        .log_session(&again, &[audit("session.log")])
        .await
        .unwrap();
    let days: Vec<(Date, u32, u8, u8, u32, u32)> = store
        .training_days(north.id, patient.id, monday, date(2026, 3, 8))
        .await
        .unwrap()
        .iter()
        .map(|d| {
            (
                d.date,
                d.sessions,
                d.pain_during.value(),
                d.pain_after.value(),
                d.reps,
                d.hold_seconds,
            )
        })
        .collect();
    assert_eq!(
        days,
        [
            (monday, 1, 3, 2, 29, 45),
            (date(2026, 3, 4), 2, 6, 2, 58, 90),
            (date(2026, 3, 5), 1, 1, 2, 0, 0)
        ]
    );
    // Volume load: each set's repetitions times its load (29 × 22.5 kg a session); a set with
    // no load (the hold) and a session with no sets add nothing.
    let volumes: Vec<f64> = store
        .training_days(north.id, patient.id, monday, date(2026, 3, 8))
        .await
        .unwrap()
        .iter()
        .map(|day| day.volume_load_kg)
        .collect();
    assert_eq!(volumes, [652.5, 1305.0, 0.0]);
    assert!(
        store
            .training_days(south.id, patient.id, monday, date(2026, 3, 8))
            .await
            .unwrap()
            .is_empty()
    );

    let checkin = NewCheckin {
        id: RecordId::new(),
        patient_id: patient.id,
        clinic_id: north.id,
        session_date: monday,
        answered_at: at("2026-03-03T07:00:00Z"),
        pain: pain(5),
        decision: LoadDecision::Regress,
        reasons: vec![Reason::new(rules::R_REST, "lighter, not stopped")],
        plan: Some(plan(&north, &patient, PlanCause::Decision, 1)),
    };
    let (stored, moved) = store
        .record_checkin(&checkin, &[audit("checkin")])
        .await
        .unwrap();
    let moved = moved.unwrap();
    assert_eq!(moved.version, 2, "versions are numbered in order");
    assert_eq!(stored.plan_version_id, Some(moved.id));
    assert!(matches!(
        store
            .record_checkin(
                &NewCheckin {
                    id: RecordId::new(),
                    plan: None,
                    ..checkin.clone()
                },
                &[audit("again")]
            )
            .await,
        Err(StoreError::Conflict(_))
    ));
    let hold = NewCheckin {
        id: RecordId::new(),
        session_date: date(2026, 3, 4),
        decision: LoadDecision::Hold,
        plan: None,
        ..checkin.clone()
    };
    let (held, none) = store
        .record_checkin(&hold, &[audit("checkin")])
        .await
        .unwrap();
    assert_eq!(none, None);
    assert_eq!(held.plan_version_id, None);
    let answered = store
        .checkins(north.id, patient.id, monday, date(2026, 3, 8))
        .await
        .unwrap();
    assert_eq!(answered.len(), 2);
    let mornings = store
        .morning_pains(north.id, patient.id, monday, date(2026, 3, 8))
        .await
        .unwrap();
    assert_eq!(
        mornings,
        answered
            .iter()
            .map(|checkin| (checkin.session_date, checkin.pain))
            .collect::<Vec<_>>(),
        "the charts' morning pains are the check-ins' own"
    );
    assert!(
        store
            .morning_pains(south.id, patient.id, monday, date(2026, 3, 8))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(answered[0].decision, LoadDecision::Regress);
    assert_eq!(answered[0].reasons[0].rule, rules::R_REST);
    assert_eq!(answered[0].answered_at, at("2026-03-03T07:00:00Z"));
    assert!(
        store
            .checkins(south.id, patient.id, monday, date(2026, 3, 8))
            .await
            .unwrap()
            .is_empty()
    );

    let third = store
        .add_plan_version(
            &plan(&north, &patient, PlanCause::Clinician, 2),
            &audit("plan.change"),
        )
        .await
        .unwrap();
    assert_eq!(third.version, 3);
    let versions = store.plan_versions(north.id, patient.id).await.unwrap();
    let numbers: Vec<u32> = versions.iter().map(|version| version.version).collect();
    assert_eq!(numbers, [1, 2, 3]);
    assert_eq!(versions[2].position.level, 2);
    assert!(matches!(
        store
            .add_plan_version(
                &plan(&south, &patient, PlanCause::Clinician, 2),
                &audit("x")
            )
            .await,
        Err(StoreError::NotFound)
    ));

    // Today's reads, together: what each read gives alone.
    let window = DayWindow {
        versions_since: at("2026-03-03T00:00:00Z"),
        from: monday,
        today: date(2026, 3, 4),
        decisions_from: date(2026, 3, 4),
        questionnaires_since: at("2026-03-04T00:00:00Z"),
    };
    let day = store
        .patient_day(north.id, patient.id, window)
        .await
        .unwrap();
    let alone = |value: &dyn std::fmt::Debug| format!("{value:?}");
    assert_eq!(
        alone(&day.intake),
        alone(&store.intake(north.id, patient.id).await.unwrap())
    );
    assert!(day.intake.is_some());
    assert_eq!(
        alone(&day.versions),
        alone(
            &store
                .plan_versions_since(north.id, patient.id, window.versions_since)
                .await
                .unwrap()
        )
    );
    assert!(!day.versions.is_empty());
    assert_eq!(
        alone(&day.days),
        alone(
            &store
                .training_days(north.id, patient.id, monday, window.today)
                .await
                .unwrap()
        )
    );
    assert_eq!(day.days.len(), 2);
    assert_eq!(day.sessions_today.len(), 2, "the two sessions of the 4th");
    assert_eq!(
        alone(&day.sessions_today),
        alone(
            &store
                .sessions(north.id, patient.id, window.today, window.today)
                .await
                .unwrap()
        )
    );
    assert_eq!(
        day.mornings,
        store
            .morning_pains(north.id, patient.id, monday, window.today)
            .await
            .unwrap()
    );
    assert_eq!(day.mornings.len(), 2);
    // Whole, only the check-in of a session from `decisions_from` on: the hold of the 4th.
    let latest = day.latest_checkin.as_ref().unwrap();
    assert_eq!(latest.session_date, date(2026, 3, 4));
    assert_eq!(latest.decision, LoadDecision::Hold);
    assert_eq!(latest.reasons[0].rule, rules::R_REST);
    assert_eq!(
        alone(&day.questionnaires),
        alone(
            &store
                .questionnaires_since(north.id, patient.id, window.questionnaires_since)
                .await
                .unwrap()
        )
    );
    assert_eq!(day.clinic.id, north.id);
    // Another clinic's view of the patient holds none of it.
    let elsewhere = store
        .patient_day(south.id, patient.id, window)
        .await
        .unwrap();
    assert!(elsewhere.intake.is_none() && elsewhere.versions.is_empty());
    assert!(elsewhere.days.is_empty() && elsewhere.sessions_today.is_empty());
    assert!(elsewhere.mornings.is_empty() && elsewhere.latest_checkin.is_none());
    assert!(elsewhere.questionnaires.is_empty());
    assert_eq!(elsewhere.clinic.id, south.id);
}

/// The equipment the intake asked about is kept on each plan version, and a version made
/// without it (an intake that never asked) reads back as never asked, not as "nothing extra".
async fn plan_versions_keep_the_equipment(store: &dyn Store) {
    let (north, _south, patient) = people(store).await;
    let have = EquipmentSet::of([Equipment::Weights, Equipment::Step]);
    let mut intake = completion(&north, &patient, true);
    if let Some(plan) = intake.plan.as_mut() {
        plan.equipment = Some(have.clone());
    }
    store
        .complete_intake(&intake, &[audit("intake.complete")])
        .await
        .unwrap();
    let nothing = NewPlanVersion {
        equipment: Some(EquipmentSet::default()),
        ..plan(&north, &patient, PlanCause::Decision, 2)
    };
    let added = store
        .add_plan_version(&nothing, &audit("plan.add"))
        .await
        .unwrap();
    assert_eq!(added.equipment, Some(EquipmentSet::default()));
    let unasked = plan(&north, &patient, PlanCause::Decision, 3);
    store
        .add_plan_version(&unasked, &audit("plan.add"))
        .await
        .unwrap();
    let versions = store.plan_versions(north.id, patient.id).await.unwrap();
    let kept: Vec<Option<EquipmentSet>> = versions.iter().map(|v| v.equipment.clone()).collect();
    assert_eq!(kept, vec![Some(have), Some(EquipmentSet::default()), None]);
}
