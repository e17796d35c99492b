//! A clinic for the real-binary tests, written into the database before the servers start: a
//! physiotherapist who works all day, a patient and an administrator (every password
//! [`PASSWORD`]), a 45-minute video assessment, and that patient's appointment whose video room
//! is open now.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use tendo_app::access::{Caller, Credential, RequestMeta};
use tendo_app::accounts::{self, NewClinicForm, NewUserForm};
use tendo_app::booking::diary::{self, BookRequest};
use tendo_app::booking::hours::{self, HoursForm};
use tendo_app::booking::setup::{self, TypeForm};
use tendo_app::clock::ShiftedClock;
use tendo_app::{App, Settings};
use tendo_store::Store;
use tendo_store::accounts::{Clinic, Profession, Role, User};
use tendo_store::ids::{AppointmentId, AppointmentTypeId};

/// The password of every person made here.
pub const PASSWORD: &str = "a-long-test-password-1";

/// What [`video_clinic`] wrote.
#[allow(
    dead_code,
    reason = "each test binary that includes this module reads the fields it needs"
)]
pub struct VideoClinic {
    /// The application it was written with (its clock two days back).
    pub app: App,
    /// The clinic.
    pub clinic: Clinic,
    /// The physiotherapist.
    pub physio: User,
    /// The patient with the appointment.
    pub patient: User,
    /// The video assessment type.
    pub video_type: AppointmentTypeId,
    /// The appointment whose room is open now.
    pub appointment: AppointmentId,
}

/// A signed-in caller for `user`.
pub fn caller(user: &User) -> Caller {
    Caller {
        user: user.clone(),
        credential: Credential::Session,
        meta: RequestMeta::default(),
    }
}

/// Makes `email` a person of `clinic` with `role` (a physiotherapist for a clinician).
pub async fn person(app: &App, clinic: &Clinic, email: &str, role: Role) -> User {
    accounts::create_user(
        app,
        clinic,
        &NewUserForm {
            email: email.into(),
            name: format!("Person {email}"),
            role,
            profession: (role == Role::Clinician).then_some(Profession::Physiotherapist),
            time_zone: zone_at_noon(),
            password: PASSWORD.into(),
        },
    )
    .await
    .unwrap()
}

/// A fixed-offset zone where it is now between 12:00 and 13:00, for the clinic and its people:
/// the physiotherapist works all day, every day, in it, and a 45-minute appointment that starts
/// around now must not run past midnight (working hours end with the day), whatever the hour
/// the tests run at.
fn zone_at_noon() -> String {
    let hour = Timestamp::now().as_second().rem_euclid(86_400) / 3_600;
    // `Etc/GMT-N` is N hours ahead of UTC (POSIX signs).
    match 12 - hour {
        0 => "Etc/UTC".to_string(),
        ahead if ahead > 0 => format!("Etc/GMT-{ahead}"),
        behind => format!("Etc/GMT+{}", -behind),
    }
}

/// Writes the clinic `slug` (people `…@{slug}.test`) into `store` and books its patient a video
/// assessment whose room is open now (it opens 10 minutes before the start) and stays open for
/// at least `open_for` more. The booking is made with a clock two days back, so that the start
/// (now, give or take a quarter hour) was ahead then.
pub async fn video_clinic(
    store: Arc<dyn Store>,
    slug: &str,
    name: &str,
    open_for: SignedDuration,
) -> VideoClinic {
    let clock = Arc::new(ShiftedClock::default());
    clock.advance(SignedDuration::from_hours(-48));
    let app = App::with_clock(store, Settings::default(), clock);
    let clinic = accounts::create_clinic(
        &app,
        &NewClinicForm {
            name: name.into(),
            slug: slug.into(),
            time_zone: zone_at_noon(),
            currency: "GBP".into(),
        },
    )
    .await
    .unwrap();
    let admin = person(&app, &clinic, &format!("admin@{slug}.test"), Role::Admin).await;
    let physio = person(
        &app,
        &clinic,
        &format!("physio@{slug}.test"),
        Role::Clinician,
    )
    .await;
    let patient = person(
        &app,
        &clinic,
        &format!("patient@{slug}.test"),
        Role::Patient,
    )
    .await;
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
            && now + open_for < start + SignedDuration::from_mins(45);
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
    VideoClinic {
        app,
        clinic,
        physio,
        patient,
        video_type: video.id,
        appointment: booked.appointment.id,
    }
}
