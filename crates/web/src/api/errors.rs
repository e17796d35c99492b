//! Every error under `/api/` is the JSON error body: a layer turns the plain responses of the
//! router and of the layers around it (an unknown method, a body too large, a refused
//! cross-origin request) into [`ErrorBody`] with a stable code, keeping their status and headers.

use axum::Json;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{ErrorBody, ErrorDetail};

/// The stable code and message for an error status that no handler answered in JSON.
fn code_and_message(status: StatusCode) -> (&'static str, &'static str) {
    match status {
        StatusCode::UNAUTHORIZED => ("unauthenticated", "Sign in first."),
        StatusCode::FORBIDDEN => ("forbidden", "This request is not allowed."),
        StatusCode::NOT_FOUND => ("not_found", "Not found."),
        StatusCode::METHOD_NOT_ALLOWED => (
            "method_not_allowed",
            "This address does not answer this method; the `Allow` header lists those it does.",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => ("too_large", "The body is larger than 4 MB."),
        StatusCode::TOO_MANY_REQUESTS => ("too_many_attempts", "Too many attempts. Wait a little."),
        status if status.is_server_error() => (
            "internal",
            "Something went wrong on our side. Nothing was lost; please try again.",
        ),
        _ => ("invalid_input", "The request could not be read."),
    }
}

fn is_json(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"))
}

/// Answers every error under `/api/` with the JSON error body.
pub async fn json_errors(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let status = response.status();
    if !is_api || !(status.is_client_error() || status.is_server_error()) || is_json(&response) {
        return response;
    }
    let (code, message) = code_and_message(status);
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    let body = Json(ErrorBody {
        error: ErrorDetail {
            code: code.into(),
            message: message.into(),
            fields: Vec::new(),
        },
    });
    (parts, body).into_response()
}

/// `error` with its fields renamed by `names` (service name, body name): for a service shared
/// with a web form that names its fields differently from the JSON body.
pub fn renamed(
    error: tendo_app::error::AppError,
    names: &[(&str, &str)],
) -> tendo_app::error::AppError {
    match error {
        tendo_app::error::AppError::Invalid(mut errors) => {
            for problem in &mut errors.0 {
                if let Some((_, body_name)) = names.iter().find(|(name, _)| *name == problem.field)
                {
                    problem.field = (*body_name).to_string();
                }
            }
            tendo_app::error::AppError::Invalid(errors)
        }
        other => other,
    }
}
