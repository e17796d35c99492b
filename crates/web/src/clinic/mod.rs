//! The clinician's workspace: caseload, patient record, plan changes, notes, messages, clinic administration, reports (issue 5).

use axum::routing::MethodRouter;
use utoipa::OpenApi;

use crate::routes::RouteSpec;
use crate::state::AppState;

/// This area's routes with who may call them.
pub(crate) fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    Vec::new()
}

/// This area's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi()]
pub struct AreaApi;
