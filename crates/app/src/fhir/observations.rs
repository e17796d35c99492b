//! The patient's logs as `Observation`s: training sessions with their pains and sets,
//! next-morning pains with the decision they led to, the massage-gun screening and sessions,
//! and the running log.

use serde_json::{Value, json};
use tendo_core::massage_gun::Screening;
use tendo_store::outcomes::{MassageGunSession, RunningWeekRecord, ScreeningRecord};
use tendo_store::training::{Checkin, TrainingSession, decision_str};

use super::codes::{self, extension};
use super::export::{instant, reason_extensions, reference};
use super::record::FhirRecord;

/// The code of a training session's Observation.
pub const TRAINING_SESSION: &str = "training-session";
/// The code of a next-morning pain's Observation.
pub const PAIN_NEXT_MORNING: &str = "pain-next-morning";
/// The code of the massage-gun screening's Observation.
pub const GUN_SCREENING: &str = "massage-gun-screening";
/// The code of a massage-gun session's Observation.
pub const GUN_SESSION: &str = "massage-gun-session";
/// The code of a week of the running log.
pub const RUNNING_WEEK: &str = "running-week";

/// An Observation category of HL7's code system.
pub fn category(code: &str, display: &str) -> Value {
    json!([{"coding": [{
        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
        "code": code,
        "display": display
    }]}])
}

/// Every Observation of the patient's logs.
pub fn resources(record: &FhirRecord) -> Vec<Value> {
    let mut resources = Vec::new();
    for session in &record.sessions {
        resources.push(training_session(record, session));
    }
    for checkin in &record.checkins {
        resources.push(next_morning(record, checkin));
    }
    for screening in &record.screenings {
        resources.push(screening_observation(record, screening));
    }
    for session in &record.gun_sessions {
        resources.push(gun_session(record, session));
    }
    for week in &record.running_weeks {
        resources.push(running_week(record, week));
    }
    resources
}

fn training_session(record: &FhirRecord, session: &TrainingSession) -> Value {
    let sets: Vec<Value> = session
        .sets
        .iter()
        .map(|set| {
            let mut parts = vec![
                json!({"url": "exercise", "valueCode": set.exercise}),
                json!({"url": "setNumber", "valueInteger": set.set_number}),
            ];
            if let Some(reps) = set.reps {
                parts.push(json!({"url": "repetitions", "valueInteger": reps}));
            }
            if let Some(load) = set.load_kg {
                parts.push(json!({"url": "loadKg", "valueDecimal": load}));
            }
            if let Some(hold) = set.hold_seconds {
                parts.push(json!({"url": "holdSeconds", "valueInteger": hold}));
            }
            json!({"url": extension("training-set"), "extension": parts})
        })
        .collect();
    let mut resource = json!({
        "resourceType": "Observation",
        "id": session.id.to_string(),
        "status": "final",
        "category": category("activity", "Activity"),
        "code": codes::tendo_concept("observation", TRAINING_SESSION, "Training session"),
        "subject": reference("Patient", record.patient.id),
        "basedOn": [reference("CarePlan", session.plan_version_id)],
        "effectiveDateTime": session.date.to_string(),
        "issued": instant(session.logged_at),
        "component": [
            {
                "code": codes::pain_concept("pain-during", "Worst pain during the session"),
                "valueInteger": session.pain_during.value()
            },
            {
                "code": codes::pain_concept("pain-after", "Pain straight after the session"),
                "valueInteger": session.pain_after.value()
            }
        ]
    });
    if !sets.is_empty() {
        resource["extension"] = Value::Array(sets);
    }
    if let Some(note) = &session.note {
        resource["note"] = json!([{"text": note}]);
    }
    resource
}

fn next_morning(record: &FhirRecord, checkin: &Checkin) -> Value {
    let mut extensions = vec![
        json!({"url": extension("session-date"), "valueDate": checkin.session_date.to_string()}),
        json!({"url": extension("load-decision"), "valueCode": decision_str(checkin.decision)}),
    ];
    extensions.extend(reason_extensions(&checkin.reasons));
    if let Some(plan) = checkin.plan_version_id {
        extensions.push(json!({
            "url": extension("plan-made"),
            "valueReference": reference("CarePlan", plan)
        }));
    }
    json!({
        "resourceType": "Observation",
        "id": checkin.id.to_string(),
        "extension": extensions,
        "status": "final",
        "category": category("survey", "Survey"),
        "code": codes::pain_concept(PAIN_NEXT_MORNING, "Pain the next morning"),
        "subject": reference("Patient", record.patient.id),
        "effectiveDateTime": instant(checkin.answered_at),
        "valueInteger": checkin.pain.value()
    })
}

/// The screening's answers, one component each: yes-or-no answers as booleans, the others as
/// Tendo's JSON spelling.
fn screening_components(answers: &Screening) -> Vec<Value> {
    let Ok(Value::Object(fields)) = serde_json::to_value(answers) else {
        return Vec::new();
    };
    fields
        .into_iter()
        .filter(|(_, value)| !value.is_null())
        .map(|(field, value)| {
            let code = codes::tendo_concept(GUN_SCREENING, &field, &field.replace('_', " "));
            match value {
                Value::Bool(answer) => json!({"code": code, "valueBoolean": answer}),
                other => json!({"code": code, "valueString": other.to_string()}),
            }
        })
        .collect()
}

fn screening_observation(record: &FhirRecord, screening: &ScreeningRecord) -> Value {
    json!({
        "resourceType": "Observation",
        "id": screening.id.to_string(),
        "status": "final",
        "category": category("survey", "Survey"),
        "code": codes::tendo_concept("observation", GUN_SCREENING, "Massage-gun screening"),
        "subject": reference("Patient", record.patient.id),
        "effectiveDateTime": instant(screening.answered_at),
        "component": screening_components(&screening.answers)
    })
}

fn gun_session(record: &FhirRecord, session: &MassageGunSession) -> Value {
    let mut components: Vec<Value> = session
        .sites
        .iter()
        .map(|site| {
            json!({
                "code": codes::tendo_concept("massage-gun-site", site.site.id(), site.site.label()),
                "valueQuantity": {
                    "value": site.minutes, "unit": "min", "system": codes::UCUM, "code": "min"
                }
            })
        })
        .collect();
    if let Some(ppm) = session.ppm {
        components.push(json!({
            "code": codes::tendo_concept("observation", "percussions-per-minute", "Percussions per minute"),
            "valueQuantity": {"value": ppm, "unit": "/min", "system": codes::UCUM, "code": "/min"}
        }));
    }
    json!({
        "resourceType": "Observation",
        "id": session.id.to_string(),
        "status": "final",
        "category": category("therapy", "Therapy"),
        "code": codes::tendo_concept("observation", GUN_SESSION, "Massage-gun session"),
        "subject": reference("Patient", record.patient.id),
        "effectiveDateTime": instant(session.started_at),
        "issued": instant(session.logged_at),
        "component": components
    })
}

fn running_week(record: &FhirRecord, week: &RunningWeekRecord) -> Value {
    let end = week
        .week_start
        .checked_add(jiff::Span::new().days(6))
        .unwrap_or(week.week_start);
    json!({
        "resourceType": "Observation",
        "id": format!("running-week-{}", week.week_start),
        "status": "final",
        "category": category("activity", "Activity"),
        "code": codes::tendo_concept("observation", RUNNING_WEEK, "A week of running"),
        "subject": reference("Patient", record.patient.id),
        "effectivePeriod": {"start": week.week_start.to_string(), "end": end.to_string()},
        "issued": instant(week.updated_at),
        "component": [
            {
                "code": codes::tendo_concept("observation", "distance", "Distance run"),
                "valueQuantity": {
                    "value": week.distance_km, "unit": "km", "system": codes::UCUM, "code": "km"
                }
            },
            {
                "code": codes::tendo_concept("observation", "hard-sessions", "Hard sessions"),
                "valueInteger": week.hard_sessions
            }
        ]
    })
}
