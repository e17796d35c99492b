use jiff::SignedDuration;
use tendo_app::access::{Caller, Credential};
use tendo_app::accounts::{
    admin_reset_link, complete_reset, create_token, login, request_reset, revoke_token,
    token_caller,
};
use tendo_app::privacy;
use tendo_store::accounts::{Role, Scope};

use crate::harness::{Harness, PASSWORD, caller, meta};

#[tokio::test]
async fn a_reset_link_works_once_and_unlocks_the_account() {
    let harness = Harness::new().await;
    let clinic = harness.clinic("north").await;
    harness.user(&clinic, "p@north.test", Role::Patient).await;
    for _ in 0..5 {
        login(&harness.app, "p@north.test", "wrong guess", &meta(), None)
            .await
            .unwrap_err();
    }
    assert!(
        request_reset(&harness.app, "nobody@north.test", &meta())
            .await
            .unwrap()
            .is_none()
    );
    let (_, token) = request_reset(&harness.app, "P@north.test", &meta())
        .await
        .unwrap()
        .unwrap();
    complete_reset(&harness.app, &token, "a brand new passphrase", &meta())
        .await
        .unwrap();
    login(
        &harness.app,
        "p@north.test",
        "a brand new passphrase",
        &meta(),
        None,
    )
    .await
    .expect("the reset lifts the lock");
    let reused = complete_reset(&harness.app, &token, "another passphrase", &meta())
        .await
        .unwrap_err();
    assert_eq!(reused.code(), "expired");
}

#[tokio::test]
async fn a_reset_link_expires_after_an_hour() {
    let harness = Harness::new().await;
    let clinic = harness.clinic("north").await;
    let admin = harness.user(&clinic, "a@north.test", Role::Admin).await;
    let patient = harness.user(&clinic, "p@north.test", Role::Patient).await;
    let token = admin_reset_link(&harness.app, &caller(&admin), patient.id)
        .await
        .unwrap()
        .token;
    harness.advance(SignedDuration::from_mins(61));
    let expired = complete_reset(&harness.app, &token, "a brand new passphrase", &meta())
        .await
        .unwrap_err();
    assert_eq!(expired.code(), "expired");
    login(&harness.app, "p@north.test", PASSWORD, &meta(), None)
        .await
        .expect("the old password still works");
}

#[tokio::test]
async fn tokens_are_scoped_and_revocable() {
    let harness = Harness::new().await;
    let clinic = harness.clinic("north").await;
    let patient = harness.user(&clinic, "p@north.test", Role::Patient).await;
    let created = create_token(
        &harness.app,
        &caller(&patient),
        "my watch",
        &[Scope::Read],
        Some(30),
    )
    .await
    .unwrap();
    assert!(created.secret.starts_with("tendo_pat_"));
    let token_user = token_caller(&harness.app, &created.secret, meta())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(token_user.user.id, patient.id);
    assert_eq!(token_user.require_write().unwrap_err().code(), "forbidden");
    let from_token = create_token(&harness.app, &token_user, "nested", &[Scope::Read], None)
        .await
        .unwrap_err();
    assert_eq!(from_token.code(), "forbidden");
    revoke_token(&harness.app, &caller(&patient), created.token.id)
        .await
        .unwrap();
    assert!(
        token_caller(&harness.app, &created.secret, meta())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        token_caller(&harness.app, "tendo_pat_made-up", meta())
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn a_patient_downloads_and_deletes_their_record() {
    let harness = Harness::new().await;
    let clinic = harness.clinic("north").await;
    let patient = harness.user(&clinic, "p@north.test", Role::Patient).await;
    let other = harness.user(&clinic, "q@north.test", Role::Patient).await;
    let export = privacy::export(&harness.app, &caller(&patient), patient.id)
        .await
        .unwrap();
    assert_eq!(export.account.id, patient.id);
    assert_eq!(
        privacy::export(&harness.app, &caller(&other), patient.id)
            .await
            .unwrap_err()
            .code(),
        "not_found"
    );
    let refused = privacy::delete_own_record(&harness.app, &caller(&patient), "wrong")
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "invalid_input");
    let read_only = Caller {
        credential: Credential::Token(vec![Scope::Read]),
        ..caller(&patient)
    };
    assert_eq!(
        privacy::delete_own_record(&harness.app, &read_only, PASSWORD)
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );
    privacy::delete_own_record(&harness.app, &caller(&patient), PASSWORD)
        .await
        .unwrap();
    assert!(
        login(&harness.app, "p@north.test", PASSWORD, &meta(), None)
            .await
            .is_err()
    );
    let log = harness
        .store
        .audit_entries(
            clinic.id,
            &tendo_store::audit::AuditQuery {
                patient_id: Some(patient.id),
                limit: 50,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let actions: Vec<_> = log.iter().map(|entry| entry.action.as_str()).collect();
    assert!(actions.contains(&"patient.delete"), "{actions:?}");
    assert!(actions.contains(&"patient.export"), "{actions:?}");
}
