//! Training reminders: a patient's settings are kept and replaced whole, the due checks come
//! earliest first and move only from what was read, a reminder is queued once per patient, kind
//! and local date, and the shared secret is the first one kept.

use jiff::civil::{Time, date};
use jiff::{SignedDuration, Timestamp};
use tendo_store::Store;
use tendo_store::accounts::Role;
use tendo_store::ids::RecordId;
use tendo_store::mail::NewMail;
use tendo_store::reminders::{NewReminder, ReminderKind, ReminderPreferences};

use crate::fixtures::{audit, clinic, user};
use crate::on_both_backends;

on_both_backends!(
    reminder_settings_are_kept_and_due_checks_move_only_from_what_was_read,
    a_reminder_is_queued_once_per_patient_kind_and_local_date,
);

fn settings(
    patient: &tendo_store::accounts::User,
    next_check_at: Option<Timestamp>,
) -> ReminderPreferences {
    ReminderPreferences {
        patient_id: patient.id,
        clinic_id: patient.clinic_id,
        days: 0b001_0101,
        training_time: Time::constant(18, 30, 0, 0),
        morning_time: Time::constant(7, 45, 0, 0),
        training_on: true,
        missed_session_on: true,
        morning_check_on: false,
        updated_at: Timestamp::from_second(1_800_000_000).unwrap(),
        next_check_at,
    }
}

async fn reminder_settings_are_kept_and_due_checks_move_only_from_what_was_read(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let first = user(store, &north, "first@north.test", Role::Patient).await;
    let second = user(store, &north, "second@north.test", Role::Patient).await;
    assert_eq!(store.reminder_preferences(first.id).await.unwrap(), None);

    let early = Timestamp::from_second(1_800_000_000).unwrap();
    let late = early + SignedDuration::from_hours(2);
    let saved = settings(&first, Some(late));
    store
        .save_reminder_preferences(&saved, &[audit("reminders.change")])
        .await
        .unwrap();
    assert_eq!(
        store.reminder_preferences(first.id).await.unwrap(),
        Some(saved.clone())
    );
    // Saving again replaces the whole row.
    let mut changed = saved.clone();
    changed.days = 0b100_0000;
    changed.morning_check_on = true;
    changed.next_check_at = Some(early);
    store
        .save_reminder_preferences(&changed, &[audit("reminders.change")])
        .await
        .unwrap();
    assert_eq!(
        store.reminder_preferences(first.id).await.unwrap(),
        Some(changed.clone())
    );
    let off = ReminderPreferences {
        training_on: false,
        missed_session_on: false,
        next_check_at: None,
        ..settings(&second, None)
    };
    store
        .save_reminder_preferences(&off, &[audit("reminders.change")])
        .await
        .unwrap();

    // Only settings with a check due by now, earliest first; none without a next check.
    let due = store.due_reminder_checks(late, 10).await.unwrap();
    assert_eq!(
        due.iter().map(|p| p.patient_id).collect::<Vec<_>>(),
        vec![first.id]
    );
    assert!(
        store
            .due_reminder_checks(early - SignedDuration::from_secs(1), 10)
            .await
            .unwrap()
            .is_empty()
    );

    // A check moves only from the moment it was read at: a second server that read the same
    // moment finds it moved.
    assert!(
        store
            .reschedule_reminder_check(first.id, early, Some(late))
            .await
            .unwrap()
    );
    assert!(
        !store
            .reschedule_reminder_check(first.id, early, Some(late))
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .reminder_preferences(first.id)
            .await
            .unwrap()
            .unwrap()
            .next_check_at,
        Some(late)
    );

    // The shared secret: the first one kept wins.
    let kept = store.server_secret("unsubscribe", b"first").await.unwrap();
    assert_eq!(kept, b"first".to_vec());
    assert_eq!(
        store.server_secret("unsubscribe", b"second").await.unwrap(),
        b"first".to_vec()
    );
}

async fn a_reminder_is_queued_once_per_patient_kind_and_local_date(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let patient = user(store, &north, "runner@north.test", Role::Patient).await;
    let now = Timestamp::from_second(1_800_000_000).unwrap();
    let mail = |subject: &str| NewMail {
        id: RecordId::new(),
        clinic_id: Some(north.id),
        user_id: Some(patient.id),
        to: patient.email.clone(),
        subject: subject.into(),
        body: "Today is a training day.".into(),
        calendar: None,
        created_at: now,
        send_after: now,
    };
    let reminder = |kind, day| NewReminder {
        patient_id: patient.id,
        kind,
        local_date: day,
        list_unsubscribe: format!(
            "https://tendo.test/reminders/unsubscribe/{}",
            kind_name(kind)
        ),
    };
    let first = mail("Training today");
    assert!(
        store
            .enqueue_reminder(
                &reminder(ReminderKind::Training, date(2027, 3, 14)),
                &first,
                &audit("reminder.queue")
            )
            .await
            .unwrap()
    );
    // The same key again (another server, or the job run twice): nothing more is queued.
    assert!(
        !store
            .enqueue_reminder(
                &reminder(ReminderKind::Training, date(2027, 3, 14)),
                &mail("Training today"),
                &audit("reminder.queue")
            )
            .await
            .unwrap()
    );
    // Another kind, or another date, is its own reminder.
    assert!(
        store
            .enqueue_reminder(
                &reminder(ReminderKind::MorningCheck, date(2027, 3, 14)),
                &mail("Morning check"),
                &audit("reminder.queue")
            )
            .await
            .unwrap()
    );
    assert!(
        store
            .enqueue_reminder(
                &reminder(ReminderKind::Training, date(2027, 3, 15)),
                &mail("Training today"),
                &audit("reminder.queue")
            )
            .await
            .unwrap()
    );
    let queued = store.mail_to(&patient.email, 10).await.unwrap();
    assert_eq!(queued.len(), 3, "{queued:?}");
    assert_eq!(
        store.reminder_unsubscribe_link(first.id).await.unwrap(),
        Some("https://tendo.test/reminders/unsubscribe/training".into())
    );
    assert_eq!(
        store
            .reminder_unsubscribe_link(RecordId::new())
            .await
            .unwrap(),
        None
    );
}

fn kind_name(kind: ReminderKind) -> &'static str {
    kind.as_str()
}
