//! A patient's changes to their own record write the read they began with once: in the
//! change's commit when the change is made, alone when it is refused or changes nothing (see
//! `tendo_app::patient::PendingRead`). Session logs and check-ins are in `patient_journey`.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::harness::TestServer;
use crate::patient_support::{
    Patient, SCREENING, assert_added, audit_actions, flag_ids, intake, patient, post_ok,
    screening_without,
};

/// Sends `body` to `path` of the patient's own API (`/api/v1/patients/{id}/{path}`) and gives
/// the status of the answer.
async fn answer(
    patient: &Patient,
    method: Method,
    path: impl std::fmt::Display,
    body: Value,
) -> StatusCode {
    let url = format!("/api/v1/patients/{}/{path}", patient.user.id);
    patient
        .session
        .send_json(method, &url, &body)
        .await
        .status()
}

/// A running week and a questionnaire record their access once, in the change's commit when
/// the change is made and alone when it is refused.
#[tokio::test(flavor = "multi_thread")]
async fn a_running_week_and_a_questionnaire_record_their_access_with_the_change_or_alone() {
    let server = TestServer::start().await;
    let patient = patient(&server, "north").await;
    intake(&patient, "Achilles tendinitis", &[]).await;
    let send = |path: &'static str, body: Value| answer(&patient, Method::POST, path, body);
    let visa = |q1: u8| {
        serde_json::json!({"q1": q1, "q2": 7, "q3": 7, "q4": 7, "q5": 7, "q6": 7, "q7": 7,
            "q8_branch": "a", "q8_minutes": "11-20"})
    };
    let before = audit_actions(&server, &patient).await;

    let too_far = send(
        "running",
        serde_json::json!({"week": "2026-01-07", "distance_km": 9999}),
    );
    assert_eq!(too_far.await, 422, "a week beyond the longest distance");
    let saved = send(
        "running",
        serde_json::json!({"week": "2026-01-07", "distance_km": 21}),
    );
    assert_eq!(saved.await, 200);
    assert_eq!(send("questionnaires", visa(11)).await, 422, "q1 is 0 to 10");
    assert_eq!(send("questionnaires", visa(7)).await, 201);

    let after = audit_actions(&server, &patient).await;
    assert_added(
        &before,
        &after,
        &[
            ("running.read", 2),
            ("running.save", 1),
            ("questionnaires.read", 2),
            ("questionnaire.submit", 1),
        ],
    );
}

/// Each intake step records its access once: with the step when it is saved (the last with the
/// completion), alone when it is refused (bad input, or a step after the intake is complete).
#[tokio::test(flavor = "multi_thread")]
async fn intake_steps_record_their_access_with_the_step_or_alone() {
    let server = TestServer::start().await;
    let patient = patient(&server, "north").await;
    let step = |name: &'static str, body: Value| {
        answer(&patient, Method::PUT, format!("intake/{name}"), body)
    };
    let history =
        |started_on: &str| serde_json::json!({"started_on": started_on, "onset": "gradual"});
    let before = audit_actions(&server, &patient).await;

    assert_eq!(step("history", history("someday")).await, 422, "not a date");
    let condition = serde_json::json!({"condition": "achilles-midportion", "side": "left",
        "location": "midportion"});
    assert_eq!(step("condition", condition).await, 200);
    assert_eq!(step("history", history("2025-10-01")).await, 200);
    // A red flag completes the intake (with no plan); reading the questions is a read too.
    let mut flags = flag_ids(&patient).await;
    let flagged = flags.pop().expect("red-flag questions");
    let mut answers: serde_json::Map<String, serde_json::Value> =
        flags.into_iter().map(|flag| (flag, false.into())).collect();
    answers.insert(flagged, true.into());
    let red_flags = serde_json::json!({ "answers": answers });
    assert_eq!(step("red-flags", red_flags).await, 200);
    assert_eq!(
        step("history", history("2025-10-01")).await,
        409,
        "the intake is complete"
    );

    let after = audit_actions(&server, &patient).await;
    assert_added(
        &before,
        &after,
        &[
            ("intake.read", 6),
            ("intake.save", 2),
            ("intake.complete", 1),
        ],
    );
}

/// A symptom report, the reminder settings and the massage-gun screening record their access
/// once: with the change when one is made, alone when it is refused or changes nothing (no
/// flag, a standing stop).
#[tokio::test(flavor = "multi_thread")]
async fn symptoms_reminders_and_screening_record_their_access_with_the_change_or_alone() {
    let server = TestServer::start().await;
    let patient = patient(&server, "north").await;
    intake(&patient, "Achilles tendinopathy", &[]).await;
    let send =
        |method: Method, path: &'static str, body: Value| answer(&patient, method, path, body);
    let reminders = |days: &[&str]| {
        serde_json::json!({"days": days, "training": true, "missed_session": false,
            "morning_check": false})
    };
    let flags = flag_ids(&patient).await;
    let red_flags = |yes: &str| {
        let answers: serde_json::Map<String, serde_json::Value> = flags
            .iter()
            .map(|flag| (flag.clone(), (flag == yes).into()))
            .collect();
        serde_json::json!({ "answers": answers })
    };
    let before = audit_actions(&server, &patient).await;

    let put = Method::PUT;
    assert_eq!(
        send(put.clone(), "reminders", reminders(&[])).await,
        422,
        "no day"
    );
    assert_eq!(send(put, "reminders", reminders(&["monday"])).await, 200);
    let unanswered = patient
        .session
        .post_form("/massage-gun/screening", &screening_without("pregnant"))
        .await;
    assert_eq!(unanswered.status().as_u16(), 422, "a question left out");
    post_ok(&patient.session, "/massage-gun/screening", SCREENING).await;
    let post = Method::POST;
    assert_eq!(
        send(post.clone(), "red-flags", red_flags("none")).await,
        200
    );
    assert_eq!(
        send(post.clone(), "red-flags", red_flags(&flags[0])).await,
        200
    );
    assert_eq!(
        send(post, "red-flags", red_flags("none")).await,
        200,
        "the standing stop"
    );

    let after = audit_actions(&server, &patient).await;
    assert_added(
        &before,
        &after,
        &[
            ("reminders.read", 2),
            ("reminders.change", 1),
            // The refused form's page reads the gun's state again to show it.
            ("massage-gun.read", 3),
            ("massage-gun.screening", 1),
            ("intake.read", 3),
            ("red-flag.report", 1),
        ],
    );
}

/// A massage-gun session records its access once: with the session when it is stored, with the
/// refusal when it breaks a rule, and alone when it is only unreadable.
#[tokio::test(flavor = "multi_thread")]
async fn a_massage_gun_session_records_its_access_with_the_session_the_refusal_or_alone() {
    let server = TestServer::start().await;
    let patient = patient(&server, "north").await;
    intake(&patient, "Achilles tendinopathy", &[]).await;
    let send = |body: Value| answer(&patient, Method::POST, "massage-gun/sessions", body);
    let before = audit_actions(&server, &patient).await;

    let unreadable = serde_json::json!({"sites": [{"site": "soleus", "minutes": "a while"}]});
    assert_eq!(send(unreadable).await, 422, "minutes that are not a number");
    let logged = serde_json::json!({"sites": [{"site": "soleus", "minutes": 2}]});
    assert_eq!(send(logged.clone()).await, 201);
    assert_eq!(send(logged).await, 409, "a second session within 48 hours");

    let after = audit_actions(&server, &patient).await;
    assert_added(
        &before,
        &after,
        &[
            ("massage-gun.read", 3),
            ("massage-gun.log", 1),
            ("massage-gun.refused", 1),
        ],
    );
}
