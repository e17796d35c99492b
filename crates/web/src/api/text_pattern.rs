//! Text never holds control characters (issue 12): the server refuses NUL, escape and the other
//! control characters other than tab and line breaks in every field. The document says so: each
//! free-text string schema gets the pattern of what is accepted.

use serde_json::Value;

/// Text without control characters other than tab, line feed and carriage return (what
/// `crate::text` accepts).
pub const TEXT_PATTERN: &str = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$";

/// The schemas of the error body, whose messages are not input.
const ERROR_SCHEMAS: &[&str] = &["ErrorBody", "ErrorDetail", "FieldProblemBody"];

/// Adds [`TEXT_PATTERN`] to every free-text string schema of `document` (a string without a
/// format, an enumeration or a pattern of its own).
pub fn add_text_pattern(document: &mut Value) {
    if let Some(paths) = document.get_mut("paths") {
        walk(paths);
    }
    // A series ends after a count or on a date: one of the two, not both.
    if let Some(Value::Object(series)) = document.pointer_mut("/components/schemas/SeriesBody") {
        series.insert(
            "oneOf".into(),
            serde_json::json!([{"required": ["count"]}, {"required": ["until"]}]),
        );
    }
    if let Some(Value::Object(schemas)) = document.pointer_mut("/components/schemas") {
        for (name, schema) in schemas.iter_mut() {
            if !ERROR_SCHEMAS.contains(&name.as_str()) {
                walk(schema);
            }
        }
    }
}

fn is_free_text(schema: &serde_json::Map<String, Value>) -> bool {
    let is_string = match schema.get("type") {
        Some(Value::String(kind)) => kind == "string",
        Some(Value::Array(kinds)) => kinds.iter().any(|kind| kind == "string"),
        _ => false,
    };
    is_string
        && !["format", "enum", "pattern", "const"]
            .iter()
            .any(|key| schema.contains_key(*key))
}

fn walk(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if is_free_text(map) {
                map.insert("pattern".into(), Value::String(TEXT_PATTERN.into()));
            }
            for (key, child) in map.iter_mut() {
                // Examples and descriptions are not schemas.
                if key != "example" && key != "examples" && key != "description" {
                    walk(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(walk),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_gets_the_pattern_and_formatted_strings_do_not() {
        let mut document = serde_json::json!({
            "paths": {},
            "components": {"schemas": {
                "Body": {"type": "object", "properties": {
                    "note": {"type": ["string", "null"]},
                    "id": {"type": "string", "format": "uuid"},
                }},
                "ErrorDetail": {"type": "object", "properties": {"message": {"type": "string"}}},
            }}
        });
        add_text_pattern(&mut document);
        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["Body"]["properties"]["note"]["pattern"],
            TEXT_PATTERN
        );
        assert!(schemas["Body"]["properties"]["id"].get("pattern").is_none());
        assert!(
            schemas["ErrorDetail"]["properties"]["message"]
                .get("pattern")
                .is_none()
        );
    }
}
