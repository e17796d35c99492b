//! The errors the application returns, each with a stable code for the API.

use std::fmt;

use jiff::Timestamp;
use serde::Serialize;
use tendo_core::error::FieldError;
use tendo_store::StoreError;

/// One problem with one field of the input.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldProblem {
    /// The field, such as `email` or `sessions[0].pain_during`.
    pub field: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

/// Every problem found in a form or document.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FieldErrors(pub Vec<FieldProblem>);

impl FieldErrors {
    /// A single problem.
    pub fn one(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldErrors(vec![FieldProblem {
            field: field.into(),
            message: message.into(),
        }])
    }

    /// Adds a problem.
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldProblem {
            field: field.into(),
            message: message.into(),
        });
    }

    /// The message for a field, if it has one.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|problem| problem.field == field)
            .map(|problem| problem.message.as_str())
    }

    /// `Ok` when there are no problems, else the problems as an error.
    pub fn into_result(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self))
        }
    }
}

/// What went wrong, in terms a caller can act on.
#[derive(Debug)]
pub enum AppError {
    /// Not signed in, or the credentials are wrong.
    Unauthenticated(String),
    /// Signed in, but not allowed to do this.
    Forbidden(String),
    /// It does not exist, or the caller may not know that it does.
    NotFound,
    /// The input has problems; nothing was saved.
    Invalid(FieldErrors),
    /// It conflicts with what exists (an email in use, a slot taken).
    Conflict(String),
    /// A one-time link was already used or has expired.
    Expired(String),
    /// Too many attempts; try again later.
    TooManyAttempts {
        /// Seconds until another attempt may succeed.
        retry_after_seconds: u64,
    },
    /// The account is locked after too many failed sign-ins.
    Locked {
        /// When the lock ends.
        until: Timestamp,
    },
    /// A fault on our side; the detail is logged, never shown.
    Internal(String),
}

impl AppError {
    /// An internal error with a detail for the log.
    pub fn internal(detail: impl Into<String>) -> Self {
        AppError::Internal(detail.into())
    }

    /// A single-field validation error.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::Invalid(FieldErrors::one(field, message))
    }

    /// The stable code of this error, as the API reports it.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated(_) => "unauthenticated",
            AppError::Forbidden(_) => "forbidden",
            AppError::NotFound => "not_found",
            AppError::Invalid(_) => "invalid_input",
            AppError::Conflict(_) => "conflict",
            AppError::Expired(_) => "expired",
            AppError::TooManyAttempts { .. } => "too_many_attempts",
            AppError::Locked { .. } => "account_locked",
            AppError::Internal(_) => "internal",
        }
    }

    /// A message safe to show to the caller.
    pub fn public_message(&self) -> String {
        match self {
            AppError::Unauthenticated(message)
            | AppError::Forbidden(message)
            | AppError::Conflict(message)
            | AppError::Expired(message) => message.clone(),
            AppError::NotFound => "Not found.".into(),
            AppError::Invalid(errors) => match errors.0.as_slice() {
                [only] => format!("{}: {}", only.field, only.message),
                _ => "Some fields need attention.".into(),
            },
            AppError::TooManyAttempts {
                retry_after_seconds,
            } => format!(
                "Too many attempts. Try again in {} minutes.",
                retry_after_seconds.div_ceil(60).max(1)
            ),
            AppError::Locked { until } => format!(
                "This account is locked after too many failed sign-ins until {}. \
                 Wait, or reset your password.",
                until.strftime("%Y-%m-%d %H:%M UTC")
            ),
            AppError::Internal(_) => "Something went wrong on our side. Nothing was lost; \
                                      please try again."
                .into(),
        }
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::Internal(detail) => write!(f, "internal error: {detail}"),
            other => f.write_str(&other.public_message()),
        }
    }
}

impl std::error::Error for AppError {}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict(message) => AppError::Conflict(message),
            StoreError::PatientBusy => AppError::Conflict(
                "You already have an appointment at that time. See your appointments, or choose \
                 another time."
                    .into(),
            ),
            StoreError::Expired => {
                AppError::Expired("This link has expired or was already used.".into())
            }
            StoreError::Other(source) => AppError::Internal(source.to_string()),
        }
    }
}

impl From<FieldError> for AppError {
    fn from(error: FieldError) -> Self {
        AppError::Invalid(FieldErrors::one(error.field, error.problem))
    }
}

/// Results of application services.
pub type AppResult<T> = Result<T, AppError>;
