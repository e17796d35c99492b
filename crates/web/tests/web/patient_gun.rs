//! The massage gun in the app: the health questions of the screening (MG-DVT, MG-BLEED, MG-PREG,
//! MG-IMPLANT), no site allowed while waiting for the next session (A16), and scar ages counted
//! from the patient's own date (A19).

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use serde_json::Value;
use tendo_app::accounts::{self, NewUserForm};
use tendo_app::clock::Clock;
use tendo_store::accounts::Role;
use tendo_store::audit::AuditEntry;
use tendo_store::ids::RecordId;
use tendo_store::outcomes::NewScreening;

use crate::harness::{PASSWORD, Session, TestServer};
use crate::patient_support::{
    Patient, SCREENING, flag_ids, intake, page, patient, post_ok, screening_without,
};

/// The patient's massage gun as the API gives it.
async fn gun_of(patient: &Patient) -> Value {
    let response = patient
        .session
        .get(&format!("/api/v1/patients/{}/massage-gun", patient.user.id))
        .await;
    assert_eq!(response.status().as_u16(), 200);
    response.json().await.unwrap()
}

/// The screening answers with one answer changed.
fn screening_with(field: &str, answer: &'static str) -> Vec<(&'static str, &'static str)> {
    SCREENING
        .iter()
        .map(|(name, value)| (*name, if *name == field { answer } else { *value }))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn mg_intake_massage_gun_step_asks_the_health_questions() {
    let server = TestServer::start().await;
    let patient = patient(&server, "north").await;
    intake(&patient, "Achilles tendinopathy", &[]).await;
    let form = page(&patient.session, "/massage-gun/screening").await;
    for question in [
        "blood clot",
        "blood-thinning medicine",
        "bleeding disorder",
        "pregnant",
        "pacemaker",
    ] {
        assert!(form.contains(question), "{question} is asked");
    }
    let refused = patient
        .session
        .post_form("/massage-gun/screening", &screening_without("pregnant"))
        .await;
    assert_eq!(refused.status().as_u16(), 422);
    let body = refused.text().await.unwrap();
    assert!(
        body.contains("pregnant-error"),
        "the question is named: {body}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn mg_dvt_a_clot_told_in_the_gun_step_stops_self_management_like_the_red_flag() {
    let server = TestServer::start().await;
    let patient = patient(&server, "north").await;
    let session = &patient.session;
    post_ok(
        session,
        "/intake/condition",
        &[
            ("condition", "Achilles tendinopathy"),
            ("side", "left"),
            ("location", "midportion"),
        ],
    )
    .await;
    post_ok(
        session,
        "/intake/history",
        &[("started_on", "2025-10-01"), ("onset", "gradual")],
    )
    .await;
    let no_flags: Vec<(String, &str)> = flag_ids(&patient)
        .await
        .into_iter()
        .map(|id| (id, "no"))
        .collect();
    let no_flags: Vec<(&str, &str)> = no_flags
        .iter()
        .map(|(id, answer)| (id.as_str(), *answer))
        .collect();
    post_ok(session, "/intake/red-flags", &no_flags).await;
    post_ok(
        session,
        "/intake/massage-gun",
        &screening_with("suspected_clot", "yes"),
    )
    .await;
    let body = page(session, "/today").await;
    assert!(body.contains("Please see a clinician"), "{body}");
    assert!(body.contains("RF-DVT"), "{body}");
    assert!(body.contains("emergency"), "{body}");
    assert!(
        server
            .store()
            .plan_versions(patient.clinic.id, patient.user.id)
            .await
            .unwrap()
            .is_empty(),
        "no plan was made"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn mg_bleed_blood_thinners_close_the_massage_gun_page() {
    let server = TestServer::start().await;
    let patient = patient(&server, "north").await;
    intake(&patient, "Achilles tendinopathy", &[]).await;
    assert_eq!(gun_of(&patient).await["gun"]["advice"]["verdict"], "ok");
    post_ok(
        &patient.session,
        "/massage-gun/screening",
        &screening_with("blood_thinners", "yes"),
    )
    .await;
    let gun = gun_of(&patient).await;
    assert_eq!(gun["gun"]["advice"]["verdict"], "do-not-use");
    assert_eq!(gun["gun"]["allowed"].as_array().unwrap().len(), 0);
    let body = page(&patient.session, "/massage-gun").await;
    assert!(body.contains("Not for you"), "{body}");
    assert!(body.contains("MG-BLEED"), "{body}");
    assert!(!body.contains("Log this session"), "{body}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a16_wait_page_and_api_list_no_site_as_allowed() {
    let server = TestServer::start().await;
    let patient = patient(&server, "north").await;
    intake(&patient, "high hamstring tendinopathy", &[]).await;
    post_ok(
        &patient.session,
        "/massage-gun/session",
        &[("sites[0].site", "hamstrings"), ("sites[0].minutes", "3")],
    )
    .await;
    server.advance(SignedDuration::from_hours(20));
    let gun = gun_of(&patient).await;
    let advice = &gun["gun"]["advice"];
    assert_eq!(advice["verdict"], "wait");
    assert_eq!(gun["gun"]["allowed"].as_array().unwrap().len(), 0);
    for (site, site_advice) in advice["sites"].as_object().unwrap() {
        assert_ne!(site_advice["verdict"], "allowed", "{site}");
        assert_eq!(site_advice["max_minutes"], 0.0, "{site}");
    }
    assert_eq!(
        advice["sites"]["hamstrings"]["not_before"],
        advice["next_session_not_before"]
    );
    let body = page(&patient.session, "/massage-gun").await;
    assert!(!body.contains("Log this session"), "{body}");
    assert!(body.contains("Not yet: at your next session"), "{body}");
}

/// A patient whose zone is `zone`, with a session.
async fn patient_in(server: &TestServer, zone: &str) -> Patient {
    let clinic = server.clinic("far").await;
    let user = accounts::create_user(
        &server.app,
        &clinic,
        &NewUserForm {
            email: "runner@far.test".into(),
            name: "Runner Far".into(),
            role: Role::Patient,
            profession: None,
            time_zone: zone.into(),
            password: PASSWORD.into(),
        },
    )
    .await
    .unwrap();
    let session: Session = server.session_for(&user).await;
    Patient {
        clinic,
        user,
        session,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a19_scar_age_uses_the_patients_date() {
    let server = TestServer::start().await;
    // Kiritimati is 14 hours ahead of UTC: from 10:00 UTC on, its date is a day later. Move the
    // clock to about 14:00 UTC so that the two dates always differ.
    let hour = i64::from(Timestamp::now().to_zoned(TimeZone::UTC).hour());
    server.advance(SignedDuration::from_hours((14 - hour).rem_euclid(24)));
    let patient = patient_in(&server, "Pacific/Kiritimati").await;
    intake(&patient, "Achilles tendinopathy", &[]).await;
    let now = server.clock.now();
    let local_today = now
        .to_zoned(TimeZone::get("Pacific/Kiritimati").unwrap())
        .date();
    assert_ne!(local_today, now.to_zoned(TimeZone::UTC).date());
    let since = local_today.checked_sub(84.days()).unwrap().to_string();
    let mut answers = SCREENING.to_vec();
    answers.extend([
        ("skin[0].site", "soleus"),
        ("skin[0].kind", "scar"),
        ("skin[0].since", since.as_str()),
    ]);
    post_ok(&patient.session, "/massage-gun/screening", &answers).await;
    let gun = gun_of(&patient).await;
    let soleus = &gun["gun"]["advice"]["sites"]["soleus"];
    assert_eq!(
        soleus["verdict"], "allowed",
        "the scar is 12 weeks old on the patient's date: {soleus}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn mg_a_screening_saved_before_the_health_questions_asks_for_them() {
    let server = TestServer::start().await;
    let patient = patient(&server, "north").await;
    intake(&patient, "Achilles tendinopathy", &[]).await;
    // A screening stored before the health questions existed has no answer to them.
    let mut answers = server
        .store()
        .screening(patient.clinic.id, patient.user.id)
        .await
        .unwrap()
        .unwrap()
        .answers;
    answers.suspected_clot = None;
    answers.blood_thinners = None;
    answers.bleeding_disorder = None;
    answers.pregnant = None;
    answers.implanted_device = None;
    server
        .store()
        .save_screening(
            &NewScreening {
                id: RecordId::new(),
                patient_id: patient.user.id,
                clinic_id: patient.clinic.id,
                answered_at: server.clock.now(),
                answers,
            },
            &[AuditEntry::new("massage-gun.screening", "older screening")
                .in_clinic(patient.clinic.id)
                .about(patient.user.id)],
        )
        .await
        .unwrap();
    server.advance(SignedDuration::from_secs(1));
    let body = page(&patient.session, "/massage-gun").await;
    assert!(body.contains("answer the screening questions"), "{body}");
    assert!(!body.contains("Log this session"), "{body}");
    post_ok(&patient.session, "/massage-gun/screening", SCREENING).await;
    assert_eq!(gun_of(&patient).await["gun"]["advice"]["verdict"], "ok");
}
