//! The JSON API under `/api/v1`, described by an OpenAPI 3.1 document at `/api/openapi.json`.

pub mod account;
pub mod conditional;
pub mod dependencies;
pub mod docs;
pub mod errors;
pub mod json;
mod statuses;
pub mod text_pattern;

use axum::Json;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::error::{ErrorBody, ErrorDetail, FieldProblemBody};

/// The OpenAPI document of the API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tendo API",
        description = "Every page of Tendo has a JSON twin here. Authenticate with a personal \
                       access token (`Authorization: Bearer tendo_pat_…`) or a browser session \
                       (send the session's CSRF token in `X-CSRF-Token` with every change). \
                       Errors are JSON with a stable `code` and, for bad input, the fields at \
                       fault. Times are RFC 3339.",
    ),
    paths(
        account::me,
        account::list_tokens,
        account::create_token,
        account::revoke_token,
        account::create_invitation,
        account::export_patient,
        account::audit,
    ),
    components(schemas(ErrorBody, ErrorDetail, FieldProblemBody)),
    modifiers(&Security),
    security(("token" = []), ("session" = [])),
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::SESSION_COOKIE,
            ))),
        );
    }
}

/// The whole OpenAPI document: the account API and every area's part.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut document = ApiDoc::openapi();
    document.merge(crate::patient::AreaApi::openapi());
    document.merge(crate::clinic::AreaApi::openapi());
    document.merge(crate::booking::AreaApi::openapi());
    document.merge(crate::fhir::AreaApi::openapi());
    statuses::add_error_statuses(&mut document);
    document
}

/// `GET /api/openapi.json`: the document, with the rules between fields of a body and the
/// pattern of accepted text on every free-text string.
pub async fn openapi() -> Json<serde_json::Value> {
    let mut document = serde_json::to_value(document()).unwrap_or(serde_json::Value::Null);
    dependencies::add_field_dependencies(&mut document);
    text_pattern::add_text_pattern(&mut document);
    Json(document)
}
