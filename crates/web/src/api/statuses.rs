//! Every status a route can answer is in the document: the errors that follow from a route's
//! access rule, its parameters and its body are added to each operation from the route table,
//! each with the JSON error body, unless the operation already describes them in its own words.

use axum::http::Method;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder};

use crate::routes::{Access, EVERYONE, RouteSpec, specs};

/// Adds the statuses every operation can answer to `document`.
pub fn add_error_statuses(document: &mut OpenApi) {
    let routes = specs();
    for (path, item) in &mut document.paths.paths {
        for (method, operation) in [
            (Method::GET, item.get.as_mut()),
            (Method::PUT, item.put.as_mut()),
            (Method::POST, item.post.as_mut()),
            (Method::DELETE, item.delete.as_mut()),
        ] {
            let (Some(operation), Some(route)) = (
                operation,
                routes
                    .iter()
                    .find(|route| route.method == method && route.path == path),
            ) else {
                continue;
            };
            for (status, description) in statuses(route, operation) {
                operation
                    .responses
                    .responses
                    .entry(status.to_string())
                    .or_insert_with(|| error_response(description));
            }
        }
    }
}

/// The error statuses `route` can answer, with what each means.
fn statuses(route: &RouteSpec, operation: &Operation) -> Vec<(u16, &'static str)> {
    let parameters_in = |place: ParameterIn| {
        operation
            .parameters
            .iter()
            .flatten()
            .any(|parameter| match parameter {
                RefOr::T(parameter) => parameter.parameter_in == place,
                RefOr::Ref(_) => false,
            })
    };
    let has_path = parameters_in(ParameterIn::Path);
    let has_query = parameters_in(ParameterIn::Query);
    let changes = route.method != Method::GET;
    // A token that is unknown, expired or revoked is refused on every route, public ones too.
    let mut statuses = vec![(
        401,
        "Not signed in, or the token is unknown, expired or revoked",
    )];
    if route.access != Access::Public {
        let restricted = match route.access {
            Access::Roles(roles) => roles != EVERYONE,
            Access::PatientData(_) => true,
            Access::Public => false,
        };
        if restricted || changes {
            statuses.push((
                403,
                "Not allowed: the caller's role, a token without the `write` scope, or a \
                 session's change without its CSRF token",
            ));
        }
    }
    // An id in the path or in the body may name nothing the caller can see.
    if has_path || operation.request_body.is_some() {
        statuses.push((404, "Not found, or not the caller's to see"));
    }
    if has_path || has_query || operation.request_body.is_some() {
        statuses.push((422, "A value is wrong; the error names the field"));
    }
    statuses
}

fn error_response(description: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
            .build(),
    )
}
