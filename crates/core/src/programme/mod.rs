//! Loading programmes: Achilles isometrics, Alfredson, heavy slow resistance, Silbernagel's
//! phases, return to running, and Goom's four hamstring stages.
//!
//! A person's place in a programme is a [`Position`]: the protocol and the level within it (a
//! row of Beyer's table, an Alfredson load step, a Silbernagel phase or a Goom stage). The web
//! app keeps the position, moves it once a week with the pain-monitoring decision through
//! [`apply`], and asks [`plan_for`] for the week's exercises. [`plan_week`] does the same from a
//! single stateless [`PlanRequest`]: [`start`] places the person, then [`plan_for`] builds the
//! week.
//!
//! Safety properties every plan keeps: it is never empty and never complete rest (`R-REST`),
//! never massage alone (`A4`); every heel movement of an insertional Achilles plan stays at
//! floor level (`P-INS`); and the hamstring stages 1–2 hold no stretching and no compressive
//! position (`P-COMP`).

mod achilles;
mod adjust;
mod choice;
mod common_reasons;
mod equipment;
mod exercises;
mod fit;
mod gates;
mod hamstring;
mod hamstring_advice;
mod hsr;
mod levels;
mod position;
mod running;
mod silbernagel;

use serde::{Deserialize, Serialize};

use crate::condition::{ACHILLES_LOCATION_CHOICES, Condition, Side};
use crate::error::FieldError;
use crate::reason::Reason;
use crate::rules::RuleId;

pub use adjust::{Adjustments, adjust, check_adjustments};
pub use equipment::{Equipment, EquipmentSet, equipment_expected, lacking, needs};
pub use exercises::{Caution, ExerciseKind};
pub use fit::{EquipmentFit, fit_equipment};
pub use gates::LevelGate;
pub use hsr::{HSR_TABLE, HsrRow, hsr_row_for_week};
pub use levels::{ALFREDSON_STEP_KG, PROTOCOL_WEEKS};
pub use position::{Position, apply, apply_after_week, plan_for, start};

/// The most weeks since the start a request may name: two years.
pub const MAX_WEEKS_SINCE_START: u16 = 104;

/// A loading protocol.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

impl Protocol {
    /// Every protocol, in the order of the contract.
    pub const ALL: [Protocol; 5] = [
        Protocol::Isometric,
        Protocol::Alfredson,
        Protocol::HeavySlowResistance,
        Protocol::Silbernagel,
        Protocol::GoomStaged,
    ];

    /// The identifier used in JSON, such as `heavy-slow-resistance`.
    pub fn id(self) -> &'static str {
        match self {
            Protocol::Isometric => "isometric",
            Protocol::Alfredson => "alfredson",
            Protocol::HeavySlowResistance => "heavy-slow-resistance",
            Protocol::Silbernagel => "silbernagel",
            Protocol::GoomStaged => "goom-staged",
        }
    }

    /// A name for people, such as "heavy slow resistance".
    pub fn label(self) -> &'static str {
        match self {
            Protocol::Isometric => "isometric holds",
            Protocol::Alfredson => "Alfredson's eccentric heel drops",
            Protocol::HeavySlowResistance => "heavy slow resistance",
            Protocol::Silbernagel => "Silbernagel's loading programme",
            Protocol::GoomStaged => "Goom's staged hamstring loading",
        }
    }

    /// The protocols Tendo offers for a condition.
    pub fn allowed_for(condition: Condition) -> &'static [Protocol] {
        if condition.is_achilles() {
            &[
                Protocol::Isometric,
                Protocol::Alfredson,
                Protocol::HeavySlowResistance,
                Protocol::Silbernagel,
            ]
        } else {
            &[Protocol::GoomStaged]
        }
    }

    /// True when Tendo offers this protocol for the condition.
    pub fn suits(self, condition: Condition) -> bool {
        Protocol::allowed_for(condition).contains(&self)
    }

    /// True for the protocols whose stages are moved by symptoms rather than the calendar.
    pub fn is_symptom_gated(self) -> bool {
        matches!(self, Protocol::Silbernagel | Protocol::GoomStaged)
    }
}

/// What the person asks a plan for.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanRequest {
    /// The condition. Read from JSON, an Achilles condition must say where along the tendon it
    /// hurts: `achilles-location-unknown` is refused with the two choices (`P-INS`).
    #[serde(deserialize_with = "known_location")]
    pub condition: Condition,
    /// The affected side.
    pub side: Side,
    /// Whole weeks since the programme started (0 in the first week), at most 104.
    pub weeks_since_start: u16,
    /// The protocol the person or clinician prefers, if any.
    #[serde(default)]
    pub preferred_protocol: Option<Protocol>,
    /// How many days a week the person can train, 1 to 7.
    pub sessions_per_week: u8,
    /// The level reached, when the pain-monitoring model has moved it (1-based): the Silbernagel
    /// phase or Goom stage, the row of Beyer's table for heavy slow resistance, or the load step
    /// for Alfredson.
    #[serde(default)]
    pub stage: Option<u8>,
    /// What the person has to train with (`P-EQUIP`). Left out when never asked: the plan then
    /// uses the protocol's own exercises. An empty list means nothing extra.
    #[serde(default)]
    pub equipment: Option<EquipmentSet>,
}

/// How one exercise is dosed and done.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanItem {
    /// A stable identifier, such as `eccentric-heel-drop-straight-knee`.
    pub exercise: String,
    /// The name for people.
    pub name: String,
    /// What kind of exercise it is.
    pub kind: ExerciseKind,
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
    /// Rest after the last set before the next exercise, in seconds, when the protocol sets it.
    pub rest_after_exercise_seconds: Option<u16>,
    /// Times per day on a training day.
    pub times_per_day: u8,
    /// Training days per week.
    pub days_per_week: u8,
    /// When to move on.
    pub progress_when: String,
    /// True when the heel is never lowered below floor level: done on flat floor, no step edge,
    /// no loaded bend of the ankle past neutral (`P-INS`). Every item of an insertional Achilles
    /// plan has it.
    pub floor_level_only: bool,
    /// True when the exercise takes the hamstring tendon into hip flexion under load, which
    /// presses it against the sitting bone (`P-COMP`); never in hamstring stages 1–2.
    pub compressive: bool,
    /// The rules behind this item.
    pub rules: Vec<RuleId>,
    /// How the item was fitted to the person's equipment (`P-EQUIP`): the exercise it replaces,
    /// or what it needs that the person lacks. Left out when nothing was fitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equipment_fit: Option<EquipmentFit>,
}

/// The programme for one week.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// Where the person is: keep it and move it with [`apply`].
    pub position: Position,
    /// The level for people, such as "Weeks 4–5 of Beyer's table: 4 × 10RM".
    pub level_label: String,
    /// The exercises of this week.
    pub items: Vec<PlanItem>,
    /// What to avoid this week and why.
    pub avoid: Vec<Caution>,
    /// Why this protocol, stage and dose.
    pub reasons: Vec<Reason>,
    /// For symptom-gated protocols (Silbernagel, Goom), what each level after the first needs:
    /// the symptom criteria and the fewest weeks on the level before (`P-SIL-GATE`). Empty,
    /// and left out of the JSON, for the others.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gates: Vec<LevelGate>,
}

/// Builds the programme for the current week from a stateless request.
///
/// The request is checked ([`FieldError`] names the field and the allowed range), [`start`]
/// places the person, [`plan_for`] builds the week and [`fit_equipment`] fits it to the
/// person's equipment, when the request gives it.
pub fn plan_week(request: &PlanRequest) -> Result<WeekPlan, FieldError> {
    let (position, mut reasons) = start(request)?;
    let week = request.weeks_since_start.saturating_add(1);
    let mut plan = plan_for(
        position,
        request.condition,
        request.side,
        request.sessions_per_week,
        week,
    )?;
    reasons.append(&mut plan.reasons);
    plan.reasons = reasons;
    Ok(fit_equipment(plan, request.equipment.as_ref()))
}

/// Reads a request's condition, refusing an Achilles condition without its location: a plan
/// asked for from outside must say whether the pain is in the middle of the tendon or where it
/// joins the heel bone (`P-INS`).
fn known_location<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Condition, D::Error> {
    let condition = Condition::deserialize(deserializer)?;
    if condition == Condition::AchillesLocationUnknown {
        return Err(serde::de::Error::custom(format!(
            "the location is not known: {ACHILLES_LOCATION_CHOICES}"
        )));
    }
    Ok(condition)
}

/// Checks the number of training days a week.
pub(crate) fn check_sessions(field: &str, sessions_per_week: u8) -> Result<(), FieldError> {
    if (1..=7).contains(&sessions_per_week) {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            format!(
                "expected a number of training days a week from 1 to 7, got {sessions_per_week}"
            ),
        ))
    }
}

/// Checks that a protocol suits the condition, naming the allowed protocols when it does not.
pub(crate) fn check_protocol(
    field: &str,
    protocol: Protocol,
    condition: Condition,
) -> Result<(), FieldError> {
    if protocol.suits(condition) {
        return Ok(());
    }
    let allowed: Vec<String> = Protocol::allowed_for(condition)
        .iter()
        .map(|allowed| format!("`{}`", allowed.id()))
        .collect();
    let extra = if condition.is_achilles() {
        " (`goom-staged` is the hamstring programme)"
    } else {
        " (its stage 1 is the isometric step)"
    };
    Err(FieldError::new(
        field,
        format!(
            "`{}` is not offered for {}: expected {}{extra}",
            protocol.id(),
            condition.label(),
            allowed.join(", ")
        ),
    ))
}
