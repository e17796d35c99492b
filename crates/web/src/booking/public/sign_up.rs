//! Creating a patient account at the last step of booking. The form is answered "check your
//! email" for every address; the link in the mail finishes the sign-up, signs the person in and
//! books the time they chose if it is still free.

use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use tendo_app::booking::catalogue;
use tendo_app::booking::clinic_by_slug;
use tendo_app::booking::register::{self, PendingBookingOutcome, SignUp};
use tendo_app::error::AppError;
use tendo_app::model::accounts::PendingBooking;
use tendo_app::model::ids::AppointmentTypeId;

use super::super::parse_start;
use super::confirm::{ConfirmQuery, SignUpFields, confirm_page};
use super::times::{clinician_id, url};
use crate::auth::middleware::request_meta;
use crate::auth::{PageUser, session_cookie};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::{redirect_with_flash, render};
use crate::state::AppState;
use crate::time::Local;

#[derive(Template)]
#[template(path = "booking/sign_up.html")]
struct SignUpPage {
    chrome: Chrome,
    /// "sent" after the form, "ready" when a link is opened.
    step: &'static str,
    clinic_name: String,
    name: String,
    booking: Option<String>,
    token: String,
}

/// The booking the sign-up form came from, read from its `next` address
/// (`/c/{clinic}/book/{type}/confirm?start=…&clinician=…&tz=…`).
fn booking_in(next: &str, slug: &str) -> (Option<AppointmentTypeId>, ConfirmQuery) {
    let query = next.split_once('?').map(|(_, query)| query).unwrap_or("");
    let query: ConfirmQuery = serde_urlencoded::from_str(query).unwrap_or_default();
    let kind = next
        .strip_prefix(&format!("/c/{slug}/book/"))
        .and_then(|rest| rest.split('/').next())
        .and_then(|id| id.parse::<AppointmentTypeId>().ok());
    (kind, query)
}

/// `POST /c/{clinic}/sign-up`: checks the form and queues the mail that finishes the sign-up;
/// says "check your email" whether or not the address has an account.
pub async fn sign_up(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(fields): Form<SignUpFields>,
) -> Result<Response, PageError> {
    let clinic = clinic_by_slug(&state.app, &slug).await?;
    let meta = request_meta(&state, &headers, Some(peer));
    let next = crate::pages::safe_next(Some(&fields.next));
    let (kind, query) = booking_in(&next, &clinic.slug);
    let start = parse_start("start", &query.start).ok();
    let booking = match (kind, start) {
        (Some(type_id), Some(start)) => Some(PendingBooking {
            type_id,
            start,
            clinician: clinician_id(&query.clinician).ok().flatten(),
        }),
        _ => None,
    };
    let form = SignUp {
        name: fields.name.clone(),
        email: fields.email.clone(),
        password: fields.password.clone(),
        time_zone: fields.time_zone.clone(),
        booking,
    };
    match register::sign_up(&state.app, &clinic, &form, &meta).await {
        Ok(()) => {
            let page = SignUpPage {
                chrome: Chrome::public_for(&state, None, "Check your email", "/c"),
                step: "sent",
                clinic_name: clinic.name.clone(),
                name: String::new(),
                booking: None,
                token: String::new(),
            };
            Ok(render(&page)?.into_response())
        }
        Err(AppError::Invalid(errors)) => {
            // Back to the confirmation page the form came from, with the messages.
            let Some(kind) = kind.filter(|_| start.is_some()) else {
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

/// `GET /sign-up/{token}`: the link from the mail. Shows a button to finish, so that a mail
/// program that opens links to check them does not make the account.
pub async fn sign_up_link(
    State(state): State<AppState>,
    user: Option<PageUser>,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let pending = register::pending_sign_up(&state.app, &token).await?;
    let clinic = register::sign_up_clinic(&state.app, &pending).await?;
    let local = Local::named(&pending.time_zone);
    let booking = match &pending.booking {
        Some(booking) => {
            let kind = catalogue::type_name(&state.app, clinic.id, booking.type_id)
                .await?
                .unwrap_or_else(|| "An appointment".into());
            Some(format!("{kind}, {}", local.date_time(booking.start)))
        }
        None => None,
    };
    let page = SignUpPage {
        chrome: Chrome::public_for(&state, user.as_ref(), "Finish creating your account", "/c"),
        step: "ready",
        clinic_name: clinic.name,
        name: pending.name,
        booking,
        token,
    };
    Ok(render(&page)?.into_response())
}

/// `POST /sign-up/{token}`: makes the account, signs the person in and books the time they
/// chose if it is still free (or sends them to choose another).
pub async fn finish_sign_up(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    jar: CookieJar,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let meta = request_meta(&state, &headers, Some(peer));
    let confirmed = register::confirm_sign_up(&state.app, &token, &meta).await?;
    let cookie = session_cookie(
        confirmed.signed_in.session_token,
        confirmed.signed_in.expires_at,
        state.app.now(),
        state.web.secure_cookies,
    );
    let jar = jar.add(cookie);
    Ok(match confirmed.booking {
        Some(PendingBookingOutcome::Booked(appointment)) => redirect_with_flash(
            jar,
            &format!("/appointments/{appointment}"),
            "Your account is ready. Booked. A confirmation with a calendar file is on its way.",
        ),
        Some(PendingBookingOutcome::NotBooked { type_id, reason }) => redirect_with_flash(
            jar,
            &format!(
                "/c/{}/book/{type_id}?tz={}",
                confirmed.clinic.slug,
                url(&confirmed.signed_in.user.time_zone)
            ),
            &format!("Your account is ready, but the time was not booked. {reason}"),
        ),
        None => redirect_with_flash(jar, "/", "Your account is ready."),
    })
}
