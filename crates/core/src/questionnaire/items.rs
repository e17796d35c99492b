//! The structure of each questionnaire, item by item, described in Tendo's own words.
//!
//! The labels say what an item is about; they are not the questionnaire's wording, which is
//! copyrighted and is shown to people from a licensed copy.
//!
//! For VISA-A, Tendo's evidence records the domains (pain: items 1–3, function in daily life:
//! 4–6, sport: 7–8) and the points; the topics in the labels are a short description of the
//! published items. For VISA-H, the evidence records only that the eight items cover buttock
//! pain, function and sport, that items 1–6 are 0–10 scales, item 7 a choice scored 0, 4, 7 or
//! 10 and item 8 a training duration worth up to 30 points. Its items 1–6 are therefore
//! grouped like VISA-A's (pain, then function) and described by domain only.

use serde::Serialize;

use super::{Q7_CHOICES, Questionnaire, SCALE_MAX};

/// What an item measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Domain {
    /// Pain and stiffness.
    Pain,
    /// Function in daily life.
    Function,
    /// Sport and physical activity.
    Activity,
}

/// How an item is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum AnswerKind {
    /// A whole number from 0 to 10, where 10 is best.
    #[serde(rename = "scale-0-10")]
    Scale0To10,
    /// One of four choices, scored 0, 4, 7 or 10.
    #[serde(rename = "choice-0-4-7-10")]
    Choice0To10,
    /// Question 8: one branch (no pain, pain that does not stop you, pain that stops you) and
    /// how many minutes you can train, scored by [`super::Q8Branch::band_points`].
    #[serde(rename = "q8-branching")]
    Q8Branching,
}

impl AnswerKind {
    /// The values an answer may take, for the two kinds answered with a number.
    pub fn allowed_values(self) -> Option<Vec<u8>> {
        match self {
            AnswerKind::Scale0To10 => Some((0..=SCALE_MAX).collect()),
            AnswerKind::Choice0To10 => Some(Q7_CHOICES.to_vec()),
            AnswerKind::Q8Branching => None,
        }
    }
}

/// One item of a questionnaire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    /// The item's number, 1 to 8.
    pub number: u8,
    /// What it measures.
    pub domain: Domain,
    /// How it is answered.
    pub answer: AnswerKind,
    /// The most points it can give.
    pub max_points: u8,
    /// What it asks about, in Tendo's own words.
    pub label: &'static str,
}

/// Builds an item; a helper for the tables below.
const fn item(
    number: u8,
    domain: Domain,
    answer: AnswerKind,
    max_points: u8,
    label: &'static str,
) -> Item {
    Item {
        number,
        domain,
        answer,
        max_points,
        label,
    }
}

const VISA_A: [Item; 8] = [
    item(
        1,
        Domain::Pain,
        AnswerKind::Scale0To10,
        10,
        "How long your Achilles stays stiff after you get up in the morning",
    ),
    item(
        2,
        Domain::Pain,
        AnswerKind::Scale0To10,
        10,
        "Pain when your calf and Achilles are stretched",
    ),
    item(
        3,
        Domain::Pain,
        AnswerKind::Scale0To10,
        10,
        "Pain in the hours after walking on flat ground",
    ),
    item(
        4,
        Domain::Function,
        AnswerKind::Scale0To10,
        10,
        "Pain when going down stairs",
    ),
    item(
        5,
        Domain::Function,
        AnswerKind::Scale0To10,
        10,
        "Pain during or straight after single-leg heel raises",
    ),
    item(
        6,
        Domain::Function,
        AnswerKind::Scale0To10,
        10,
        "How much single-leg hopping you can do without pain",
    ),
    item(
        7,
        Domain::Activity,
        AnswerKind::Choice0To10,
        10,
        "Whether you do sport or other physical activity at the moment, and at what level",
    ),
    item(
        8,
        Domain::Activity,
        AnswerKind::Q8Branching,
        30,
        "How long you can train or play load-bearing sport: without pain, with pain that does \
         not stop you, or with pain that stops you",
    ),
];

const VISA_H: [Item; 8] = [
    item(
        1,
        Domain::Pain,
        AnswerKind::Scale0To10,
        10,
        "Buttock pain in daily life (first of three pain items)",
    ),
    item(
        2,
        Domain::Pain,
        AnswerKind::Scale0To10,
        10,
        "Buttock pain in daily life (second of three pain items)",
    ),
    item(
        3,
        Domain::Pain,
        AnswerKind::Scale0To10,
        10,
        "Buttock pain in daily life (third of three pain items)",
    ),
    item(
        4,
        Domain::Function,
        AnswerKind::Scale0To10,
        10,
        "How well you manage daily activities (first of three function items)",
    ),
    item(
        5,
        Domain::Function,
        AnswerKind::Scale0To10,
        10,
        "How well you manage daily activities (second of three function items)",
    ),
    item(
        6,
        Domain::Function,
        AnswerKind::Scale0To10,
        10,
        "How well you manage daily activities (third of three function items)",
    ),
    item(
        7,
        Domain::Activity,
        AnswerKind::Choice0To10,
        10,
        "Whether you do sport or other physical activity at the moment, and at what level",
    ),
    item(
        8,
        Domain::Activity,
        AnswerKind::Q8Branching,
        30,
        "How long you can train or play sport, depending on how much buttock pain you have",
    ),
];

/// The items of a questionnaire, in order.
pub fn items(questionnaire: Questionnaire) -> &'static [Item] {
    match questionnaire {
        Questionnaire::VisaA => &VISA_A,
        Questionnaire::VisaH => &VISA_H,
    }
}
