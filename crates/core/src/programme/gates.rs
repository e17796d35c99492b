//! The gates between levels: what a person needs to reach each level (`P-SIL-GATE`), and which
//! levels the fewest weeks on the levels before them make reachable at all.
//!
//! Symptom-gated protocols (Silbernagel's phases, Goom's stages) move on only when the symptom
//! criteria are met and the fewest weeks on the level before have passed. Without symptom data
//! a plan starts at the entry level, whatever the weeks. A recorded level is refused when the
//! fewest weeks on the levels before it add up to more than the weeks since the start.

use serde::{Deserialize, Serialize};

use super::Protocol;
use super::choice::level_noun;
use crate::error::FieldError;
use crate::rules::{self, RuleId};

/// What a person needs to reach one level of a symptom-gated protocol.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelGate {
    /// The level this gate opens, from 2.
    pub level: u8,
    /// The level for people, such as "Phase 2: recovery".
    pub level_label: String,
    /// The fewest weeks on the level before this one.
    pub min_weeks_on_previous: u16,
    /// The earliest programme week (1-based) this level can start: after the fewest weeks on
    /// every level before it.
    pub earliest_week: u16,
    /// The symptom criteria, in plain words.
    pub needs: String,
    /// The rules behind the gate.
    pub rules: Vec<RuleId>,
}

impl Protocol {
    /// The fewest whole weeks from the start before `level` can begin: the sum of the fewest
    /// weeks on every level before it.
    pub fn weeks_before_level(self, level: u8) -> u16 {
        (1..level)
            .map(|earlier| self.min_weeks(earlier).unwrap_or(0))
            .sum()
    }

    /// The highest level the fewest weeks on each level allow in programme week `week`
    /// (1-based). Alfredson counts one week per load step; isometrics have one level.
    pub fn highest_reachable_level(self, week: u16) -> u8 {
        let elapsed = week.saturating_sub(1);
        (1..=self.level_count())
            .rev()
            .find(|level| self.weeks_before_level(*level) <= elapsed)
            .unwrap_or(1)
    }

    /// The gates of a symptom-gated protocol, one for each level after the first; empty for
    /// the others, whose levels follow the calendar or the load.
    pub fn gates(self) -> Vec<LevelGate> {
        if !self.is_symptom_gated() {
            return Vec::new();
        }
        (2..=self.level_count())
            .map(|level| LevelGate {
                level,
                level_label: self.level_label(level),
                min_weeks_on_previous: self.min_weeks(level - 1).unwrap_or(0),
                earliest_week: self.weeks_before_level(level) + 1,
                needs: gate_criteria(self, level),
                rules: gate_rules(self),
            })
            .collect()
    }

    /// The gate to the level after `level`, in a sentence; `None` at the last level.
    pub fn next_gate_sentence(self, level: u8) -> Option<String> {
        let gate = self
            .gates()
            .into_iter()
            .find(|gate| gate.level == level + 1)?;
        Some(format!(
            "Next: {}, after at least {} on {} {level}. What it needs: {}",
            self.level_named(gate.level),
            weeks_phrase(gate.min_weeks_on_previous),
            level_noun(self),
            gate.needs
        ))
    }

    /// The level inside a sentence with its name in brackets, such as "phase 2 (recovery)".
    pub fn level_named(self, level: u8) -> String {
        let phrase = self.level_phrase(level);
        match phrase.split_once(": ") {
            Some((head, name)) => format!("{head} ({name})"),
            None => phrase,
        }
    }
}

/// Checks that a recorded level can be reached in programme week `week`, naming `field`, the
/// highest reachable level and why.
pub(super) fn check_reachable(
    field: &str,
    protocol: Protocol,
    level: u8,
    week: u16,
) -> Result<(), FieldError> {
    let highest = protocol.highest_reachable_level(week);
    if level <= highest {
        return Ok(());
    }
    let noun = level_noun(protocol);
    let needed = protocol.weeks_before_level(level);
    let elapsed = week.saturating_sub(1);
    let per_level: Vec<String> = (1..level)
        .map(|earlier| protocol.min_weeks(earlier).unwrap_or(0).to_string())
        .collect();
    Err(FieldError::new(
        field,
        format!(
            "{noun} {level} of {} cannot be reached {}: it needs at least {}{} on the \
             levels before it, and each level is reached only when its gate is passed. The \
             highest {noun} reachable now is {}",
            protocol.id(),
            match elapsed {
                0 => "in the first week".to_string(),
                weeks => format!("{} after the start", weeks_phrase(weeks)),
            },
            weeks_phrase(needed),
            if per_level.len() > 1 {
                format!(" ({})", per_level.join(" + "))
            } else {
                String::new()
            },
            protocol.level_named(highest),
        ),
    ))
}

/// The symptom criteria for reaching `level`.
fn gate_criteria(protocol: Protocol, level: u8) -> String {
    let pain_limits = "pain no higher than 5/10 during and after the exercises, settled by the \
                       next morning, and not rising from week to week";
    match (protocol, level) {
        (Protocol::Silbernagel, 2) => format!(
            "You can do the whole phase 1 programme without difficulty, including 10 \
             single-leg heel raises, with {pain_limits}."
        ),
        (Protocol::Silbernagel, 3) => format!(
            "You tolerate the phase 2 strength work and have no pain at the heel bone, with \
             {pain_limits} (this gate is unverified)."
        ),
        (Protocol::Silbernagel, _) => format!(
            "Your symptoms are minimal, morning stiffness no longer comes every day and you can \
             do your sport without difficulty, with {pain_limits} (this gate is unverified)."
        ),
        (_, level) => format!(
            "Stage {} done with your daily load test (such as 3 single-leg bridges) at 3/10 or \
             less, no worse 24 hours later, and a weekly pain trend that is stable or improving.",
            level - 1
        ),
    }
}

/// The rules behind a protocol's gates.
fn gate_rules(protocol: Protocol) -> Vec<RuleId> {
    match protocol {
        Protocol::GoomStaged => vec![rules::P_SIL_GATE, rules::R_LT2, rules::R_PM3, rules::P_LEN],
        _ => vec![rules::P_SIL_GATE, rules::R_PM1, rules::R_PM2, rules::R_PM3],
    }
}

/// "1 week" or "3 weeks".
fn weeks_phrase(weeks: u16) -> String {
    if weeks == 1 {
        "1 week".to_string()
    } else {
        format!("{weeks} weeks")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p_len_goom_stage_four_needs_twelve_weeks_on_stages_one_to_three() {
        assert_eq!(Protocol::GoomStaged.weeks_before_level(4), 12);
        assert_eq!(Protocol::GoomStaged.highest_reachable_level(1), 1);
        assert_eq!(Protocol::GoomStaged.highest_reachable_level(13), 4);
        assert_eq!(Protocol::Alfredson.highest_reachable_level(3), 3);
        assert_eq!(Protocol::Isometric.highest_reachable_level(50), 1);
    }

    #[test]
    fn p_sil_gate_every_gated_level_has_criteria_and_its_weeks() {
        for protocol in [Protocol::Silbernagel, Protocol::GoomStaged] {
            let gates = protocol.gates();
            assert_eq!(gates.len(), usize::from(protocol.level_count()) - 1);
            for gate in gates {
                assert!(gate.min_weeks_on_previous >= 1, "{gate:?}");
                assert_eq!(
                    gate.earliest_week,
                    protocol.weeks_before_level(gate.level) + 1
                );
                assert!(gate.rules.contains(&rules::P_SIL_GATE));
            }
        }
        assert!(Protocol::HeavySlowResistance.gates().is_empty());
    }
}
