//! Clinical notes: list, start, save a draft, sign, amend, and the templates.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use tendo_app::clinic::notes::{self, NoteView, template};
use tendo_app::model::clinic::{NoteKind, NoteSections};
use tendo_app::model::ids::{RecordId, UserId};
use uuid::Uuid;

use super::bodies::{AmendmentBody, NoteBody};
use super::care_body;
use crate::api::json::{ApiPath, ApiQuery};
use crate::auth::ApiUser;
use crate::error::{ApiError, ErrorBody};
use crate::patient::api::RawJson;
use crate::state::AppState;

/// The templates of the two kinds of note.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Templates {
    /// The first assessment.
    pub first_assessment: NoteSections,
    /// A follow-up.
    pub follow_up: NoteSections,
}

/// `GET /api/v1/note-templates`: the prompts each kind of note starts with.
#[utoipa::path(get, path = "/api/v1/note-templates", tag = "clinic",
    operation_id = "clinic_note_templates",
    responses(
        (status = 200, description = "The templates", body = Templates),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "For clinicians", body = ErrorBody)))]
pub async fn templates(ApiUser(caller): ApiUser) -> Result<Json<Templates>, ApiError> {
    caller.require_role(&[tendo_app::model::accounts::Role::Clinician])?;
    Ok(Json(Templates {
        first_assessment: template(NoteKind::FirstAssessment),
        follow_up: template(NoteKind::FollowUp),
    }))
}

/// Which kind of note to start.
#[derive(Clone, Copy, Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum NoteKindName {
    /// The first assessment.
    FirstAssessment,
    /// A follow-up.
    FollowUp,
}

/// The kind of note to start.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct StartParams {
    /// `first-assessment`, or `follow-up` (the default).
    #[param(inline)]
    pub kind: Option<NoteKindName>,
}

/// `GET /api/v1/patients/{patient}/note-template?kind=…`: the sections a new note about this
/// patient starts with — the template's prompts with what Tendo knows (the plan, the latest
/// pains, the questionnaire trend) filled in after them. An audited read of the record.
#[utoipa::path(get, path = "/api/v1/patients/{patient}/note-template", tag = "clinic",
    operation_id = "clinic_patient_note_template",
    params(("patient" = Uuid, Path, description = "The patient's id"), StartParams),
    responses(
        (status = 200, description = "The filled sections", body = NoteSections),
        (status = 403, description = "The caller may not do this", body = ErrorBody),
        (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody)))]
pub async fn starting(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
    ApiQuery(params): ApiQuery<StartParams>,
) -> Result<Json<NoteSections>, ApiError> {
    let kind = match params.kind {
        Some(NoteKindName::FirstAssessment) => NoteKind::FirstAssessment,
        Some(NoteKindName::FollowUp) | None => NoteKind::FollowUp,
    };
    Ok(Json(
        notes::starting_sections(&state.app, &caller, UserId::from_uuid(patient), kind).await?,
    ))
}

/// `GET /api/v1/patients/{patient}/notes`: the patient's notes, newest first.
#[utoipa::path(get, path = "/api/v1/patients/{patient}/notes", tag = "clinic",
    operation_id = "clinic_list_notes",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    responses(
        (status = 200, description = "The notes with their amendments", body = Vec<NoteView>),
        (status = 403, description = "The caller may not do this", body = ErrorBody),
        (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
) -> Result<Json<Vec<NoteView>>, ApiError> {
    Ok(Json(
        notes::list(&state.app, &caller, UserId::from_uuid(patient)).await?,
    ))
}

/// `POST /api/v1/patients/{patient}/notes`: starts a note (a draft, or signed with `sign`).
#[utoipa::path(post, path = "/api/v1/patients/{patient}/notes", tag = "clinic",
    operation_id = "clinic_create_note",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    request_body = NoteBody,
    responses(
        (status = 201, description = "The note", body = NoteView),
        (status = 403, description = "Only a clinician in the patient's care team writes notes", body = ErrorBody),
        (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody),
        (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
    raw: RawJson,
) -> Result<(StatusCode, Json<NoteView>), ApiError> {
    let patient = UserId::from_uuid(patient);
    let body: NoteBody = care_body(&state.app, &caller, patient, &raw).await?;
    let mut note = notes::create(&state.app, &caller, patient, &body.input()).await?;
    if body.sign {
        note = notes::sign(&state.app, &caller, patient, note.id).await?;
    }
    Ok((StatusCode::CREATED, Json(note)))
}

/// `GET /api/v1/patients/{patient}/notes/{note}`.
#[utoipa::path(get, path = "/api/v1/patients/{patient}/notes/{note}", tag = "clinic",
    operation_id = "clinic_show_note",
    params(("patient" = Uuid, Path, description = "The patient's id"),
        ("note" = Uuid, Path, description = "The note's id")),
    responses(
        (status = 200, description = "The note with its amendments", body = NoteView),
        (status = 403, description = "The caller may not do this", body = ErrorBody),
        (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath((patient, note)): ApiPath<(Uuid, Uuid)>,
) -> Result<Json<NoteView>, ApiError> {
    Ok(Json(
        notes::show(
            &state.app,
            &caller,
            UserId::from_uuid(patient),
            RecordId::from_uuid(note),
        )
        .await?,
    ))
}

/// `PUT /api/v1/patients/{patient}/notes/{note}`: saves a draft again (and signs it with
/// `sign`). A signed note is refused with 409: add an amendment.
#[utoipa::path(put, path = "/api/v1/patients/{patient}/notes/{note}", tag = "clinic",
    operation_id = "clinic_update_note",
    params(("patient" = Uuid, Path, description = "The patient's id"),
        ("note" = Uuid, Path, description = "The note's id")),
    request_body = NoteBody,
    responses(
        (status = 200, description = "The note", body = NoteView),
        (status = 403, description = "Only a clinician in the patient's care team writes notes", body = ErrorBody),
        (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody),
        (status = 409, description = "The note is signed and never changes", body = ErrorBody),
        (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath((patient, note)): ApiPath<(Uuid, Uuid)>,
    raw: RawJson,
) -> Result<Json<NoteView>, ApiError> {
    let patient = UserId::from_uuid(patient);
    let id = RecordId::from_uuid(note);
    let body: NoteBody = care_body(&state.app, &caller, patient, &raw).await?;
    let mut note = notes::update(&state.app, &caller, patient, id, &body.input()).await?;
    if body.sign {
        note = notes::sign(&state.app, &caller, patient, id).await?;
    }
    Ok(Json(note))
}

/// `POST /api/v1/patients/{patient}/notes/{note}/sign`: signs a draft.
#[utoipa::path(post, path = "/api/v1/patients/{patient}/notes/{note}/sign", tag = "clinic",
    operation_id = "clinic_sign_note",
    params(("patient" = Uuid, Path, description = "The patient's id"),
        ("note" = Uuid, Path, description = "The note's id")),
    responses(
        (status = 200, description = "The signed note", body = NoteView),
        (status = 403, description = "Only a clinician in the patient's care team signs notes", body = ErrorBody),
        (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody),
        (status = 409, description = "Already signed", body = ErrorBody)))]
pub async fn sign(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath((patient, note)): ApiPath<(Uuid, Uuid)>,
) -> Result<Json<NoteView>, ApiError> {
    Ok(Json(
        notes::sign(
            &state.app,
            &caller,
            UserId::from_uuid(patient),
            RecordId::from_uuid(note),
        )
        .await?,
    ))
}

/// `POST /api/v1/patients/{patient}/notes/{note}/amendments`: adds an amendment to a signed
/// note.
#[utoipa::path(post, path = "/api/v1/patients/{patient}/notes/{note}/amendments", tag = "clinic",
    operation_id = "clinic_amend_note",
    params(("patient" = Uuid, Path, description = "The patient's id"),
        ("note" = Uuid, Path, description = "The note's id")),
    request_body = AmendmentBody,
    responses(
        (status = 201, description = "The note with the amendment", body = NoteView),
        (status = 403, description = "Only a clinician in the patient's care team amends notes", body = ErrorBody),
        (status = 404, description = "Not found, or not the caller's to see", body = ErrorBody),
        (status = 409, description = "The note is still a draft: change it instead", body = ErrorBody),
        (status = 422, description = "A field is wrong; the error names it", body = ErrorBody)))]
pub async fn amend(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath((patient, note)): ApiPath<(Uuid, Uuid)>,
    raw: RawJson,
) -> Result<(StatusCode, Json<NoteView>), ApiError> {
    let patient = UserId::from_uuid(patient);
    let body: AmendmentBody = care_body(&state.app, &caller, patient, &raw).await?;
    let note = notes::amend(
        &state.app,
        &caller,
        patient,
        RecordId::from_uuid(note),
        &body.text,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(note)))
}
