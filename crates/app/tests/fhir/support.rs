//! The demo clinic on a temporary SQLite database, with the application's clock held still.

use std::sync::Arc;

use jiff::Timestamp;
use serde_json::{Map, Value};
use tendo_app::access::{Caller, Credential, RequestMeta};
use tendo_app::clock::Clock;
use tendo_app::demo::{DemoScale, generate};
use tendo_app::{App, Settings};
use tendo_store::Store;
use tendo_store::accounts::{Role, User};
use tendo_store_sql::testing::TempSqlite;

/// A clock that stays at one moment, so that two exports describe the same week.
pub struct Still(pub Timestamp);

impl Clock for Still {
    fn now(&self) -> Timestamp {
        self.0
    }
}

/// The demo clinic, its administrator and its patients.
pub struct Demo {
    /// Kept so that the database lives as long as the test.
    pub _database: TempSqlite,
    pub store: Arc<dyn Store>,
    pub app: App,
    pub admin: Caller,
    pub patients: Vec<User>,
}

pub fn caller(user: User) -> Caller {
    Caller {
        user,
        credential: Credential::Session,
        meta: RequestMeta::default(),
    }
}

pub async fn demo() -> Demo {
    let database = TempSqlite::new().await.unwrap();
    let store: Arc<dyn Store> = Arc::new(
        tendo_store_sql::SqliteStore::open_dir(database.dir.path())
            .await
            .unwrap(),
    );
    let now = Timestamp::now();
    generate(store.clone(), &DemoScale::default(), now)
        .await
        .unwrap();
    let app = App::with_clock(store.clone(), Settings::default(), Arc::new(Still(now)));
    let clinic = store.clinic_by_slug("riverside-demo").await.unwrap();
    let admin = store
        .users_with_role(clinic.id, Role::Admin)
        .await
        .unwrap()
        .remove(0);
    let patients = store
        .users_with_role(clinic.id, Role::Patient)
        .await
        .unwrap();
    clinic_side(&*store, &patients[0], now).await;
    Demo {
        _database: database,
        store,
        app,
        admin: caller(admin),
        patients,
    }
}

/// The resources of a Bundle.
pub fn resources(bundle: &Value) -> Vec<&Map<String, Value>> {
    bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["resource"].as_object().unwrap())
        .collect()
}

/// The index of the first entry of `kind` whose resource satisfies `wanted`.
pub fn entry_where(bundle: &Value, kind: &str, wanted: impl Fn(&Value) -> bool) -> Option<usize> {
    bundle["entry"]
        .as_array()?
        .iter()
        .position(|entry| entry["resource"]["resourceType"] == kind && wanted(&entry["resource"]))
}

/// An appointment and a signed, amended note for `patient` with their clinician: the demo
/// makes neither.
async fn clinic_side(store: &dyn Store, patient: &User, now: Timestamp) {
    use jiff::SignedDuration;
    use tendo_store::audit::AuditEntry;
    use tendo_store::booking::{AppointmentKind, AppointmentType, BookingChange, NewAppointment};
    use tendo_store::clinic::{NewAmendment, NewNote, NoteKind, NoteSections};
    use tendo_store::ids::{AppointmentId, AppointmentTypeId, RecordId};

    let clinic = patient.clinic_id;
    let clinician = store.patient(clinic, patient.id).await.unwrap().care_team[0];
    let kind = AppointmentType {
        id: AppointmentTypeId::new(),
        clinic_id: clinic,
        kind: AppointmentKind::VideoFollowUp,
        name: "Video follow-up".into(),
        description: String::new(),
        duration_minutes: 30,
        price_minor: 4000,
        currency: "GBP".into(),
        buffer_before_minutes: 0,
        buffer_after_minutes: 0,
        profession: None,
        clinicians: Vec::new(),
        resource: None,
        active: true,
    };
    let audit = || AuditEntry::new("test", "fhir");
    store.save_appointment_type(&kind, &audit()).await.unwrap();
    let start = now + SignedDuration::from_hours(24 * 9);
    store
        .change_bookings(
            &BookingChange {
                clinic_id: clinic,
                cancel: Vec::new(),
                cancel_reason: None,
                book: vec![NewAppointment {
                    id: AppointmentId::new(),
                    clinic_id: clinic,
                    patient_id: patient.id,
                    clinician_id: clinician,
                    type_id: kind.id,
                    resource_id: None,
                    series_id: None,
                    start,
                    end: start + SignedDuration::from_mins(30),
                    buffer_before_minutes: 0,
                    buffer_after_minutes: 0,
                    created_by: patient.id,
                }],
                series: None,
                mail: Vec::new(),
                reminders: Vec::new(),
                by: patient.id,
                at: now,
                request: None,
            },
            &audit(),
        )
        .await
        .unwrap();
    // A clinician's change of plan: one set fewer of the first exercise, with their reason.
    let latest = store
        .plan_versions(clinic, patient.id)
        .await
        .unwrap()
        .pop()
        .unwrap();
    let zone = jiff::tz::TimeZone::get(&patient.time_zone).unwrap();
    let today = now.to_zoned(zone).date();
    let week = tendo_app::patient::plan::week_plan_of(&latest, today).unwrap();
    let item = week.items.iter().find(|item| item.sets >= 2).unwrap();
    let mut adjustments = tendo_core::programme::Adjustments::default();
    adjustments
        .sets
        .insert(item.exercise.clone(), item.sets - 1);
    store
        .add_plan_version(
            &tendo_store::care::NewPlanVersion {
                id: RecordId::new(),
                patient_id: patient.id,
                clinic_id: clinic,
                created_at: now,
                created_by: Some(clinician),
                cause: tendo_store::care::PlanCause::Clinician,
                condition: latest.condition,
                side: latest.side,
                position: latest.position,
                sessions_per_week: latest.sessions_per_week,
                programme_start: latest.programme_start,
                reasons: latest.reasons.clone(),
                note: Some("One set fewer while the heel settles.".into()),
                adjustments,
                equipment: latest.equipment.clone(),
            },
            &audit(),
        )
        .await
        .unwrap();
    let note = RecordId::new();
    store
        .add_note(
            &NewNote {
                id: note,
                patient_id: patient.id,
                clinic_id: clinic,
                author_id: clinician,
                kind: NoteKind::FirstAssessment,
                sections: NoteSections {
                    subjective: "Morning stiffness for six weeks, worse after hills.".into(),
                    objective: "Thickened midportion, tender to pinch.".into(),
                    assessment: "Midportion Achilles tendinopathy.".into(),
                    plan: "Heavy slow resistance three days a week.".into(),
                },
                created_at: now,
            },
            &audit(),
        )
        .await
        .unwrap();
    store
        .sign_note(clinic, patient.id, note, clinician, now, &audit())
        .await
        .unwrap();
    store
        .add_amendment(
            &NewAmendment {
                id: RecordId::new(),
                note_id: note,
                patient_id: patient.id,
                clinic_id: clinic,
                author_id: clinician,
                text: "Runs 20 km a week, not 30.".into(),
                created_at: now,
            },
            &audit(),
        )
        .await
        .unwrap();
}
