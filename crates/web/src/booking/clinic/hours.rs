//! Weekly hours, booking limits and date exceptions, for a clinician or set by the administrator.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use jiff::civil::{Time, Weekday};
use serde::Deserialize;
use tendo_app::booking::hours::{
    self, ExceptionForm, HoursForm, HoursNaming, MAX_STRETCHES, WEEKDAYS,
};
use tendo_app::error::{AppError, FieldErrors};
use tendo_app::model::ids::{ExceptionId, UserId};

use crate::auth::{Admins, Clinicians, PageUser, RequireRole};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::{redirect_with_flash, render, take_flash};
use crate::state::AppState;
use crate::time::Local;

/// One row of a day: a stretch of work, or an empty row to add one.
struct StretchRow {
    /// Counted from 1, as in the field names (`mon_1_from`).
    number: usize,
    from: String,
    until: String,
}

struct DayHours {
    prefix: &'static str,
    label: &'static str,
    stretches: Vec<StretchRow>,
}

struct ExceptionRow {
    id: String,
    text: String,
}

#[derive(Template)]
#[template(path = "booking/availability.html")]
struct HoursPage {
    chrome: Chrome,
    whose: String,
    action: String,
    days: Vec<DayHours>,
    min_notice_hours: String,
    horizon_days: String,
    exceptions: Vec<ExceptionRow>,
    errors: FieldErrors,
    zone: String,
    own: bool,
    max_stretches: usize,
}

/// The hours form: `{day}_{n}_from` and `{day}_{n}_until` for each stretch `n` of each day
/// (`mon_1_from`), then the two limits. Read as pairs, since a day has as many rows as it
/// needs.
#[derive(Debug, Default)]
pub struct HoursFields(Vec<(String, String)>);

impl<'de> Deserialize<'de> for HoursFields {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<(String, String)>::deserialize(deserializer).map(Self)
    }
}

impl HoursFields {
    fn value(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    }

    fn form(&self) -> HoursForm {
        let days = std::array::from_fn(|day| {
            let (prefix, _) = WEEKDAYS[day];
            let mut rows = Vec::new();
            for number in 1..=MAX_STRETCHES + 1 {
                let from = format!("{prefix}_{number}_from");
                let until = format!("{prefix}_{number}_until");
                if !self.0.iter().any(|(key, _)| *key == from || *key == until) {
                    break;
                }
                rows.push((self.value(&from), self.value(&until)));
            }
            rows
        });
        HoursForm {
            days,
            min_notice_hours: tendo_app::booking::whole_number(&self.value("min_notice_hours")),
            horizon_days: tendo_app::booking::whole_number(&self.value("horizon_days")),
            naming: HoursNaming::Form,
        }
    }
}

/// The rows shown for a day: its stretches and one empty row to add another (while there is
/// room for one).
fn rows_of(stretches: Vec<(String, String)>) -> Vec<StretchRow> {
    let mut rows: Vec<(String, String)> = stretches;
    if rows.len() < MAX_STRETCHES
        && rows
            .iter()
            .all(|(from, until)| !(from.is_empty() && until.is_empty()))
    {
        rows.push((String::new(), String::new()));
    }
    rows.into_iter()
        .enumerate()
        .map(|(index, (from, until))| StretchRow {
            number: index + 1,
            from,
            until,
        })
        .collect()
}

fn hhmm(time: Time) -> String {
    time.strftime("%H:%M").to_string()
}

async fn hours_page(
    state: &AppState,
    user: &PageUser,
    clinician: UserId,
    typed: Option<&HoursFields>,
    errors: FieldErrors,
) -> Result<HoursPage, PageError> {
    let hours::ClinicianHours {
        clinician: person,
        profile,
        weekly,
        exceptions,
    } = hours::hours_of(&state.app, &user.caller, clinician).await?;
    let typed_days = typed.map(|fields| fields.form().days);
    let days = WEEKDAYS
        .iter()
        .enumerate()
        .map(|(index, (prefix, label))| {
            let stretches = match &typed_days {
                Some(days) => days[index].clone(),
                None => {
                    let weekday =
                        Weekday::from_monday_zero_offset(i8::try_from(index).unwrap_or(0))
                            .unwrap_or(Weekday::Monday);
                    let mut day: Vec<_> = weekly.iter().filter(|h| h.weekday == weekday).collect();
                    day.sort_by_key(|h| h.start);
                    day.iter().map(|h| (hhmm(h.start), hhmm(h.end))).collect()
                }
            };
            DayHours {
                prefix,
                label,
                stretches: rows_of(stretches),
            }
        })
        .collect();
    let own = user.caller.id() == clinician;
    Ok(HoursPage {
        chrome: Chrome::signed_in(
            state,
            user,
            "Hours",
            if own {
                "/clinic/availability"
            } else {
                "/clinic/team"
            },
        ),
        whose: person.name.clone(),
        action: if own {
            "/clinic/availability".into()
        } else {
            format!("/clinic/availability/{clinician}")
        },
        days,
        min_notice_hours: typed
            .map(|fields| fields.value("min_notice_hours"))
            .unwrap_or_else(|| profile.min_notice_minutes.div_ceil(60).to_string()),
        horizon_days: typed
            .map(|fields| fields.value("horizon_days"))
            .unwrap_or_else(|| profile.horizon_days.to_string()),
        exceptions: exceptions
            .iter()
            .map(|e| ExceptionRow {
                id: e.id.to_string(),
                text: format!(
                    "{}: {} {}–{}{}",
                    Local::date(e.date),
                    if e.available {
                        "extra hours"
                    } else {
                        "time off"
                    },
                    hhmm(e.start),
                    if e.end >= Time::constant(23, 59, 0, 0) {
                        "end of day".into()
                    } else {
                        hhmm(e.end)
                    },
                    if e.note.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", e.note)
                    }
                ),
            })
            .collect(),
        errors,
        zone: person.time_zone.clone(),
        own,
        max_stretches: MAX_STRETCHES,
    })
}

/// `GET /clinic/availability`: the clinician's own hours.
pub async fn own_hours(
    _role: RequireRole<Clinicians>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let (jar, flash) = take_flash(jar);
    let mut page = hours_page(
        &state,
        &user,
        user.caller.id(),
        None,
        FieldErrors::default(),
    )
    .await?;
    page.chrome.flash = flash;
    Ok((jar, render(&page)?).into_response())
}

/// `GET /clinic/availability/{user}`: an administrator edits anyone's hours.
pub async fn hours_of(
    _role: RequireRole<Admins>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Path(clinician): Path<String>,
) -> Result<Response, PageError> {
    let clinician = clinician.parse().map_err(|_| AppError::NotFound)?;
    let (jar, flash) = take_flash(jar);
    let mut page = hours_page(&state, &user, clinician, None, FieldErrors::default()).await?;
    page.chrome.flash = flash;
    Ok((jar, render(&page)?).into_response())
}

async fn save_hours(
    state: AppState,
    user: PageUser,
    jar: CookieJar,
    clinician: UserId,
    fields: HoursFields,
) -> Result<Response, PageError> {
    tendo_app::accounts::clinic_member(&state.app, &user.caller, clinician).await?;
    let form = fields.form();
    match hours::set_hours(&state.app, &user.caller, clinician, &form).await {
        Ok(()) => {
            let back = if user.caller.id() == clinician {
                "/clinic/availability".to_string()
            } else {
                format!("/clinic/availability/{clinician}")
            };
            Ok(redirect_with_flash(
                jar,
                &back,
                "Hours saved. New bookings follow them at once.",
            ))
        }
        Err(AppError::Invalid(errors)) => {
            let page = hours_page(&state, &user, clinician, Some(&fields), errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /clinic/availability`.
pub async fn save_own_hours(
    _role: RequireRole<Clinicians>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Form(fields): Form<HoursFields>,
) -> Result<Response, PageError> {
    let id = user.caller.id();
    save_hours(state, user, jar, id, fields).await
}

/// `POST /clinic/availability/{user}`.
pub async fn save_hours_of(
    _role: RequireRole<Admins>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Path(clinician): Path<String>,
    Form(fields): Form<HoursFields>,
) -> Result<Response, PageError> {
    let clinician = clinician.parse().map_err(|_| AppError::NotFound)?;
    save_hours(state, user, jar, clinician, fields).await
}

/// The exception form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ExceptionFields {
    date: String,
    start: String,
    end: String,
    kind: String,
    note: String,
    exception: String,
}

async fn add_exception(
    state: AppState,
    user: PageUser,
    jar: CookieJar,
    clinician: UserId,
    fields: ExceptionFields,
) -> Result<Response, PageError> {
    tendo_app::accounts::clinic_member(&state.app, &user.caller, clinician).await?;
    let form = ExceptionForm {
        date: fields.date,
        start: fields.start,
        end: fields.end,
        kind: hours::ExceptionKind::parse(&fields.kind),
        note: fields.note,
    };
    let back = if user.caller.id() == clinician {
        "/clinic/availability".to_string()
    } else {
        format!("/clinic/availability/{clinician}")
    };
    match hours::add_exception(&state.app, &user.caller, clinician, &form).await {
        Ok(()) => Ok(redirect_with_flash(jar, &back, "Saved.")),
        Err(AppError::Invalid(errors)) => {
            let page = hours_page(&state, &user, clinician, None, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /clinic/availability/exceptions`.
pub async fn add_own_exception(
    _role: RequireRole<Clinicians>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Form(fields): Form<ExceptionFields>,
) -> Result<Response, PageError> {
    let id = user.caller.id();
    add_exception(state, user, jar, id, fields).await
}

/// `POST /clinic/availability/{user}/exceptions`.
pub async fn add_exception_of(
    _role: RequireRole<Admins>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Path(clinician): Path<String>,
    Form(fields): Form<ExceptionFields>,
) -> Result<Response, PageError> {
    let clinician = clinician.parse().map_err(|_| AppError::NotFound)?;
    add_exception(state, user, jar, clinician, fields).await
}

/// `POST /clinic/availability/exceptions/remove`.
pub async fn remove_own_exception(
    _role: RequireRole<Clinicians>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Form(fields): Form<ExceptionFields>,
) -> Result<Response, PageError> {
    let exception: ExceptionId = fields
        .exception
        .parse()
        .map_err(|_| AppError::invalid("exception", "choose an entry to remove"))?;
    hours::remove_exception(&state.app, &user.caller, user.caller.id(), exception).await?;
    Ok(redirect_with_flash(jar, "/clinic/availability", "Removed."))
}
