//! Text never holds control characters (issue 12): the server refuses NUL, escape and the other
//! control characters other than tab and line breaks in every field of a body. The document says
//! so: each free-text string schema of a request body gets the pattern of what is accepted.

use serde_json::Value;

/// Text without control characters other than tab, line feed and carriage return (what
/// `crate::text` accepts).
pub const TEXT_PATTERN: &str = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$";

/// The schemas of the error body, whose messages are not input.
const ERROR_SCHEMAS: &[&str] = &["ErrorBody", "ErrorDetail", "FieldProblemBody"];

/// Adds [`TEXT_PATTERN`] to every free-text string schema of a request body in `document` (a
/// string without a format, an enumeration or a pattern of its own). Query strings and paths are
/// not checked this way, and responses may echo them, so only bodies get the pattern.
pub fn add_text_pattern(document: &mut Value) {
    let mut wanted: Vec<String> = Vec::new();
    if let Some(Value::Object(paths)) = document.get_mut("paths") {
        for item in paths.values_mut() {
            for operation in item
                .as_object_mut()
                .into_iter()
                .flat_map(|item| item.values_mut())
            {
                if let Some(body) = operation.get_mut("requestBody") {
                    references(body, &mut wanted);
                    walk(body);
                }
            }
        }
    }
    let mut done: Vec<String> = Vec::new();
    while let Some(name) = wanted.pop() {
        if done.contains(&name) || ERROR_SCHEMAS.contains(&name.as_str()) {
            continue;
        }
        let pointer = format!("/components/schemas/{name}");
        if let Some(schema) = document.pointer_mut(&pointer) {
            references(schema, &mut wanted);
            walk(schema);
        }
        done.push(name);
    }
}

/// The names of the component schemas `value` refers to.
fn references(value: &Value, names: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref")
                && let Some(name) = target.strip_prefix("#/components/schemas/")
            {
                names.push(name.to_string());
            }
            map.values().for_each(|child| references(child, names));
        }
        Value::Array(items) => items.iter().for_each(|child| references(child, names)),
        _ => {}
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
                // Examples are not schemas (a property may be called `description`, though).
                if key != "example" && key != "examples" {
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
            "paths": {"/x": {"post": {"requestBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Body"}
            }}}}}},
            "components": {"schemas": {
                "Body": {"type": "object", "properties": {
                    "note": {"type": ["string", "null"]},
                    "description": {"type": "string"},
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
        assert_eq!(
            schemas["Body"]["properties"]["description"]["pattern"],
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
