//! Clinical notes as a clinic runs them (issue 13): a new note starts from its template filled
//! with what Tendo knows of the patient (the plan, the latest pains, the questionnaire score);
//! a signed note says who signed it and when, on the page, in the record and in the API.

use reqwest::Method;
use serde_json::{Value, json};

use crate::clinic_support::{cared_patient, clinic, log_session};
use crate::harness::TestServer;
use crate::patient_support::{page, post_ok};

#[tokio::test(flavor = "multi_thread")]
async fn a_new_note_is_filled_with_the_plan_pains_and_score_and_a_signed_note_names_its_signer() {
    let server = TestServer::start().await;
    let north = clinic(&server, "north").await;
    let ana = cared_patient(&server, &north, "ana", "achilles-midportion", &[]).await;
    log_session(&ana, 3, 4).await;
    let base = format!("/api/v1/patients/{}", ana.user.id);
    let scored = ana
        .session
        .send_json(
            Method::POST,
            &format!("{base}/questionnaires"),
            &json!({"q1": 7, "q2": 7, "q3": 7, "q4": 7, "q5": 7, "q6": 7, "q7": 7,
                    "q8_branch": "a", "q8_minutes": "11-20"}),
        )
        .await;
    assert_eq!(scored.status(), 201);
    let score = scored.json::<Value>().await.unwrap()["response"]["score"]
        .as_u64()
        .unwrap();

    // The web form of a follow-up note starts filled in (the intake's score, then this one).
    let record = format!("/clinic/patients/{}", ana.user.id);
    let form = page(&north.physio, &format!("{record}/notes/new?kind=follow-up")).await;
    assert!(
        form.contains("Pain during, after and the next morning: 3/10 during and 4/10 after"),
        "{form}"
    );
    assert!(
        form.contains("Questionnaire score: VISA-A ")
            && form.contains(&format!("to {score}/100 (")),
        "{form}"
    );
    assert!(
        form.contains("Level and dose from here: (now: Achilles tendinopathy (midportion)"),
        "{form}"
    );
    assert!(form.contains("Sessions done: 1 logged in Tendo"), "{form}");
    // Its JSON twin gives the same sections.
    let sections: Value = north
        .physio
        .get(&format!("{base}/note-template?kind=first-assessment"))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        sections["plan"]
            .as_str()
            .unwrap()
            .contains("Loading programme and level: Achilles tendinopathy (midportion)"),
        "{sections}"
    );
    assert!(
        sections["subjective"]
            .as_str()
            .unwrap()
            .contains("Morning pain and stiffness: usual morning pain"),
        "{sections}"
    );
    // A patient cannot read what their notes would start with.
    assert_eq!(
        ana.session
            .get(&format!("{base}/note-template?kind=follow-up"))
            .await
            .status(),
        403
    );

    // Signed: the note, the record and the API name who signed it.
    let note_at = post_ok(
        &north.physio,
        &format!("{record}/notes"),
        &[
            ("kind", "follow-up"),
            ("subjective", "Better mornings."),
            ("plan", "Stay on this level."),
            ("action", "sign"),
        ],
    )
    .await;
    let signer = &north.clinician.name;
    let note_page = page(&north.physio, &note_at).await;
    assert!(
        note_page.contains(&format!("Signed by {signer} on ")),
        "{note_page}"
    );
    let record_page = page(&north.admin_session, &record).await;
    assert!(
        record_page.contains(&format!("signed by {signer} on ")),
        "{record_page}"
    );
    let note_id = note_at.rsplit('/').next().unwrap();
    let note: Value = north
        .physio
        .get(&format!("{base}/notes/{note_id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(note["signed"]["by"]["name"], signer.as_str(), "{note}");
    assert_eq!(note["signed"]["by"]["id"], north.clinician.id.to_string());
    assert!(
        note["signed"]["at"].as_str().unwrap().ends_with('Z'),
        "{note}"
    );
    assert_eq!(note["author"]["name"], signer.as_str());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_record_lists_the_latest_notes_and_links_to_every_note() {
    let server = TestServer::start().await;
    let north = clinic(&server, "north").await;
    let ana = cared_patient(&server, &north, "ana", "achilles-midportion", &[]).await;
    let base = format!("/api/v1/patients/{}", ana.user.id);
    let written = 22;
    for number in 1..=written {
        let created = north
            .physio
            .send_json(
                Method::POST,
                &format!("{base}/notes"),
                &json!({"kind": "follow-up", "subjective": format!("Visit {number}."),
                        "objective": "", "assessment": format!("Assessment {number}."),
                        "plan": ""}),
            )
            .await;
        assert_eq!(created.status(), 201);
    }
    // The record (API): the latest twenty, newest first, and word that there are older ones.
    let record: Value = north
        .physio
        .get(&format!("{base}/record"))
        .await
        .json()
        .await
        .unwrap();
    let notes = record["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 20, "{record}");
    assert_eq!(notes[0]["sections"]["subjective"], "Visit 22.");
    assert_eq!(notes[19]["sections"]["subjective"], "Visit 3.");
    assert_eq!(record["older_notes"], true);
    // The timeline of these four weeks still holds every note made in them.
    let in_timeline = record["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["kind"] == "note")
        .count();
    assert_eq!(in_timeline, written);
    // The page links to every note; that list has them all, and is the care team's only.
    let record_page = page(&north.physio, &format!("/clinic/patients/{}", ana.user.id)).await;
    let every = format!("/clinic/patients/{}/notes\"", ana.user.id);
    assert!(record_page.contains(&every), "{record_page}");
    let list = page(
        &north.physio,
        &format!("/clinic/patients/{}/notes", ana.user.id),
    )
    .await;
    assert!(list.contains("22 notes, newest first"), "{list}");
    assert_eq!(
        list.matches(&format!("/clinic/patients/{}/notes/", ana.user.id))
            .count(),
        written
    );
    assert!(list.find("Follow-up").is_some());
    let refused = ana
        .session
        .get(&format!("/clinic/patients/{}/notes", ana.user.id))
        .await
        .status();
    assert!(refused == 403 || refused == 404, "{refused}");
    // With fewer notes than the record lists, nothing is said of older ones.
    let ben = cared_patient(&server, &north, "ben", "achilles-midportion", &[]).await;
    let record: Value = north
        .physio
        .get(&format!("/api/v1/patients/{}/record", ben.user.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(record["older_notes"], false);
    assert_eq!(record["older_appointments"], false);
}
