//! The clinic's public holidays and closures: whole days on which nobody can be booked,
//! whoever the clinician, set by an administrator. The free-time search treats each as time
//! off for every clinician (`slots::Diary::load`).

use jiff::ToSpan;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use tendo_store::accounts::Role;
use tendo_store::closures::ClinicClosure;
use tendo_store::ids::RecordId;

use crate::App;
use crate::access::Caller;
use crate::error::{AppError, AppResult, FieldErrors};

/// The longest note, in characters.
pub const MAX_NOTE: usize = 120;

/// How far ahead a closure may be set, in days.
pub const FURTHEST_DAYS: i64 = 731;

/// A closure as typed.
#[derive(Clone, Debug, Default)]
pub struct ClosureForm {
    /// The day, such as `2026-12-25`.
    pub date: String,
    /// Why, such as "Christmas Day".
    pub note: String,
}

/// Today in the clinic's zone.
async fn clinic_today(app: &App, caller: &Caller) -> AppResult<Date> {
    let clinic = app.store.clinic(caller.user.clinic_id).await?;
    let zone = TimeZone::get(&clinic.time_zone).unwrap_or(TimeZone::UTC);
    Ok(app.now().to_zoned(zone).date())
}

/// The clinic's closures from today on (for its staff).
pub async fn upcoming(app: &App, caller: &Caller) -> AppResult<Vec<ClinicClosure>> {
    caller.require_role(&[Role::Admin, Role::Clinician])?;
    let today = clinic_today(app, caller).await?;
    let last = today.checked_add(FURTHEST_DAYS.days()).unwrap_or(today);
    Ok(app
        .store
        .clinic_closures(caller.user.clinic_id, today, last)
        .await?)
}

/// Closes the clinic on a day (administrators): a date from today up to two years ahead, with
/// a note of at most [`MAX_NOTE`] characters. A second closure on the same day is a conflict.
pub async fn add(app: &App, caller: &Caller, form: &ClosureForm) -> AppResult<ClinicClosure> {
    caller.require_write()?;
    caller.require_role(&[Role::Admin])?;
    let today = clinic_today(app, caller).await?;
    let mut errors = FieldErrors::default();
    let date = match form.date.trim().parse::<Date>() {
        Ok(date) if form.date.trim().len() == 10 => Some(date),
        _ => {
            errors.add("date", "enter a date such as 2026-12-25");
            None
        }
    };
    if let Some(date) = date {
        let last = today.checked_add(FURTHEST_DAYS.days()).unwrap_or(today);
        if date < today || date > last {
            errors.add("date", "choose a day from today up to two years ahead");
        }
    }
    let note = form.note.trim();
    if note.chars().count() > MAX_NOTE {
        errors.add("note", format!("use at most {MAX_NOTE} characters"));
    }
    errors.into_result()?;
    let Some(date) = date else {
        return Err(AppError::internal("a checked date is missing"));
    };
    let closure = ClinicClosure {
        id: RecordId::new(),
        clinic_id: caller.user.clinic_id,
        date,
        note: note.to_string(),
        created_at: app.now(),
    };
    let audit = caller
        .audit(
            "clinic.closure",
            format!("closure/{}", closure.id),
            app.now(),
        )
        .detail(format!("closed on {date}"));
    app.store.add_clinic_closure(&closure, &audit).await?;
    Ok(closure)
}

/// Opens the clinic again on a closed day (administrators).
pub async fn remove(app: &App, caller: &Caller, closure: RecordId) -> AppResult<()> {
    caller.require_write()?;
    caller.require_role(&[Role::Admin])?;
    let audit = caller.audit(
        "clinic.closure-removed",
        format!("closure/{closure}"),
        app.now(),
    );
    Ok(app
        .store
        .remove_clinic_closure(caller.user.clinic_id, closure, &audit)
        .await?)
}
