//! Errors that name the input field at fault.

use std::fmt;

/// Bad input: which field is wrong and what is allowed instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The path of the field, such as `sessions[0].pain_during`.
    pub field: String,
    /// What is wrong and what is allowed, such as `expected a whole number from 0 to 10`.
    pub problem: String,
}

impl FieldError {
    /// Builds an error for `field`.
    pub fn new(field: impl Into<String>, problem: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            problem: problem.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

impl std::error::Error for FieldError {}
