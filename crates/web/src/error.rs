//! Errors as responses: an HTML page for the web app, JSON with a stable code for the API.

use askama::Template;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;
use tendo_app::error::{AppError, FieldProblem};

/// The HTTP status for an application error.
pub fn status_of(error: &AppError) -> StatusCode {
    match error {
        AppError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
        AppError::Forbidden(_) => StatusCode::FORBIDDEN,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        AppError::Expired(_) => StatusCode::GONE,
        AppError::TooManyAttempts { .. } | AppError::Locked { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn log_if_internal(error: &AppError) {
    if let AppError::Internal(detail) = error {
        tracing::error!(%detail, "request failed");
    }
}

fn retry_after(error: &AppError, response: &mut Response) {
    if let AppError::TooManyAttempts {
        retry_after_seconds,
    } = error
        && let Ok(value) = HeaderValue::from_str(&retry_after_seconds.to_string())
    {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
}

/// An error on a page: rendered as an HTML error page (or a redirect to sign in).
#[derive(Debug)]
pub struct PageError(pub AppError);

impl<E: Into<AppError>> From<E> for PageError {
    fn from(error: E) -> Self {
        PageError(error.into())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    status: u16,
    title: &'static str,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        log_if_internal(&self.0);
        if matches!(self.0, AppError::Unauthenticated(_)) {
            return Redirect::to("/login").into_response();
        }
        let status = status_of(&self.0);
        let title = match self.0 {
            AppError::Forbidden(_) => "Not allowed",
            AppError::NotFound => "Not found",
            AppError::Invalid(_) => "Please check your input",
            AppError::Conflict(_) => "That clashes with something",
            AppError::Expired(_) => "This link no longer works",
            AppError::TooManyAttempts { .. } | AppError::Locked { .. } => "Please wait",
            _ => "Something went wrong",
        };
        let page = ErrorPage {
            status: status.as_u16(),
            title,
            message: self.0.public_message(),
        };
        let body = page
            .render()
            .unwrap_or_else(|_| format!("{title}: {}", self.0.public_message()));
        let mut response = (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            body,
        )
            .into_response();
        retry_after(&self.0, &mut response);
        response
    }
}

/// The body of every API error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// What went wrong, with a stable code and, for bad input, the fields at fault.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// A stable code: `unauthenticated`, `forbidden`, `not_found`, `invalid_input`, `conflict`,
    /// `expired`, `too_many_attempts`, `account_locked`, `method_not_allowed`, `too_large` or
    /// `internal`.
    pub code: String,
    /// A message for people.
    pub message: String,
    /// For `invalid_input`: each field at fault and what is allowed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldProblemBody>,
}

/// One field at fault.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FieldProblemBody {
    /// The field, such as `pain_during`.
    pub field: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl From<&FieldProblem> for FieldProblemBody {
    fn from(problem: &FieldProblem) -> Self {
        FieldProblemBody {
            field: problem.field.clone(),
            message: problem.message.clone(),
        }
    }
}

/// An error in the JSON API.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(error: E) -> Self {
        ApiError(error.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        log_if_internal(&self.0);
        let fields = match &self.0 {
            AppError::Invalid(errors) => errors.0.iter().map(FieldProblemBody::from).collect(),
            _ => Vec::new(),
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.0.code().into(),
                message: self.0.public_message(),
                fields,
            },
        };
        let mut response = (status_of(&self.0), Json(body)).into_response();
        retry_after(&self.0, &mut response);
        response
    }
}
