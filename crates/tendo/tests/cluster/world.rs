//! A clinic written into the cluster's database before the servers start: a physiotherapist
//! who works all day, patients, and a video appointment whose room is open now.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use tendo_app::access::{Caller, Credential, RequestMeta};
use tendo_app::accounts::{self, NewClinicForm, NewUserForm};
use tendo_app::booking::diary::{self, BookRequest};
use tendo_app::booking::hours::{self, HoursForm};
use tendo_app::booking::setup::{self, TypeForm};
use tendo_app::clock::ShiftedClock;
use tendo_app::secrets::{random_token, token_hash};
use tendo_app::{App, Settings};
use tendo_store::accounts::{AccountStore, Clinic, NewSession, Profession, Role, User};
use tendo_store::audit::AuditEntry;
use tendo_store::ids::AppointmentTypeId;
use tendo_store_sql::PostgresStore;

/// The password of every person made here.
pub const PASSWORD: &str = "a-long-test-password-1";

/// A session made in the database: the cookie value and its CSRF token.
#[derive(Clone, Debug)]
pub struct Tokens {
    /// The `tendo_session` cookie value.
    pub session: String,
    /// The session's CSRF token.
    pub csrf: String,
}

/// What the cluster's tests use.
#[derive(Clone)]
pub struct World {
    /// The clinic.
    pub clinic: Clinic,
    /// The physiotherapist.
    pub physio: User,
    /// Sessions of several patients, for bookings that compete.
    pub bookers: Vec<Tokens>,
    /// The physiotherapist's session.
    pub physio_session: Tokens,
    /// The session of the patient who also signs in with a password.
    pub patient_session: Tokens,
    /// The video type's id.
    pub video_type: AppointmentTypeId,
    /// `/appointments/{id}/video/signal` of the appointment open now.
    pub signal_path: String,
}

fn caller(user: &User) -> Caller {
    Caller {
        user: user.clone(),
        credential: Credential::Session,
        meta: RequestMeta::default(),
    }
}

async fn person(app: &App, clinic: &Clinic, email: &str, role: Role) -> User {
    accounts::create_user(
        app,
        clinic,
        &NewUserForm {
            email: email.into(),
            name: format!("Person {email}"),
            role,
            profession: (role == Role::Clinician).then_some(Profession::Physiotherapist),
            time_zone: "Europe/London".into(),
            password: PASSWORD.into(),
        },
    )
    .await
    .unwrap()
}

async fn session(store: &PostgresStore, user: &User) -> Tokens {
    let tokens = Tokens {
        session: random_token(),
        csrf: random_token(),
    };
    let now = Timestamp::now();
    store
        .create_session(
            &NewSession {
                token_hash: token_hash(&tokens.session),
                user_id: user.id,
                csrf_token: tokens.csrf.clone(),
                created_at: now,
                expires_at: now + SignedDuration::from_hours(24),
                ip: None,
                user_agent: None,
            },
            &AuditEntry::new("session.start", "test"),
        )
        .await
        .unwrap();
    tokens
}

/// Writes the clinic into the database at `url` (migrating it first).
pub async fn build(url: &str, bookers: usize) -> World {
    let store = Arc::new(PostgresStore::connect(url).await.unwrap());
    let clock = Arc::new(ShiftedClock::default());
    // Booked two days back, so that an appointment starting about now was ahead then.
    clock.advance(SignedDuration::from_hours(-48));
    let app = App::with_clock(store.clone(), Settings::default(), clock);
    let clinic = accounts::create_clinic(
        &app,
        &NewClinicForm {
            name: "Cluster Clinic".into(),
            slug: "cluster".into(),
            time_zone: "Europe/London".into(),
            currency: "GBP".into(),
        },
    )
    .await
    .unwrap();
    let admin = person(&app, &clinic, "admin@cluster.test", Role::Admin).await;
    let physio = person(&app, &clinic, "physio@cluster.test", Role::Clinician).await;
    let patient = person(&app, &clinic, "patient@cluster.test", Role::Patient).await;
    let boss = caller(&admin);
    hours::set_hours(
        &app,
        &boss,
        physio.id,
        &HoursForm {
            days: HoursForm::same_on(&[0, 1, 2, 3, 4, 5, 6], "00:00", "23:45"),
            min_notice_hours: Some(0),
            horizon_days: Some(30),
            ..HoursForm::default()
        },
    )
    .await
    .unwrap();
    let video = setup::save_type(
        &app,
        &boss,
        None,
        &TypeForm {
            kind: Some(tendo_app::model::booking::AppointmentKind::VideoAssessment),
            name: "Video assessment".into(),
            description: "An assessment by video.".into(),
            duration_minutes: Some(45),
            price: "40".into(),
            currency: "GBP".into(),
            buffer_before_minutes: Some(0),
            buffer_after_minutes: Some(0),
            profession: "physiotherapist".into(),
            active: true,
            ..TypeForm::default()
        },
    )
    .await
    .unwrap();
    let now = Timestamp::now();
    let quarter = now.as_second() - now.as_second().rem_euclid(900);
    let mut booked = None;
    for quarters in [0_i64, -1, -2, 1] {
        let start = Timestamp::from_second(quarter + quarters * 900).unwrap();
        let open = now >= start - SignedDuration::from_mins(10)
            && now + SignedDuration::from_mins(10) < start + SignedDuration::from_mins(45);
        if !open {
            continue;
        }
        let request = BookRequest {
            type_id: video.id,
            start,
            clinician: Some(physio.id),
            patient: None,
            key: None,
        };
        if let Ok(view) = diary::book(&app, &caller(&patient), clinic.clone(), &request).await {
            booked = Some(view);
            break;
        }
    }
    let booked = booked.expect("a video appointment open now is booked");
    let mut booker_sessions = Vec::new();
    for number in 0..bookers {
        let user = person(
            &app,
            &clinic,
            &format!("booker{number}@cluster.test"),
            Role::Patient,
        )
        .await;
        booker_sessions.push(session(&store, &user).await);
    }
    let world = World {
        physio_session: session(&store, &physio).await,
        patient_session: session(&store, &patient).await,
        clinic,
        physio,
        bookers: booker_sessions,
        video_type: video.id,
        signal_path: format!("/appointments/{}/video/signal", booked.appointment.id),
    };
    store.close().await;
    world
}
