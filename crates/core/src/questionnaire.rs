//! The VISA-A and VISA-H questionnaires: structure, scoring and interpretation.
//!
//! Only the structure is kept (domains, answer types, points); the copyrighted item wording is
//! not reproduced.

use serde::{Deserialize, Serialize};

use crate::error::FieldError;

/// Which questionnaire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Questionnaire {
    /// VISA-A, for Achilles tendinopathy (Robinson 2001).
    VisaA,
    /// VISA-H, for proximal hamstring tendinopathy (Cacchio 2014).
    VisaH,
}

/// The branch of question 8 a person answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Q8Branch {
    /// No pain during load-bearing sport.
    A,
    /// Some pain, but it does not stop the sport.
    B,
    /// Pain stops the sport.
    C,
}

/// How long the person can train, the answer to question 8.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Q8Minutes {
    /// Not at all.
    #[serde(rename = "0")]
    None,
    /// 1 to 10 minutes.
    #[serde(rename = "1-10")]
    UpTo10,
    /// 11 to 20 minutes.
    #[serde(rename = "11-20")]
    UpTo20,
    /// 21 to 30 minutes.
    #[serde(rename = "21-30")]
    UpTo30,
    /// More than 30 minutes.
    #[serde(rename = "over-30")]
    Over30,
}

/// The answer to question 8: one branch and a duration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Q8Answer {
    /// The branch answered.
    pub branch: Q8Branch,
    /// The duration band.
    pub minutes: Q8Minutes,
}

/// A full set of answers; the same structure serves VISA-A and VISA-H.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisaAnswers {
    /// Question 1, 0–10.
    pub q1: u8,
    /// Question 2, 0–10.
    pub q2: u8,
    /// Question 3, 0–10.
    pub q3: u8,
    /// Question 4, 0–10.
    pub q4: u8,
    /// Question 5, 0–10.
    pub q5: u8,
    /// Question 6, 0–10.
    pub q6: u8,
    /// Question 7: 0, 4, 7 or 10.
    pub q7: u8,
    /// Question 8: a branch and a duration.
    pub q8: Q8Answer,
}

/// A score and what it means.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisaScore {
    /// The total, 0–100 (100 is no symptoms).
    pub score: u8,
    /// What the score means, in plain words.
    pub interpretation: String,
}

impl VisaAnswers {
    /// Checks the ranges the types cannot: q1–q6 in 0–10, q7 one of 0, 4, 7, 10.
    pub fn validate(&self) -> Result<(), FieldError> {
        unimplemented!("filled in by the questionnaire work")
    }
}

/// Scores a validated set of answers.
pub fn score(questionnaire: Questionnaire, answers: &VisaAnswers) -> VisaScore {
    let _ = (questionnaire, answers);
    unimplemented!("filled in by the questionnaire work")
}
