//! The last step: confirm a time, signing in or creating a patient account on the way.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use tendo_app::booking::catalogue;
use tendo_app::booking::clinic_by_slug;
use tendo_app::booking::diary::{self, BookRequest};
use tendo_app::error::{AppError, FieldErrors};
use tendo_app::model::accounts::{Clinic, Role};
use tendo_app::model::ids::AppointmentTypeId;

use super::super::parse_start;
use super::super::views::{RuleNote, TypeRow, rule_notes};
use super::times::{clinician_id, type_id, url, viewer_zone};
use crate::auth::PageUser;
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::{redirect_with_flash, render};
use crate::state::AppState;
use crate::time::Local;

/// The confirmation step's query.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ConfirmQuery {
    pub(super) start: String,
    pub(super) clinician: String,
    pub(super) tz: String,
}

#[derive(Template)]
#[template(path = "booking/confirm.html")]
pub(super) struct ConfirmPage {
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
    /// This form's one-time key: the same form sent twice books once.
    request_key: String,
    errors: FieldErrors,
    problem: Option<String>,
    sign_up: SignUpFields,
    notes: Vec<RuleNote>,
}

/// The sign-up form's fields.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignUpFields {
    pub(super) name: String,
    pub(super) email: String,
    pub(super) password: String,
    pub(super) time_zone: String,
    pub(super) next: String,
}

#[expect(
    clippy::too_many_arguments,
    reason = "one page, shown from three handlers"
)]
pub(super) async fn confirm_page(
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
    let chosen = &catalogue::bookable_type(&state.app, clinic.id, kind).await?;
    let clinician = clinician_id(&query.clinician)?;
    let with = match clinician {
        Some(id) => {
            catalogue::chosen_clinician(&state.app, clinic.id, id)
                .await?
                .name
        }
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
        Some(user) => catalogue::patients_to_book_for(&state.app, &user.caller, &clinic)
            .await?
            .into_iter()
            .map(|patient| (patient.id.to_string(), patient.name))
            .collect(),
        None => Vec::new(),
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
        kind: TypeRow::of(chosen, &clinic),
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
        request_key: uuid::Uuid::new_v4().to_string(),
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
    request_key: String,
}

/// Refuses callers from another clinic before anything else is read.
pub(super) fn same_clinic(user: &PageUser, clinic: &Clinic) -> Result<(), AppError> {
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
                key: Some(fields.request_key.clone()).filter(|key| !key.trim().is_empty()),
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
