//! Sign-ups waiting for their link: kept with their mail, used once, gone once used.

use jiff::{Timestamp, ToSpan};
use tendo_store::accounts::{NewPendingSignUp, PendingBooking, Role};
use tendo_store::ids::{AppointmentTypeId, RecordId};
use tendo_store::mail::NewMail;
use tendo_store::{Store, StoreError};

use crate::fixtures::{audit, clinic, new_user, user};
use crate::on_both_backends;

on_both_backends!(pending_sign_ups_are_single_use_and_expire);

fn link_mail(to: &str, now: Timestamp) -> NewMail {
    NewMail {
        id: RecordId::new(),
        clinic_id: None,
        user_id: None,
        to: to.into(),
        subject: "Finish creating your account".into(),
        body: "the link".into(),
        calendar: None,
        created_at: now,
        send_after: now,
    }
}

async fn pending_sign_ups_are_single_use_and_expire(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let now = Timestamp::now();
    let booking = PendingBooking {
        type_id: AppointmentTypeId::new(),
        // Moments are stored to the microsecond.
        start: Timestamp::from_second(now.as_second() + 48 * 3600).unwrap(),
        clinician: None,
    };
    for (hash, email, booking) in [
        ([1u8; 32], "sam@runner.test", Some(booking.clone())),
        ([2u8; 32], "late@runner.test", None),
        ([3u8; 32], "taken@north.test", None),
    ] {
        store
            .create_pending_sign_up(
                &NewPendingSignUp {
                    token_hash: hash.to_vec(),
                    clinic_id: north.id,
                    email: email.into(),
                    name: "Sam".into(),
                    password_hash: "$argon2id$fake".into(),
                    time_zone: "Europe/London".into(),
                    booking,
                    created_at: now,
                    expires_at: now + 24.hours(),
                },
                &link_mail(email, now),
            )
            .await
            .unwrap();
    }
    assert_eq!(
        store.mail_to("sam@runner.test", 5).await.unwrap().len(),
        1,
        "the link's mail is queued with it"
    );
    let pending = store.pending_sign_up(&[1u8; 32]).await.unwrap();
    assert_eq!(pending.booking, Some(booking));
    assert_eq!(pending.clinic_id, north.id);
    assert!(store.credentials("sam@runner.test").await.is_err());

    let created = store
        .complete_pending_sign_up(
            &[1u8; 32],
            &new_user(&north, "sam@runner.test", Role::Patient),
            &audit("user.sign-up"),
        )
        .await
        .unwrap();
    assert_eq!(
        store.credentials("sam@runner.test").await.unwrap().user,
        created
    );
    let again = store
        .complete_pending_sign_up(
            &[1u8; 32],
            &new_user(&north, "sam@runner.test", Role::Patient),
            &audit("user.sign-up"),
        )
        .await;
    assert!(matches!(again, Err(StoreError::Expired)), "{again:?}");
    assert!(matches!(
        store.pending_sign_up(&[1u8; 32]).await,
        Err(StoreError::NotFound)
    ));

    let mut late = new_user(&north, "late@runner.test", Role::Patient);
    late.created_at = now + 25.hours();
    let expired = store
        .complete_pending_sign_up(&[2u8; 32], &late, &audit("user.sign-up"))
        .await;
    assert!(matches!(expired, Err(StoreError::Expired)), "{expired:?}");

    // An address that got an account meanwhile: a conflict, and the link stays as it was.
    user(store, &north, "taken@north.test", Role::Patient).await;
    let conflict = store
        .complete_pending_sign_up(
            &[3u8; 32],
            &new_user(&north, "taken@north.test", Role::Patient),
            &audit("user.sign-up"),
        )
        .await;
    assert!(
        matches!(conflict, Err(StoreError::Conflict(_))),
        "{conflict:?}"
    );
    assert!(store.pending_sign_up(&[3u8; 32]).await.is_ok());
}
