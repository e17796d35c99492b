//! Every patient form with bad input: the form comes back (422) with the message beside the
//! field, the field marked invalid, what was typed kept, and nothing saved.

use tendo_store::accounts::Clinic;
use tendo_store::ids::UserId;

use crate::harness::{Session, TestServer};
use crate::patient_support::{Patient, intake, patient, post_ok};

/// Posts a bad form and checks the page that comes back.
async fn refused(
    session: &Session,
    path: &str,
    fields: &[(&str, &str)],
    field: &str,
    says: &str,
    kept: &str,
) {
    let response = session.post_form(path, fields).await;
    let status = response.status().as_u16();
    let body = response.text().await.unwrap();
    assert_eq!(status, 422, "POST {path} with bad {field}: {body}");
    let error = format!("id=\"{field}-error\"");
    assert!(
        body.contains(&error),
        "POST {path}: the message sits beside `{field}`: {body}"
    );
    assert!(
        body.contains(says),
        "POST {path}: the message says `{says}`: {body}"
    );
    assert!(
        body.contains("error-summary"),
        "POST {path}: an error summary leads the page"
    );
    assert!(
        body.contains(&format!("aria-describedby=\"{field}-error\"")),
        "POST {path}: the field points to its message"
    );
    if !kept.is_empty() {
        assert!(
            body.contains(kept),
            "POST {path}: what was typed (`{kept}`) is kept: {body}"
        );
    }
}

/// Counts of everything a patient's forms can save.
async fn saved(
    server: &TestServer,
    clinic: &Clinic,
    patient: UserId,
) -> (usize, usize, usize, usize, bool) {
    let store = server.store();
    let from = jiff::civil::date(2000, 1, 1);
    let to = jiff::civil::date(2100, 1, 1);
    (
        store
            .sessions(clinic.id, patient, from, to)
            .await
            .unwrap()
            .len(),
        store
            .questionnaires(clinic.id, patient)
            .await
            .unwrap()
            .len(),
        store
            .massage_gun_sessions(clinic.id, patient, 100)
            .await
            .unwrap()
            .len(),
        store.running_weeks(clinic.id, patient).await.unwrap().len(),
        store.intake(clinic.id, patient).await.unwrap().is_some(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn intake_steps_show_bad_input_beside_the_field_and_save_nothing() {
    let server = TestServer::start().await;
    let Patient {
        clinic,
        user,
        session,
    } = patient(&server, "north").await;
    refused(
        &session,
        "/intake/condition",
        &[("condition", "tennis elbow"), ("side", "left")],
        "condition",
        "does not recognise",
        "tennis elbow",
    )
    .await;
    refused(
        &session,
        "/intake/condition",
        &[("condition", "Achilles tendinitis")],
        "side",
        "left, right or both",
        "Achilles tendinitis",
    )
    .await;
    assert!(
        !saved(&server, &clinic, user.id).await.4,
        "no intake was started"
    );

    refused(
        &session,
        "/intake/condition",
        &[("condition", "Achilles tendinopathy"), ("side", "right")],
        "location",
        "where along the Achilles it hurts",
        "Achilles tendinopathy",
    )
    .await;
    post_ok(
        &session,
        "/intake/condition",
        &[
            ("condition", "Achilles tendinopathy"),
            ("side", "right"),
            ("location", "midportion"),
        ],
    )
    .await;
    refused(
        &session,
        "/intake/history",
        &[("started_on", "2999-01-01"), ("onset", "gradual")],
        "started_on",
        "must be from",
        "2999-01-01",
    )
    .await;
    refused(
        &session,
        "/intake/history",
        &[("started_on", "2025-01-01")],
        "onset",
        "how the pain started",
        "",
    )
    .await;
    refused(
        &session,
        "/intake/red-flags",
        &[("calf-clot", "no")],
        "achilles-rupture",
        "answer yes or no",
        "",
    )
    .await;
    refused(
        &session,
        "/intake/massage-gun",
        &[
            ("normal_sensation", "yes"),
            ("heel_bursitis", "no"),
            ("tendon_settled", "no"),
            ("suspected_clot", "no"),
            ("blood_thinners", "no"),
            ("bleeding_disorder", "no"),
            ("pregnant", "no"),
            ("implanted_device", "no"),
            ("skin[0].site", "soleus"),
            ("skin[0].kind", "scar"),
        ],
        "skin[0].since",
        "when the scar formed",
        "",
    )
    .await;
    refused(
        &session,
        "/intake/massage-gun",
        &[
            ("normal_sensation", "yes"),
            ("heel_bursitis", "no"),
            ("tendon_settled", "no"),
            ("suspected_clot", "no"),
            ("blood_thinners", "no"),
            ("bleeding_disorder", "no"),
            ("pregnant", "no"),
            ("implanted_device", "no"),
            ("device.min_ppm", "3000"),
            ("device.max_ppm", "2000"),
        ],
        "device.min_ppm",
        "cannot be above",
        "3000",
    )
    .await;
    refused(
        &session,
        "/intake/baseline",
        &[
            ("q1", "11"),
            ("q2", "5"),
            ("q3", "5"),
            ("q4", "5"),
            ("q5", "5"),
            ("q6", "5"),
            ("q7", "4"),
            ("q8_branch", "b"),
            ("q8_minutes", "1-10"),
            ("morning_pain", "2"),
            ("days_per_week", "3"),
            ("heel_raise_pain", "2"),
        ],
        "q1",
        "0 to 10",
        "value=\"11\"",
    )
    .await;
    refused(
        &session,
        "/intake/baseline",
        &[
            ("q1", "5"),
            ("q2", "5"),
            ("q3", "5"),
            ("q4", "5"),
            ("q5", "5"),
            ("q6", "5"),
            ("q7", "4"),
            ("q8_branch", "b"),
            ("q8_minutes", "1-10"),
            ("morning_pain", "2"),
            ("days_per_week", "9"),
        ],
        "days_per_week",
        "1 to 7",
        "value=\"9\"",
    )
    .await;
    let intake = server
        .store()
        .intake(clinic.id, user.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        intake.completed_at, None,
        "the refused baseline completed nothing"
    );
    assert!(
        intake.answers["started_on"].is_null(),
        "the refused history saved nothing"
    );
    assert_eq!(
        intake.answers["condition"], "achilles-midportion",
        "the good step was kept"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_daily_forms_show_bad_input_beside_the_field_and_save_nothing() {
    let server = TestServer::start().await;
    let patient = patient(&server, "north").await;
    intake(&patient, "Achilles tendinopathy", &[]).await;
    let Patient {
        clinic,
        user,
        session,
    } = &patient;
    let before = saved(&server, clinic, user.id).await;

    refused(
        session,
        "/today/session",
        &[
            ("sets[0].exercise", "seated-calf-raise-bent-knee"),
            ("sets[0].set_number", "1"),
            ("sets[0].reps", "15"),
            ("pain_during", "12"),
            ("pain_after", "2"),
        ],
        "pain_during",
        "0 to 10",
        "value=\"12\"",
    )
    .await;
    refused(
        session,
        "/today/session",
        &[
            ("sets[0].exercise", "seated-calf-raise-bent-knee"),
            ("sets[0].set_number", "1"),
            ("sets[0].reps", "lots"),
            ("pain_during", "3"),
            ("pain_after", "2"),
        ],
        "sets[0].reps",
        "whole number",
        "value=\"lots\"",
    )
    .await;
    refused(
        session,
        "/questionnaires",
        &[
            ("q1", "5"),
            ("q2", "5"),
            ("q3", "5"),
            ("q4", "5"),
            ("q5", "5"),
            ("q6", "5"),
            ("q7", "5"),
            ("q8_branch", "b"),
            ("q8_minutes", "1-10"),
        ],
        "q7",
        "question 7",
        "",
    )
    .await;
    refused(
        session,
        "/running",
        &[("week", "2026-01-05"), ("distance_km", "900")],
        "distance_km",
        "0 to 500",
        "value=\"900\"",
    )
    .await;
    refused(
        session,
        "/running",
        &[("week", "someday"), ("distance_km", "10")],
        "week",
        "YYYY-MM-DD",
        "someday",
    )
    .await;
    refused(
        session,
        "/massage-gun/screening",
        &[
            ("normal_sensation", "perhaps"),
            ("heel_bursitis", "no"),
            ("tendon_settled", "no"),
        ],
        "normal_sensation",
        "yes or no",
        "",
    )
    .await;
    refused(
        session,
        "/massage-gun/session",
        &[
            ("sites[0].site", "gastrocnemius"),
            ("sites[0].minutes", "9"),
        ],
        "sites[0].minutes",
        "A12",
        "value=\"9\"",
    )
    .await;
    assert_eq!(
        saved(&server, clinic, user.id).await,
        before,
        "nothing was saved"
    );

    post_ok(
        session,
        "/today/session",
        &[
            ("sets[0].exercise", "seated-calf-raise-bent-knee"),
            ("sets[0].set_number", "1"),
            ("sets[0].reps", "15"),
            ("pain_during", "3"),
            ("pain_after", "2"),
        ],
    )
    .await;
    server.advance(crate::patient_support::DAY);
    refused(
        session,
        "/today/checkin",
        &[("pain", "")],
        "pain",
        "0 to 10",
        "",
    )
    .await;
    let checkins = server
        .store()
        .checkins(
            clinic.id,
            user.id,
            jiff::civil::date(2000, 1, 1),
            jiff::civil::date(2100, 1, 1),
        )
        .await
        .unwrap();
    assert!(checkins.is_empty(), "the refused check-in saved nothing");
}
