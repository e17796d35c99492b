//! Education and service content for patients, in Tendo's own words.
//!
//! Each [`Topic`] explains one thing a patient needs to understand, names the rules it rests on
//! and the conditions it concerns, and reports how firm its evidence is through
//! [`Topic::level`]. [`hamstring_massage_faq`] answers the common questions of the massage
//! service (rule H7).

mod faq;
mod massage;
mod service;
mod understanding;

use serde::Serialize;

use crate::condition::Condition;
use crate::evidence::{self, EvidenceLevel, join, total_len};
use crate::rules::RuleId;

/// One education topic, shown to patients.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Topic {
    /// A short stable key, such as `inside-the-tendon`.
    pub id: &'static str,
    /// The heading shown to people.
    pub title: &'static str,
    /// One sentence that sums the topic up.
    pub summary: &'static str,
    /// The text, two to five short paragraphs.
    pub paragraphs: &'static [&'static str],
    /// The rules the topic explains.
    pub rules: &'static [RuleId],
    /// The conditions the topic concerns.
    pub conditions: &'static [Condition],
}

impl Topic {
    /// The strongest level of evidence among the registry entries of the topic's rules.
    ///
    /// A topic without registered rules counts as expert guidance, the weakest level.
    pub fn level(&self) -> EvidenceLevel {
        strongest_level(self.rules)
    }

    /// True when the topic concerns the condition.
    pub fn concerns(&self, condition: Condition) -> bool {
        self.conditions.contains(&condition)
    }
}

/// One question people often ask, with Tendo's answer.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Faq {
    /// The question, as a patient might ask it.
    pub question: &'static str,
    /// The answer, in plain language.
    pub answer: &'static str,
    /// The rules the answer rests on.
    pub rules: &'static [RuleId],
}

impl Faq {
    /// The strongest level of evidence among the registry entries of the answer's rules.
    pub fn level(&self) -> EvidenceLevel {
        strongest_level(self.rules)
    }
}

/// The parts of the topic list, in order.
const PARTS: &[&[Topic]] = &[understanding::TOPICS, massage::TOPICS, service::TOPICS];

/// Every topic as one array.
const JOINED: [Topic; total_len(PARTS)] = join(PARTS);

/// Every topic, from understanding the condition to booking.
pub fn topics() -> &'static [Topic] {
    &JOINED
}

/// A topic by its key.
pub fn topic(id: &str) -> Option<&'static Topic> {
    topics().iter().find(|topic| topic.id == id)
}

/// The topics that concern a condition, in order.
pub fn topics_for(condition: Condition) -> impl Iterator<Item = &'static Topic> {
    topics()
        .iter()
        .filter(move |topic| topic.concerns(condition))
}

/// The topics that explain a rule, in order.
pub fn topics_for_rule(rule: RuleId) -> impl Iterator<Item = &'static Topic> {
    topics()
        .iter()
        .filter(move |topic| topic.rules.contains(&rule))
}

/// Common questions about massage for hamstring tendinopathy, answered (rule H7).
pub fn hamstring_massage_faq() -> &'static [Faq] {
    faq::HAMSTRING_MASSAGE
}

/// The strongest level among the registry entries of some rules; expert guidance if none.
fn strongest_level(rules: &[RuleId]) -> EvidenceLevel {
    rules
        .iter()
        .filter_map(|&id| evidence::rule(id))
        .map(|rule| rule.level)
        .min()
        .unwrap_or(EvidenceLevel::ExpertGuidance)
}
