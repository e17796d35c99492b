//! What a clinic offers, read for its pages and the API: the appointment types that can be
//! booked, the team that is listed, their photos; and, for staff, every type, profile and room
//! (changing them is in [`super::setup`]).

use tendo_store::accounts::{Clinic, Role, User};
use tendo_store::booking::{AppointmentType, ClinicianProfile, Resource};
use tendo_store::ids::{AppointmentTypeId, ClinicId, UserId};

use crate::App;
use crate::access::Caller;
use crate::error::{AppError, AppResult};

/// The appointment types of `clinic` that can be booked (active ones), for anyone.
pub async fn bookable_types(app: &App, clinic: ClinicId) -> AppResult<Vec<AppointmentType>> {
    let mut types = app.store.appointment_types(clinic).await?;
    types.retain(|kind| kind.active);
    Ok(types)
}

/// One appointment type of `clinic` that can be booked; "not found" if it is not active.
pub async fn bookable_type(
    app: &App,
    clinic: ClinicId,
    id: AppointmentTypeId,
) -> AppResult<AppointmentType> {
    bookable_types(app, clinic)
        .await?
        .into_iter()
        .find(|kind| kind.id == id)
        .ok_or(AppError::NotFound)
}

/// The name of appointment type `id` of `clinic`, active or not (a sign-up link names the
/// appointment it books); `None` when the clinic has no such type.
pub async fn type_name(
    app: &App,
    clinic: ClinicId,
    id: AppointmentTypeId,
) -> AppResult<Option<String>> {
    Ok(app
        .store
        .appointment_types(clinic)
        .await?
        .into_iter()
        .find(|kind| kind.id == id)
        .map(|kind| kind.name))
}

/// Every appointment type of the caller's clinic, active or not, for staff.
pub async fn clinic_types(app: &App, caller: &Caller) -> AppResult<Vec<AppointmentType>> {
    caller.require_role(&[Role::Admin, Role::Clinician])?;
    Ok(app.store.appointment_types(caller.user.clinic_id).await?)
}

/// The rooms and tables of the caller's clinic, for staff.
pub async fn resources(app: &App, caller: &Caller) -> AppResult<Vec<Resource>> {
    caller.require_role(&[Role::Admin, Role::Clinician])?;
    Ok(app.store.resources(caller.user.clinic_id).await?)
}

/// The team of `clinic` as the public booking page shows it: listed profiles only.
pub async fn listed_team(app: &App, clinic: ClinicId) -> AppResult<Vec<ClinicianProfile>> {
    let mut team = app.store.clinician_profiles(clinic).await?;
    team.retain(|profile| profile.listed);
    Ok(team)
}

/// Every clinician's profile of the caller's clinic, listed or not, for staff.
pub async fn team(app: &App, caller: &Caller) -> AppResult<Vec<ClinicianProfile>> {
    caller.require_role(&[Role::Admin, Role::Clinician])?;
    Ok(app.store.clinician_profiles(caller.user.clinic_id).await?)
}

/// The profile of clinician `clinician` of the caller's clinic, for staff.
pub async fn profile(app: &App, caller: &Caller, clinician: UserId) -> AppResult<ClinicianProfile> {
    team(app, caller)
        .await?
        .into_iter()
        .find(|profile| profile.user.id == clinician)
        .ok_or(AppError::NotFound)
}

/// A team member's photo: its content type and bytes.
pub async fn team_photo(
    app: &App,
    clinic: ClinicId,
    clinician: UserId,
) -> AppResult<(String, Vec<u8>)> {
    Ok(app.store.photo(clinic, clinician).await?)
}

/// A clinician of `clinic` chosen on a booking page: the error names the `clinician` field.
pub async fn chosen_clinician(app: &App, clinic: ClinicId, id: UserId) -> AppResult<User> {
    match app.store.user(clinic, id).await {
        Ok(user) if user.role == Role::Clinician => Ok(user),
        _ => Err(AppError::invalid(
            "clinician",
            "choose a clinician of this clinic",
        )),
    }
}

/// The patients a member of staff may book for in `clinic`: every patient for an
/// administrator, the patients in their care for a clinician, none for anyone else (a patient,
/// or staff of another clinic).
pub async fn patients_to_book_for(
    app: &App,
    caller: &Caller,
    clinic: &Clinic,
) -> AppResult<Vec<User>> {
    if caller.role() == Role::Patient || caller.user.clinic_id != clinic.id {
        return Ok(Vec::new());
    }
    let mut mine = Vec::new();
    for patient in app.store.users_with_role(clinic.id, Role::Patient).await? {
        if caller.role() == Role::Admin || app.store.cares_for(caller.id(), patient.id).await? {
            mine.push(patient);
        }
    }
    Ok(mine)
}
