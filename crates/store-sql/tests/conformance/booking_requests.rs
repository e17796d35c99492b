//! One patient, one appointment at a time, and one booking per request key: checked in the
//! booking's own transaction, so they hold for requests sent at the same moment.

use futures_util::future::join_all;
use jiff::{SignedDuration, Timestamp};
use tendo_store::accounts::{Clinic, Profession, Role, User};
use tendo_store::booking::{
    AppointmentKind, AppointmentType, BookingChange, KeyedBooking, NewAppointment, RequestKey,
};
use tendo_store::ids::{AppointmentId, AppointmentTypeId};
use tendo_store::{Store, StoreError};

use crate::fixtures::{audit, clinic, user};
use crate::on_both_backends;

on_both_backends!(
    a_patient_never_holds_two_overlapping_appointments,
    a_request_key_books_once,
    parallel_bookings_of_one_patient_at_one_time_leave_one
);

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

pub(crate) async fn video_type(
    store: &dyn Store,
    clinic: &Clinic,
    clinicians: &[&User],
) -> AppointmentType {
    let kind = AppointmentType {
        id: AppointmentTypeId::new(),
        clinic_id: clinic.id,
        kind: AppointmentKind::VideoFollowUp,
        name: "Video consultation".into(),
        description: "Thirty minutes".into(),
        duration_minutes: 30,
        price_minor: 4000,
        currency: "GBP".into(),
        buffer_before_minutes: 0,
        buffer_after_minutes: 0,
        profession: Some(Profession::Physiotherapist),
        clinicians: clinicians.iter().map(|clinician| clinician.id).collect(),
        resource: None,
        active: true,
    };
    store
        .save_appointment_type(&kind, &audit("type"))
        .await
        .unwrap();
    kind
}

pub(crate) fn new(
    kind: &AppointmentType,
    clinician: &User,
    patient: &User,
    start: &str,
) -> NewAppointment {
    NewAppointment {
        id: AppointmentId::new(),
        clinic_id: kind.clinic_id,
        patient_id: patient.id,
        clinician_id: clinician.id,
        type_id: kind.id,
        resource_id: None,
        series_id: None,
        start: at(start),
        end: at(start) + SignedDuration::from_mins(i64::from(kind.duration_minutes)),
        buffer_before_minutes: 0,
        buffer_after_minutes: 0,
        created_by: patient.id,
    }
}

pub(crate) fn change(new: NewAppointment, request: Option<RequestKey>) -> BookingChange {
    BookingChange {
        clinic_id: new.clinic_id,
        cancel: Vec::new(),
        cancel_reason: None,
        by: new.created_by,
        book: vec![new],
        series: None,
        mail: Vec::new(),
        reminders: Vec::new(),
        at: at("2026-11-20T10:00:00Z"),
        request,
    }
}

async fn a_patient_never_holds_two_overlapping_appointments(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let first = user(store, &north, "a@north.test", Role::Clinician).await;
    let second = user(store, &north, "b@north.test", Role::Clinician).await;
    let patient = user(store, &north, "p@north.test", Role::Patient).await;
    let other = user(store, &north, "o@north.test", Role::Patient).await;
    let kind = video_type(store, &north, &[&first, &second]).await;
    let booked = new(&kind, &first, &patient, "2026-12-01T10:00:00Z");
    store
        .change_bookings(&change(booked.clone(), None), &audit("book"))
        .await
        .unwrap();
    // With another clinician, at the same time or overlapping: refused, and nothing stored.
    for start in [
        "2026-12-01T10:00:00Z",
        "2026-12-01T10:15:00Z",
        "2026-12-01T09:45:00Z",
    ] {
        let result = store
            .change_bookings(
                &change(new(&kind, &second, &patient, start), None),
                &audit("book"),
            )
            .await;
        assert!(
            matches!(result, Err(StoreError::PatientBusy)),
            "{start} overlaps the patient's own appointment: {result:?}"
        );
    }
    // Back to back is fine, and another patient may see the other clinician at that time.
    for (patient, start) in [
        (&patient, "2026-12-01T10:30:00Z"),
        (&other, "2026-12-01T10:00:00Z"),
    ] {
        store
            .change_bookings(
                &change(new(&kind, &second, patient, start), None),
                &audit("book"),
            )
            .await
            .unwrap();
    }
    // Moving the appointment onto its own time (cancel and book in one change) is not a clash.
    let mut moved = change(new(&kind, &first, &patient, "2026-12-01T10:00:00Z"), None);
    moved.cancel = vec![booked.id];
    store.change_bookings(&moved, &audit("move")).await.unwrap();
    assert_eq!(
        store
            .patient_appointments(north.id, patient.id)
            .await
            .unwrap()
            .iter()
            .filter(
                |appointment| appointment.status == tendo_store::booking::AppointmentStatus::Booked
            )
            .count(),
        2
    );
}

async fn a_request_key_books_once(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let clinician = user(store, &north, "a@north.test", Role::Clinician).await;
    let patient = user(store, &north, "p@north.test", Role::Patient).await;
    let kind = video_type(store, &north, &[&clinician]).await;
    let key = RequestKey {
        user_id: patient.id,
        key: "form-7d1c".into(),
        fingerprint: "book|10:00".into(),
    };
    assert_eq!(
        store.keyed_booking(patient.id, "form-7d1c").await.unwrap(),
        None
    );
    let first = new(&kind, &clinician, &patient, "2026-12-01T10:00:00Z");
    store
        .change_bookings(&change(first.clone(), Some(key.clone())), &audit("book"))
        .await
        .unwrap();
    assert_eq!(
        store.keyed_booking(patient.id, "form-7d1c").await.unwrap(),
        Some(KeyedBooking {
            fingerprint: "book|10:00".into(),
            appointments: vec![first.id],
        })
    );
    // Keys are per person: another person's key of the same text is theirs.
    assert_eq!(
        store
            .keyed_booking(clinician.id, "form-7d1c")
            .await
            .unwrap(),
        None
    );
    // The same key again, even for a free time, books nothing.
    let again = new(&kind, &clinician, &patient, "2026-12-02T10:00:00Z");
    let result = store
        .change_bookings(&change(again.clone(), Some(key)), &audit("book"))
        .await;
    assert!(matches!(result, Err(StoreError::Conflict(_))), "{result:?}");
    assert!(matches!(
        store.appointment(north.id, again.id).await,
        Err(StoreError::NotFound)
    ));
}

async fn parallel_bookings_of_one_patient_at_one_time_leave_one(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let mut clinicians = Vec::new();
    for number in 0..8 {
        clinicians.push(
            user(
                store,
                &north,
                &format!("c{number}@north.test"),
                Role::Clinician,
            )
            .await,
        );
    }
    let patient = user(store, &north, "p@north.test", Role::Patient).await;
    let everyone: Vec<&User> = clinicians.iter().collect();
    let kind = video_type(store, &north, &everyone).await;
    // The same patient, the same time, eight different clinicians, all at once.
    let changes: Vec<BookingChange> = clinicians
        .iter()
        .map(|clinician| {
            change(
                new(&kind, clinician, &patient, "2026-12-01T10:00:00Z"),
                None,
            )
        })
        .collect();
    let audit = audit("book");
    let results = join_all(
        changes
            .iter()
            .map(|change| store.change_bookings(change, &audit)),
    )
    .await;
    let booked = results.iter().filter(|result| result.is_ok()).count();
    assert_eq!(booked, 1, "{results:?}");
    assert!(
        results
            .iter()
            .filter_map(|result| result.as_ref().err())
            .all(|error| matches!(error, StoreError::PatientBusy))
    );
    assert_eq!(
        store
            .patient_appointments(north.id, patient.id)
            .await
            .unwrap()
            .len(),
        1
    );
}
