//! Rules between fields of a request body that JSON Schema can state but the derived schemas do
//! not: added to the served document so that clients (and the contract test) know them.

use serde_json::{Value, json};

/// Adds each body's rules between fields to `document`:
///
/// - a series ends after a `count` or on an `until` date: one of the two, not null;
/// - an invitation of a clinician names their `profession`.
pub fn add_field_dependencies(document: &mut Value) {
    let rules = [
        (
            "SeriesBody",
            "oneOf",
            json!([
                {"required": ["count"], "properties": {"count": {"type": "integer"}}},
                {"required": ["until"], "properties": {"until": {"type": "string"}}}
            ]),
        ),
        (
            "CreateInvitation",
            "anyOf",
            json!([
                {"properties": {"role": {"enum": ["patient", "admin"]}}},
                {
                    "required": ["profession"],
                    "properties": {"role": {"const": "clinician"}, "profession": {"type": "string"}}
                }
            ]),
        ),
    ];
    for (schema, keyword, rule) in rules {
        if let Some(Value::Object(body)) =
            document.pointer_mut(&format!("/components/schemas/{schema}"))
        {
            body.insert(keyword.into(), rule);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rule_lands_on_a_schema_of_the_served_document() {
        let mut document = serde_json::to_value(crate::api::document()).unwrap_or_default();
        add_field_dependencies(&mut document);
        for (schema, keyword) in [("SeriesBody", "oneOf"), ("CreateInvitation", "anyOf")] {
            assert!(
                document
                    .pointer(&format!("/components/schemas/{schema}/{keyword}"))
                    .is_some(),
                "{schema} has its {keyword} rule"
            );
        }
    }
}
