//! Each clinician's working hours: several stretches a day (a morning and an evening, say),
//! the least notice and how far ahead patients may book, and dated time off or extra hours.

use jiff::ToSpan;
use jiff::civil::{Date, Time, Weekday};
use jiff::tz::TimeZone;
use tendo_store::accounts::{Role, User};
use tendo_store::booking::{ClinicianProfile, ScheduleException, WeeklyHours};
use tendo_store::ids::{ExceptionId, UserId};

use super::setup::may_edit;
use crate::App;
use crate::access::Caller;
use crate::error::{AppError, AppResult, FieldErrors};

/// The most stretches of work one weekday may hold.
pub const MAX_STRETCHES: usize = 4;

/// The most hours of notice a clinician may ask for (two weeks).
pub const MAX_NOTICE_HOURS: u32 = 24 * 14;

/// The furthest ahead, in days, a clinician may open their diary.
pub const MAX_HORIZON_DAYS: u16 = 365;

/// The three-letter field prefix of each weekday, Monday first.
pub const WEEKDAYS: [(&str, &str); 7] = [
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
    ("sat", "Saturday"),
    ("sun", "Sunday"),
];

/// How the fields of an [`HoursForm`] are named in errors, so each surface's error names the
/// field the person or program sent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HoursNaming {
    /// The web form: `mon_1_from`, `mon_1_until`, … (stretches counted from 1).
    #[default]
    Form,
    /// The JSON body: `days[0][0].from`, `days[0][0].until`, … (Monday is day 0).
    Json,
}

impl HoursNaming {
    /// The name of the `end` (`"from"` or `"until"`) of stretch `stretch` (0-based) of weekday
    /// `day` (0 for Monday).
    pub fn field(self, day: usize, stretch: usize, end: &str) -> String {
        match self {
            Self::Form => format!("{}_{}_{end}", WEEKDAYS[day % 7].0, stretch + 1),
            Self::Json => format!("days[{day}][{stretch}].{end}"),
        }
    }
}

/// A clinician's hours as sent: for each weekday, Monday first, its stretches as (from, until)
/// such as (`"09:00"`, `"12:30"`) — a row with both empty is skipped, and a day with none is a
/// day off — then the least notice in hours and how far ahead in days, read as numbers where
/// they were sent (the page reads its text with [`super::whole_number`]; the API's body holds
/// numbers).
#[derive(Clone, Debug, Default)]
pub struct HoursForm {
    /// Monday to Sunday: the day's stretches as (from, until).
    pub days: [Vec<(String, String)>; 7],
    /// The least notice, in whole hours; `None` when what was typed is not a whole number (the
    /// error names `min_notice_hours`, as for a number out of range).
    pub min_notice_hours: Option<u32>,
    /// How far ahead, in whole days; `None` when what was typed is not a whole number (the
    /// error names `horizon_days`).
    pub horizon_days: Option<u16>,
    /// How errors name the fields.
    pub naming: HoursNaming,
}

impl HoursForm {
    /// The same (from, until) stretch on every day in `days` (Monday is 0), none on the others.
    pub fn same_on(days: &[usize], from: &str, until: &str) -> [Vec<(String, String)>; 7] {
        std::array::from_fn(|day| {
            if days.contains(&day) {
                vec![(from.to_string(), until.to_string())]
            } else {
                Vec::new()
            }
        })
    }
}

fn parse_time(errors: &mut FieldErrors, field: &str, text: &str) -> Option<Time> {
    match text.trim().parse::<Time>() {
        Ok(time) => Some(time),
        Err(_) => {
            errors.add(field, "enter a time such as 09:00");
            None
        }
    }
}

/// The stretches of weekday `day` of `form`, checked: each a time from and a later time until,
/// at most [`MAX_STRETCHES`], none overlapping another.
fn day_stretches(
    errors: &mut FieldErrors,
    form: &HoursForm,
    day: usize,
    weekly: &mut Vec<WeeklyHours>,
) {
    let weekday =
        Weekday::from_monday_zero_offset(i8::try_from(day).unwrap_or(0)).unwrap_or(Weekday::Monday);
    let field = |stretch: usize, end: &str| form.naming.field(day, stretch, end);
    let mut parsed: Vec<(usize, Time, Time)> = Vec::new();
    let mut typed = 0;
    for (stretch, (from, until)) in form.days[day].iter().enumerate() {
        if from.trim().is_empty() && until.trim().is_empty() {
            continue;
        }
        typed += 1;
        if typed > MAX_STRETCHES {
            errors.add(
                field(stretch, "from"),
                format!("a day holds at most {MAX_STRETCHES} stretches of work"),
            );
            continue;
        }
        let start = parse_time(errors, &field(stretch, "from"), from);
        let end = parse_time(errors, &field(stretch, "until"), until);
        if let (Some(start), Some(end)) = (start, end) {
            if end <= start {
                errors.add(field(stretch, "until"), "the end must be after the start");
            } else {
                parsed.push((stretch, start, end));
            }
        }
    }
    parsed.sort_by_key(|(_, start, _)| *start);
    for pair in parsed.windows(2) {
        let ((_, _, earlier_end), (stretch, later_start, _)) = (pair[0], pair[1]);
        if later_start < earlier_end {
            errors.add(
                field(stretch, "from"),
                "this overlaps another stretch of the same day",
            );
        }
    }
    weekly.extend(parsed.into_iter().map(|(_, start, end)| WeeklyHours {
        weekday,
        start,
        end,
    }));
}

/// Replaces a clinician's weekly hours and limits.
pub async fn set_hours(
    app: &App,
    caller: &Caller,
    clinician: UserId,
    form: &HoursForm,
) -> AppResult<()> {
    let clinic = may_edit(caller, clinician)?;
    let mut errors = FieldErrors::default();
    let mut weekly = Vec::new();
    for day in 0..WEEKDAYS.len() {
        day_stretches(&mut errors, form, day, &mut weekly);
    }
    let notice = form
        .min_notice_hours
        .filter(|hours| *hours <= MAX_NOTICE_HOURS);
    if notice.is_none() {
        errors.add(
            "min_notice_hours",
            format!("enter whole hours from 0 to {MAX_NOTICE_HOURS}"),
        );
    }
    let horizon = form
        .horizon_days
        .filter(|days| (1..=MAX_HORIZON_DAYS).contains(days));
    if horizon.is_none() {
        errors.add(
            "horizon_days",
            format!("enter whole days from 1 to {MAX_HORIZON_DAYS}"),
        );
    }
    errors.into_result()?;
    let audit = caller.audit("hours.save", format!("user/{clinician}"), app.now());
    app.store
        .set_hours(
            clinic,
            clinician,
            &weekly,
            notice.unwrap_or(0) * 60,
            horizon.unwrap_or(90),
            &audit,
        )
        .await?;
    super::waiting::hours_opened(app, clinic).await;
    Ok(())
}

/// What a date exception does to a clinician's diary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExceptionKind {
    /// Time off: no bookings then.
    Off,
    /// Extra hours: bookable then, beyond the weekly hours.
    Extra,
}

impl ExceptionKind {
    /// Reads the form's value: `off` or `extra`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "off" => Some(Self::Off),
            "extra" => Some(Self::Extra),
            _ => None,
        }
    }
}

/// A date exception as typed.
#[derive(Clone, Debug, Default)]
pub struct ExceptionForm {
    /// `2026-12-24`.
    pub date: String,
    /// From; empty for the whole day.
    pub start: String,
    /// Until; empty for the whole day.
    pub end: String,
    /// Time off or extra hours; `None` when neither was chosen (the error names `kind`).
    pub kind: Option<ExceptionKind>,
    /// A note.
    pub note: String,
}

/// Adds time off or extra hours on one date.
pub async fn add_exception(
    app: &App,
    caller: &Caller,
    clinician: UserId,
    form: &ExceptionForm,
) -> AppResult<()> {
    let clinic = may_edit(caller, clinician)?;
    let mut errors = FieldErrors::default();
    let date = form.date.trim().parse::<Date>().ok();
    if date.is_none() {
        errors.add("date", "enter a date such as 2026-12-24");
    }
    let whole_day = form.start.trim().is_empty() && form.end.trim().is_empty();
    let (start, end) = if whole_day {
        (Some(Time::midnight()), Some(Time::constant(23, 59, 59, 0)))
    } else {
        (
            parse_time(&mut errors, "start", &form.start),
            parse_time(&mut errors, "end", &form.end),
        )
    };
    if let (Some(start), Some(end)) = (start, end)
        && end <= start
    {
        errors.add("end", "the end must be after the start");
    }
    let available = match form.kind {
        Some(ExceptionKind::Extra) => true,
        Some(ExceptionKind::Off) => false,
        None => {
            errors.add("kind", "choose time off or extra hours");
            false
        }
    };
    if form.note.chars().count() > 120 {
        errors.add("note", "use at most 120 characters");
    }
    errors.into_result()?;
    let (Some(date), Some(start), Some(end)) = (date, start, end) else {
        return Err(AppError::internal("validated fields are missing"));
    };
    let exception = ScheduleException {
        id: ExceptionId::new(),
        clinician_id: clinician,
        date,
        start,
        end,
        available,
        note: form.note.trim().to_string(),
    };
    let audit = caller.audit("hours.exception", format!("user/{clinician}"), app.now());
    app.store.add_exception(clinic, &exception, &audit).await?;
    if available {
        super::waiting::hours_opened(app, clinic).await;
    }
    Ok(())
}

/// Removes a date exception.
pub async fn remove_exception(
    app: &App,
    caller: &Caller,
    clinician: UserId,
    exception: ExceptionId,
) -> AppResult<()> {
    let clinic = may_edit(caller, clinician)?;
    let audit = caller.audit(
        "hours.exception-removed",
        format!("user/{clinician}"),
        app.now(),
    );
    app.store
        .remove_exception(clinic, clinician, exception, &audit)
        .await?;
    // Time off taken back opens time (extra hours taken back open none; offering finds none).
    super::waiting::hours_opened(app, clinic).await;
    Ok(())
}

/// How far ahead a clinician's hours list their time off and extra hours, in days.
pub const EXCEPTIONS_AHEAD_DAYS: i64 = 365;

/// A clinician's hours as their page and the API show them.
#[derive(Clone, Debug)]
pub struct ClinicianHours {
    /// The clinician.
    pub clinician: User,
    /// Their profile: the least notice and how far ahead patients may book.
    pub profile: ClinicianProfile,
    /// Their weekly stretches of work.
    pub weekly: Vec<WeeklyHours>,
    /// Their time off and extra hours from today (in their zone) for
    /// [`EXCEPTIONS_AHEAD_DAYS`] days.
    pub exceptions: Vec<ScheduleException>,
}

/// A clinician's hours, for the clinician themselves and the clinic's administrators: "not
/// found" for anyone who is not a clinician of the clinic.
pub async fn hours_of(app: &App, caller: &Caller, clinician: UserId) -> AppResult<ClinicianHours> {
    let clinic = match caller.role() {
        Role::Admin => caller.user.clinic_id,
        Role::Clinician if caller.id() == clinician => caller.user.clinic_id,
        Role::Clinician => {
            return Err(AppError::Forbidden(
                "clinicians see their own hours; an administrator sees anyone's".into(),
            ));
        }
        Role::Patient => return Err(AppError::NotFound),
    };
    let person = app.store.user(clinic, clinician).await?;
    if person.role != Role::Clinician {
        return Err(AppError::NotFound);
    }
    let profile = app
        .store
        .clinician_profiles(clinic)
        .await?
        .into_iter()
        .find(|profile| profile.user.id == clinician)
        .ok_or(AppError::NotFound)?;
    let zone = TimeZone::get(&person.time_zone).unwrap_or(TimeZone::UTC);
    let today = app.now().to_zoned(zone).date();
    let until = today
        .checked_add(EXCEPTIONS_AHEAD_DAYS.days())
        .unwrap_or(today);
    let (weekly, exceptions) = app
        .store
        .schedules(clinic, today, until)
        .await?
        .into_iter()
        .find(|schedule| schedule.clinician_id == clinician)
        .map(|schedule| (schedule.weekly, schedule.exceptions))
        .unwrap_or_default();
    Ok(ClinicianHours {
        clinician: person,
        profile,
        weekly,
        exceptions,
    })
}
