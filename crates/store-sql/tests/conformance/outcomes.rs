//! What a patient records beside their training, on both backends: massage-gun sessions (at
//! most one in 48 hours), questionnaires and the running log.

use jiff::SignedDuration;
use jiff::civil::{Date, date};
use tendo_core::massage_gun::Site;
use tendo_core::questionnaire::Questionnaire;
use tendo_store::ids::RecordId;
use tendo_store::outcomes::{
    NewMassageGunSession, NewQuestionnaireResponse, RunningWeekRecord, SiteMinutes,
};
use tendo_store::{Store, StoreError};

use crate::care_builders::{answers, at, people};
use crate::fixtures::audit;
use crate::on_both_backends;

on_both_backends!(massage_gun_gap_questionnaires_and_running);

async fn massage_gun_gap_questionnaires_and_running(store: &dyn Store) {
    let (north, south, patient) = people(store).await;
    let gap = SignedDuration::from_hours(48);
    let gun = |started: &str| NewMassageGunSession {
        id: RecordId::new(),
        patient_id: patient.id,
        clinic_id: north.id,
        started_at: at(started),
        logged_at: at(started),
        ppm: Some(2000),
        sites: vec![
            SiteMinutes {
                site: Site::Gastrocnemius,
                minutes: 2.0,
            },
            SiteMinutes {
                site: Site::Soleus,
                minutes: 2.5,
            },
        ],
    };
    store
        .log_massage_gun_session(&gun("2026-03-02T18:00:00Z"), gap, &[audit("gun")])
        .await
        .unwrap();
    assert!(
        matches!(
            store
                .log_massage_gun_session(&gun("2026-03-04T17:59:00Z"), gap, &[audit("gun")])
                .await,
            Err(StoreError::Conflict(_))
        ),
        "47 hours 59 minutes later is too soon"
    );
    assert!(
        matches!(
            store
                .log_massage_gun_session(&gun("2026-03-01T00:00:00Z"), gap, &[audit("gun")])
                .await,
            Err(StoreError::Conflict(_))
        ),
        "a session logged for before the last one keeps the gap too"
    );
    store
        .log_massage_gun_session(&gun("2026-03-04T18:00:00Z"), gap, &[audit("gun")])
        .await
        .unwrap();
    let sessions = store
        .massage_gun_sessions(north.id, patient.id, 10)
        .await
        .unwrap();
    assert_eq!(sessions.len(), 2);
    assert_eq!(
        sessions[0].started_at,
        at("2026-03-04T18:00:00Z"),
        "newest first"
    );
    assert_eq!(
        sessions[0].sites[1],
        SiteMinutes {
            site: Site::Soleus,
            minutes: 2.5
        }
    );
    assert_eq!(sessions[0].ppm, Some(2000));
    assert_eq!(
        store
            .massage_gun_sessions(north.id, patient.id, 1)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        store
            .massage_gun_sessions(south.id, patient.id, 10)
            .await
            .unwrap()
            .is_empty()
    );

    let response = |taken: &str, day: Date, score: u8| NewQuestionnaireResponse {
        id: RecordId::new(),
        patient_id: patient.id,
        clinic_id: north.id,
        questionnaire: Questionnaire::VisaA,
        taken_at: at(taken),
        taken_on: day,
        answers: answers(score / 10),
        score,
    };
    store
        .add_questionnaire(
            &response("2026-03-16T09:00:00Z", date(2026, 3, 16), 60),
            &[audit("q")],
        )
        .await
        .unwrap();
    store
        .add_questionnaire(
            &response("2026-03-02T09:00:00Z", date(2026, 3, 2), 40),
            &[audit("q")],
        )
        .await
        .unwrap();
    let scores: Vec<u8> = store
        .questionnaires(north.id, patient.id)
        .await
        .unwrap()
        .iter()
        .map(|response| response.score)
        .collect();
    assert_eq!(scores, [40, 60], "oldest first");

    let week = |day: Date, km: f64, hard: u8| RunningWeekRecord {
        week_start: day,
        distance_km: km,
        hard_sessions: hard,
        updated_at: at("2026-03-08T20:00:00Z"),
    };
    store
        .save_running_week(
            north.id,
            patient.id,
            &week(date(2026, 3, 9), 21.5, 1),
            &[audit("run")],
        )
        .await
        .unwrap();
    store
        .save_running_week(
            north.id,
            patient.id,
            &week(date(2026, 3, 2), 18.0, 0),
            &[audit("run")],
        )
        .await
        .unwrap();
    store
        .save_running_week(
            north.id,
            patient.id,
            &week(date(2026, 3, 9), 25.0, 2),
            &[audit("run")],
        )
        .await
        .unwrap();
    let weeks = store.running_weeks(north.id, patient.id).await.unwrap();
    assert_eq!(weeks.len(), 2, "a week saved twice is replaced");
    assert_eq!(weeks[0].week_start, date(2026, 3, 2));
    assert_eq!(weeks[1].distance_km, 25.0);
    assert_eq!(weeks[1].hard_sessions, 2);
    assert!(matches!(
        store
            .save_running_week(
                south.id,
                patient.id,
                &week(date(2026, 3, 16), 5.0, 0),
                &[audit("x")]
            )
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(
        store
            .running_weeks(south.id, patient.id)
            .await
            .unwrap()
            .is_empty()
    );
}
