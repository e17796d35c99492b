//! Answers read back from `QuestionnaireResponse`s: VISA-A and VISA-H (checked against their
//! score `Observation`s) and the intake.

use std::collections::HashMap;

use jiff::tz::TimeZone;
use serde_json::Value;
use tendo_core::questionnaire::{Q8Answer, Questionnaire, VisaAnswers};
use tendo_store::bulk::BulkIntake;
use tendo_store::ids::RecordId;
use tendo_store::outcomes::NewQuestionnaireResponse;

use super::import::{Destination, tendo_extension};
use super::import_records::{required_extension, small};
use super::questionnaires::{Q8_BANDS, Q8_BRANCHES};
use super::reader::{Element, Read};

/// A score `Observation`: its value, kept by the id of the answers it scores.
pub(super) struct Score<'a> {
    /// The score's `valueInteger`.
    pub value: Element<'a>,
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

pub(super) fn questionnaire_response(
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

pub(super) fn intake(response: &Element<'_>, to: &Destination) -> Read<BulkIntake> {
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
