//! The whole "find a time" request below HTTP: load a clinic's diary from SQLite (50
//! clinicians, each with weekly hours and 40 appointments over those days, four a day) and compute a week of free
//! times for any suitable clinician, in the patient's zone.

#![expect(clippy::unwrap_used, missing_docs, reason = "benchmark set-up")]

use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::civil::{Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, ToSpan};
use tendo_app::booking::slots;
use tendo_app::{App, Settings};
use tendo_store::Store;
use tendo_store::accounts::{NewClinic, NewUser, Profession, Role};
use tendo_store::audit::AuditEntry;
use tendo_store::booking::{
    AppointmentKind, AppointmentType, BookingChange, NewAppointment, WeeklyHours,
};
use tendo_store::ids::{AppointmentId, AppointmentTypeId, ClinicId, UserId};

fn audit() -> AuditEntry {
    AuditEntry::new("bench", "bench")
}

async fn clinic(
    store: &dyn Store,
) -> (
    tendo_store::accounts::Clinic,
    AppointmentTypeId,
    jiff::civil::Date,
) {
    let clinic = store
        .create_clinic(
            &NewClinic {
                id: ClinicId::new(),
                slug: "bench".into(),
                name: "Bench".into(),
                time_zone: "Europe/London".into(),
                currency: "GBP".into(),
                created_at: jiff::Timestamp::now(),
            },
            &audit(),
        )
        .await
        .unwrap();
    let kind = AppointmentType {
        id: AppointmentTypeId::new(),
        clinic_id: clinic.id,
        kind: AppointmentKind::SportsMassage,
        name: "Massage".into(),
        description: String::new(),
        duration_minutes: 60,
        price_minor: 6500,
        currency: "GBP".into(),
        buffer_before_minutes: 5,
        buffer_after_minutes: 10,
        profession: None,
        clinicians: Vec::new(),
        resource: None,
        active: true,
    };
    store.save_appointment_type(&kind, &audit()).await.unwrap();
    let zone = TimeZone::get("Europe/London").unwrap();
    let monday = jiff::Timestamp::now().to_zoned(zone.clone()).date();
    let monday = monday.checked_add(14.days()).unwrap();
    let monday = monday
        .checked_sub(i64::from(monday.weekday().to_monday_zero_offset()).days())
        .unwrap();
    let patient = store
        .create_user(
            &NewUser {
                id: UserId::new(),
                clinic_id: clinic.id,
                email: "p@bench.test".into(),
                name: "P".into(),
                role: Role::Patient,
                profession: None,
                time_zone: "Europe/London".into(),
                password_hash: None,
                care_clinician: None,
                created_at: jiff::Timestamp::now(),
            },
            &audit(),
        )
        .await
        .unwrap();
    for index in 0..50 {
        let clinician = store
            .create_user(
                &NewUser {
                    id: UserId::new(),
                    clinic_id: clinic.id,
                    email: format!("c{index}@bench.test"),
                    name: format!("C{index}"),
                    role: Role::Clinician,
                    profession: Some(Profession::MassageTherapist),
                    time_zone: "Europe/London".into(),
                    password_hash: None,
                    care_clinician: None,
                    created_at: jiff::Timestamp::now(),
                },
                &audit(),
            )
            .await
            .unwrap();
        let weekly: Vec<WeeklyHours> = [
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday,
        ]
        .into_iter()
        .map(|weekday| WeeklyHours {
            weekday,
            start: Time::constant(8, 0, 0, 0),
            end: Time::constant(18, 0, 0, 0),
        })
        .collect();
        store
            .set_hours(clinic.id, clinician.id, &weekly, 60, 120, &audit())
            .await
            .unwrap();
        let book = (0..40)
            .map(|n: i64| {
                let day = monday.checked_add((n / 4).days()).unwrap();
                let start = day
                    .to_datetime(Time::constant(8, 0, 0, 0))
                    .to_zoned(zone.clone())
                    .unwrap()
                    .timestamp()
                    + SignedDuration::from_mins((n % 4) * 180);
                NewAppointment {
                    id: AppointmentId::new(),
                    clinic_id: clinic.id,
                    patient_id: patient.id,
                    clinician_id: clinician.id,
                    type_id: kind.id,
                    resource_id: None,
                    series_id: None,
                    start,
                    end: start + SignedDuration::from_mins(60),
                    buffer_before_minutes: 5,
                    buffer_after_minutes: 10,
                    created_by: patient.id,
                }
            })
            .collect();
        store
            .change_bookings(
                &BookingChange {
                    clinic_id: clinic.id,
                    cancel: Vec::new(),
                    cancel_reason: None,
                    book,
                    series: None,
                    mail: Vec::new(),
                    reminders: Vec::new(),
                    by: patient.id,
                    at: jiff::Timestamp::now(),
                    request: None,
                },
                &audit(),
            )
            .await
            .unwrap();
    }
    (clinic, kind.id, monday)
}

fn week_for_fifty(criterion: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (database, app, clinic, kind, monday) = runtime.block_on(async {
        let database = tendo_store_sql::testing::fresh_sqlite().await.unwrap();
        let store: Arc<dyn Store> = Arc::new(
            tendo_store_sql::SqliteStore::open_dir(database.dir.path())
                .await
                .unwrap(),
        );
        let (clinic, kind, monday) = clinic(&*store).await;
        let app = App::new(store, Settings::default());
        (database, app, clinic, kind, monday)
    });
    let zone = TimeZone::get("America/New_York").unwrap();
    criterion.bench_function(
        "slots service: a week for 50 clinicians from SQLite",
        |bench| {
            bench.iter(|| {
                runtime.block_on(async {
                    let (_, options) =
                        slots::find(&app, clinic.clone(), kind, None, &zone, monday, 7)
                            .await
                            .unwrap();
                    assert!(!options.is_empty());
                })
            });
        },
    );
    drop(database);
}

criterion_group!(benches, week_for_fifty);
criterion_main!(benches);
