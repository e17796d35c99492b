//! Every route, with who may call it. The router is built from this table, and the
//! authorisation-matrix test walks the same table with every role, so a route cannot exist
//! without a declared access rule.

use std::collections::HashSet;
use std::sync::LazyLock;

use axum::http::Method;
use axum::routing::{MethodRouter, delete, get, post};
use tendo_app::model::accounts::Role;

use crate::state::AppState;
use crate::{api, assets, pages};

/// Who may call a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Signed-in people with one of these roles.
    Roles(&'static [Role]),
    /// Signed-in people with one of these roles who may also see the patient named by the
    /// `{patient}` part of the path: the patient themselves, a clinician caring for them, or
    /// an administrator of their clinic.
    PatientData(&'static [Role]),
}

/// Every role.
pub const EVERYONE: &[Role] = &[Role::Patient, Role::Clinician, Role::Admin];
/// Patients only.
pub const PATIENTS: &[Role] = &[Role::Patient];
/// Clinicians and administrators.
pub const STAFF: &[Role] = &[Role::Clinician, Role::Admin];
/// Clinicians only.
pub const CLINICIANS: &[Role] = &[Role::Clinician];
/// Administrators only.
pub const ADMINS: &[Role] = &[Role::Admin];

/// One route and who may call it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteSpec {
    /// The HTTP method.
    pub method: Method,
    /// The path, with `{name}` for each parameter.
    pub path: &'static str,
    /// Who may call it.
    pub access: Access,
}

impl RouteSpec {
    /// True for routes of the JSON API.
    pub fn is_api(&self) -> bool {
        self.path.starts_with("/api/")
    }
}

macro_rules! on {
    (GET, $handler:expr) => {
        get($handler)
    };
    (POST, $handler:expr) => {
        post($handler)
    };
    (PUT, $handler:expr) => {
        axum::routing::put($handler)
    };
    (DELETE, $handler:expr) => {
        delete($handler)
    };
}

/// Builds a route table: one `METHOD "/path", access => handler;` per route.
macro_rules! route_table {
    ($($method:ident $path:literal, $access:expr => $handler:expr;)*) => {
        vec![$((
            RouteSpec { method: Method::$method, path: $path, access: $access },
            on!($method, $handler),
        )),*]
    };
}
pub(crate) use {on, route_table};

/// The routes with their handlers.
pub(crate) fn table() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    use Access::{PatientData, Public, Roles};
    let mut routes = route_table! {
        GET "/", Public => pages::auth::home;
        GET "/healthz", Public => crate::health;
        GET "/readyz", Public => crate::ops::ready;
        GET "/login", Public => pages::auth::login_form;
        POST "/login", Public => pages::auth::login;
        POST "/logout", Roles(EVERYONE) => pages::auth::logout;
        GET "/forgot-password", Public => pages::auth::forgot_form;
        POST "/forgot-password", Public => pages::auth::forgot;
        GET "/reset-password/{token}", Public => pages::auth::reset_form;
        POST "/reset-password/{token}", Public => pages::auth::reset;
        GET "/invitations/{token}", Public => pages::auth::invitation_form;
        POST "/invitations/{token}", Public => pages::auth::accept_invitation;

        GET "/account", Roles(EVERYONE) => pages::account::show;
        POST "/account/tokens", Roles(EVERYONE) => pages::account::create_token;
        POST "/account/tokens/{token}/revoke", Roles(EVERYONE) => pages::account::revoke_token;
        POST "/account/logout-everywhere", Roles(EVERYONE) => pages::account::logout_everywhere;
        GET "/account/export", Roles(PATIENTS) => pages::account::export;
        GET "/account/logs.csv", Roles(PATIENTS) => pages::account::logs_csv;
        GET "/account/report.pdf", Roles(PATIENTS) => crate::clinic::report::own_page;
        POST "/account/delete", Roles(PATIENTS) => pages::account::delete;

        GET "/clinic/people", Roles(STAFF) => pages::admin::people;
        POST "/clinic/people/invite", Roles(STAFF) => pages::admin::invite;
        POST "/clinic/people/{user}/reset-link", Roles(ADMINS) => pages::admin::reset_link;
        GET "/clinic/audit", Roles(ADMINS) => pages::admin::audit;
        GET "/clinic/audit/export", Roles(ADMINS) => pages::admin::audit_export;

        GET "/assets/style.css", Public => assets::style;
        GET "/assets/app.js", Public => assets::script;
        GET "/assets/api-docs.js", Public => assets::api_docs_script;
        GET "/assets/vendor/swagger-ui-5.35.0/swagger-ui-bundle.js", Public => assets::swagger_ui_script;
        GET "/assets/vendor/swagger-ui-5.35.0/swagger-ui.css", Public => assets::swagger_ui_style;

        GET "/api/openapi.json", Public => api::openapi;
        GET "/api/docs", Public => api::docs::page;
        GET "/api/v1/me", Roles(EVERYONE) => api::account::me;
        GET "/api/v1/tokens", Roles(EVERYONE) => api::account::list_tokens;
        POST "/api/v1/tokens", Roles(EVERYONE) => api::account::create_token;
        DELETE "/api/v1/tokens/{token}", Roles(EVERYONE) => api::account::revoke_token;
        POST "/api/v1/invitations", Roles(STAFF) => api::account::create_invitation;
        GET "/api/v1/patients/{patient}/export", PatientData(&[Role::Patient, Role::Admin]) => api::account::export_patient;
        GET "/api/v1/audit", Roles(ADMINS) => api::account::audit;
    };
    routes.extend(crate::patient::routes());
    routes.extend(crate::clinic::routes());
    routes.extend(crate::booking::routes());
    routes.extend(crate::fhir::routes());
    routes
}

/// Every route and who may call it, for tests and documentation.
pub fn specs() -> Vec<RouteSpec> {
    table().into_iter().map(|(spec, _)| spec).collect()
}

static PUBLIC: LazyLock<HashSet<(Method, &'static str)>> = LazyLock::new(|| {
    specs()
        .into_iter()
        .filter(|spec| spec.access == Access::Public)
        .map(|spec| (spec.method, spec.path))
        .collect()
});

/// Whether the route matched as `path` (its template, such as `/invitations/{token}`) is public.
pub fn is_public(method: &Method, path: &str) -> bool {
    PUBLIC.contains(&(method.clone(), path))
}
