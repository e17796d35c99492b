//! Booking, moving and cancelling one appointment, by a patient or by the clinic.

use jiff::{SignedDuration, Timestamp};
use tendo_core::scheduling::self_cancel;
use tendo_store::StoreError;
use tendo_store::accounts::{Clinic, Role};
use tendo_store::booking::{AppointmentStatus, BookingChange, NewAppointment, RequestKey};
use tendo_store::ids::{AppointmentId, AppointmentTypeId, UserId};

use super::access::{AppointmentView, appointment_for};
use super::messages::{self, About};
use super::slots::Diary;
use crate::App;
use crate::access::{Caller, patient_access};
use crate::error::{AppError, AppResult};

/// What to book.
#[derive(Clone, Debug)]
pub struct BookRequest {
    /// The appointment type.
    pub type_id: AppointmentTypeId,
    /// When it starts.
    pub start: Timestamp,
    /// With whom; any suitable clinician when `None`.
    pub clinician: Option<UserId>,
    /// For whom (staff booking for a patient); the caller when they are a patient.
    pub patient: Option<UserId>,
    /// The request's one-time key (a form's hidden token, an API `Idempotency-Key`): a repeat
    /// with the same key returns the first booking instead of booking again.
    pub key: Option<String>,
}

/// The longest request key accepted.
pub const MAX_KEY_LENGTH: usize = 200;

/// A client's request key, trimmed, if it is 1 to [`MAX_KEY_LENGTH`] visible ASCII characters.
pub fn well_formed_key(key: &str) -> Option<&str> {
    let key = key.trim();
    (!key.is_empty() && key.len() <= MAX_KEY_LENGTH && key.chars().all(|c| c.is_ascii_graphic()))
        .then_some(key)
}

/// Checks a client's request key (see [`well_formed_key`]).
pub fn request_key(caller: &Caller, key: &str, fingerprint: String) -> AppResult<RequestKey> {
    let Some(key) = well_formed_key(key) else {
        return Err(AppError::invalid(
            "request_key",
            format!("a request key is 1 to {MAX_KEY_LENGTH} visible ASCII characters"),
        ));
    };
    Ok(RequestKey {
        user_id: caller.id(),
        key: key.to_string(),
        fingerprint,
    })
}

/// What a request with `key` booked the first time, if it was made: the same request answered
/// again. The same key sent for a different booking is refused.
pub(super) async fn repeated(
    app: &App,
    caller: &Caller,
    key: &RequestKey,
) -> AppResult<Option<Vec<AppointmentView>>> {
    let Some(first) = app.store.keyed_booking(key.user_id, &key.key).await? else {
        return Ok(None);
    };
    if first.fingerprint != key.fingerprint {
        return Err(AppError::Conflict(
            "This request key was already used for a different booking. Send a new key for a \
             new booking."
                .into(),
        ));
    }
    let mut views = Vec::with_capacity(first.appointments.len());
    for id in first.appointments {
        views.push(appointment_for(app, caller, id).await?);
    }
    Ok(Some(views))
}

/// The message when the store finds the time taken at the last moment.
pub const TAKEN: &str = "That time was just taken by someone else. Choose another time.";

/// Maps the store's overlap conflict to the message people see.
pub fn taken(error: StoreError) -> AppError {
    match error {
        StoreError::Conflict(_) => AppError::Conflict(TAKEN.into()),
        other => other.into(),
    }
}

/// The patient the caller books for, checked.
pub(super) async fn patient_for(
    app: &App,
    caller: &Caller,
    clinic: &Clinic,
    patient: Option<UserId>,
) -> AppResult<UserId> {
    caller.require_write()?;
    if caller.user.clinic_id != clinic.id {
        return Err(AppError::Forbidden(format!(
            "your account belongs to another clinic; create a patient account with {} to book here",
            clinic.name
        )));
    }
    match (caller.role(), patient) {
        (Role::Patient, None) => Ok(caller.id()),
        (Role::Patient, Some(id)) if id == caller.id() => Ok(id),
        (Role::Patient, Some(_)) => Err(AppError::NotFound),
        (_, None) => Err(AppError::invalid(
            "patient",
            "choose the patient to book for",
        )),
        (_, Some(id)) => Ok(patient_access(&*app.store, caller, id).await?.0.user.id),
    }
}

/// Refuses a massage for a patient whose programme a red flag has stopped (the `RF-` rules: a
/// flag is checked by a clinician before anything else is done to the leg); a video
/// consultation stays open, and the refusal points to it.
pub(super) async fn massage_allowed(
    app: &App,
    clinic: &Clinic,
    patient: UserId,
    kind: &tendo_store::booking::AppointmentType,
) -> AppResult<()> {
    if kind.kind.is_video() {
        return Ok(());
    }
    match crate::patient::plan::red_flag_stop(app, clinic.id, patient).await? {
        None => Ok(()),
        Some(triage) => {
            let see = triage
                .findings
                .first()
                .map(|finding| format!(" See {} {}.", finding.see, finding.urgency.label()))
                .unwrap_or_default();
            Err(AppError::Conflict(format!(
                "A massage can't be booked while the programme is stopped by a symptom a \
                 clinician needs to check first.{see} You can book a video consultation now: a \
                 physiotherapist will look at it with you."
            )))
        }
    }
}

/// Books one appointment and queues its confirmation and reminder.
pub async fn book(
    app: &App,
    caller: &Caller,
    clinic: Clinic,
    request: &BookRequest,
) -> AppResult<AppointmentView> {
    let patient_id = patient_for(app, caller, &clinic, request.patient).await?;
    if let Some(clinician) = request.clinician {
        // An id that names nobody of this clinic.
        app.store.user(clinic.id, clinician).await?;
    }
    let key = match &request.key {
        Some(key) => {
            let fingerprint = format!(
                "book|{}|{}|{}|{}",
                request.type_id,
                request.start,
                request
                    .clinician
                    .map(|id| id.to_string())
                    .unwrap_or_default(),
                patient_id
            );
            Some(request_key(caller, key, fingerprint)?)
        }
        None => None,
    };
    if let Some(key) = &key
        && let Some(first) = repeated(app, caller, key).await?.and_then(first_view)
    {
        return Ok(first);
    }
    let booked = book_once(app, caller, &clinic, patient_id, request, key.clone()).await;
    let booked = match booked {
        Ok(views) => {
            // A patient who chose their clinician joins their care team; one who took
            // "anyone" waits on the clinic's triage list (`clinic::triage`) for a clinician.
            if caller.role() == Role::Patient
                && request.clinician.is_some()
                && let Some(view) = views.first()
            {
                join_care_team(app, caller, &clinic, view).await?;
            }
            views
        }
        Err(error) => {
            // The same request sent twice at once: the other copy booked; answer with that
            // (once committed: the conflict may have come from a change not yet readable).
            app.store.settle_changes().await?;
            let keyed = match &key {
                Some(key) => repeated(app, caller, key).await?,
                None => None,
            };
            match (keyed, &error) {
                (Some(first), _) => first,
                (None, AppError::Conflict(_)) => {
                    match same_booking(app, caller, &clinic, patient_id, request).await? {
                        Some(first) => vec![first],
                        None => return Err(error),
                    }
                }
                (None, _) => return Err(error),
            }
        }
    };
    first_view(booked).ok_or_else(|| AppError::internal("a booking returned no appointment"))
}

/// One attempt at a booking: the first free suitable clinician, checked again by the store.
async fn book_once(
    app: &App,
    caller: &Caller,
    clinic: &Clinic,
    patient_id: UserId,
    request: &BookRequest,
    key: Option<RequestKey>,
) -> AppResult<Vec<AppointmentView>> {
    let margin = SignedDuration::from_hours(24);
    let diary = Diary::load(
        app,
        clinic.clone(),
        request.start - margin,
        request.start + margin,
    )
    .await?;
    let kind = diary.kind(request.type_id)?.clone();
    massage_allowed(app, clinic, patient_id, &kind).await?;
    let listed_only = caller.role() == Role::Patient;
    let candidates: Vec<UserId> = diary
        .suitable(&kind, listed_only)
        .iter()
        .map(|profile| profile.user.id)
        .filter(|id| request.clinician.is_none_or(|wanted| wanted == *id))
        .collect();
    if candidates.is_empty() {
        return Err(AppError::invalid(
            "clinician",
            "choose a clinician who offers this appointment",
        ));
    }
    let mut last_error = None;
    let mut chosen = None;
    for clinician in candidates {
        match diary.check(&kind, clinician, request.start, &[]) {
            Ok(()) => {
                chosen = Some(clinician);
                break;
            }
            Err(error) => last_error = Some(error),
        }
    }
    let Some(clinician_id) = chosen else {
        return Err(last_error.unwrap_or_else(|| AppError::Conflict(TAKEN.into())));
    };
    let resource_id = diary.resource_at(&kind, clinician_id, request.start, &[]);
    let new = NewAppointment {
        id: AppointmentId::new(),
        clinic_id: clinic.id,
        patient_id,
        clinician_id,
        type_id: kind.id,
        resource_id,
        series_id: None,
        start: request.start,
        end: request.start + SignedDuration::from_mins(i64::from(kind.duration_minutes)),
        buffer_before_minutes: kind.buffer_before_minutes,
        buffer_after_minutes: kind.buffer_after_minutes,
        created_by: caller.id(),
    };
    commit(
        app,
        caller,
        clinic,
        &kind,
        vec![new],
        Vec::new(),
        None,
        key,
        "appointment.book",
        None,
    )
    .await
}

/// A patient who books a clinician joins that clinician's care team (if not already on it), so
/// the clinician sees them on the caseload — with "intake not finished" for someone new — and
/// can open their record from the calendar.
async fn join_care_team(
    app: &App,
    caller: &Caller,
    clinic: &Clinic,
    view: &AppointmentView,
) -> AppResult<()> {
    let clinician = view.clinician.id;
    if app.store.cares_for(clinician, view.patient.id).await? {
        return Ok(());
    }
    let audit = caller
        .audit(
            "care.join-by-booking",
            format!("patient/{}", view.patient.id),
            app.now(),
        )
        .about(view.patient.id)
        .detail(format!("booked {}", view.appointment.id));
    match app
        .store
        .add_to_care_team(clinic.id, view.patient.id, clinician, &audit)
        .await
    {
        // Two bookings at once may both add them: once is enough.
        Ok(()) | Err(tendo_store::StoreError::Conflict(_)) => Ok(()),
        Err(other) => Err(other.into()),
    }
}

/// The caller's own earlier booking of exactly this request (same patient, type, start, and
/// clinician when one was named), if there is one: a form sent again after going Back, whose
/// page was reloaded with a new key, is the same request and gets the same answer.
async fn same_booking(
    app: &App,
    caller: &Caller,
    clinic: &Clinic,
    patient: UserId,
    request: &BookRequest,
) -> AppResult<Option<AppointmentView>> {
    let earlier = app
        .store
        .patient_appointments(clinic.id, patient)
        .await?
        .into_iter()
        .find(|appointment| {
            appointment.status == AppointmentStatus::Booked
                && appointment.type_id == request.type_id
                && appointment.start == request.start
                && appointment.created_by == caller.id()
                && request
                    .clinician
                    .is_none_or(|wanted| wanted == appointment.clinician_id)
        });
    match earlier {
        Some(appointment) => Ok(Some(appointment_for(app, caller, appointment.id).await?)),
        None => Ok(None),
    }
}

fn first_view(views: Vec<AppointmentView>) -> Option<AppointmentView> {
    views.into_iter().next()
}

/// Writes a change and its messages, then returns the booked appointments as views.
#[expect(
    clippy::too_many_arguments,
    reason = "one change, described by its parts"
)]
pub(super) async fn commit(
    app: &App,
    caller: &Caller,
    clinic: &Clinic,
    kind: &tendo_store::booking::AppointmentType,
    book: Vec<NewAppointment>,
    cancel: Vec<AppointmentView>,
    series: Option<tendo_store::booking::Series>,
    request: Option<RequestKey>,
    action: &str,
    cancel_reason: Option<&str>,
) -> AppResult<Vec<AppointmentView>> {
    let now = app.now();
    let mut mail = Vec::new();
    let mut reminders = Vec::new();
    let mut views = Vec::new();
    let mut people = super::People::new(app, clinic.id);
    for new in &book {
        let patient = people.get(new.patient_id).await?;
        let clinician = people.get(new.clinician_id).await?;
        let appointment = tendo_store::booking::Appointment {
            id: new.id,
            clinic_id: clinic.id,
            patient_id: new.patient_id,
            clinician_id: new.clinician_id,
            type_id: new.type_id,
            resource_id: new.resource_id,
            series_id: new.series_id,
            start: new.start,
            end: new.end,
            buffer_before_minutes: new.buffer_before_minutes,
            buffer_after_minutes: new.buffer_after_minutes,
            status: AppointmentStatus::Booked,
            created_at: now,
            created_by: new.created_by,
            cancelled_at: None,
            cancelled_by: None,
            cancel_reason: None,
        };
        let about = About {
            clinic,
            appointment: &appointment,
            kind,
            patient: &patient,
            clinician: &clinician,
        };
        if views.is_empty() || book.len() <= 1 {
            mail.push(messages::confirmation(app, &about));
        }
        reminders.extend(messages::reminder(app, &about));
        views.push(AppointmentView {
            appointment,
            kind: kind.clone(),
            patient,
            clinician,
        });
    }
    let by_clinic = caller.role() != Role::Patient;
    if book.is_empty() {
        for view in cancel.iter().take(1) {
            let about = About {
                clinic,
                appointment: &view.appointment,
                kind: &view.kind,
                patient: &view.patient,
                clinician: &view.clinician,
            };
            mail.push(messages::cancellation(
                app,
                &about,
                by_clinic,
                cancel_reason,
            ));
        }
    }
    let patient = book
        .first()
        .map(|new| new.patient_id)
        .or_else(|| cancel.first().map(|view| view.patient.id));
    let target = book
        .first()
        .map(|new| new.id)
        .or_else(|| cancel.first().map(|view| view.appointment.id));
    let mut audit = caller.audit(
        action,
        format!(
            "appointment/{}",
            target.map(|id| id.to_string()).unwrap_or_default()
        ),
        now,
    );
    if let Some(patient) = patient {
        audit = audit.about(patient);
    }
    let change = BookingChange {
        clinic_id: clinic.id,
        cancel: cancel.iter().map(|view| view.appointment.id).collect(),
        cancel_reason: cancel_reason.map(str::to_string),
        book,
        series,
        mail,
        reminders,
        by: caller.id(),
        at: now,
        request,
    };
    app.store
        .change_bookings(&change, &audit)
        .await
        .map_err(taken)?;
    Ok(views)
}

/// Refuses a patient once the cancellation window has closed.
pub(super) fn within_window(
    app: &App,
    caller: &Caller,
    clinic: &Clinic,
    view: &AppointmentView,
) -> AppResult<()> {
    if view.appointment.status != AppointmentStatus::Booked {
        return Err(AppError::Conflict(
            "This appointment is already cancelled.".into(),
        ));
    }
    if caller.role() != Role::Patient {
        return Ok(());
    }
    let decision = self_cancel(
        app.now(),
        view.appointment.start,
        clinic.settings.cancellation_window_hours,
    );
    if decision.allowed {
        Ok(())
    } else {
        Err(AppError::Conflict(format!(
            "It is less than {} hours before this appointment, so it can no longer be cancelled or \
             moved online. Please contact {} to cancel.",
            clinic.settings.cancellation_window_hours, clinic.name
        )))
    }
}

/// Moves one appointment to `start` (and optionally to another clinician).
pub async fn reschedule(
    app: &App,
    caller: &Caller,
    id: AppointmentId,
    start: Timestamp,
    clinician: Option<UserId>,
) -> AppResult<AppointmentView> {
    caller.require_write()?;
    let view = appointment_for(app, caller, id).await?;
    let clinic = app.store.clinic(caller.user.clinic_id).await?;
    within_window(app, caller, &clinic, &view)?;
    let margin = SignedDuration::from_hours(24);
    let diary = Diary::load(app, clinic.clone(), start - margin, start + margin).await?;
    let kind = diary.kind(view.kind.id)?.clone();
    massage_allowed(app, &clinic, view.patient.id, &kind).await?;
    let clinician_id = clinician.unwrap_or(view.appointment.clinician_id);
    if !diary
        .suitable(&kind, false)
        .iter()
        .any(|p| p.user.id == clinician_id)
    {
        return Err(AppError::invalid(
            "clinician",
            "choose a clinician who offers this appointment",
        ));
    }
    diary.check(&kind, clinician_id, start, &[id])?;
    let new = NewAppointment {
        id: AppointmentId::new(),
        clinic_id: clinic.id,
        patient_id: view.patient.id,
        clinician_id,
        type_id: kind.id,
        resource_id: diary.resource_at(&kind, clinician_id, start, &[id]),
        series_id: view.appointment.series_id,
        start,
        end: start + SignedDuration::from_mins(i64::from(kind.duration_minutes)),
        buffer_before_minutes: kind.buffer_before_minutes,
        buffer_after_minutes: kind.buffer_after_minutes,
        created_by: caller.id(),
    };
    let freed = view.appointment.clone();
    let moved = commit(
        app,
        caller,
        &clinic,
        &kind,
        vec![new],
        vec![view],
        None,
        None,
        "appointment.reschedule",
        None,
    )
    .await?;
    super::waiting::appointments_freed(app, &clinic, [&freed]).await;
    moved
        .into_iter()
        .next()
        .ok_or_else(|| AppError::internal("a move returned no appointment"))
}
