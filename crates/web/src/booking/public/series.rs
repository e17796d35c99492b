//! A weekly or fortnightly series of massages, every occurrence checked before it is booked.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Deserialize;
use tendo_app::booking::catalogue;
use tendo_app::booking::clinic_by_slug;
use tendo_app::booking::series::{self, SeriesRequest};
use tendo_app::error::{AppError, FieldErrors};
use tendo_app::model::accounts::Clinic;
use tendo_app::model::ids::{AppointmentTypeId, UserId};
use tendo_core::scheduling::SeriesEnd;

use super::super::parse_start;
use super::super::views::{RuleNote, TypeRow, rule_notes};
use super::confirm::same_clinic;
use super::times::type_id;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::{redirect_with_flash, render};
use crate::state::AppState;
use crate::time::Local;

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
    /// This form's one-time key: the same form sent twice books once.
    request_key: String,
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
    let chosen = catalogue::bookable_type(&state.app, clinic.id, kind).await?;
    let profiles = catalogue::listed_team(&state.app, clinic.id).await?;
    let clinicians = profiles
        .iter()
        .filter(|p| chosen.clinicians.is_empty() || chosen.clinicians.contains(&p.user.id))
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
    let price_total = crate::locale::price(
        chosen
            .price_minor
            .saturating_mul(u32::try_from(occurrences.len()).unwrap_or(0)),
        &chosen.currency,
    );
    Ok((
        status,
        SeriesPage {
            chrome: Chrome::signed_in(state, user, format!("A series of {}", chosen.name), "/c"),
            kind: TypeRow::of(&chosen, &clinic),
            notes: rule_notes(Some(&chosen)),
            type_id: kind.to_string(),
            query,
            clinicians,
            occurrences,
            all_free,
            errors,
            problem,
            price_total,
            request_key: uuid::Uuid::new_v4().to_string(),
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
            let key = Some(field("request_key")).filter(|key| !key.trim().is_empty());
            series::book(
                &state.app,
                &user.caller,
                clinic.clone(),
                &request,
                &starts,
                key.as_deref(),
            )
            .await
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
