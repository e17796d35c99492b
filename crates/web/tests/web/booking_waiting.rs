//! The waiting list through its real surfaces: the times page and its join form, the API, the
//! offer mailed through the real SMTP server when a time frees up, and its one-time link.

use std::net::TcpListener;
use std::time::Duration;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use reqwest::Method;
use serde_json::{Value, json};
use tendo_app::booking::hours::{self, HoursForm};
use tendo_app::booking::waiting::offers::OFFER_LIFETIME;
use tendo_app::mailer::{Mailer, MailerConfig};
use tendo_store::accounts::{Profession, Role, User};

use crate::booking_mail::SmtpServer;
use crate::booking_support::{Fixture, caller, fixture, london, minutes, person};
use crate::harness::{Session, TestServer};

/// The date of a moment in London.
fn london_date(at: Timestamp) -> Date {
    at.to_zoned(TimeZone::get("Europe/London").unwrap()).date()
}

/// The physiotherapist works only 10:00–11:00 on the weekday of `day`: one video assessment
/// fits, at 10:00.
async fn one_video_time_on(server: &TestServer, world: &Fixture, day: Date) {
    let weekday = usize::from(day.weekday().to_monday_zero_offset().unsigned_abs());
    hours::set_hours(
        &server.app,
        &caller(&world.admin),
        world.physio.id,
        &HoursForm {
            days: HoursForm::same_on(&[weekday], "10:00", "11:00"),
            min_notice_hours: Some(1),
            horizon_days: Some(60),
            ..HoursForm::default()
        },
    )
    .await
    .unwrap();
}

async fn londoner(server: &TestServer, world: &Fixture, email: &str) -> User {
    person(
        server,
        &world.clinic,
        email,
        Role::Patient,
        None::<Profession>,
        "Europe/London",
    )
    .await
}

async fn book(session: &Session, world: &Fixture, start: Timestamp) -> String {
    let booked = session
        .send_json(
            Method::POST,
            "/api/v1/appointments",
            &json!({"type": world.video.id.to_string(), "start": start.to_string()}),
        )
        .await;
    assert_eq!(booked.status(), 201, "{}", booked.text().await.unwrap());
    booked.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn cancel(session: &Session, appointment: &str) {
    let cancelled = session
        .send_json(
            Method::POST,
            &format!("/api/v1/appointments/{appointment}/cancel"),
            &json!({}),
        )
        .await;
    assert_eq!(
        cancelled.status(),
        200,
        "{}",
        cancelled.text().await.unwrap()
    );
}

async fn join_api(session: &Session, world: &Fixture, from: Date, to: Date) -> reqwest::Response {
    session
        .send_json(
            Method::POST,
            "/api/v1/waiting-list",
            &json!({"type": world.video.id.to_string(), "from": from.to_string(), "to": to.to_string()}),
        )
        .await
}

async fn entries(session: &Session) -> Vec<Value> {
    let listed = session.get("/api/v1/waiting-list").await;
    assert_eq!(listed.status(), 200);
    listed.json::<Vec<Value>>().await.unwrap()
}

/// The offer link in a mail as delivered (quoted-printable soft breaks joined) or as queued.
fn offer_path(message: &str) -> Option<String> {
    let joined = message.replace("=\r\n", "").replace("=\n", "");
    let at = joined.find("/waiting-list/offers/")?;
    let token: String = joined[at + "/waiting-list/offers/".len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    Some(format!("/waiting-list/offers/{token}"))
}

/// The offers queued for `email`, newest first.
async fn queued_offers(server: &TestServer, email: &str) -> Vec<String> {
    server
        .store()
        .mail_to(email, 20)
        .await
        .unwrap()
        .into_iter()
        .filter(|mail| mail.subject.starts_with("A time is free"))
        .filter_map(|mail| offer_path(&mail.body))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cancelled_time_is_offered_by_mail_to_the_waiting_patient_who_books_it_once() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let start = london(&server, 5, 10, 0);
    let day = london_date(start);
    one_video_time_on(&server, &world, day).await;
    let ann = server.session_for(&world.patient).await;
    let bea_user = londoner(&server, &world, "bea@north.test").await;
    let bea = server.session_for(&bea_user).await;

    // Ann books the only time of that week; Bea finds nothing and joins the waiting list.
    let anns = book(&ann, &world, start).await;
    let times_path = format!("/c/north/book/{}?from={day}", world.video.id);
    let times = bea.get(&times_path).await.text().await.unwrap();
    assert!(times.contains("No free times this week"), "{times}");
    let join_path = format!("/c/north/book/{}/waiting-list?clinician=", world.video.id);
    assert!(times.contains(&join_path.replace('&', "&amp;")), "{times}");
    let form = bea.get(&join_path).await;
    assert_eq!(form.status(), 200);
    assert!(form.text().await.unwrap().contains("Join the waiting list"));
    let joined = bea
        .post_form(
            &format!("/c/north/book/{}/waiting-list", world.video.id),
            &[
                ("clinician", ""),
                ("from", &day.to_string()),
                ("to", &day.to_string()),
            ],
        )
        .await;
    assert_eq!(joined.status(), 303);
    let listed = bea.get("/appointments").await.text().await.unwrap();
    assert!(listed.contains("On the waiting list"), "{listed}");
    assert!(listed.contains("Initial video assessment with anyone free"));

    // Ann cancels: Bea's offer goes out through the real SMTP server.
    cancel(&ann, &anns).await;
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let smtp = SmtpServer::start(port);
    let mailer = Mailer::new(&MailerConfig {
        smtp_url: format!("smtp://127.0.0.1:{port}"),
        from: "North clinic <no-reply@north.test>".into(),
        poll: Duration::from_secs(1),
    })
    .unwrap();
    assert!(mailer.send_due(&server.app, server.app.now()).await >= 1);
    let delivered = smtp.messages();
    let offer_mail = delivered
        .iter()
        .find(|m| m.contains("To: bea@north.test") && m.contains("Subject: A time is free"))
        .unwrap_or_else(|| panic!("no offer to Bea among {delivered:?}"));
    let link = offer_path(offer_mail).unwrap();
    assert!(
        !delivered
            .iter()
            .any(|m| m.contains("To: pat@north.test") && m.contains("A time is free")),
        "Ann, who cancelled, is not on the list"
    );

    // The link shows the time; pressing its button books it for Bea, once.
    let visitor = server.client();
    let page = visitor.get(server.url(&link)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains("Book this time"));
    assert!(page.contains("10:00"), "{page}");
    let booked = visitor.post(server.url(&link)).send().await.unwrap();
    assert_eq!(booked.status(), 200);
    assert!(booked.text().await.unwrap().contains("Booked"));
    let beas: Vec<Value> = bea.get("/api/v1/appointments").await.json().await.unwrap();
    assert!(
        beas.iter()
            .any(|a| a["start"] == start.to_string() && a["status"] == "booked"),
        "{beas:?}"
    );
    assert!(entries(&bea).await.is_empty(), "she is off the list");

    let again = visitor.post(server.url(&link)).send().await.unwrap();
    assert_eq!(again.status(), 410);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("expired or was already used")
    );
    assert_eq!(
        visitor
            .get(server.url(&link))
            .send()
            .await
            .unwrap()
            .status(),
        410
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_offer_is_refused_and_the_patient_keeps_their_place() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let start = london(&server, 5, 10, 0);
    let day = london_date(start);
    one_video_time_on(&server, &world, day).await;
    let ann = server.session_for(&world.patient).await;
    let bea_user = londoner(&server, &world, "bea@north.test").await;
    let bea = server.session_for(&bea_user).await;
    let anns = book(&ann, &world, start).await;
    assert_eq!(join_api(&bea, &world, day, day).await.status(), 201);
    cancel(&ann, &anns).await;
    let link = queued_offers(&server, "bea@north.test")
        .await
        .into_iter()
        .next()
        .expect("Bea is offered the freed time");

    server.advance(OFFER_LIFETIME + minutes(1));
    let visitor = server.client();
    let page = visitor.get(server.url(&link)).send().await.unwrap();
    assert_eq!(page.status(), 410);
    assert!(page.text().await.unwrap().contains("expired"));
    assert_eq!(
        visitor
            .post(server.url(&link))
            .send()
            .await
            .unwrap()
            .status(),
        410
    );
    let beas: Vec<Value> = bea.get("/api/v1/appointments").await.json().await.unwrap();
    assert!(beas.is_empty(), "nothing was booked: {beas:?}");
    assert_eq!(entries(&bea).await.len(), 1, "she is still waiting");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_freed_time_goes_to_the_first_on_the_list_and_the_later_one_keeps_waiting() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let start = london(&server, 5, 10, 0);
    let day = london_date(start);
    one_video_time_on(&server, &world, day).await;
    let ann = server.session_for(&world.patient).await;
    let mut waiting = Vec::new();
    for name in ["bea", "cal", "dev", "eli"] {
        let user = londoner(&server, &world, &format!("{name}@north.test")).await;
        waiting.push((user.email.clone(), server.session_for(&user).await));
    }
    let anns = book(&ann, &world, start).await;
    for (_, session) in &waiting {
        assert_eq!(join_api(session, &world, day, day).await.status(), 201);
        // Joining order is kept to the microsecond; a moment apart makes it plain.
        server.advance(SignedDuration::from_secs(1));
    }
    cancel(&ann, &anns).await;

    // The first three in joining order are offered the time; the fourth waits.
    let mut links = Vec::new();
    for (email, _) in &waiting {
        links.push(queued_offers(&server, email).await);
    }
    assert_eq!(links[0].len(), 1);
    assert_eq!(links[1].len(), 1);
    assert_eq!(links[2].len(), 1);
    assert!(links[3].is_empty(), "at most three offers at once");

    // The second to press the button finds it taken and keeps their place.
    let visitor = server.client();
    let first = visitor.post(server.url(&links[1][0])).send().await.unwrap();
    assert_eq!(first.status(), 200);
    let second = visitor.post(server.url(&links[0][0])).send().await.unwrap();
    assert_eq!(second.status(), 409);
    let text = second.text().await.unwrap();
    assert!(
        text.contains("Someone else booked that time first"),
        "{text}"
    );
    assert!(text.contains("still on the waiting list"));
    assert_eq!(entries(&waiting[0].1).await.len(), 1);
    assert!(entries(&waiting[1].1).await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn patients_join_list_and_leave_the_waiting_list_through_the_api() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let patient = server.session_for(&world.patient).await;
    let other = server.session_for(&world.other).await;
    let today = london_date(server.app.now());
    let from = today.tomorrow().unwrap();
    let to = from.checked_add(jiff::Span::new().days(13)).unwrap();

    let first = join_api(&patient, &world, from, to).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["from"], from.to_string());
    assert_eq!(first["type_name"], "Initial video assessment");
    assert!(first["clinician_id"].is_null());

    // The same wish again answers the same entry.
    let again = join_api(&patient, &world, from, to).await;
    assert_eq!(again.status(), 200);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["id"], first["id"]);
    let listed = entries(&patient).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], first["id"]);

    // Someone else's entry is not found and stays; staff have no list.
    let path = format!("/api/v1/waiting-list/{}", first["id"].as_str().unwrap());
    assert!(entries(&other).await.is_empty());
    assert_eq!(
        other
            .send_json(Method::DELETE, &path, &json!({}))
            .await
            .status(),
        404
    );
    let physio = server.session_for(&world.physio).await;
    assert_eq!(join_api(&physio, &world, from, to).await.status(), 403);
    assert_eq!(entries(&patient).await.len(), 1);

    // Dates in the past or a range over 60 days are refused, naming the field.
    let past = join_api(&patient, &world, today.yesterday().unwrap(), to).await;
    assert_eq!(past.status(), 422);
    assert!(past.text().await.unwrap().contains("\"from\""));
    let long = join_api(
        &patient,
        &world,
        from,
        from.checked_add(jiff::Span::new().days(60)).unwrap(),
    )
    .await;
    assert_eq!(long.status(), 422);
    assert!(long.text().await.unwrap().contains("\"to\""));

    // Leaving.
    assert_eq!(
        patient
            .send_json(Method::DELETE, &path, &json!({}))
            .await
            .status(),
        204
    );
    assert!(entries(&patient).await.is_empty());
    assert_eq!(
        patient
            .send_json(Method::DELETE, &path, &json!({}))
            .await
            .status(),
        404
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn extra_hours_a_clinician_opens_are_offered_to_those_waiting_for_that_date() {
    let server = TestServer::start().await;
    let world = fixture(&server, "north").await;
    let start = london(&server, 5, 10, 0);
    let day = london_date(start);
    let next_day = day.tomorrow().unwrap();
    one_video_time_on(&server, &world, day).await;
    let ann = server.session_for(&world.patient).await;
    book(&ann, &world, start).await;
    let bea_user = londoner(&server, &world, "bea@north.test").await;
    let bea = server.session_for(&bea_user).await;
    let cal_user = londoner(&server, &world, "cal@north.test").await;
    let cal = server.session_for(&cal_user).await;
    assert_eq!(
        join_api(&bea, &world, next_day, next_day).await.status(),
        201
    );
    assert_eq!(join_api(&cal, &world, day, day).await.status(), 201);
    assert!(queued_offers(&server, "bea@north.test").await.is_empty());

    // The physiotherapist opens 14:00–15:00 the day after: Bea, waiting for that date, is
    // offered 14:00; Cal, waiting for the full day before, is not.
    let physio = server.session_for(&world.physio).await;
    let opened = physio
        .send_json(
            Method::POST,
            "/api/v1/availability/exceptions",
            &json!({"date": next_day.to_string(), "hours": {"from": "14:00", "until": "15:00"}, "kind": "extra"}),
        )
        .await;
    assert!(
        opened.status().is_success(),
        "{}",
        opened.text().await.unwrap()
    );
    let offers = server
        .store()
        .mail_to("bea@north.test", 10)
        .await
        .unwrap()
        .into_iter()
        .filter(|mail| mail.subject.starts_with("A time is free"))
        .collect::<Vec<_>>();
    assert_eq!(offers.len(), 1);
    assert!(offers[0].subject.contains("14:00"), "{}", offers[0].subject);
    assert!(queued_offers(&server, "cal@north.test").await.is_empty());
}
