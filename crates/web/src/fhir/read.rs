//! The FHIR read API: what it serves, a patient, and a patient's whole record.

use axum::extract::{FromRequestParts, Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use tendo_app::access::Caller;
use tendo_app::error::AppError;
use tendo_app::model::ids::UserId;

use super::{Outcome, fhir_json};
use crate::auth::Authenticated;
use crate::state::AppState;

/// A signed-in caller of the FHIR API (session or bearer token); anyone else gets 401 as an
/// `OperationOutcome`.
pub struct FhirUser(pub Caller);

impl<S: Send + Sync> FromRequestParts<S> for FhirUser {
    type Rejection = Outcome;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Authenticated>()
            .map(|found| FhirUser(found.caller.clone()))
            .ok_or_else(|| {
                Outcome(AppError::Unauthenticated(
                    "sign in, or send a personal access token as `Authorization: Bearer …`".into(),
                ))
            })
    }
}

fn patient_id(text: &str) -> Result<UserId, Outcome> {
    text.parse().map_err(|_| Outcome(AppError::NotFound))
}

/// `GET /fhir/r4/metadata`: the `CapabilityStatement`.
pub async fn metadata(State(state): State<AppState>) -> Response {
    fhir_json(
        StatusCode::OK,
        &tendo_app::fhir::capability_statement(
            &state.app.settings.base_url,
            env!("CARGO_PKG_VERSION"),
        ),
    )
}

/// `GET /fhir/r4/Patient/{patient}`: the patient (audited).
pub async fn patient(
    State(state): State<AppState>,
    FhirUser(caller): FhirUser,
    Path(patient): Path<String>,
) -> Result<Response, Outcome> {
    let resource = tendo_app::fhir::patient(&state.app, &caller, patient_id(&patient)?).await?;
    Ok(fhir_json(StatusCode::OK, &resource))
}

/// `GET /fhir/r4/Patient/{patient}/$everything`: the whole record as a Bundle (audited). The
/// account page and the patient record link here to download it.
pub async fn everything(
    State(state): State<AppState>,
    FhirUser(caller): FhirUser,
    Path(patient): Path<String>,
) -> Result<Response, Outcome> {
    let bundle = tendo_app::fhir::export(&state.app, &caller, patient_id(&patient)?).await?;
    Ok(fhir_json(StatusCode::OK, &bundle))
}
