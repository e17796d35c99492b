//! The code systems and codes a Tendo Bundle uses.
//!
//! Standard codes only where Tendo is sure of them: LOINC 72514-3 for a pain score on the 0–10
//! numeric rating scale, SNOMED CT 11654001 (Achilles tendinitis) for the Achilles conditions,
//! and SNOMED CT's laterality qualifiers. Everything else (the hamstring condition, the
//! exercises, the massage-gun sites, VISA scores) is coded in Tendo's own code systems under
//! [`TENDO`], with its text beside it.

use serde_json::{Value, json};
use tendo_core::condition::{Condition, Side};

/// The root of Tendo's own code systems, extensions and naming systems.
pub const TENDO: &str = "https://tendo.invalid/fhir";
/// LOINC.
pub const LOINC: &str = "http://loinc.org";
/// SNOMED CT.
pub const SNOMED: &str = "http://snomed.info/sct";
/// UCUM, for units.
pub const UCUM: &str = "http://unitsofmeasure.org";
/// LOINC's code for a pain score on the 0–10 verbal numeric rating scale, as reported.
pub const PAIN_SEVERITY_0_10: &str = "72514-3";
/// SNOMED CT's concept for Achilles tendinitis (the disorder).
pub const SNOMED_ACHILLES_TENDINITIS: &str = "11654001";

/// The address of one of Tendo's code systems, such as `…/CodeSystem/observation`.
pub fn system(name: &str) -> String {
    format!("{TENDO}/CodeSystem/{name}")
}

/// The address of one of Tendo's extensions, such as `…/StructureDefinition/position`.
pub fn extension(name: &str) -> String {
    format!("{TENDO}/StructureDefinition/{name}")
}

/// The canonical address of one of Tendo's questionnaires.
pub fn questionnaire_url(id: &str) -> String {
    format!("{TENDO}/Questionnaire/{id}")
}

/// A coding in one of Tendo's code systems.
pub fn tendo_coding(system_name: &str, code: &str, display: &str) -> Value {
    json!({"system": system(system_name), "code": code, "display": display})
}

/// A concept coded only in a Tendo code system, with its text.
pub fn tendo_concept(system_name: &str, code: &str, display: &str) -> Value {
    json!({"coding": [tendo_coding(system_name, code, display)], "text": display})
}

/// The pain score concept: LOINC 72514-3, with Tendo's code for when it was felt.
pub fn pain_concept(when: &str, display: &str) -> Value {
    json!({
        "coding": [
            {
                "system": LOINC,
                "code": PAIN_SEVERITY_0_10,
                "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
            },
            tendo_coding("observation", when, display)
        ],
        "text": display
    })
}

/// The condition's concept: Tendo's code, with SNOMED CT's Achilles tendinitis for the
/// Achilles conditions.
pub fn condition_concept(condition: Condition) -> Value {
    let mut coding = vec![tendo_coding("condition", condition.id(), condition.label())];
    if condition.is_achilles() {
        coding.insert(
            0,
            json!({
                "system": SNOMED,
                "code": SNOMED_ACHILLES_TENDINITIS,
                "display": "Achilles tendinitis"
            }),
        );
    }
    json!({"coding": coding, "text": condition.label()})
}

/// The side's SNOMED CT laterality qualifier.
pub fn side_concept(side: Side) -> Value {
    let (code, display) = match side {
        Side::Left => ("7771000", "Left"),
        Side::Right => ("24028007", "Right"),
        Side::Both => ("51440002", "Right and left"),
    };
    json!({
        "coding": [
            {"system": SNOMED, "code": code, "display": display},
            tendo_coding("side", side_code(side), display)
        ],
        "text": display
    })
}

/// Tendo's spelling of a side.
pub fn side_code(side: Side) -> &'static str {
    match side {
        Side::Left => "left",
        Side::Right => "right",
        Side::Both => "both",
    }
}

/// Reads Tendo's spelling of a side.
pub fn parse_side(text: &str) -> Option<Side> {
    [Side::Left, Side::Right, Side::Both]
        .into_iter()
        .find(|side| side_code(*side) == text)
}

/// Reads a condition's id.
pub fn parse_condition(text: &str) -> Option<Condition> {
    Condition::ALL
        .into_iter()
        .find(|condition| condition.id() == text)
}

/// Where the affected tendon is, in words.
pub fn body_site_text(condition: Condition, side: Side) -> String {
    let tendon = if condition.is_achilles() {
        "Achilles tendon"
    } else {
        "hamstring tendon at the sitting bone"
    };
    match side {
        Side::Left => format!("Left {tendon}"),
        Side::Right => format!("Right {tendon}"),
        Side::Both => format!("{tendon}, both sides"),
    }
}
