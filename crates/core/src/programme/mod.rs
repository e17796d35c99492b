//! Loading programmes: Achilles isometrics, Alfredson, heavy slow resistance, Silbernagel's
//! phases, return to running, and Goom's four hamstring stages.

use serde::{Deserialize, Serialize};

use crate::condition::{Condition, Side};
use crate::error::FieldError;
use crate::reason::Reason;
use crate::rules::RuleId;

/// A loading protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Protocol {
    /// Isometric holds for pain relief.
    Isometric,
    /// Alfredson's eccentric heel drops.
    Alfredson,
    /// Beyer's heavy slow resistance.
    HeavySlowResistance,
    /// Silbernagel's phased programme.
    Silbernagel,
    /// Goom's four-stage hamstring programme.
    GoomStaged,
}

/// What the person asks a plan for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanRequest {
    /// The condition.
    pub condition: Condition,
    /// The affected side.
    pub side: Side,
    /// Whole weeks since the programme started (0 in the first week).
    pub weeks_since_start: u16,
    /// The protocol the person or clinician prefers, if any.
    #[serde(default)]
    pub preferred_protocol: Option<Protocol>,
    /// How many days a week the person can train.
    pub sessions_per_week: u8,
    /// The stage or phase reached, when the pain-monitoring model has moved it (1-based).
    #[serde(default)]
    pub stage: Option<u8>,
}

/// How one exercise is dosed and done.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanItem {
    /// A stable identifier, such as `eccentric-heel-drop-straight-knee`.
    pub exercise: String,
    /// The name for people.
    pub name: String,
    /// How to do it, in a sentence or two.
    pub how: String,
    /// Number of sets.
    pub sets: u8,
    /// Repetitions per set, when the exercise is counted in repetitions.
    pub reps: Option<u16>,
    /// Seconds per hold, when the exercise is a hold.
    pub hold_seconds: Option<u16>,
    /// The load, such as "body weight", "15RM" or "backpack +5 kg".
    pub load: String,
    /// The tempo, such as "3 s down, 3 s up", when it matters.
    pub tempo: Option<String>,
    /// Rest between sets, in seconds.
    pub rest_seconds: u16,
    /// Times per day on a training day.
    pub times_per_day: u8,
    /// Training days per week.
    pub days_per_week: u8,
    /// When to move on.
    pub progress_when: String,
    /// The rules behind this item.
    pub rules: Vec<RuleId>,
}

/// The programme for one week.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeekPlan {
    /// The condition.
    pub condition: Condition,
    /// The affected side.
    pub side: Side,
    /// The protocol used.
    pub protocol: Protocol,
    /// The programme week, 1-based.
    pub week: u16,
    /// The stage or phase, for staged protocols.
    pub stage: Option<u8>,
    /// The exercises of this week.
    pub items: Vec<PlanItem>,
    /// Why this protocol, stage and dose.
    pub reasons: Vec<Reason>,
}

/// Builds the programme for the current week.
pub fn plan_week(request: &PlanRequest) -> Result<WeekPlan, FieldError> {
    let _ = request;
    unimplemented!("filled in by the programme work")
}
