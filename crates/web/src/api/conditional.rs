//! Conditional reads: a view sent with an `ETag`, and `304 Not Modified` (no body) to a client
//! whose `If-None-Match` names the view as it stands. The tags are weak (`W/"…"`): they name
//! the view's content, not its bytes (responses may be compressed).

use axum::Json;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use headers::{ETag, HeaderMapExt, IfNoneMatch};
use serde::Serialize;
use tendo_app::patient::Tagged;

/// The `ETag` of a view's tag.
fn entity_tag(tag: &str) -> Option<ETag> {
    format!("W/\"{tag}\"").parse().ok()
}

/// Whether the request's `If-None-Match` names the view of `tag` (weak comparison, `*`
/// included). A malformed header names nothing.
pub fn holds(request: &HeaderMap) -> impl FnOnce(&str) -> bool {
    let if_none_match = request.typed_get::<IfNoneMatch>();
    move |tag| match (if_none_match, entity_tag(tag)) {
        (Some(if_none_match), Some(etag)) => !if_none_match.precondition_passes(&etag),
        _ => false,
    }
}

/// `200` with the view as JSON, or `304` when the client holds it; both carry the `ETag`.
pub fn respond<T: Serialize>(tagged: Tagged<T>) -> Response {
    let mut response = match tagged.view {
        Some(view) => Json(view).into_response(),
        None => StatusCode::NOT_MODIFIED.into_response(),
    };
    if let Some(etag) = entity_tag(&tagged.tag) {
        response.headers_mut().typed_insert(etag);
    }
    response
}
