//! Reading what people type: every reader adds a message naming the field and what is allowed
//! to a [`FieldErrors`], so that a form shows all its problems at once.
//!
//! Pages and the JSON API send the same text (the API's numbers are turned into text first), so
//! both get the same checks and the same messages.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use tendo_core::pain_score::PainScore;
use tendo_core::questionnaire::{Q7_CHOICES, Q8Answer, Q8Branch, Q8Minutes, VisaAnswers};

use crate::error::FieldErrors;

/// Collects the problems of one form.
#[derive(Debug, Default)]
pub struct Reader {
    /// The problems so far.
    pub errors: FieldErrors,
}

impl Reader {
    /// A whole number from `min` to `max`; `None` (with a message) when missing or wrong.
    pub fn number(
        &mut self,
        field: &str,
        text: &str,
        min: i64,
        max: i64,
        what: &str,
    ) -> Option<i64> {
        let text = text.trim();
        if text.is_empty() {
            self.errors.add(
                field,
                format!("enter {what}: a whole number from {min} to {max}"),
            );
            return None;
        }
        match text.parse::<i64>() {
            Ok(value) if (min..=max).contains(&value) => Some(value),
            _ => {
                self.errors.add(
                    field,
                    format!("{what} must be a whole number from {min} to {max}, not `{text}`"),
                );
                None
            }
        }
    }

    /// Like [`Reader::number`], but empty is allowed and gives `None` without a message.
    pub fn optional_number(
        &mut self,
        field: &str,
        text: &str,
        min: i64,
        max: i64,
        what: &str,
    ) -> Option<i64> {
        if text.trim().is_empty() {
            None
        } else {
            self.number(field, text, min, max, what)
        }
    }

    /// An optional decimal from `min` to `max` (a comma counts as the decimal point).
    pub fn optional_decimal(
        &mut self,
        field: &str,
        text: &str,
        min: f64,
        max: f64,
        what: &str,
    ) -> Option<f64> {
        let text = text.trim().replace(',', ".");
        if text.is_empty() {
            return None;
        }
        match text.parse::<f64>() {
            Ok(value) if value.is_finite() && value >= min && value <= max => Some(value),
            _ => {
                self.errors.add(
                    field,
                    format!("{what} must be a number from {min} to {max}, not `{text}`"),
                );
                None
            }
        }
    }

    /// A pain score, 0–10.
    pub fn pain(&mut self, field: &str, text: &str, what: &str) -> Option<PainScore> {
        self.number(field, text, 0, 10, what)
            .and_then(|value| u8::try_from(value).ok())
            .and_then(PainScore::new)
    }

    /// `yes` or `no` (also `true`/`false`, `on`).
    pub fn yes_no(&mut self, field: &str, text: &str, question: &str) -> Option<bool> {
        match text.trim().to_ascii_lowercase().as_str() {
            "yes" | "true" | "on" => Some(true),
            "no" | "false" => Some(false),
            "" => {
                self.errors
                    .add(field, format!("answer yes or no: {question}"));
                None
            }
            other => {
                self.errors.add(
                    field,
                    format!("answer yes or no, not `{other}`: {question}"),
                );
                None
            }
        }
    }

    /// A date as `YYYY-MM-DD` within `earliest..=latest`.
    pub fn date(
        &mut self,
        field: &str,
        text: &str,
        earliest: Date,
        latest: Date,
        what: &str,
    ) -> Option<Date> {
        let text = text.trim();
        if text.is_empty() {
            self.errors
                .add(field, format!("enter {what} as a date, such as {latest}"));
            return None;
        }
        match text.parse::<Date>() {
            Ok(date) if date >= earliest && date <= latest => Some(date),
            Ok(date) => {
                self.errors.add(
                    field,
                    format!("{what} must be from {earliest} to {latest}, not {date}"),
                );
                None
            }
            Err(_) => {
                self.errors.add(
                    field,
                    format!("{what} must be a date written as YYYY-MM-DD, such as {latest}"),
                );
                None
            }
        }
    }

    /// Free text of at most `max` characters (trimmed; empty gives `None`).
    pub fn note(&mut self, field: &str, text: &str, max: usize) -> Option<String> {
        let text = text.trim();
        if text.chars().count() > max {
            self.errors
                .add(field, format!("keep this to {max} characters or fewer"));
            return None;
        }
        (!text.is_empty()).then(|| text.to_string())
    }
}

/// The answers to a VISA questionnaire as typed: one text per field.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VisaInput {
    /// Question 1, 0–10.
    pub q1: String,
    /// Question 2, 0–10.
    pub q2: String,
    /// Question 3, 0–10.
    pub q3: String,
    /// Question 4, 0–10.
    pub q4: String,
    /// Question 5, 0–10.
    pub q5: String,
    /// Question 6, 0–10.
    pub q6: String,
    /// Question 7: 0, 4, 7 or 10.
    pub q7: String,
    /// Question 8's branch: `a`, `b` or `c`.
    pub q8_branch: String,
    /// Question 8's duration: `0`, `1-10`, `11-20`, `21-30` or `over-30`.
    pub q8_minutes: String,
}

impl VisaInput {
    /// The typed answers of stored ones, for showing a form again.
    pub fn from_answers(answers: &VisaAnswers) -> VisaInput {
        VisaInput {
            q1: answers.q1.to_string(),
            q2: answers.q2.to_string(),
            q3: answers.q3.to_string(),
            q4: answers.q4.to_string(),
            q5: answers.q5.to_string(),
            q6: answers.q6.to_string(),
            q7: answers.q7.to_string(),
            q8_branch: match answers.q8.branch {
                Q8Branch::A => "a",
                Q8Branch::B => "b",
                Q8Branch::C => "c",
            }
            .into(),
            q8_minutes: minutes_id(answers.q8.minutes).into(),
        }
    }

    /// The answer to question `number` (1–7) as typed.
    pub fn answer(&self, number: u8) -> &str {
        match number {
            1 => &self.q1,
            2 => &self.q2,
            3 => &self.q3,
            4 => &self.q4,
            5 => &self.q5,
            6 => &self.q6,
            _ => &self.q7,
        }
    }

    /// Reads the answers, adding a message for each one missing or out of range.
    pub fn read(&self, reader: &mut Reader) -> Option<VisaAnswers> {
        let scales: Vec<Option<u8>> = (1..=6)
            .map(|number| {
                reader
                    .number(
                        &format!("q{number}"),
                        self.answer(number),
                        0,
                        10,
                        &format!("the answer to question {number}"),
                    )
                    .and_then(|value| u8::try_from(value).ok())
            })
            .collect();
        let q7 = match self.q7.trim().parse::<u8>() {
            Ok(value) if Q7_CHOICES.contains(&value) => Some(value),
            _ => {
                reader
                    .errors
                    .add("q7", "choose one of the four answers to question 7");
                None
            }
        };
        let branch = match self.q8_branch.trim().to_ascii_lowercase().as_str() {
            "a" => Some(Q8Branch::A),
            "b" => Some(Q8Branch::B),
            "c" => Some(Q8Branch::C),
            _ => {
                reader.errors.add(
                    "q8_branch",
                    "choose whether you train without pain, with pain that does not stop you, \
                     or with pain that stops you",
                );
                None
            }
        };
        let minutes = match parse_minutes(self.q8_minutes.trim()) {
            Some(minutes) => Some(minutes),
            None => {
                reader
                    .errors
                    .add("q8_minutes", "choose how long you can train");
                None
            }
        };
        let [q1, q2, q3, q4, q5, q6] = [
            scales[0], scales[1], scales[2], scales[3], scales[4], scales[5],
        ];
        Some(VisaAnswers {
            q1: q1?,
            q2: q2?,
            q3: q3?,
            q4: q4?,
            q5: q5?,
            q6: q6?,
            q7: q7?,
            q8: Q8Answer {
                branch: branch?,
                minutes: minutes?,
            },
        })
    }
}

/// The spelling of a question-8 duration band.
pub fn minutes_id(minutes: Q8Minutes) -> &'static str {
    match minutes {
        Q8Minutes::None => "0",
        Q8Minutes::UpTo10 => "1-10",
        Q8Minutes::UpTo20 => "11-20",
        Q8Minutes::UpTo30 => "21-30",
        Q8Minutes::Over30 => "over-30",
    }
}

/// Reads a question-8 duration band.
pub fn parse_minutes(text: &str) -> Option<Q8Minutes> {
    [
        Q8Minutes::None,
        Q8Minutes::UpTo10,
        Q8Minutes::UpTo20,
        Q8Minutes::UpTo30,
        Q8Minutes::Over30,
    ]
    .into_iter()
    .find(|minutes| minutes_id(*minutes) == text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_is_named() {
        let mut reader = Reader::default();
        assert_eq!(reader.pain("pain_during", "11", "pain during"), None);
        assert_eq!(reader.number("days", "", 1, 7, "days a week"), None);
        assert_eq!(
            reader.optional_decimal("load", "12,5", 0.0, 500.0, "the load"),
            Some(12.5)
        );
        assert_eq!(reader.yes_no("settled", "maybe", "is it settled?"), None);
        let fields: Vec<&str> = reader
            .errors
            .0
            .iter()
            .map(|problem| problem.field.as_str())
            .collect();
        assert_eq!(fields, ["pain_during", "days", "settled"]);
        assert!(reader.errors.0[0].message.contains("0 to 10"));
    }

    #[test]
    fn visa_answers_round_trip_through_the_form() {
        let input = VisaInput {
            q1: "3".into(),
            q2: "4".into(),
            q3: "5".into(),
            q4: "6".into(),
            q5: "7".into(),
            q6: "8".into(),
            q7: "7".into(),
            q8_branch: "b".into(),
            q8_minutes: "11-20".into(),
        };
        let mut reader = Reader::default();
        let answers = input.read(&mut reader).unwrap();
        assert!(reader.errors.0.is_empty());
        assert_eq!(VisaInput::from_answers(&answers), input);
        let mut reader = Reader::default();
        assert_eq!(VisaInput::default().read(&mut reader), None);
        assert_eq!(reader.errors.0.len(), 9, "{:?}", reader.errors);
    }
}
