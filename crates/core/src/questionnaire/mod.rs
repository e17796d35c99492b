//! The VISA-A and VISA-H questionnaires: structure, scoring and interpretation.
//!
//! Only the structure is kept (domains, answer types, points); the copyrighted item wording is
//! not reproduced. [`items`] describes each item in Tendo's own words, [`score`] adds up the
//! points (rules `Q-VISA-A`, `Q-VISA-H`), [`interpret`] says what a score means (`Q-REC`) and
//! [`change`] says whether a change between two scores matters (`Q-MCID`).

use serde::{Deserialize, Serialize};

use crate::error::FieldError;
use crate::reason::Reason;
use crate::rules::{self, RuleId};

mod change;
mod items;

pub use change::{MEANINGFUL_CHANGE, ScoreChange, change};
pub use items::{AnswerKind, Domain, Item, items};

/// The score from which a person counts as recovered (Iversen 2012).
pub const RECOVERED_SCORE: u8 = 90;

/// The score people without tendon problems usually reach or exceed (Iversen 2012).
pub const HEALTHY_SCORE: u8 = 96;

/// The mean VISA-A score of people with Achilles tendinopathy treated without surgery
/// (Robinson 2001).
pub const VISA_A_NON_SURGICAL_MEAN: u8 = 64;

/// The mean VISA-A score of people with Achilles tendinopathy awaiting surgery (Robinson 2001).
pub const VISA_A_PRESURGICAL_MEAN: u8 = 44;

/// VISA-A scores below this are rarely seen (Iversen 2012).
pub const VISA_A_RARELY_BELOW: u8 = 24;

/// The highest score of questions 1 to 6.
pub const SCALE_MAX: u8 = 10;

/// The allowed answers, and points, of question 7.
pub const Q7_CHOICES: [u8; 4] = [0, 4, 7, 10];

/// Which questionnaire.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Questionnaire {
    /// VISA-A, for Achilles tendinopathy (Robinson 2001).
    VisaA,
    /// VISA-H, for proximal hamstring tendinopathy (Cacchio 2014).
    VisaH,
}

impl Questionnaire {
    /// The name people know it by, such as "VISA-A".
    pub fn name(self) -> &'static str {
        match self {
            Questionnaire::VisaA => "VISA-A",
            Questionnaire::VisaH => "VISA-H",
        }
    }

    /// The rule that describes its structure and scoring.
    pub fn rule(self) -> RuleId {
        match self {
            Questionnaire::VisaA => rules::Q_VISA_A,
            Questionnaire::VisaH => rules::Q_VISA_H,
        }
    }
}

/// The branch of question 8 a person answers.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

impl Q8Branch {
    /// The points for each duration band, from "not at all" to "more than 30 minutes".
    ///
    /// These are the shared VISA bands recorded for VISA-A (evidence.md §5, still to be checked
    /// against the published appendix). The VISA-H bands were not captured, only that question 8
    /// scores up to 30, so VISA-H uses the same bands.
    pub fn band_points(self) -> [u8; 5] {
        match self {
            Q8Branch::A => [0, 7, 14, 21, 30],
            Q8Branch::B => [0, 4, 10, 14, 20],
            Q8Branch::C => [0, 2, 5, 7, 10],
        }
    }
}

impl Q8Minutes {
    /// The position of the band, 0 for "not at all" to 4 for "more than 30 minutes".
    fn band(self) -> usize {
        match self {
            Q8Minutes::None => 0,
            Q8Minutes::UpTo10 => 1,
            Q8Minutes::UpTo20 => 2,
            Q8Minutes::UpTo30 => 3,
            Q8Minutes::Over30 => 4,
        }
    }
}

/// The answer to question 8: one branch and a duration.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Q8Answer {
    /// The branch answered.
    pub branch: Q8Branch,
    /// The duration band.
    pub minutes: Q8Minutes,
}

impl Q8Answer {
    /// The points for this answer: 0–30 on branch A, 0–20 on B, 0–10 on C.
    pub fn points(self) -> u8 {
        self.branch.band_points()[self.minutes.band()]
    }
}

/// A full set of answers; the same structure serves VISA-A and VISA-H.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
        for (answer, number) in self.scale_answers().into_iter().zip(1..) {
            if answer > SCALE_MAX {
                return Err(FieldError::new(
                    format!("q{number}"),
                    format!("expected a whole number from 0 to {SCALE_MAX}, got {answer}"),
                ));
            }
        }
        if !Q7_CHOICES.contains(&self.q7) {
            return Err(FieldError::new(
                "q7",
                format!("expected one of 0, 4, 7 or 10, got {}", self.q7),
            ));
        }
        Ok(())
    }

    /// The answers to questions 1 to 6, in order.
    fn scale_answers(&self) -> [u8; 6] {
        [self.q1, self.q2, self.q3, self.q4, self.q5, self.q6]
    }

    /// The total, 0–100: questions 1 to 7 as answered plus the points of question 8.
    ///
    /// An answer outside its range counts as the highest value allowed below it (11 counts as
    /// 10, 5 on question 7 as 4), so the total never passes 100; [`VisaAnswers::validate`]
    /// rejects such answers instead.
    pub fn total(&self) -> u8 {
        let scales: u8 = self
            .scale_answers()
            .into_iter()
            .map(|answer| answer.min(SCALE_MAX))
            .sum();
        let q7 = Q7_CHOICES
            .into_iter()
            .rev()
            .find(|&choice| choice <= self.q7)
            .unwrap_or(0);
        scales + q7 + self.q8.points()
    }
}

/// Scores a set of answers and says what the score means.
///
/// Both questionnaires add questions 1 to 7 and the points of question 8 to a total of 0–100
/// (rules `Q-VISA-A`, `Q-VISA-H`). VISA-H uses the VISA-A bands for question 8, because its own
/// bands are not in Tendo's evidence. Call [`VisaAnswers::validate`] first, or use
/// [`score_checked`]: out-of-range answers are capped (see [`VisaAnswers::total`]).
pub fn score(questionnaire: Questionnaire, answers: &VisaAnswers) -> VisaScore {
    let total = answers.total();
    let interpretation = interpret(questionnaire, total)
        .into_iter()
        .map(|reason| reason.message)
        .collect::<Vec<_>>()
        .join(" ");
    VisaScore {
        score: total,
        interpretation,
    }
}

/// Validates the answers, then scores them.
pub fn score_checked(
    questionnaire: Questionnaire,
    answers: &VisaAnswers,
) -> Result<VisaScore, FieldError> {
    answers.validate()?;
    Ok(score(questionnaire, answers))
}

/// What a score means, in plain words, with the rule behind each statement.
///
/// A score of 90 or more counts as recovered (`Q-REC`, Iversen 2012). Below that, the reasons
/// say how far the score is from 90 and, for VISA-A, how it compares with typical patients
/// (about 64 without surgery, about 44 before surgery; Robinson 2001). VISA-H has no such
/// reference values, and the reasons say so. A score above 100 is read as 100.
pub fn interpret(questionnaire: Questionnaire, score: u8) -> Vec<Reason> {
    let score = score.min(100);
    let name = questionnaire.name();
    let mut reasons = Vec::new();
    if score >= RECOVERED_SCORE {
        reasons.push(Reason::new(
            rules::Q_REC,
            format!(
                "Your {name} score is {score} out of 100, in the recovered range: \
                 {RECOVERED_SCORE} or more counts as recovered, and people without tendon \
                 problems usually score {HEALTHY_SCORE} or more."
            ),
        ));
        return reasons;
    }
    reasons.push(Reason::new(
        rules::Q_REC,
        format!(
            "Your {name} score is {score} out of 100, where 100 means no symptoms. That is {} \
             short of {RECOVERED_SCORE}, the score that counts as recovered.",
            match RECOVERED_SCORE - score {
                1 => "1 point".to_owned(),
                gap => format!("{gap} points"),
            }
        ),
    ));
    match questionnaire {
        Questionnaire::VisaA => {
            reasons.push(Reason::new(
                rules::Q_VISA_A,
                format!(
                    "For comparison, people with Achilles tendinopathy score about \
                     {VISA_A_NON_SURGICAL_MEAN} on average when treated without surgery, and \
                     about {VISA_A_PRESURGICAL_MEAN} when their symptoms are severe enough for \
                     surgery to be considered."
                ),
            ));
            if score < VISA_A_RARELY_BELOW {
                reasons.push(Reason::new(
                    rules::Q_VISA_A,
                    format!(
                        "Scores under {VISA_A_RARELY_BELOW} are rarely seen: check that each \
                         answer says what you meant, and if it does, talk to your clinician."
                    ),
                ));
            }
        }
        Questionnaire::VisaH => reasons.push(Reason::new(
            rules::Q_VISA_H,
            "VISA-H has no published average scores for people with hamstring tendinopathy yet, \
             so your score is compared only with the recovered range and with your own earlier \
             scores.",
        )),
    }
    reasons
}
