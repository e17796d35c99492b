//! Importing a Bundle: the administrator's upload page and its API twin.

use askama::Template;
use axum::Json;
use axum::body::Bytes;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tendo_app::error::{AppError, FieldErrors};
use tendo_app::fhir::ImportReport;

use crate::api::json::ApiQuery;
use crate::auth::{Admins, ApiUser, PageUser, RequireRole};
use crate::error::{ApiError, ErrorBody, PageError};
use crate::pages::layout::Chrome;
use crate::pages::render;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "clinic/fhir_import.html")]
struct ImportPage {
    chrome: Chrome,
    email: String,
    errors: FieldErrors,
    report: Option<ImportReport>,
}

fn import_page(state: &AppState, user: &PageUser) -> ImportPage {
    ImportPage {
        chrome: Chrome::signed_in(state, user, "Import a patient (FHIR)", "/clinic/settings"),
        email: String::new(),
        errors: FieldErrors::default(),
        report: None,
    }
}

/// `GET /clinic/import`: the upload form.
pub async fn page(
    _admins: RequireRole<Admins>,
    State(state): State<AppState>,
    user: PageUser,
) -> Result<Response, PageError> {
    Ok(render(&import_page(&state, &user))?.into_response())
}

/// `POST /clinic/import` (multipart, CSRF token in the query): the file `bundle` and, when the
/// Bundle's address is in use here, another `email`. Shows what was taken and what was not,
/// or the first bad element.
pub async fn upload(
    _admins: RequireRole<Admins>,
    State(state): State<AppState>,
    user: PageUser,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let mut bundle = Vec::new();
    let mut email = String::new();
    if let Ok(mut multipart) = multipart {
        while let Ok(Some(field)) = multipart.next_field().await {
            match field.name() {
                Some("bundle") => {
                    bundle = field
                        .bytes()
                        .await
                        .map_err(|_| {
                            AppError::invalid(
                                "bundle",
                                "the file could not be read; it may be larger than 4 MB",
                            )
                        })?
                        .to_vec();
                }
                Some("email") => email = field.text().await.unwrap_or_default(),
                _ => {}
            }
        }
    }
    let mut page = import_page(&state, &user);
    page.email = email.clone();
    if bundle.is_empty() {
        page.errors = FieldErrors::one("bundle", "choose the file of a FHIR Bundle to import");
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }
    match tendo_app::fhir::import(&state.app, &user.caller, &bundle, Some(&email)).await {
        Ok(report) => {
            page.email = String::new();
            page.report = Some(report);
            Ok(render(&page)?.into_response())
        }
        Err(AppError::Invalid(errors)) => {
            page.errors = errors;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(AppError::Conflict(message)) => {
            page.errors = FieldErrors::one("email", message);
            Ok((StatusCode::CONFLICT, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// What kind of resource: always `Bundle`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub enum BundleType {
    /// A Bundle.
    Bundle,
}

/// How the Bundle's entries are gathered.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum BundleKind {
    /// A collection of resources (what Tendo exports).
    Collection,
}

/// One entry of a Bundle: its resource (checked in full on import).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct BundleEntry {
    /// The entry's full URL.
    #[serde(rename = "fullUrl")]
    pub full_url: Option<String>,
    /// The resource, such as a `Patient`, `CarePlan` or `Observation`.
    #[schema(value_type = Object)]
    pub resource: serde_json::Value,
}

/// The outline of a FHIR R4 Bundle exported by Tendo. Its entries must form one patient's
/// whole, consistent record; the import checks every element and names the first bad one.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct BundleBody {
    /// Always `Bundle`.
    #[serde(rename = "resourceType")]
    pub resource_type: BundleType,
    /// `collection`.
    #[serde(rename = "type")]
    pub kind: BundleKind,
    /// The resources: one `Patient` and their record.
    #[schema(min_items = 1)]
    pub entry: Vec<BundleEntry>,
}

/// Options of an import.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// An email address for the new patient instead of the Bundle's (needed when that one is
    /// already in use here).
    #[param(format = Email)]
    pub email: Option<String>,
}

/// `POST /api/v1/fhir/import`: a Bundle Tendo exported (at most 4 MB) becomes a new patient of
/// the administrator's clinic, with new ids, all or nothing.
#[utoipa::path(post, path = "/api/v1/fhir/import", tag = "fhir", operation_id = "fhir_import",
    params(ImportParams),
    request_body(content = BundleBody, content_type = "application/fhir+json",
        description = "A FHIR R4 Bundle exported by Tendo"),
    responses(
        (status = 201, description = "Imported: the new patient, what was taken and what was not", body = ImportReport),
        (status = 409, description = "The email address is in use here; give another", body = ErrorBody),
        (status = 422, description = "The Bundle is refused; the error names the first bad element, such as Bundle.entry[3].resource.valueInteger", body = ErrorBody)))]
pub async fn api(
    _admins: RequireRole<Admins>,
    State(state): State<AppState>,
    ApiUser(caller): ApiUser,
    ApiQuery(params): ApiQuery<ImportParams>,
    body: Bytes,
) -> Result<(StatusCode, Json<ImportReport>), ApiError> {
    let report =
        tendo_app::fhir::import(&state.app, &caller, &body, params.email.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(report)))
}
