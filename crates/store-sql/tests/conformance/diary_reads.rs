//! The diary's narrow reads. The next appointments of a clinician's care team (the caseload)
//! and of the patients nobody cares for yet (the triage list): only theirs, only booked, only in
//! the window, earliest first. The times booked appointments hold (the slot search): exactly
//! the booked appointments of the window, cut down (on SQLite read from one index:
//! `query_plans.rs`). Each clinician's weekly hours and profile, theirs alone. What the caseload's cache compares: a patient's revision raised by
//! booking and cancelling, the clinician's read marker, the care team as it stands.

use tendo_store::Store;
use tendo_store::accounts::{Clinic, Role, User};
use tendo_store::booking::BookedTime;
use tendo_store::clinic::PatientsOf;

use crate::booking_requests::{change, new, video_type};
use crate::fixtures::{audit, clinic, new_user, user};
use crate::on_both_backends;

on_both_backends!(
    caseload_members_follow_bookings_reads_and_the_care_team,
    upcoming_appointments_are_those_of_whose_patients,
    booked_times_are_the_windows_booked_appointments,
    schedules_give_each_clinician_their_own_hours
);

fn at(text: &str) -> jiff::Timestamp {
    text.parse().unwrap()
}

async fn cared_for(store: &dyn Store, clinic: &Clinic, email: &str, by: &User) -> User {
    let mut patient = new_user(clinic, email, Role::Patient);
    patient.care_clinician = Some(by.id);
    store
        .create_user(&patient, &audit("user.create"))
        .await
        .unwrap()
}

async fn caseload_members_follow_bookings_reads_and_the_care_team(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let mine = user(store, &north, "mine@north.test", Role::Clinician).await;
    let theirs = user(store, &north, "theirs@north.test", Role::Clinician).await;
    let first = cared_for(store, &north, "first@north.test", &mine).await;
    cared_for(store, &north, "other@north.test", &theirs).await;
    let kind = video_type(store, &north, &[&mine]).await;
    let members = || async { store.caseload_members(north.id, mine.id).await.unwrap() };

    let before = members().await;
    assert_eq!(before.len(), 1, "only the clinician's patients: {before:?}");
    assert_eq!(
        (before[0].patient, before[0].last_read_at),
        (first.id, None)
    );

    let booked = new(&kind, &mine, &first, "2026-12-02T10:00:00Z");
    store
        .change_bookings(&change(booked.clone(), None), &audit("book"))
        .await
        .unwrap();
    let after_booking = members().await;
    assert!(
        after_booking[0].revision > before[0].revision,
        "a booking raises it"
    );
    let mut cancel = change(booked.clone(), None);
    cancel.book.clear();
    cancel.cancel = vec![booked.id];
    store
        .change_bookings(&cancel, &audit("cancel"))
        .await
        .unwrap();
    let after_cancel = members().await;
    assert!(
        after_cancel[0].revision > after_booking[0].revision,
        "a cancellation alone raises it"
    );

    store
        .mark_thread_read(north.id, first.id, mine.id, at("2026-12-01T08:00:00Z"))
        .await
        .unwrap();
    assert_eq!(
        members().await[0].last_read_at,
        Some(at("2026-12-01T08:00:00Z"))
    );
    store
        .remove_from_care_team(north.id, first.id, mine.id, &audit("care.remove"))
        .await
        .unwrap();
    assert!(members().await.is_empty());
}

async fn upcoming_appointments_are_those_of_whose_patients(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let south = clinic(store, "south").await;
    let mine = user(store, &north, "mine@north.test", Role::Clinician).await;
    let theirs = user(store, &north, "theirs@north.test", Role::Clinician).await;
    let first = cared_for(store, &north, "first@north.test", &mine).await;
    let second = cared_for(store, &north, "second@north.test", &mine).await;
    let other = cared_for(store, &north, "other@north.test", &theirs).await;
    let waiting = user(store, &north, "waiting@north.test", Role::Patient).await;
    let kind = video_type(store, &north, &[&mine, &theirs]).await;

    let mut expected_mine = Vec::new();
    for (clinician, patient, start) in [
        (&theirs, &second, "2026-12-03T09:00:00Z"),
        (&mine, &first, "2026-12-02T10:00:00Z"),
        (&mine, &first, "2026-12-09T10:00:00Z"),
        (&theirs, &other, "2026-12-02T10:00:00Z"),
        (&mine, &waiting, "2026-12-04T10:00:00Z"),
        // Before and after the window.
        (&mine, &first, "2026-11-30T10:00:00Z"),
        (&mine, &second, "2027-02-10T10:00:00Z"),
    ] {
        let booked = new(&kind, clinician, patient, start);
        store
            .change_bookings(&change(booked.clone(), None), &audit("book"))
            .await
            .unwrap();
        if [first.id, second.id].contains(&patient.id)
            && (at("2026-12-01T00:00:00Z")..at("2027-01-31T00:00:00Z")).contains(&booked.start)
        {
            expected_mine.push(booked.id);
        }
    }
    // A cancelled appointment is not upcoming.
    let cancelled = new(&kind, &mine, &second, "2026-12-05T10:00:00Z");
    store
        .change_bookings(&change(cancelled.clone(), None), &audit("book"))
        .await
        .unwrap();
    let mut cancel = change(new(&kind, &mine, &second, "2026-12-05T11:00:00Z"), None);
    cancel.cancel = vec![cancelled.id];
    store
        .change_bookings(&cancel, &audit("move"))
        .await
        .unwrap();
    let moved = cancel.book[0].id;
    expected_mine.push(moved);

    let window = (at("2026-12-01T00:00:00Z"), at("2027-01-31T00:00:00Z"));
    let read = |whose| store.upcoming_appointments(north.id, whose, window.0, window.1);

    let care_team = read(PatientsOf::CareTeam(mine.id)).await.unwrap();
    let starts: Vec<_> = care_team.iter().map(|a| a.start.to_string()).collect();
    assert_eq!(
        starts,
        [
            "2026-12-02T10:00:00Z",
            "2026-12-03T09:00:00Z",
            "2026-12-05T11:00:00Z",
            "2026-12-09T10:00:00Z"
        ],
        "the care team's booked appointments in the window, earliest first, whoever sees them"
    );
    let mut ids: Vec<_> = care_team.iter().map(|a| a.id).collect();
    ids.sort();
    expected_mine.sort();
    assert_eq!(ids, expected_mine);

    let others = read(PatientsOf::CareTeam(theirs.id)).await.unwrap();
    assert_eq!(
        others.iter().map(|a| a.patient_id).collect::<Vec<_>>(),
        [other.id]
    );
    let unassigned = read(PatientsOf::NoCareTeam).await.unwrap();
    assert_eq!(
        unassigned.iter().map(|a| a.patient_id).collect::<Vec<_>>(),
        [waiting.id],
        "only the patient nobody cares for"
    );
    assert!(
        store
            .upcoming_appointments(south.id, PatientsOf::CareTeam(mine.id), window.0, window.1)
            .await
            .unwrap()
            .is_empty(),
        "another clinic's read finds nothing"
    );
}

async fn booked_times_are_the_windows_booked_appointments(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let south = clinic(store, "south").await;
    let first = user(store, &north, "first@north.test", Role::Clinician).await;
    let second = user(store, &north, "second@north.test", Role::Clinician).await;
    let patient = user(store, &north, "p@north.test", Role::Patient).await;
    let other = user(store, &north, "o@north.test", Role::Patient).await;
    let kind = video_type(store, &north, &[&first, &second]).await;
    for (clinician, patient, start) in [
        (&first, &patient, "2026-12-01T09:00:00Z"),
        (&second, &other, "2026-12-01T09:00:00Z"),
        (&first, &other, "2026-12-02T16:00:00Z"),
        // Outside the window, on either side.
        (&first, &patient, "2026-11-29T09:00:00Z"),
        (&second, &patient, "2026-12-04T09:00:00Z"),
    ] {
        let mut booked = new(&kind, clinician, patient, start);
        booked.buffer_before_minutes = 10;
        booked.buffer_after_minutes = 5;
        store
            .change_bookings(&change(booked, None), &audit("book"))
            .await
            .unwrap();
    }
    let cancelled = new(&kind, &second, &patient, "2026-12-02T10:00:00Z");
    store
        .change_bookings(&change(cancelled.clone(), None), &audit("book"))
        .await
        .unwrap();
    let mut moved = change(new(&kind, &second, &patient, "2026-12-02T12:00:00Z"), None);
    moved.cancel = vec![cancelled.id];
    store.change_bookings(&moved, &audit("move")).await.unwrap();

    let (from, to) = (at("2026-12-01T00:00:00Z"), at("2026-12-03T00:00:00Z"));
    let whole: Vec<BookedTime> = store
        .booked_between(north.id, from, to)
        .await
        .unwrap()
        .iter()
        .map(BookedTime::from)
        .collect();
    assert_eq!(whole.len(), 4, "three booked and the moved one: {whole:#?}");
    let mut times = store.booked_times(north.id, from, to).await.unwrap();
    times.sort_by_key(|time| (time.start, time.id));
    assert_eq!(times, whole);
    assert!(
        times.iter().all(
            |time| time.buffer_before_minutes == 10 || time.start == at("2026-12-02T12:00:00Z")
        )
    );
    assert!(
        store
            .booked_times(south.id, from, to)
            .await
            .unwrap()
            .is_empty(),
        "another clinic's diary is its own"
    );
}

async fn schedules_give_each_clinician_their_own_hours(store: &dyn Store) {
    use jiff::civil::{Time, Weekday, date};
    use tendo_store::booking::WeeklyHours;
    let north = clinic(store, "north").await;
    let south = clinic(store, "south").await;
    let hours = |weekday, start: i8, end: i8| WeeklyHours {
        weekday,
        start: Time::constant(start, 30, 0, 0),
        end: Time::constant(end, 0, 0, 0),
    };
    let first = user(store, &north, "first@north.test", Role::Clinician).await;
    let second = user(store, &north, "second@north.test", Role::Clinician).await;
    let idle = user(store, &north, "idle@north.test", Role::Clinician).await;
    let elsewhere = user(store, &south, "c@south.test", Role::Clinician).await;
    let theirs = [
        (
            &first,
            vec![
                hours(Weekday::Monday, 8, 12),
                hours(Weekday::Thursday, 13, 19),
            ],
        ),
        (&second, vec![hours(Weekday::Sunday, 9, 17)]),
        (&elsewhere, vec![hours(Weekday::Monday, 6, 22)]),
    ];
    for (clinician, weekly) in &theirs {
        store
            .set_hours(
                clinician.clinic_id,
                clinician.id,
                weekly,
                0,
                30,
                &audit("hours"),
            )
            .await
            .unwrap();
    }
    let schedules = store
        .schedules(north.id, date(2026, 12, 1), date(2026, 12, 31))
        .await
        .unwrap();
    let weekly_of = |clinician: &User| {
        schedules
            .iter()
            .find(|schedule| schedule.clinician_id == clinician.id)
            .map(|schedule| schedule.weekly.clone())
    };
    assert_eq!(
        schedules.len(),
        3,
        "the clinic's three clinicians: {schedules:#?}"
    );
    assert_eq!(weekly_of(&first), Some(theirs[0].1.clone()));
    assert_eq!(weekly_of(&second), Some(theirs[1].1.clone()));
    assert_eq!(
        weekly_of(&idle),
        Some(Vec::new()),
        "no hours set, none given"
    );
    assert_eq!(weekly_of(&elsewhere), None, "another clinic's clinician");

    // Their profiles: the hours' notice and horizon where set, the defaults where never saved.
    let profiles = store.clinician_profiles(north.id).await.unwrap();
    let profile_of = |clinician: &User| {
        profiles
            .iter()
            .find(|profile| profile.user.id == clinician.id)
            .unwrap()
    };
    assert_eq!(profiles.len(), 3, "{profiles:#?}");
    assert_eq!(profile_of(&first).user, first);
    assert_eq!(
        (
            profile_of(&first).min_notice_minutes,
            profile_of(&first).horizon_days
        ),
        (0, 30)
    );
    let never_saved = profile_of(&idle);
    assert_eq!(never_saved.user, idle);
    assert!(never_saved.listed && never_saved.bio.is_empty() && never_saved.photo_type.is_none());
    assert_eq!(
        (never_saved.min_notice_minutes, never_saved.horizon_days),
        (720, 90),
        "a clinician who never saved a profile has the defaults"
    );
}
