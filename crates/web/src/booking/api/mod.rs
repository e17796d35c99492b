//! The JSON twins of the booking pages.

mod appointments;
mod availability;
mod clinic_info;
mod series;
mod waiting;

pub use appointments::*;
pub use availability::*;
pub use clinic_info::*;
pub use series::*;
pub use waiting::*;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use tendo_app::access::Caller;
use tendo_app::booking::diary::{MAX_KEY_LENGTH, well_formed_key};
use tendo_app::error::AppError;
use tendo_app::model::accounts::Role;
use tendo_app::model::ids::UserId;
use uuid::Uuid;

use crate::error::ApiError;

/// The header a client sends a booking request's one-time key in.
pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";

/// The optional `Idempotency-Key` of a booking request: the same request sent again with the
/// same key returns the first result instead of booking twice.
#[derive(Debug, Default)]
pub struct IdempotencyKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get(IDEMPOTENCY_KEY) else {
            return Ok(IdempotencyKey(None));
        };
        match value.to_str().ok().and_then(well_formed_key) {
            Some(key) => Ok(IdempotencyKey(Some(key.to_string()))),
            None => Err(AppError::invalid(
                IDEMPOTENCY_KEY,
                format!(
                    "send 1 to {MAX_KEY_LENGTH} visible ASCII characters, new for each booking"
                ),
            )
            .into()),
        }
    }
}

/// The patient a booking request names. A patient books for themselves and may leave `patient`
/// out; a clinician or administrator has no appointments of their own, so booking without
/// naming a patient is not theirs to do (403, saying what to send).
pub fn patient_named(caller: &Caller, patient: Option<Uuid>) -> Result<Option<UserId>, ApiError> {
    match (caller.role(), patient) {
        (Role::Patient, _) | (_, Some(_)) => Ok(patient.map(UserId::from_uuid)),
        (_, None) => Err(AppError::Forbidden(
            "staff book for a patient: name them in `patient`".into(),
        )
        .into()),
    }
}
