//! Text at the edge: a request whose form or JSON body holds a control character that is not
//! text is refused with a 422 naming the field, before any handler runs.
//!
//! PostgreSQL refuses NUL in text (SQLite stores it), so without this a message with a NUL was
//! a 500 on one backend and stored on the other; escape sequences and other controls have no
//! place in a runner's text either. Tabs, line feeds and carriage returns are kept: they are
//! how multi-line text (messages, notes, bios) is written.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tendo_app::error::AppError;

use crate::error::{ApiError, PageError};

/// What a person is told when their text holds a control character.
const REFUSAL: &str = "remove the control characters (such as NUL or escape): text may hold \
    letters, digits, punctuation, tabs and line breaks";

/// Whether `character` may appear in text: anything but the controls of Unicode category Cc,
/// except tab, line feed and carriage return.
pub fn is_allowed_in_text(character: char) -> bool {
    !character.is_control() || matches!(character, '\t' | '\n' | '\r')
}

fn is_text(text: &str) -> bool {
    text.chars().all(is_allowed_in_text)
}

/// The first field of a form body (`application/x-www-form-urlencoded`) whose name or value
/// holds a refused character.
pub fn refused_form_field(body: &[u8]) -> Option<String> {
    url::form_urlencoded::parse(body).find_map(|(name, value)| {
        if !is_text(&name) {
            Some("body".to_string())
        } else if !is_text(&value) {
            Some(name.into_owned())
        } else {
            None
        }
    })
}

/// The path (such as `body` or `sets[2].note`) of the first string of a JSON body that holds a
/// refused character. A body that is not JSON is left to the handler's own reader.
pub fn refused_json_field(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    refused_in(&value, "")
}

fn refused_in(value: &serde_json::Value, path: &str) -> Option<String> {
    let here = || {
        if path.is_empty() {
            "body".to_string()
        } else {
            path.to_string()
        }
    };
    match value {
        serde_json::Value::String(text) => (!is_text(text)).then(here),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(index, item)| refused_in(item, &format!("{path}[{index}]"))),
        serde_json::Value::Object(fields) => fields.iter().find_map(|(name, item)| {
            if !is_text(name) {
                return Some(here());
            }
            let inner = if path.is_empty() {
                name.clone()
            } else {
                format!("{path}.{name}")
            };
            refused_in(item, &inner)
        }),
        _ => None,
    }
}

/// The kinds of body this layer reads.
#[derive(Clone, Copy)]
enum BodyKind {
    Form,
    Json,
}

fn body_kind(request: &Request) -> Option<BodyKind> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)?
        .to_str()
        .ok()?
        .to_ascii_lowercase();
    if content_type.starts_with("application/x-www-form-urlencoded") {
        Some(BodyKind::Form)
    } else if content_type.starts_with("application/json") {
        Some(BodyKind::Json)
    } else {
        None
    }
}

/// Middleware: refuses a form or JSON body holding a control character that is not text with
/// a 422 naming the field (a JSON error under `/api/`, an error page elsewhere); other
/// requests pass untouched. `limit` is the largest body read, as the body limit allows.
pub async fn refuse_control_characters(request: Request, next: Next, limit: usize) -> Response {
    let Some(kind) = body_kind(&request) else {
        return next.run(request).await;
    };
    let is_api = request.uri().path().starts_with("/api/");
    let (parts, body) = request.into_parts();
    let bytes = match to_bytes(body, limit).await {
        Ok(bytes) => bytes,
        Err(_) => {
            let error = AppError::invalid("body", "the body is too large or could not be read");
            return if is_api {
                ApiError(error).into_response()
            } else {
                PageError(error).into_response()
            };
        }
    };
    let refused = match kind {
        BodyKind::Form => refused_form_field(&bytes),
        BodyKind::Json => refused_json_field(&bytes),
    };
    if let Some(field) = refused {
        let error = AppError::invalid(field, REFUSAL);
        return if is_api {
            ApiError(error).into_response()
        } else {
            PageError(error).into_response()
        };
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_found_by_field() {
        assert_eq!(refused_form_field(b"a=ok&body=x%00y"), Some("body".into()));
        assert_eq!(refused_form_field(b"body=line%0D%0Atwo%09tab"), None);
        assert_eq!(
            refused_json_field(br#"{"sets":[{"note":"ok"},{"note":"\u001b[2J"}]}"#),
            Some("sets[1].note".into())
        );
        assert_eq!(refused_json_field(br#""\u0000""#), Some("body".into()));
        assert_eq!(refused_json_field(br#"{"body":"a\nb\tc"}"#), None);
        assert!(!is_allowed_in_text('\u{85}'));
        assert!(is_allowed_in_text('é'));
    }
}
