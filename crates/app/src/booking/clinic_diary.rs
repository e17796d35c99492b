//! The clinic's diary as its calendar shows it: the booked appointments of a window, each with
//! its room or table. A clinician sees their own; an administrator every clinician's, or one
//! clinician's when they filter. Cancelled appointments are not in it: their time is free.

use jiff::Timestamp;
use tendo_store::accounts::{Role, User};
use tendo_store::audit::AuditEntry;
use tendo_store::booking::AppointmentStatus;
use tendo_store::ids::UserId;

use super::{AppointmentView, People};
use crate::App;
use crate::access::Caller;
use crate::error::{AppError, AppResult};

/// A booked appointment in the diary, with where it happens.
#[derive(Clone, Debug)]
pub struct DiaryEntry {
    /// The appointment, its type and the people.
    pub view: AppointmentView,
    /// The room or table's name, when it needs one.
    pub room: Option<String>,
}

/// The clinicians whose diary `caller` may choose from: an administrator's clinic's
/// clinicians; a clinician only themselves. Patients have no diary.
pub async fn diary_owners(app: &App, caller: &Caller) -> AppResult<Vec<User>> {
    match caller.role() {
        Role::Admin => Ok(app
            .store
            .clinician_profiles(caller.user.clinic_id)
            .await?
            .into_iter()
            .map(|profile| profile.user)
            .collect()),
        Role::Clinician => Ok(vec![caller.user.clone()]),
        Role::Patient => Err(AppError::Forbidden(
            "the diary is for the clinic's staff".into(),
        )),
    }
}

/// The booked appointments starting or running in `[from, to)` that `caller` sees, by start:
/// a clinician's own, or for an administrator every clinician's (`clinician` narrows it to
/// one of them). Each read is recorded in the audit log.
pub async fn diary(
    app: &App,
    caller: &Caller,
    from: Timestamp,
    to: Timestamp,
    clinician: Option<UserId>,
) -> AppResult<Vec<DiaryEntry>> {
    let store = &app.store;
    let clinic = caller.user.clinic_id;
    let list = match caller.role() {
        Role::Admin => {
            let mut all = store.booked_between(clinic, from, to).await?;
            if let Some(wanted) = clinician {
                all.retain(|appointment| appointment.clinician_id == wanted);
            }
            all
        }
        Role::Clinician => {
            store
                .clinician_appointments(clinic, caller.id(), from, to)
                .await?
        }
        Role::Patient => {
            return Err(AppError::Forbidden(
                "the diary is for the clinic's staff".into(),
            ));
        }
    };
    let types = store.appointment_types(clinic).await?;
    let rooms = store.resources(clinic).await?;
    let list: Vec<_> = list
        .into_iter()
        .filter(|appointment| {
            appointment.status == AppointmentStatus::Booked
                && appointment.end > from
                && appointment.start < to
        })
        .collect();
    let mut people = People::new(app, clinic);
    people
        .load(
            list.iter()
                .flat_map(|appointment| [appointment.patient_id, appointment.clinician_id]),
        )
        .await?;
    let mut entries = Vec::new();
    let mut reads = Vec::new();
    for appointment in list {
        let Some(kind) = types.iter().find(|kind| kind.id == appointment.type_id) else {
            continue;
        };
        let room = appointment.resource_id.and_then(|id| {
            rooms
                .iter()
                .find(|room| room.id == id)
                .map(|room| room.name.clone())
        });
        reads.push(
            AuditEntry::new(
                "appointment.read",
                format!("appointment/{}", appointment.id),
            )
            .by(caller.id(), caller.role(), clinic)
            .about(appointment.patient_id),
        );
        entries.push(DiaryEntry {
            view: AppointmentView {
                kind: kind.clone(),
                patient: people.get(appointment.patient_id).await?,
                clinician: people.get(appointment.clinician_id).await?,
                appointment,
            },
            room,
        });
    }
    app.audit.record_all(reads).await?;
    Ok(entries)
}
