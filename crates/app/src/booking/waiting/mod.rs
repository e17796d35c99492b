//! The waiting list. A signed-in patient who finds no time that suits them joins the list for
//! an appointment type, with a named clinician or anyone, over a range of their own dates (at
//! most [`MAX_RANGE_DAYS`] days, not in the past). Joining again for the same wish answers the
//! entry they have. When a time frees up (an appointment is cancelled or moved, or a clinician
//! opens hours), the first people on the list in joining order whose wish fits a free time are
//! mailed an offer with a one-time link ([`offers`]).

pub mod offers;

pub use offers::{appointments_freed, hours_opened};

use jiff::ToSpan;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use tendo_store::accounts::{Role, User};
use tendo_store::booking::AppointmentType;
use tendo_store::ids::{AppointmentTypeId, UserId, WaitingEntryId};
use tendo_store::waiting::WaitingEntry;

use super::slots::Diary;
use crate::App;
use crate::access::Caller;
use crate::error::{AppError, AppResult, FieldErrors};

/// The most days one waiting-list entry may span, first and last included.
pub const MAX_RANGE_DAYS: i64 = 60;

/// How far ahead, in days, an entry's first date may lie: as far as any clinician's diary opens.
pub const FURTHEST_START_DAYS: i64 = super::hours::MAX_HORIZON_DAYS as i64;

/// What a patient asks to wait for, as typed or sent.
#[derive(Clone, Debug, Default)]
pub struct WaitFor {
    /// The appointment type.
    pub type_id: AppointmentTypeId,
    /// The clinician wanted, or anyone suitable.
    pub clinician: Option<UserId>,
    /// The first date that suits, such as `2026-12-01`, in the patient's zone.
    pub from: String,
    /// The last date that suits.
    pub to: String,
}

/// An entry with the names a person reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaitingView {
    /// The entry.
    pub entry: WaitingEntry,
    /// The appointment type's name.
    pub type_name: String,
    /// The clinician's name, or `None` for anyone.
    pub clinician_name: Option<String>,
}

fn patient_only(caller: &Caller) -> AppResult<()> {
    if caller.role() == Role::Patient {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "the waiting list is for patients: book a free time for them instead".into(),
        ))
    }
}

/// A date written `YYYY-MM-DD` and nothing else.
fn plain_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let shape = text.len() == 10
        && text.bytes().enumerate().all(|(at, byte)| match at {
            4 | 7 => byte == b'-',
            _ => byte.is_ascii_digit(),
        });
    shape.then(|| text.parse::<Date>().ok()).flatten()
}

/// Reads and checks the dates of a wish against the patient's `today`.
pub fn check_dates(from: &str, to: &str, today: Date) -> AppResult<(Date, Date)> {
    let mut errors = FieldErrors::default();
    let from = plain_date(from);
    let to = plain_date(to);
    let latest = today
        .checked_add(FURTHEST_START_DAYS.days())
        .unwrap_or(Date::MAX);
    match from {
        None => errors.add("from", "enter a date such as 2026-12-01"),
        Some(from) if from < today => errors.add(
            "from",
            format!("choose today ({today}) or a later date: the waiting list looks ahead"),
        ),
        Some(from) if from > latest => errors.add(
            "from",
            format!("choose a date up to {latest}: times open at most a year ahead"),
        ),
        Some(_) => {}
    }
    match (from, to) {
        (_, None) => errors.add("to", "enter a date such as 2026-12-14"),
        (Some(from), Some(to)) if to < from => {
            errors.add("to", "the last date must be on or after the first date")
        }
        (Some(from), Some(to)) if (to - from).get_days() >= MAX_RANGE_DAYS as i32 => errors.add(
            "to",
            format!("wait for at most {MAX_RANGE_DAYS} days at a time, first and last included"),
        ),
        _ => {}
    }
    errors.into_result()?;
    match (from, to) {
        (Some(from), Some(to)) => Ok((from, to)),
        _ => Err(AppError::internal("checked dates are missing")),
    }
}

/// The clinician a wish names, checked: one who offers `kind` on the public booking page.
fn check_clinician(
    diary: &Diary,
    kind: &AppointmentType,
    clinician: Option<UserId>,
) -> AppResult<()> {
    match clinician {
        Some(id) if !diary.suitable(kind, true).iter().any(|p| p.user.id == id) => {
            Err(AppError::invalid(
                "clinician",
                "choose a clinician who offers this appointment",
            ))
        }
        _ => Ok(()),
    }
}

/// Joins the caller (a patient) to their clinic's waiting list; the flag says whether the entry
/// is new (joining again for the same wish answers the entry they have).
pub async fn join(app: &App, caller: &Caller, wish: &WaitFor) -> AppResult<(WaitingView, bool)> {
    caller.require_write()?;
    patient_only(caller)?;
    let clinic = app.store.clinic(caller.user.clinic_id).await?;
    let now = app.now();
    let diary = Diary::load(app, clinic.clone(), now, now).await?;
    let kind = diary.kind(wish.type_id)?.clone();
    if let Some(id) = wish.clinician {
        // An id that names nobody of this clinic.
        app.store.user(clinic.id, id).await?;
    }
    check_clinician(&diary, &kind, wish.clinician)?;
    let today = now.to_zoned(zone_of(&caller.user)).date();
    let (from, to) = check_dates(&wish.from, &wish.to, today)?;
    let entry = WaitingEntry {
        id: WaitingEntryId::new(),
        clinic_id: clinic.id,
        patient_id: caller.id(),
        type_id: kind.id,
        clinician_id: wish.clinician,
        from,
        to,
        created_at: now,
    };
    let audit = caller
        .audit(
            "waiting-list.join",
            format!("waiting-list/{}", entry.id),
            now,
        )
        .about(caller.id())
        .detail(format!("{} from {from} to {to}", kind.name));
    let (entry, new) = app.store.join_waiting_list(&entry, &audit).await?;
    Ok((view_of(&diary, entry), new))
}

/// A person's zone (UTC if theirs is unknown).
pub(crate) fn zone_of(user: &User) -> TimeZone {
    TimeZone::get(&user.time_zone).unwrap_or(TimeZone::UTC)
}

fn view_of(diary: &Diary, entry: WaitingEntry) -> WaitingView {
    WaitingView {
        type_name: diary
            .types
            .iter()
            .find(|kind| kind.id == entry.type_id)
            .map(|kind| kind.name.clone())
            .unwrap_or_else(|| "An appointment".into()),
        clinician_name: entry
            .clinician_id
            .and_then(|id| diary.profile(id))
            .map(|profile| profile.user.name.clone()),
        entry,
    }
}

/// The caller's entries, in joining order (none for staff, who have no list of their own).
pub async fn entries(app: &App, caller: &Caller) -> AppResult<Vec<WaitingView>> {
    if caller.role() != Role::Patient {
        return Ok(Vec::new());
    }
    entries_of(app, caller, &caller.user).await
}

async fn entries_of(app: &App, caller: &Caller, patient: &User) -> AppResult<Vec<WaitingView>> {
    let now = app.now();
    app.audit
        .record(
            caller
                .audit("waiting-list.read", "waiting-list", now)
                .about(patient.id),
        )
        .await?;
    let entries = app
        .store
        .waiting_entries(patient.clinic_id, patient.id)
        .await?;
    if entries.is_empty() {
        return Ok(Vec::new());
    }
    let clinic = app.store.clinic(patient.clinic_id).await?;
    let diary = Diary::load(app, clinic, now, now).await?;
    Ok(entries
        .into_iter()
        .map(|entry| view_of(&diary, entry))
        .collect())
}

/// Takes the caller off the waiting list for one entry (not found if it is not theirs).
pub async fn leave(app: &App, caller: &Caller, entry: WaitingEntryId) -> AppResult<()> {
    caller.require_write()?;
    patient_only(caller)?;
    let audit = caller
        .audit(
            "waiting-list.leave",
            format!("waiting-list/{entry}"),
            app.now(),
        )
        .about(caller.id());
    Ok(app
        .store
        .leave_waiting_list(caller.user.clinic_id, caller.id(), entry, &audit)
        .await?)
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn fields(result: AppResult<(Date, Date)>) -> Vec<String> {
        match result {
            Err(AppError::Invalid(errors)) => errors.0.into_iter().map(|e| e.field).collect(),
            other => panic!("expected invalid fields, got {other:?}"),
        }
    }

    #[test]
    fn a_waiting_range_is_today_or_later_and_at_most_sixty_days_long() {
        let today = date(2026, 12, 3);
        let last_allowed = today.checked_add((MAX_RANGE_DAYS - 1).days()).unwrap();
        assert_eq!(
            check_dates("2026-12-03", &last_allowed.to_string(), today).unwrap(),
            (today, last_allowed)
        );
        let one_too_many = last_allowed.tomorrow().unwrap().to_string();
        assert_eq!(
            fields(check_dates("2026-12-03", &one_too_many, today)),
            ["to"]
        );
        assert_eq!(
            fields(check_dates("2026-12-02", "2026-12-05", today)),
            ["from"]
        );
        assert_eq!(
            fields(check_dates("2026-12-09", "2026-12-05", today)),
            ["to"]
        );
    }

    #[test]
    fn waiting_dates_are_plain_dates_and_nothing_else() {
        let today = date(2026, 12, 3);
        assert_eq!(
            fields(check_dates("2026-12-04T10:00", "2026-12-05", today)),
            ["from"]
        );
        assert_eq!(fields(check_dates("", "", today)), ["from", "to"]);
        assert_eq!(fields(check_dates("2026-12-04", "5 Dec", today)), ["to"]);
    }
}
