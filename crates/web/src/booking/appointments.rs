//! A person's appointments: the list with their messages and calendar feed, one appointment
//! with its cancellation window, moving, and calendar files (cancelling is in `cancel.rs`).

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use jiff::ToSpan;
use jiff::civil::Date;
use serde::Deserialize;
use tendo_app::accounts;
use tendo_app::booking::appointment_for;
use tendo_app::booking::calendar::{self, EventText};
use tendo_app::booking::diary;
use tendo_app::booking::listing;
use tendo_app::booking::series;
use tendo_app::booking::slots;
use tendo_app::error::{AppError, FieldErrors};
use tendo_app::model::accounts::Role;
use tendo_app::model::booking::AppointmentStatus;
use tendo_app::model::ids::AppointmentId;

use super::parse_start;
use super::public::url;
use super::views::{AppointmentRow, RuleNote, policy, rule_notes};
use crate::auth::PageUser;
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::{redirect_with_flash, render, take_flash};
use crate::state::AppState;
use crate::time::Local;

fn appointment_id(text: &str) -> Result<AppointmentId, AppError> {
    text.parse().map_err(|_| AppError::NotFound)
}

struct Notice {
    subject: String,
    when: String,
    body: String,
}

#[derive(Template)]
#[template(path = "booking/appointments.html")]
struct ListPage {
    chrome: Chrome,
    upcoming: Vec<AppointmentRow>,
    past: Vec<AppointmentRow>,
    notices: Vec<Notice>,
    feed_since: Option<String>,
    feed_url: Option<String>,
    clinic_slug: String,
    waiting: Vec<super::waiting::WaitingRow>,
}

async fn list_page(
    state: &AppState,
    user: &PageUser,
    feed_url: Option<String>,
) -> Result<ListPage, PageError> {
    let caller = &user.caller;
    let local = Local::of(&caller.user);
    let now = state.app.now();
    let views = listing::own_appointments(&state.app, caller).await?;
    // "Coming up" holds what still stands; a cancelled appointment is listed under "Earlier"
    // with its reason, whenever it was due.
    let (upcoming, past): (Vec<_>, Vec<_>) = views.iter().partition(|v| {
        v.appointment.end >= now && v.appointment.status == AppointmentStatus::Booked
    });
    let notices = listing::notices(&state.app, caller)
        .await?
        .into_iter()
        .map(|mail| Notice {
            subject: mail.subject,
            when: local.date_time(mail.send_after),
            body: mail.body,
        })
        .collect();
    let clinic = accounts::own_clinic(&state.app, caller).await?;
    Ok(ListPage {
        chrome: Chrome::signed_in(state, user, "Appointments", "/appointments"),
        upcoming: upcoming
            .iter()
            .map(|v| AppointmentRow::of(v, &local, true))
            .collect(),
        past: past
            .iter()
            .rev()
            .map(|v| AppointmentRow::of(v, &local, true))
            .collect(),
        notices,
        feed_since: calendar::feed_created(&state.app, caller)
            .await?
            .map(|at| local.date_time(at)),
        feed_url,
        clinic_slug: clinic.slug,
        waiting: super::waiting::rows(state, caller).await?,
    })
}

/// `GET /appointments`: the patient's appointments, messages and calendar feed; staff go to
/// their calendar.
pub async fn list(
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
) -> Result<Response, PageError> {
    if user.caller.user.role != Role::Patient {
        return Ok(Redirect::to("/clinic/calendar").into_response());
    }
    let (jar, flash) = take_flash(jar);
    let mut page = list_page(&state, &user, None).await?;
    page.chrome.flash = flash;
    Ok((jar, render(&page)?).into_response())
}

/// `POST /appointments/calendar-feed`: a new private feed address, shown once.
pub async fn create_feed(
    State(state): State<AppState>,
    user: PageUser,
) -> Result<Response, PageError> {
    let address = calendar::new_feed(&state.app, &user.caller).await?;
    if user.caller.user.role != Role::Patient {
        return crate::booking::clinic::calendar_with_feed(&state, &user, address).await;
    }
    let page = list_page(&state, &user, Some(address)).await?;
    Ok(render(&page)?.into_response())
}

/// `POST /appointments/calendar-feed/revoke`.
pub async fn revoke_feed(
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
) -> Result<Response, PageError> {
    calendar::revoke_feed(&state.app, &user.caller).await?;
    let back = if user.caller.user.role == Role::Patient {
        "/appointments"
    } else {
        "/clinic/calendar"
    };
    Ok(redirect_with_flash(
        jar,
        back,
        "Your calendar feed is switched off; its address no longer works.",
    ))
}

/// `GET /calendar/{token}/appointments.ics`: the private feed.
pub async fn feed(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let body = calendar::feed(&state.app, &token).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "private, max-age=300"),
        ],
        body,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "booking/appointment.html")]
struct ShowPage {
    chrome: Chrome,
    row: AppointmentRow,
    booked: bool,
    price: String,
    clinician: String,
    patient: String,
    policy: String,
    is_patient: bool,
    may_change: bool,
    location: String,
    /// A map link to the clinic, for an appointment in person.
    map: Option<String>,
    video_here: bool,
    problem: Option<String>,
    notes: Vec<RuleNote>,
}

async fn show_page(
    state: &AppState,
    user: &PageUser,
    id: AppointmentId,
    problem: Option<String>,
) -> Result<ShowPage, PageError> {
    let view = appointment_for(&state.app, &user.caller, id).await?;
    let clinic = accounts::own_clinic(&state.app, &user.caller).await?;
    let local = Local::of(&user.caller.user);
    let is_patient = user.caller.user.role == Role::Patient;
    let (policy, open) = policy(&clinic, &view, &user.caller.user.time_zone, state.app.now());
    let location = calendar::location(&state.app, &clinic, &view.appointment, &view.kind);
    Ok(ShowPage {
        chrome: Chrome::signed_in(state, user, view.kind.name.clone(), "/appointments"),
        row: AppointmentRow::of(&view, &local, is_patient),
        booked: view.appointment.status == AppointmentStatus::Booked,
        price: crate::locale::price(view.kind.price_minor, &view.kind.currency),
        clinician: view.clinician.name.clone(),
        patient: view.patient.name.clone(),
        policy,
        is_patient,
        may_change: view.appointment.status == AppointmentStatus::Booked && (open || !is_patient),
        video_here: view.kind.kind.is_video() && clinic.settings.meeting_link_template.is_none(),
        map: match (&clinic.settings.address, view.kind.kind.is_video()) {
            (Some(address), false) => Some(super::views::map_link(address)),
            _ => None,
        },
        location,
        problem,
        notes: rule_notes(Some(&view.kind)),
    })
}

/// `GET /appointments/{appointment}`.
pub async fn show(
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (jar, flash) = take_flash(jar);
    let mut page = show_page(&state, &user, appointment_id(&id)?, None).await?;
    page.chrome.flash = flash;
    Ok((jar, render(&page)?).into_response())
}

/// `GET /appointments/{appointment}/appointment.ics`.
pub async fn ics(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let view = appointment_for(&state.app, &user.caller, appointment_id(&id)?).await?;
    let clinic = accounts::own_clinic(&state.app, &user.caller).await?;
    let with = if user.caller.id() == view.patient.id {
        &view.clinician.name
    } else {
        &view.patient.name
    };
    let body = calendar::calendar(
        &clinic,
        &view.kind.name,
        &[EventText {
            appointment: &view.appointment,
            kind: &view.kind,
            with,
            location: calendar::location(&state.app, &clinic, &view.appointment, &view.kind),
        }],
        state.app.now(),
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"appointment.ics\"",
            ),
        ],
        body,
    )
        .into_response())
}

/// The move form's query.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MoveQuery {
    from: String,
}

struct DayChoices {
    label: String,
    times: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "booking/reschedule.html")]
struct MovePage {
    chrome: Chrome,
    row: AppointmentRow,
    in_series: bool,
    days: Vec<DayChoices>,
    next: String,
    errors: FieldErrors,
    problem: Option<String>,
}

async fn move_page(
    state: &AppState,
    user: &PageUser,
    id: AppointmentId,
    from: &str,
    errors: FieldErrors,
    problem: Option<String>,
) -> Result<MovePage, PageError> {
    let view = appointment_for(&state.app, &user.caller, id).await?;
    let clinic = accounts::own_clinic(&state.app, &user.caller).await?;
    let local = Local::of(&user.caller.user);
    let today = local.today(state.app.now());
    let from = from
        .parse::<Date>()
        .ok()
        .filter(|d| *d >= today)
        .unwrap_or(today);
    let options =
        slots::find_for_move(&state.app, clinic, &view.appointment, local.zone(), from, 7).await?;
    let mut days: Vec<DayChoices> = Vec::new();
    for option in options {
        let label = Local::date(local.today(option.start));
        let entry = (option.start.to_string(), local.time(option.start));
        match days.last_mut() {
            Some(day) if day.label == label => day.times.push(entry),
            _ => days.push(DayChoices {
                label,
                times: vec![entry],
            }),
        }
    }
    Ok(MovePage {
        chrome: Chrome::signed_in(state, user, "Move an appointment", "/appointments"),
        row: AppointmentRow::of(&view, &local, user.caller.user.role == Role::Patient),
        in_series: view.appointment.series_id.is_some(),
        days,
        next: format!(
            "/appointments/{id}/reschedule?from={}",
            url(&from.checked_add(7.days()).unwrap_or(from).to_string())
        ),
        errors,
        problem,
    })
}

/// `GET /appointments/{appointment}/reschedule`: free times with the same clinician.
pub async fn reschedule_form(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(query): Query<MoveQuery>,
) -> Result<Response, PageError> {
    let page = move_page(
        &state,
        &user,
        appointment_id(&id)?,
        &query.from,
        FieldErrors::default(),
        None,
    )
    .await?;
    Ok(render(&page)?.into_response())
}

/// The move form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MoveFields {
    start: String,
    scope: String,
}

/// `POST /appointments/{appointment}/reschedule`.
pub async fn reschedule(
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(fields): Form<MoveFields>,
) -> Result<Response, PageError> {
    let id = appointment_id(&id)?;
    // Make sure the caller may see it before reading the rest of the form.
    appointment_for(&state.app, &user.caller, id).await?;
    let result = match parse_start("start", &fields.start) {
        Ok(start) if fields.scope == "following" => {
            series::move_following(&state.app, &user.caller, id, start)
                .await
                .map(|views| views.into_iter().next())
        }
        Ok(start) => diary::reschedule(&state.app, &user.caller, id, start, None)
            .await
            .map(Some),
        Err(error) => Err(error),
    };
    match result {
        Ok(Some(view)) => Ok(redirect_with_flash(
            jar,
            &format!("/appointments/{}", view.appointment.id),
            "Moved. A new confirmation is on its way.",
        )),
        Ok(None) => Ok(redirect_with_flash(
            jar,
            "/appointments",
            "Nothing to move.",
        )),
        Err(error @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let status = crate::error::status_of(&error);
            let (errors, problem) = match error {
                AppError::Invalid(errors) => (errors, None),
                other => (FieldErrors::default(), Some(other.public_message())),
            };
            let page = move_page(&state, &user, id, "", errors, problem).await?;
            Ok((status, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
