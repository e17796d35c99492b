//! The structure of each questionnaire, item by item, in Tendo's own words.
//!
//! Each item has a short label (what it is about), a question a person can answer, and the
//! meaning of its lowest and highest answer. The words are Tendo's: they ask about what each
//! published item measures without reproducing its wording, which is copyrighted.
//!
//! For VISA-A, Tendo's evidence records the domains (pain: items 1–3, function in daily life:
//! 4–6, sport: 7–8) and the points. For VISA-H (Cacchio 2014), the eight items ask about buttock
//! pain when sitting for a long time, when stretching the hamstring, when walking, when running
//! or on the stairs and when squatting, lunging or bending forward, about daily function, about
//! sport participation (item 7, a choice scored 0, 4, 7 or 10) and about training time (item 8,
//! a branch and a duration worth up to 30 points). Items 1–6 are 0–10 scales where 10 is best.

use serde::Serialize;

use super::{Q7_CHOICES, Questionnaire, SCALE_MAX};

/// What an item measures.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// What it is about, in a few words, in Tendo's own words (for lists and charts).
    pub label: &'static str,
    /// The question as a person answers it, in Tendo's own words.
    pub question: &'static str,
    /// What the lowest answer means: 0 on the scale, or the answer worth 0 points.
    pub low_anchor: &'static str,
    /// What the highest answer means: 10 on the scale, or the answer worth the most points.
    pub high_anchor: &'static str,
}

/// The words of an item: its label, its question and its two anchors.
struct Words {
    label: &'static str,
    question: &'static str,
    low: &'static str,
    high: &'static str,
}

/// Builds an item; a helper for the tables below.
const fn item(
    number: u8,
    domain: Domain,
    answer: AnswerKind,
    max_points: u8,
    words: Words,
) -> Item {
    Item {
        number,
        domain,
        answer,
        max_points,
        label: words.label,
        question: words.question,
        low_anchor: words.low,
        high_anchor: words.high,
    }
}

/// A 0–10 item where 10 means no pain and 0 the worst pain.
const fn pain_scale(
    number: u8,
    domain: Domain,
    label: &'static str,
    question: &'static str,
    low: &'static str,
) -> Item {
    item(
        number,
        domain,
        AnswerKind::Scale0To10,
        10,
        Words {
            label,
            question,
            low,
            high: "no pain at all",
        },
    )
}

/// Item 7 of both questionnaires: taking part in sport or physical activity.
const SPORT_NOW: Words = Words {
    label: "Whether you do sport or other physical activity at the moment, and at what level",
    question: "Are you doing sport or other physical activity at the moment, and at what level?",
    low: "not at all",
    high: "fully, at or above the level I was at before the pain",
};

const VISA_A: [Item; 8] = [
    item(
        1,
        Domain::Pain,
        AnswerKind::Scale0To10,
        10,
        Words {
            label: "How long your Achilles stays stiff after you get up in the morning",
            question: "When you get up in the morning, how long does your Achilles stay stiff?",
            low: "stiff for 100 minutes or more",
            high: "not stiff at all",
        },
    ),
    pain_scale(
        2,
        Domain::Pain,
        "Pain when your calf and Achilles are stretched",
        "Once you have been up and about for a while, how much does your Achilles hurt when you \
         stretch it as far as it goes, for example by letting your heel drop over the edge of a \
         step?",
        "severe pain",
    ),
    pain_scale(
        3,
        Domain::Pain,
        "Pain in the hours after walking on flat ground",
        "How much does your Achilles hurt in the couple of hours after you have walked on flat \
         ground for half an hour?",
        "severe pain",
    ),
    pain_scale(
        4,
        Domain::Function,
        "Pain when going down stairs",
        "How much does your Achilles hurt when you walk down stairs at your usual speed?",
        "severe pain",
    ),
    pain_scale(
        5,
        Domain::Function,
        "Pain during or straight after single-leg heel raises",
        "How much does your Achilles hurt during, or just after, ten heel raises on the painful \
         leg alone, on flat ground?",
        "severe pain",
    ),
    item(
        6,
        Domain::Function,
        AnswerKind::Scale0To10,
        10,
        Words {
            label: "How much single-leg hopping you can do without pain",
            question: "How many times in a row can you hop on the painful leg without it hurting?",
            low: "not once",
            high: "ten times or more",
        },
    ),
    item(7, Domain::Activity, AnswerKind::Choice0To10, 10, SPORT_NOW),
    item(
        8,
        Domain::Activity,
        AnswerKind::Q8Branching,
        30,
        Words {
            label: "How long you can train or play load-bearing sport: without pain, with pain \
                    that does not stop you, or with pain that stops you",
            question: "How long can you train or play sport that puts weight through your legs at \
                       the moment, and does Achilles pain stop you?",
            low: "not at all",
            high: "more than 30 minutes, without pain",
        },
    ),
];

const VISA_H: [Item; 8] = [
    pain_scale(
        1,
        Domain::Pain,
        "Buttock pain when sitting for 30 minutes",
        "How much does your buttock hurt when you sit for 30 minutes?",
        "so painful I can't sit that long",
    ),
    pain_scale(
        2,
        Domain::Pain,
        "Buttock pain when the hamstring is stretched",
        "How much does your buttock hurt when you stretch your hamstring, for example by \
         reaching towards your toes with your knees straight?",
        "severe pain",
    ),
    pain_scale(
        3,
        Domain::Pain,
        "Buttock pain when walking",
        "How much does your buttock hurt when you walk at your usual speed on flat ground?",
        "so painful I can hardly walk",
    ),
    pain_scale(
        4,
        Domain::Function,
        "Buttock pain when running or on stairs",
        "How much does your buttock hurt when you run, or when you climb stairs?",
        "severe pain",
    ),
    pain_scale(
        5,
        Domain::Function,
        "Buttock pain when squatting, lunging or bending forward",
        "How much does your buttock hurt when you squat down deeply, step into a deep lunge or \
         bend forward to pick something up from the floor?",
        "severe pain",
    ),
    item(
        6,
        Domain::Function,
        AnswerKind::Scale0To10,
        10,
        Words {
            label: "How well you manage daily life with your buttock pain",
            question: "How well can you manage your daily life, such as work, chores and getting \
                       around, with your buttock pain?",
            low: "I can't manage it at all",
            high: "fully, without any limits",
        },
    ),
    item(7, Domain::Activity, AnswerKind::Choice0To10, 10, SPORT_NOW),
    item(
        8,
        Domain::Activity,
        AnswerKind::Q8Branching,
        30,
        Words {
            label: "How long you can train or play sport, depending on how much buttock pain you \
                    have",
            question: "How long can you train or play sport at the moment, and does buttock pain \
                       stop you?",
            low: "not at all",
            high: "more than 30 minutes, without pain",
        },
    ),
];

/// The items of a questionnaire, in order.
pub fn items(questionnaire: Questionnaire) -> &'static [Item] {
    match questionnaire {
        Questionnaire::VisaA => &VISA_A,
        Questionnaire::VisaH => &VISA_H,
    }
}
