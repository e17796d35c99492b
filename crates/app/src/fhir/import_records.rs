//! The patient's history read back from a Bundle: plan versions from `CarePlan`s, logs from
//! `Observation`s, answers from `QuestionnaireResponse`s, each with a new id.

use std::collections::HashMap;

use jiff::tz::TimeZone;
use serde_json::{Map, Value};
use tendo_core::massage_gun::{Screening, Site};
use tendo_core::pain_score::PainScore;
use tendo_core::programme::{Adjustments, Position, Protocol};
use tendo_core::questionnaire::{Q8Answer, Questionnaire, VisaAnswers};
use tendo_core::reason::Reason;
use tendo_core::rules::RuleId;
use tendo_store::bulk::{BulkBatch, BulkCheckin, BulkIntake, BulkPlanVersion, BulkRunningWeek};
use tendo_store::care::{NewPlanVersion, PlanCause};
use tendo_store::ids::RecordId;
use tendo_store::outcomes::{
    NewMassageGunSession, NewQuestionnaireResponse, NewScreening, RunningWeekRecord, SiteMinutes,
};
use tendo_store::training::{LoggedSet, NewTrainingSession, parse_decision};

use super::codes::{self, extension};
use super::import::{Destination, ImportLine, Index, tendo_extension};
use super::observations::{
    GUN_SCREENING, GUN_SESSION, PAIN_NEXT_MORNING, RUNNING_WEEK, TRAINING_SESSION,
};
use super::questionnaires::{INTAKE, Q8_BANDS, Q8_BRANCHES, score_code};
use super::reader::{Element, Read};

/// The longest free text taken (notes, a clinician's reason, a reason's message).
const MAX_TEXT: usize = 4_000;

/// The history read from a Bundle, and what was left.
pub(crate) struct Imported {
    /// The rows to write.
    pub history: BulkBatch,
    /// Resources read but not kept.
    pub skipped: Vec<ImportLine>,
}

/// A sub-extension of a complex extension, by its `url`.
fn part<'a>(complex: &Element<'a>, name: &str) -> Read<Option<Element<'a>>> {
    Ok(complex
        .items("extension")?
        .into_iter()
        .find(|found| found.value.get("url").and_then(Value::as_str) == Some(name)))
}

fn required_part<'a>(complex: &Element<'a>, name: &str) -> Read<Element<'a>> {
    part(complex, name)?.ok_or_else(|| complex.bad(format!("expected a part named {name}")))
}

fn required_extension<'a>(resource: &Element<'a>, name: &str) -> Read<Element<'a>> {
    tendo_extension(resource, name)?
        .ok_or_else(|| resource.bad(format!("expected the extension {}", extension(name))))
}

fn text(element: &Element<'_>) -> Read<String> {
    let text = element.text()?;
    if text.chars().count() > MAX_TEXT {
        return Err(element.bad(format!("expected at most {MAX_TEXT} characters")));
    }
    Ok(text.to_string())
}

fn small<T: TryFrom<i64>>(element: &Element<'_>, min: i64, max: i64) -> Read<T> {
    let number = element.integer(min, max)?;
    T::try_from(number).map_err(|_| element.bad("out of range"))
}

fn pain(element: &Element<'_>) -> Read<PainScore> {
    let value: u8 = small(element, 0, 10)?;
    PainScore::new(value).ok_or_else(|| element.bad("expected a pain score from 0 to 10"))
}

/// The code of `concept` in one of Tendo's code systems.
fn tendo_code<'a>(
    concept: &Element<'a>,
    system_name: &str,
) -> Read<Option<(Element<'a>, &'a str)>> {
    let system = codes::system(system_name);
    for coding in concept.items("coding")? {
        if coding.value.get("system").and_then(Value::as_str) == Some(system.as_str()) {
            let code = coding.field("code")?;
            let text = code.text()?;
            return Ok(Some((code, text)));
        }
    }
    Ok(None)
}

fn reasons(resource: &Element<'_>) -> Read<Vec<Reason>> {
    let url = extension("reason");
    let mut reasons = Vec::new();
    for found in resource.items("extension")? {
        if found.value.get("url").and_then(Value::as_str) != Some(url.as_str()) {
            continue;
        }
        let rule = required_part(&found, "rule")?.field("valueCode")?;
        let rule_id = RuleId::parse(rule.text()?)
            .ok_or_else(|| rule.bad("expected the id of a rule Tendo knows, such as R-PM1"))?;
        let message = text(&required_part(&found, "message")?.field("valueString")?)?;
        reasons.push(Reason::new(rule_id, message));
    }
    Ok(reasons)
}

struct PlanRead {
    old_id: String,
    version: i64,
    plan: NewPlanVersion,
}

fn position(care_plan: &Element<'_>) -> Read<Position> {
    let complex = required_extension(care_plan, "position")?;
    let protocol = required_part(&complex, "protocol")?.field("valueCode")?;
    let protocol_id = protocol.text()?;
    Ok(Position {
        protocol: Protocol::ALL
            .into_iter()
            .find(|known| known.id() == protocol_id)
            .ok_or_else(|| protocol.bad("expected a protocol Tendo knows"))?,
        level: small(
            &required_part(&complex, "level")?.field("valueInteger")?,
            0,
            255,
        )?,
        weeks_at_level: small(
            &required_part(&complex, "weeksAtLevel")?.field("valueInteger")?,
            0,
            255,
        )?,
        eased: required_part(&complex, "eased")?
            .field("valueBoolean")?
            .boolean()?,
    })
}

fn care_plan(index: &Index<'_>, care_plan: &Element<'_>, to: &Destination) -> Read<PlanRead> {
    let version = required_extension(care_plan, "plan-version")?
        .field("valueInteger")?
        .integer(1, 1_000_000)?;
    let cause_element = required_extension(care_plan, "plan-cause")?.field("valueCode")?;
    let cause = PlanCause::parse(cause_element.text()?)
        .ok_or_else(|| cause_element.bad("expected intake, decision or clinician"))?;
    let sessions_per_week = small(
        &required_extension(care_plan, "sessions-per-week")?.field("valueInteger")?,
        1,
        7,
    )?;
    let addresses = care_plan.items("addresses")?;
    let first = addresses
        .first()
        .ok_or_else(|| care_plan.bad("expected the Condition the plan addresses"))?;
    let condition_resource = index.resolve(first, "Condition")?;
    let code = condition_resource.field("code")?;
    let (code_element, condition_id) = tendo_code(&code, "condition")?
        .ok_or_else(|| code.bad("expected a coding of Tendo's condition code system"))?;
    let condition = codes::parse_condition(condition_id)
        .ok_or_else(|| code_element.bad("expected a condition Tendo knows"))?;
    let side_concept =
        required_extension(condition_resource, "side")?.field("valueCodeableConcept")?;
    let (side_element, side_code) = tendo_code(&side_concept, "side")?
        .ok_or_else(|| side_concept.bad("expected a coding of Tendo's side code system"))?;
    let side = codes::parse_side(side_code)
        .ok_or_else(|| side_element.bad("expected left, right or both"))?;
    let position = position(care_plan)?;
    if let Err(problem) = position.check(condition) {
        return Err(required_extension(care_plan, "position")?.bad(problem.problem));
    }
    let author = care_plan.field("author")?;
    let created_by = match index.resolve(&author, "Patient") {
        Ok(_) => Some(to.patient),
        Err(_) => {
            index.resolve(&author, "Practitioner")?;
            None
        }
    };
    let adjustments = match tendo_extension(care_plan, "adjustments")? {
        Some(found) => {
            let value = found.field("valueString")?;
            serde_json::from_str::<Adjustments>(value.text()?)
                .map_err(|error| value.bad(format!("expected Tendo's adjustments: {error}")))?
        }
        None => Adjustments::default(),
    };
    Ok(PlanRead {
        old_id: care_plan.field("id")?.text()?.to_string(),
        version,
        plan: NewPlanVersion {
            id: RecordId::new(),
            patient_id: to.patient,
            clinic_id: to.clinic,
            created_at: care_plan.field("created")?.instant()?,
            created_by,
            cause,
            condition,
            side,
            position,
            sessions_per_week,
            programme_start: care_plan.field("period")?.field("start")?.date()?,
            reasons: reasons(care_plan)?,
            note: tendo_extension(care_plan, "change-note")?
                .map(|found| found.field("valueString").and_then(|value| text(&value)))
                .transpose()?,
            adjustments,
        },
    })
}

/// The plan versions in order, and the new id of each old one.
fn plans(
    index: &Index<'_>,
    to: &Destination,
) -> Read<(Vec<BulkPlanVersion>, HashMap<String, RecordId>)> {
    let mut read = Vec::new();
    for resource in index.of_type("CarePlan") {
        let plan = care_plan(index, resource, to)?;
        if read
            .iter()
            .any(|other: &PlanRead| other.version == plan.version)
        {
            return Err(required_extension(resource, "plan-version")?
                .bad(format!("plan version {} appears twice", plan.version)));
        }
        read.push(plan);
    }
    read.sort_by_key(|plan| plan.version);
    let ids = read
        .iter()
        .map(|plan| (plan.old_id.clone(), plan.plan.id))
        .collect();
    let versions = read
        .into_iter()
        .zip(1..)
        .map(|(plan, version)| BulkPlanVersion {
            version,
            plan: plan.plan,
        })
        .collect();
    Ok((versions, ids))
}

fn plan_id(
    index: &Index<'_>,
    reference: &Element<'_>,
    plans: &HashMap<String, RecordId>,
) -> Read<RecordId> {
    let old = index.resolve_id(reference, "CarePlan")?;
    plans
        .get(&old)
        .copied()
        .ok_or_else(|| reference.bad("refers to a CarePlan that was not read"))
}

/// What one Observation is, by its Tendo code.
fn observation_code<'a>(observation: &Element<'a>) -> Read<Option<&'a str>> {
    let code = observation.field("code")?;
    Ok(tendo_code(&code, "observation")?.map(|(_, text)| text))
}

fn component<'a>(
    observation: &Element<'a>,
    system: &str,
    wanted: &str,
) -> Read<Option<Element<'a>>> {
    for found in observation.items("component")? {
        let code = found.field("code")?;
        if tendo_code(&code, system)?.is_some_and(|(_, text)| text == wanted) {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

fn required_component<'a>(observation: &Element<'a>, wanted: &str) -> Read<Element<'a>> {
    component(observation, "observation", wanted)?
        .ok_or_else(|| observation.bad(format!("expected a component coded {wanted}")))
}

fn training_session(
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

fn next_morning(
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

fn screening(observation: &Element<'_>, to: &Destination) -> Read<NewScreening> {
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

fn gun_session(observation: &Element<'_>, to: &Destination) -> Read<NewMassageGunSession> {
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

fn running_week(observation: &Element<'_>, to: &Destination) -> Read<BulkRunningWeek> {
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

/// A score `Observation`: its value, kept by the id of the answers it scores.
struct Score<'a> {
    value: Element<'a>,
}

fn first_answer<'a>(item: &Element<'a>) -> Read<Element<'a>> {
    item.items("answer")?
        .into_iter()
        .next()
        .ok_or_else(|| item.bad("expected an answer"))
}

fn visa_answers(response: &Element<'_>) -> Read<VisaAnswers> {
    let items = response.items("item")?;
    let find = |link: &str| {
        items
            .iter()
            .find(|item| item.value.get("linkId").and_then(Value::as_str) == Some(link))
            .ok_or_else(|| response.bad(format!("expected an answer to {link}")))
    };

    let mut scale = [0u8; 7];
    for (slot, number) in scale.iter_mut().zip(1..) {
        let item = find(&format!("q{number}"))?;
        *slot = small(&first_answer(item)?.field("valueInteger")?, 0, 10)?;
    }
    let q8 = find("q8")?;
    let q8_items = q8.items("item")?;
    let coded = |link: &str| -> Read<(Element<'_>, String)> {
        let item = q8_items
            .iter()
            .find(|item| item.value.get("linkId").and_then(Value::as_str) == Some(link))
            .ok_or_else(|| q8.bad(format!("expected an answer to {link}")))?;
        let code = first_answer(item)?.field("valueCoding")?.field("code")?;
        let text = code.text()?.to_string();
        Ok((code, text))
    };
    let (branch_element, branch_code) = coded("q8-branch")?;
    let (minutes_element, minutes_code) = coded("q8-minutes")?;
    let answers = VisaAnswers {
        q1: scale[0],
        q2: scale[1],
        q3: scale[2],
        q4: scale[3],
        q5: scale[4],
        q6: scale[5],
        q7: scale[6],
        q8: Q8Answer {
            branch: Q8_BRANCHES
                .iter()
                .find(|(_, code, _)| *code == branch_code)
                .map(|(branch, _, _)| *branch)
                .ok_or_else(|| branch_element.bad("expected A, B or C"))?,
            minutes: Q8_BANDS
                .iter()
                .find(|(_, code, _)| *code == minutes_code)
                .map(|(band, _, _)| *band)
                .ok_or_else(|| minutes_element.bad("expected 0, 1-10, 11-20, 21-30 or over-30"))?,
        },
    };
    if let Err(problem) = answers.validate() {
        let item = find(&problem.field).unwrap_or(response);
        return Err(item.bad(problem.problem));
    }
    Ok(answers)
}

fn questionnaire_response(
    response: &Element<'_>,
    questionnaire: Questionnaire,
    scores: &HashMap<String, Score<'_>>,
    to: &Destination,
    zone: &TimeZone,
) -> Read<NewQuestionnaireResponse> {
    let answers = visa_answers(response)?;
    let total = answers.total();
    let id = response.field("id")?.text()?;
    if let Some(score) = scores.get(id)
        && score.value.integer(0, 100)? != i64::from(total)
    {
        return Err(score.value.bad(format!(
            "expected {total}, the {} score of the answers it is derived from",
            questionnaire.name()
        )));
    }
    let taken_at = response.field("authored")?.instant()?;
    let taken_on = match tendo_extension(response, "taken-on")? {
        Some(found) => found.field("valueDate")?.date()?,
        None => taken_at.to_zoned(zone.clone()).date(),
    };
    Ok(NewQuestionnaireResponse {
        id: RecordId::new(),
        patient_id: to.patient,
        clinic_id: to.clinic,
        questionnaire,
        taken_at,
        taken_on,
        answers,
        score: total,
    })
}

fn intake(response: &Element<'_>, to: &Destination) -> Read<BulkIntake> {
    let items = response.items("item")?;
    let item = items
        .iter()
        .find(|item| item.value.get("linkId").and_then(Value::as_str) == Some("answers"))
        .ok_or_else(|| response.bad("expected the item answers"))?;
    let answer = item
        .items("answer")?
        .into_iter()
        .next()
        .ok_or_else(|| item.bad("expected an answer"))?
        .field("valueString")?;
    let answers: Value = serde_json::from_str(answer.text()?)
        .ok()
        .filter(Value::is_object)
        .ok_or_else(|| answer.bad("expected Tendo's intake answers as a JSON object"))?;
    if let Err(error) = crate::patient::intake::answers::IntakeAnswers::from_stored(answers.clone())
    {
        return Err(answer.bad(format!(
            "expected Tendo's intake answers: {}",
            error.public_message()
        )));
    }
    let started_at = required_extension(response, "started-at")?
        .field("valueDateTime")?
        .instant()?;
    let completed_at = match tendo_extension(response, "completed-at")? {
        Some(found) => Some(found.field("valueDateTime")?.instant()?),
        None => None,
    };
    Ok(BulkIntake {
        patient_id: to.patient,
        clinic_id: to.clinic,
        answers,
        started_at,
        updated_at: response.field("authored")?.instant()?,
        completed_at,
    })
}

fn skipped(what: &str, count: usize, why: &str) -> Option<ImportLine> {
    (count > 0).then(|| ImportLine {
        what: what.to_string(),
        count: u32::try_from(count).unwrap_or(u32::MAX),
        why: Some(why.to_string()),
    })
}

/// Reads the history: plan versions first (sessions and check-ins refer to them), then the
/// Observations, then the answers (checked against their scores).
pub(crate) fn read(index: &Index<'_>, to: &Destination, zone: &TimeZone) -> Read<Imported> {
    let (plan_versions, plans) = plans(index, to)?;
    let mut history = BulkBatch {
        plan_versions,
        ..BulkBatch::default()
    };
    let mut scores: HashMap<String, Score<'_>> = HashMap::new();
    let mut other_observations = 0;
    let visa_a_score = score_code(Questionnaire::VisaA);
    let visa_h_score = score_code(Questionnaire::VisaH);
    for observation in index.of_type("Observation") {
        match observation_code(observation)? {
            Some(TRAINING_SESSION) => {
                history
                    .sessions
                    .push(training_session(index, observation, to, &plans)?)
            }
            Some(PAIN_NEXT_MORNING) => {
                history
                    .checkins
                    .push(next_morning(index, observation, to, &plans)?)
            }
            Some(GUN_SCREENING) => history.screenings.push(screening(observation, to)?),
            Some(GUN_SESSION) => history.gun_sessions.push(gun_session(observation, to)?),
            Some(RUNNING_WEEK) => history.running_weeks.push(running_week(observation, to)?),
            Some(code) if code == visa_a_score || code == visa_h_score => {
                let derived = observation.items("derivedFrom")?;
                let source = derived.first().ok_or_else(|| {
                    observation.bad("expected the answers it scores (derivedFrom)")
                })?;
                let scored = index.resolve_id(source, "QuestionnaireResponse")?;
                scores.insert(
                    scored,
                    Score {
                        value: observation.field("valueInteger")?,
                    },
                );
            }
            _ => other_observations += 1,
        }
    }
    let mut other_answers = 0;
    for response in index.of_type("QuestionnaireResponse") {
        let canonical = response.field("questionnaire")?;
        let url = canonical.text()?;
        if url == codes::questionnaire_url(INTAKE) {
            if !history.intakes.is_empty() {
                return Err(canonical.bad("expected one intake, found another"));
            }
            history.intakes.push(intake(response, to)?);
        } else if let Some(questionnaire) = [Questionnaire::VisaA, Questionnaire::VisaH]
            .into_iter()
            .find(|known| {
                url == codes::questionnaire_url(super::questionnaires::questionnaire_id(*known))
            })
        {
            history.questionnaires.push(questionnaire_response(
                response,
                questionnaire,
                &scores,
                to,
                zone,
            )?);
        } else {
            other_answers += 1;
        }
    }
    let skipped = [
        skipped(
            "observations",
            other_observations,
            "Tendo keeps only the observations it records itself",
        ),
        skipped(
            "questionnaire answers",
            other_answers,
            "Tendo keeps only its intake, VISA-A and VISA-H",
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    Ok(Imported { history, skipped })
}
