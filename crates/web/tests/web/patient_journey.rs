//! The patient's journey over HTTP: intake, plan, a session with pain, the next-morning
//! check-in moving the plan, the red-flag stop, and the weekly review.

use crate::harness::{Backend, Session, TestServer};
use crate::patient_support::{
    DAY, Patient, assert_added, audit_actions, intake, page, patient, physio_of, plan_json,
    post_ok, times, today_json,
};

/// Today's session fields at the plan's targets, from the API.
async fn session_fields(patient: &Patient) -> Vec<(String, String)> {
    let today = today_json(patient).await;
    let mut fields = Vec::new();
    let mut index = 0;
    for item in today["today"]["items"].as_array().unwrap() {
        for number in 1..=item["sets"].as_u64().unwrap() {
            fields.push((
                format!("sets[{index}].exercise"),
                item["exercise"].as_str().unwrap().to_string(),
            ));
            fields.push((format!("sets[{index}].set_number"), number.to_string()));
            if let Some(reps) = item["reps"].as_u64() {
                fields.push((format!("sets[{index}].reps"), reps.to_string()));
            }
            if let Some(hold) = item["hold_seconds"].as_u64() {
                fields.push((format!("sets[{index}].hold_seconds"), hold.to_string()));
            }
            fields.push((format!("sets[{index}].load_kg"), "20".to_string()));
            index += 1;
        }
    }
    fields
}

async fn log_session(patient: &Patient, during: &str, after: &str) {
    submit_session(patient, session_fields(patient).await, during, after).await;
}

/// Sends the session form with `fields` and the pains, and expects to be sent back to Today.
async fn submit_session(
    patient: &Patient,
    mut fields: Vec<(String, String)>,
    during: &str,
    after: &str,
) {
    fields.push(("pain_during".into(), during.into()));
    fields.push(("pain_after".into(), after.into()));
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    assert_eq!(
        post_ok(&patient.session, "/today/session", &borrowed).await,
        "/today"
    );
}

async fn journey(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let patient = patient(&server, "north").await;
    let session: &Session = &patient.session;

    let home = session.get("/").await;
    assert_eq!(
        home.headers()["location"],
        "/today",
        "a patient's home is today"
    );
    let today = session.get("/today").await;
    assert_eq!(
        today.headers()["location"],
        "/intake/condition",
        "until the intake is done, today sends the patient to it"
    );

    let after = intake(&patient, "Achilles tendinitis", &[]).await;
    assert_eq!(after, "/plan");
    let plan = page(session, "/plan").await;
    assert!(plan.contains("heavy slow resistance"), "{plan}");
    assert!(plan.contains("A clinician will review it"));
    assert!(plan.contains("P-HSR"), "reasons name their rules");
    assert!(plan.contains("randomised trial") || plan.contains("systematic review"));
    assert!(plan.contains("3 sets × 15"), "each exercise shows its dose");
    assert!(plan.contains("3 s down, 3 s up"), "and its tempo");
    assert!(plan.contains("Version 1"));

    let today = page(session, "/today").await;
    assert!(
        today.contains("Today&#x27;s session") || today.contains("Today's session"),
        "{today}"
    );
    assert!(
        !today.contains("next-morning check-in"),
        "no check-in before a session"
    );
    log_session(&patient, "4", "3").await;
    let today = page(session, "/today").await;
    assert!(today.contains("Done today"));
    assert!(today.contains("pain 4/10 during, 3/10 after"), "{today}");
    assert!(
        today.contains("Today&#x27;s sessions are done")
            || today.contains("Today's sessions are done")
    );

    server.advance(DAY);
    let today = page(session, "/today").await;
    assert!(
        today.contains("Your next-morning check-in"),
        "the prompt waits the next day"
    );
    assert!(!today.contains("Welcome back"));
    assert_eq!(
        post_ok(session, "/today/checkin", &[("pain", "6")]).await,
        "/today"
    );
    let today = page(session, "/today").await;
    assert!(
        !today.contains("Your next-morning check-in"),
        "answered, the prompt goes"
    );
    assert!(today.contains("Step back"), "{today}");
    assert!(
        today.contains("R-PM2") || today.contains("R-LT1"),
        "the decision names its rules"
    );
    assert!(today.contains("see version 2"), "the plan moved");
    let plan = page(session, "/plan").await;
    assert!(plan.contains("Version 2"), "{plan}");
    assert!(plan.contains("eased while the pain settles"));
    assert!(plan.contains("moved by your next-morning check-in"));

    assert!(
        !today.contains("is due."),
        "the baseline questionnaire was just taken"
    );
    server.advance(DAY * 14);
    let today = page(session, "/today").await;
    assert!(
        today.contains("Your VISA-A is due."),
        "two weeks on, the questionnaire is due"
    );

    let actions = audit_actions(&server, &patient).await;
    for expected in [
        "intake.save",
        "intake.complete",
        "session.log",
        "checkin.answer",
        "today.read",
        "plan.read",
    ] {
        assert!(
            actions.iter().any(|action| action == expected),
            "{expected} in {actions:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_patient_gets_a_plan_and_a_sore_morning_steps_it_back_on_sqlite() {
    journey(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_patient_gets_a_plan_and_a_sore_morning_steps_it_back_on_postgres() {
    journey(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_good_week_moves_the_plan_only_at_the_weekly_review() {
    let server = TestServer::start().await;
    let patient = patient(&server, "north").await;
    intake(&patient, "insertional Achilles tendinopathy", &[]).await;
    log_session(&patient, "2", "2").await;
    server.advance(DAY);
    post_ok(&patient.session, "/today/checkin", &[("pain", "1")]).await;
    let today = page(&patient.session, "/today").await;
    assert!(today.contains("once a week"), "{today}");
    assert!(
        !today.contains("see version 2"),
        "no move within the first week"
    );

    log_session(&patient, "2", "2").await;
    for day in 2..=7 {
        server.advance(DAY);
        post_ok(&patient.session, "/today/checkin", &[("pain", "1")]).await;
        let versions = server
            .store()
            .plan_versions(patient.clinic.id, patient.user.id)
            .await
            .unwrap();
        let expected = if day < 7 { 1 } else { 2 };
        assert_eq!(versions.len(), expected, "day {day}");
        log_session(&patient, "2", "2").await;
    }
    let plan = plan_json(&patient).await;
    let versions = plan["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2, "one move after a week: {versions:?}");
    assert_eq!(versions[1]["cause"], "decision");
    assert!(
        plan["week_plan"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|item| item["floor_level_only"] == true),
        "insertional plans stay at floor level"
    );
}

/// A logged session's access is in the audit log once, beside the change itself; a change
/// that is not made has its access recorded all the same.
#[tokio::test(flavor = "multi_thread")]
async fn a_logged_session_records_its_access_once_beside_the_change() {
    let server = TestServer::start().await;
    let patient = patient(&server, "north").await;
    intake(&patient, "Achilles tendinitis", &[]).await;
    let fields = session_fields(&patient).await;
    let before = audit_actions(&server, &patient).await;
    submit_session(&patient, fields, "2", "1").await;
    let after = audit_actions(&server, &patient).await;
    assert_added(&before, &after, &[("today.read", 1), ("session.log", 1)]);

    // A change that is not made still has its read in the audit log: a second session on a
    // day the plan allows one, and a check-in when none is waiting (it opens tomorrow).
    let second = patient
        .session
        .send_json(
            reqwest::Method::POST,
            &format!("/api/v1/patients/{}/sessions", patient.user.id),
            &serde_json::json!({"sets": [], "pain_during": 2, "pain_after": 1}),
        )
        .await;
    assert_eq!(second.status(), 409, "one session a day");
    let early = patient
        .session
        .send_json(
            reqwest::Method::POST,
            &format!("/api/v1/patients/{}/checkins", patient.user.id),
            &serde_json::json!({"pain": 2}),
        )
        .await;
    assert_eq!(
        early.status(),
        409,
        "no check-in waits on the session's day"
    );
    let unmade = audit_actions(&server, &patient).await;
    assert_added(&after, &unmade, &[("today.read", 2), ("session.log", 0)]);
    assert_eq!(times(&unmade, "checkin.answer"), 0);

    let carer = physio_of(&server, &patient).await;
    let refused = carer
        .send_json(
            reqwest::Method::POST,
            &format!("/api/v1/patients/{}/sessions", patient.user.id),
            &serde_json::json!({"sets": [], "pain_during": 2, "pain_after": 1}),
        )
        .await;
    assert_eq!(
        refused.status(),
        403,
        "only the patient logs their sessions"
    );
    let refused_after = audit_actions(&server, &patient).await;
    assert_added(&after, &refused_after, &[("session.log", 0)]);
}

/// Today's API carries the plan's versions of the last week: the one a decision of that week
/// made is among them, and the plan itself still carries them all.
#[tokio::test(flavor = "multi_thread")]
async fn today_names_the_version_a_decision_made_days_later_and_carries_the_last_weeks_versions() {
    let server = TestServer::start().await;
    let patient = patient(&server, "north").await;
    intake(&patient, "Achilles tendinitis", &[]).await;
    log_session(&patient, "4", "3").await;
    server.advance(DAY);
    post_ok(&patient.session, "/today/checkin", &[("pain", "6")]).await;

    server.advance(DAY * 3);
    let today = today_json(&patient).await;
    assert_eq!(
        today["today"]["latest_decision"]["checkin"]["decision"], "regress",
        "{today}"
    );
    assert_eq!(
        today["today"]["latest_decision"]["new_version"], 2,
        "three days on, Today still names the version the decision made"
    );
    let page = page(&patient.session, "/today").await;
    assert!(page.contains("see version 2"), "{page}");

    server.advance(DAY * 6);
    let today = today_json(&patient).await;
    let numbers: Vec<&serde_json::Value> = today["status"]["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|version| &version["version"])
        .collect();
    assert_eq!(
        numbers,
        [2],
        "the version in force since a week ago: {today}"
    );
    assert_eq!(today["status"]["version"]["version"], 2);
    let plan = server
        .store()
        .plan_versions(patient.clinic.id, patient.user.id)
        .await
        .unwrap();
    assert_eq!(plan.len(), 2);
    let plan = plan_json(&patient).await;
    assert_eq!(plan["versions"].as_array().unwrap().len(), 2, "{plan}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_red_flag_stops_self_management_and_says_whom_to_see() {
    let server = TestServer::start().await;
    let patient = patient(&server, "north").await;
    let after = intake(&patient, "high hamstring tendinopathy", &["cauda-equina"]).await;
    assert_eq!(after, "/today");
    for path in [
        "/today",
        "/plan",
        "/progress",
        "/questionnaires",
        "/massage-gun",
    ] {
        let body = page(&patient.session, path).await;
        assert!(body.contains("Please see a clinician"), "{path}: {body}");
        assert!(body.contains("emergency"), "{path} says how urgently");
        assert!(body.contains("RF-CAUDA"), "{path} names the rule");
        assert!(
            !body.contains("This week&#x27;s exercises"),
            "{path} shows no programme"
        );
    }
    let plan = plan_json(&patient).await;
    assert_eq!(plan["status"], "stopped");
    assert_eq!(plan["triage"]["most_urgent"], "emergency");
    let refused = patient
        .session
        .post_form(
            "/today/session",
            &[("pain_during", "2"), ("pain_after", "2")],
        )
        .await;
    assert_eq!(
        refused.status(),
        409,
        "no session can be logged without a plan"
    );
    assert!(
        server
            .store()
            .plan_versions(patient.clinic.id, patient.user.id)
            .await
            .unwrap()
            .is_empty(),
        "no plan was generated"
    );
}
