//! A Bundle exported by Tendo, read back as a new patient of another clinic: pure, no I/O.
//!
//! Everything is checked before anything is written: the Bundle's shape, every reference (it
//! must name an entry of the Bundle), every value against Tendo's own rules (pain 0–10, a
//! plan position the condition allows, VISA answers and their score). The first bad element is
//! refused with its path. Appointments, clinicians, notes and provenance stay with the clinic
//! that made them and are reported as not taken.

use std::collections::HashMap;

use jiff::Timestamp;
use serde::Serialize;
use serde_json::Value;
use tendo_store::accounts::{NewUser, Role};
use tendo_store::bulk::BulkBatch;
use tendo_store::ids::{ClinicId, UserId};
use tendo_store::import::ImportedPatient;

use super::codes::extension;
use super::import_records::{self, Imported};
use super::reader::{BadElement, Element, Read};

/// The most entries a Bundle may have.
pub const MAX_ENTRIES: usize = 100_000;

/// What an import took, or left, and how many.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImportLine {
    /// What, in words, such as "training sessions".
    pub what: String,
    /// How many.
    pub count: u32,
    /// Why it was left, for what was not taken.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// The report of an import: the new patient, what was taken and what was not.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// The new patient's id in this clinic.
    pub patient_id: UserId,
    /// The new patient's name.
    pub name: String,
    /// What was taken.
    pub taken: Vec<ImportLine>,
    /// What was not taken, and why.
    pub not_taken: Vec<ImportLine>,
}

/// Where the import goes and what the new records are called.
#[derive(Clone, Debug)]
pub struct Destination {
    /// The importing clinic.
    pub clinic: ClinicId,
    /// The new patient's id.
    pub patient: UserId,
    /// Now.
    pub now: Timestamp,
    /// An email address for the new patient instead of the Bundle's (when that one is in use).
    pub email: Option<String>,
}

/// The entries of the Bundle by `Type/id`.
pub(crate) struct Index<'a> {
    /// Every entry's resource, in order.
    pub resources: Vec<Element<'a>>,
    by_reference: HashMap<String, usize>,
}

impl<'a> Index<'a> {
    /// The entries of one type.
    pub fn of_type(&self, kind: &str) -> impl Iterator<Item = &Element<'a>> {
        self.resources
            .iter()
            .filter(move |resource| resource.value["resourceType"] == kind)
    }

    /// The resource a `Reference` element names, which must be of `kind`.
    pub fn resolve(&self, reference: &Element<'a>, kind: &str) -> Read<&Element<'a>> {
        let text = reference.field("reference")?;
        let target = text.text()?;
        let found = self
            .by_reference
            .get(target)
            .and_then(|index| self.resources.get(*index))
            .ok_or_else(|| text.bad(format!("refers to {target}, which is not in the Bundle")))?;
        if found.value["resourceType"] != kind {
            return Err(text.bad(format!("expected a reference to a {kind}")));
        }
        Ok(found)
    }

    /// The id of the resource a `Reference` element names.
    pub fn resolve_id(&self, reference: &Element<'a>, kind: &str) -> Read<String> {
        let found = self.resolve(reference, kind)?;
        Ok(found.field("id")?.text()?.to_string())
    }
}

/// The resource types a Tendo Bundle holds.
const KNOWN_TYPES: [&str; 10] = [
    "Patient",
    "Practitioner",
    "Condition",
    "CarePlan",
    "Questionnaire",
    "QuestionnaireResponse",
    "Observation",
    "Appointment",
    "DocumentReference",
    "Provenance",
];

fn is_fhir_id(text: &str) -> bool {
    (1..=64).contains(&text.len())
        && text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'.')
}

/// Checks every `reference` anywhere in `element` names an entry of the Bundle.
fn check_references(element: &Element<'_>, index: &HashMap<String, usize>) -> Read<()> {
    match element.value {
        Value::Object(fields) => {
            for (name, value) in fields {
                let child = Element {
                    value,
                    path: format!("{}.{name}", element.path),
                };
                if name == "reference" {
                    let target = child.text()?;
                    if !index.contains_key(target) {
                        return Err(
                            child.bad(format!("refers to {target}, which is not in the Bundle"))
                        );
                    }
                } else {
                    check_references(&child, index)?;
                }
            }
            Ok(())
        }
        Value::Array(items) => {
            for (position, value) in items.iter().enumerate() {
                check_references(
                    &Element {
                        value,
                        path: format!("{}[{position}]", element.path),
                    },
                    index,
                )?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Reads the Bundle's entries: each a known resource with an id, each `Type/id` once, every
/// reference resolved.
fn index(bundle: &Value) -> Read<Index<'_>> {
    let root = Element::root(bundle, "Bundle");
    if root.field("resourceType")?.text()? != "Bundle" {
        return Err(root
            .field("resourceType")?
            .bad("expected a Bundle exported by Tendo"));
    }
    let kind = root.field("type")?;
    if kind.text()? != "collection" {
        return Err(kind.bad("expected a Bundle of type collection, as Tendo exports"));
    }
    let entries = root.items("entry")?;
    if entries.len() > MAX_ENTRIES {
        return Err(root
            .field("entry")?
            .bad(format!("has more than {MAX_ENTRIES} entries")));
    }
    let mut resources = Vec::with_capacity(entries.len());
    let mut by_reference = HashMap::with_capacity(entries.len());
    for entry in entries {
        let resource = entry.field("resource")?;
        let kind = resource.field("resourceType")?;
        let kind_text = kind.text()?;
        if !KNOWN_TYPES.contains(&kind_text) {
            return Err(kind.bad(format!(
                "a Tendo Bundle holds no {kind_text}; expected one of {}",
                KNOWN_TYPES.join(", ")
            )));
        }
        let id = resource.field("id")?;
        if !is_fhir_id(id.text()?) {
            return Err(id.bad("expected an id of 1 to 64 letters, digits, '-' or '.'"));
        }
        let key = format!("{kind_text}/{}", id.text()?);
        if by_reference.insert(key.clone(), resources.len()).is_some() {
            return Err(id.bad(format!("{key} appears twice in the Bundle")));
        }
        resources.push(resource);
    }
    for resource in &resources {
        check_references(resource, &by_reference)?;
    }
    Ok(Index {
        resources,
        by_reference,
    })
}

fn email_of(patient: &Element<'_>) -> Read<String> {
    for telecom in patient.items("telecom")? {
        if telecom
            .opt("system")
            .is_some_and(|system| system.value == "email")
        {
            let value = telecom.field("value")?;
            let email = value.text()?.trim().to_lowercase();
            if email.len() > 254 || !email.contains('@') || email.contains(char::is_whitespace) {
                return Err(value.bad("expected an email address"));
            }
            return Ok(email);
        }
    }
    Err(patient.bad("expected a telecom with system email"))
}

/// The extension of `element` with the given Tendo name, if there is one.
pub(crate) fn tendo_extension<'a>(element: &Element<'a>, name: &str) -> Read<Option<Element<'a>>> {
    let url = extension(name);
    Ok(element
        .items("extension")?
        .into_iter()
        .find(|found| found.value.get("url").and_then(Value::as_str) == Some(url.as_str())))
}

fn patient_account(index: &Index<'_>, to: &Destination) -> Read<NewUser> {
    let mut patients = index.of_type("Patient");
    let patient = patients.next().ok_or_else(|| BadElement {
        path: "Bundle.entry".into(),
        message: "expected one Patient, found none".into(),
    })?;
    if let Some(another) = patients.next() {
        return Err(another.bad("expected one Patient, found another"));
    }
    let names = patient.items("name")?;
    let name_element = names
        .first()
        .ok_or_else(|| patient.bad("expected a name"))?
        .field("text")?;
    let name = name_element.text()?.trim().to_string();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(name_element.bad("expected a name of 1 to 200 characters"));
    }
    let time_zone = match tendo_extension(patient, "time-zone")? {
        Some(zone) => {
            let value = zone.field("valueString")?;
            let text = value.text()?;
            if jiff::tz::TimeZone::get(text).is_err() {
                return Err(value.bad("expected an IANA time zone such as Europe/London"));
            }
            text.to_string()
        }
        None => "UTC".to_string(),
    };
    let email = match &to.email {
        Some(email) => email.trim().to_lowercase(),
        None => email_of(patient)?,
    };
    Ok(NewUser {
        id: to.patient,
        clinic_id: to.clinic,
        email,
        name,
        role: Role::Patient,
        profession: None,
        time_zone,
        password_hash: None,
        care_clinician: None,
        created_at: to.now,
    })
}

fn line(what: &str, count: usize) -> Option<ImportLine> {
    (count > 0).then(|| ImportLine {
        what: what.to_string(),
        count: u32::try_from(count).unwrap_or(u32::MAX),
        why: None,
    })
}

fn left(index: &Index<'_>, kind: &str, what: &str, why: &str) -> Option<ImportLine> {
    let count = index.of_type(kind).count();
    line(what, count).map(|mut line| {
        line.why = Some(why.to_string());
        line
    })
}

/// Reads a Bundle into a new patient with their history, and the report of what was taken.
pub fn read_bundle(bundle: &Value, to: &Destination) -> Read<(ImportedPatient, ImportReport)> {
    let index = index(bundle)?;
    let patient = patient_account(&index, to)?;
    let zone = jiff::tz::TimeZone::get(&patient.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let Imported { history, skipped } = import_records::read(&index, to, &zone)?;
    let report = report(&index, &patient, &history, skipped);
    Ok((ImportedPatient { patient, history }, report))
}

fn report(
    index: &Index<'_>,
    patient: &NewUser,
    history: &BulkBatch,
    skipped: Vec<ImportLine>,
) -> ImportReport {
    let conditions = index.of_type("Condition").count();
    let taken = [
        line("patient", 1),
        line("intake", history.intakes.len()),
        line("conditions", conditions),
        line("plan versions", history.plan_versions.len()),
        line("training sessions", history.sessions.len()),
        line("next-morning pains", history.checkins.len()),
        line(
            "VISA answer sets with their scores",
            history.questionnaires.len(),
        ),
        line("massage-gun screenings", history.screenings.len()),
        line("massage-gun sessions", history.gun_sessions.len()),
        line("weeks of running", history.running_weeks.len()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut not_taken: Vec<ImportLine> = [
        left(
            index,
            "Appointment",
            "appointments",
            "they are in the other clinic's diary; book again here",
        ),
        left(
            index,
            "DocumentReference",
            "signed clinical notes",
            "notes stay with the clinic whose clinicians signed them",
        ),
        left(
            index,
            "Practitioner",
            "clinicians",
            "they work at the other clinic; an administrator here assigns a clinician",
        ),
        left(
            index,
            "Provenance",
            "provenance records",
            "the import itself is recorded in this clinic's audit log",
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    not_taken.extend(skipped);
    ImportReport {
        patient_id: patient.id,
        name: patient.name.clone(),
        taken,
        not_taken,
    }
}
