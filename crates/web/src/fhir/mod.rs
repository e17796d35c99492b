//! FHIR R4: the read API under `/fhir/r4` (`metadata`, `Patient/{id}`,
//! `Patient/{id}/$everything`, answering `application/fhir+json`, errors as
//! `OperationOutcome`), the import of a Bundle for clinic administrators (the page
//! `/clinic/import` and `POST /api/v1/fhir/import`).

pub mod import;
pub mod read;

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use serde_json::{Value, json};
use tendo_app::error::AppError;
use tendo_app::fhir::FHIR_JSON;
use utoipa::OpenApi;

use crate::error::status_of;
use crate::routes::{ADMINS, Access, EVERYONE, RouteSpec, on, route_table};
use crate::state::AppState;

/// This area's routes with who may call them.
pub(crate) fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    use Access::{PatientData, Public, Roles};
    use axum::http::Method;
    use axum::routing::{get, post};
    route_table! {
        GET "/fhir/r4/metadata", Public => read::metadata;
        GET "/fhir/r4/Patient/{patient}", PatientData(EVERYONE) => read::patient;
        GET "/fhir/r4/Patient/{patient}/$everything", PatientData(EVERYONE) => read::everything;
        GET "/clinic/import", Roles(ADMINS) => import::page;
        POST "/clinic/import", Roles(ADMINS) => import::upload;
        POST "/api/v1/fhir/import", Roles(ADMINS) => import::api;
    }
}

/// The OpenAPI part of this area: the import (the `/fhir/r4` routes are described by their
/// own `CapabilityStatement` at `/fhir/r4/metadata`).
#[derive(OpenApi)]
#[openapi(
    paths(import::api),
    components(schemas(
        import::BundleBody,
        import::BundleEntry,
        import::BundleType,
        import::BundleKind,
        tendo_app::fhir::ImportReport,
        tendo_app::fhir::import::ImportLine
    )),
    tags((name = "fhir", description = "A patient's record as FHIR R4. The read API is at \
        /fhir/r4 (its CapabilityStatement: /fhir/r4/metadata); here, the import of a Bundle \
        Tendo exported as a new patient of the administrator's clinic."))
)]
pub struct AreaApi;

/// A FHIR resource as a response, `application/fhir+json`.
pub(crate) fn fhir_json(status: StatusCode, resource: &Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, FHIR_JSON)],
        resource.to_string(),
    )
        .into_response()
}

/// An error as FHIR's `OperationOutcome`.
#[derive(Debug)]
pub struct Outcome(pub AppError);

impl<E: Into<AppError>> From<E> for Outcome {
    fn from(error: E) -> Self {
        Outcome(error.into())
    }
}

impl IntoResponse for Outcome {
    fn into_response(self) -> Response {
        if let AppError::Internal(detail) = &self.0 {
            tracing::error!(%detail, "FHIR request failed");
        }
        let status = status_of(&self.0);
        let code = match &self.0 {
            AppError::Unauthenticated(_) => "login",
            AppError::Forbidden(_) => "forbidden",
            AppError::NotFound => "not-found",
            AppError::Invalid(_) => "invalid",
            AppError::Conflict(_) => "conflict",
            AppError::Expired(_) => "expired",
            AppError::TooManyAttempts { .. } | AppError::Locked { .. } => "throttled",
            AppError::Internal(_) => "exception",
        };
        let issues: Vec<Value> = match &self.0 {
            AppError::Invalid(problems) => problems
                .0
                .iter()
                .map(|problem| {
                    json!({
                        "severity": "error",
                        "code": code,
                        "diagnostics": problem.message,
                        "expression": [problem.field]
                    })
                })
                .collect(),
            other => vec![json!({
                "severity": "error",
                "code": code,
                "diagnostics": other.public_message()
            })],
        };
        fhir_json(
            status,
            &json!({"resourceType": "OperationOutcome", "issue": issues}),
        )
    }
}
