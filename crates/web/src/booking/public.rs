//! The public booking page of a clinic: its team and appointment types with prices, free times
//! in the visitor's zone, and the last step, where they sign in or create a patient account.

use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::Deserialize;
use tendo_app::booking::diary::{self, BookRequest};
use tendo_app::booking::register::{self, SignUp};
use tendo_app::booking::series::{self, SeriesRequest};
use tendo_app::booking::slots::{self, SlotOption};
use tendo_app::booking::{clinic_by_slug, price_text};
use tendo_app::error::{AppError, FieldErrors};
use tendo_core::scheduling::SeriesEnd;
use tendo_store::accounts::{Clinic, Role};
use tendo_store::booking::{AppointmentType, ClinicianProfile};
use tendo_store::ids::{AppointmentTypeId, UserId};

use super::parse_start;
use super::views::{RuleNote, TypeRow, rule_notes};
use crate::auth::middleware::request_meta;
use crate::auth::{PageUser, session_cookie};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::{redirect_with_flash, render};
use crate::state::AppState;
use crate::time::Local;

/// A clinician as the public page shows them.
pub struct TeamMember {
    id: String,
    name: String,
    profession: &'static str,
    qualifications: String,
    specialties: String,
    bio: String,
    photo: bool,
}

fn member(profile: &ClinicianProfile) -> TeamMember {
    TeamMember {
        id: profile.user.id.to_string(),
        name: profile.user.name.clone(),
        profession: match profile.user.profession {
            Some(tendo_store::accounts::Profession::MassageTherapist) => "Massage therapist",
            _ => "Physiotherapist",
        },
        qualifications: profile.qualifications.clone(),
        specialties: profile.specialties.clone(),
        bio: profile.bio.clone(),
        photo: profile.photo_type.is_some(),
    }
}

#[derive(Template)]
#[template(path = "booking/clinic.html")]
struct ClinicPage {
    chrome: Chrome,
    clinic: Clinic,
    team: Vec<TeamMember>,
    types: Vec<TypeRow>,
    first_video: Option<String>,
    notes: Vec<RuleNote>,
}

/// `GET /c/{clinic}`: the team and what can be booked.
pub async fn clinic_page(
    State(state): State<AppState>,
    user: Option<PageUser>,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let clinic = clinic_by_slug(&state.app, &slug).await?;
    let profiles = state.app.store.clinician_profiles(clinic.id).await?;
    let types: Vec<AppointmentType> = state
        .app
        .store
        .appointment_types(clinic.id)
        .await?
        .into_iter()
        .filter(|t| t.active)
        .collect();
    let first_video = types
        .iter()
        .find(|t| t.kind == tendo_store::booking::AppointmentKind::VideoAssessment)
        .or_else(|| types.iter().find(|t| t.kind.is_video()))
        .map(|t| t.id.to_string());
    let page = ClinicPage {
        chrome: Chrome::public_for(&state, user.as_ref(), clinic.name.clone(), "/c"),
        team: profiles.iter().filter(|p| p.listed).map(member).collect(),
        types: types.iter().map(TypeRow::of).collect(),
        first_video,
        notes: rule_notes(None),
        clinic,
    };
    Ok(render(&page)?.into_response())
}

/// `GET /c/{clinic}/team/{user}/photo`.
pub async fn photo(
    State(state): State<AppState>,
    Path((slug, user)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let clinic = clinic_by_slug(&state.app, &slug).await?;
    let user: UserId = user.parse().map_err(|_| AppError::NotFound)?;
    let (content_type, bytes) = state.app.store.photo(clinic.id, user).await?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=300".to_string()),
        ],
        bytes,
    )
        .into_response())
}

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
}

/// The visitor's zone: their account's, else the one the page was asked for, else the clinic's.
fn viewer_zone(user: Option<&PageUser>, asked: &str, clinic: &Clinic) -> String {
    match user {
        Some(user) => user.caller.user.time_zone.clone(),
        None if TimeZone::get(asked.trim()).is_ok() => asked.trim().to_string(),
        None => clinic.time_zone.clone(),
    }
}

fn type_id(text: &str) -> Result<AppointmentTypeId, AppError> {
    text.parse().map_err(|_| AppError::NotFound)
}

fn clinician_id(text: &str) -> Result<Option<UserId>, AppError> {
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
    Path((slug, kind)): Path<(String, String)>,
    Query(query): Query<TimesQuery>,
) -> Result<Response, PageError> {
    let clinic = clinic_by_slug(&state.app, &slug).await?;
    let kind = type_id(&kind)?;
    let zone = viewer_zone(user.as_ref(), &query.tz, &clinic);
    let local = Local::named(&zone);
    let today = local.today(state.app.now());
    let from = query
        .from
        .parse::<Date>()
        .ok()
        .filter(|date| *date >= today)
        .unwrap_or(today);
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
    let page = TimesPage {
        chrome: Chrome::public_for(
            &state,
            user.as_ref(),
            format!("Book: {}", chosen.name),
            "/c",
        ),
        kind: TypeRow::of(&chosen),
        notes: rule_notes(Some(&chosen)),
        clinicians,
        clinician: query.clinician.trim().to_string(),
        zone,
        days,
        previous,
        next,
        clinic,
    };
    Ok(render(&page)?.into_response())
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

/// The confirmation step's query.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ConfirmQuery {
    start: String,
    clinician: String,
    tz: String,
}

#[derive(Template)]
#[template(path = "booking/confirm.html")]
struct ConfirmPage {
    chrome: Chrome,
    clinic: Clinic,
    kind: TypeRow,
    type_id: String,
    start: String,
    when: String,
    with: String,
    clinician: String,
    zone: String,
    policy: String,
    signed_in: bool,
    is_patient: bool,
    patients: Vec<(String, String)>,
    here: String,
    errors: FieldErrors,
    problem: Option<String>,
    sign_up: SignUpFields,
    notes: Vec<RuleNote>,
}

/// The sign-up form's fields.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignUpFields {
    name: String,
    email: String,
    password: String,
    time_zone: String,
    next: String,
}

#[expect(
    clippy::too_many_arguments,
    reason = "one page, shown from three handlers"
)]
async fn confirm_page(
    state: &AppState,
    user: Option<&PageUser>,
    clinic: Clinic,
    kind: AppointmentTypeId,
    query: &ConfirmQuery,
    errors: FieldErrors,
    problem: Option<String>,
    sign_up: SignUpFields,
) -> Result<ConfirmPage, PageError> {
    let start = parse_start("start", &query.start)?;
    let zone = viewer_zone(user, &query.tz, &clinic);
    let local = Local::named(&zone);
    let types = state.app.store.appointment_types(clinic.id).await?;
    let chosen = types
        .iter()
        .find(|t| t.id == kind && t.active)
        .ok_or(AppError::NotFound)?;
    let clinician = clinician_id(&query.clinician)?;
    let with = match clinician {
        Some(id) => state
            .app
            .store
            .user(clinic.id, id)
            .await
            .map(|u| u.name)
            .map_err(|_| AppError::invalid("clinician", "choose a clinician of this clinic"))?,
        None => "the first free clinician".into(),
    };
    let policy = tendo_app::booking::messages::policy_for(&clinic, start, &zone, state.app.now())
        .replace("this appointment", "it")
        .replace("It starts", "This appointment starts");
    let (signed_in, is_patient) = match user {
        Some(user) => (true, user.caller.user.role == Role::Patient),
        None => (false, false),
    };
    let patients = match user {
        Some(user)
            if user.caller.user.role != Role::Patient
                && user.caller.user.clinic_id == clinic.id =>
        {
            let all = state
                .app
                .store
                .users_with_role(clinic.id, Role::Patient)
                .await?;
            let mut mine = Vec::new();
            for patient in all {
                if user.caller.user.role == Role::Admin
                    || state
                        .app
                        .store
                        .cares_for(user.caller.id(), patient.id)
                        .await?
                {
                    mine.push((patient.id.to_string(), patient.name));
                }
            }
            mine
        }
        _ => Vec::new(),
    };
    let here = format!(
        "/c/{}/book/{}/confirm?start={}&clinician={}&tz={}",
        clinic.slug,
        kind,
        url(&query.start),
        query.clinician.trim(),
        url(&zone)
    );
    let mut sign_up = sign_up;
    if sign_up.time_zone.is_empty() {
        sign_up.time_zone = zone.clone();
    }
    Ok(ConfirmPage {
        chrome: Chrome::public_for(state, user, "Confirm your booking", "/c"),
        kind: TypeRow::of(chosen),
        notes: rule_notes(Some(chosen)),
        type_id: kind.to_string(),
        start: start.to_string(),
        when: format!(
            "{}–{}",
            local.date_time(start),
            local.time(start + jiff::SignedDuration::from_mins(i64::from(chosen.duration_minutes)))
        ),
        with,
        clinician: query.clinician.trim().to_string(),
        zone,
        policy,
        signed_in,
        is_patient,
        patients,
        here,
        errors,
        problem,
        sign_up,
        clinic,
    })
}

/// `GET /c/{clinic}/book/{type}/confirm`: the last step.
pub async fn confirm(
    State(state): State<AppState>,
    user: Option<PageUser>,
    Path((slug, kind)): Path<(String, String)>,
    Query(query): Query<ConfirmQuery>,
) -> Result<Response, PageError> {
    let clinic = clinic_by_slug(&state.app, &slug).await?;
    let kind = type_id(&kind)?;
    let page = confirm_page(
        &state,
        user.as_ref(),
        clinic,
        kind,
        &query,
        FieldErrors::default(),
        None,
        SignUpFields::default(),
    )
    .await?;
    Ok(render(&page)?.into_response())
}

/// The booking form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BookFields {
    start: String,
    clinician: String,
    patient: String,
    tz: String,
}

/// Refuses callers from another clinic before anything else is read.
fn same_clinic(user: &PageUser, clinic: &Clinic) -> Result<(), AppError> {
    if user.caller.user.clinic_id == clinic.id {
        Ok(())
    } else {
        Err(AppError::Forbidden(format!(
            "your account belongs to another clinic; create a patient account with {} to book here",
            clinic.name
        )))
    }
}

/// `POST /c/{clinic}/book/{type}`: books, then shows the appointment.
pub async fn book(
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Path((slug, kind)): Path<(String, String)>,
    Form(fields): Form<BookFields>,
) -> Result<Response, PageError> {
    let clinic = clinic_by_slug(&state.app, &slug).await?;
    same_clinic(&user, &clinic)?;
    let kind = type_id(&kind)?;
    let request =
        (|| {
            Ok::<_, AppError>(BookRequest {
                type_id: kind,
                start: parse_start("start", &fields.start)?,
                clinician: clinician_id(&fields.clinician)?,
                patient: match fields.patient.trim() {
                    "" => None,
                    id => Some(id.parse().map_err(|_| {
                        AppError::invalid("patient", "choose a patient from the list")
                    })?),
                },
            })
        })();
    let booked = match request {
        Ok(request) => diary::book(&state.app, &user.caller, clinic.clone(), &request).await,
        Err(error) => Err(error),
    };
    match booked {
        Ok(view) => Ok(redirect_with_flash(
            jar,
            &format!("/appointments/{}", view.appointment.id),
            "Booked. A confirmation with a calendar file is on its way.",
        )),
        Err(error @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let status = crate::error::status_of(&error);
            let (errors, problem) = match error {
                AppError::Invalid(errors) => (errors, None),
                other => (FieldErrors::default(), Some(other.public_message())),
            };
            let query = ConfirmQuery {
                start: fields.start,
                clinician: fields.clinician,
                tz: fields.tz,
            };
            if parse_start("start", &query.start).is_err() {
                return Err(AppError::Invalid(errors).into());
            }
            let page = confirm_page(
                &state,
                Some(&user),
                clinic,
                kind,
                &query,
                errors,
                problem,
                SignUpFields::default(),
            )
            .await?;
            Ok((status, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /c/{clinic}/sign-up`: creates a patient account, signs in, and returns to the booking.
pub async fn sign_up(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    jar: CookieJar,
    Path(slug): Path<String>,
    Form(fields): Form<SignUpFields>,
) -> Result<Response, PageError> {
    let clinic = clinic_by_slug(&state.app, &slug).await?;
    let meta = request_meta(&state, &headers, Some(peer));
    let next = crate::pages::safe_next(Some(&fields.next));
    let form = SignUp {
        name: fields.name.clone(),
        email: fields.email.clone(),
        password: fields.password.clone(),
        time_zone: fields.time_zone.clone(),
    };
    match register::sign_up(&state.app, &clinic, &form, &meta).await {
        Ok(signed_in) => {
            let cookie = session_cookie(
                signed_in.session_token,
                signed_in.expires_at,
                state.web.secure_cookies,
            );
            Ok((jar.add(cookie), Redirect::to(&next)).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            // Back to the confirmation page the form came from, with the messages.
            let query = next.split_once('?').map(|(_, query)| query).unwrap_or("");
            let query: ConfirmQuery = serde_urlencoded::from_str(query).unwrap_or_default();
            let kind = next
                .strip_prefix(&format!("/c/{}/book/", clinic.slug))
                .and_then(|rest| rest.split('/').next())
                .and_then(|id| id.parse::<AppointmentTypeId>().ok());
            let Some(kind) = kind.filter(|_| parse_start("start", &query.start).is_ok()) else {
                return Err(AppError::Invalid(errors).into());
            };
            let mut fields = fields;
            fields.password = String::new();
            let page =
                confirm_page(&state, None, clinic, kind, &query, errors, None, fields).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// The series form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SeriesQuery {
    first: String,
    clinician: String,
    every_weeks: String,
    count: String,
    until: String,
    patient: String,
}

struct OccurrenceRow {
    index: usize,
    when: String,
    value: String,
    free: bool,
    alternatives: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "booking/series.html")]
struct SeriesPage {
    chrome: Chrome,
    clinic: Clinic,
    kind: TypeRow,
    type_id: String,
    query: SeriesQuery,
    clinicians: Vec<(String, String)>,
    occurrences: Vec<OccurrenceRow>,
    all_free: bool,
    errors: FieldErrors,
    problem: Option<String>,
    notes: Vec<RuleNote>,
    price_total: String,
}

fn series_request(kind: AppointmentTypeId, query: &SeriesQuery) -> Result<SeriesRequest, AppError> {
    let mut errors = FieldErrors::default();
    let first = parse_start("first", &query.first);
    let clinician = query.clinician.trim().parse::<UserId>();
    if clinician.is_err() {
        errors.add("clinician", "choose the therapist for the series");
    }
    let every = match query.every_weeks.trim() {
        "2" => 2,
        _ => 1,
    };
    let end = if query.until.trim().is_empty() {
        match query.count.trim().parse::<u16>() {
            Ok(count) => Some(SeriesEnd::Count(count)),
            Err(_) => {
                errors.add("count", "enter how many sessions (2 to 52), or a last date");
                None
            }
        }
    } else {
        match query.until.trim().parse::<Date>() {
            Ok(date) => Some(SeriesEnd::Until(date)),
            Err(_) => {
                errors.add("until", "enter a date such as 2027-03-31");
                None
            }
        }
    };
    if first.is_err() {
        errors.add("first", "choose the first session's time");
    }
    errors.into_result()?;
    let patient = match query.patient.trim() {
        "" => None,
        id => Some(
            id.parse()
                .map_err(|_| AppError::invalid("patient", "choose a patient from the list"))?,
        ),
    };
    Ok(SeriesRequest {
        type_id: kind,
        clinician: clinician.map_err(|_| AppError::invalid("clinician", "choose the therapist"))?,
        first: first?,
        every_weeks: every,
        end: end.unwrap_or(SeriesEnd::Count(2)),
        patient,
    })
}

async fn series_page(
    state: &AppState,
    user: &PageUser,
    clinic: Clinic,
    kind: AppointmentTypeId,
    query: SeriesQuery,
    problem: Option<String>,
) -> Result<(StatusCode, SeriesPage), PageError> {
    let local = Local::of(&user.caller.user);
    let types = state.app.store.appointment_types(clinic.id).await?;
    let chosen = types
        .iter()
        .find(|t| t.id == kind && t.active)
        .ok_or(AppError::NotFound)?
        .clone();
    let profiles = state.app.store.clinician_profiles(clinic.id).await?;
    let clinicians = profiles
        .iter()
        .filter(|p| {
            p.listed && (chosen.clinicians.is_empty() || chosen.clinicians.contains(&p.user.id))
        })
        .filter(|p| {
            chosen
                .profession
                .is_none_or(|wanted| p.user.profession == Some(wanted))
        })
        .map(|p| (p.user.id.to_string(), p.user.name.clone()))
        .collect();
    let mut errors = FieldErrors::default();
    let mut occurrences = Vec::new();
    let mut status = StatusCode::OK;
    if !query.first.is_empty() {
        match series_request(kind, &query) {
            Ok(request) => {
                match series::preview(&state.app, &user.caller, clinic.clone(), &request).await {
                    Ok((_, checked)) => {
                        occurrences = checked
                            .iter()
                            .enumerate()
                            .map(|(index, o)| OccurrenceRow {
                                index,
                                when: local.date_time(o.wanted),
                                value: o.wanted.to_string(),
                                free: o.free,
                                alternatives: o
                                    .alternatives
                                    .iter()
                                    .map(|a| (a.to_string(), local.date_time(*a)))
                                    .collect(),
                            })
                            .collect();
                    }
                    Err(AppError::Invalid(found)) => {
                        errors = found;
                        status = StatusCode::UNPROCESSABLE_ENTITY;
                    }
                    Err(other) => return Err(other.into()),
                }
            }
            Err(AppError::Invalid(found)) => {
                errors = found;
                status = StatusCode::UNPROCESSABLE_ENTITY;
            }
            Err(other) => return Err(other.into()),
        }
    }
    let all_free = occurrences.iter().all(|o| o.free);
    let price_total = price_text(
        chosen
            .price_minor
            .saturating_mul(u32::try_from(occurrences.len()).unwrap_or(0)),
        &chosen.currency,
    );
    Ok((
        status,
        SeriesPage {
            chrome: Chrome::signed_in(state, user, format!("A series of {}", chosen.name), "/c"),
            kind: TypeRow::of(&chosen),
            notes: rule_notes(Some(&chosen)),
            type_id: kind.to_string(),
            query,
            clinicians,
            occurrences,
            all_free,
            errors,
            problem,
            price_total,
            clinic,
        },
    ))
}

/// `GET /c/{clinic}/series/{type}`: choose a pattern; every session is checked and taken ones
/// come with alternatives.
pub async fn series_preview(
    State(state): State<AppState>,
    user: PageUser,
    Path((slug, kind)): Path<(String, String)>,
    Query(query): Query<SeriesQuery>,
) -> Result<Response, PageError> {
    let clinic = clinic_by_slug(&state.app, &slug).await?;
    same_clinic(&user, &clinic)?;
    let kind = type_id(&kind)?;
    let (status, page) = series_page(&state, &user, clinic, kind, query, None).await?;
    Ok((status, render(&page)?).into_response())
}

/// `POST /c/{clinic}/series/{type}`: books the series with the times chosen for each session.
pub async fn series_book(
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Path((slug, kind)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let clinic = clinic_by_slug(&state.app, &slug).await?;
    same_clinic(&user, &clinic)?;
    let kind = type_id(&kind)?;
    let field = |name: &str| {
        fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    };
    let query = SeriesQuery {
        first: field("first"),
        clinician: field("clinician"),
        every_weeks: field("every_weeks"),
        count: field("count"),
        until: field("until"),
        patient: field("patient"),
    };
    let mut starts: Vec<(usize, Timestamp)> = Vec::new();
    for (key, value) in &fields {
        if let Some(index) = key
            .strip_prefix("session_")
            .and_then(|i| i.parse::<usize>().ok())
            && value != "skip"
            && let Ok(start) = value.parse::<Timestamp>()
        {
            starts.push((index, start));
        }
    }
    starts.sort();
    let starts: Vec<Timestamp> = starts.into_iter().map(|(_, start)| start).collect();
    let result = match series_request(kind, &query) {
        Ok(request) => {
            series::book(&state.app, &user.caller, clinic.clone(), &request, &starts).await
        }
        Err(error) => Err(error),
    };
    match result {
        Ok(views) => Ok(redirect_with_flash(
            jar,
            "/appointments",
            &format!(
                "Booked a series of {} sessions. A confirmation is on its way.",
                views.len()
            ),
        )),
        Err(error @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let (status, page) = series_page(
                &state,
                &user,
                clinic,
                kind,
                query,
                Some(error.public_message()),
            )
            .await?;
            let status = if status == StatusCode::OK {
                crate::error::status_of(&error)
            } else {
                status
            };
            Ok((status, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
