//! Training reminders end to end: a patient in New York chooses days and times, the clock runs
//! through a week across the spring clock change while two app servers run the reminder job
//! (each twice a step), the mail goes through the real SMTP server of the suite, and the
//! one-click unsubscribe link in the mail's header stops that kind of reminder.

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use jiff::civil::{Date, DateTime, Time, date};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use reqwest::{Client, Method};
use serde_json::{Value, json};
use tendo_app::accounts::{self, NewUserForm};
use tendo_app::mailer::{Mailer, MailerConfig};
use tendo_app::patient::reminders::job::run_due;
use tendo_app::secrets::{random_token, token_hash};
use tendo_app::{App, Settings};
use tendo_store::accounts::{NewSession, Role, User};
use tendo_store::audit::AuditEntry;

use crate::booking_mail::SmtpServer;
use crate::clinic_support::log_session;
use crate::harness::{Backend, PASSWORD, Session, TestServer};
use crate::patient_support::{Patient, intake};

const ZONE: &str = "America/New_York";

fn new_york() -> TimeZone {
    TimeZone::get(ZONE).unwrap()
}

fn at(day: Date, hour: i8, minute: i8) -> Timestamp {
    day.at(hour, minute, 0, 0)
        .to_zoned(new_york())
        .unwrap()
        .timestamp()
}

fn local(moment: Timestamp) -> DateTime {
    moment.to_zoned(new_york()).datetime()
}

/// A session made in the store at the server's clock (which the test has moved on).
async fn session_at(server: &TestServer, user: &User) -> Session {
    let token = random_token();
    let csrf = random_token();
    let now = server.app.now();
    server
        .store()
        .create_session(
            &NewSession {
                token_hash: token_hash(&token),
                user_id: user.id,
                csrf_token: csrf.clone(),
                created_at: now,
                expires_at: now + SignedDuration::from_hours(24 * 60),
                ip: None,
                user_agent: None,
            },
            &AuditEntry::new("session.start", "test"),
        )
        .await
        .unwrap();
    let jar = Arc::new(reqwest::cookie::Jar::default());
    jar.add_cookie_str(
        &format!("tendo_session={token}; Path=/"),
        &server.base.parse().unwrap(),
    );
    Session {
        client: Client::builder()
            .cookie_provider(jar)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        base: server.base.clone(),
        csrf,
    }
}

/// A patient of a London clinic who lives in New York, with a plan.
async fn new_yorker(server: &TestServer, slug: &str) -> Patient {
    let clinic = server.clinic(slug).await;
    let user = accounts::create_user(
        &server.app,
        &clinic,
        &NewUserForm {
            email: format!("runner@{slug}.test"),
            name: "Robin Runner".into(),
            role: Role::Patient,
            profession: None,
            time_zone: ZONE.into(),
            password: PASSWORD.into(),
        },
    )
    .await
    .unwrap();
    let session = session_at(server, &user).await;
    let patient = Patient {
        clinic,
        user,
        session,
    };
    intake(&patient, "Achilles tendinopathy", &[]).await;
    patient
}

async fn put_reminders(patient: &Patient, body: &Value) -> (u16, Value) {
    let response = patient
        .session
        .send_json(
            Method::PUT,
            &format!("/api/v1/patients/{}/reminders", patient.user.id),
            body,
        )
        .await;
    (
        response.status().as_u16(),
        response.json().await.unwrap_or(Value::Null),
    )
}

/// The header `name` of a raw message, unfolded.
fn header(message: &str, name: &str) -> Option<String> {
    let head = message.split("\r\n\r\n").next().unwrap_or(message);
    let head = head.split("\n\n").next().unwrap_or(head);
    let unfolded = head.replace("\r\n ", " ").replace("\n ", " ");
    unfolded.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name)
            .then(|| value.trim().to_string())
    })
}

fn kind_of(subject: &str) -> &'static str {
    match subject {
        "Today is one of your training days" => "training",
        "No session was logged yesterday" => "missed_session",
        "Your morning check" => "morning_check",
        other => panic!("not a reminder: {other}"),
    }
}

async fn a_week_of_reminders_in_new_york(backend: Backend) {
    let server = TestServer::start_on(backend).await;
    // Monday 8 March 2027, midnight in New York; the clocks go forward on Sunday the 14th.
    let start = at(date(2027, 3, 8), 0, 0);
    server.advance(start.duration_since(server.app.now()));
    let second_app = match backend {
        Backend::Postgres => None,
        Backend::Sqlite => Some(App::with_clock(
            server.store_handle(),
            Settings {
                base_url: server.base.clone(),
                ..Settings::default()
            },
            server.clock.clone(),
        )),
    };
    let beside = match backend {
        Backend::Postgres => Some(server.start_beside().await),
        Backend::Sqlite => None,
    };
    let other = second_app
        .as_ref()
        .or(beside.as_ref().map(|server| &server.app))
        .unwrap()
        .clone();
    let patient = new_yorker(&server, "north").await;
    let (status, saved) = put_reminders(
        &patient,
        &json!({"days": ["monday", "wednesday", "sunday"], "time": "18:30",
                "morning_time": "07:15", "training": true, "missed_session": true,
                "morning_check": true}),
    )
    .await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["time_zone"], ZONE);

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

    let step = SignedDuration::from_mins(5);
    let end = at(date(2027, 3, 16), 9, 0);
    let mut logged_monday = false;
    let mut checked_in = false;
    let mut unsubscribed = false;
    while server.app.now() < end {
        server.advance(step);
        let now = server.app.now();
        // Two servers, each running the job twice: still one reminder per kind and day.
        tokio::join!(run_due(&server.app), run_due(&other));
        tokio::join!(run_due(&other), run_due(&server.app));
        mailer.send_due(&server.app, now).await;
        if !logged_monday && now >= at(date(2027, 3, 8), 20, 0) {
            log_session(&patient, 2, 1).await;
            logged_monday = true;
        }
        if !checked_in && now >= at(date(2027, 3, 9), 9, 0) {
            let response = patient
                .session
                .send_json(
                    Method::POST,
                    &format!("/api/v1/patients/{}/checkins", patient.user.id),
                    &json!({"pain": 2}),
                )
                .await;
            assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
            checked_in = true;
        }
        if !unsubscribed && now >= at(date(2027, 3, 15), 12, 0) {
            // One click from the mail's header, by a mail program: no cookie, no sign-in.
            let training = smtp
                .messages()
                .into_iter()
                .find(|message| {
                    header(message, "Subject").as_deref()
                        == Some("Today is one of your training days")
                })
                .expect("a training reminder was delivered");
            assert_eq!(
                header(&training, "List-Unsubscribe-Post").as_deref(),
                Some("List-Unsubscribe=One-Click")
            );
            let link = header(&training, "List-Unsubscribe").unwrap();
            let url = link.trim_start_matches('<').trim_end_matches('>');
            // Either server may have queued it; every server knows the shared signing secret.
            assert!(url.starts_with("http://127.0.0.1:"), "{url}");
            // Opening the link (as a mail program checking it would) changes nothing.
            let page = Client::new().get(url).send().await.unwrap();
            assert_eq!(page.status(), 200);
            let page = page.text().await.unwrap();
            assert!(page.contains("Stop these reminders"), "{page}");
            for _ in 0..2 {
                let response = Client::new()
                    .post(url)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body("List-Unsubscribe=One-Click")
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 200, "unsubscribing twice is the same");
            }
            let page = Client::new()
                .get(url)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(page.contains("are already off"), "{page}");
            unsubscribed = true;
        }
    }

    let mails = server
        .store()
        .mail_to(&patient.user.email, 100)
        .await
        .unwrap();
    let mut sent: BTreeMap<(&str, Date), Vec<DateTime>> = BTreeMap::new();
    for mail in &mails {
        let when = local(mail.created_at);
        sent.entry((kind_of(&mail.subject), when.date()))
            .or_default()
            .push(when);
    }
    let expected: Vec<(&str, Date, Time)> = vec![
        (
            "missed_session",
            date(2027, 3, 11),
            Time::constant(7, 15, 0, 0),
        ),
        (
            "missed_session",
            date(2027, 3, 15),
            Time::constant(7, 15, 0, 0),
        ),
        (
            "missed_session",
            date(2027, 3, 16),
            Time::constant(7, 15, 0, 0),
        ),
        (
            "morning_check",
            date(2027, 3, 9),
            Time::constant(7, 15, 0, 0),
        ),
        ("training", date(2027, 3, 8), Time::constant(18, 30, 0, 0)),
        ("training", date(2027, 3, 10), Time::constant(18, 30, 0, 0)),
        // The day the clocks go forward: still 18:30 on the patient's clock.
        ("training", date(2027, 3, 14), Time::constant(18, 30, 0, 0)),
    ];
    assert_eq!(
        sent.keys().copied().collect::<Vec<_>>(),
        expected
            .iter()
            .map(|(kind, day, _)| (*kind, *day))
            .collect::<Vec<_>>(),
        "reminders on the chosen days only, none the morning after a logged session, none \
         after the training reminders were stopped: {sent:?}"
    );
    for (kind, day, time) in expected {
        let times = &sent[&(kind, day)];
        assert_eq!(times.len(), 1, "one {kind} reminder on {day}: {times:?}");
        let late = times[0].time().duration_since(time);
        assert!(
            late >= SignedDuration::ZERO && late < step,
            "the {kind} reminder of {day} came at {} for {time}",
            times[0].time()
        );
    }
    let delivered = smtp.messages();
    assert_eq!(
        delivered.len(),
        mails.len(),
        "every reminder was delivered once"
    );
    assert!(delivered.iter().all(|message| {
        header(message, "List-Unsubscribe")
            .is_some_and(|link| link.contains("/reminders/unsubscribe/"))
            && header(message, "To").is_some_and(|to| to.contains(&patient.user.email))
    }));
    let missed = mails
        .iter()
        .find(|mail| {
            kind_of(&mail.subject) == "missed_session"
                && local(mail.created_at).date() == date(2027, 3, 11)
        })
        .unwrap();
    // No rule code in the words (the links are left out: a random token may hold "R-").
    let words: Vec<&str> = missed
        .body
        .lines()
        .filter(|line| !line.trim_start().starts_with("http"))
        .collect();
    assert!(
        missed.body.contains("Wednesday 10 March") && !words.iter().any(|line| line.contains("R-")),
        "plain words with the day: {}",
        missed.body
    );
    let (_, settings) = put_reminders(
        &patient,
        &json!({"training": false, "missed_session": false, "morning_check": false}),
    )
    .await;
    assert_eq!(settings["training"], false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn reminders_follow_a_week_in_new_york_across_the_clock_change_on_sqlite() {
    a_week_of_reminders_in_new_york(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn reminders_follow_a_week_in_new_york_across_the_clock_change_on_postgres() {
    a_week_of_reminders_in_new_york(Backend::Postgres).await;
}

#[tokio::test]
async fn reminder_settings_name_the_field_at_fault_and_suggest_the_plans_days() {
    let server = TestServer::start().await;
    let patient = new_yorker(&server, "south").await;

    let page = patient.session.get("/account/reminders").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("<legend>Training days</legend>"), "{html}");
    assert!(html.contains(ZONE));
    let (_, view) = put_reminders(
        &patient,
        &json!({"training": false, "missed_session": false, "morning_check": false}),
    )
    .await;
    let planned = view["plan_days_per_week"].as_u64().unwrap();
    assert!(
        view["days_advice"]
            .as_str()
            .unwrap()
            .contains(&format!("{planned} training days a week")),
        "{view}"
    );

    // The form: one day where the plan asks for more is kept, with a word about it.
    let response = patient
        .session
        .post_form(
            "/account/reminders",
            &[
                ("days", "tuesday"),
                ("training", "on"),
                ("time", "06:45"),
                ("morning_time", "07:00"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let html = patient
        .session
        .get("/account/reminders")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(&format!(
            "Your plan asks for {planned} training days a week and you chose 1"
        )),
        "{html}"
    );
    assert!(html.contains("value=\"tuesday\" checked"));
    let response = patient
        .session
        .post_form(
            "/account/reminders",
            &[("days", "tuesday"), ("training", "on"), ("time", "7pm")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("`7pm` is not a time of day"), "{html}");
    assert!(html.contains("aria-invalid=\"true\" aria-describedby=\"time-error\""));

    // The API names the field and what is allowed.
    for (body, field, words) in [
        (
            json!({"days": ["funday"], "training": true, "missed_session": false, "morning_check": false}),
            "days",
            "monday",
        ),
        (
            json!({"days": [], "training": true, "missed_session": false, "morning_check": false}),
            "days",
            "at least one training day",
        ),
        (
            json!({"days": ["monday"], "time": "25:00", "training": true, "missed_session": false, "morning_check": false}),
            "time",
            "HH:MM",
        ),
    ] {
        let (status, error) = put_reminders(&patient, &body).await;
        assert_eq!(status, 422, "{error}");
        let fields = error["error"]["fields"].to_string();
        assert!(
            fields.contains(field) && error.to_string().contains(words),
            "{error}"
        );
    }
}

#[tokio::test]
async fn a_forged_reminder_unsubscribe_link_is_refused() {
    let server = TestServer::start().await;
    let patient = new_yorker(&server, "east").await;
    let (status, _) = put_reminders(&patient, &json!({"days": ["monday"], "training": true, "missed_session": false, "morning_check": false})).await;
    assert_eq!(status, 200);
    let forged = format!(
        "{}/reminders/unsubscribe/{}.training.{}",
        server.base,
        patient.user.id,
        "A".repeat(43)
    );
    let client = Client::new();
    assert_eq!(client.get(&forged).send().await.unwrap().status(), 404);
    assert_eq!(client.post(&forged).send().await.unwrap().status(), 404);
    let (_, view) = put_reminders(&patient, &json!({"days": ["monday"], "training": true, "missed_session": false, "morning_check": false})).await;
    assert_eq!(view["training"], true, "a forged link changes nothing");
}
