//! Cancelling one appointment, or it and every later one of its series, with the reason the
//! person cancelling gives: required of staff (the patient is told why the clinic cancelled),
//! optional for patients. The reason is kept with each cancelled appointment and sent in the
//! cancellation message.

use tendo_store::accounts::Role;
use tendo_store::booking::AppointmentStatus;
use tendo_store::ids::AppointmentId;

use super::access::{AppointmentView, appointment_for};
use super::diary::{commit, within_window};
use crate::App;
use crate::access::Caller;
use crate::error::{AppError, AppResult};

/// The longest reason accepted, in characters.
pub const MAX_REASON_CHARS: usize = 300;

/// Whether `caller` must give a reason to cancel: staff must, patients may.
pub fn reason_required(caller: &Caller) -> bool {
    caller.role() != Role::Patient
}

/// Checks a cancellation reason: trimmed, at most [`MAX_REASON_CHARS`] characters, and not
/// empty when the caller is staff. An empty reason from a patient is no reason (`None`).
/// Control characters are refused before this, at the edge of the web app.
pub fn checked_reason(caller: &Caller, reason: &str) -> AppResult<Option<String>> {
    let reason = reason.trim();
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(AppError::invalid(
            "reason",
            format!("use at most {MAX_REASON_CHARS} characters"),
        ));
    }
    if reason.is_empty() {
        if reason_required(caller) {
            return Err(AppError::invalid(
                "reason",
                "say why the appointment is cancelled: the patient is told",
            ));
        }
        return Ok(None);
    }
    Ok(Some(reason.to_string()))
}

/// Cancels one appointment, or it and every later booked one of its series when `following`,
/// keeping `reason` with each (see [`checked_reason`]). Staff may cancel at any time; a patient
/// only until the clinic's cancellation window closes. Returns the cancelled appointments as
/// they now stand.
pub async fn cancel(
    app: &App,
    caller: &Caller,
    id: AppointmentId,
    following: bool,
    reason: &str,
) -> AppResult<Vec<AppointmentView>> {
    caller.require_write()?;
    let view = appointment_for(app, caller, id).await?;
    let reason = checked_reason(caller, reason)?;
    let clinic = app.store.clinic(caller.user.clinic_id).await?;
    within_window(app, caller, &clinic, &view)?;
    let mut cancel = vec![view.clone()];
    if following && let Some(series) = view.appointment.series_id {
        for later in app.store.series_appointments(clinic.id, series).await? {
            if later.start > view.appointment.start && later.status == AppointmentStatus::Booked {
                cancel.push(AppointmentView {
                    appointment: later,
                    ..view.clone()
                });
            }
        }
    }
    commit(
        app,
        caller,
        &clinic,
        &view.kind,
        Vec::new(),
        cancel.clone(),
        None,
        None,
        "appointment.cancel",
        reason.as_deref(),
    )
    .await?;
    // The freed times are offered to those waiting for them (`waiting::offers`).
    super::waiting::appointments_freed(app, &clinic, cancel.iter().map(|v| &v.appointment)).await;
    let now = app.now();
    for cancelled in &mut cancel {
        cancelled.appointment.status = AppointmentStatus::Cancelled;
        cancelled.appointment.cancelled_at = Some(now);
        cancelled.appointment.cancelled_by = Some(caller.id());
        cancelled.appointment.cancel_reason = reason.clone();
    }
    Ok(cancel)
}

#[cfg(test)]
mod tests {
    use tendo_store::accounts::User;
    use tendo_store::ids::{ClinicId, UserId};

    use super::*;
    use crate::access::{Credential, RequestMeta};

    fn caller(role: Role) -> Caller {
        Caller {
            user: User {
                id: UserId::new(),
                clinic_id: ClinicId::new(),
                email: "someone@example.test".into(),
                name: "Someone".into(),
                role,
                profession: None,
                time_zone: "Europe/London".into(),
                created_at: jiff::Timestamp::UNIX_EPOCH,
                locked_until: None,
            },
            credential: Credential::Session,
            meta: RequestMeta::default(),
        }
    }

    #[test]
    fn staff_must_give_a_reason_and_patients_may_leave_it_out() {
        for role in [Role::Clinician, Role::Admin] {
            assert!(checked_reason(&caller(role), "  ").is_err(), "{role:?}");
        }
        assert_eq!(
            checked_reason(&caller(Role::Patient), "  ").ok(),
            Some(None)
        );
        assert_eq!(
            checked_reason(&caller(Role::Clinician), " Ill today ").ok(),
            Some(Some("Ill today".to_string()))
        );
    }

    #[test]
    fn a_reason_is_at_most_three_hundred_characters() {
        let patient = caller(Role::Patient);
        let longest = "é".repeat(MAX_REASON_CHARS);
        assert_eq!(
            checked_reason(&patient, &longest).ok(),
            Some(Some(longest.clone()))
        );
        assert!(checked_reason(&patient, &format!("{longest}a")).is_err());
    }
}
