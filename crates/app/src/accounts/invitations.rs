//! One-time invitation links: an administrator invites clinicians, administrators and patients;
//! a clinician invites their own patients.

use jiff::Timestamp;
use tendo_store::StoreError;
use tendo_store::accounts::{Invitation, NewInvitation, NewUser, Profession, Role, User};
use tendo_store::audit::AuditEntry;
use tendo_store::ids::{InvitationId, RecordId, UserId};
use tendo_store::mail::NewMail;

use super::{check_email, check_name, check_time_zone, normalise_email};
use crate::access::Caller;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::secrets::{random_token, token_hash};
use crate::{App, password};

/// Whom to invite.
#[derive(Clone, Debug)]
pub struct InviteForm {
    /// Their email address.
    pub email: String,
    /// Their name.
    pub name: String,
    /// The role they will have.
    pub role: Role,
    /// Their profession, for clinicians.
    pub profession: Option<Profession>,
    /// For a patient invited by an administrator: the clinician who will care for them.
    pub care_clinician: Option<UserId>,
}

/// An invitation and the link token to send (shown once, never stored).
#[derive(Clone, Debug)]
pub struct Invited {
    /// The invitation.
    pub invitation: Invitation,
    /// The token for the link `/invitations/{token}`.
    pub token: String,
    /// Whether to send the link to the invitee. False when the address already has an account
    /// in another clinic: the answer looks the same, but the link accepts nothing and the
    /// address's owner was sent a note instead.
    pub send_link: bool,
}

/// Accepting an invitation: the new password and time zone.
#[derive(Clone, Debug)]
pub struct AcceptForm {
    /// The password to set.
    pub password: String,
    /// The person's IANA time zone.
    pub time_zone: String,
}

/// Why an invitation is refused when the address already belongs to someone of the caller's
/// clinic (a conflict with who exists, answered 409; the invitation form shows it by the email
/// field).
pub const ALREADY_IN_CLINIC: &str =
    "someone with this email address already has an account in this clinic";

/// Creates an invitation.
pub async fn invite(app: &App, caller: &Caller, form: &InviteForm) -> AppResult<Invited> {
    caller.require_write()?;
    caller.require_role(&[Role::Admin, Role::Clinician])?;
    if caller.role() == Role::Clinician && form.role != Role::Patient {
        return Err(AppError::Forbidden(
            "clinicians invite patients; ask an administrator to invite staff".into(),
        ));
    }
    let email = normalise_email(&form.email);
    let mut errors = FieldErrors::default();
    check_email(&mut errors, "email", &email);
    check_name(&mut errors, "name", &form.name);
    if form.role == Role::Clinician && form.profession.is_none() {
        errors.add("profession", "choose physiotherapist or massage therapist");
    }
    errors.into_result()?;
    // Someone of the caller's own clinic is named plainly (the caller can see their clinic's
    // people); someone of another clinic must not show, so the answer is built as for anyone.
    let elsewhere = match app.store.credentials(&email).await {
        Ok(found) if found.user.clinic_id == caller.user.clinic_id => {
            return Err(AppError::Conflict(ALREADY_IN_CLINIC.into()));
        }
        Ok(found) => Some(found.user),
        Err(StoreError::NotFound) => None,
        Err(other) => return Err(other.into()),
    };
    let care_clinician = match (form.role, caller.role()) {
        (Role::Patient, Role::Clinician) => Some(caller.id()),
        (Role::Patient, _) => match form.care_clinician {
            Some(clinician) => {
                let found = app.store.user(caller.user.clinic_id, clinician).await;
                match found {
                    Ok(user) if user.role == Role::Clinician => Some(clinician),
                    Err(StoreError::NotFound) => return Err(AppError::NotFound),
                    _ => {
                        return Err(AppError::invalid(
                            "care_clinician",
                            "choose a clinician of this clinic",
                        ));
                    }
                }
            }
            None => None,
        },
        _ => None,
    };
    let now = app.now();
    let token = random_token();
    // For an address with an account elsewhere, the stored hash is of another token that is
    // thrown away: the invitation looks like any other but no link can ever accept it.
    let stored_hash = match elsewhere {
        Some(_) => token_hash(&random_token()),
        None => token_hash(&token),
    };
    let invitation = NewInvitation {
        id: InvitationId::new(),
        clinic_id: caller.user.clinic_id,
        token_hash: stored_hash,
        email,
        name: form.name.trim().to_string(),
        role: form.role,
        profession: if form.role == Role::Clinician {
            form.profession
        } else {
            None
        },
        invited_by: caller.id(),
        care_clinician,
        created_at: now,
        expires_at: now + app.settings.invitation_lifetime,
    };
    let audit = caller.audit(
        "invitation.create",
        format!("invitation/{}", invitation.id),
        now,
    );
    let invitation = app.store.create_invitation(&invitation, &audit).await?;
    if let Some(owner) = elsewhere {
        app.store
            .enqueue_mail(&account_exists_note(app, &owner, now))
            .await?;
        return Ok(Invited {
            invitation,
            token,
            send_link: false,
        });
    }
    Ok(Invited {
        invitation,
        token,
        send_link: true,
    })
}

/// The note to the owner of an account that another clinic tried to invite.
fn account_exists_note(app: &App, owner: &User, now: Timestamp) -> NewMail {
    NewMail {
        id: RecordId::new(),
        clinic_id: Some(owner.clinic_id),
        user_id: Some(owner.id),
        to: owner.email.clone(),
        subject: "An invitation to Tendo for your address".into(),
        body: format!(
            "Hello {},\n\nA clinic on Tendo tried to invite this address, which already has a \
             Tendo account. Nothing about your account has changed. If you want to join that \
             clinic, ask them to invite another address; to use your account, sign in at \
             {}/login.\n",
            owner.name, app.settings.base_url
        ),
        calendar: None,
        created_at: now,
        send_after: now,
    }
}

/// The invitation behind a link, if it can still be accepted.
pub async fn invitation(app: &App, token: &str) -> AppResult<Invitation> {
    let invitation =
        app.store
            .invitation(&token_hash(token))
            .await
            .map_err(|error| match error {
                StoreError::NotFound => AppError::Expired(
                    "This invitation link is not valid. Ask your clinic for a new one.".into(),
                ),
                other => other.into(),
            })?;
    check_usable(&invitation, app.now())?;
    Ok(invitation)
}

fn check_usable(invitation: &Invitation, now: Timestamp) -> AppResult<()> {
    if invitation.accepted_at.is_some() {
        return Err(AppError::Expired(
            "This invitation was already used. Sign in instead, or ask your clinic for a new one."
                .into(),
        ));
    }
    if invitation.expires_at <= now {
        return Err(AppError::Expired(
            "This invitation has expired. Ask your clinic for a new one.".into(),
        ));
    }
    Ok(())
}

/// Accepts an invitation: creates the account, once.
pub async fn accept_invitation(app: &App, token: &str, form: &AcceptForm) -> AppResult<User> {
    let invitation = invitation(app, token).await?;
    let mut errors = FieldErrors::default();
    check_time_zone(&mut errors, "time_zone", &form.time_zone);
    if let Err(AppError::Invalid(problems)) =
        password::check_policy("password", &form.password, &invitation.email)
    {
        errors.0.extend(problems.0);
    }
    errors.into_result()?;
    let hash = password::hash(form.password.clone()).await?;
    let now = app.now();
    let id = UserId::new();
    let user = NewUser {
        id,
        clinic_id: invitation.clinic_id,
        email: invitation.email.clone(),
        name: invitation.name.clone(),
        role: invitation.role,
        profession: invitation.profession,
        time_zone: form.time_zone.clone(),
        password_hash: Some(hash),
        care_clinician: invitation.care_clinician,
        created_at: now,
    };
    let mut audit = AuditEntry::new("invitation.accept", format!("invitation/{}", invitation.id))
        .by(id, invitation.role, invitation.clinic_id);
    audit.at = now;
    if invitation.role == Role::Patient {
        audit = audit.about(id);
    }
    app.store
        .accept_invitation(&token_hash(token), &user, &audit)
        .await
        .map_err(|error| match error {
            StoreError::Expired => {
                AppError::Expired("This invitation was already used or has expired.".into())
            }
            other => other.into(),
        })
}
