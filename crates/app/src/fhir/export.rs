//! A patient's record as a FHIR R4 `Bundle` of type `collection`: pure mapping, no I/O.
//!
//! Entries: `Patient`; a `Practitioner` for each clinician who appears; a `Condition` for each
//! condition and side the plans treated; a `CarePlan` for each plan version (one activity per
//! exercise, with its dose); the intake and every VISA answer set as `QuestionnaireResponse`s
//! with the `Questionnaire` definitions; `Observation`s for sessions, pains, scores, the
//! massage-gun screening and sessions and the running log; `Appointment`s; signed notes as
//! `DocumentReference`s; and a `Provenance` for each person who recorded something.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::{Map, Value, json};
use tendo_core::condition::{Condition, Side};
use tendo_core::reason::Reason;
use tendo_store::accounts::User;
use tendo_store::care::{PlanCause, PlanVersion};

use super::codes::{self, extension};
use super::observations;
use super::questionnaires;
use super::record::FhirRecord;
use super::resources::{appointment, document_reference, practitioner};

/// A reference to a resource of the Bundle, such as `Patient/…`.
pub fn reference(kind: &str, id: impl std::fmt::Display) -> Value {
    json!({"reference": format!("{kind}/{id}")})
}

/// A moment as a FHIR `instant`.
pub fn instant(at: Timestamp) -> String {
    at.to_string()
}

/// The id of the `Condition` for a condition and side.
pub fn condition_id(condition: Condition, side: Side) -> String {
    format!("condition-{}-{}", condition.id(), codes::side_code(side))
}

/// Reasons as repeated `reason` extensions: the rule and the message.
pub fn reason_extensions(reasons: &[Reason]) -> Vec<Value> {
    reasons
        .iter()
        .map(|reason| {
            json!({
                "url": extension("reason"),
                "extension": [
                    {"url": "rule", "valueCode": reason.rule.as_str()},
                    {"url": "message", "valueString": reason.message}
                ]
            })
        })
        .collect()
}

/// The entries of a Bundle as they are gathered.
pub(crate) struct Entries {
    base: String,
    entries: Vec<Value>,
}

impl Entries {
    fn push(&mut self, resource: Value) {
        let kind = resource["resourceType"].as_str().unwrap_or_default();
        let id = resource["id"].as_str().unwrap_or_default();
        let full_url = format!("{}/fhir/r4/{kind}/{id}", self.base);
        self.entries
            .push(json!({"fullUrl": full_url, "resource": resource}));
    }
}

/// The whole record as a Bundle of type `collection`.
pub fn bundle(record: &FhirRecord) -> Value {
    let mut entries = Entries {
        base: record.base_url.clone(),
        entries: Vec::new(),
    };
    entries.push(patient(&record.patient));
    for clinician in &record.clinicians {
        entries.push(practitioner(clinician));
    }
    for condition in conditions(record) {
        entries.push(condition);
    }
    for (index, version) in record.plan_versions.iter().enumerate() {
        let next = record.plan_versions.get(index + 1);
        entries.push(care_plan(record, version, next, index == 0));
    }
    for resource in questionnaires::resources(record) {
        entries.push(resource);
    }
    for resource in observations::resources(record) {
        entries.push(resource);
    }
    for booked in &record.appointments {
        entries.push(appointment(record, booked));
    }
    for note in &record.notes {
        entries.push(document_reference(record, note));
    }
    for provenance in provenances(record) {
        entries.push(provenance);
    }
    json!({
        "resourceType": "Bundle",
        "id": format!("tendo-export-{}", record.patient.id),
        "meta": {"lastUpdated": instant(record.exported_at)},
        "identifier": {
            "system": format!("{}/NamingSystem/export", codes::TENDO),
            "value": format!("{}-{}", record.patient.id, record.exported_at.as_microsecond())
        },
        "type": "collection",
        "timestamp": instant(record.exported_at),
        "entry": entries.entries
    })
}

/// The `Patient`: name, email address and time zone.
pub fn patient(user: &User) -> Value {
    json!({
        "resourceType": "Patient",
        "id": user.id.to_string(),
        "extension": [{"url": extension("time-zone"), "valueString": user.time_zone}],
        "identifier": [{
            "system": format!("{}/NamingSystem/user", codes::TENDO),
            "value": user.id.to_string()
        }],
        "active": true,
        "name": [{"text": user.name}],
        "telecom": [{"system": "email", "value": user.email, "use": "home"}]
    })
}

/// One `Condition` for each condition and side a plan treated, the latest active.
fn conditions(record: &FhirRecord) -> Vec<Value> {
    let mut seen: Vec<(Condition, Side, Timestamp)> = Vec::new();
    for version in &record.plan_versions {
        if !seen
            .iter()
            .any(|(condition, side, _)| (*condition, *side) == (version.condition, version.side))
        {
            seen.push((version.condition, version.side, version.created_at));
        }
    }
    let latest = record
        .plan_versions
        .last()
        .map(|version| (version.condition, version.side));
    let onset = record
        .intake
        .as_ref()
        .and_then(|intake| intake.answers.get("started_on"))
        .and_then(Value::as_str)
        .map(str::to_string);
    seen.into_iter()
        .map(|(condition, side, recorded)| {
            let status = if latest == Some((condition, side)) {
                "active"
            } else {
                "inactive"
            };
            let mut resource = json!({
                "resourceType": "Condition",
                "id": condition_id(condition, side),
                "extension": [{
                    "url": extension("side"),
                    "valueCodeableConcept": codes::side_concept(side)
                }],
                "clinicalStatus": {"coding": [{
                    "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                    "code": status
                }]},
                "category": [{"coding": [{
                    "system": "http://terminology.hl7.org/CodeSystem/condition-category",
                    "code": "problem-list-item",
                    "display": "Problem List Item"
                }]}],
                "code": codes::condition_concept(condition),
                "bodySite": [{"text": codes::body_site_text(condition, side)}],
                "subject": reference("Patient", record.patient.id),
                "recordedDate": instant(recorded)
            });
            if let Some(onset) = &onset {
                resource["onsetDateTime"] = Value::String(onset.clone());
            }
            resource
        })
        .collect()
}

/// Who made a plan version: the patient (intake and check-in decisions) or a clinician; nobody
/// known for a clinician's version imported from another clinic.
fn plan_author(record: &FhirRecord, version: &PlanVersion) -> Option<Value> {
    match version.created_by {
        Some(author) if author != record.patient.id => Some(reference("Practitioner", author)),
        Some(_) => Some(reference("Patient", record.patient.id)),
        None => None,
    }
}

/// A plan version as a `CarePlan`: where the patient is in the programme (Tendo's `position`
/// extension), why (reasons), and one activity per exercise of its week.
fn care_plan(
    record: &FhirRecord,
    version: &PlanVersion,
    next: Option<&PlanVersion>,
    first: bool,
) -> Value {
    let position = &version.position;
    let mut extensions = vec![
        json!({"url": extension("plan-version"), "valueInteger": version.version}),
        json!({"url": extension("plan-cause"), "valueCode": version.cause.as_str()}),
        json!({
            "url": extension("position"),
            "extension": [
                {"url": "protocol", "valueCode": position.protocol.id()},
                {"url": "level", "valueInteger": position.level},
                {"url": "weeksAtLevel", "valueInteger": position.weeks_at_level},
                {"url": "eased", "valueBoolean": position.eased}
            ]
        }),
        json!({"url": extension("sessions-per-week"), "valueInteger": version.sessions_per_week}),
    ];
    extensions.extend(reason_extensions(&version.reasons));
    if let Some(note) = &version.note {
        extensions.push(json!({"url": extension("change-note"), "valueString": note}));
    }
    if !version.adjustments.is_empty()
        && let Ok(text) = serde_json::to_string(&version.adjustments)
    {
        extensions.push(json!({"url": extension("adjustments"), "valueString": text}));
    }
    let mut period = Map::new();
    period.insert(
        "start".into(),
        Value::String(version.programme_start.to_string()),
    );
    if let Some(next) = next {
        period.insert("end".into(), Value::String(instant(next.created_at)));
    }
    let mut resource = json!({
        "resourceType": "CarePlan",
        "id": version.id.to_string(),
        "extension": extensions,
        "status": if next.is_some() { "completed" } else { "active" },
        "intent": "plan",
        "title": format!("{}, version {}", position.protocol.label(), version.version),
        "description": cause_text(version.cause),
        "subject": reference("Patient", record.patient.id),
        "period": period,
        "created": instant(version.created_at),
        "addresses": [reference("Condition", condition_id(version.condition, version.side))],
        "activity": activities(record, version, next.is_none())
    });
    if let Some(author) = plan_author(record, version) {
        resource["author"] = author;
    }
    if !first && let Some(previous) = previous_of(record, version) {
        resource["replaces"] = json!([reference("CarePlan", previous)]);
    }
    resource
}

fn previous_of(record: &FhirRecord, version: &PlanVersion) -> Option<String> {
    let index = record
        .plan_versions
        .iter()
        .position(|candidate| candidate.id == version.id)?;
    index
        .checked_sub(1)
        .and_then(|previous| record.plan_versions.get(previous))
        .map(|previous| previous.id.to_string())
}

fn cause_text(cause: PlanCause) -> &'static str {
    match cause {
        PlanCause::Intake => "Made from the intake.",
        PlanCause::Decision => "Moved by a next-morning check-in.",
        PlanCause::Clinician => "Changed by a clinician.",
    }
}

/// One activity per exercise of the version's week: the week it was made in, or this week for
/// the plan in force.
fn activities(record: &FhirRecord, version: &PlanVersion, current: bool) -> Vec<Value> {
    let zone = TimeZone::get(&record.patient.time_zone).unwrap_or(TimeZone::UTC);
    let at = if current {
        record.exported_at
    } else {
        version.created_at
    };
    let day = at.to_zoned(zone).date();
    let Ok(week) = crate::patient::plan::week_plan_of(version, day) else {
        return Vec::new();
    };
    let status = if current { "in-progress" } else { "completed" };
    week.items
        .iter()
        .map(|item| {
            let mut dose = vec![
                json!({"url": "sets", "valueInteger": item.sets}),
                json!({"url": "load", "valueString": item.load}),
                json!({"url": "restSeconds", "valueInteger": item.rest_seconds}),
            ];
            if let Some(reps) = item.reps {
                dose.push(json!({"url": "repetitions", "valueInteger": reps}));
            }
            if let Some(hold) = item.hold_seconds {
                dose.push(json!({"url": "holdSeconds", "valueInteger": hold}));
            }
            if let Some(tempo) = &item.tempo {
                dose.push(json!({"url": "tempo", "valueString": tempo}));
            }
            let amount = match (item.reps, item.hold_seconds) {
                (Some(reps), _) => format!("{} sets of {reps} repetitions", item.sets),
                (None, Some(hold)) => format!("{} holds of {hold} seconds", item.sets),
                (None, None) => format!("{} sets", item.sets),
            };
            json!({
                "detail": {
                    "extension": [{"url": extension("exercise-dose"), "extension": dose}],
                    "code": codes::tendo_concept("exercise", &item.exercise, &item.name),
                    "status": status,
                    "scheduledTiming": {"repeat": {
                        "frequency": u32::from(item.times_per_day) * u32::from(item.days_per_week),
                        "period": 1,
                        "periodUnit": "wk"
                    }},
                    "description": format!(
                        "{amount}, {}; {} a day, {} days a week. {}",
                        item.load, times(item.times_per_day), item.days_per_week, item.how
                    )
                }
            })
        })
        .collect()
}

fn times(count: u8) -> String {
    match count {
        1 => "once".into(),
        2 => "twice".into(),
        other => format!("{other} times"),
    }
}

/// One `Provenance` for each person who recorded something: the patient (their intake,
/// sessions, pains, answers and logs, and the plan versions their check-ins made) and each
/// clinician (plan versions they changed, notes they wrote).
fn provenances(record: &FhirRecord) -> Vec<Value> {
    let patient = record.patient.id;
    let mut by_agent: Vec<(Value, Vec<Value>, Timestamp)> = Vec::new();
    let mut add = |agent: Value, target: Value, at: Timestamp| match by_agent
        .iter_mut()
        .find(|(who, _, _)| *who == agent)
    {
        Some((_, targets, latest)) => {
            targets.push(target);
            *latest = (*latest).max(at);
        }
        None => by_agent.push((agent, vec![target], at)),
    };
    let own = reference("Patient", patient);
    if let Some(intake) = &record.intake {
        add(
            own.clone(),
            reference("QuestionnaireResponse", format!("intake-{patient}")),
            intake.updated_at,
        );
    }
    for version in &record.plan_versions {
        if let Some(author) = plan_author(record, version) {
            add(
                author,
                reference("CarePlan", version.id),
                version.created_at,
            );
        }
    }
    for session in &record.sessions {
        add(
            own.clone(),
            reference("Observation", session.id),
            session.logged_at,
        );
    }
    for checkin in &record.checkins {
        add(
            own.clone(),
            reference("Observation", checkin.id),
            checkin.answered_at,
        );
    }
    for response in &record.questionnaires {
        add(
            own.clone(),
            reference("QuestionnaireResponse", response.id),
            response.taken_at,
        );
    }
    for screening in &record.screenings {
        add(
            own.clone(),
            reference("Observation", screening.id),
            screening.answered_at,
        );
    }
    for session in &record.gun_sessions {
        add(
            own.clone(),
            reference("Observation", session.id),
            session.logged_at,
        );
    }
    for note in &record.notes {
        add(
            reference("Practitioner", note.author_id),
            reference("DocumentReference", note.id),
            note.signed_at.unwrap_or(note.updated_at),
        );
    }
    by_agent
        .into_iter()
        .enumerate()
        .map(|(index, (agent, targets, recorded))| {
            json!({
                "resourceType": "Provenance",
                "id": format!("provenance-{}", index + 1),
                "target": targets,
                "recorded": instant(recorded),
                "agent": [{
                    "type": {"coding": [{
                        "system": "http://terminology.hl7.org/CodeSystem/provenance-participant-type",
                        "code": "author",
                        "display": "Author"
                    }]},
                    "who": agent
                }]
            })
        })
        .collect()
}
