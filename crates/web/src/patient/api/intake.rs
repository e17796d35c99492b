//! `GET/PUT /api/v1/patients/{patient}/intake…`: the intake, step by step.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use tendo_app::error::AppError;
use tendo_app::model::ids::UserId;
use tendo_app::patient::intake::answers::Step;
use tendo_app::patient::intake::steps::StepInput;
use tendo_app::patient::intake::{self, IntakeView, Saved};
use utoipa::ToSchema;
use uuid::Uuid;

use super::bodies::{BaselineBody, ConditionBody, HistoryBody, RedFlagsBody, ScreeningBody};
use super::{RawJson, body_for};
use crate::api::json::ApiPath;
use crate::auth::ApiUser;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Any step's body; which one is read depends on `{step}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum StepBody {
    /// `condition`.
    Condition(ConditionBody),
    /// `history`.
    History(HistoryBody),
    /// `red-flags`.
    RedFlags(RedFlagsBody),
    /// `massage-gun`.
    MassageGun(ScreeningBody),
    /// `baseline`.
    Baseline(BaselineBody),
}

/// `GET /api/v1/patients/{patient}/intake`: the answers so far, the next step, the red-flag
/// questions for the condition and, once answered, their triage.
#[utoipa::path(operation_id = "show_intake", get, path = "/api/v1/patients/{patient}/intake", tag = "patient",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    responses((status = 200, description = "The intake view", body = IntakeView),
        (status = 403, description = "The caller may not do this", body = ErrorBody), (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
) -> Result<Json<IntakeView>, ApiError> {
    Ok(Json(
        intake::view(&state.app, &caller, UserId::from_uuid(patient)).await?,
    ))
}

/// What saving a step led to.
#[derive(Debug, Serialize, ToSchema)]
pub struct SavedBody {
    /// `next` (with `step`), `plan-ready` or `stopped` (a red flag: no plan, see a clinician).
    pub outcome: String,
    /// The next step, for `next`.
    pub step: Option<String>,
}

/// `PUT /api/v1/patients/{patient}/intake/{step}`: saves one step (`condition`, `history`,
/// `red-flags`, `massage-gun`, `baseline`). When every step is answered, or a red flag is
/// reported, the intake completes.
#[utoipa::path(put, path = "/api/v1/patients/{patient}/intake/{step}", tag = "patient",
    params(("patient" = Uuid, Path, description = "The patient's id"),
        ("step" = String, Path, description = "`condition`, `history`, `red-flags`, `massage-gun` or `baseline`")),
    request_body = StepBody,
    responses((status = 200, description = "Success", body = SavedBody), (status = 403, description = "The caller may not do this", body = ErrorBody),
        (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody), (status = 409, description = "It conflicts with what exists or with a rule; the message says which", body = ErrorBody),
        (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn save(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath((patient, step)): ApiPath<(Uuid, String)>,
    raw: RawJson,
) -> Result<Json<SavedBody>, ApiError> {
    let patient = UserId::from_uuid(patient);
    let app = &state.app;
    let Some(step) = Step::parse(&step) else {
        tendo_app::patient::open(app, &caller, patient, "intake.read").await?;
        return Err(ApiError(AppError::NotFound));
    };
    let action = "intake.read";
    let input = match step {
        Step::Condition => StepInput::Condition(
            body_for::<ConditionBody>(app, &caller, patient, &raw, action)
                .await?
                .into(),
        ),
        Step::History => StepInput::History(
            body_for::<HistoryBody>(app, &caller, patient, &raw, action)
                .await?
                .into(),
        ),
        Step::RedFlags => StepInput::RedFlags(
            body_for::<RedFlagsBody>(app, &caller, patient, &raw, action)
                .await?
                .into(),
        ),
        Step::MassageGun => StepInput::MassageGun(
            body_for::<ScreeningBody>(app, &caller, patient, &raw, action)
                .await?
                .into(),
        ),
        Step::Baseline => StepInput::Baseline(
            body_for::<BaselineBody>(app, &caller, patient, &raw, action)
                .await?
                .into(),
        ),
    };
    let saved = intake::save_step(app, &caller, patient, &input).await?;
    Ok(Json(match saved {
        Saved::Next { step } => SavedBody {
            outcome: "next".into(),
            step: Some(step.id().into()),
        },
        Saved::PlanReady => SavedBody {
            outcome: "plan-ready".into(),
            step: None,
        },
        Saved::Stopped => SavedBody {
            outcome: "stopped".into(),
            step: None,
        },
    }))
}
