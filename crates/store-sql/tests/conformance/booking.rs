//! Booking: types, profiles, hours, the diary's overlap rule with buffers, cancellation with its
//! reminders, series, calendar feeds, and a patient's deletion taking their appointments.

use jiff::civil::{Time, Weekday, date};
use jiff::{SignedDuration, Timestamp};
use tendo_store::accounts::{Profession, Role};
use tendo_store::booking::{
    AppointmentKind, AppointmentStatus, AppointmentType, BookingChange, NewAppointment,
    ProfileUpdate, Reminder, Resource, ResourceKind, ScheduleException, Series, WeeklyHours,
};
use tendo_store::ids::{
    AppointmentId, AppointmentTypeId, ClinicId, ExceptionId, ResourceId, SeriesId,
};
use tendo_store::mail::NewMail;
use tendo_store::{Store, StoreError};

use crate::fixtures::{audit, clinic, user};
use crate::on_both_backends;

on_both_backends!(booking_set_up_and_diary, mail_is_taken_by_one_sender);

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn mail(to: &str, send_after: Timestamp) -> NewMail {
    NewMail {
        id: tendo_store::ids::RecordId::new(),
        clinic_id: None,
        user_id: None,
        to: to.into(),
        subject: "Reminder".into(),
        body: "Tomorrow".into(),
        calendar: None,
        created_at: send_after,
        send_after,
    }
}

/// The clinic's count of changes to its booked appointments.
async fn appointments_revision(store: &dyn Store, clinic: ClinicId) -> u64 {
    store.clinic(clinic).await.unwrap().appointments_revision
}

async fn booking_set_up_and_diary(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let south = clinic(store, "south").await;
    let therapist = user(store, &north, "t@north.test", Role::Clinician).await;
    let patient = user(store, &north, "p@north.test", Role::Patient).await;
    let other = user(store, &north, "o@north.test", Role::Patient).await;

    let massage = AppointmentType {
        id: AppointmentTypeId::new(),
        clinic_id: north.id,
        kind: AppointmentKind::SportsMassage,
        name: "Sports massage".into(),
        description: "Sixty minutes".into(),
        duration_minutes: 60,
        price_minor: 6500,
        currency: "GBP".into(),
        buffer_before_minutes: 10,
        buffer_after_minutes: 15,
        profession: Some(Profession::MassageTherapist),
        clinicians: vec![therapist.id],
        resource: Some(ResourceKind::Table),
        active: true,
    };
    store
        .save_appointment_type(&massage, &audit("type"))
        .await
        .unwrap();
    let mut renamed = massage.clone();
    renamed.name = "Sports massage (60 min)".into();
    store
        .save_appointment_type(&renamed, &audit("type"))
        .await
        .unwrap();
    assert_eq!(
        store.appointment_types(north.id).await.unwrap(),
        vec![renamed.clone()]
    );
    assert!(store.appointment_types(south.id).await.unwrap().is_empty());
    let mut stolen = renamed.clone();
    stolen.clinic_id = south.id;
    assert!(matches!(
        store.save_appointment_type(&stolen, &audit("type")).await,
        Err(StoreError::NotFound)
    ));

    let table = Resource {
        id: ResourceId::new(),
        clinic_id: north.id,
        name: "Table 1".into(),
        kind: ResourceKind::Table,
        active: true,
    };
    store
        .save_resource(&table, &audit("resource"))
        .await
        .unwrap();
    assert_eq!(
        store.resources(north.id).await.unwrap(),
        vec![table.clone()]
    );

    store
        .save_profile(
            north.id,
            therapist.id,
            &ProfileUpdate {
                qualifications: "BSc".into(),
                specialties: "Runners".into(),
                bio: "Hello".into(),
                listed: true,
            },
            &audit("profile"),
        )
        .await
        .unwrap();
    store
        .set_photo(
            north.id,
            therapist.id,
            "image/png",
            b"\x89PNG....",
            &audit("photo"),
        )
        .await
        .unwrap();
    let profiles = store.clinician_profiles(north.id).await.unwrap();
    assert_eq!(profiles.len(), 1);
    assert_eq!(profiles[0].qualifications, "BSc");
    assert_eq!(profiles[0].photo_type.as_deref(), Some("image/png"));
    assert_eq!(
        store.photo(north.id, therapist.id).await.unwrap().1,
        b"\x89PNG...."
    );
    assert!(matches!(
        store.photo(south.id, therapist.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .save_profile(
                south.id,
                therapist.id,
                &ProfileUpdate {
                    qualifications: String::new(),
                    specialties: String::new(),
                    bio: String::new(),
                    listed: true
                },
                &audit("profile")
            )
            .await,
        Err(StoreError::NotFound)
    ));

    let weekly = [WeeklyHours {
        weekday: Weekday::Tuesday,
        start: Time::constant(9, 0, 0, 0),
        end: Time::constant(17, 30, 0, 0),
    }];
    store
        .set_hours(north.id, therapist.id, &weekly, 60, 30, &audit("hours"))
        .await
        .unwrap();
    let off = ScheduleException {
        id: ExceptionId::new(),
        clinician_id: therapist.id,
        date: date(2026, 12, 8),
        start: Time::midnight(),
        end: Time::constant(23, 59, 59, 0),
        available: false,
        note: "Holiday".into(),
    };
    store
        .add_exception(north.id, &off, &audit("exception"))
        .await
        .unwrap();
    let schedules = store
        .schedules(north.id, date(2026, 12, 1), date(2026, 12, 31))
        .await
        .unwrap();
    assert_eq!(schedules.len(), 1);
    assert_eq!(schedules[0].weekly, weekly);
    assert_eq!(schedules[0].exceptions, vec![off.clone()]);
    let profile = &store.clinician_profiles(north.id).await.unwrap()[0];
    assert_eq!((profile.min_notice_minutes, profile.horizon_days), (60, 30));
    store
        .remove_exception(north.id, therapist.id, off.id, &audit("exception"))
        .await
        .unwrap();

    let new = |start: &str, patient_id| NewAppointment {
        id: AppointmentId::new(),
        clinic_id: north.id,
        patient_id,
        clinician_id: therapist.id,
        type_id: massage.id,
        resource_id: Some(table.id),
        series_id: None,
        start: at(start),
        end: at(start) + SignedDuration::from_mins(60),
        buffer_before_minutes: 10,
        buffer_after_minutes: 15,
        created_by: patient_id,
    };
    let change = |book: Vec<NewAppointment>, cancel: Vec<AppointmentId>| BookingChange {
        clinic_id: north.id,
        cancel,
        cancel_reason: None,
        book,
        series: None,
        mail: Vec::new(),
        reminders: Vec::new(),
        by: patient.id,
        at: at("2026-11-20T10:00:00Z"),
        request: None,
    };
    let first = new("2026-12-01T10:00:00Z", patient.id);
    let mut booking = change(vec![first.clone()], Vec::new());
    booking.reminders.push(Reminder {
        appointment_id: first.id,
        mail: mail("p@north.test", at("2026-11-30T10:00:00Z")),
    });
    let (before, south_before) = (
        appointments_revision(store, north.id).await,
        appointments_revision(store, south.id).await,
    );
    let booked = store
        .change_bookings(&booking, &audit("book"))
        .await
        .unwrap();
    assert_eq!(booked[0].status, AppointmentStatus::Booked);
    let after_booking = appointments_revision(store, north.id).await;
    assert!(
        after_booking > before,
        "a booking raises the clinic's revision"
    );
    assert_eq!(
        store.appointment(north.id, first.id).await.unwrap(),
        booked[0]
    );
    assert!(matches!(
        store.appointment(south.id, first.id).await,
        Err(StoreError::NotFound)
    ));

    // 11:00 overlaps the 15-minute buffer after; 11:15 is free; 08:50 ends inside the buffer before.
    for clashing in [
        "2026-12-01T11:00:00Z",
        "2026-12-01T08:55:00Z",
        "2026-12-01T10:30:00Z",
    ] {
        let result = store
            .change_bookings(
                &change(vec![new(clashing, other.id)], Vec::new()),
                &audit("book"),
            )
            .await;
        assert!(
            matches!(result, Err(StoreError::Conflict(_))),
            "{clashing} must clash"
        );
    }
    assert_eq!(
        appointments_revision(store, north.id).await,
        after_booking,
        "a refused booking leaves the revision"
    );
    store
        .change_bookings(
            &change(vec![new("2026-12-01T11:15:00Z", other.id)], Vec::new()),
            &audit("book"),
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .booked_between(
                north.id,
                at("2026-12-01T00:00:00Z"),
                at("2026-12-02T00:00:00Z")
            )
            .await
            .unwrap()
            .len(),
        2
    );

    // Cancelling takes the unsent reminder with it and frees the time.
    assert_eq!(
        store
            .due_mail(at("2026-12-01T00:00:00Z"), 10)
            .await
            .unwrap()
            .len(),
        1
    );
    let reason = "The physiotherapist is ill — «désolé»".to_string();
    store
        .change_bookings(
            &BookingChange {
                cancel_reason: Some(reason.clone()),
                ..change(Vec::new(), vec![first.id])
            },
            &audit("cancel"),
        )
        .await
        .unwrap();
    assert!(
        store
            .due_mail(at("2026-12-01T00:00:00Z"), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let cancelled = store.appointment(north.id, first.id).await.unwrap();
    assert_eq!(cancelled.status, AppointmentStatus::Cancelled);
    let after_cancel = appointments_revision(store, north.id).await;
    assert!(
        after_cancel > after_booking + 1,
        "the second booking and the cancellation each raise the revision"
    );
    assert_eq!(
        appointments_revision(store, south.id).await,
        south_before,
        "another clinic's revision stays"
    );
    assert_eq!(
        cancelled.cancel_reason,
        Some(reason),
        "the reason is kept with the cancelled appointment, accents and all"
    );
    assert_eq!(cancelled.cancelled_by, Some(patient.id));
    assert!(matches!(
        store
            .change_bookings(&change(Vec::new(), vec![first.id]), &audit("cancel"))
            .await,
        Err(StoreError::NotFound)
    ));
    store
        .change_bookings(
            &change(vec![new("2026-12-01T10:00:00Z", other.id)], Vec::new()),
            &audit("book"),
        )
        .await
        .unwrap();

    // A series is booked whole or not at all.
    let series = SeriesId::new();
    let weekly_sessions: Vec<NewAppointment> = [
        "2026-12-15T10:00:00Z",
        "2026-12-22T10:00:00Z",
        "2026-12-29T10:00:00Z",
    ]
    .iter()
    .map(|start| NewAppointment {
        series_id: Some(series),
        ..new(start, patient.id)
    })
    .collect();
    let mut clashing = weekly_sessions.clone();
    clashing.push(NewAppointment {
        series_id: Some(series),
        ..new("2026-12-01T10:30:00Z", patient.id)
    });
    let mut with_series = change(clashing, Vec::new());
    with_series.series = Some(Series {
        id: series,
        clinic_id: north.id,
        patient_id: patient.id,
        every_weeks: 1,
        created_at: at("2026-11-20T10:00:00Z"),
    });
    assert!(
        store
            .change_bookings(&with_series, &audit("series"))
            .await
            .is_err()
    );
    assert!(
        store
            .series_appointments(north.id, series)
            .await
            .unwrap()
            .is_empty()
    );
    with_series.book = weekly_sessions;
    store
        .change_bookings(&with_series, &audit("series"))
        .await
        .unwrap();
    assert_eq!(
        store
            .series_appointments(north.id, series)
            .await
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        store
            .patient_appointments(north.id, patient.id)
            .await
            .unwrap()
            .len(),
        4
    );
    // The record's list: every appointment from a moment on, and the latest before it.
    let all = store
        .patient_appointments(north.id, patient.id)
        .await
        .unwrap();
    let ids = |list: &[tendo_store::booking::Appointment]| -> Vec<AppointmentId> {
        list.iter().map(|appointment| appointment.id).collect()
    };
    let record =
        |now: Timestamp, past: u32| store.record_appointments(north.id, patient.id, now, past);
    assert_eq!(ids(&record(all[2].start, 1).await.unwrap()), ids(&all[1..]));
    assert_eq!(ids(&record(all[2].start, 0).await.unwrap()), ids(&all[2..]));
    assert_eq!(
        ids(&record(at("2030-01-01T00:00:00Z"), 2).await.unwrap()),
        ids(&all[2..]),
        "with nothing upcoming, the latest past ones"
    );
    assert!(
        store
            .record_appointments(south.id, patient.id, all[0].start, 10)
            .await
            .unwrap()
            .is_empty()
    );
    // The record read together lists the same, with the clinic's appointment types.
    let window = tendo_store::record::RecordWindow {
        versions_since: all[0].start,
        charts_from: jiff::civil::date(2026, 12, 1),
        today: jiff::civil::date(2026, 12, 1),
        questionnaires_since: all[0].start,
        timeline_from: jiff::civil::date(2026, 12, 1),
        timeline_to: jiff::civil::date(2026, 12, 1),
        timeline_since: all[0].start,
        timeline_until: all[0].start,
        latest_notes: 1,
        gun_sessions: 1,
        now: all[2].start,
        past_appointments: 1,
    };
    let parts = store
        .patient_record(north.id, patient.id, &window)
        .await
        .unwrap();
    assert_eq!(ids(&parts.appointments), ids(&all[1..]));
    let type_ids = |types: &[tendo_store::booking::AppointmentType]| -> Vec<String> {
        types.iter().map(|kind| kind.id.to_string()).collect()
    };
    assert_eq!(
        type_ids(&parts.appointment_types),
        type_ids(&store.appointment_types(north.id).await.unwrap())
    );
    assert!(!parts.appointment_types.is_empty());
    assert_eq!(
        store
            .clinician_appointments(
                north.id,
                therapist.id,
                at("2026-12-14T00:00:00Z"),
                at("2026-12-23T00:00:00Z")
            )
            .await
            .unwrap()
            .len(),
        2
    );

    // Feeds: one per person, replaced and revoked.
    store
        .set_feed(
            patient.id,
            b"hash-one",
            at("2026-11-20T10:00:00Z"),
            &audit("feed"),
        )
        .await
        .unwrap();
    store
        .set_feed(
            patient.id,
            b"hash-two",
            at("2026-11-21T10:00:00Z"),
            &audit("feed"),
        )
        .await
        .unwrap();
    assert!(matches!(
        store.feed_owner(b"hash-one").await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.feed_owner(b"hash-two").await.unwrap().id, patient.id);
    assert!(store.feed_created(patient.id).await.unwrap().is_some());
    store.revoke_feed(patient.id, &audit("feed")).await.unwrap();
    assert!(matches!(
        store.feed_owner(b"hash-two").await,
        Err(StoreError::NotFound)
    ));

    // Export shows the appointments; deletion removes them.
    let export = store.export_patient(north.id, patient.id).await.unwrap();
    assert_eq!(export.rows("appointments").len(), 4);
    let before_erasure = appointments_revision(store, north.id).await;
    store
        .delete_patient(north.id, patient.id, &audit("delete"))
        .await
        .unwrap();
    assert!(
        appointments_revision(store, north.id).await > before_erasure,
        "an erasure, which takes the patient's appointments, raises the revision"
    );
    assert!(matches!(
        store.appointment(north.id, first.id).await,
        Err(StoreError::NotFound)
    ));
}

async fn mail_is_taken_by_one_sender(store: &dyn Store) {
    let queued = mail("p@north.test", at("2026-12-01T10:00:00Z"));
    store.enqueue_mail(&queued).await.unwrap();
    let due = store
        .due_mail(at("2026-12-01T10:00:00Z"), 10)
        .await
        .unwrap();
    assert_eq!(due.len(), 1);
    let until = at("2026-12-01T10:10:00Z");
    assert!(
        store
            .claim_mail(queued.id, due[0].send_after, until)
            .await
            .unwrap()
    );
    assert!(
        !store
            .claim_mail(queued.id, due[0].send_after, until)
            .await
            .unwrap(),
        "a second sender does not get it"
    );
    assert!(
        store
            .due_mail(at("2026-12-01T10:05:00Z"), 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.due_mail(until, 10).await.unwrap().len(),
        1,
        "a sender that stopped leaves it for later"
    );
    store.mark_mail_sent(queued.id, until).await.unwrap();
    assert!(
        !store
            .claim_mail(queued.id, until, at("2026-12-01T11:00:00Z"))
            .await
            .unwrap()
    );
}
