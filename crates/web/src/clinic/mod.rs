//! The clinician's workspace: caseload, patient record, plan changes, notes, messages, clinic
//! administration and printable reports (issue 5).
//!
//! Pages for staff take the patient's id in the path (`/clinic/patients/{patient}/…`); the API
//! twins live under `/api/v1/…` with the same services behind them.

pub mod api;
mod assets;
mod caseload;
pub mod charts;
mod closures;
mod messages;
mod notes;
pub mod pdf;
mod plan_form;
mod record;
pub(crate) mod report;
mod settings;
mod triage;
mod views;

pub use record::gun_words;

use axum::routing::MethodRouter;
use utoipa::OpenApi;

use crate::routes::{
    ADMINS, Access, CLINICIANS, EVERYONE, PATIENTS, RouteSpec, STAFF, on, route_table,
};
use crate::state::AppState;

/// This area's routes with who may call them.
pub(crate) fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    use Access::{PatientData, Public, Roles};
    use axum::http::Method;
    use axum::routing::{delete, get, post};
    route_table! {
        GET "/clinic/caseload", Roles(CLINICIANS) => caseload::show;
        GET "/clinic/triage", Roles(STAFF) => triage::show;
        GET "/clinic/closures", Roles(ADMINS) => closures::show;
        POST "/clinic/closures", Roles(ADMINS) => closures::add;
        POST "/clinic/closures/remove", Roles(ADMINS) => closures::remove;
        GET "/api/v1/clinic/closures", Roles(STAFF) => closures::list;
        POST "/api/v1/clinic/closures", Roles(ADMINS) => closures::create;
        DELETE "/api/v1/clinic/closures/{closure}", Roles(ADMINS) => closures::delete;
        POST "/clinic/triage", Roles(STAFF) => triage::assign;
        GET "/api/v1/triage", Roles(STAFF) => api::triage::list;
        POST "/api/v1/triage", Roles(STAFF) => api::triage::assign;
        GET "/clinic/patients/{patient}", PatientData(STAFF) => record::show;
        POST "/clinic/patients/{patient}/plan", PatientData(CLINICIANS) => record::change_plan;
        POST "/clinic/patients/{patient}/plan/review", PatientData(CLINICIANS) => record::review;
        POST "/clinic/patients/{patient}/red-flags/clear", PatientData(CLINICIANS) => record::clear_red_flag;
        GET "/clinic/patients/{patient}/notes", PatientData(STAFF) => notes::index;
        GET "/clinic/patients/{patient}/notes/new", PatientData(CLINICIANS) => notes::new_note;
        POST "/clinic/patients/{patient}/notes", PatientData(CLINICIANS) => notes::create;
        GET "/clinic/patients/{patient}/notes/{note}", PatientData(STAFF) => notes::show;
        POST "/clinic/patients/{patient}/notes/{note}", PatientData(CLINICIANS) => notes::update;
        POST "/clinic/patients/{patient}/notes/{note}/sign", PatientData(CLINICIANS) => notes::sign;
        POST "/clinic/patients/{patient}/notes/{note}/amendments", PatientData(CLINICIANS) => notes::amend;
        GET "/clinic/patients/{patient}/report.pdf", PatientData(STAFF) => report::page;
        GET "/messages", Roles(EVERYONE) => messages::index;
        POST "/messages", Roles(PATIENTS) => messages::post_own;
        GET "/messages/{patient}", PatientData(STAFF) => messages::show;
        POST "/messages/{patient}", PatientData(STAFF) => messages::post_to_patient;
        GET "/clinic/settings", Roles(ADMINS) => settings::show;
        POST "/clinic/settings", Roles(ADMINS) => settings::save;
        GET "/assets/clinic.css", Public => assets::style;

        GET "/api/v1/caseload", Roles(CLINICIANS) => api::care::caseload;
        GET "/api/v1/patients/{patient}/record", PatientData(STAFF) => api::care::record;
        POST "/api/v1/patients/{patient}/plan-versions", PatientData(CLINICIANS) => api::care::change_plan;
        POST "/api/v1/patients/{patient}/plan/review", PatientData(CLINICIANS) => api::care::review_plan;
        POST "/api/v1/patients/{patient}/red-flags/clear", PatientData(CLINICIANS) => api::care::clear_red_flag;
        GET "/api/v1/note-templates", Roles(CLINICIANS) => api::notes::templates;
        GET "/api/v1/patients/{patient}/note-template", PatientData(STAFF) => api::notes::starting;
        GET "/api/v1/patients/{patient}/notes", PatientData(STAFF) => api::notes::list;
        POST "/api/v1/patients/{patient}/notes", PatientData(CLINICIANS) => api::notes::create;
        GET "/api/v1/patients/{patient}/notes/{note}", PatientData(STAFF) => api::notes::show;
        PUT "/api/v1/patients/{patient}/notes/{note}", PatientData(CLINICIANS) => api::notes::update;
        POST "/api/v1/patients/{patient}/notes/{note}/sign", PatientData(CLINICIANS) => api::notes::sign;
        POST "/api/v1/patients/{patient}/notes/{note}/amendments", PatientData(CLINICIANS) => api::notes::amend;
        GET "/api/v1/patients/{patient}/report", PatientData(STAFF) => report::api;
        GET "/api/v1/messages", Roles(EVERYONE) => api::messages::inbox;
        GET "/api/v1/patients/{patient}/messages", PatientData(EVERYONE) => api::messages::thread;
        POST "/api/v1/patients/{patient}/messages", PatientData(EVERYONE) => api::messages::post;
        GET "/api/v1/clinic/settings", Roles(ADMINS) => api::messages::show_settings;
        PUT "/api/v1/clinic/settings", Roles(ADMINS) => api::messages::save_settings;
    }
}

/// This area's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(
        api::care::caseload,
        api::care::record,
        closures::list,
        closures::create,
        closures::delete,
        api::triage::list,
        api::triage::assign,
        api::care::change_plan,
        api::care::review_plan,
        api::care::clear_red_flag,
        api::notes::templates,
        api::notes::starting,
        api::notes::list,
        api::notes::create,
        api::notes::show,
        api::notes::update,
        api::notes::sign,
        api::notes::amend,
        report::api,
        api::messages::inbox,
        api::messages::thread,
        api::messages::post,
        api::messages::show_settings,
        api::messages::save_settings,
    ),
    components(schemas(
        api::bodies::PlanChangeBody,
        api::bodies::PrescriptionBody,
        api::bodies::SiteDoseBody,
        api::bodies::ReasonBody,
        api::bodies::NoteBody,
        api::bodies::AmendmentBody,
        api::bodies::MessageBody,
        api::bodies::SettingsBody,
        api::triage::AssignBody,
        closures::ClosureBody,
    )),
    tags(
        (name = "clinic", description = "The clinician's workspace: the caseload, the patient \
            record, plan changes checked by the engine, clinical notes, messages, the clinic's \
            settings and progress reports. Every read of a patient's data is audited."),
    )
)]
pub struct AreaApi;
