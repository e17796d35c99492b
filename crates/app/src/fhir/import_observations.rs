//! The patient's logs read back from `Observation`s: training sessions with their sets and
//! pains, next-morning pains, the massage-gun screening and sessions, the running log.

use std::collections::HashMap;

use serde_json::{Map, Value};
use tendo_core::massage_gun::{Screening, Site};
use tendo_store::bulk::{BulkCheckin, BulkRunningWeek};
use tendo_store::ids::RecordId;
use tendo_store::outcomes::{NewMassageGunSession, NewScreening, RunningWeekRecord, SiteMinutes};
use tendo_store::training::{LoggedSet, NewTrainingSession, parse_decision};

use super::codes::extension;
use super::import::{Destination, Index, tendo_extension};
use super::import_records::{
    pain, part, plan_id, reasons, required_component, required_extension, required_part, small,
    tendo_code, text,
};
use super::observations::GUN_SCREENING;
use super::reader::{Element, Read};

pub(super) fn training_session(
    index: &Index<'_>,
    observation: &Element<'_>,
    to: &Destination,
    plans: &HashMap<String, RecordId>,
) -> Read<NewTrainingSession> {
    let based_on = observation.items("basedOn")?;
    let plan = based_on
        .first()
        .ok_or_else(|| observation.bad("expected the CarePlan the session followed (basedOn)"))?;
    let mut sets = Vec::new();
    let url = extension("training-set");
    for found in observation.items("extension")? {
        if found.value.get("url").and_then(Value::as_str) != Some(url.as_str()) {
            continue;
        }
        let exercise = required_part(&found, "exercise")?.field("valueCode")?;
        let exercise_text = exercise.text()?;
        if exercise_text.is_empty() || exercise_text.len() > 100 {
            return Err(exercise.bad("expected an exercise id of 1 to 100 characters"));
        }
        sets.push(LoggedSet {
            exercise: exercise_text.to_string(),
            set_number: small(
                &required_part(&found, "setNumber")?.field("valueInteger")?,
                1,
                255,
            )?,
            reps: part(&found, "repetitions")?
                .map(|reps| {
                    reps.field("valueInteger")
                        .and_then(|value| small(&value, 0, 10_000))
                })
                .transpose()?,
            load_kg: part(&found, "loadKg")?
                .map(|load| {
                    load.field("valueDecimal")
                        .and_then(|value| value.decimal(0.0, 1_000.0))
                })
                .transpose()?,
            hold_seconds: part(&found, "holdSeconds")?
                .map(|hold| {
                    hold.field("valueInteger")
                        .and_then(|value| small(&value, 0, 3_600))
                })
                .transpose()?,
        });
    }
    let note = match observation.items("note")?.first() {
        Some(note) => Some(text(&note.field("text")?)?),
        None => None,
    };
    Ok(NewTrainingSession {
        id: RecordId::new(),
        patient_id: to.patient,
        clinic_id: to.clinic,
        plan_version_id: plan_id(index, plan, plans)?,
        date: observation.field("effectiveDateTime")?.date()?,
        logged_at: observation.field("issued")?.instant()?,
        pain_during: pain(&required_component(observation, "pain-during")?.field("valueInteger")?)?,
        pain_after: pain(&required_component(observation, "pain-after")?.field("valueInteger")?)?,
        sets,
        note,
    })
}

pub(super) fn next_morning(
    index: &Index<'_>,
    observation: &Element<'_>,
    to: &Destination,
    plans: &HashMap<String, RecordId>,
) -> Read<BulkCheckin> {
    let decision = required_extension(observation, "load-decision")?.field("valueCode")?;
    let plan_made = match tendo_extension(observation, "plan-made")? {
        Some(found) => Some(plan_id(index, &found.field("valueReference")?, plans)?),
        None => None,
    };
    Ok(BulkCheckin {
        id: RecordId::new(),
        patient_id: to.patient,
        clinic_id: to.clinic,
        session_date: required_extension(observation, "session-date")?
            .field("valueDate")?
            .date()?,
        answered_at: observation.field("effectiveDateTime")?.instant()?,
        pain: pain(&observation.field("valueInteger")?)?,
        decision: parse_decision(decision.text()?)
            .ok_or_else(|| decision.bad("expected progress, hold or regress"))?,
        reasons: reasons(observation)?,
        plan_version_id: plan_made,
    })
}

pub(super) fn screening(observation: &Element<'_>, to: &Destination) -> Read<NewScreening> {
    let mut answers = Map::new();
    for found in observation.items("component")? {
        let code = found.field("code")?;
        let (_, field) = tendo_code(&code, GUN_SCREENING)?
            .ok_or_else(|| code.bad("expected a coding of Tendo's screening code system"))?;
        let value = match found.opt("valueBoolean") {
            Some(answer) => Value::Bool(answer.boolean()?),
            None => {
                let answer = found.field("valueString")?;
                serde_json::from_str(answer.text()?)
                    .map_err(|_| answer.bad("expected an answer in Tendo's JSON spelling"))?
            }
        };
        answers.insert(field.to_string(), value);
    }
    let answers: Screening = serde_json::from_value(Value::Object(answers)).map_err(|error| {
        observation.bad(format!(
            "expected the answers of Tendo's massage-gun screening: {error}"
        ))
    })?;
    Ok(NewScreening {
        id: RecordId::new(),
        patient_id: to.patient,
        clinic_id: to.clinic,
        answered_at: observation.field("effectiveDateTime")?.instant()?,
        answers,
    })
}

pub(super) fn gun_session(
    observation: &Element<'_>,
    to: &Destination,
) -> Read<NewMassageGunSession> {
    let mut sites = Vec::new();
    let mut ppm = None;
    for found in observation.items("component")? {
        let code = found.field("code")?;
        let value = found.field("valueQuantity")?.field("value")?;
        if let Some((site_element, site_id)) = tendo_code(&code, "massage-gun-site")? {
            let site = Site::ALL
                .into_iter()
                .find(|site| site.id() == site_id)
                .ok_or_else(|| site_element.bad("expected a massage-gun site Tendo knows"))?;
            sites.push(SiteMinutes {
                site,
                minutes: value.decimal(0.0, 60.0)?,
            });
        } else {
            ppm = Some(small(&value, 0, 10_000)?);
        }
    }
    Ok(NewMassageGunSession {
        id: RecordId::new(),
        patient_id: to.patient,
        clinic_id: to.clinic,
        started_at: observation.field("effectiveDateTime")?.instant()?,
        logged_at: observation.field("issued")?.instant()?,
        ppm,
        sites,
    })
}

pub(super) fn running_week(observation: &Element<'_>, to: &Destination) -> Read<BulkRunningWeek> {
    let distance = required_component(observation, "distance")?
        .field("valueQuantity")?
        .field("value")?;
    Ok(BulkRunningWeek {
        patient_id: to.patient,
        clinic_id: to.clinic,
        week: RunningWeekRecord {
            week_start: observation
                .field("effectivePeriod")?
                .field("start")?
                .date()?,
            distance_km: distance.decimal(0.0, 2_000.0)?,
            hard_sessions: small(
                &required_component(observation, "hard-sessions")?.field("valueInteger")?,
                0,
                50,
            )?,
            updated_at: observation.field("issued")?.instant()?,
        },
    })
}
