//! Extractors of the JSON API whose errors are JSON too and name the field at fault: the body
//! ([`ApiJson`]), path parameters ([`ApiPath`]) and the query string ([`ApiQuery`]).

use axum::body::Bytes;
use axum::extract::path::ErrorKind;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequest, FromRequestParts, Path, RawPathParams, Request};
use axum::http::header;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use tendo_app::error::{AppError, FieldErrors};

use crate::error::ApiError;

/// A JSON request body of type `T`.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("application/json"));
        if !is_json {
            return Err(ApiError(AppError::invalid(
                "body",
                "send JSON with the header `Content-Type: application/json`",
            )));
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|_| ApiError(AppError::invalid("body", "the body could not be read")))?;
        parse(&bytes).map(ApiJson).map_err(ApiError)
    }
}

/// Parses JSON, naming the path of the first field that does not fit.
///
/// A number with no fractional part (`2.0`) counts as a whole number, as JSON Schema says, so a
/// client that writes every number as a float is understood.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut value: serde_json::Value = {
        let mut deserializer = serde_json::Deserializer::from_slice(bytes);
        serde_path_to_error::deserialize(&mut deserializer)
            .map_err(|error| field_problem(error, "body"))?
    };
    whole_numbers_as_integers(&mut value);
    serde_path_to_error::deserialize(value).map_err(|error| field_problem(error, "body"))
}

/// Turns every number with no fractional part into an integer, in place.
fn whole_numbers_as_integers(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Number(number) if number.is_f64() => {
            if let Some(float) = number.as_f64()
                && float.fract() == 0.0
            {
                let whole = if float >= 0.0 && float <= u64::MAX as f64 {
                    serde_json::Number::from_u128(float as u128)
                } else if float < 0.0 && float >= i64::MIN as f64 {
                    Some(serde_json::Number::from(float as i64))
                } else {
                    None
                };
                if let Some(whole) = whole {
                    *number = whole;
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(whole_numbers_as_integers),
        serde_json::Value::Object(fields) => {
            fields.values_mut().for_each(whole_numbers_as_integers);
        }
        _ => {}
    }
}

/// A path parameter (or tuple of them) whose errors are JSON and name the parameter at fault.
#[derive(Debug)]
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(ApiPath(value)),
            Err(rejection) => {
                let names: Vec<String> = RawPathParams::from_request_parts(parts, state)
                    .await
                    .map(|params| params.iter().map(|(name, _)| name.to_string()).collect())
                    .unwrap_or_default();
                Err(ApiError(path_problem(&rejection, &names)))
            }
        }
    }
}

/// The problem with a path parameter, naming it (`names` are the route's parameters in order).
fn path_problem(rejection: &PathRejection, names: &[String]) -> AppError {
    let only = || names.first().cloned().unwrap_or_else(|| "path".into());
    let (field, expected) = match rejection {
        PathRejection::FailedToDeserializePathParams(error) => match error.kind() {
            ErrorKind::ParseErrorAtKey {
                key, expected_type, ..
            } => (key.clone(), expected_type.to_string()),
            ErrorKind::DeserializeError { key, message, .. } => (key.clone(), message.clone()),
            ErrorKind::ParseErrorAtIndex {
                index,
                expected_type,
                ..
            } => (
                names.get(*index).cloned().unwrap_or_else(only),
                expected_type.to_string(),
            ),
            ErrorKind::ParseError { expected_type, .. } => (only(), expected_type.to_string()),
            ErrorKind::InvalidUtf8InPathParam { key } => (key.clone(), String::new()),
            _ => (only(), String::new()),
        },
        _ => (only(), String::new()),
    };
    AppError::invalid(field, expected_in_words(&expected))
}

/// What a value should look like, in words, from the Rust type it failed to parse as.
fn expected_in_words(expected_type: &str) -> String {
    if expected_type.contains("Uuid") || expected_type.contains("UUID") {
        "use an id such as 0190f1f0-0000-7000-8000-000000000000".into()
    } else if expected_type.contains("u8")
        || expected_type.contains("u16")
        || expected_type.contains("u32")
        || expected_type.contains("u64")
    {
        "use a whole number that is not negative".into()
    } else {
        "this value is not valid here".into()
    }
}

/// A query string of type `T` whose errors are JSON and name the parameter at fault.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parse_query(parts.uri.query().unwrap_or_default())
            .map(ApiQuery)
            .map_err(ApiError)
    }
}

/// Parses a query string, naming the parameter that does not fit.
pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, AppError> {
    let deserializer =
        serde_urlencoded::Deserializer::new(url::form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(deserializer).map_err(|error| field_problem(error, "query"))
}

/// The first problem of a `serde_path_to_error` error, naming the field (a missing field is
/// named after itself, not its parent).
fn field_problem(
    error: serde_path_to_error::Error<impl std::fmt::Display>,
    whole: &str,
) -> AppError {
    let path = error.path().to_string();
    let message = error.into_inner().to_string();
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_string();
    let missing = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
        .map(ToString::to_string);
    let field = match (path.as_str(), missing) {
        (".", Some(name)) => name,
        (".", None) => whole.to_string(),
        (parent, Some(name)) => format!("{parent}.{name}"),
        (path, None) => path.to_string(),
    };
    AppError::Invalid(FieldErrors::one(field, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Example {
        #[expect(dead_code, reason = "only the errors matter here")]
        pain: u8,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Whole {
        weeks: u8,
        load: f64,
        list: Vec<i32>,
    }

    #[test]
    fn a_whole_number_written_with_a_point_is_a_whole_number() {
        let parsed: Whole = parse(br#"{"weeks": 2.0, "load": 2.5, "list": [-3.0, 4]}"#).unwrap();
        assert_eq!(
            parsed,
            Whole {
                weeks: 2,
                load: 2.5,
                list: vec![-3, 4]
            }
        );
        assert!(parse::<Whole>(br#"{"weeks": 2.5, "load": 1, "list": []}"#).is_err());
    }

    #[test]
    fn errors_name_the_field() {
        let AppError::Invalid(errors) = parse::<Example>(br#"{"pain": 400}"#).unwrap_err() else {
            panic!("expected invalid input");
        };
        assert_eq!(errors.0[0].field, "pain");
        let AppError::Invalid(errors) = parse::<Example>(br#"{}"#).unwrap_err() else {
            panic!("expected invalid input");
        };
        assert!(errors.0[0].message.contains("missing field `pain`"));
        assert!(parse::<Example>(b"not json").is_err());
    }

    #[derive(Debug, serde::Deserialize)]
    struct Slots {
        #[expect(dead_code, reason = "only the errors matter here")]
        days: Option<u16>,
        #[expect(dead_code, reason = "only the errors matter here")]
        #[serde(rename = "type")]
        kind: uuid::Uuid,
    }

    #[test]
    fn query_errors_name_the_parameter() {
        let AppError::Invalid(errors) =
            parse_query::<Slots>("type=0190f1f0-0000-7000-8000-000000000000&days=lots")
                .unwrap_err()
        else {
            panic!("expected invalid input");
        };
        assert_eq!(errors.0[0].field, "days");
        let AppError::Invalid(errors) = parse_query::<Slots>("days=3").unwrap_err() else {
            panic!("expected invalid input");
        };
        assert_eq!(errors.0[0].field, "type");
        assert!(parse_query::<Slots>("type=0190f1f0-0000-7000-8000-000000000000").is_ok());
    }
}
