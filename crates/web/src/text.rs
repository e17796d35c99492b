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
    if !may_hold_a_control(body) {
        return None;
    }
    refused_once_parsed(body)
}

/// What [`refused_json_field`] answers without its shortcut: the body parsed and walked.
fn refused_once_parsed(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    refused_in(&value, "")
}

/// Whether a JSON string in `body` could hold a refused character, judged from its bytes: one
/// below U+0020 only by an escape (a raw one is not JSON), U+007F raw or escaped, and U+0080 to
/// U+009F raw (UTF-8 `0xC2 0x80`–`0xC2 0x9F`) or escaped. With no backslash, no `0x7F` and no
/// `0xC2`, none can, and the body need not be parsed here (the handler parses it once).
fn may_hold_a_control(body: &[u8]) -> bool {
    body.iter().any(|byte| matches!(byte, b'\\' | 0x7F | 0xC2))
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
        assert_eq!(
            refused_json_field("{\"note\":\"a\u{85}b\"}".as_bytes()),
            Some("note".into()),
            "a raw C1 control"
        );
        assert_eq!(
            refused_json_field("{\"note\":\"a\u{7f}\"}".as_bytes()),
            Some("note".into()),
            "a raw DEL"
        );
        assert_eq!(
            refused_json_field(br#"{"note":"a\u0085"}"#),
            Some("note".into()),
            "an escaped C1 control"
        );
    }

    proptest::proptest! {
        /// The shortcut on the bytes never changes the answer: for any text in any field, in
        /// any escaping serde_json writes, and for any bytes at all.
        #[test]
        fn the_shortcut_answers_as_the_whole_parse_does(
            text in "(\\PC|\\pC|\\\\|\"|é|\u{80}|\u{9f}|\u{a0}|\u{7f})*",
            key in "\\PC{0,3}|\\pC",
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
        ) {
            let mut fields = serde_json::Map::new();
            fields.insert(key, serde_json::Value::String(text.clone()));
            fields.insert("sets".into(), serde_json::json!([{"note": text}]));
            let body = serde_json::to_vec(&serde_json::Value::Object(fields)).unwrap();
            proptest::prop_assert_eq!(refused_json_field(&body), refused_once_parsed(&body));
            proptest::prop_assert_eq!(refused_json_field(&bytes), refused_once_parsed(&bytes));
        }
    }
}
