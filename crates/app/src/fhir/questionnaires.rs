//! VISA-A and VISA-H as FHIR `Questionnaire`s (Tendo's own wording of each item, from
//! `tendo_core::questionnaire`), each answer set as a `QuestionnaireResponse` with its score as
//! an `Observation`, and the intake as a `QuestionnaireResponse` holding Tendo's answers
//! document.

use serde_json::{Value, json};
use tendo_core::questionnaire::{
    AnswerKind, Q7_CHOICES, Q8Branch, Q8Minutes, Questionnaire, items,
};
use tendo_store::outcomes::{QuestionnaireResponse, questionnaire_str};

use super::codes::{self, extension};
use super::export::{instant, reference};
use super::observations::category;
use super::record::FhirRecord;

/// The id of the intake's Questionnaire.
pub const INTAKE: &str = "intake";

/// Every branch of question 8, with its words.
pub const Q8_BRANCHES: [(Q8Branch, &str, &str); 3] = [
    (
        Q8Branch::A,
        "A",
        "No pain during sport that loads the tendon",
    ),
    (
        Q8Branch::B,
        "B",
        "Some pain, but it does not stop the sport",
    ),
    (Q8Branch::C, "C", "Pain that stops the sport"),
];

/// Every duration band of question 8, with its words.
pub const Q8_BANDS: [(Q8Minutes, &str, &str); 5] = [
    (Q8Minutes::None, "0", "Not at all"),
    (Q8Minutes::UpTo10, "1-10", "1 to 10 minutes"),
    (Q8Minutes::UpTo20, "11-20", "11 to 20 minutes"),
    (Q8Minutes::UpTo30, "21-30", "21 to 30 minutes"),
    (Q8Minutes::Over30, "over-30", "More than 30 minutes"),
];

/// The id of a questionnaire's definition, `visa-a` or `visa-h`.
pub fn questionnaire_id(questionnaire: Questionnaire) -> &'static str {
    questionnaire_str(questionnaire)
}

/// The code of a questionnaire's score Observation.
pub fn score_code(questionnaire: Questionnaire) -> String {
    format!("{}-score", questionnaire_id(questionnaire))
}

/// The definition of VISA-A or VISA-H.
pub fn definition(questionnaire: Questionnaire) -> Value {
    let id = questionnaire_id(questionnaire);
    let name = questionnaire.name();
    let items: Vec<Value> = items(questionnaire)
        .iter()
        .map(|item| {
            let text = format!(
                "{} (lowest: {}; highest: {})",
                item.question, item.low_anchor, item.high_anchor
            );
            let link = format!("q{}", item.number);
            match item.answer {
                AnswerKind::Scale0To10 => json!({
                    "linkId": link, "text": text, "type": "integer", "required": true,
                    "extension": [
                        {"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": 0},
                        {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": 10}
                    ]
                }),
                AnswerKind::Choice0To10 => json!({
                    "linkId": link, "text": text, "type": "choice", "required": true,
                    "answerOption": Q7_CHOICES.iter()
                        .map(|points| json!({"valueInteger": points}))
                        .collect::<Vec<_>>()
                }),
                AnswerKind::Q8Branching => json!({
                    "linkId": link, "text": text, "type": "group", "required": true,
                    "item": [
                        {
                            "linkId": "q8-branch", "text": "Which describes your sport best?",
                            "type": "choice", "required": true,
                            "answerOption": Q8_BRANCHES.iter().map(|(_, code, words)| json!({
                                "valueCoding": {"system": codes::system("visa-q8-branch"), "code": code, "display": words}
                            })).collect::<Vec<_>>()
                        },
                        {
                            "linkId": "q8-minutes", "text": "How long can you train?",
                            "type": "choice", "required": true,
                            "answerOption": Q8_BANDS.iter().map(|(_, code, words)| json!({
                                "valueCoding": {"system": codes::system("visa-q8-minutes"), "code": code, "display": words}
                            })).collect::<Vec<_>>()
                        }
                    ]
                }),
            }
        })
        .collect();
    json!({
        "resourceType": "Questionnaire",
        "id": id,
        "url": codes::questionnaire_url(id),
        "name": name.replace('-', "_"),
        "title": format!("{name}, in Tendo's own words"),
        "status": "active",
        "subjectType": ["Patient"],
        "description": format!(
            "The structure and scoring of {name} (0 to 100, 100 is no symptoms), each item in \
             Tendo's own words."
        ),
        "item": items
    })
}

fn coding_of<T: PartialEq + Copy>(
    table: &[(T, &'static str, &'static str)],
    wanted: T,
    system: &str,
) -> Value {
    table.iter().find(|(value, _, _)| *value == wanted).map_or(
        Value::Null,
        |(_, code, words)| json!({"system": codes::system(system), "code": code, "display": words}),
    )
}

/// One VISA answer set.
pub fn response(record: &FhirRecord, response: &QuestionnaireResponse) -> Value {
    let answers = &response.answers;
    let scale = [
        answers.q1, answers.q2, answers.q3, answers.q4, answers.q5, answers.q6, answers.q7,
    ];
    let mut item: Vec<Value> = scale
        .iter()
        .zip(1..)
        .map(|(answer, number)| {
            json!({"linkId": format!("q{number}"), "answer": [{"valueInteger": answer}]})
        })
        .collect();
    item.push(json!({
        "linkId": "q8",
        "item": [
            {"linkId": "q8-branch", "answer": [{"valueCoding": coding_of(&Q8_BRANCHES, answers.q8.branch, "visa-q8-branch")}]},
            {"linkId": "q8-minutes", "answer": [{"valueCoding": coding_of(&Q8_BANDS, answers.q8.minutes, "visa-q8-minutes")}]}
        ]
    }));
    json!({
        "resourceType": "QuestionnaireResponse",
        "id": response.id.to_string(),
        "extension": [{"url": extension("taken-on"), "valueDate": response.taken_on.to_string()}],
        "questionnaire": codes::questionnaire_url(questionnaire_id(response.questionnaire)),
        "status": "completed",
        "subject": reference("Patient", record.patient.id),
        "authored": instant(response.taken_at),
        "item": item
    })
}

/// The score of one answer set.
pub fn score(record: &FhirRecord, response: &QuestionnaireResponse) -> Value {
    let name = response.questionnaire.name();
    json!({
        "resourceType": "Observation",
        "id": format!("score-{}", response.id),
        "status": "final",
        "category": category("survey", "Survey"),
        "code": codes::tendo_concept("observation", &score_code(response.questionnaire), &format!("{name} score")),
        "subject": reference("Patient", record.patient.id),
        "effectiveDateTime": instant(response.taken_at),
        "valueInteger": response.score,
        "derivedFrom": [reference("QuestionnaireResponse", response.id)]
    })
}

/// The intake: Tendo's answers document, kept whole as JSON text.
fn intake(record: &FhirRecord) -> Option<Value> {
    let intake = record.intake.as_ref()?;
    let mut extensions = vec![json!({
        "url": extension("started-at"), "valueDateTime": instant(intake.started_at)
    })];
    if let Some(completed) = intake.completed_at {
        extensions.push(json!({
            "url": extension("completed-at"), "valueDateTime": instant(completed)
        }));
    }
    Some(json!({
        "resourceType": "QuestionnaireResponse",
        "id": format!("intake-{}", record.patient.id),
        "extension": extensions,
        "questionnaire": codes::questionnaire_url(INTAKE),
        "status": if intake.completed_at.is_some() { "completed" } else { "in-progress" },
        "subject": reference("Patient", record.patient.id),
        "authored": instant(intake.updated_at),
        "item": [{
            "linkId": "answers",
            "text": "The intake's answers as Tendo keeps them (JSON)",
            "answer": [{"valueString": intake.answers.to_string()}]
        }]
    }))
}

/// The definitions, the intake, and every answer set with its score.
pub fn resources(record: &FhirRecord) -> Vec<Value> {
    let mut resources = vec![
        definition(Questionnaire::VisaA),
        definition(Questionnaire::VisaH),
    ];
    resources.extend(intake(record));
    for answered in &record.questionnaires {
        resources.push(response(record, answered));
        resources.push(score(record, answered));
    }
    resources
}
