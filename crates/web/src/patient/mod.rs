//! The patient's web app and its API twin: intake, plan, today, logging, massage gun,
//! questionnaires, progress, running log and the education pages (issue 4).
//!
//! Pages are for the signed-in patient and use their own id; the API takes the patient's id in
//! the path (`/api/v1/patients/{patient}/…`) so that their clinician or clinic administrator
//! can read the same data. Only the patient changes it.

pub mod api;
mod assets;
pub mod charts;
pub(crate) mod demonstration;
pub(crate) mod form;
mod offline;
pub(crate) mod pages;
pub(crate) mod views;

use axum::routing::MethodRouter;
use utoipa::OpenApi;

use crate::routes::{Access, EVERYONE, PATIENTS, RouteSpec, on, route_table};
use crate::state::AppState;

/// This area's routes with who may call them.
pub(crate) fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    use Access::{PatientData, Public, Roles};
    use axum::http::Method;
    use axum::routing::{delete, get, post};
    route_table! {
        GET "/intake", Roles(PATIENTS) => pages::intake::start;
        GET "/intake/{step}", Roles(PATIENTS) => pages::intake::show;
        POST "/intake/{step}", Roles(PATIENTS) => pages::intake::save;
        GET "/plan", Roles(PATIENTS) => pages::plan::show;
        GET "/today", Roles(PATIENTS) => pages::today::show;
        POST "/today/session", Roles(PATIENTS) => pages::today::log_session;
        GET "/today/workout", Roles(PATIENTS) => pages::workout::show;
        POST "/today/workout/set", Roles(PATIENTS) => pages::workout::tick;
        POST "/today/workout/finish", Roles(PATIENTS) => pages::workout::finish;
        POST "/today/checkin", Roles(PATIENTS) => pages::today::checkin;
        GET "/today/symptoms", Roles(PATIENTS) => pages::symptoms::show;
        POST "/today/symptoms", Roles(PATIENTS) => pages::symptoms::report;
        GET "/massage-gun", Roles(PATIENTS) => pages::gun::show;
        POST "/massage-gun/session", Roles(PATIENTS) => pages::gun::log_session;
        GET "/massage-gun/screening", Roles(PATIENTS) => pages::gun::screening_form;
        POST "/massage-gun/screening", Roles(PATIENTS) => pages::gun::save_screening;
        GET "/questionnaires", Roles(PATIENTS) => pages::questionnaires::show;
        POST "/questionnaires", Roles(PATIENTS) => pages::questionnaires::submit;
        GET "/progress", Roles(PATIENTS) => pages::progress::show;
        GET "/running", Roles(PATIENTS) => pages::running::show;
        POST "/running", Roles(PATIENTS) => pages::running::save;
        GET "/account/reminders", Roles(PATIENTS) => pages::reminders::show;
        POST "/account/reminders", Roles(PATIENTS) => pages::reminders::save;
        GET "/reminders/unsubscribe/{token}", Public => pages::reminders::unsubscribe_page;
        POST "/reminders/unsubscribe/{token}", Public => pages::reminders::unsubscribe;
        GET "/learn", Public => pages::learn::index;
        GET "/learn/{topic}", Public => pages::learn::topic;
        GET "/exercises/{exercise}/demonstration.svg", Public => demonstration::svg_of;
        GET "/assets/patient.css", Public => assets::style;
        GET "/assets/patient.js", Public => assets::script;
        GET "/assets/icon.svg", Public => offline::icon;
        GET "/assets/offline.js", Public => offline::queue;
        GET "/manifest.webmanifest", Public => offline::manifest;
        GET "/sw.js", Public => offline::service_worker;

        GET "/api/v1/patients/{patient}/intake", PatientData(EVERYONE) => api::intake::show;
        PUT "/api/v1/patients/{patient}/intake/{step}", PatientData(PATIENTS) => api::intake::save;
        GET "/api/v1/patients/{patient}/plan", PatientData(EVERYONE) => api::care::plan;
        GET "/api/v1/patients/{patient}/today", PatientData(EVERYONE) => api::care::today;
        GET "/api/v1/patients/{patient}/sessions", PatientData(EVERYONE) => api::care::sessions;
        POST "/api/v1/patients/{patient}/sessions", PatientData(PATIENTS) => api::care::log_session;
        GET "/api/v1/patients/{patient}/sessions/draft", PatientData(EVERYONE) => api::workout::draft;
        PUT "/api/v1/patients/{patient}/sessions/draft", PatientData(PATIENTS) => api::workout::save_draft;
        DELETE "/api/v1/patients/{patient}/sessions/draft", PatientData(PATIENTS) => api::workout::discard_draft;
        POST "/api/v1/patients/{patient}/sessions/draft/finish", PatientData(PATIENTS) => api::workout::finish;
        POST "/api/v1/patients/{patient}/checkins", PatientData(PATIENTS) => api::care::checkin;
        POST "/api/v1/patients/{patient}/red-flags", PatientData(PATIENTS) => api::care::report_red_flags;
        GET "/api/v1/patients/{patient}/massage-gun", PatientData(EVERYONE) => api::gun::show;
        PUT "/api/v1/patients/{patient}/massage-gun/screening", PatientData(PATIENTS) => api::gun::screening;
        POST "/api/v1/patients/{patient}/massage-gun/sessions", PatientData(PATIENTS) => api::gun::log_session;
        GET "/api/v1/patients/{patient}/questionnaires", PatientData(EVERYONE) => api::outcomes::questionnaires;
        POST "/api/v1/patients/{patient}/questionnaires", PatientData(PATIENTS) => api::outcomes::submit_questionnaire;
        GET "/api/v1/patients/{patient}/progress", PatientData(EVERYONE) => api::outcomes::progress;
        GET "/api/v1/patients/{patient}/running", PatientData(EVERYONE) => api::outcomes::running;
        POST "/api/v1/patients/{patient}/running", PatientData(PATIENTS) => api::outcomes::save_running;
        GET "/api/v1/patients/{patient}/reminders", PatientData(EVERYONE) => api::reminders::reminders;
        PUT "/api/v1/patients/{patient}/reminders", PatientData(PATIENTS) => api::reminders::save_reminders;
        GET "/api/v1/learn", Public => api::learn::index;
        GET "/api/v1/learn/{topic}", Public => api::learn::topic;
    }
}

/// This area's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(
        api::intake::show,
        api::intake::save,
        api::care::plan,
        api::care::today,
        api::care::sessions,
        api::care::log_session,
        api::workout::draft,
        api::workout::save_draft,
        api::workout::discard_draft,
        api::workout::finish,
        api::care::checkin,
        api::care::report_red_flags,
        api::gun::show,
        api::gun::screening,
        api::gun::log_session,
        api::outcomes::questionnaires,
        api::outcomes::submit_questionnaire,
        api::outcomes::progress,
        api::outcomes::running,
        api::outcomes::save_running,
        api::reminders::reminders,
        api::reminders::save_reminders,
        api::learn::index,
        api::learn::topic,
    ),
    tags(
        (name = "patient", description = "The patient's programme, logs and outcomes. Every read is \
            recorded in the audit log; only the patient changes their own records."),
        (name = "learn", description = "Education: what tendinopathy is and why loading heals it."),
    )
)]
pub struct AreaApi;
