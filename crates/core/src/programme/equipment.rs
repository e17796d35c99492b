//! What a person has to train with (the intake's "What do you have to train with?"), and what
//! each exercise a plan can prescribe needs.
//!
//! [`super::fit_equipment`] uses both to swap an exercise the person cannot do for one with the
//! same loading intent (`P-EQUIP`), or to say what is missing when no honest swap exists.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::PlanItem;
use crate::error::FieldError;

/// One thing a person can train with.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Equipment {
    /// A step or stair, for letting the heel drop below the toes.
    Step,
    /// Dumbbells, or a backpack that can be filled: adds load.
    Weights,
    /// A leg-press machine.
    LegPress,
    /// A calf-raise machine, seated or standing.
    CalfRaiseMachine,
    /// A barbell or a Smith machine, with weight discs.
    Barbell,
    /// A gym ball (Swiss ball).
    GymBall,
    /// An exercise band, or a cable machine.
    Band,
    /// A gym with the usual machines: counts as every other item.
    Gym,
}

impl Equipment {
    /// Every item, in the order the intake lists them.
    pub const ALL: [Equipment; 8] = [
        Equipment::Step,
        Equipment::Weights,
        Equipment::LegPress,
        Equipment::CalfRaiseMachine,
        Equipment::Barbell,
        Equipment::GymBall,
        Equipment::Band,
        Equipment::Gym,
    ];

    /// The stored and submitted spelling, such as `leg-press`.
    pub fn id(self) -> &'static str {
        match self {
            Equipment::Step => "step",
            Equipment::Weights => "weights",
            Equipment::LegPress => "leg-press",
            Equipment::CalfRaiseMachine => "calf-raise-machine",
            Equipment::Barbell => "barbell",
            Equipment::GymBall => "gym-ball",
            Equipment::Band => "band",
            Equipment::Gym => "gym",
        }
    }

    /// The words for people.
    pub fn label(self) -> &'static str {
        match self {
            Equipment::Step => "A step or a stair",
            Equipment::Weights => "Dumbbells, or a backpack you can fill",
            Equipment::LegPress => "A leg-press machine",
            Equipment::CalfRaiseMachine => "A calf-raise machine (seated or standing)",
            Equipment::Barbell => "A barbell or a Smith machine",
            Equipment::GymBall => "A gym ball",
            Equipment::Band => "An exercise band",
            Equipment::Gym => "A gym with the usual machines",
        }
    }

    /// A hint under the label.
    pub fn hint(self) -> &'static str {
        match self {
            Equipment::Step => "The bottom stair at home counts.",
            Equipment::Weights => {
                "Adds load. A backpack with books or water bottles in it works well."
            }
            Equipment::LegPress => "The machine where you push a plate away with your feet.",
            Equipment::CalfRaiseMachine => "A machine made for heel raises.",
            Equipment::Barbell => "A long bar with weight discs, free or on rails.",
            Equipment::GymBall => "The large inflatable ball.",
            Equipment::Band => "A stretchy resistance band, or a cable machine.",
            Equipment::Gym => "Tick this if you train in a gym: it counts as all of the above.",
        }
    }

    /// A short name inside a sentence, such as "a leg press".
    pub fn phrase(self) -> &'static str {
        match self {
            Equipment::Step => "a step",
            Equipment::Weights => "dumbbells or a backpack to fill",
            Equipment::LegPress => "a leg press",
            Equipment::CalfRaiseMachine => "a calf-raise machine",
            Equipment::Barbell => "a barbell",
            Equipment::GymBall => "a gym ball",
            Equipment::Band => "an exercise band",
            Equipment::Gym => "a gym",
        }
    }

    /// Reads the spelling.
    pub fn parse(text: &str) -> Option<Equipment> {
        Equipment::ALL
            .into_iter()
            .find(|item| item.id() == text.trim())
    }
}

/// The allowed spellings, for messages: "`step`, `weights`, …".
pub fn equipment_expected() -> String {
    Equipment::ALL
        .iter()
        .map(|item| format!("`{}`", item.id()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a person has to train with. Empty means "nothing extra": body weight, a wall and the
/// floor.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EquipmentSet(BTreeSet<Equipment>);

impl EquipmentSet {
    /// A set of items.
    pub fn of(items: impl IntoIterator<Item = Equipment>) -> EquipmentSet {
        EquipmentSet(items.into_iter().collect())
    }

    /// Reads submitted spellings, refusing any other naming `field` and the allowed values.
    /// Repeats are kept once.
    pub fn parse(field: &str, texts: &[String]) -> Result<EquipmentSet, FieldError> {
        let mut items = BTreeSet::new();
        for text in texts {
            match Equipment::parse(text) {
                Some(item) => {
                    items.insert(item);
                }
                None => {
                    return Err(FieldError::new(
                        field,
                        format!(
                            "`{}` is not something Tendo asks about: expected any of {}",
                            text.trim(),
                            equipment_expected()
                        ),
                    ));
                }
            }
        }
        Ok(EquipmentSet(items))
    }

    /// Adds an item.
    pub fn add(&mut self, item: Equipment) {
        self.0.insert(item);
    }

    /// True when the person has the item, or a gym (which has everything).
    pub fn has(&self, item: Equipment) -> bool {
        self.0.contains(&item) || self.0.contains(&Equipment::Gym)
    }

    /// True when the person has any of the items.
    pub fn has_any(&self, items: &[Equipment]) -> bool {
        items.iter().any(|item| self.has(*item))
    }

    /// The items ticked, in the intake's order.
    pub fn items(&self) -> impl Iterator<Item = Equipment> + '_ {
        self.0.iter().copied()
    }

    /// True when nothing extra was ticked.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The items for people, such as "a step, a leg press", or "nothing extra".
    pub fn describe(&self) -> String {
        if self.0.is_empty() {
            return "nothing extra".to_string();
        }
        self.items()
            .map(Equipment::phrase)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What an exercise needs: each group must be met by one of its items. Empty: nothing beyond
/// the body, a wall, the floor or a partner.
pub fn needs(item: &PlanItem) -> Vec<&'static [Equipment]> {
    use Equipment::{Band, Barbell, CalfRaiseMachine, GymBall, LegPress, Step, Weights};
    let id = item.exercise.as_str();
    let mut groups: Vec<&'static [Equipment]> = Vec::new();
    // A barbell's forefoot goes on a weight disc, which comes with the barbell.
    if id.ends_with("-step") && !id.starts_with("standing-calf-raise-barbell") {
        groups.push(&[Step]);
    }
    match id {
        "seated-calf-raise-bent-knee" => groups.push(&[CalfRaiseMachine]),
        "leg-press-calf-raise-straight-knee" => groups.push(&[LegPress]),
        "gym-ball-nordic" => groups.push(&[GymBall]),
        "romanian-deadlift" | "single-leg-romanian-deadlift" => groups.push(&[Barbell, Weights]),
        "step-up" => groups.push(&[Step]),
        "pallof-press" => groups.push(&[Band]),
        _ if id.starts_with("standing-calf-raise-barbell") => groups.push(&[Barbell]),
        _ if id.contains("-weighted") => groups.push(&[Weights]),
        _ if id.starts_with("eccentric-heel-drop") && item.load.contains("backpack") => {
            groups.push(&[Weights])
        }
        _ => {}
    }
    groups
}

/// The items an exercise needs that the person lacks: for each group not met, every item that
/// would meet it. Empty when the exercise can be done with what they have.
pub fn lacking(item: &PlanItem, have: &EquipmentSet) -> Vec<Equipment> {
    let mut missing = Vec::new();
    for group in needs(item) {
        if !have.has_any(group) {
            for needed in group {
                if !missing.contains(needed) {
                    missing.push(*needed);
                }
            }
        }
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_names_the_field_and_every_allowed_value() {
        let refused = EquipmentSet::parse("equipment", &["kettlebell".to_string()]).unwrap_err();
        assert_eq!(refused.field, "equipment");
        assert!(
            refused.problem.contains("`kettlebell`"),
            "{}",
            refused.problem
        );
        for item in Equipment::ALL {
            assert!(refused.problem.contains(item.id()), "{}", refused.problem);
        }
        let read = EquipmentSet::parse(
            "equipment",
            &[
                "step".to_string(),
                " weights ".to_string(),
                "step".to_string(),
            ],
        )
        .unwrap();
        assert_eq!(
            read,
            EquipmentSet::of([Equipment::Step, Equipment::Weights])
        );
    }

    #[test]
    fn a_gym_counts_as_everything() {
        let gym = EquipmentSet::of([Equipment::Gym]);
        assert!(Equipment::ALL.iter().all(|item| gym.has(*item)));
        assert!(!EquipmentSet::default().has(Equipment::Step));
    }

    #[test]
    fn the_set_is_a_list_in_json() {
        let set = EquipmentSet::of([Equipment::Weights, Equipment::Step]);
        let json = serde_json::to_string(&set).unwrap();
        assert_eq!(json, r#"["step","weights"]"#);
        assert_eq!(serde_json::from_str::<EquipmentSet>(&json).unwrap(), set);
    }
}
