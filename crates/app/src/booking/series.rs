//! Series: a massage every week or every two weeks for a number of sessions or until a date
//! (H4). Every occurrence is checked before anything is booked; taken times come back with the
//! nearest free alternatives; a series is booked whole, and changed or cancelled from any date.

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use tendo_core::scheduling::{self, SeriesEnd, instant_at, nearest};
use tendo_store::accounts::Clinic;
use tendo_store::booking::{AppointmentStatus, AppointmentType, NewAppointment, Series};
use tendo_store::ids::{AppointmentId, AppointmentTypeId, SeriesId, UserId};

use super::access::{AppointmentView, appointment_for};
use super::diary::{commit, massage_allowed, patient_for, repeated, request_key, within_window};
use super::slots::Diary;
use crate::App;
use crate::access::Caller;
use crate::error::{AppError, AppResult};

/// A series to check or book.
#[derive(Clone, Debug)]
pub struct SeriesRequest {
    /// The appointment type.
    pub type_id: AppointmentTypeId,
    /// The clinician (a series stays with one person).
    pub clinician: UserId,
    /// The first session.
    pub first: Timestamp,
    /// 1 (weekly) or 2 (fortnightly).
    pub every_weeks: u8,
    /// How it ends.
    pub end: SeriesEnd,
    /// For whom (staff); the caller when a patient.
    pub patient: Option<UserId>,
}

/// One occurrence as checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// The time the pattern gives.
    pub wanted: Timestamp,
    /// Whether it is free.
    pub free: bool,
    /// Free times nearby when it is not (same clinician, within two days), nearest first.
    pub alternatives: Vec<Timestamp>,
}

fn validate(request: &SeriesRequest) -> AppResult<()> {
    if !matches!(request.every_weeks, 1 | 2) {
        return Err(AppError::invalid(
            "every_weeks",
            "choose every week or every two weeks",
        ));
    }
    if let SeriesEnd::Count(count) = request.end
        && !(2..=52).contains(&count)
    {
        return Err(AppError::invalid("count", "choose from 2 to 52 sessions"));
    }
    Ok(())
}

async fn diary_for(app: &App, clinic: Clinic, starts: &[Timestamp]) -> AppResult<Diary> {
    let margin = SignedDuration::from_hours(72);
    let first = starts.iter().min().copied().unwrap_or_else(|| app.now());
    let last = starts.iter().max().copied().unwrap_or(first);
    Diary::load(app, clinic, first - margin, last + margin).await
}

fn check_all(
    diary: &Diary,
    kind: &AppointmentType,
    clinician: UserId,
    starts: &[Timestamp],
    ignoring: &[AppointmentId],
) -> Vec<Occurrence> {
    starts
        .iter()
        .map(|wanted| {
            let free = diary.check(kind, clinician, *wanted, ignoring).is_ok();
            let alternatives = if free {
                Vec::new()
            } else {
                let window = SignedDuration::from_hours(48);
                let nearby = diary.free_starts(
                    kind,
                    clinician,
                    *wanted - window,
                    *wanted + window,
                    ignoring,
                );
                let taken: Vec<Timestamp> = starts.to_vec();
                let nearby: Vec<Timestamp> = nearby
                    .into_iter()
                    .filter(|start| !taken.contains(start))
                    .collect();
                nearest(&nearby, *wanted, 3)
            };
            Occurrence {
                wanted: *wanted,
                free,
                alternatives,
            }
        })
        .collect()
}

/// The pattern's occurrences, each checked, with alternatives for taken ones.
pub async fn preview(
    app: &App,
    caller: &Caller,
    clinic: Clinic,
    request: &SeriesRequest,
) -> AppResult<(AppointmentType, Vec<Occurrence>)> {
    validate(request)?;
    patient_for(app, caller, &clinic, request.patient).await?;
    let zone = clinician_zone(app, &clinic, request.clinician).await?;
    // Ids that name nothing of this clinic are a 404 before any rule about the pattern.
    if !app
        .store
        .appointment_types(clinic.id)
        .await?
        .iter()
        .any(|kind| kind.id == request.type_id)
    {
        return Err(AppError::NotFound);
    }
    let starts = scheduling::occurrences(&zone, request.first, request.every_weeks, request.end);
    if starts.len() < 2 {
        return Err(AppError::invalid(
            "until",
            "a series needs at least two sessions before that date",
        ));
    }
    let diary = diary_for(app, clinic, &starts).await?;
    let kind = diary.kind(request.type_id)?.clone();
    Ok((
        kind.clone(),
        check_all(&diary, &kind, request.clinician, &starts, &[]),
    ))
}

async fn clinician_zone(app: &App, clinic: &Clinic, clinician: UserId) -> AppResult<TimeZone> {
    let user = app
        .store
        .user(clinic.id, clinician)
        .await
        .map_err(|error| match error {
            tendo_store::StoreError::NotFound => AppError::NotFound,
            other => other.into(),
        })?;
    if user.role != tendo_store::accounts::Role::Clinician {
        return Err(AppError::invalid(
            "clinician",
            "choose a clinician of this clinic",
        ));
    }
    Ok(TimeZone::get(&user.time_zone).unwrap_or(TimeZone::UTC))
}

/// Books a series at exactly `starts` (the pattern, with any alternatives chosen): all of them
/// or none. A repeat of the request with the same one-time `key` returns the first booking.
pub async fn book(
    app: &App,
    caller: &Caller,
    clinic: Clinic,
    request: &SeriesRequest,
    starts: &[Timestamp],
    key: Option<&str>,
) -> AppResult<Vec<AppointmentView>> {
    validate(request)?;
    let patient_id = patient_for(app, caller, &clinic, request.patient).await?;
    clinician_zone(app, &clinic, request.clinician).await?;
    let key = match key {
        Some(key) => {
            let starts: Vec<String> = starts.iter().map(Timestamp::to_string).collect();
            let fingerprint = format!(
                "series|{}|{}|{}|{}|{}",
                request.type_id,
                request.clinician,
                request.every_weeks,
                starts.join(","),
                patient_id
            );
            Some(request_key(caller, key, fingerprint)?)
        }
        None => None,
    };
    if let Some(key) = &key
        && let Some(first) = repeated(app, caller, key).await?
    {
        return Ok(first);
    }
    if starts.len() < 2 || starts.len() > 52 {
        return Err(AppError::invalid(
            "starts",
            "a series has from 2 to 52 sessions",
        ));
    }
    let diary = diary_for(app, clinic.clone(), starts).await?;
    let kind = diary.kind(request.type_id)?.clone();
    massage_allowed(app, &clinic, patient_id, &kind).await?;
    if !diary
        .suitable(&kind, false)
        .iter()
        .any(|p| p.user.id == request.clinician)
    {
        return Err(AppError::invalid(
            "clinician",
            "choose a clinician who offers this appointment",
        ));
    }
    let checked = check_all(&diary, &kind, request.clinician, starts, &[]);
    let taken: Vec<String> = checked
        .iter()
        .filter(|o| !o.free)
        .map(|o| o.wanted.to_string())
        .collect();
    if !taken.is_empty() {
        return Err(AppError::Conflict(format!(
            "These times are not free: {}. Choose alternatives.",
            taken.join(", ")
        )));
    }
    let series = Series {
        id: SeriesId::new(),
        clinic_id: clinic.id,
        patient_id,
        every_weeks: request.every_weeks,
        created_at: app.now(),
    };
    let book = starts
        .iter()
        .map(|start| NewAppointment {
            id: AppointmentId::new(),
            clinic_id: clinic.id,
            patient_id,
            clinician_id: request.clinician,
            type_id: kind.id,
            resource_id: diary.resource_at(&kind, request.clinician, *start, &[]),
            series_id: Some(series.id),
            start: *start,
            end: *start + SignedDuration::from_mins(i64::from(kind.duration_minutes)),
            buffer_before_minutes: kind.buffer_before_minutes,
            buffer_after_minutes: kind.buffer_after_minutes,
            created_by: caller.id(),
        })
        .collect();
    let booked = commit(
        app,
        caller,
        &clinic,
        &kind,
        book,
        Vec::new(),
        Some(series),
        key.clone(),
        "series.book",
        None,
    )
    .await;
    match (booked, &key) {
        (Ok(views), _) => Ok(views),
        // The same request sent twice at once: the other one booked; answer with its booking.
        (Err(error), Some(key)) => repeated(app, caller, key).await?.ok_or(error),
        (Err(error), None) => Err(error),
    }
}

/// Moves this appointment and every later one of its series by the same change of wall-clock
/// time in the clinician's zone (so "Tuesdays 10:00" becomes "Thursdays 15:00" across a clock
/// change too). Every new time is checked first; nothing moves unless all are free.
pub async fn move_following(
    app: &App,
    caller: &Caller,
    id: AppointmentId,
    start: Timestamp,
) -> AppResult<Vec<AppointmentView>> {
    caller.require_write()?;
    let view = appointment_for(app, caller, id).await?;
    let clinic = app.store.clinic(caller.user.clinic_id).await?;
    within_window(app, caller, &clinic, &view)?;
    let Some(series) = view.appointment.series_id else {
        return Err(AppError::invalid(
            "scope",
            "this appointment is not part of a series",
        ));
    };
    let zone = clinician_zone(app, &clinic, view.clinician.id).await?;
    let old_local = view.appointment.start.to_zoned(zone.clone()).datetime();
    let new_local = start.to_zoned(zone.clone()).datetime();
    let shift = new_local
        .since(old_local)
        .map_err(|e| AppError::internal(e.to_string()))?;
    let moving: Vec<_> = app
        .store
        .series_appointments(clinic.id, series)
        .await?
        .into_iter()
        .filter(|a| a.start >= view.appointment.start && a.status == AppointmentStatus::Booked)
        .collect();
    let starts: Vec<Timestamp> = moving
        .iter()
        .map(|a| {
            let local = a.start.to_zoned(zone.clone()).datetime();
            local
                .checked_add(shift)
                .ok()
                .and_then(|dt| instant_at(&zone, dt))
                .unwrap_or(a.start)
        })
        .collect();
    let ignoring: Vec<AppointmentId> = moving.iter().map(|a| a.id).collect();
    let diary = diary_for(app, clinic.clone(), &starts).await?;
    let kind = diary.kind(view.kind.id)?.clone();
    massage_allowed(app, &clinic, view.patient.id, &kind).await?;
    let checked = check_all(&diary, &kind, view.clinician.id, &starts, &ignoring);
    let taken: Vec<String> = checked
        .iter()
        .filter(|o| !o.free)
        .map(|o| o.wanted.to_string())
        .collect();
    if !taken.is_empty() {
        return Err(AppError::Conflict(format!(
            "These new times are not free: {}. Nothing was moved.",
            taken.join(", ")
        )));
    }
    let book = moving
        .iter()
        .zip(&starts)
        .map(|(old, start)| NewAppointment {
            id: AppointmentId::new(),
            clinic_id: clinic.id,
            patient_id: old.patient_id,
            clinician_id: old.clinician_id,
            type_id: old.type_id,
            resource_id: diary.resource_at(&kind, old.clinician_id, *start, &ignoring),
            series_id: Some(series),
            start: *start,
            end: *start + SignedDuration::from_mins(i64::from(kind.duration_minutes)),
            buffer_before_minutes: kind.buffer_before_minutes,
            buffer_after_minutes: kind.buffer_after_minutes,
            created_by: caller.id(),
        })
        .collect();
    let freed = moving.clone();
    let cancel = moving
        .into_iter()
        .map(|appointment| AppointmentView {
            appointment,
            ..view.clone()
        })
        .collect();
    let moved = commit(
        app,
        caller,
        &clinic,
        &kind,
        book,
        cancel,
        None,
        None,
        "series.move",
        None,
    )
    .await?;
    super::waiting::appointments_freed(app, &clinic, &freed).await;
    Ok(moved)
}
