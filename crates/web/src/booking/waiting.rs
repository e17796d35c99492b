//! The waiting list on the web: joining it from the times page when nothing suits, leaving it
//! from the appointments page, and the page behind an offer's one-time link, which books the
//! offered time when its button is pressed.

use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use jiff::ToSpan;
use serde::Deserialize;
use tendo_app::booking::clinic_by_slug;
use tendo_app::booking::slots::Diary;
use tendo_app::booking::waiting::offers::{self, OfferOutcome};
use tendo_app::booking::waiting::{self, MAX_RANGE_DAYS, WaitFor, WaitingView};
use tendo_app::error::{AppError, FieldErrors};
use tendo_app::model::ids::WaitingEntryId;

use super::public::{clinician_id, type_id, url};
use crate::auth::middleware::request_meta;
use crate::auth::{PageUser, Patients, RequireRole};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::{redirect_with_flash, render};
use crate::state::AppState;
use crate::time::Local;

/// An entry as the appointments page lists it.
pub struct WaitingRow {
    /// Its id, for the leave button.
    pub id: String,
    /// "Initial video assessment with Dr Rivers" or "… with anyone free".
    pub what: String,
    /// "Mon 7 Dec 2026 to Sun 20 Dec 2026".
    pub dates: String,
}

impl WaitingRow {
    /// A row for one of the patient's entries.
    pub fn of(view: &WaitingView) -> Self {
        WaitingRow {
            id: view.entry.id.to_string(),
            what: describe(view),
            dates: format!(
                "{} to {}",
                Local::date(view.entry.from),
                Local::date(view.entry.to)
            ),
        }
    }
}

/// The caller's entries as the appointments page lists them.
pub(super) async fn rows(
    state: &AppState,
    caller: &tendo_app::access::Caller,
) -> Result<Vec<WaitingRow>, AppError> {
    Ok(waiting::entries(&state.app, caller)
        .await?
        .iter()
        .map(WaitingRow::of)
        .collect())
}

fn describe(view: &WaitingView) -> String {
    match &view.clinician_name {
        Some(name) => format!("{} with {name}", view.type_name),
        None => format!("{} with anyone free", view.type_name),
    }
}

/// The fields of the join form (also its query: the clinician chosen on the times page).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct JoinFields {
    clinician: String,
    from: String,
    to: String,
}

#[derive(Template)]
#[template(path = "booking/waiting.html")]
struct JoinPage {
    chrome: Chrome,
    clinic_slug: String,
    clinic_name: String,
    type_id: String,
    type_name: String,
    clinicians: Vec<(String, String)>,
    fields: JoinFields,
    errors: FieldErrors,
    max_days: i64,
}

async fn join_page(
    state: &AppState,
    user: &PageUser,
    slug: &str,
    kind: &str,
    fields: JoinFields,
    errors: FieldErrors,
) -> Result<JoinPage, PageError> {
    let clinic = clinic_by_slug(&state.app, slug).await?;
    if clinic.id != user.caller.user.clinic_id {
        return Err(AppError::Forbidden(format!(
            "your account belongs to another clinic; create a patient account with {} to wait \
             for a time there",
            clinic.name
        ))
        .into());
    }
    let kind = type_id(kind)?;
    let now = state.app.now();
    let diary = Diary::load(&state.app, clinic.clone(), now, now).await?;
    let chosen = diary.kind(kind)?.clone();
    let clinicians = diary
        .suitable(&chosen, true)
        .iter()
        .map(|p| (p.user.id.to_string(), p.user.name.clone()))
        .collect();
    let today = Local::of(&user.caller.user).today(now);
    let fields = JoinFields {
        from: if fields.from.is_empty() {
            today.to_string()
        } else {
            fields.from
        },
        to: if fields.to.is_empty() {
            today.checked_add(13.days()).unwrap_or(today).to_string()
        } else {
            fields.to
        },
        clinician: fields.clinician,
    };
    Ok(JoinPage {
        chrome: Chrome::signed_in(state, user, "Join the waiting list", "/c"),
        clinic_slug: clinic.slug,
        clinic_name: clinic.name,
        type_id: chosen.id.to_string(),
        type_name: chosen.name,
        clinicians,
        fields,
        errors,
        max_days: MAX_RANGE_DAYS,
    })
}

/// `GET /c/{clinic}/book/{type}/waiting-list`: the dates (and clinician) to wait for.
pub async fn join_form(
    _patients: RequireRole<Patients>,
    State(state): State<AppState>,
    user: PageUser,
    Path((slug, kind)): Path<(String, String)>,
    Query(fields): Query<JoinFields>,
) -> Result<Response, PageError> {
    let page = join_page(&state, &user, &slug, &kind, fields, FieldErrors::default()).await?;
    Ok(render(&page)?.into_response())
}

/// `POST /c/{clinic}/book/{type}/waiting-list`: joins the list (or finds the same wish already
/// on it) and goes to the appointments page, where the entry is listed.
pub async fn join(
    _patients: RequireRole<Patients>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Path((slug, kind)): Path<(String, String)>,
    Form(fields): Form<JoinFields>,
) -> Result<Response, PageError> {
    let clinic = clinic_by_slug(&state.app, &slug).await?;
    if clinic.id != user.caller.user.clinic_id {
        return Err(AppError::NotFound.into());
    }
    let wish = match clinician_id(&fields.clinician) {
        Ok(clinician) => WaitFor {
            type_id: type_id(&kind)?,
            clinician,
            from: fields.from.clone(),
            to: fields.to.clone(),
        },
        Err(AppError::Invalid(errors)) => {
            let page = join_page(&state, &user, &slug, &kind, fields, errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
        }
        Err(other) => return Err(other.into()),
    };
    match waiting::join(&state.app, &user.caller, &wish).await {
        Ok((view, new)) => {
            let row = WaitingRow::of(&view);
            let message = if new {
                format!(
                    "You are on the waiting list for {}, {}. We will email you when a time frees up.",
                    row.what, row.dates
                )
            } else {
                format!(
                    "You were already on the waiting list for {}, {}.",
                    row.what, row.dates
                )
            };
            Ok(redirect_with_flash(jar, "/appointments", &message))
        }
        Err(AppError::Invalid(errors)) => {
            let page = join_page(&state, &user, &slug, &kind, fields, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /appointments/waiting-list/{entry}/leave`.
pub async fn leave(
    _patients: RequireRole<Patients>,
    State(state): State<AppState>,
    user: PageUser,
    jar: CookieJar,
    Path(entry): Path<String>,
) -> Result<Response, PageError> {
    let entry: WaitingEntryId = entry.parse().map_err(|_| AppError::NotFound)?;
    waiting::leave(&state.app, &user.caller, entry).await?;
    Ok(redirect_with_flash(
        jar,
        "/appointments",
        "You have left that waiting list.",
    ))
}

#[derive(Template)]
#[template(path = "booking/offer.html")]
struct OfferPage {
    chrome: Chrome,
    /// "open" before the button, "booked" or "taken" after it.
    step: &'static str,
    clinic_name: String,
    what: String,
    when: String,
    token: String,
    message: String,
    next: String,
}

/// `GET /waiting-list/offers/{token}`: the offered time and a button to book it (a mail
/// program that opens links to check them books nothing); 410 once used or expired.
pub async fn offer(
    State(state): State<AppState>,
    user: Option<PageUser>,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let view = offers::open_offer(&state.app, &token).await?;
    let local = Local::of(&view.patient);
    let page = OfferPage {
        chrome: Chrome::public_for(&state, user.as_ref(), "A time is free", "/c"),
        step: "open",
        what: match &view.clinician_name {
            Some(name) => format!("{} with {name}", view.type_name),
            None => view.type_name.clone(),
        },
        when: local.date_time(view.offer.start),
        clinic_name: view.clinic.name,
        token,
        message: String::new(),
        next: String::new(),
    };
    Ok(render(&page)?.into_response())
}

/// `POST /waiting-list/offers/{token}`: books the offered time if it is still free (and takes
/// the patient off the list), or says it was taken and keeps them on it.
pub async fn accept(
    State(state): State<AppState>,
    user: Option<PageUser>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let meta = request_meta(&state, &headers, Some(peer));
    let outcome = offers::accept_offer(&state.app, &token, &meta).await?;
    let chrome = |title: &str| Chrome::public_for(&state, user.as_ref(), title, "/c");
    let (status, page) = match outcome {
        OfferOutcome::Booked(view) => {
            let local = Local::of(&view.patient);
            (
                StatusCode::OK,
                OfferPage {
                    chrome: chrome("Booked"),
                    step: "booked",
                    clinic_name: String::new(),
                    what: format!("{} with {}", view.kind.name, view.clinician.name),
                    when: local.date_time(view.appointment.start),
                    token: String::new(),
                    message: "A confirmation with a calendar file is on its way, and you are off \
                              the waiting list for it."
                        .into(),
                    next: format!("/appointments/{}", view.appointment.id),
                },
            )
        }
        OfferOutcome::NotBooked {
            clinic,
            type_id,
            reason,
        } => (
            StatusCode::CONFLICT,
            OfferPage {
                chrome: chrome("Not booked"),
                step: "taken",
                clinic_name: clinic.name.clone(),
                what: String::new(),
                when: String::new(),
                token: String::new(),
                message: format!(
                    "{reason} You are still on the waiting list: we will email you when another \
                     time frees up."
                ),
                next: format!(
                    "/c/{}/book/{type_id}?tz={}",
                    clinic.slug,
                    url(&clinic.time_zone)
                ),
            },
        ),
    };
    Ok((status, render(&page)?).into_response())
}
