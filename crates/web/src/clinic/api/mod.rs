//! The clinician workspace's JSON API: the twin of every page.
//!
//! Bodies of changes to a patient's record are read only after the caller's access is known,
//! so that a caller without rights learns nothing from validation, and every attempt is in the
//! audit log.

pub mod bodies;
pub mod care;
pub mod messages;
pub mod notes;
pub mod triage;

use serde::de::DeserializeOwned;
use tendo_app::App;
use tendo_app::access::Caller;
use tendo_app::clinic::open_for_care;
use tendo_app::model::ids::UserId;

use crate::error::ApiError;
use crate::patient::api::RawJson;

/// Parses a body for a clinician's change to `patient`'s record; when it does not parse, the
/// caller's right to make the change is checked first (and audited).
pub async fn care_body<T: DeserializeOwned>(
    app: &App,
    caller: &Caller,
    patient: UserId,
    raw: &RawJson,
) -> Result<T, ApiError> {
    match raw.parse() {
        Ok(body) => Ok(body),
        Err(error) => {
            open_for_care(app, caller, patient, "record.read").await?;
            Err(ApiError(error))
        }
    }
}

/// Parses a body for a message in `patient`'s thread, checking access first when it does not
/// parse.
pub async fn thread_body<T: DeserializeOwned>(
    app: &App,
    caller: &Caller,
    patient: UserId,
    raw: &RawJson,
) -> Result<T, ApiError> {
    match raw.parse() {
        Ok(body) => Ok(body),
        Err(error) => {
            tendo_app::patient::open(app, caller, patient, "messages.read").await?;
            Err(ApiError(error))
        }
    }
}
