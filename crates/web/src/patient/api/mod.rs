//! The patient area's JSON API: the twin of every page under `/api/v1/patients/{patient}/…`.
//!
//! Bodies are read only after the caller's access is known, so that a caller without rights
//! learns nothing from validation, and every attempt on a patient's record is in the audit log.

pub mod bodies;
pub mod care;
pub mod gun;
pub mod intake;
pub mod learn;
pub mod outcomes;
pub mod reminders;
pub mod workout;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header;
use serde::de::DeserializeOwned;
use tendo_app::App;
use tendo_app::access::Caller;
use tendo_app::error::AppError;
use tendo_app::model::ids::UserId;
use tendo_app::patient::open_for_change;

use crate::error::ApiError;

/// A request body kept as sent, parsed once the caller's access has been checked.
#[derive(Debug)]
pub struct RawJson {
    is_json: bool,
    bytes: Bytes,
}

impl<S: Send + Sync> FromRequest<S> for RawJson {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("application/json"));
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|_| ApiError(AppError::invalid("body", "the body could not be read")))?;
        Ok(RawJson { is_json, bytes })
    }
}

impl RawJson {
    pub(crate) fn parse<T: DeserializeOwned>(&self) -> Result<T, AppError> {
        if !self.is_json {
            return Err(AppError::invalid(
                "body",
                "send JSON with the header `Content-Type: application/json`",
            ));
        }
        crate::api::json::parse(&self.bytes)
    }
}

/// Parses a body for a change to `patient`'s record. When it does not parse, the caller's
/// right to make the change is checked first (and the attempt audited), so that the answer is
/// 403 or 404 for someone without rights and the field at fault for the patient.
pub async fn body_for<T: DeserializeOwned>(
    app: &App,
    caller: &Caller,
    patient: UserId,
    raw: &RawJson,
    action: &str,
) -> Result<T, ApiError> {
    match raw.parse() {
        Ok(body) => Ok(body),
        Err(error) => {
            open_for_change(app, caller, patient, action).await?;
            Err(ApiError(error))
        }
    }
}
