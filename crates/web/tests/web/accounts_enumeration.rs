//! Whether an address has an account must not show: `/forgot-password`, sign-up and an
//! invitation across clinics answer alike (and `/forgot-password` in equal time) for an address
//! with an account and one without. Each runs on SQLite and on PostgreSQL.

use std::time::{Duration, Instant};

use jiff::SignedDuration;
use reqwest::{Method, Response};
use serde_json::{Value, json};
use tendo_store::accounts::Role;
use tendo_web::state::WebConfig;

use crate::booking_support::{fixture, london};
use crate::harness::{Backend, TestServer};

/// A response with what legitimately differs between two requests taken out: the cookies and
/// the CSRF token (fresh random values) and the date.
#[derive(Debug, PartialEq, Eq)]
pub struct Answer {
    /// The status.
    pub status: u16,
    /// The headers, by name, without `set-cookie` and `date`; the request id (new for every
    /// request, whoever asks) is kept by name only.
    pub headers: Vec<(String, String)>,
    /// The body, with every CSRF token's value blanked.
    pub body: String,
}

/// Reads a response into an [`Answer`].
pub async fn answer_of(response: Response) -> Answer {
    let status = response.status().as_u16();
    let mut headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .filter(|(name, _)| !matches!(name.as_str(), "set-cookie" | "date"))
        .map(|(name, value)| {
            let value = if name.as_str() == "x-request-id" {
                "(a request id)"
            } else {
                value.to_str().unwrap_or_default()
            };
            (name.to_string(), value.to_string())
        })
        .collect();
    headers.sort();
    let body = blank_csrf(&response.text().await.unwrap());
    Answer {
        status,
        headers,
        body,
    }
}

/// `page` with the value of every hidden `_csrf` field blanked.
fn blank_csrf(page: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    while let Some(start) = rest.find(marker) {
        let value_start = start + marker.len();
        out.push_str(&rest[..value_start]);
        rest = &rest[value_start..];
        let end = rest.find('"').unwrap_or(rest.len());
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Posts the forgotten-password form for `email` from the client address `from`.
async fn ask_for_reset(server: &TestServer, email: &str, from: &str) -> Response {
    server
        .client()
        .post(server.url("/forgot-password"))
        .header("x-forwarded-for", from)
        .form(&[("email", email)])
        .send()
        .await
        .unwrap()
}

async fn forgotten_password_answers_alike_and_queues_the_mail(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let clinic = server.clinic("north").await;
    server.user(&clinic, "pat@north.test", Role::Patient).await;
    // Two addresses of the same length: the page repeats the address it was given, and apart
    // from that the answers must be the same to the byte.
    let mut known = answer_of(ask_for_reset(&server, "pat@north.test", "192.0.2.1").await).await;
    let mut unknown = answer_of(ask_for_reset(&server, "sam@north.test", "192.0.2.1").await).await;
    known.body = known.body.replace("pat@north.test", "ADDRESS");
    unknown.body = unknown.body.replace("sam@north.test", "ADDRESS");
    assert_eq!(known.status, 200);
    assert!(
        known
            .body
            .contains("If an account uses <strong>ADDRESS</strong>")
    );
    assert_eq!(
        known, unknown,
        "an address with an account and one without get the same answer"
    );
    // The link went to the outbox before the answer, and was not sent inline: the test server
    // runs no sender, so a mail that is there unsent was queued, not delivered on the way.
    let queued = server.store().mail_to("pat@north.test", 5).await.unwrap();
    assert_eq!(queued.len(), 1, "one reset mail is queued for the account");
    assert!(queued[0].body.contains("/reset-password/"));
    assert_eq!(queued[0].sent_at, None, "the mail waits in the outbox");
    assert!(
        server
            .store()
            .mail_to("sam@north.test", 5)
            .await
            .unwrap()
            .is_empty(),
        "an address without an account is sent nothing"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn forgotten_password_answers_alike_and_queues_the_mail_on_sqlite() {
    forgotten_password_answers_alike_and_queues_the_mail(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn forgotten_password_answers_alike_and_queues_the_mail_on_postgres() {
    forgotten_password_answers_alike_and_queues_the_mail(Backend::Postgres).await;
}

/// The median of `times`.
fn median(times: &mut [Duration]) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}

async fn forgotten_password_takes_the_same_time_either_way(backend: Backend) {
    let server = TestServer::start_with(
        backend,
        WebConfig {
            trust_forwarded_for: true,
            ..WebConfig::default()
        },
    )
    .await;
    let clinic = server.clinic("north").await;
    server.user(&clinic, "pat@north.test", Role::Patient).await;
    let rounds = 25;
    let (mut known, mut unknown) = (Vec::new(), Vec::new());
    // Interleaved, each from its own address and in a fresh limit window, after one warm-up
    // request of each kind; the medians are compared, so one slow request does not decide.
    for round in 0..=rounds {
        server.advance(SignedDuration::from_mins(20));
        for (email, network, times) in [
            ("pat@north.test", "198.51.100", &mut known),
            ("nobody@north.test", "203.0.113", &mut unknown),
        ] {
            let from = format!("{network}.{round}");
            let started = Instant::now();
            let response = ask_for_reset(&server, email, &from).await;
            let took = started.elapsed();
            assert_eq!(response.status(), 200, "{email} in round {round}");
            if round > 0 {
                times.push(took);
            }
        }
    }
    let (known, unknown) = (median(&mut known), median(&mut unknown));
    let (slower, faster) = (known.max(unknown), known.min(unknown));
    assert!(
        slower <= faster * 2,
        "the median answer for an account took {known:?} and for no account {unknown:?}"
    );
    assert_eq!(
        server
            .store()
            .mail_to("pat@north.test", 50)
            .await
            .unwrap()
            .len(),
        rounds + 1,
        "every request for the account queued its mail"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn forgotten_password_takes_the_same_time_either_way_on_sqlite() {
    forgotten_password_takes_the_same_time_either_way(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn forgotten_password_takes_the_same_time_either_way_on_postgres() {
    forgotten_password_takes_the_same_time_either_way(Backend::Postgres).await;
}

/// Posts the sign-up form of the last booking step for `email`, from a client of its own.
async fn sign_up_for(server: &TestServer, email: &str, next: &str) -> Response {
    server
        .client()
        .post(server.url("/c/north/sign-up"))
        .form(&[
            ("name", "Sam Runner"),
            ("email", email),
            ("password", "another long passphrase"),
            ("time_zone", "Europe/London"),
            ("next", next),
        ])
        .send()
        .await
        .unwrap()
}

/// The sign-up link mailed to `email`, if one was.
async fn sign_up_link(server: &TestServer, email: &str) -> Option<String> {
    server
        .store()
        .mail_to(email, 5)
        .await
        .unwrap()
        .iter()
        .find_map(|mail| {
            mail.body
                .lines()
                .find(|line| line.contains("/sign-up/"))
                .map(|line| line.trim().to_string())
        })
}

async fn sign_up_answers_alike_and_the_link_books(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let world = fixture(&server, "north").await;
    let start = london(&server, 2, 10, 0);
    let next = format!(
        "/c/north/book/{}/confirm?start={}&clinician={}",
        world.video.id,
        start.to_string().replace(':', "%3A"),
        world.physio.id
    );
    let taken = answer_of(sign_up_for(&server, &world.patient.email, &next).await).await;
    let fresh = answer_of(sign_up_for(&server, "sam@runner.test", &next).await).await;
    assert_eq!(taken.status, 200);
    assert!(taken.body.contains("Check your email"), "{}", taken.body);
    assert_eq!(
        taken, fresh,
        "an address with an account and a new one get the same answer"
    );

    // The owner of the address is warned, and nothing about their account changes.
    let warning = server
        .store()
        .mail_to(&world.patient.email, 5)
        .await
        .unwrap();
    assert_eq!(warning.len(), 1, "the owner gets one mail");
    assert!(
        warning[0]
            .body
            .contains("Someone tried to create a Tendo account")
    );
    assert!(!warning[0].body.contains("/sign-up/"), "and no link");
    assert_eq!(
        server
            .store()
            .credentials(&world.patient.email)
            .await
            .unwrap()
            .user,
        world.patient
    );
    server.sign_in(&world.patient.email).await;

    // The new address has no account until its link is opened.
    assert!(server.store().credentials("sam@runner.test").await.is_err());
    let link = sign_up_link(&server, "sam@runner.test")
        .await
        .expect("the new address is sent a link");
    let browser = server.client();
    let page = browser.get(&link).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains("Finish and continue") && page.contains("Initial video assessment"));
    assert!(
        server.store().credentials("sam@runner.test").await.is_err(),
        "opening the link alone makes nothing"
    );
    let finished = browser.post(&link).send().await.unwrap();
    assert_eq!(finished.status(), 303);
    let target = finished.headers()["location"].to_str().unwrap().to_string();
    assert!(target.starts_with("/appointments/"), "{target}");
    let shown = browser.get(server.url(&target)).send().await.unwrap();
    assert_eq!(shown.status(), 200, "the person is signed in");
    assert!(
        shown
            .text()
            .await
            .unwrap()
            .contains("Person physio@north.test")
    );
    let sam = server
        .store()
        .credentials("sam@runner.test")
        .await
        .unwrap()
        .user;
    assert_eq!((sam.role, sam.clinic_id), (Role::Patient, world.clinic.id));
    let booked = server
        .store()
        .patient_appointments(world.clinic.id, sam.id)
        .await
        .unwrap();
    assert_eq!(booked.len(), 1, "the booking is made");
    assert_eq!(booked[0].start, start);
    let again = server.client().post(&link).send().await.unwrap();
    assert_eq!(again.status(), 410, "the link works once");
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_up_answers_alike_and_the_link_books_on_sqlite() {
    sign_up_answers_alike_and_the_link_books(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_up_answers_alike_and_the_link_books_on_postgres() {
    sign_up_answers_alike_and_the_link_books(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sign_up_link_whose_time_was_taken_offers_to_choose_again() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let start = london(&server, 2, 10, 0);
    let next = format!(
        "/c/north/book/{}/confirm?start={}&clinician={}",
        world.video.id,
        start.to_string().replace(':', "%3A"),
        world.physio.id
    );
    assert_eq!(
        sign_up_for(&server, "sam@runner.test", &next)
            .await
            .status(),
        200
    );
    let patient = server.session_for(&world.patient).await;
    let booked = patient
        .post_form(
            &format!("/c/north/book/{}", world.video.id),
            &[
                ("start", &start.to_string()),
                ("clinician", &world.physio.id.to_string()),
            ],
        )
        .await;
    assert_eq!(booked.status(), 303, "someone else books the time first");
    let link = sign_up_link(&server, "sam@runner.test").await.unwrap();
    let browser = server.client();
    let finished = browser.post(&link).send().await.unwrap();
    assert_eq!(finished.status(), 303);
    let target = finished.headers()["location"].to_str().unwrap().to_string();
    assert!(
        target.starts_with(&format!("/c/north/book/{}", world.video.id)),
        "back to the times: {target}"
    );
    let times = browser
        .get(server.url(&target))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(times.contains("the time was not booked"), "{times}");
    let sam = server
        .store()
        .credentials("sam@runner.test")
        .await
        .unwrap()
        .user;
    assert!(
        server
            .store()
            .patient_appointments(world.clinic.id, sam.id)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn an_invitation_across_clinics_answers_as_for_a_new_address(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    let north = server.clinic("north").await;
    let south = server.clinic("south").await;
    server.user(&north, "pat@north.test", Role::Patient).await;
    let admin = server.user(&south, "admin@south.test", Role::Admin).await;
    server.user(&south, "sid@south.test", Role::Patient).await;
    let desk = server.session_for(&admin).await;
    let invite = |email: &str| json!({"email": email, "name": "Pat Runner", "role": "patient"});
    let fresh = desk
        .send_json(
            Method::POST,
            "/api/v1/invitations",
            &invite("new@runner.test"),
        )
        .await;
    let elsewhere = desk
        .send_json(
            Method::POST,
            "/api/v1/invitations",
            &invite("pat@north.test"),
        )
        .await;
    assert_eq!(fresh.status(), 201);
    assert_eq!(elsewhere.status(), 201, "answered as for a new address");
    let headers = |response: &Response| {
        let mut names: Vec<String> = response
            .headers()
            .keys()
            .map(|name| name.to_string())
            .filter(|name| name != "date")
            .collect();
        names.sort();
        names
    };
    assert_eq!(headers(&fresh), headers(&elsewhere));
    let fresh: Value = fresh.json().await.unwrap();
    let elsewhere: Value = elsewhere.json().await.unwrap();
    let keys = |value: &Value| {
        let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(keys(&fresh), keys(&elsewhere));
    assert_eq!(elsewhere["email"], "pat@north.test");
    // The link looks like any other but accepts nothing; the address's owner is told instead.
    let link = elsewhere["link"].as_str().unwrap();
    assert_eq!(link.len(), fresh["link"].as_str().unwrap().len());
    let opened = server.client().get(link).send().await.unwrap();
    assert_eq!(opened.status(), 410, "the link accepts nothing");
    let mail = server.store().mail_to("pat@north.test", 5).await.unwrap();
    assert_eq!(mail.len(), 1);
    assert!(mail[0].body.contains("already has a Tendo account"));
    assert!(!mail[0].body.contains(link));

    // Someone of the caller's own clinic is named plainly, as a conflict with who exists.
    let own = desk
        .send_json(
            Method::POST,
            "/api/v1/invitations",
            &invite("sid@south.test"),
        )
        .await;
    assert_eq!(own.status(), 409);
    let own: Value = own.json().await.unwrap();
    assert!(
        own.to_string()
            .contains("already has an account in this clinic"),
        "{own}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_invitation_across_clinics_answers_as_for_a_new_address_on_sqlite() {
    an_invitation_across_clinics_answers_as_for_a_new_address(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_invitation_across_clinics_answers_as_for_a_new_address_on_postgres() {
    an_invitation_across_clinics_answers_as_for_a_new_address(Backend::Postgres).await;
}
