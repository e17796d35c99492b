//! The clinic's calendar: a week of appointments for a clinician or the whole clinic.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use serde::Deserialize;
use tendo_app::booking::AppointmentView;
use tendo_app::error::AppError;
use tendo_store::accounts::{Role, User};

use super::super::views::AppointmentRow;
use crate::auth::{PageUser, RequireRole, Staff};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::{render, take_flash};
use crate::state::AppState;
use crate::time::Local;

struct CalendarDay {
    label: String,
    rows: Vec<(AppointmentRow, String)>,
}

#[derive(Template)]
#[template(path = "booking/calendar.html")]
struct CalendarPage {
    chrome: Chrome,
    days: Vec<CalendarDay>,
    previous: String,
    next: String,
    week_of: String,
    is_admin: bool,
    feed_since: Option<String>,
    feed_url: Option<String>,
    clinic_slug: String,
}

/// The week's appointments the caller sees: a clinician's own, or the whole clinic's.
pub(crate) async fn week_views(
    state: &AppState,
    caller: &User,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<AppointmentView>, AppError> {
    let store = &state.app.store;
    let clinic = caller.clinic_id;
    let list = if caller.role == Role::Admin {
        store.booked_between(clinic, from, to).await?
    } else {
        store
            .clinician_appointments(clinic, caller.id, from, to)
            .await?
    };
    let types = store.appointment_types(clinic).await?;
    let mut views = Vec::new();
    let mut reads = Vec::new();
    let mut people = tendo_app::booking::People::new(&state.app, clinic);
    for appointment in list {
        let Some(kind) = types.iter().find(|k| k.id == appointment.type_id) else {
            continue;
        };
        let patient = people.get(appointment.patient_id).await?;
        let clinician = people.get(appointment.clinician_id).await?;
        reads.push(
            tendo_store::audit::AuditEntry::new(
                "appointment.read",
                format!("appointment/{}", appointment.id),
            )
            .by(caller.id, caller.role, clinic)
            .about(appointment.patient_id),
        );
        views.push(AppointmentView {
            kind: kind.clone(),
            patient,
            clinician,
            appointment,
        });
    }
    state.app.audit.record_all(reads).await?;
    Ok(views)
}

/// The calendar's query.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WeekQuery {
    week: String,
}

async fn calendar_page(
    state: &AppState,
    user: &PageUser,
    week: &str,
    feed_url: Option<String>,
) -> Result<CalendarPage, PageError> {
    let caller = &user.caller.user;
    let local = Local::of(caller);
    let today = local.today(state.app.now());
    let monday = match week.trim() {
        "" => today,
        text => {
            let date = text
                .parse::<Date>()
                .map_err(|_| AppError::invalid("week", "use a date such as 2026-12-01"))?;
            tendo_app::booking::slots::calendar_date("week", date, today)?
        }
    };
    let monday = monday
        .checked_sub(i64::from(monday.weekday().to_monday_zero_offset()).days())
        .unwrap_or(monday);
    let (from, to) = tendo_app::booking::slots::local_window(local.zone(), monday, 7);
    let views = week_views(state, caller, from, to).await?;
    let mut days: Vec<CalendarDay> = Vec::new();
    for view in &views {
        let label = Local::date(local.today(view.appointment.start));
        let row = (
            AppointmentRow::of(view, &local, false),
            view.clinician.name.clone(),
        );
        match days.last_mut() {
            Some(day) if day.label == label => day.rows.push(row),
            _ => days.push(CalendarDay {
                label,
                rows: vec![row],
            }),
        }
    }
    let clinic = state.app.store.clinic(caller.clinic_id).await?;
    Ok(CalendarPage {
        chrome: Chrome::signed_in(state, user, "Calendar", "/clinic/calendar"),
        days,
        previous: format!(
            "/clinic/calendar?week={}",
            monday.checked_sub(7.days()).unwrap_or(monday)
        ),
        next: format!(
            "/clinic/calendar?week={}",
            monday.checked_add(7.days()).unwrap_or(monday)
        ),
        week_of: Local::date(monday),
        is_admin: caller.role == Role::Admin,
        feed_since: state
            .app
            .store
            .feed_created(caller.id)
            .await?
            .map(|at| local.date_time(at)),
        feed_url,
        clinic_slug: clinic.slug,
    })
}

/// `GET /clinic/calendar`: the week's appointments.
pub async fn calendar(
    _role: RequireRole<Staff>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Query(query): Query<WeekQuery>,
) -> Result<Response, PageError> {
    let (jar, flash) = take_flash(jar);
    let mut page = calendar_page(&state, &user, &query.week, None).await?;
    page.chrome.flash = flash;
    Ok((jar, render(&page)?).into_response())
}

/// The calendar with a new feed address shown once.
pub(crate) async fn calendar_with_feed(
    state: &AppState,
    user: &PageUser,
    address: String,
) -> Result<Response, PageError> {
    let page = calendar_page(state, user, "", Some(address)).await?;
    Ok(render(&page)?.into_response())
}
