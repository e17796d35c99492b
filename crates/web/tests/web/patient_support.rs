//! Helpers for the patient tests: a patient with a session, and the intake filled in through
//! the pages as a person would.

use jiff::SignedDuration;
use reqwest::{Method, StatusCode};
use serde_json::json;
use tendo_store::accounts::{Clinic, Role, User};

use crate::harness::{Session, TestServer};

/// A clinic with a patient signed in.
pub struct Patient {
    /// The clinic.
    pub clinic: Clinic,
    /// The patient.
    pub user: User,
    /// Their signed-in session.
    pub session: Session,
}

impl Patient {
    /// The same patient signed in on `server` (another server on the same database).
    pub async fn signed_in_on(&self, server: &TestServer) -> Patient {
        Patient {
            clinic: self.clinic.clone(),
            session: server.session_for(&self.user).await,
            user: self.user.clone(),
        }
    }
}

/// A clinic and a patient with a session (no intake yet).
pub async fn patient(server: &TestServer, slug: &str) -> Patient {
    let clinic = server.clinic(slug).await;
    let user = server
        .user(&clinic, &format!("runner@{slug}.test"), Role::Patient)
        .await;
    let session = server.session_for(&user).await;
    Patient {
        clinic,
        user,
        session,
    }
}

/// Puts `patient`, of `clinic`, on `clinician`'s care team (straight through the store).
pub async fn add_to_care(server: &TestServer, clinic: &Clinic, patient: &User, clinician: &User) {
    server
        .store()
        .add_to_care_team(
            clinic.id,
            patient.id,
            clinician.id,
            &tendo_store::audit::AuditEntry::new("care.add", "test"),
        )
        .await
        .unwrap();
}

/// `user`, a patient of `clinic`, put on `clinician`'s care team and signed in.
pub async fn in_care_of(
    server: &TestServer,
    clinic: &Clinic,
    user: &User,
    clinician: &User,
) -> Patient {
    add_to_care(server, clinic, user, clinician).await;
    Patient {
        clinic: clinic.clone(),
        user: user.clone(),
        session: server.session_for(user).await,
    }
}

/// A clinician of `patient`'s clinic (`physio@<slug>.test`) put on their care team, signed in.
pub async fn physio_of(server: &TestServer, patient: &Patient) -> Session {
    let physio = server
        .user(
            &patient.clinic,
            &format!("physio@{}.test", patient.clinic.slug),
            Role::Clinician,
        )
        .await;
    add_to_care(server, &patient.clinic, &patient.user, &physio).await;
    server.session_for(&physio).await
}

/// Posts a form and checks it redirects (303), returning where to.
pub async fn post_ok(session: &Session, path: &str, fields: &[(&str, &str)]) -> String {
    let response = session.post_form(path, fields).await;
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string();
    if status != 303 {
        let body = response.text().await.unwrap_or_default();
        panic!("POST {path} answered {status}, not 303: {body}");
    }
    location
}

/// The red-flag questions' ids for the patient's condition, from the API.
pub async fn flag_ids(patient: &Patient) -> Vec<String> {
    let view: serde_json::Value = patient
        .session
        .get(&format!("/api/v1/patients/{}/intake", patient.user.id))
        .await
        .json()
        .await
        .unwrap();
    view["red_flag_questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|question| question["flag"].as_str().unwrap().to_string())
        .collect()
}

/// The baseline answers: VISA 40-ish, morning pain 2, three training days.
pub const BASELINE: &[(&str, &str)] = &[
    ("q1", "4"),
    ("q2", "5"),
    ("q3", "5"),
    ("q4", "6"),
    ("q5", "4"),
    ("q6", "3"),
    ("q7", "4"),
    ("q8_branch", "b"),
    ("q8_minutes", "1-10"),
    ("morning_pain", "2"),
    ("days_per_week", "3"),
    ("heel_raise_pain", "3"),
];

/// The massage-gun screening: normal feeling, nothing ruling a gun out, tendon not settled.
pub const SCREENING: &[(&str, &str)] = &[
    ("normal_sensation", "yes"),
    ("heel_bursitis", "no"),
    ("tendon_settled", "no"),
    ("suspected_clot", "no"),
    ("blood_thinners", "no"),
    ("bleeding_disorder", "no"),
    ("pregnant", "no"),
    ("implanted_device", "no"),
];

/// The screening answers with the question `field` left out.
pub fn screening_without(field: &str) -> Vec<(&'static str, &'static str)> {
    SCREENING
        .iter()
        .copied()
        .filter(|(name, _)| *name != field)
        .collect()
}

/// Fills in the whole intake through the pages for `condition`, answering no to every red
/// flag but those in `flagged`. Returns where the last step sent the patient.
/// The answer to "where along the Achilles?" that matches the words of a test condition: the
/// middle of the tendon unless they say insertional (the hamstring ignores it).
pub fn achilles_location(condition: &str) -> &'static str {
    if condition.to_lowercase().contains("insertional") {
        "insertional"
    } else {
        "midportion"
    }
}

pub async fn intake(patient: &Patient, condition: &str, flagged: &[&str]) -> String {
    intake_at(patient, condition, achilles_location(condition), flagged).await
}

/// Fills in the whole intake with the Achilles location answered as `location`.
pub async fn intake_at(
    patient: &Patient,
    condition: &str,
    location: &str,
    flagged: &[&str],
) -> String {
    let after_flags = intake_through_red_flags(patient, condition, location, flagged).await;
    if !flagged.is_empty() {
        return after_flags;
    }
    post_ok(&patient.session, "/intake/massage-gun", SCREENING).await;
    post_ok(&patient.session, "/intake/baseline", BASELINE).await
}

/// Fills in the intake up to its last step (the baseline, with the equipment question), which
/// is left for the test.
pub async fn intake_until_baseline(patient: &Patient, condition: &str) {
    intake_through_red_flags(patient, condition, achilles_location(condition), &[]).await;
    let next = post_ok(&patient.session, "/intake/massage-gun", SCREENING).await;
    assert_eq!(next, "/intake/baseline");
}

/// Answers the intake's first three steps (condition, history, red flags), answering no to
/// every red flag but those in `flagged`. Returns where the red-flag step sent the patient.
async fn intake_through_red_flags(
    patient: &Patient,
    condition: &str,
    location: &str,
    flagged: &[&str],
) -> String {
    let session = &patient.session;
    let next = post_ok(
        session,
        "/intake/condition",
        &[
            ("condition", condition),
            ("side", "left"),
            ("location", location),
        ],
    )
    .await;
    assert_eq!(next, "/intake/history");
    post_ok(
        session,
        "/intake/history",
        &[
            ("started_on", "2025-10-01"),
            ("onset", "gradual"),
            ("changes", "hills"),
            ("changes", "more-distance"),
        ],
    )
    .await;
    let ids = flag_ids(patient).await;
    let answers: Vec<(&str, &str)> = ids
        .iter()
        .map(|id| {
            let answer = if flagged.contains(&id.as_str()) {
                "yes"
            } else {
                "no"
            };
            (id.as_str(), answer)
        })
        .collect();
    post_ok(session, "/intake/red-flags", &answers).await
}

/// Fills in the intake up to the baseline step, answering no to every red flag; the caller
/// answers the baseline.
pub async fn intake_before_baseline(patient: &Patient, condition: &str) {
    let location = achilles_location(condition);
    let after_flags = intake_through_red_flags(patient, condition, location, &[]).await;
    assert_eq!(after_flags, "/intake/massage-gun");
    post_ok(&patient.session, "/intake/massage-gun", SCREENING).await;
}

/// The page at `path`, checked to answer 200.
pub async fn page(session: &Session, path: &str) -> String {
    let response = session.get(path).await;
    let status = response.status().as_u16();
    let body = response.text().await.unwrap();
    assert_eq!(status, 200, "GET {path}: {body}");
    body
}

/// How many of `actions` are `action`.
pub fn times(actions: &[String], action: &str) -> usize {
    actions.iter().filter(|logged| *logged == action).count()
}

/// Asserts that each action of `added` was logged that many more times in `after` than in
/// `before` (audit actions as [`audit_actions`] gives them).
pub fn assert_added(before: &[String], after: &[String], added: &[(&str, usize)]) {
    for &(action, more) in added {
        assert_eq!(
            times(after, action),
            times(before, action) + more,
            "{action}: one for each request, refused or not"
        );
    }
}

/// The actions of the audit log about `patient`, newest first (up to 1,000).
pub async fn audit_actions(server: &TestServer, patient: &Patient) -> Vec<String> {
    server
        .store()
        .audit_entries(
            patient.clinic.id,
            &tendo_store::audit::AuditQuery {
                patient_id: Some(patient.user.id),
                actor_id: None,
                before: None,
                limit: 1000,
            },
        )
        .await
        .unwrap()
        .into_iter()
        .map(|entry| entry.action)
        .collect()
}

/// One of the patient's views through the API (`GET /api/v1/patients/{id}/{view}`), read by
/// the patient.
async fn patient_view_json(patient: &Patient, view: &str) -> serde_json::Value {
    patient
        .session
        .get(&format!("/api/v1/patients/{}/{view}", patient.user.id))
        .await
        .json()
        .await
        .unwrap()
}

/// The patient's Today through the API (`GET /api/v1/patients/{id}/today`).
pub async fn today_json(patient: &Patient) -> serde_json::Value {
    patient_view_json(patient, "today").await
}

/// The patient's plan through the API (`GET /api/v1/patients/{id}/plan`).
pub async fn plan_json(patient: &Patient) -> serde_json::Value {
    patient_view_json(patient, "plan").await
}

/// Logs a session of one set of Today's first exercise through the API, pain 2 during and 1
/// after.
pub async fn log_session(patient: &Patient) {
    let base = format!("/api/v1/patients/{}", patient.user.id);
    let today = today_json(patient).await;
    let item = &today["today"]["items"][0];
    let set = json!({"exercise": item["exercise"], "set_number": 1,
        "reps": item["reps"], "hold_seconds": item["hold_seconds"]});
    let response = patient
        .session
        .send_json(
            Method::POST,
            &format!("{base}/sessions"),
            &json!({"sets": [set], "pain_during": 2, "pain_after": 1}),
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::CREATED,
        "{}",
        response.text().await.unwrap()
    );
}

/// One day.
pub const DAY: SignedDuration = SignedDuration::from_hours(24);
