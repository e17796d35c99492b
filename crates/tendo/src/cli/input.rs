//! Reading a JSON document from a file or standard input, with errors that name the field.

use std::fmt;
use std::io::Read;

use jiff::Zoned;
use jiff::civil::Date;
use serde::de::DeserializeOwned;
use tendo_core::error::FieldError;

/// Input that could not be read or does not fit the contract. Exits with status 2.
#[derive(Debug)]
pub struct InputError {
    /// The field at fault, such as `sessions[0].pain_during`; empty for the document as a whole.
    pub field: String,
    /// What is wrong and what is allowed.
    pub problem: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "invalid input: {}", self.problem)
        } else {
            write!(f, "invalid input: `{}`: {}", self.field, self.problem)
        }
    }
}

impl std::error::Error for InputError {}

impl From<FieldError> for InputError {
    fn from(error: FieldError) -> Self {
        InputError {
            field: error.field,
            problem: error.problem,
        }
    }
}

/// Reads the whole document from `source`: a file path, or `-` for standard input.
pub fn read_source(source: &str) -> Result<String, InputError> {
    let mut text = String::new();
    let result = if source == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(source).map(|contents| text = contents)
    };
    result.map_err(|error| InputError {
        field: String::new(),
        problem: format!("cannot read `{source}`: {error}"),
    })?;
    Ok(text)
}

/// Parses JSON into `T`, naming the path of the first field that does not fit.
pub fn parse_json<T: DeserializeOwned>(text: &str) -> Result<T, InputError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let field = if path == "." { String::new() } else { path };
        let problem = if inner.is_eof() && text.trim().is_empty() {
            "expected a JSON document, got nothing".to_string()
        } else {
            inner.to_string()
        };
        InputError { field, problem }
    })
}

/// Today's date on this machine, in its local time zone.
pub fn today() -> Date {
    Zoned::now().date()
}

/// Reads and parses a document from `source`.
pub fn read_json<T: DeserializeOwned>(source: &str) -> Result<T, InputError> {
    parse_json(&read_source(source)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tendo_core::pain_monitoring::LoadHistory;

    #[test]
    fn a_bad_pain_score_names_its_path() {
        let error = parse_json::<LoadHistory>(
            r#"{"condition":"achilles-midportion","baseline_morning_pain":2,
                "sessions":[{"date":"2026-11-10","pain_during":11,"pain_after":4}]}"#,
        )
        .unwrap_err();
        assert_eq!(error.field, "sessions[0].pain_during");
        assert!(error.problem.contains("0 to 10"), "{}", error.problem);
    }

    #[test]
    fn a_missing_field_is_named() {
        let error =
            parse_json::<LoadHistory>(r#"{"condition":"achilles-midportion"}"#).unwrap_err();
        assert!(
            error.problem.contains("baseline_morning_pain"),
            "{}",
            error.problem
        );
    }

    #[test]
    fn empty_input_says_so() {
        let error = parse_json::<LoadHistory>("  ").unwrap_err();
        assert!(error.problem.contains("got nothing"), "{}", error.problem);
    }
}
