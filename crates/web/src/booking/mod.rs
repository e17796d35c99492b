//! Booking: the public booking page of a clinic, appointments for patients and clinics,
//! series, calendar files and feeds, video consultations, and the clinic's set-up (appointment
//! types, team profiles, hours) — pages and their JSON twins (issue 6).

mod api;
mod appointments;
mod cancel;
mod clinic;
mod public;
pub mod turn;
mod video;
mod views;
mod waiting;

use axum::routing::{MethodRouter, delete, get, post};
use jiff::Timestamp;
use tendo_app::error::AppError;
use utoipa::OpenApi;

use crate::routes::{
    ADMINS, Access, CLINICIANS, EVERYONE, PATIENTS, RouteSpec, STAFF, on, route_table,
};
use crate::state::AppState;
use axum::http::Method;

pub use video::{VideoConfig, close_rooms_for_shutdown, open_rooms, open_sockets};

/// Reads a start time given as RFC 3339 (`2026-12-01T10:00:00Z`).
fn parse_start(field: &str, text: &str) -> Result<Timestamp, AppError> {
    text.trim()
        .parse::<Timestamp>()
        .map_err(|_| AppError::invalid(field, "choose one of the times offered"))
}

/// This area's routes with who may call them.
pub(crate) fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    use Access::{PatientData, Public, Roles};
    route_table! {
        GET "/c/{clinic}", Public => public::clinic_page;
        GET "/c/{clinic}/team/{user}/photo", Public => public::photo;
        GET "/c/{clinic}/book/{type}", Public => public::times;
        GET "/c/{clinic}/book/{type}/confirm", Public => public::confirm;
        POST "/c/{clinic}/book/{type}", Roles(EVERYONE) => public::book;
        POST "/c/{clinic}/sign-up", Public => public::sign_up;
        GET "/sign-up/{token}", Public => public::sign_up_link;
        POST "/sign-up/{token}", Public => public::finish_sign_up;
        GET "/c/{clinic}/series/{type}", Roles(EVERYONE) => public::series_preview;
        POST "/c/{clinic}/series/{type}", Roles(EVERYONE) => public::series_book;
        GET "/calendar/{token}/appointments.ics", Public => appointments::feed;

        GET "/appointments", Roles(EVERYONE) => appointments::list;
        POST "/appointments/calendar-feed", Roles(EVERYONE) => appointments::create_feed;
        POST "/appointments/calendar-feed/revoke", Roles(EVERYONE) => appointments::revoke_feed;
        GET "/appointments/{appointment}", Roles(EVERYONE) => appointments::show;
        GET "/appointments/{appointment}/appointment.ics", Roles(EVERYONE) => appointments::ics;
        GET "/appointments/{appointment}/cancel", Roles(EVERYONE) => cancel::confirm;
        POST "/appointments/{appointment}/cancel", Roles(EVERYONE) => cancel::cancel;
        GET "/appointments/{appointment}/reschedule", Roles(EVERYONE) => appointments::reschedule_form;
        POST "/appointments/{appointment}/reschedule", Roles(EVERYONE) => appointments::reschedule;
        GET "/appointments/{appointment}/video", Roles(EVERYONE) => video::page;
        GET "/appointments/{appointment}/video/signal", Roles(EVERYONE) => video::signal;
        GET "/assets/booking.js", Public => video::script;
        GET "/c/{clinic}/book/{type}/waiting-list", Roles(PATIENTS) => waiting::join_form;
        POST "/c/{clinic}/book/{type}/waiting-list", Roles(PATIENTS) => waiting::join;
        POST "/appointments/waiting-list/{entry}/leave", Roles(PATIENTS) => waiting::leave;
        GET "/waiting-list/offers/{token}", Public => waiting::offer;
        POST "/waiting-list/offers/{token}", Public => waiting::accept;

        GET "/clinic/calendar", Roles(STAFF) => clinic::calendar;
        GET "/clinic/availability", Roles(CLINICIANS) => clinic::own_hours;
        POST "/clinic/availability", Roles(CLINICIANS) => clinic::save_own_hours;
        POST "/clinic/availability/exceptions", Roles(CLINICIANS) => clinic::add_own_exception;
        POST "/clinic/availability/exceptions/remove", Roles(CLINICIANS) => clinic::remove_own_exception;
        GET "/clinic/availability/{user}", Roles(ADMINS) => clinic::hours_of;
        POST "/clinic/availability/{user}", Roles(ADMINS) => clinic::save_hours_of;
        POST "/clinic/availability/{user}/exceptions", Roles(ADMINS) => clinic::add_exception_of;
        GET "/clinic/appointment-types", Roles(ADMINS) => clinic::types;
        POST "/clinic/appointment-types", Roles(ADMINS) => clinic::create_type;
        POST "/clinic/appointment-types/{type}", Roles(ADMINS) => clinic::update_type;
        POST "/clinic/resources", Roles(ADMINS) => clinic::add_resource;
        GET "/clinic/team", Roles(ADMINS) => clinic::team;
        POST "/clinic/team/{user}", Roles(ADMINS) => clinic::save_profile;
        POST "/clinic/team/{user}/photo", Roles(ADMINS) => clinic::upload_photo;

        GET "/api/v1/clinics/{clinic}", Public => api::clinic;
        GET "/api/v1/clinics/{clinic}/slots", Public => api::slots;
        GET "/api/v1/appointments", Roles(EVERYONE) => api::list;
        POST "/api/v1/appointments", Roles(EVERYONE) => api::book;
        GET "/api/v1/appointments/{appointment}", Roles(EVERYONE) => api::show;
        POST "/api/v1/appointments/{appointment}/cancel", Roles(EVERYONE) => api::cancel;
        POST "/api/v1/appointments/{appointment}/reschedule", Roles(EVERYONE) => api::reschedule;
        POST "/api/v1/appointment-series/preview", Roles(EVERYONE) => api::series_preview;
        POST "/api/v1/appointment-series", Roles(EVERYONE) => api::series_book;
        GET "/api/v1/patients/{patient}/appointments", PatientData(EVERYONE) => api::patient_appointments;
        POST "/api/v1/calendar-feed", Roles(EVERYONE) => api::create_feed;
        DELETE "/api/v1/calendar-feed", Roles(EVERYONE) => api::revoke_feed;
        GET "/api/v1/calendar", Roles(STAFF) => api::calendar;
        GET "/api/v1/availability", Roles(CLINICIANS) => api::own_hours;
        PUT "/api/v1/availability", Roles(CLINICIANS) => api::save_own_hours;
        PUT "/api/v1/availability/{user}", Roles(ADMINS) => api::save_hours_of;
        POST "/api/v1/availability/exceptions", Roles(CLINICIANS) => api::add_exception;
        DELETE "/api/v1/availability/exceptions", Roles(CLINICIANS) => api::remove_exception;
        GET "/api/v1/appointment-types", Roles(STAFF) => api::types;
        POST "/api/v1/appointment-types", Roles(ADMINS) => api::create_type;
        PUT "/api/v1/appointment-types/{type}", Roles(ADMINS) => api::update_type;
        POST "/api/v1/resources", Roles(ADMINS) => api::add_resource;
        PUT "/api/v1/team/{user}", Roles(ADMINS) => api::save_profile;
        PUT "/api/v1/team/{user}/photo", Roles(ADMINS) => api::upload_photo;
        GET "/api/v1/waiting-list", Roles(PATIENTS) => api::waiting_list;
        POST "/api/v1/waiting-list", Roles(PATIENTS) => api::join_waiting_list;
        DELETE "/api/v1/waiting-list/{entry}", Roles(PATIENTS) => api::leave_waiting_list;
    }
}

/// This area's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(
        api::clinic,
        api::slots,
        api::list,
        api::book,
        api::show,
        api::cancel,
        api::reschedule,
        api::series_preview,
        api::series_book,
        api::patient_appointments,
        api::create_feed,
        api::revoke_feed,
        api::calendar,
        api::own_hours,
        api::save_own_hours,
        api::save_hours_of,
        api::add_exception,
        api::remove_exception,
        api::types,
        api::create_type,
        api::update_type,
        api::add_resource,
        api::save_profile,
        api::upload_photo,
        api::waiting_list,
        api::join_waiting_list,
        api::leave_waiting_list,
    ),
    tags((name = "booking", description = "Appointment types, free times, appointments, series, calendars"))
)]
pub struct AreaApi;
