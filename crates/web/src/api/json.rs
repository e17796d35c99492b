//! A JSON body extractor whose errors are JSON too and name the field at fault.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header;
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
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let field = if path == "." {
            "body".to_string()
        } else {
            path
        };
        let message = error.into_inner().to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_string();
        AppError::Invalid(FieldErrors::one(field, message))
    })
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
}
