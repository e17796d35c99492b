//! The route table's access rules, applied by the router: every route is wrapped in
//! [`guard`], so the rule declared beside a route in `routes.rs` is the rule enforced before its
//! handler runs (handlers and services check again; this layer makes the table the truth).
//!
//! - Public ([`Access::Public`]): anyone.
//! - Roles ([`Access::Roles`]): a signed-in caller (401, or the sign-in page, otherwise) with one of the
//!   roles (403 otherwise). A refusal is written as its surface writes errors: a page (the
//!   sign-in page for nobody), the API's JSON error, or a FHIR `OperationOutcome`.
//! - Patient data ([`Access::PatientData`]): as `Roles`, and a patient may name only themselves in the
//!   `{patient}` part of the path (another id is "not found": they may not learn it exists).
//!   Whether a clinician cares for the patient, or an administrator's clinic holds them, needs the
//!   patient's record: the service that reads it checks that (`tendo_app::access`), and audits.

use axum::extract::{RawPathParams, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use tendo_app::error::AppError;
use tendo_app::model::accounts::Role;

use crate::auth::{Authenticated, SignInFirst};
use crate::error::{ApiError, PageError};
use crate::routes::{Access, RouteSpec};

/// `handler` behind the access rule of `spec`.
pub fn guard<S>(spec: &RouteSpec, handler: MethodRouter<S>) -> MethodRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    let access = spec.access;
    if access == Access::Public {
        return handler;
    }
    handler.route_layer(axum::middleware::from_fn(
        move |params: RawPathParams, request: Request, next: Next| async move {
            match refusal(access, &params, &request) {
                None => next.run(request).await,
                Some(refused) => refused,
            }
        },
    ))
}

/// The answer to send when the request's caller does not pass `access`.
fn refusal(access: Access, params: &RawPathParams, request: &Request) -> Option<Response> {
    // Each surface refuses in its own language: a FHIR `OperationOutcome`, the API's JSON
    // error, or a page.
    let path = request.uri().path();
    let fhir = path.starts_with("/fhir/");
    let api = path.starts_with("/api/");
    let refuse = |error: AppError| {
        if fhir {
            crate::fhir::Outcome(error).into_response()
        } else if api {
            ApiError(error).into_response()
        } else {
            PageError(error).into_response()
        }
    };
    let (roles, patient_data) = match access {
        Access::Public => return None,
        Access::Roles(roles) => (roles, false),
        Access::PatientData(roles) => (roles, true),
    };
    let Some(found) = request.extensions().get::<Authenticated>() else {
        if api || fhir {
            return Some(refuse(AppError::Unauthenticated(
                "sign in, or send a personal access token as `Authorization: Bearer …`".into(),
            )));
        }
        let next = request
            .uri()
            .path_and_query()
            .map(|path| path.as_str().to_string())
            .unwrap_or_else(|| "/".into());
        return Some(SignInFirst::to(next).into_response());
    };
    if let Err(error) = found.caller.require_role(roles) {
        return Some(refuse(error));
    }
    if patient_data && found.caller.user.role == Role::Patient {
        let named = params
            .iter()
            .find(|(name, _)| *name == "patient")
            .and_then(|(_, value)| value.parse::<uuid::Uuid>().ok());
        // An id that does not parse is left to the handler, which names the bad part.
        if named.is_some_and(|id| id != found.caller.user.id.uuid()) {
            return Some(refuse(AppError::NotFound));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::body::Body;
    use axum::http::StatusCode;
    use tendo_app::access::{Caller, Credential, RequestMeta};
    use tendo_app::model::accounts::User;
    use tendo_app::model::ids::{ClinicId, UserId};
    use tower::ServiceExt;

    fn caller(role: Role) -> Caller {
        Caller {
            user: User {
                id: UserId::new(),
                clinic_id: ClinicId::new(),
                email: "someone@example.org".into(),
                name: "Someone".into(),
                role,
                profession: None,
                time_zone: "Europe/London".into(),
                created_at: jiff::Timestamp::UNIX_EPOCH,
                locked_until: None,
            },
            credential: Credential::Session,
            meta: RequestMeta::default(),
        }
    }

    /// The route of `spec` alone, with a handler that always answers 200 and `caller` signed
    /// in, so that whatever is refused is refused by the guard.
    async fn status(spec: &RouteSpec, caller: Option<&Caller>, patient: UserId) -> StatusCode {
        let router: Router = Router::new().route(
            spec.path,
            guard(
                spec,
                axum::routing::on(
                    axum::routing::MethodFilter::try_from(spec.method.clone()).unwrap(),
                    || async { "reached" },
                ),
            ),
        );
        let path = spec
            .path
            .split('/')
            .map(|part| match part {
                "{patient}" => patient.uuid().to_string(),
                _ if part.starts_with('{') => UserId::new().uuid().to_string(),
                _ => part.to_string(),
            })
            .collect::<Vec<_>>()
            .join("/");
        let mut request = Request::builder()
            .method(spec.method.clone())
            .uri(path)
            .body(Body::empty())
            .unwrap();
        if let Some(caller) = caller {
            request.extensions_mut().insert(Authenticated {
                caller: caller.clone(),
                csrf: Some("token".into()),
                session_token: Some("session".into()),
                unread_messages: Some(0),
            });
        }
        router.oneshot(request).await.unwrap().status()
    }

    #[tokio::test]
    async fn every_route_enforces_the_access_its_table_entry_declares() {
        let mut failures = Vec::new();
        for spec in crate::routes::specs() {
            let anyone = status(&spec, None, UserId::new()).await;
            let expected_anonymous = match spec.access {
                Access::Public => StatusCode::OK,
                _ if spec.is_api() || spec.path.starts_with("/fhir/") => StatusCode::UNAUTHORIZED,
                _ => StatusCode::SEE_OTHER,
            };
            if anyone != expected_anonymous {
                failures.push(format!("{} {} anonymous: {anyone}", spec.method, spec.path));
            }
            for role in [Role::Patient, Role::Clinician, Role::Admin] {
                let who = caller(role);
                let allowed = match spec.access {
                    Access::Public => true,
                    Access::Roles(roles) | Access::PatientData(roles) => roles.contains(&role),
                };
                let own = status(&spec, Some(&who), who.user.id).await;
                let expected = if allowed {
                    StatusCode::OK
                } else {
                    StatusCode::FORBIDDEN
                };
                if own != expected {
                    failures.push(format!("{} {} as {role:?}: {own}", spec.method, spec.path));
                }
                if allowed && role == Role::Patient && matches!(spec.access, Access::PatientData(_))
                {
                    let another = status(&spec, Some(&who), UserId::new()).await;
                    if another != StatusCode::NOT_FOUND {
                        failures.push(format!(
                            "{} {} as a patient naming another: {another}",
                            spec.method, spec.path
                        ));
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
