//! The clinician's workspace on both backends: notes signed and amended, messages and unread
//! counts, plan reviews, red-flag clearances, refused massage-gun attempts, the caseload's
//! windows. The caseload's query plans on SQLite are in `query_plans.rs`.

use jiff::civil::date;
use serde_json::json;
use tendo_core::caseload::GunBreach;
use tendo_core::rules;
use tendo_store::accounts::{NewSession, Role, User};
use tendo_store::care::PlanCause;
use tendo_store::clinic::{
    GunRefusalRecord, NewAmendment, NewMessage, NewNote, NoteKind, NoteSections, RedFlagClearance,
};
use tendo_store::ids::{Id, RecordId};
use tendo_store::{Store, StoreError};

use crate::care_builders::{at, completion, plan, session};
use crate::fixtures::{audit, clinic, new_user, user};
use crate::on_both_backends;

on_both_backends!(
    notes_are_immutable_once_signed,
    the_record_reads_the_latest_notes_and_those_of_its_window,
    messages_count_unread_from_the_read_marker,
    caseload_reads_windows_reviews_and_clearances,
);

fn sections(subjective: &str) -> NoteSections {
    NoteSections {
        subjective: subjective.into(),
        objective: "Single-leg heel raises: 18 left, 25 right.".into(),
        assessment: "Midportion Achilles tendinopathy, reactive.".into(),
        plan: "Heavy slow resistance, three days a week.".into(),
    }
}

async fn cared_patient(store: &dyn Store, clinic: &tendo_store::accounts::Clinic) -> (User, User) {
    let clinician = user(store, clinic, "physio@north.test", Role::Clinician).await;
    let mut new = new_user(clinic, "p@north.test", Role::Patient);
    new.care_clinician = Some(clinician.id);
    let patient = store
        .create_user(&new, &audit("user.create"))
        .await
        .unwrap();
    (clinician, patient)
}

async fn the_record_reads_the_latest_notes_and_those_of_its_window(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let (clinician, patient) = cared_patient(store, &north).await;
    // Ten notes, one a day from 1 March; the first one signed and amended.
    let mut ids = Vec::new();
    for day in 1..=10 {
        let id = RecordId::new();
        ids.push(id);
        store
            .add_note(
                &NewNote {
                    id,
                    patient_id: patient.id,
                    clinic_id: north.id,
                    author_id: clinician.id,
                    kind: NoteKind::FollowUp,
                    sections: sections(&format!("Day {day}.")),
                    created_at: at(&format!("2026-03-{day:02}T09:00:00Z")),
                },
                &audit("note.add"),
            )
            .await
            .unwrap();
    }
    store
        .sign_note(
            north.id,
            patient.id,
            ids[0],
            clinician.id,
            at("2026-03-01T10:00:00Z"),
            &audit("sign"),
        )
        .await
        .unwrap();
    store
        .add_amendment(
            &NewAmendment {
                id: RecordId::new(),
                note_id: ids[0],
                patient_id: patient.id,
                clinic_id: north.id,
                author_id: clinician.id,
                text: "Heel raises were 20.".into(),
                created_at: at("2026-03-11T09:00:00Z"),
            },
            &audit("amend"),
        )
        .await
        .unwrap();
    let subjectives = |notes: &[tendo_store::clinic::Note]| -> Vec<String> {
        notes
            .iter()
            .map(|note| note.sections.subjective.clone())
            .collect()
    };
    // The three latest, and the window of 1–2 March: newest first, each once.
    let read = store
        .record_notes(
            north.id,
            patient.id,
            3,
            at("2026-03-01T00:00:00Z"),
            at("2026-03-03T00:00:00Z"),
        )
        .await
        .unwrap();
    assert_eq!(
        subjectives(&read),
        ["Day 10.", "Day 9.", "Day 8.", "Day 2.", "Day 1."]
    );
    assert_eq!(
        read[4].amendments.len(),
        1,
        "amendments come with their note"
    );
    assert!(read[..4].iter().all(|note| note.amendments.is_empty()));
    // A window inside the latest: no note twice.
    let read = store
        .record_notes(
            north.id,
            patient.id,
            3,
            at("2026-03-09T00:00:00Z"),
            at("2026-03-11T00:00:00Z"),
        )
        .await
        .unwrap();
    assert_eq!(subjectives(&read), ["Day 10.", "Day 9.", "Day 8."]);
    // Another clinic reads nothing.
    let south = clinic(store, "south").await;
    let read = store
        .record_notes(
            south.id,
            patient.id,
            3,
            at("2026-03-01T00:00:00Z"),
            at("2026-03-31T00:00:00Z"),
        )
        .await
        .unwrap();
    assert!(read.is_empty());
    assert_eq!(store.notes(north.id, patient.id).await.unwrap().len(), 10);
}

async fn notes_are_immutable_once_signed(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let south = clinic(store, "south").await;
    let (clinician, patient) = cared_patient(store, &north).await;
    let id = RecordId::new();
    store
        .add_note(
            &NewNote {
                id,
                patient_id: patient.id,
                clinic_id: north.id,
                author_id: clinician.id,
                kind: NoteKind::FirstAssessment,
                sections: sections("Pain for 6 weeks."),
                created_at: at("2026-03-02T09:00:00Z"),
            },
            &audit("note.add"),
        )
        .await
        .unwrap();
    let amendment = |text: &str| NewAmendment {
        id: RecordId::new(),
        note_id: id,
        patient_id: patient.id,
        clinic_id: north.id,
        author_id: clinician.id,
        text: text.into(),
        created_at: at("2026-03-03T09:00:00Z"),
    };
    assert!(
        matches!(
            store.add_amendment(&amendment("early"), &audit("x")).await,
            Err(StoreError::Conflict(_))
        ),
        "a draft is changed, not amended"
    );
    let later = at("2026-03-02T09:30:00Z");
    store
        .update_note(
            north.id,
            patient.id,
            id,
            &sections("Pain for 7 weeks."),
            later,
            &audit("u"),
        )
        .await
        .unwrap();
    assert!(matches!(
        store.note(south.id, patient.id, id).await,
        Err(StoreError::NotFound)
    ));
    store
        .sign_note(
            north.id,
            patient.id,
            id,
            clinician.id,
            later,
            &audit("sign"),
        )
        .await
        .unwrap();
    assert!(
        matches!(
            store
                .update_note(
                    north.id,
                    patient.id,
                    id,
                    &sections("rewritten"),
                    later,
                    &audit("u")
                )
                .await,
            Err(StoreError::Conflict(_))
        ),
        "a signed note never changes"
    );
    assert!(matches!(
        store
            .sign_note(north.id, patient.id, id, clinician.id, later, &audit("s"))
            .await,
        Err(StoreError::Conflict(_))
    ));
    store
        .add_amendment(
            &amendment("Heel raises were 20 on the left."),
            &audit("amend"),
        )
        .await
        .unwrap();
    let note = store.note(north.id, patient.id, id).await.unwrap();
    assert_eq!(note.sections.subjective, "Pain for 7 weeks.");
    assert_eq!(note.signed_by, Some(clinician.id));
    assert_eq!(note.amendments.len(), 1);
    assert_eq!(store.notes(north.id, patient.id).await.unwrap(), vec![note]);
    let export = store.export_patient(north.id, patient.id).await.unwrap();
    assert_eq!(export.rows("clinical_notes").len(), 1);
    assert_eq!(export.rows("note_amendments").len(), 1);
    store
        .delete_patient(north.id, patient.id, &audit("delete"))
        .await
        .unwrap();
    assert!(store.notes(north.id, patient.id).await.unwrap().is_empty());
}

/// Gives `user` a session (its token hash made from their id) valid through March 2026.
async fn sign_in(store: &dyn Store, user: &User) {
    store
        .create_session(
            &NewSession {
                token_hash: user.id.to_bytes().repeat(2),
                user_id: user.id,
                csrf_token: "csrf".into(),
                created_at: at("2026-03-01T00:00:00Z"),
                expires_at: at("2026-04-01T00:00:00Z"),
                ip: None,
                user_agent: None,
            },
            &audit("login"),
        )
        .await
        .unwrap();
}

/// The unread count read with `user`'s session, which every page uses for its badge; checked
/// against the count read alone.
async fn unread_with_session(store: &dyn Store, user: &User) -> u32 {
    let session = store
        .active_session(&user.id.to_bytes().repeat(2), at("2026-03-03T00:00:00Z"))
        .await
        .unwrap()
        .unwrap();
    let alone = store.unread_messages(user).await.unwrap();
    assert_eq!(
        session.unread_messages, alone,
        "the session's count is the badge's count"
    );
    alone
}

async fn messages_count_unread_from_the_read_marker(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let south = clinic(store, "south").await;
    let (clinician, patient) = cared_patient(store, &north).await;
    let admin = user(store, &north, "admin@north.test", Role::Admin).await;
    for person in [&clinician, &patient, &admin] {
        sign_in(store, person).await;
    }
    let message = |author: &User, body: &str, when: &str| NewMessage {
        id: RecordId::new(),
        patient_id: patient.id,
        clinic_id: north.id,
        author_id: author.id,
        body: body.into(),
        created_at: at(when),
    };
    store
        .post_message(
            &message(&patient, "Sore this morning", "2026-03-02T07:00:00Z"),
            &audit("m"),
        )
        .await
        .unwrap();
    store
        .post_message(
            &message(&patient, "Better now", "2026-03-02T12:00:00Z"),
            &audit("m"),
        )
        .await
        .unwrap();
    let mut foreign = message(&patient, "wrong clinic", "2026-03-02T12:00:00Z");
    foreign.clinic_id = south.id;
    assert!(matches!(
        store.post_message(&foreign, &audit("m")).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(unread_with_session(store, &clinician).await, 2);
    assert_eq!(
        unread_with_session(store, &patient).await,
        0,
        "own messages are read"
    );
    assert_eq!(unread_with_session(store, &admin).await, 0);
    let threads = store.message_threads(&clinician, 50).await.unwrap();
    assert_eq!(threads.len(), 1);
    assert_eq!(threads[0].unread, 2);
    assert_eq!(store.message_threads(&admin, 50).await.unwrap().len(), 1);
    store
        .mark_thread_read(
            north.id,
            patient.id,
            clinician.id,
            at("2026-03-02T12:00:00Z"),
        )
        .await
        .unwrap();
    store
        .mark_thread_read(
            north.id,
            patient.id,
            clinician.id,
            at("2026-03-02T08:00:00Z"),
        )
        .await
        .unwrap();
    assert_eq!(
        unread_with_session(store, &clinician).await,
        0,
        "the marker never goes back"
    );
    store
        .post_message(
            &message(&clinician, "Keep going", "2026-03-02T13:00:00Z"),
            &audit("m"),
        )
        .await
        .unwrap();
    assert_eq!(unread_with_session(store, &patient).await, 1);
    let thread = store.messages(north.id, patient.id, 2).await.unwrap();
    assert_eq!(
        thread.iter().map(|m| m.body.as_str()).collect::<Vec<_>>(),
        ["Better now", "Keep going"],
        "the latest messages, oldest first"
    );
    assert_eq!(thread[1].author_name, clinician.name);
    assert!(
        store
            .messages(south.id, patient.id, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn caseload_reads_windows_reviews_and_clearances(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let (clinician, patient) = cared_patient(store, &north).await;
    let mut stopped = new_user(&north, "stopped@north.test", Role::Patient);
    stopped.care_clinician = Some(clinician.id);
    let stopped = store
        .create_user(&stopped, &audit("user.create"))
        .await
        .unwrap();
    let outsider = user(store, &north, "other@north.test", Role::Patient).await;
    store
        .complete_intake(&completion(&north, &patient, true), &[audit("intake")])
        .await
        .unwrap();
    let mut stop = completion(&north, &stopped, false);
    stop.baseline = None;
    stop.screening = None;
    store
        .complete_intake(&stop, &[audit("intake")])
        .await
        .unwrap();
    store
        .complete_intake(&completion(&north, &outsider, true), &[audit("intake")])
        .await
        .unwrap();
    let first = store.plan_versions(north.id, patient.id).await.unwrap()[0].clone();
    for day in [date(2026, 1, 5), date(2026, 3, 2), date(2026, 3, 4)] {
        store
            .log_session(&session(&north, &patient, first.id, day, 3), &[audit("s")])
            .await
            .unwrap();
    }
    let mut second = plan(&north, &patient, PlanCause::Clinician, 2);
    second.note = Some("Calf strength allows the next row".into());
    let second = store
        .add_plan_version(&second, &audit("plan"))
        .await
        .unwrap();
    store
        .record_gun_refusal(
            &GunRefusalRecord {
                id: RecordId::new(),
                patient_id: patient.id,
                clinic_id: north.id,
                at: at("2026-03-04T19:00:00Z"),
                date: date(2026, 3, 4),
                breaches: vec![GunBreach::TooSoon],
                rules: vec![rules::A16],
                detail: "A16: wait 48 hours".into(),
            },
            &[audit("refusal")],
        )
        .await
        .unwrap();
    let caseload = store
        .caseload(
            north.id,
            clinician.id,
            date(2026, 2, 2),
            at("2026-02-20T00:00:00Z"),
        )
        .await
        .unwrap();
    assert_eq!(caseload.len(), 2, "only the clinician's patients");
    let mine = caseload
        .iter()
        .find(|entry| entry.user.id == patient.id)
        .unwrap();
    assert_eq!(
        mine.sessions.len(),
        2,
        "the January session is outside the window"
    );
    let plan = mine.plan.as_ref().unwrap();
    assert_eq!(
        (plan.version, plan.note.as_deref()),
        (2, Some("Calf strength allows the next row"))
    );
    assert_eq!(mine.first_score, Some((date(2026, 3, 2), 47)));
    assert_eq!(mine.latest_scores, vec![(date(2026, 3, 2), 47)]);
    assert_eq!(mine.gun_refusals[0].breaches, vec![GunBreach::TooSoon]);
    assert_eq!(mine.gun_refusals[0].rules, vec![rules::A16]);
    let other = caseload
        .iter()
        .find(|entry| entry.user.id == stopped.id)
        .unwrap();
    assert!(other.plan.is_none() && other.intake_completed);

    store
        .mark_plan_reviewed(
            north.id,
            patient.id,
            second.id,
            clinician.id,
            at("2026-03-05T09:00:00Z"),
            &audit("review"),
        )
        .await
        .unwrap();
    let versions = store.plan_versions(north.id, patient.id).await.unwrap();
    assert_eq!(versions[1].reviewed_by, Some(clinician.id));
    assert!(matches!(
        store
            .mark_plan_reviewed(
                north.id,
                outsider.id,
                second.id,
                clinician.id,
                at("2026-03-05T09:00:00Z"),
                &audit("review")
            )
            .await,
        Err(StoreError::NotFound)
    ));

    let clearance = RedFlagClearance {
        id: RecordId::new(),
        patient_id: stopped.id,
        clinic_id: north.id,
        cleared_by: clinician.id,
        cleared_at: at("2026-03-05T10:00:00Z"),
        reason: "Calf examined: no clot signs.".into(),
        rules: vec![rules::RF_DVT],
    };
    let answers = json!({"condition": "Achilles tendinitis", "cleared": true});
    store
        .clear_red_flag_stop(&clearance, &answers, &audit("clear"))
        .await
        .unwrap();
    let intake = store.intake(north.id, stopped.id).await.unwrap().unwrap();
    assert_eq!(
        (intake.completed_at, intake.answers),
        (None, answers.clone())
    );
    assert!(
        matches!(
            store
                .clear_red_flag_stop(&clearance, &answers, &audit("clear"))
                .await,
            Err(StoreError::Conflict(_))
        ),
        "only a completed stop can be cleared"
    );
    assert_eq!(
        store
            .red_flag_clearances(north.id, stopped.id)
            .await
            .unwrap(),
        vec![clearance]
    );
}
