//! The caseload a server keeps between requests is always what a fresh read shows: after every
//! kind of change that shows on it, made through the product's surfaces, and as time passes
//! (days in two zones, an appointment starting), on both backends; on PostgreSQL also after a
//! change made through another server.

use std::sync::Arc;

use jiff::SignedDuration;
use reqwest::Method;
use serde_json::{Value, json};
use tendo_app::App;
use tendo_app::Settings;
use tendo_app::clinic::caseload::{self, CaseloadQuery};
use tendo_store::accounts::User;
use tendo_store::audit::AuditEntry;

use crate::booking_support::{Fixture, book_video as book, caller, fixture, in_care, london};
use crate::clinic_support::{flag_kinds, log_session};
use crate::harness::{Backend, PASSWORD, Session, TestServer};
use crate::patient_support::{Patient, intake, post_ok};

/// The caseload as `physio`'s server serves it (kept or not), checked against one computed
/// by an application that has kept nothing, on the same database and clock.
async fn served_fresh(
    server: &TestServer,
    physio: &Session,
    clinician: &User,
    when: &str,
) -> Value {
    let response = physio.get("/api/v1/caseload").await;
    assert_eq!(response.status().as_u16(), 200, "{when}");
    let served: Value = response.json().await.unwrap();
    let fresh_app = App::with_clock(
        server.store_handle(),
        Settings::default(),
        server.clock.clone(),
    );
    let fresh = caseload::caseload(&fresh_app, &caller(clinician), &CaseloadQuery::default())
        .await
        .unwrap();
    assert_eq!(
        served,
        serde_json::to_value(&fresh).unwrap(),
        "the served caseload differs from a fresh one {when}"
    );
    served
}

fn entry_of<'a>(caseload: &'a Value, patient: &User) -> &'a Value {
    caseload["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["patient_id"] == patient.id.to_string())
        .unwrap_or_else(|| panic!("{} is on the caseload: {caseload}", patient.email))
}

/// The fixture's two patients (London and New York) in the physiotherapist's care, with their
/// intakes done.
async fn cared(server: &TestServer, world: &Fixture) -> (Patient, Patient) {
    let mut patients = Vec::new();
    for user in [&world.patient, &world.other] {
        let patient = in_care(server, world, user).await;
        intake(&patient, "Achilles tendinopathy", &[]).await;
        patients.push(patient);
    }
    let other = patients.pop().unwrap();
    (patients.pop().unwrap(), other)
}

async fn kept_caseload_follows_every_change(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let world = fixture(&server, "north").await;
    let physio = server.session_for(&world.physio).await;
    let first = served_fresh(&server, &physio, &world.physio, "with nobody in care").await;
    assert_eq!(first["total"], 0);
    let (ana, ned) = cared(&server, &world).await;
    let read = served_fresh(&server, &physio, &world.physio, "after two joined").await;
    assert_eq!(read["total"], 2);

    // A session through too much pain raises the pain-rules flag.
    log_session(&ana, 7, 6).await;
    let read = served_fresh(&server, &physio, &world.physio, "after a painful session").await;
    assert!(flag_kinds(entry_of(&read, &ana.user)).contains(&"pain-rules".to_string()));

    // A refused massage-gun session.
    let refused = ned
        .session
        .send_json(
            Method::POST,
            &format!("/api/v1/patients/{}/massage-gun/sessions", ned.user.id),
            &json!({"sites": [{"site": "soleus", "minutes": 9.0}]}),
        )
        .await;
    assert_eq!(refused.status().as_u16(), 422);
    let read = served_fresh(&server, &physio, &world.physio, "after a refused gun").await;
    assert!(flag_kinds(entry_of(&read, &ned.user)).contains(&"massage-gun".to_string()));

    // A message counts as unread until the clinician opens the thread.
    post_ok(
        &ned.session,
        "/messages",
        &[("body", "Stiff this morning.")],
    )
    .await;
    let read = served_fresh(&server, &physio, &world.physio, "after a message").await;
    assert_eq!(entry_of(&read, &ned.user)["unread_messages"], 1);
    let thread = physio.get(&format!("/messages/{}", ned.user.id)).await;
    assert_eq!(thread.status().as_u16(), 200);
    let read = served_fresh(&server, &physio, &world.physio, "after the thread was read").await;
    assert_eq!(entry_of(&read, &ned.user)["unread_messages"], 0);

    // A booking shows as the next appointment, a cancellation takes it away.
    let id = book(&ana, &world, london(&server, 3, 10, 0)).await;
    let read = served_fresh(&server, &physio, &world.physio, "after a booking").await;
    assert!(entry_of(&read, &ana.user)["next_appointment"].is_object());
    let cancelled = ana
        .session
        .send_json(
            Method::POST,
            &format!("/api/v1/appointments/{id}/cancel"),
            &json!({}),
        )
        .await;
    assert_eq!(cancelled.status().as_u16(), 200);
    let read = served_fresh(&server, &physio, &world.physio, "after a cancellation").await;
    assert!(entry_of(&read, &ana.user)["next_appointment"].is_null());

    // Time passes: an appointment starts, and the days turn in London and New York.
    book(&ana, &world, london(&server, 1, 9, 0)).await;
    book(&ana, &world, london(&server, 5, 9, 0)).await;
    let read = served_fresh(&server, &physio, &world.physio, "with two booked").await;
    let soonest = entry_of(&read, &ana.user)["next_appointment"]["start"].clone();
    // Hour by hour for eight days: each midnight of London and New York (where a programme
    // week turns), the appointments starting.
    for hour in 1..=24 * 8 {
        server.advance(SignedDuration::from_hours(1));
        let read = served_fresh(&server, &physio, &world.physio, &format!("{hour} h on")).await;
        if hour == 36 {
            let next = &entry_of(&read, &ana.user)["next_appointment"];
            assert!(next.is_object(), "the later one is next: {read}");
            assert_ne!(next["start"], soonest);
        }
    }
    let read = served_fresh(&server, &physio, &world.physio, "eight days on").await;
    assert_eq!(entry_of(&read, &ned.user)["week"], 2, "{read}");

    // A patient who deletes their records leaves the caseload, as does one who leaves the
    // care team.
    let ana_again = server.session_for(&ana.user).await;
    let deleted = ana_again
        .post_form("/account/delete", &[("password", PASSWORD)])
        .await;
    assert_eq!(deleted.status().as_u16(), 303);
    let read = served_fresh(&server, &physio, &world.physio, "after an erasure").await;
    assert_eq!(read["total"], 1);
    server
        .store()
        .remove_from_care_team(
            world.clinic.id,
            ned.user.id,
            world.physio.id,
            &AuditEntry::new("care.remove", "test"),
        )
        .await
        .unwrap();
    let read = served_fresh(&server, &physio, &world.physio, "after one left").await;
    assert_eq!(read["total"], 0);
}

#[tokio::test]
async fn the_kept_caseload_follows_every_change_on_sqlite() {
    kept_caseload_follows_every_change(Backend::Sqlite).await;
}

#[tokio::test]
async fn the_kept_caseload_follows_every_change_on_postgres() {
    kept_caseload_follows_every_change(Backend::Postgres).await;
}

/// Two servers on one database: a change made through one shows on the caseload the other
/// keeps.
#[tokio::test]
async fn a_change_through_another_server_shows_on_the_kept_caseload() {
    let server = TestServer::start_on(Backend::Postgres).await;
    let beside = Arc::new(server.start_beside().await);
    let world = fixture(&server, "north").await;
    let (ana, _) = cared(&server, &world).await;
    let physio = server.session_for(&world.physio).await;
    let read = served_fresh(&server, &physio, &world.physio, "at first").await;
    assert_eq!(entry_of(&read, &ana.user)["unread_messages"], 0);

    let ana_beside = ana.signed_in_on(&beside).await;
    post_ok(
        &ana_beside.session,
        "/messages",
        &[("body", "Sent elsewhere.")],
    )
    .await;
    log_session(&ana_beside, 8, 8).await;
    let read = served_fresh(&server, &physio, &world.physio, "after changes beside").await;
    let entry = entry_of(&read, &ana.user);
    assert_eq!(entry["unread_messages"], 1);
    assert!(flag_kinds(entry).contains(&"pain-rules".to_string()));
}
