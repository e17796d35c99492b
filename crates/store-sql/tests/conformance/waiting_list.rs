//! The waiting list: one entry per wish, served in joining order to those without an open
//! offer; an offer is kept with its mail, its link works once and until it expires, and the
//! entry with its offers goes when the offer is booked or the patient leaves.

use jiff::civil::date;
use jiff::{Timestamp, ToSpan};
use tendo_store::accounts::{Clinic, Role};
use tendo_store::booking::{AppointmentKind, AppointmentType};
use tendo_store::ids::{AppointmentTypeId, RecordId, UserId, WaitingEntryId};
use tendo_store::mail::NewMail;
use tendo_store::waiting::{NewWaitingOffer, WaitingEntry, WaitingOffer};
use tendo_store::{Store, StoreError};

use crate::fixtures::{audit, clinic, user};
use crate::on_both_backends;

on_both_backends!(
    a_waiting_list_keeps_one_entry_per_wish_in_joining_order,
    waiting_list_offers_are_kept_with_their_mail_and_used_once
);

/// Moments come back to the microsecond; whole seconds compare equal.
fn now() -> Timestamp {
    Timestamp::from_second(Timestamp::now().as_second()).unwrap()
}

async fn video_type(store: &dyn Store, clinic: &Clinic) -> AppointmentType {
    let kind = AppointmentType {
        id: AppointmentTypeId::new(),
        clinic_id: clinic.id,
        kind: AppointmentKind::VideoAssessment,
        name: "Video assessment".into(),
        description: String::new(),
        duration_minutes: 45,
        price_minor: 4000,
        currency: "GBP".into(),
        buffer_before_minutes: 0,
        buffer_after_minutes: 15,
        profession: None,
        clinicians: Vec::new(),
        resource: None,
        active: true,
    };
    store
        .save_appointment_type(&kind, &audit("type"))
        .await
        .unwrap();
    kind
}

fn wish(
    clinic: &Clinic,
    patient: UserId,
    kind: &AppointmentType,
    clinician: Option<UserId>,
    days: (i8, i8),
    joined: Timestamp,
) -> WaitingEntry {
    WaitingEntry {
        id: WaitingEntryId::new(),
        clinic_id: clinic.id,
        patient_id: patient,
        type_id: kind.id,
        clinician_id: clinician,
        from: date(2027, 3, days.0),
        to: date(2027, 3, days.1),
        created_at: joined,
    }
}

fn offer_mail(to: &str, at: Timestamp) -> NewMail {
    NewMail {
        id: RecordId::new(),
        clinic_id: None,
        user_id: None,
        to: to.into(),
        subject: "A time is free".into(),
        body: "the link".into(),
        calendar: None,
        created_at: at,
        send_after: at,
    }
}

fn offer_for(entry: &WaitingEntry, at: Timestamp, hash: u8) -> NewWaitingOffer {
    NewWaitingOffer {
        offer: WaitingOffer {
            id: RecordId::new(),
            entry_id: entry.id,
            clinic_id: entry.clinic_id,
            patient_id: entry.patient_id,
            type_id: entry.type_id,
            clinician_id: entry.clinician_id,
            start: at + 48.hours(),
            created_at: at,
            expires_at: at + 12.hours(),
            used_at: None,
        },
        token_hash: vec![hash; 32],
    }
}

async fn a_waiting_list_keeps_one_entry_per_wish_in_joining_order(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let south = clinic(store, "south").await;
    let physio = user(store, &north, "physio@north.test", Role::Clinician).await;
    let ann = user(store, &north, "ann@north.test", Role::Patient).await;
    let bob = user(store, &north, "bob@north.test", Role::Patient).await;
    let sue = user(store, &south, "sue@south.test", Role::Patient).await;
    let video = video_type(store, &north).await;
    let south_video = video_type(store, &south).await;
    let at = now();

    let (bobs, new) = store
        .join_waiting_list(
            &wish(&north, bob.id, &video, None, (10, 20), at),
            &audit("join"),
        )
        .await
        .unwrap();
    assert!(new);
    let (anns, _) = store
        .join_waiting_list(
            &wish(
                &north,
                ann.id,
                &video,
                Some(physio.id),
                (1, 12),
                at + 1.second(),
            ),
            &audit("join"),
        )
        .await
        .unwrap();
    store
        .join_waiting_list(
            &wish(&south, sue.id, &south_video, None, (1, 31), at),
            &audit("join"),
        )
        .await
        .unwrap();

    // The same wish again answers the first entry; another clinician is another wish.
    let (again, new) = store
        .join_waiting_list(
            &wish(&north, bob.id, &video, None, (10, 20), at + 5.seconds()),
            &audit("join"),
        )
        .await
        .unwrap();
    assert!(!new);
    assert_eq!(again, bobs);
    let (with_physio, new) = store
        .join_waiting_list(
            &wish(
                &north,
                bob.id,
                &video,
                Some(physio.id),
                (10, 20),
                at + 9.seconds(),
            ),
            &audit("join"),
        )
        .await
        .unwrap();
    assert!(new);
    assert_ne!(with_physio.id, bobs.id);
    assert_eq!(
        store.waiting_entries(north.id, bob.id).await.unwrap(),
        vec![bobs.clone(), with_physio.clone()]
    );

    // Offered in joining order, only entries whose dates reach the freed ones, one clinic.
    let first = |entries: Vec<WaitingEntry>| entries.iter().map(|e| e.id).collect::<Vec<_>>();
    let march = |day| date(2027, 3, day);
    assert_eq!(
        first(
            store
                .waiting_to_offer(north.id, march(11), march(11), at, 10)
                .await
                .unwrap()
        ),
        vec![bobs.id, anns.id, with_physio.id]
    );
    assert_eq!(
        first(
            store
                .waiting_to_offer(north.id, march(2), march(3), at, 10)
                .await
                .unwrap()
        ),
        vec![anns.id]
    );
    assert_eq!(
        first(
            store
                .waiting_to_offer(north.id, march(11), march(11), at, 2)
                .await
                .unwrap()
        ),
        vec![bobs.id, anns.id]
    );
    assert!(
        store
            .waiting_to_offer(north.id, march(25), march(28), at, 10)
            .await
            .unwrap()
            .is_empty()
    );

    // Leaving: only one's own entry, and it is gone.
    assert!(matches!(
        store
            .leave_waiting_list(north.id, ann.id, bobs.id, &audit("leave"))
            .await,
        Err(StoreError::NotFound)
    ));
    store
        .leave_waiting_list(north.id, bob.id, bobs.id, &audit("leave"))
        .await
        .unwrap();
    assert_eq!(
        store.waiting_entries(north.id, bob.id).await.unwrap(),
        vec![with_physio]
    );
}

async fn waiting_list_offers_are_kept_with_their_mail_and_used_once(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let ann = user(store, &north, "ann@north.test", Role::Patient).await;
    let bob = user(store, &north, "bob@north.test", Role::Patient).await;
    let video = video_type(store, &north).await;
    let at = now();
    let (anns, _) = store
        .join_waiting_list(
            &wish(&north, ann.id, &video, None, (1, 20), at),
            &audit("join"),
        )
        .await
        .unwrap();
    let (bobs, _) = store
        .join_waiting_list(
            &wish(&north, bob.id, &video, None, (1, 20), at + 1.second()),
            &audit("join"),
        )
        .await
        .unwrap();

    let offer = offer_for(&anns, at, 7);
    store
        .create_waiting_offer(&offer, &offer_mail(&ann.email, at), &audit("offer"))
        .await
        .unwrap();
    assert_eq!(store.waiting_offer(&[7; 32]).await.unwrap(), offer.offer);
    let mail = store.mail_to(&ann.email, 10).await.unwrap();
    assert!(mail.iter().any(|m| m.subject == "A time is free"));

    // While her offer is open Ann is not offered another time; once it expires she is.
    let waiting =
        |now| store.waiting_to_offer(north.id, date(2027, 3, 5), date(2027, 3, 5), now, 10);
    let ids = |entries: Vec<WaitingEntry>| entries.iter().map(|e| e.id).collect::<Vec<_>>();
    assert_eq!(ids(waiting(at).await.unwrap()), vec![bobs.id]);
    assert_eq!(
        ids(waiting(at + 13.hours()).await.unwrap()),
        vec![anns.id, bobs.id]
    );

    // An expired link cannot be used; an open one works once, and can be given back.
    assert!(matches!(
        store.claim_waiting_offer(&[7; 32], at + 12.hours()).await,
        Err(StoreError::Expired)
    ));
    let claimed = store
        .claim_waiting_offer(&[7; 32], at + 1.hours())
        .await
        .unwrap();
    assert_eq!(claimed.used_at, Some(at + 1.hours()));
    assert!(matches!(
        store.claim_waiting_offer(&[7; 32], at + 1.hours()).await,
        Err(StoreError::Expired)
    ));
    store.release_waiting_offer(&[7; 32]).await.unwrap();
    store
        .claim_waiting_offer(&[7; 32], at + 2.hours())
        .await
        .unwrap();

    // Booked: her entry and its offers go; Bob keeps his place.
    store
        .fulfil_waiting_offer(north.id, anns.id, &audit("booked"))
        .await
        .unwrap();
    assert!(
        store
            .waiting_entries(north.id, ann.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        store.waiting_offer(&[7; 32]).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.claim_waiting_offer(&[7; 32], at + 2.hours()).await,
        Err(StoreError::Expired)
    ));
    assert_eq!(
        store.waiting_entries(north.id, bob.id).await.unwrap(),
        vec![bobs]
    );
}
