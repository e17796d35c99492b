//! The patient's history read back from a Bundle: plan versions from `CarePlan`s, logs from
//! `Observation`s, answers from `QuestionnaireResponse`s, each with a new id.

use std::collections::HashMap;

use jiff::tz::TimeZone;
use serde_json::Value;
use tendo_core::pain_score::PainScore;
use tendo_core::programme::{Adjustments, Position, Protocol};
use tendo_core::questionnaire::Questionnaire;
use tendo_core::reason::Reason;
use tendo_core::rules::RuleId;
use tendo_store::bulk::{BulkBatch, BulkPlanVersion};
use tendo_store::care::{NewPlanVersion, PlanCause};
use tendo_store::ids::RecordId;

use super::codes::{self, extension};
use super::import::{Destination, ImportLine, Index, tendo_extension};
use super::observations::{
    GUN_SCREENING, GUN_SESSION, PAIN_NEXT_MORNING, RUNNING_WEEK, TRAINING_SESSION,
};
use super::questionnaires::{INTAKE, score_code};
use super::reader::{Element, Read};
use super::{import_answers, import_observations, import_safety};

/// The longest free text taken (notes, a clinician's reason, a reason's message).
pub(super) const MAX_TEXT: usize = 4_000;

/// The history read from a Bundle, and what was left.
pub(crate) struct Imported {
    /// The rows to write.
    pub history: BulkBatch,
    /// Resources read but not kept.
    pub skipped: Vec<ImportLine>,
}

/// A sub-extension of a complex extension, by its `url`.
pub(super) fn part<'a>(complex: &Element<'a>, name: &str) -> Read<Option<Element<'a>>> {
    Ok(complex
        .items("extension")?
        .into_iter()
        .find(|found| found.value.get("url").and_then(Value::as_str) == Some(name)))
}

pub(super) fn required_part<'a>(complex: &Element<'a>, name: &str) -> Read<Element<'a>> {
    part(complex, name)?.ok_or_else(|| complex.bad(format!("expected a part named {name}")))
}

pub(super) fn required_extension<'a>(resource: &Element<'a>, name: &str) -> Read<Element<'a>> {
    tendo_extension(resource, name)?
        .ok_or_else(|| resource.bad(format!("expected the extension {}", extension(name))))
}

pub(super) fn text(element: &Element<'_>) -> Read<String> {
    let text = element.text()?;
    if text.chars().count() > MAX_TEXT {
        return Err(element.bad(format!("expected at most {MAX_TEXT} characters")));
    }
    Ok(text.to_string())
}

pub(super) fn small<T: TryFrom<i64>>(element: &Element<'_>, min: i64, max: i64) -> Read<T> {
    let number = element.integer(min, max)?;
    T::try_from(number).map_err(|_| element.bad("out of range"))
}

pub(super) fn pain(element: &Element<'_>) -> Read<PainScore> {
    let value: u8 = small(element, 0, 10)?;
    PainScore::new(value).ok_or_else(|| element.bad("expected a pain score from 0 to 10"))
}

/// The code of `concept` in one of Tendo's code systems.
pub(super) fn tendo_code<'a>(
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

pub(super) fn reasons(resource: &Element<'_>) -> Read<Vec<Reason>> {
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
    /// Where the clinician's adjustments are, when there are some.
    adjustments_at: Option<String>,
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

fn care_plan(
    index: &Index<'_>,
    care_plan: &Element<'_>,
    to: &Destination,
    zone: &TimeZone,
) -> Read<PlanRead> {
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
    // The patient made it (their intake or a check-in), or a clinician of the other clinic,
    // who is not known here.
    let created_by = match care_plan.opt("author") {
        Some(author) => match index.resolve(&author, "Patient") {
            Ok(_) => Some(to.patient),
            Err(_) => {
                index.resolve(&author, "Practitioner")?;
                None
            }
        },
        None => None,
    };
    let (adjustments, adjustments_at) = match tendo_extension(care_plan, "adjustments")? {
        Some(found) => {
            let value = found.field("valueString")?;
            let adjustments = serde_json::from_str::<Adjustments>(value.text()?)
                .map_err(|error| value.bad(format!("expected Tendo's adjustments: {error}")))?;
            (adjustments, Some(value.path.clone()))
        }
        None => (Adjustments::default(), None),
    };
    let plan = PlanRead {
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
            equipment: None,
        },
        adjustments_at,
    };
    if let Some(at) = &plan.adjustments_at {
        import_safety::check_adjustments(&plan.plan, zone, at)?;
    }
    Ok(plan)
}

/// The plan versions in order, the new id of each old one, and where each plan's adjustments
/// are (by new id).
type Plans = (
    Vec<BulkPlanVersion>,
    HashMap<String, RecordId>,
    HashMap<RecordId, String>,
);

/// The plan versions in order, and the new id of each old one.
fn plans(index: &Index<'_>, to: &Destination, zone: &TimeZone) -> Read<Plans> {
    let mut read = Vec::new();
    for resource in index.of_type("CarePlan") {
        let plan = care_plan(index, resource, to, zone)?;
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
    let adjusted = read
        .iter()
        .filter_map(|plan| Some((plan.plan.id, plan.adjustments_at.clone()?)))
        .collect();
    let versions = read
        .into_iter()
        .zip(1..)
        .map(|(plan, version)| BulkPlanVersion {
            version,
            plan: plan.plan,
        })
        .collect();
    Ok((versions, ids, adjusted))
}

pub(super) fn plan_id(
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

pub(super) fn component<'a>(
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

pub(super) fn required_component<'a>(observation: &Element<'a>, wanted: &str) -> Read<Element<'a>> {
    component(observation, "observation", wanted)?
        .ok_or_else(|| observation.bad(format!("expected a component coded {wanted}")))
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
    let (plan_versions, plans, adjusted) = plans(index, to, zone)?;
    let mut history = BulkBatch {
        plan_versions,
        ..BulkBatch::default()
    };
    let mut scores: HashMap<String, import_answers::Score<'_>> = HashMap::new();
    let mut other_observations = 0;
    let visa_a_score = score_code(Questionnaire::VisaA);
    let visa_h_score = score_code(Questionnaire::VisaH);
    for observation in index.of_type("Observation") {
        match observation_code(observation)? {
            Some(TRAINING_SESSION) => history.sessions.push(import_observations::training_session(
                index,
                observation,
                to,
                &plans,
            )?),
            Some(PAIN_NEXT_MORNING) => history.checkins.push(import_observations::next_morning(
                index,
                observation,
                to,
                &plans,
            )?),
            Some(GUN_SCREENING) => history
                .screenings
                .push(import_observations::screening(observation, to)?),
            Some(GUN_SESSION) => history
                .gun_sessions
                .push(import_observations::gun_session(observation, to)?),
            Some(RUNNING_WEEK) => history
                .running_weeks
                .push(import_observations::running_week(observation, to)?),
            Some(code) if code == visa_a_score || code == visa_h_score => {
                let derived = observation.items("derivedFrom")?;
                let source = derived.first().ok_or_else(|| {
                    observation.bad("expected the answers it scores (derivedFrom)")
                })?;
                let scored = index.resolve_id(source, "QuestionnaireResponse")?;
                scores.insert(
                    scored,
                    import_answers::Score {
                        value: observation.field("valueInteger")?,
                    },
                );
            }
            _ => other_observations += 1,
        }
    }
    import_safety::check_prescriptions(&history, &adjusted)?;
    let mut other_answers = 0;
    for response in index.of_type("QuestionnaireResponse") {
        let canonical = response.field("questionnaire")?;
        let url = canonical.text()?;
        if url == codes::questionnaire_url(INTAKE) {
            if !history.intakes.is_empty() {
                return Err(canonical.bad("expected one intake, found another"));
            }
            history.intakes.push(import_answers::intake(response, to)?);
        } else if let Some(questionnaire) = [Questionnaire::VisaA, Questionnaire::VisaH]
            .into_iter()
            .find(|known| {
                url == codes::questionnaire_url(super::questionnaires::questionnaire_id(*known))
            })
        {
            history
                .questionnaires
                .push(import_answers::questionnaire_response(
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
