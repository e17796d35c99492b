//! The clinic's side of booking: the calendar, hours, appointment types with prices, rooms and
//! tables, and the team's public profiles.

use askama::Template;
use axum::Form;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use jiff::civil::{Date, Time, Weekday};
use jiff::{Timestamp, ToSpan};
use serde::Deserialize;
use tendo_app::booking::setup::{self, ExceptionForm, HoursForm, TypeForm, WEEKDAYS};
use tendo_app::booking::{AppointmentView, price_text};
use tendo_app::error::{AppError, FieldErrors};
use tendo_store::accounts::{Role, User};
use tendo_store::booking::{AppointmentKind, ProfileUpdate, ResourceKind};
use tendo_store::ids::{ExceptionId, UserId};

use super::views::AppointmentRow;
use crate::auth::{Admins, Clinicians, PageUser, RequireRole, Staff};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::{redirect_with_flash, render, take_flash};
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
pub(super) async fn week_views(
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
    let mut people = tendo_app::booking::People::new(&state.app, clinic);
    for appointment in list {
        let Some(kind) = types.iter().find(|k| k.id == appointment.type_id) else {
            continue;
        };
        let patient = people.get(appointment.patient_id).await?;
        let clinician = people.get(appointment.clinician_id).await?;
        state.app.audit.record(
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
    let monday = week.parse::<Date>().unwrap_or(today);
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
pub(super) async fn calendar_with_feed(
    state: &AppState,
    user: &PageUser,
    address: String,
) -> Result<Response, PageError> {
    let page = calendar_page(state, user, "", Some(address)).await?;
    Ok(render(&page)?.into_response())
}

struct DayHours {
    prefix: &'static str,
    label: &'static str,
    start: String,
    end: String,
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
}

/// The hours form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HoursFields {
    mon_start: String,
    mon_end: String,
    tue_start: String,
    tue_end: String,
    wed_start: String,
    wed_end: String,
    thu_start: String,
    thu_end: String,
    fri_start: String,
    fri_end: String,
    sat_start: String,
    sat_end: String,
    sun_start: String,
    sun_end: String,
    min_notice_hours: String,
    horizon_days: String,
}

impl HoursFields {
    fn form(&self) -> HoursForm {
        let pair = |a: &String, b: &String| (a.clone(), b.clone());
        HoursForm {
            days: [
                pair(&self.mon_start, &self.mon_end),
                pair(&self.tue_start, &self.tue_end),
                pair(&self.wed_start, &self.wed_end),
                pair(&self.thu_start, &self.thu_end),
                pair(&self.fri_start, &self.fri_end),
                pair(&self.sat_start, &self.sat_end),
                pair(&self.sun_start, &self.sun_end),
            ],
            min_notice_hours: self.min_notice_hours.clone(),
            horizon_days: self.horizon_days.clone(),
        }
    }
}

fn hhmm(time: Time) -> String {
    time.strftime("%H:%M").to_string()
}

async fn hours_page(
    state: &AppState,
    user: &PageUser,
    clinician: UserId,
    typed: Option<&HoursForm>,
    errors: FieldErrors,
) -> Result<HoursPage, PageError> {
    let clinic = user.caller.user.clinic_id;
    let person = state.app.store.user(clinic, clinician).await?;
    if person.role != Role::Clinician {
        return Err(AppError::NotFound.into());
    }
    let profile = state
        .app
        .store
        .clinician_profiles(clinic)
        .await?
        .into_iter()
        .find(|p| p.user.id == clinician)
        .ok_or(AppError::NotFound)?;
    let today = Local::of(&person).today(state.app.now());
    let schedule = state
        .app
        .store
        .schedules(
            clinic,
            today,
            today.checked_add(365.days()).unwrap_or(today),
        )
        .await?
        .into_iter()
        .find(|s| s.clinician_id == clinician);
    let (weekly, exceptions) = schedule
        .map(|s| (s.weekly, s.exceptions))
        .unwrap_or_default();
    let days = WEEKDAYS
        .iter()
        .enumerate()
        .map(|(index, (prefix, label))| {
            let (start, end) = match typed {
                Some(form) => form.days[index].clone(),
                None => {
                    let weekday =
                        Weekday::from_monday_zero_offset(i8::try_from(index).unwrap_or(0))
                            .unwrap_or(Weekday::Monday);
                    weekly
                        .iter()
                        .find(|h| h.weekday == weekday)
                        .map(|h| (hhmm(h.start), hhmm(h.end)))
                        .unwrap_or_default()
                }
            };
            DayHours {
                prefix,
                label,
                start,
                end,
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
            .map(|f| f.min_notice_hours.clone())
            .unwrap_or_else(|| profile.min_notice_minutes.div_ceil(60).to_string()),
        horizon_days: typed
            .map(|f| f.horizon_days.clone())
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
    state
        .app
        .store
        .user(user.caller.user.clinic_id, clinician)
        .await?;
    let form = fields.form();
    match setup::set_hours(&state.app, &user.caller, clinician, &form).await {
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
            let page = hours_page(&state, &user, clinician, Some(&form), errors).await?;
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
    state
        .app
        .store
        .user(user.caller.user.clinic_id, clinician)
        .await?;
    let form = ExceptionForm {
        date: fields.date,
        start: fields.start,
        end: fields.end,
        kind: fields.kind,
        note: fields.note,
    };
    let back = if user.caller.id() == clinician {
        "/clinic/availability".to_string()
    } else {
        format!("/clinic/availability/{clinician}")
    };
    match setup::add_exception(&state.app, &user.caller, clinician, &form).await {
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
    setup::remove_exception(&state.app, &user.caller, user.caller.id(), exception).await?;
    Ok(redirect_with_flash(jar, "/clinic/availability", "Removed."))
}

struct TypeEdit {
    id: String,
    fields: TypeFields,
    price: String,
    active: bool,
}

#[derive(Template)]
#[template(path = "booking/types.html")]
struct TypesPage {
    chrome: Chrome,
    types: Vec<TypeEdit>,
    kinds: Vec<(&'static str, &'static str)>,
    clinicians: Vec<(String, String)>,
    resources: Vec<(String, &'static str, bool)>,
    errors: FieldErrors,
    new_type: TypeFields,
    clinic_slug: String,
    currency: String,
}

/// The appointment-type form.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct TypeFields {
    kind: String,
    name: String,
    description: String,
    duration_minutes: String,
    price: String,
    currency: String,
    buffer_before_minutes: String,
    buffer_after_minutes: String,
    profession: String,
    clinicians: String,
    resource: String,
    active: String,
    resource_name: String,
    resource_kind: String,
}

impl TypeFields {
    fn form(&self) -> TypeForm {
        TypeForm {
            kind: self.kind.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            duration_minutes: self.duration_minutes.clone(),
            price: self.price.clone(),
            currency: self.currency.clone(),
            buffer_before_minutes: self.buffer_before_minutes.clone(),
            buffer_after_minutes: self.buffer_after_minutes.clone(),
            profession: self.profession.clone(),
            clinicians: self
                .clinicians
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            resource: self.resource.clone(),
            active: !self.active.is_empty(),
        }
    }
}

async fn types_page(
    state: &AppState,
    user: &PageUser,
    errors: FieldErrors,
    new_type: TypeFields,
) -> Result<TypesPage, PageError> {
    let clinic = state.app.store.clinic(user.caller.user.clinic_id).await?;
    let types = state.app.store.appointment_types(clinic.id).await?;
    let clinicians = state
        .app
        .store
        .users_with_role(clinic.id, Role::Clinician)
        .await?;
    Ok(TypesPage {
        chrome: Chrome::signed_in(state, user, "Appointment types", "/clinic/settings"),
        types: types
            .iter()
            .map(|t| TypeEdit {
                id: t.id.to_string(),
                price: price_text(t.price_minor, &t.currency),
                active: t.active,
                fields: TypeFields {
                    kind: t.kind.as_str().into(),
                    name: t.name.clone(),
                    description: t.description.clone(),
                    duration_minutes: t.duration_minutes.to_string(),
                    price: format!("{}.{:02}", t.price_minor / 100, t.price_minor % 100),
                    currency: t.currency.clone(),
                    buffer_before_minutes: t.buffer_before_minutes.to_string(),
                    buffer_after_minutes: t.buffer_after_minutes.to_string(),
                    profession: t
                        .profession
                        .map(|p| p.as_str().to_string())
                        .unwrap_or_default(),
                    clinicians: t
                        .clinicians
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(","),
                    resource: t
                        .resource
                        .map(|r| r.as_str().to_string())
                        .unwrap_or_default(),
                    active: if t.active { "on".into() } else { String::new() },
                    ..TypeFields::default()
                },
            })
            .collect(),
        kinds: AppointmentKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.label()))
            .collect(),
        clinicians: clinicians
            .iter()
            .map(|c| (c.id.to_string(), c.name.clone()))
            .collect(),
        resources: state
            .app
            .store
            .resources(clinic.id)
            .await?
            .iter()
            .map(|r| {
                (
                    r.name.clone(),
                    if r.kind == ResourceKind::Table {
                        "table"
                    } else {
                        "room"
                    },
                    r.active,
                )
            })
            .collect(),
        errors,
        new_type,
        currency: clinic.settings.currency.clone(),
        clinic_slug: clinic.slug,
    })
}

/// `GET /clinic/appointment-types`: types with prices, rooms and tables.
pub async fn types(
    _role: RequireRole<Admins>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let (jar, flash) = take_flash(jar);
    let mut page = types_page(
        &state,
        &user,
        FieldErrors::default(),
        TypeFields {
            active: "on".into(),
            ..TypeFields::default()
        },
    )
    .await?;
    page.chrome.flash = flash;
    Ok((jar, render(&page)?).into_response())
}

async fn save_type(
    state: AppState,
    user: PageUser,
    jar: CookieJar,
    id: Option<tendo_store::ids::AppointmentTypeId>,
    fields: TypeFields,
) -> Result<Response, PageError> {
    match setup::save_type(&state.app, &user.caller, id, &fields.form()).await {
        Ok(saved) => Ok(redirect_with_flash(
            jar,
            "/clinic/appointment-types",
            &format!("Saved {}.", saved.name),
        )),
        Err(AppError::Invalid(errors)) => {
            let page = types_page(&state, &user, errors, fields).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /clinic/appointment-types`.
pub async fn create_type(
    _role: RequireRole<Admins>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Form(fields): Form<TypeFields>,
) -> Result<Response, PageError> {
    save_type(state, user, jar, None, fields).await
}

/// `POST /clinic/appointment-types/{type}`.
pub async fn update_type(
    _role: RequireRole<Admins>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Path(id): Path<String>,
    Form(fields): Form<TypeFields>,
) -> Result<Response, PageError> {
    let id = id.parse().map_err(|_| AppError::NotFound)?;
    save_type(state, user, jar, Some(id), fields).await
}

/// `POST /clinic/resources`.
pub async fn add_resource(
    _role: RequireRole<Admins>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Form(fields): Form<TypeFields>,
) -> Result<Response, PageError> {
    match setup::add_resource(
        &state.app,
        &user.caller,
        &fields.resource_name,
        &fields.resource_kind,
    )
    .await
    {
        Ok(resource) => Ok(redirect_with_flash(
            jar,
            "/clinic/appointment-types",
            &format!("Added {}.", resource.name),
        )),
        Err(AppError::Invalid(errors)) => {
            let page = types_page(
                &state,
                &user,
                errors,
                TypeFields {
                    active: "on".into(),
                    ..TypeFields::default()
                },
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

struct ProfileRow {
    id: String,
    name: String,
    profession: &'static str,
    qualifications: String,
    specialties: String,
    bio: String,
    listed: bool,
    photo: bool,
}

#[derive(Template)]
#[template(path = "booking/team.html")]
struct TeamPage {
    chrome: Chrome,
    team: Vec<ProfileRow>,
    errors: FieldErrors,
    failed_for: String,
    clinic_slug: String,
}

async fn team_page(
    state: &AppState,
    user: &PageUser,
    errors: FieldErrors,
    failed_for: String,
) -> Result<TeamPage, PageError> {
    let clinic = state.app.store.clinic(user.caller.user.clinic_id).await?;
    let profiles = state.app.store.clinician_profiles(clinic.id).await?;
    Ok(TeamPage {
        chrome: Chrome::signed_in(state, user, "Team profiles", "/clinic/settings"),
        team: profiles
            .iter()
            .map(|p| ProfileRow {
                id: p.user.id.to_string(),
                name: p.user.name.clone(),
                profession: if p.user.profession
                    == Some(tendo_store::accounts::Profession::MassageTherapist)
                {
                    "Massage therapist"
                } else {
                    "Physiotherapist"
                },
                qualifications: p.qualifications.clone(),
                specialties: p.specialties.clone(),
                bio: p.bio.clone(),
                listed: p.listed,
                photo: p.photo_type.is_some(),
            })
            .collect(),
        errors,
        failed_for,
        clinic_slug: clinic.slug,
    })
}

/// `GET /clinic/team`.
pub async fn team(
    _role: RequireRole<Admins>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let (jar, flash) = take_flash(jar);
    let mut page = team_page(&state, &user, FieldErrors::default(), String::new()).await?;
    page.chrome.flash = flash;
    Ok((jar, render(&page)?).into_response())
}

/// The profile form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProfileFields {
    qualifications: String,
    specialties: String,
    bio: String,
    listed: String,
}

/// `POST /clinic/team/{user}`.
pub async fn save_profile(
    _role: RequireRole<Admins>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Path(clinician): Path<String>,
    Form(fields): Form<ProfileFields>,
) -> Result<Response, PageError> {
    let clinician: UserId = clinician.parse().map_err(|_| AppError::NotFound)?;
    let update = ProfileUpdate {
        qualifications: fields.qualifications.trim().into(),
        specialties: fields.specialties.trim().into(),
        bio: fields.bio.trim().into(),
        listed: !fields.listed.is_empty(),
    };
    match setup::save_profile(&state.app, &user.caller, clinician, &update).await {
        Ok(()) => Ok(redirect_with_flash(jar, "/clinic/team", "Profile saved.")),
        Err(AppError::Invalid(errors)) => {
            let page = team_page(&state, &user, errors, clinician.to_string()).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /clinic/team/{user}/photo` (multipart, CSRF token in the query).
pub async fn upload_photo(
    _role: RequireRole<Admins>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Path(clinician): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let clinician: UserId = clinician.parse().map_err(|_| AppError::NotFound)?;
    let found = state
        .app
        .store
        .user(user.caller.user.clinic_id, clinician)
        .await?;
    if found.role != Role::Clinician {
        return Err(AppError::NotFound.into());
    }
    let mut bytes = Vec::new();
    if let Ok(mut multipart) = multipart {
        while let Ok(Some(field)) = multipart.next_field().await {
            if field.name() == Some("photo") {
                bytes = field
                    .bytes()
                    .await
                    .map_err(|_| {
                        AppError::invalid(
                            "photo",
                            "the photo could not be read; it may be larger than 4 MB",
                        )
                    })?
                    .to_vec();
            }
        }
    }
    match setup::set_photo(&state.app, &user.caller, clinician, &bytes).await {
        Ok(()) => Ok(redirect_with_flash(jar, "/clinic/team", "Photo saved.")),
        Err(AppError::Invalid(errors)) => {
            let page = team_page(&state, &user, errors, clinician.to_string()).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
