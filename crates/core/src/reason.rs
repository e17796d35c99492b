//! The reason attached to every decision the engine makes.

use serde::{Deserialize, Serialize};

use crate::rules::RuleId;

/// One reason behind a decision: the rule it comes from and a plain-language message.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// The rule that produced this reason.
    pub rule: RuleId,
    /// What the rule means for this person, in Tendo's own words.
    pub message: String,
}

impl Reason {
    /// Builds a reason from a rule id and a message.
    pub fn new(rule: RuleId, message: impl Into<String>) -> Self {
        Reason {
            rule,
            message: message.into(),
        }
    }
}
