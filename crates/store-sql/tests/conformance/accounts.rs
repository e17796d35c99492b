//! Clinics, users, sessions, throttling, invitations, resets and tokens.

use jiff::{Timestamp, ToSpan};
use tendo_store::accounts::{
    AttemptId, AttemptLimit, NewApiToken, NewInvitation, NewSession, Reservation, Role, Scope,
};
use tendo_store::audit::AuditQuery;
use tendo_store::ids::{ApiTokenId, InvitationId, UserId};
use tendo_store::{Store, StoreError};

use crate::fixtures::{audit, clinic, new_user, user};
use crate::on_both_backends;

on_both_backends!(
    clinics_and_users,
    sessions_expire_and_end_everywhere,
    login_failures_are_counted_per_key,
    parallel_reservations_never_pass_the_limit,
    invitations_are_single_use_and_expire,
    password_resets_are_single_use,
    api_tokens_are_hashed_scoped_and_revocable,
    users_are_read_together_within_their_clinic,
    audit_entries_are_written_with_changes,
    audit_entries_written_together_are_each_stored_whole,
);

async fn clinics_and_users(store: &dyn Store) {
    let north = clinic(store, "north").await;
    assert_eq!(store.clinic_by_slug("north").await.unwrap(), north);
    let duplicate = crate::fixtures::clinic_result(store, "north").await;
    assert!(
        matches!(duplicate, Err(StoreError::Conflict(_))),
        "{duplicate:?}"
    );

    let admin = user(store, &north, "admin@north.test", Role::Admin).await;
    assert_eq!(store.user(north.id, admin.id).await.unwrap(), admin);
    let credentials = store.credentials("admin@north.test").await.unwrap();
    assert_eq!(credentials.user, admin);
    assert_eq!(credentials.password_hash.as_deref(), Some("$argon2id$fake"));

    let taken = store
        .create_user(
            &new_user(&north, "admin@north.test", Role::Clinician),
            &audit("x"),
        )
        .await;
    assert!(matches!(taken, Err(StoreError::Conflict(_))), "{taken:?}");

    let south = clinic(store, "south").await;
    assert!(matches!(
        store.user(south.id, admin.id).await,
        Err(StoreError::NotFound)
    ));
    user(store, &north, "b@north.test", Role::Clinician).await;
    user(store, &north, "a@north.test", Role::Clinician).await;
    let clinicians = store
        .users_with_role(north.id, Role::Clinician)
        .await
        .unwrap();
    assert_eq!(clinicians.len(), 2);
    assert!(clinicians[0].name < clinicians[1].name, "sorted by name");
    assert!(
        store
            .users_with_role(south.id, Role::Clinician)
            .await
            .unwrap()
            .is_empty()
    );

    let mut settings = north.settings.clone();
    settings.cancellation_window_hours = 48;
    store
        .update_clinic_settings(north.id, &settings, &audit("settings"))
        .await
        .unwrap();
    assert_eq!(
        store
            .clinic(north.id)
            .await
            .unwrap()
            .settings
            .cancellation_window_hours,
        48
    );
    assert!(matches!(
        store.credentials("nobody@north.test").await,
        Err(StoreError::NotFound)
    ));
}

async fn sessions_expire_and_end_everywhere(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let patient = user(store, &north, "p@north.test", Role::Patient).await;
    let now = Timestamp::now();
    for (hash, expires) in [
        (vec![1u8; 32], now + 1.hour()),
        (vec![2u8; 32], now + 2.hours()),
    ] {
        store
            .create_session(
                &NewSession {
                    token_hash: hash,
                    user_id: patient.id,
                    csrf_token: "csrf".into(),
                    created_at: now,
                    expires_at: expires,
                    ip: Some("127.0.0.1".into()),
                    user_agent: None,
                },
                &audit("login"),
            )
            .await
            .unwrap();
    }
    let active = store
        .active_session(&[1u8; 32], now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(active.user.id, patient.id);
    assert_eq!(active.csrf_token, "csrf");
    assert!(
        store
            .active_session(&[1u8; 32], now + 90.minutes())
            .await
            .unwrap()
            .is_none(),
        "an expired session is not active"
    );
    store.end_session(&[1u8; 32]).await.unwrap();
    assert!(
        store
            .active_session(&[1u8; 32], now)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store
            .end_all_access(patient.id, &audit("logout-all"))
            .await
            .unwrap()
            .sessions,
        1
    );
    assert!(
        store
            .active_session(&[2u8; 32], now)
            .await
            .unwrap()
            .is_none()
    );
}

/// Sign-in limits: 40 reservations at once under one key with a limit of 5 give exactly 5, and
/// a refused one counts nothing under the other keys; a given-back reservation frees its place.
async fn parallel_reservations_never_pass_the_limit(store: &dyn Store) {
    let now = Timestamp::now();
    let since = now - 15.minutes();
    let limits = [
        AttemptLimit::new("address:198.51.100.1", 30),
        AttemptLimit::new("account:burst@north.test", 5),
    ];
    let attempts: Vec<_> = (0..40)
        .map(|_| store.reserve_attempt(&limits, AttemptId::new(), now, since))
        .collect();
    let answers = futures_util::future::join_all(attempts).await;
    let reserved = answers
        .iter()
        .filter(|answer| matches!(answer, Ok(Reservation::Reserved { .. })))
        .count();
    assert_eq!(reserved, 5, "{answers:?}");
    assert!(answers.iter().all(|answer| matches!(
        answer,
        Ok(Reservation::Reserved { .. } | Reservation::Refused { limit: 1 })
    )));
    assert_eq!(
        store.login_failures(&limits[0].key, since).await.unwrap(),
        5,
        "refused attempts count nothing under the address"
    );
    let given_back = AttemptId::new();
    let address_only = [AttemptLimit::new("address:198.51.100.2", 1)];
    assert!(matches!(
        store
            .reserve_attempt(&address_only, given_back, now, since)
            .await
            .unwrap(),
        Reservation::Reserved { ref counts } if counts == &[1]
    ));
    assert!(matches!(
        store
            .reserve_attempt(&address_only, AttemptId::new(), now, since)
            .await
            .unwrap(),
        Reservation::Refused { limit: 0 }
    ));
    store
        .release_attempt(&address_only[0].key, given_back)
        .await
        .unwrap();
    assert!(matches!(
        store
            .reserve_attempt(&address_only, AttemptId::new(), now, since)
            .await
            .unwrap(),
        Reservation::Reserved { .. }
    ));
}

async fn login_failures_are_counted_per_key(store: &dyn Store) {
    let now = Timestamp::now();
    let keys = vec!["ip:10.0.0.1".to_string(), "account:a@b.test".to_string()];
    let first = store
        .record_login_failure(&keys, now, now - 15.minutes())
        .await
        .unwrap();
    assert_eq!(first, vec![1, 1]);
    let second = store
        .record_login_failure(&keys[..1], now + 1.second(), now - 15.minutes())
        .await
        .unwrap();
    assert_eq!(second, vec![2]);
    assert_eq!(
        store
            .login_failures(&keys[1], now - 15.minutes())
            .await
            .unwrap(),
        1
    );
    let later = now + 1.hour();
    assert_eq!(
        store
            .login_failures(&keys[0], later - 15.minutes())
            .await
            .unwrap(),
        0
    );
    store.clear_login_failures(&keys[0]).await.unwrap();
    assert_eq!(
        store
            .login_failures(&keys[0], now - 15.minutes())
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        store
            .login_failures(&keys[1], now - 15.minutes())
            .await
            .unwrap(),
        1
    );
}

async fn invitations_are_single_use_and_expire(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let clinician = user(store, &north, "c@north.test", Role::Clinician).await;
    let now = Timestamp::now();
    let invite = |hash: u8, expires| NewInvitation {
        id: InvitationId::new(),
        clinic_id: north.id,
        token_hash: vec![hash; 32],
        email: format!("p{hash}@north.test"),
        name: "Pat".into(),
        role: Role::Patient,
        profession: None,
        invited_by: clinician.id,
        care_clinician: Some(clinician.id),
        created_at: now,
        expires_at: expires,
    };
    store
        .create_invitation(&invite(7, now + 168.hours()), &audit("invite"))
        .await
        .unwrap();
    store
        .create_invitation(&invite(8, now - 1.second()), &audit("invite"))
        .await
        .unwrap();
    assert_eq!(store.invitations(north.id).await.unwrap().len(), 2);

    let mut patient = new_user(&north, "p7@north.test", Role::Patient);
    patient.care_clinician = Some(clinician.id);
    let accepted = store
        .accept_invitation(&[7u8; 32], &patient, &audit("accept"))
        .await
        .unwrap();
    assert_eq!(accepted.role, Role::Patient);
    assert!(store.cares_for(clinician.id, accepted.id).await.unwrap());
    assert!(
        store
            .invitation(&[7u8; 32])
            .await
            .unwrap()
            .accepted_at
            .is_some()
    );

    let mut again = new_user(&north, "other@north.test", Role::Patient);
    again.id = UserId::new();
    assert!(
        matches!(
            store
                .accept_invitation(&[7u8; 32], &again, &audit("accept"))
                .await,
            Err(StoreError::Expired)
        ),
        "a used invitation is refused"
    );
    assert!(
        matches!(
            store
                .accept_invitation(&[8u8; 32], &again, &audit("accept"))
                .await,
            Err(StoreError::Expired)
        ),
        "an expired invitation is refused"
    );
    assert!(
        matches!(
            store.credentials("other@north.test").await,
            Err(StoreError::NotFound)
        ),
        "nothing is created by a refused invitation"
    );
}

async fn password_resets_are_single_use(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let patient = user(store, &north, "p@north.test", Role::Patient).await;
    let now = Timestamp::now();
    store
        .create_password_reset(
            patient.id,
            &[3u8; 32],
            now,
            now + 1.hour(),
            None,
            &audit("reset"),
        )
        .await
        .unwrap();
    store
        .create_password_reset(
            patient.id,
            &[4u8; 32],
            now,
            now + 1.hour(),
            None,
            &audit("reset"),
        )
        .await
        .unwrap();
    store
        .set_locked_until(patient.id, Some(now + 1.hour()))
        .await
        .unwrap();
    let reset = store
        .reset_password(
            &[3u8; 32],
            "$argon2id$new",
            now + 1.minute(),
            &audit("reset"),
        )
        .await
        .unwrap()
        .0;
    assert_eq!(reset.id, patient.id);
    let credentials = store.credentials("p@north.test").await.unwrap();
    assert_eq!(credentials.password_hash.as_deref(), Some("$argon2id$new"));
    assert_eq!(credentials.user.locked_until, None, "a reset lifts a lock");
    assert!(matches!(
        store
            .reset_password(&[3u8; 32], "$x", now + 2.minutes(), &audit("reset"))
            .await,
        Err(StoreError::Expired)
    ));
    assert!(matches!(
        store
            .reset_password(&[4u8; 32], "$x", now + 2.hours(), &audit("reset"))
            .await,
        Err(StoreError::Expired)
    ));
}

async fn api_tokens_are_hashed_scoped_and_revocable(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let patient = user(store, &north, "p@north.test", Role::Patient).await;
    let now = Timestamp::now();
    let token = store
        .create_api_token(
            &NewApiToken {
                id: ApiTokenId::new(),
                user_id: patient.id,
                name: "watch".into(),
                token_hash: vec![9u8; 32],
                scopes: vec![Scope::Read],
                created_at: now,
                expires_at: Some(now + 720.hours()),
            },
            &audit("token.create"),
        )
        .await
        .unwrap();
    let (found, owner) = store
        .active_api_token(&[9u8; 32], now)
        .await
        .unwrap()
        .unwrap();
    // The token and its person come from one read: each field is the one stored.
    assert_eq!(found, token);
    assert_eq!(found.scopes, vec![Scope::Read]);
    assert_eq!(owner, patient);
    assert!(
        store
            .active_api_token(&[9u8; 32], now + 744.hours())
            .await
            .unwrap()
            .is_none()
    );
    let listed = store.api_tokens(patient.id).await.unwrap();
    assert!(listed[0].last_used_at.is_some());
    let stranger = UserId::new();
    assert!(matches!(
        store
            .revoke_api_token(stranger, token.id, &audit("revoke"))
            .await,
        Err(StoreError::NotFound)
    ));
    store
        .revoke_api_token(patient.id, token.id, &audit("revoke"))
        .await
        .unwrap();
    assert!(
        store
            .active_api_token(&[9u8; 32], now)
            .await
            .unwrap()
            .is_none()
    );
}

async fn audit_entries_are_written_with_changes(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let admin = user(store, &north, "admin@north.test", Role::Admin).await;
    let patient = user(store, &north, "p@north.test", Role::Patient).await;
    let entry = tendo_store::audit::AuditEntry::new("patient.read", "/patients/1")
        .by(admin.id, Role::Admin, north.id)
        .about(patient.id)
        .from_ip(Some("192.0.2.1".into()));
    store.record(std::slice::from_ref(&entry)).await.unwrap();
    store
        .set_password(patient.id, "$h", &entry.with_action("password.set", "user"))
        .await
        .unwrap();
    let entries = store
        .audit_entries(
            north.id,
            &AuditQuery {
                patient_id: Some(patient.id),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let actions: Vec<_> = entries.iter().map(|entry| entry.action.as_str()).collect();
    assert!(actions.contains(&"patient.read"), "{actions:?}");
    assert!(actions.contains(&"password.set"), "{actions:?}");
    assert_eq!(entries[0].ip.as_deref(), Some("192.0.2.1"));
    assert_eq!(entries[0].actor_role, Some(Role::Admin));
    let none = store
        .audit_entries(
            north.id,
            &AuditQuery {
                actor_id: Some(patient.id),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(none.is_empty());
}

/// Entries written together share statements (32 to a statement): each comes back whole, with
/// its own fields in its own row, across the statements of one write.
async fn audit_entries_written_together_are_each_stored_whole(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let admin = user(store, &north, "admin@north.test", Role::Admin).await;
    let patient = user(store, &north, "p@north.test", Role::Patient).await;
    let written: Vec<_> = (0..70)
        .map(|n| {
            let entry = tendo_store::audit::AuditEntry::new(
                format!("appointment.read.{n}"),
                format!("appointment/{n}"),
            )
            .by(admin.id, Role::Admin, north.id);
            if n % 2 == 0 {
                entry
                    .about(patient.id)
                    .from_ip(Some(format!("192.0.2.{n}")))
                    .detail(format!("entry {n}"))
            } else {
                entry
            }
        })
        .collect();
    store.record(&written).await.unwrap();
    let stored = store
        .audit_entries(
            north.id,
            &AuditQuery {
                actor_id: Some(admin.id),
                limit: 100,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(stored.len(), written.len());
    for entry in &written {
        let found = stored
            .iter()
            .find(|stored| stored.id == entry.id)
            .unwrap_or_else(|| panic!("{} is stored", entry.action));
        assert_eq!(found.at.as_microsecond(), entry.at.as_microsecond());
        let kept = tendo_store::audit::AuditEntry {
            at: found.at,
            ..entry.clone()
        };
        assert_eq!(found, &kept);
    }
}

/// Many people in one read: each once, only the clinic's own, and `NotFound` when one of them
/// is not a current user of the clinic.
async fn users_are_read_together_within_their_clinic(store: &dyn Store) {
    let north = clinic(store, "north").await;
    let south = clinic(store, "south").await;
    let admin = user(store, &north, "admin@north.test", Role::Admin).await;
    let patients: Vec<_> = patients_of(store, &north, 150).await;
    let stranger = user(store, &south, "p@south.test", Role::Patient).await;

    let mut ids: Vec<UserId> = patients.iter().map(|patient| patient.id).collect();
    ids.push(admin.id);
    ids.push(admin.id);
    let mut found = store.users(north.id, &ids).await.unwrap();
    found.sort_by_key(|user| user.id);
    let mut expected = patients.clone();
    expected.push(admin.clone());
    expected.sort_by_key(|user| user.id);
    assert_eq!(found, expected, "each of 151 people once, across two reads");

    assert!(store.users(north.id, &[]).await.unwrap().is_empty());
    for outsider in [stranger.id, UserId::new()] {
        assert!(
            matches!(
                store.users(north.id, &[admin.id, outsider]).await,
                Err(StoreError::NotFound)
            ),
            "a person outside the clinic is not found"
        );
    }
}

async fn patients_of(
    store: &dyn Store,
    clinic: &tendo_store::accounts::Clinic,
    count: usize,
) -> Vec<tendo_store::accounts::User> {
    let mut made = Vec::with_capacity(count);
    for n in 0..count {
        made.push(user(store, clinic, &format!("p{n}@north.test"), Role::Patient).await);
    }
    made
}
