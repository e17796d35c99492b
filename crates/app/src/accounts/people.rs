//! Who is in the caller's clinic: the clinic itself, its staff and patients, the invitations
//! still open, and the invitation mail that carries a link.

use tendo_store::accounts::{Clinic, Invitation, Role, User};
use tendo_store::ids::{RecordId, UserId};
use tendo_store::mail::NewMail;

use super::Invited;
use crate::App;
use crate::access::Caller;
use crate::error::{AppError, AppResult};

/// The caller's own clinic.
pub async fn own_clinic(app: &App, caller: &Caller) -> AppResult<Clinic> {
    Ok(app.store.clinic(caller.user.clinic_id).await?)
}

/// The people page of a clinic: an administrator sees everyone and every open invitation; a
/// clinician sees the staff (to know whom to ask) and only the invitations they sent.
#[derive(Clone, Debug, Default)]
pub struct ClinicPeople {
    /// Administrators, then clinicians.
    pub staff: Vec<User>,
    /// The clinicians alone (a patient's care clinician is chosen among them).
    pub clinicians: Vec<User>,
    /// The patients: for administrators only, empty for a clinician.
    pub patients: Vec<User>,
    /// Invitations the caller may see.
    pub invitations: Vec<Invitation>,
}

/// The people of the caller's clinic, for staff.
pub async fn clinic_people(app: &App, caller: &Caller) -> AppResult<ClinicPeople> {
    caller.require_role(&[Role::Admin, Role::Clinician])?;
    let clinic = caller.user.clinic_id;
    let is_admin = caller.role() == Role::Admin;
    let mut staff = app.store.users_with_role(clinic, Role::Admin).await?;
    let clinicians = app.store.users_with_role(clinic, Role::Clinician).await?;
    staff.extend(clinicians.iter().cloned());
    let patients = if is_admin {
        app.store.users_with_role(clinic, Role::Patient).await?
    } else {
        Vec::new()
    };
    let invitations = app
        .store
        .invitations(clinic)
        .await?
        .into_iter()
        .filter(|invitation| is_admin || invitation.invited_by == caller.id())
        .collect();
    Ok(ClinicPeople {
        staff,
        clinicians,
        patients,
        invitations,
    })
}

/// The clinicians of the caller's clinic, for staff (to choose whom an appointment type or a
/// patient goes to).
pub async fn clinicians(app: &App, caller: &Caller) -> AppResult<Vec<User>> {
    caller.require_role(&[Role::Admin, Role::Clinician])?;
    Ok(app
        .store
        .users_with_role(caller.user.clinic_id, Role::Clinician)
        .await?)
}

/// A member of the caller's clinic by id, for staff: "not found" for anyone else.
pub async fn clinic_member(app: &App, caller: &Caller, user: UserId) -> AppResult<User> {
    caller.require_role(&[Role::Admin, Role::Clinician])?;
    Ok(app.store.user(caller.user.clinic_id, user).await?)
}

/// The address an invitation link opens.
pub fn invitation_link(app: &App, token: &str) -> String {
    format!("{}/invitations/{token}", app.settings.base_url)
}

/// Queues the mail that carries an invitation's link, when the invitation can be accepted (for
/// an address with an account elsewhere, [`super::invite`] already sent its owner a note).
pub async fn mail_invitation(app: &App, caller: &Caller, invited: &Invited) -> AppResult<()> {
    if !invited.send_link {
        return Ok(());
    }
    if invited.invitation.clinic_id != caller.user.clinic_id {
        return Err(AppError::NotFound);
    }
    let clinic = own_clinic(app, caller).await?;
    let now = app.now();
    let link = invitation_link(app, &invited.token);
    app.store
        .enqueue_mail(&NewMail {
            id: RecordId::new(),
            clinic_id: Some(clinic.id),
            user_id: None,
            to: invited.invitation.email.clone(),
            subject: format!("Your invitation to {} on Tendo", clinic.name),
            body: format!(
                "Hello {},\n\n{} invites you to join {} on Tendo. Open this link within a week \
                 to choose your password:\n\n{link}\n",
                invited.invitation.name, caller.user.name, clinic.name
            ),
            calendar: None,
            created_at: now,
            send_after: now,
        })
        .await?;
    Ok(())
}

/// The clinic an invitation joins, with the invitation behind a link (the invitation page).
pub async fn invitation_with_clinic(app: &App, token: &str) -> AppResult<(Invitation, Clinic)> {
    let invitation = super::invitation(app, token).await?;
    let clinic = app.store.clinic(invitation.clinic_id).await?;
    Ok((invitation, clinic))
}
