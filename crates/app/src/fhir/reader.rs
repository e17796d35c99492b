//! Reading a Bundle with the path of every element, so that a refusal names the first bad
//! element, such as `Bundle.entry[3].resource.valueInteger`.

use std::fmt;

use jiff::Timestamp;
use jiff::civil::Date;
use serde_json::Value;

/// The first bad element of a Bundle and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadElement {
    /// Its FHIRPath-like path, such as `Bundle.entry[3].resource.valueInteger`.
    pub path: String,
    /// What is wrong and what is expected.
    pub message: String,
}

impl fmt::Display for BadElement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for BadElement {}

/// A result of reading a Bundle.
pub type Read<T> = Result<T, BadElement>;

/// One element of the Bundle and where it is.
#[derive(Clone, Debug)]
pub struct Element<'a> {
    /// The element.
    pub value: &'a Value,
    /// Where it is.
    pub path: String,
}

impl<'a> Element<'a> {
    /// The element of the Bundle at `path`.
    pub fn root(value: &'a Value, path: &str) -> Element<'a> {
        Element {
            value,
            path: path.to_string(),
        }
    }

    /// A refusal at this element.
    pub fn bad(&self, message: impl Into<String>) -> BadElement {
        BadElement {
            path: self.path.clone(),
            message: message.into(),
        }
    }

    /// A field that must be there.
    pub fn field(&self, name: &str) -> Read<Element<'a>> {
        self.opt(name)
            .ok_or_else(|| self.child_bad(name, "is required but missing"))
    }

    /// A field that may be missing (`null` counts as missing).
    pub fn opt(&self, name: &str) -> Option<Element<'a>> {
        self.value
            .get(name)
            .filter(|value| !value.is_null())
            .map(|value| Element {
                value,
                path: format!("{}.{name}", self.path),
            })
    }

    fn child_bad(&self, name: &str, message: &str) -> BadElement {
        BadElement {
            path: format!("{}.{name}", self.path),
            message: message.to_string(),
        }
    }

    /// The elements of an array (a missing field is an empty array).
    pub fn items(&self, name: &str) -> Read<Vec<Element<'a>>> {
        let Some(field) = self.opt(name) else {
            return Ok(Vec::new());
        };
        let Some(array) = field.value.as_array() else {
            return Err(field.bad("expected an array"));
        };
        Ok(array
            .iter()
            .enumerate()
            .map(|(index, value)| Element {
                value,
                path: format!("{}[{index}]", field.path),
            })
            .collect())
    }

    /// The text of a string element.
    pub fn text(&self) -> Read<&'a str> {
        self.value
            .as_str()
            .ok_or_else(|| self.bad("expected a string"))
    }

    /// A whole number from `min` to `max`.
    pub fn integer(&self, min: i64, max: i64) -> Read<i64> {
        match self.value.as_i64() {
            Some(number) if (min..=max).contains(&number) => Ok(number),
            Some(number) => Err(self.bad(format!(
                "expected a whole number from {min} to {max}, got {number}"
            ))),
            None => Err(self.bad("expected a whole number")),
        }
    }

    /// A number from `min` to `max`.
    pub fn decimal(&self, min: f64, max: f64) -> Read<f64> {
        match self.value.as_f64() {
            Some(number) if number.is_finite() && (min..=max).contains(&number) => Ok(number),
            Some(number) => Err(self.bad(format!(
                "expected a number from {min} to {max}, got {number}"
            ))),
            None => Err(self.bad("expected a number")),
        }
    }

    /// `true` or `false`.
    pub fn boolean(&self) -> Read<bool> {
        self.value
            .as_bool()
            .ok_or_else(|| self.bad("expected true or false"))
    }

    /// A moment (a FHIR `instant` or `dateTime` with a time and offset).
    pub fn instant(&self) -> Read<Timestamp> {
        self.text()?.parse::<Timestamp>().map_err(|_| {
            self.bad("expected a moment with its offset, such as 2026-03-02T08:30:00Z")
        })
    }

    /// A calendar date.
    pub fn date(&self) -> Read<Date> {
        self.text()?
            .parse::<Date>()
            .map_err(|_| self.bad("expected a date such as 2026-03-02"))
    }
}
