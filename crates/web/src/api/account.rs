//! The API for the caller's account, tokens, invitations, data export and the audit log.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tendo_app::accounts::{self, InviteForm};
use tendo_app::audit_log::{self, AuditLogQuery, NamedEntry};
use tendo_app::error::AppError;
use tendo_app::model::accounts::{ApiToken, Invitation, Profession, Role, Scope, User};
use tendo_app::model::ids::{ApiTokenId, UserId};
use tendo_app::model::patients::ExportLayout;
use tendo_app::privacy;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::api::json::{ApiJson, ApiPath, ApiQuery};
use crate::auth::{Admins, ApiUser, RequireRole, Staff};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// The signed-in person.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    /// Their id.
    pub id: Uuid,
    /// Their clinic's id.
    pub clinic_id: Uuid,
    /// Their name.
    pub name: String,
    /// Their email address.
    pub email: String,
    /// `patient`, `clinician` or `admin`.
    pub role: String,
    /// `physiotherapist` or `massage-therapist`, for clinicians.
    pub profession: Option<String>,
    /// Their IANA time zone.
    pub time_zone: String,
}

impl From<&User> for Me {
    fn from(user: &User) -> Self {
        Me {
            id: user.id.uuid(),
            clinic_id: user.clinic_id.uuid(),
            name: user.name.clone(),
            email: user.email.clone(),
            role: user.role.as_str().into(),
            profession: user.profession.map(|profession| profession.as_str().into()),
            time_zone: user.time_zone.clone(),
        }
    }
}

/// `GET /api/v1/me`.
#[utoipa::path(get, path = "/api/v1/me", tag = "account",
    responses((status = 200, description = "The signed-in person", body = Me),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
pub async fn me(ApiUser(caller): ApiUser) -> Json<Me> {
    Json(Me::from(&caller.user))
}

/// A personal access token (never its secret).
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenInfo {
    /// Its id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// `read`, `write`.
    pub scopes: Vec<String>,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// When it expires, if ever.
    pub expires_at: Option<String>,
    /// When it was last used.
    pub last_used_at: Option<String>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
}

impl From<&ApiToken> for TokenInfo {
    fn from(token: &ApiToken) -> Self {
        TokenInfo {
            id: token.id.uuid(),
            name: token.name.clone(),
            scopes: token
                .scopes
                .iter()
                .map(|scope| scope.as_str().into())
                .collect(),
            created_at: token.created_at.to_string(),
            expires_at: token.expires_at.map(|at| at.to_string()),
            last_used_at: token.last_used_at.map(|at| at.to_string()),
            revoked_at: token.revoked_at.map(|at| at.to_string()),
        }
    }
}

/// `GET /api/v1/tokens`.
#[utoipa::path(get, path = "/api/v1/tokens", tag = "account",
    responses((status = 200, description = "The caller's tokens", body = Vec<TokenInfo>),
        (status = 401, description = "Not signed in", body = ErrorBody)))]
pub async fn list_tokens(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
) -> Result<Json<Vec<TokenInfo>>, ApiError> {
    let tokens = accounts::tokens(&state.app, &caller).await?;
    Ok(Json(tokens.iter().map(TokenInfo::from).collect()))
}

/// A token to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateToken {
    /// A name to recognise it by, 1 to 80 characters.
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$"
    )]
    pub name: String,
    /// `read` and/or `write`.
    #[schema(value_type = Vec<TokenScope>, min_items = 1)]
    pub scopes: Vec<String>,
    /// Days until it expires (1–366); absent for a token that lasts until revoked.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 366)]
    pub lifetime_days: Option<u32>,
}

/// What a token may do.
#[derive(Debug, ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum TokenScope {
    /// Read.
    Read,
    /// Read and change.
    Write,
}

/// A new token with its secret, shown once.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedToken {
    /// The token.
    pub token: TokenInfo,
    /// The secret for `Authorization: Bearer …`. Store it now: it is never shown again.
    pub secret: String,
}

/// `POST /api/v1/tokens` (from a browser session only).
#[utoipa::path(post, path = "/api/v1/tokens", tag = "account", request_body = CreateToken,
    responses((status = 201, description = "The token, with its secret shown once", body = CreatedToken),
        (status = 403, description = "Not from a browser session", body = ErrorBody),
        (status = 422, description = "A field is wrong", body = ErrorBody)))]
pub async fn create_token(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiJson(body): ApiJson<CreateToken>,
) -> Result<(StatusCode, Json<CreatedToken>), ApiError> {
    let scopes = body
        .scopes
        .iter()
        .map(|scope| {
            Scope::parse(scope).ok_or_else(|| {
                AppError::invalid(
                    "scopes",
                    format!("`{scope}` is not a scope; use read or write"),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let created =
        accounts::create_token(&state.app, &caller, &body.name, &scopes, body.lifetime_days)
            .await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedToken {
            token: TokenInfo::from(&created.token),
            secret: created.secret,
        }),
    ))
}

/// `DELETE /api/v1/tokens/{token}`.
#[utoipa::path(delete, path = "/api/v1/tokens/{token}", tag = "account",
    params(("token" = Uuid, Path, description = "The token's id")),
    responses((status = 204, description = "Revoked"),
        (status = 404, description = "No such token of the caller's", body = ErrorBody)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(token): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    accounts::revoke_token(&state.app, &caller, ApiTokenId::from_uuid(token)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Whom to invite.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateInvitation {
    /// Their email address, such as `name@example.com`: no spaces or control characters, one
    /// `@` after a non-empty local part, and a domain with a dot inside.
    #[schema(
        pattern = "^[^@\\s\\u0000-\\u001F\\u007F-\\u009F]+@[^\\s.\\u0000-\\u001F\\u007F-\\u009F][^\\s\\u0000-\\u001F\\u007F-\\u009F]*\\.[^\\s\\u0000-\\u001F\\u007F-\\u009F]*[^\\s.\\u0000-\\u001F\\u007F-\\u009F]$",
        max_length = 254
    )]
    pub email: String,
    /// Their name: 1 to 120 characters of text (no control characters), not only spaces.
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$",
        max_length = 120
    )]
    pub name: String,
    /// `patient`, `clinician` or `admin`.
    #[schema(value_type = RoleName)]
    pub role: String,
    /// For clinicians: `physiotherapist` or `massage-therapist`.
    #[serde(default)]
    #[schema(value_type = Option<ProfessionName>)]
    pub profession: Option<String>,
    /// For patients invited by an administrator: the clinician who will care for them.
    #[serde(default)]
    pub care_clinician: Option<Uuid>,
}

/// A role to invite.
#[derive(Debug, ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum RoleName {
    /// A patient.
    Patient,
    /// A clinician.
    Clinician,
    /// An administrator.
    Admin,
}

/// A clinician's profession.
#[derive(Debug, ToSchema)]
#[schema(rename_all = "kebab-case")]
pub enum ProfessionName {
    /// A physiotherapist.
    Physiotherapist,
    /// A massage therapist.
    MassageTherapist,
}

/// An invitation and its one-time link.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedInvitation {
    /// The invitation's id.
    pub id: Uuid,
    /// The invitee's email address.
    pub email: String,
    /// When the link stops working.
    pub expires_at: String,
    /// The link to send; it works once.
    pub link: String,
}

/// `POST /api/v1/invitations`.
#[utoipa::path(post, path = "/api/v1/invitations", tag = "account",
    request_body = CreateInvitation,
    responses((status = 201, description = "The invitation and its link", body = CreatedInvitation),
        (status = 403, description = "The caller may not invite this role", body = ErrorBody),
        (status = 404, description = "The care clinician is not of this clinic", body = ErrorBody),
        (status = 409, description = "Someone of this clinic already has this email address", body = ErrorBody),
        (status = 422, description = "A field is wrong", body = ErrorBody)))]
pub async fn create_invitation(
    State(state): State<AppState>,
    _staff: RequireRole<Staff>,
    ApiUser(caller): ApiUser,
    ApiJson(body): ApiJson<CreateInvitation>,
) -> Result<(StatusCode, Json<CreatedInvitation>), ApiError> {
    let role = Role::parse(&body.role)
        .ok_or_else(|| AppError::invalid("role", "use patient, clinician or admin"))?;
    let profession = match body.profession.as_deref() {
        None => None,
        Some(text) => Some(Profession::parse(text).ok_or_else(|| {
            AppError::invalid("profession", "use physiotherapist or massage-therapist")
        })?),
    };
    let invited = accounts::invite(
        &state.app,
        &caller,
        &InviteForm {
            email: body.email,
            name: body.name,
            role,
            profession,
            care_clinician: body.care_clinician.map(UserId::from_uuid),
        },
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(created_invitation(
            &state,
            &invited.invitation,
            &invited.token,
        )),
    ))
}

fn created_invitation(state: &AppState, invitation: &Invitation, token: &str) -> CreatedInvitation {
    CreatedInvitation {
        id: invitation.id.uuid(),
        email: invitation.email.clone(),
        expires_at: invitation.expires_at.to_string(),
        link: format!("{}/invitations/{token}", state.app.settings.base_url),
    }
}

/// `GET /api/v1/patients/{patient}/export`: everything held about a patient.
#[utoipa::path(get, path = "/api/v1/patients/{patient}/export", tag = "patients",
    params(("patient" = Uuid, Path, description = "The patient's id")),
    responses((status = 200, description = "The patient's account and every record, table by table", body = tendo_app::model::patients::PatientExport),
        (status = 403, description = "Not allowed", body = ErrorBody),
        (status = 404, description = "No such patient for the caller", body = ErrorBody)))]
pub async fn export_patient(
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiPath(patient): ApiPath<Uuid>,
) -> Result<Response, ApiError> {
    // Sent as it is read: the server holds a few chunks of it, whatever the history's length.
    let download = privacy::export_download(
        &state.app,
        &caller,
        UserId::from_uuid(patient),
        ExportLayout::Compact,
    )
    .await?;
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        crate::download::export_body(download),
    )
        .into_response())
}

/// Filters of the audit log.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// Only entries about this patient.
    pub patient: Option<Uuid>,
    /// Only entries of what this person did.
    pub actor: Option<Uuid>,
    /// Only entries before this moment (RFC 3339), for paging: the `at` of the last entry of
    /// the page before.
    #[param(format = DateTime)]
    pub before: Option<String>,
    /// At most this many entries, 1 to 1000 (default 100).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
}

/// One entry of the audit log, as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryBody {
    /// The entry's id.
    pub id: Uuid,
    /// When it happened (RFC 3339).
    pub at: jiff::Timestamp,
    /// The clinic whose data it concerns.
    pub clinic_id: Option<Uuid>,
    /// Who acted; `null` for the system or an anonymous caller.
    pub actor_id: Option<Uuid>,
    /// The actor's role at the time: `patient`, `clinician` or `admin`.
    pub actor_role: Option<String>,
    /// The patient whose data was read or changed, if any.
    pub patient_id: Option<Uuid>,
    /// What was done, such as `patient.read` or `plan.change`.
    pub action: String,
    /// What it was done to, such as `plan/3` or a route.
    pub target: String,
    /// Where the request came from.
    pub ip: Option<String>,
    /// More detail, such as the reason given for a change.
    pub detail: Option<String>,
    /// The name of who acted (null for the system, an anonymous caller or a deleted account).
    pub actor_name: Option<String>,
    /// The name of the patient (null when none, or the account was deleted).
    pub patient_name: Option<String>,
}

impl From<NamedEntry> for AuditEntryBody {
    fn from(named: NamedEntry) -> Self {
        let entry = named.entry;
        AuditEntryBody {
            actor_name: named.actor_name,
            patient_name: named.patient_name,
            id: entry.id.uuid(),
            at: entry.at,
            clinic_id: entry.clinic_id.map(|id| id.uuid()),
            actor_id: entry.actor_id.map(|id| id.uuid()),
            actor_role: entry.actor_role.map(|role| role.as_str().into()),
            patient_id: entry.patient_id.map(|id| id.uuid()),
            action: entry.action,
            target: entry.target,
            ip: entry.ip,
            detail: entry.detail,
        }
    }
}

/// `GET /api/v1/audit` (administrators).
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditParams),
    responses((status = 200, description = "Entries, newest first", body = Vec<AuditEntryBody>),
        (status = 422, description = "A filter is wrong; the error names it", body = ErrorBody),
        (status = 403, description = "Administrators only", body = ErrorBody)))]
pub async fn audit(
    State(state): State<AppState>,
    _admins: RequireRole<Admins>,
    ApiUser(caller): ApiUser,
    ApiQuery(params): ApiQuery<AuditParams>,
) -> Result<Json<Vec<AuditEntryBody>>, ApiError> {
    let before = match params.before.as_deref() {
        None => None,
        Some(text) => Some(
            text.parse()
                .map_err(|_| AppError::invalid("before", "use an RFC 3339 moment"))?,
        ),
    };
    let limit = params.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(AppError::invalid("limit", "give 1 to 1000 entries").into());
    }
    let entries = audit_log::read(
        &state.app,
        &caller,
        AuditLogQuery {
            actor: params.actor.map(UserId::from_uuid),
            patient: params.patient.map(UserId::from_uuid),
            before,
            limit,
        },
    )
    .await?
    .entries;
    Ok(Json(
        entries.into_iter().map(AuditEntryBody::from).collect(),
    ))
}
