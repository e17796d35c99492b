//! A clinic ready for booking: an administrator, a physiotherapist and a massage therapist
//! working 08:00–20:00 London time every day, a video assessment, a sports massage that needs a
//! table, one table, and two patients.

use jiff::civil::Time;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use reqwest::Method;
use serde_json::{Value, json};
use tendo_app::access::{Caller, Credential, RequestMeta};
use tendo_app::accounts::{self, NewUserForm};
use tendo_app::booking::hours::{self, HoursForm};
use tendo_app::booking::setup::{self, TypeForm};
use tendo_store::accounts::{Clinic, Profession, Role, User};
use tendo_store::booking::{AppointmentKind, AppointmentType};

use crate::harness::{PASSWORD, Session, TestServer};
use crate::patient_support::{Patient, in_care_of};

pub struct Fixture {
    pub clinic: Clinic,
    pub admin: User,
    pub physio: User,
    pub therapist: User,
    pub patient: User,
    pub other: User,
    pub video: AppointmentType,
    pub massage: AppointmentType,
}

pub fn caller(user: &User) -> Caller {
    Caller {
        user: user.clone(),
        credential: Credential::Session,
        meta: RequestMeta::default(),
    }
}

pub async fn person(
    server: &TestServer,
    clinic: &Clinic,
    email: &str,
    role: Role,
    profession: Option<Profession>,
    zone: &str,
) -> User {
    accounts::create_user(
        &server.app,
        clinic,
        &NewUserForm {
            email: email.into(),
            name: format!("Person {email}"),
            role,
            profession,
            time_zone: zone.into(),
            password: PASSWORD.into(),
        },
    )
    .await
    .unwrap()
}

pub async fn fixture(server: &TestServer, slug: &str) -> Fixture {
    let clinic = server.clinic(slug).await;
    let admin = person(
        server,
        &clinic,
        &format!("admin@{slug}.test"),
        Role::Admin,
        None,
        "Europe/London",
    )
    .await;
    let physio = person(
        server,
        &clinic,
        &format!("physio@{slug}.test"),
        Role::Clinician,
        Some(Profession::Physiotherapist),
        "Europe/London",
    )
    .await;
    let therapist = person(
        server,
        &clinic,
        &format!("therapist@{slug}.test"),
        Role::Clinician,
        Some(Profession::MassageTherapist),
        "Europe/London",
    )
    .await;
    let patient = person(
        server,
        &clinic,
        &format!("pat@{slug}.test"),
        Role::Patient,
        None,
        "Europe/London",
    )
    .await;
    let other = person(
        server,
        &clinic,
        &format!("other@{slug}.test"),
        Role::Patient,
        None,
        "America/New_York",
    )
    .await;
    let app = &server.app;
    let boss = caller(&admin);
    for clinician in [&physio, &therapist] {
        hours::set_hours(
            app,
            &boss,
            clinician.id,
            &HoursForm {
                days: HoursForm::same_on(&[0, 1, 2, 3, 4, 5, 6], "08:00", "20:00"),
                min_notice_hours: Some(1),
                horizon_days: Some(60),
                ..HoursForm::default()
            },
        )
        .await
        .unwrap();
    }
    let video = setup::save_type(
        app,
        &boss,
        None,
        &TypeForm {
            kind: Some(AppointmentKind::VideoAssessment),
            name: "Initial video assessment".into(),
            description: "An assessment and a plan made for you.".into(),
            duration_minutes: Some(45),
            price: "40".into(),
            currency: "GBP".into(),
            buffer_before_minutes: Some(0),
            buffer_after_minutes: Some(15),
            profession: "physiotherapist".into(),
            active: true,
            ..TypeForm::default()
        },
    )
    .await
    .unwrap();
    let massage = setup::save_type(
        app,
        &boss,
        None,
        &TypeForm {
            kind: Some(AppointmentKind::SportsMassage),
            name: "Sports massage".into(),
            duration_minutes: Some(60),
            price: "65.00".into(),
            currency: "GBP".into(),
            buffer_before_minutes: Some(0),
            buffer_after_minutes: Some(15),
            profession: "massage-therapist".into(),
            resource: "table".into(),
            active: true,
            ..TypeForm::default()
        },
    )
    .await
    .unwrap();
    setup::add_resource(app, &boss, "Table 1", "table")
        .await
        .unwrap();
    Fixture {
        clinic,
        admin,
        physio,
        therapist,
        patient,
        other,
        video,
        massage,
    }
}

/// `user`, a patient of the fixture's clinic, put in the physiotherapist's care and signed in.
pub async fn in_care(server: &TestServer, world: &Fixture, user: &User) -> Patient {
    in_care_of(server, &world.clinic, user, &world.physio).await
}

/// `days` days from the server's today, at `hour`:`minute` London time.
pub fn london(server: &TestServer, days: i64, hour: i8, minute: i8) -> Timestamp {
    let zone = TimeZone::get("Europe/London").unwrap();
    let today = server.app.now().to_zoned(zone.clone()).date();
    today
        .checked_add(days.days())
        .unwrap()
        .to_datetime(Time::new(hour, minute, 0, 0).unwrap())
        .to_zoned(zone)
        .unwrap()
        .timestamp()
}

/// Asks to book the fixture's video assessment with the physiotherapist at `start` through the
/// API, signed in as `patient`.
pub async fn ask_video(patient: &Session, world: &Fixture, start: Timestamp) -> reqwest::Response {
    patient
        .send_json(
            Method::POST,
            "/api/v1/appointments",
            &json!({"type": world.video.id.to_string(), "start": start.to_string(),
                "clinician": world.physio.id.to_string()}),
        )
        .await
}

/// Books the fixture's video assessment with the physiotherapist at `start` for `patient`
/// through the API; the new appointment's id.
pub async fn book_video(patient: &Patient, world: &Fixture, start: Timestamp) -> String {
    let response = ask_video(&patient.session, world, start).await;
    assert_eq!(response.status().as_u16(), 201);
    let booked: Value = response.json().await.unwrap();
    booked["id"].as_str().unwrap().to_string()
}

pub fn minutes(count: i64) -> SignedDuration {
    SignedDuration::from_mins(count)
}

/// A `multipart/form-data` body with one file field: the content type and the body.
pub fn multipart(name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "tendo-test-boundary";
    let mut body = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"photo\"\r\nContent-Type: application/octet-stream\r\n\r\n").into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A real 16 × 16 PNG, written by the `image` crate.
pub fn small_png() -> Vec<u8> {
    let picture = image::RgbImage::from_fn(16, 16, |x, y| {
        image::Rgb([(x * 16) as u8, (y * 16) as u8, 128])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    picture
        .write_to(&mut bytes, image::ImageFormat::Png)
        .expect("a PNG is written");
    bytes.into_inner()
}
