use jiff::SignedDuration;
use tendo_app::accounts::{AcceptForm, InviteForm, accept_invitation, invitation, invite, login};
use tendo_store::accounts::{Profession, Role};

use crate::harness::{Harness, caller, meta};

fn form(email: &str, role: Role) -> InviteForm {
    InviteForm {
        email: email.into(),
        name: "New Person".into(),
        role,
        profession: (role == Role::Clinician).then_some(Profession::MassageTherapist),
        care_clinician: None,
    }
}

fn accept() -> AcceptForm {
    AcceptForm {
        password: "my new passphrase".into(),
        time_zone: "America/New_York".into(),
    }
}

#[tokio::test]
async fn a_clinician_invites_a_patient_who_joins_their_care_team() {
    let harness = Harness::new().await;
    let clinic = harness.clinic("north").await;
    let clinician = harness.user(&clinic, "c@north.test", Role::Clinician).await;
    let invited = invite(
        &harness.app,
        &caller(&clinician),
        &form("p@north.test", Role::Patient),
    )
    .await
    .unwrap();
    assert_eq!(invited.invitation.care_clinician, Some(clinician.id));
    let patient = accept_invitation(&harness.app, &invited.token, &accept())
        .await
        .unwrap();
    assert_eq!(patient.time_zone, "America/New_York");
    assert!(
        harness
            .store
            .cares_for(clinician.id, patient.id)
            .await
            .unwrap()
    );
    login(
        &harness.app,
        "p@north.test",
        "my new passphrase",
        &meta(),
        None,
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn an_invitation_works_once() {
    let harness = Harness::new().await;
    let clinic = harness.clinic("north").await;
    let admin = harness.user(&clinic, "a@north.test", Role::Admin).await;
    let invited = invite(
        &harness.app,
        &caller(&admin),
        &form("c@north.test", Role::Clinician),
    )
    .await
    .unwrap();
    accept_invitation(&harness.app, &invited.token, &accept())
        .await
        .unwrap();
    let reused = accept_invitation(&harness.app, &invited.token, &accept())
        .await
        .unwrap_err();
    assert_eq!(reused.code(), "expired");
    assert!(reused.public_message().contains("already used"), "{reused}");
}

#[tokio::test]
async fn an_invitation_expires_after_a_week() {
    let harness = Harness::new().await;
    let clinic = harness.clinic("north").await;
    let admin = harness.user(&clinic, "a@north.test", Role::Admin).await;
    let invited = invite(
        &harness.app,
        &caller(&admin),
        &form("p@north.test", Role::Patient),
    )
    .await
    .unwrap();
    harness.advance(SignedDuration::from_hours(24 * 7 + 1));
    let expired = invitation(&harness.app, &invited.token).await.unwrap_err();
    assert_eq!(expired.code(), "expired");
    let expired = accept_invitation(&harness.app, &invited.token, &accept())
        .await
        .unwrap_err();
    assert_eq!(expired.code(), "expired");
}

#[tokio::test]
async fn a_made_up_link_is_not_an_invitation() {
    let harness = Harness::new().await;
    let error = invitation(&harness.app, "made-up").await.unwrap_err();
    assert_eq!(error.code(), "expired");
}

#[tokio::test]
async fn patients_cannot_invite_and_clinicians_cannot_invite_staff() {
    let harness = Harness::new().await;
    let clinic = harness.clinic("north").await;
    let patient = harness.user(&clinic, "p@north.test", Role::Patient).await;
    let clinician = harness.user(&clinic, "c@north.test", Role::Clinician).await;
    let by_patient = invite(
        &harness.app,
        &caller(&patient),
        &form("x@north.test", Role::Patient),
    )
    .await
    .unwrap_err();
    assert_eq!(by_patient.code(), "forbidden");
    let staff = invite(
        &harness.app,
        &caller(&clinician),
        &form("y@north.test", Role::Admin),
    )
    .await
    .unwrap_err();
    assert_eq!(staff.code(), "forbidden");
}

#[tokio::test]
async fn bad_invitations_name_the_field_and_change_nothing() {
    let harness = Harness::new().await;
    let clinic = harness.clinic("north").await;
    let admin = harness.user(&clinic, "a@north.test", Role::Admin).await;
    let error = invite(
        &harness.app,
        &caller(&admin),
        &form("not-an-email", Role::Patient),
    )
    .await
    .unwrap_err();
    let tendo_app::error::AppError::Invalid(errors) = error else {
        panic!("expected invalid input");
    };
    assert!(errors.get("email").is_some());
    let taken = invite(
        &harness.app,
        &caller(&admin),
        &form("A@north.test", Role::Patient),
    )
    .await
    .unwrap_err();
    assert!(
        taken.public_message().contains("already has an account"),
        "{taken}"
    );
    assert!(
        harness
            .store
            .invitations(clinic.id)
            .await
            .unwrap()
            .is_empty()
    );

    let invited = invite(
        &harness.app,
        &caller(&admin),
        &form("p@north.test", Role::Patient),
    )
    .await
    .unwrap();
    let weak = accept_invitation(
        &harness.app,
        &invited.token,
        &AcceptForm {
            password: "short".into(),
            time_zone: "Nowhere/City".into(),
        },
    )
    .await
    .unwrap_err();
    let tendo_app::error::AppError::Invalid(errors) = weak else {
        panic!("expected invalid input");
    };
    assert!(errors.get("password").is_some());
    assert!(errors.get("time_zone").is_some());
    accept_invitation(&harness.app, &invited.token, &accept())
        .await
        .expect("a refused attempt does not use up the invitation");
}

#[tokio::test]
async fn an_invitation_to_an_account_of_another_clinic_looks_new_and_accepts_nothing() {
    let harness = Harness::new().await;
    let north = harness.clinic("north").await;
    let south = harness.clinic("south").await;
    let admin = harness.user(&south, "a@south.test", Role::Admin).await;
    let owner = harness.user(&north, "pat@north.test", Role::Patient).await;
    let fresh = invite(
        &harness.app,
        &caller(&admin),
        &form("new@runner.test", Role::Patient),
    )
    .await
    .unwrap();
    let taken = invite(
        &harness.app,
        &caller(&admin),
        &form("Pat@North.test", Role::Patient),
    )
    .await
    .expect("an address with an account elsewhere is answered like a new one");
    assert_eq!(taken.invitation.email, "pat@north.test");
    assert_eq!(taken.invitation.clinic_id, fresh.invitation.clinic_id);
    assert_eq!(
        taken
            .invitation
            .expires_at
            .duration_since(taken.invitation.created_at),
        fresh
            .invitation
            .expires_at
            .duration_since(fresh.invitation.created_at)
    );
    assert_eq!(taken.token.len(), fresh.token.len());
    assert!(
        fresh.send_link && !taken.send_link,
        "only the new address is sent a link"
    );
    assert_eq!(
        harness.store.invitations(south.id).await.unwrap().len(),
        2,
        "the clinic's list shows both alike"
    );
    let refused = accept_invitation(&harness.app, &taken.token, &accept())
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "expired", "the link accepts nothing");
    let note = harness.store.mail_to("pat@north.test", 5).await.unwrap();
    assert_eq!(note.len(), 1, "the owner is told");
    assert!(note[0].body.contains("already has a Tendo account"));
    assert!(!note[0].body.contains(&taken.token));
    let unchanged = harness
        .store
        .credentials("pat@north.test")
        .await
        .unwrap()
        .user;
    assert_eq!(unchanged, owner, "the owner's account is not changed");
}
