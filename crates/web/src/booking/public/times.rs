//! Free times of an appointment type, grouped by day in the visitor's zone.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use jiff::ToSpan;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Deserialize;
use tendo_app::booking::clinic_by_slug;
use tendo_app::booking::slots::{self, SlotOption};
use tendo_app::error::AppError;
use tendo_app::model::accounts::Clinic;
use tendo_app::model::ids::{AppointmentTypeId, UserId};

use super::super::views::{RuleNote, TypeRow, rule_notes};
use crate::auth::PageUser;
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::{render, take_flash};
use crate::state::AppState;
use crate::time::Local;

/// The choices of the times page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TimesQuery {
    clinician: String,
    from: String,
    tz: String,
}

struct DayTimes {
    label: String,
    times: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "booking/times.html")]
struct TimesPage {
    chrome: Chrome,
    clinic: Clinic,
    kind: TypeRow,
    clinicians: Vec<(String, String)>,
    clinician: String,
    zone: String,
    days: Vec<DayTimes>,
    previous: Option<String>,
    next: String,
    notes: Vec<RuleNote>,
    /// The form to join the waiting list for this type (and clinician) when nothing suits.
    waiting_list: String,
    /// Why the date asked for was not used (it is out of the bookable range).
    error: Option<String>,
}

/// The visitor's zone: their account's, else the one the page was asked for, else the clinic's.
pub(super) fn viewer_zone(user: Option<&PageUser>, asked: &str, clinic: &Clinic) -> String {
    match user {
        Some(user) => user.caller.user.time_zone.clone(),
        None if TimeZone::get(asked.trim()).is_ok() => asked.trim().to_string(),
        None => clinic.time_zone.clone(),
    }
}

pub(crate) fn type_id(text: &str) -> Result<AppointmentTypeId, AppError> {
    text.parse().map_err(|_| AppError::NotFound)
}

pub(crate) fn clinician_id(text: &str) -> Result<Option<UserId>, AppError> {
    match text.trim() {
        "" => Ok(None),
        id => id
            .parse()
            .map(Some)
            .map_err(|_| AppError::invalid("clinician", "choose a clinician from the list")),
    }
}

fn group_by_day(
    options: &[SlotOption],
    local: &Local,
    link: impl Fn(&SlotOption) -> String,
) -> Vec<DayTimes> {
    let mut days: Vec<DayTimes> = Vec::new();
    for option in options {
        let label = Local::date(local.today(option.start));
        let entry = (local.time(option.start), link(option));
        match days.last_mut() {
            Some(day) if day.label == label => day.times.push(entry),
            _ => days.push(DayTimes {
                label,
                times: vec![entry],
            }),
        }
    }
    days
}

/// `GET /c/{clinic}/book/{type}`: a week of free times in the visitor's zone.
pub async fn times(
    State(state): State<AppState>,
    user: Option<PageUser>,
    jar: CookieJar,
    Path((slug, kind)): Path<(String, String)>,
    Query(query): Query<TimesQuery>,
) -> Result<Response, PageError> {
    let clinic = clinic_by_slug(&state.app, &slug).await?;
    let kind = type_id(&kind)?;
    let zone = viewer_zone(user.as_ref(), &query.tz, &clinic);
    let local = Local::named(&zone);
    let today = local.today(state.app.now());
    let (from, out_of_range) = match query.from.trim() {
        "" => (today, None),
        text => match text.parse::<Date>() {
            Err(_) => (
                today,
                Some(AppError::invalid("from", "use a date such as 2026-12-01")),
            ),
            Ok(date) => match slots::bookable_date("from", date, today) {
                Ok(date) => (date.max(today), None),
                Err(error) => (today, Some(error)),
            },
        },
    };
    let clinician = clinician_id(&query.clinician)?;
    let (diary, options) = slots::find(
        &state.app,
        clinic.clone(),
        kind,
        clinician,
        local.zone(),
        from,
        7,
    )
    .await?;
    let chosen = diary.kind(kind)?.clone();
    let clinicians = diary
        .suitable(&chosen, true)
        .iter()
        .map(|p| (p.user.id.to_string(), p.user.name.clone()))
        .collect();
    let base = format!("/c/{}/book/{}", clinic.slug, kind);
    let tz = url(&zone);
    let days = group_by_day(&options, &local, |option| {
        let who = match clinician {
            Some(id) => format!("&clinician={id}"),
            None => String::new(),
        };
        format!(
            "{base}/confirm?start={}{who}&tz={tz}",
            url(&option.start.to_string())
        )
    });
    let week = |date: Date| {
        format!(
            "{base}?from={date}&clinician={}&tz={tz}",
            query.clinician.trim()
        )
    };
    let previous =
        (from > today).then(|| week(from.checked_sub(7.days()).unwrap_or(today).max(today)));
    let next = week(from.checked_add(7.days()).unwrap_or(from));
    // A message from a sign-up whose time was taken meanwhile.
    let (jar, flash) = take_flash(jar);
    let page = TimesPage {
        chrome: Chrome::public_for(
            &state,
            user.as_ref(),
            format!("Book: {}", chosen.name),
            "/c",
        )
        .with_flash(flash),
        kind: TypeRow::of(&chosen, &clinic),
        notes: rule_notes(Some(&chosen)),
        waiting_list: format!(
            "{base}/waiting-list?clinician={}",
            url(query.clinician.trim())
        ),
        clinicians,
        clinician: query.clinician.trim().to_string(),
        zone,
        days,
        previous,
        next,
        clinic,
        error: out_of_range.as_ref().map(|error| match error {
            AppError::Invalid(fields) => fields
                .0
                .iter()
                .map(|problem| format!("That date cannot be shown: {}.", problem.message))
                .collect::<Vec<_>>()
                .join(" "),
            other => other.public_message(),
        }),
    };
    let status = match &out_of_range {
        Some(error) => crate::error::status_of(error),
        None => axum::http::StatusCode::OK,
    };
    Ok((status, jar, render(&page)?).into_response())
}

/// Percent-encodes a query value.
pub fn url(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}
