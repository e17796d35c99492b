use jiff::SignedDuration;
use tendo_app::accounts::{login, logout_everywhere, session_caller};
use tendo_app::error::AppError;
use tendo_store::accounts::Role;

use crate::harness::{Harness, PASSWORD, caller, meta};

#[tokio::test]
async fn the_right_password_starts_a_session() {
    let harness = Harness::new().await;
    let clinic = harness.clinic("north").await;
    let user = harness.user(&clinic, "Pat@North.test", Role::Patient).await;
    let signed_in = login(&harness.app, " pat@north.test ", PASSWORD, &meta(), None)
        .await
        .unwrap();
    assert_eq!(signed_in.user.id, user.id);
    let found = session_caller(&harness.app, &signed_in.session_token, meta())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.caller.user.id, user.id);
    assert_eq!(found.csrf_token, signed_in.csrf_token);
    assert_eq!(found.unread_messages, 0, "nobody has written to them yet");
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_account_get_the_same_answer() {
    let harness = Harness::new().await;
    let clinic = harness.clinic("north").await;
    harness.user(&clinic, "pat@north.test", Role::Patient).await;
    let wrong = login(
        &harness.app,
        "pat@north.test",
        "not the password",
        &meta(),
        None,
    )
    .await
    .unwrap_err();
    let unknown = login(&harness.app, "nobody@north.test", PASSWORD, &meta(), None)
        .await
        .unwrap_err();
    assert_eq!(wrong.code(), "unauthenticated");
    assert_eq!(wrong.public_message(), unknown.public_message());
}

#[tokio::test]
async fn five_failures_lock_the_account_even_for_the_right_password() {
    let harness = Harness::new().await;
    let clinic = harness.clinic("north").await;
    harness.user(&clinic, "pat@north.test", Role::Patient).await;
    for attempt in 1..=5 {
        let error = login(&harness.app, "pat@north.test", "wrong guess", &meta(), None)
            .await
            .unwrap_err();
        let expected = if attempt < 5 {
            "unauthenticated"
        } else {
            "account_locked"
        };
        assert_eq!(error.code(), expected, "attempt {attempt}");
    }
    let locked = login(&harness.app, "pat@north.test", PASSWORD, &meta(), None)
        .await
        .unwrap_err();
    assert!(matches!(locked, AppError::Locked { .. }), "{locked:?}");
    harness.advance(SignedDuration::from_mins(16));
    login(&harness.app, "pat@north.test", PASSWORD, &meta(), None)
        .await
        .expect("the lock ends with the window");
}

#[tokio::test]
async fn an_unknown_account_locks_the_same_way() {
    let harness = Harness::new().await;
    harness.clinic("north").await;
    let mut last = None;
    for _ in 0..6 {
        last = Some(
            login(&harness.app, "ghost@north.test", "guess", &meta(), None)
                .await
                .unwrap_err(),
        );
    }
    assert_eq!(last.unwrap().code(), "account_locked");
}

#[tokio::test]
async fn one_address_is_slowed_after_many_failures_across_accounts() {
    let harness = Harness::new().await;
    harness.clinic("north").await;
    for number in 0..30 {
        let email = format!("person{number}@north.test");
        login(&harness.app, &email, "guess", &meta(), None)
            .await
            .unwrap_err();
    }
    let error = login(&harness.app, "another@north.test", "guess", &meta(), None)
        .await
        .unwrap_err();
    assert_eq!(error.code(), "too_many_attempts");
}

#[tokio::test]
async fn signing_in_again_rotates_the_session() {
    let harness = Harness::new().await;
    let clinic = harness.clinic("north").await;
    harness.user(&clinic, "pat@north.test", Role::Patient).await;
    let first = login(&harness.app, "pat@north.test", PASSWORD, &meta(), None)
        .await
        .unwrap();
    let second = login(
        &harness.app,
        "pat@north.test",
        PASSWORD,
        &meta(),
        Some(&first.session_token),
    )
    .await
    .unwrap();
    assert_ne!(first.session_token, second.session_token);
    assert!(
        session_caller(&harness.app, &first.session_token, meta())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        session_caller(&harness.app, &second.session_token, meta())
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn sessions_expire_and_logout_everywhere_ends_them_all() {
    let harness = Harness::new().await;
    let clinic = harness.clinic("north").await;
    let user = harness.user(&clinic, "pat@north.test", Role::Patient).await;
    let phone = login(&harness.app, "pat@north.test", PASSWORD, &meta(), None)
        .await
        .unwrap();
    let laptop = login(&harness.app, "pat@north.test", PASSWORD, &meta(), None)
        .await
        .unwrap();
    assert_eq!(
        logout_everywhere(&harness.app, &caller(&user))
            .await
            .unwrap()
            .sessions,
        2
    );
    for token in [&phone.session_token, &laptop.session_token] {
        assert!(
            session_caller(&harness.app, token, meta())
                .await
                .unwrap()
                .is_none()
        );
    }
    let again = login(&harness.app, "pat@north.test", PASSWORD, &meta(), None)
        .await
        .unwrap();
    harness.advance(SignedDuration::from_hours(24 * 15));
    assert!(
        session_caller(&harness.app, &again.session_token, meta())
            .await
            .unwrap()
            .is_none(),
        "a session ends after its lifetime"
    );
}
