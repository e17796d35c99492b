//! The caseload, the patient record, and the clinician's changes: a plan version, a review,
//! a red-flag clearance.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use tendo_app::clinic::caseload::{self, CaseloadPage};
use tendo_app::clinic::plan;
use tendo_app::clinic::record::{self, PatientRecord};
use tendo_app::model::care::PlanVersion;
use tendo_app::model::clinic::RedFlagClearance;
use tendo_app::model::ids::UserId;
use uuid::Uuid;

use super::bodies::{PlanChangeBody, ReasonBody};
use super::care_body;
use crate::api::json::{ApiPath, ApiQuery};
use crate::auth::ApiUser;
use crate::clinic::caseload::CaseloadParams;
use crate::clinic::record::RecordParams;
use crate::error::{ApiError, ErrorBody};
use crate::patient::api::RawJson;
use crate::state::AppState;

/// `GET /api/v1/caseload`: the calling clinician's patients, most in need of attention first,
/// each with their flags, reasons and rule ids; 25 a page.
#[utoipa::path(get, path = "/api/v1/caseload", tag = "clinic", operation_id = "clinic_caseload",
    params(CaseloadParams),
    responses(
        (status = 200, description = "One page of the caseload with the count of each flag", body = CaseloadPage),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Only clinicians have a caseload", body = ErrorBody),
        (status = 422, description = "A filter is wrong; the error names it", body = ErrorBody)))]
pub async fn caseload(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiQuery(params): ApiQuery<CaseloadParams>,
) -> Result<Json<CaseloadPage>, ApiError> {
    Ok(Json(
        caseload::caseload(&state.app, &caller, &params.query()).await?,
    ))
}

/// `GET /api/v1/patients/{patient}/record`: the patient record: status and plan, progress,
/// the timeline of the four weeks up to `until`, screening, questionnaires, appointments,
/// notes and red-flag clearances.
#[utoipa::path(get, path = "/api/v1/patients/{patient}/record", tag = "clinic",
    operation_id = "clinic_patient_record",
    params(("patient" = Uuid, Path, description = "The patient's id"), RecordParams),
    responses(
        (status = 200, description = "The patient record", body = PatientRecord),
        (status = 403, description = "The caller may not do this", body = ErrorBody),
        (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody)))]
pub async fn record(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
    ApiQuery(params): ApiQuery<RecordParams>,
) -> Result<Json<PatientRecord>, ApiError> {
    Ok(Json(
        record::view(
            &state.app,
            &caller,
            UserId::from_uuid(patient),
            params.until,
        )
        .await?,
    ))
}

/// `POST /api/v1/patients/{patient}/plan-versions`: changes the plan. The engine refuses an
/// unsafe change (422, with the rules in the message of the field at fault).
#[utoipa::path(post, path = "/api/v1/patients/{patient}/plan-versions", tag = "clinic",
    operation_id = "clinic_change_plan",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    request_body = PlanChangeBody,
    responses(
        (status = 201, description = "The new plan version", body = PlanVersion),
        (status = 403, description = "Only a clinician in the patient's care team changes the plan", body = ErrorBody),
        (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody),
        (status = 409, description = "The patient has no plan yet", body = ErrorBody),
        (status = 422, description = "A field is wrong or the change breaks a rule; the error names both", body = ErrorBody)))]
pub async fn change_plan(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
    raw: RawJson,
) -> Result<(StatusCode, Json<PlanVersion>), ApiError> {
    let patient = UserId::from_uuid(patient);
    let body: PlanChangeBody = care_body(&state.app, &caller, patient, &raw).await?;
    let version = plan::change_plan(&state.app, &caller, patient, &body.into()).await?;
    Ok((StatusCode::CREATED, Json(version)))
}

/// `POST /api/v1/patients/{patient}/plan/review`: marks the latest plan version reviewed.
#[utoipa::path(post, path = "/api/v1/patients/{patient}/plan/review", tag = "clinic",
    operation_id = "clinic_review_plan",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    responses(
        (status = 200, description = "The reviewed plan version", body = PlanVersion),
        (status = 403, description = "Only a clinician in the patient's care team reviews the plan", body = ErrorBody),
        (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody),
        (status = 409, description = "No plan, or already reviewed", body = ErrorBody)))]
pub async fn review_plan(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
) -> Result<Json<PlanVersion>, ApiError> {
    Ok(Json(
        plan::mark_reviewed(&state.app, &caller, UserId::from_uuid(patient)).await?,
    ))
}

/// `POST /api/v1/patients/{patient}/red-flags/clear`: clears a red-flag stop after the
/// clinician's assessment, with the reason; the patient then finishes the intake.
#[utoipa::path(post, path = "/api/v1/patients/{patient}/red-flags/clear", tag = "clinic",
    operation_id = "clinic_clear_red_flag",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    request_body = ReasonBody,
    responses(
        (status = 200, description = "The clearance", body = RedFlagClearance),
        (status = 403, description = "Only a clinician in the patient's care team clears a stop", body = ErrorBody),
        (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody),
        (status = 409, description = "Self-management is not stopped", body = ErrorBody),
        (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn clear_red_flag(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
    raw: RawJson,
) -> Result<Json<RedFlagClearance>, ApiError> {
    let patient = UserId::from_uuid(patient);
    let body: ReasonBody = care_body(&state.app, &caller, patient, &raw).await?;
    Ok(Json(
        plan::clear_red_flag(&state.app, &caller, patient, &body.reason).await?,
    ))
}
