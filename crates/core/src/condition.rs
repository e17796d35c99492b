//! The conditions Tendo manages and the words people use for them (rule A1).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};

/// A tendinopathy Tendo has a programme for.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Condition {
    /// Pain in the middle of the Achilles tendon, 2–6 cm above the heel.
    AchillesMidportion,
    /// Pain where the Achilles tendon joins the heel bone.
    AchillesInsertional,
    /// Pain deep in the buttock where the hamstring tendons attach to the sitting bone.
    ProximalHamstring,
    /// Achilles pain whose place along the tendon is not known yet ("I'm not sure"). Until it
    /// is, every plan keeps the insertional safety rules: floor level only (`P-INS`).
    AchillesLocationUnknown,
}

/// Which leg is affected.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// The left leg.
    Left,
    /// The right leg.
    Right,
    /// Both legs.
    Both,
}

/// The result of reading a condition from free text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConditionMatch {
    /// The condition the words name: [`Condition::AchillesLocationUnknown`] when they name the
    /// Achilles but not where along it, so the person must be asked.
    pub condition: Condition,
}

/// The canonical identifiers, as stored. Input that names a condition accepts the first three;
/// `achilles-location-unknown` is what the app records for "I'm not sure".
pub const CONDITION_IDS: [&str; 4] = [
    "achilles-midportion",
    "achilles-insertional",
    "proximal-hamstring",
    "achilles-location-unknown",
];

/// What to say when the words name the Achilles but not where along it: the two choices, in
/// plain words.
pub const ACHILLES_LOCATION_CHOICES: &str = "expected where along the Achilles it hurts: \
`achilles-midportion` (the middle of the tendon, 2–6 cm above the heel) or \
`achilles-insertional` (where the tendon joins the heel bone)";

/// What the parser says when it cannot read a condition.
pub const CONDITION_EXPECTED: &str = "expected one of `achilles-midportion`, \
`achilles-insertional`, `proximal-hamstring`, or a name such as `Achilles tendinitis`, \
`insertional Achilles tendinopathy` or `high hamstring tendinopathy`";

impl Condition {
    /// Every condition, in a stable order.
    pub const ALL: [Condition; 4] = [
        Condition::AchillesMidportion,
        Condition::AchillesInsertional,
        Condition::ProximalHamstring,
        Condition::AchillesLocationUnknown,
    ];

    /// The canonical identifier, such as `achilles-midportion`.
    pub fn id(self) -> &'static str {
        match self {
            Condition::AchillesMidportion => CONDITION_IDS[0],
            Condition::AchillesInsertional => CONDITION_IDS[1],
            Condition::ProximalHamstring => CONDITION_IDS[2],
            Condition::AchillesLocationUnknown => CONDITION_IDS[3],
        }
    }

    /// A name for people, such as "Achilles tendinopathy (midportion)".
    pub fn label(self) -> &'static str {
        match self {
            Condition::AchillesMidportion => "Achilles tendinopathy (midportion)",
            Condition::AchillesInsertional => "Achilles tendinopathy (insertional)",
            Condition::ProximalHamstring => "Proximal hamstring tendinopathy",
            Condition::AchillesLocationUnknown => {
                "Achilles tendinopathy (where along the tendon not yet known)"
            }
        }
    }

    /// True for every Achilles condition, whether or not its location is known.
    pub fn is_achilles(self) -> bool {
        matches!(
            self,
            Condition::AchillesMidportion
                | Condition::AchillesInsertional
                | Condition::AchillesLocationUnknown
        )
    }

    /// True when every heel exercise must stay at floor level (`P-INS`): insertional pain, or
    /// Achilles pain whose location is not known yet.
    pub fn floor_level_only(self) -> bool {
        matches!(
            self,
            Condition::AchillesInsertional | Condition::AchillesLocationUnknown
        )
    }

    /// Reads a condition from an identifier or from the words people use (rule A1).
    ///
    /// Tendinitis, tendonitis, tendinosis and tendinopathy are the same condition. "Achilles
    /// tendonitis" without a location is [`Condition::AchillesLocationUnknown`]: nothing is
    /// assumed, the person is asked where it hurts.
    pub fn parse(text: &str) -> Option<ConditionMatch> {
        let normalised: String = text
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        let words: Vec<&str> = normalised.split_whitespace().collect();
        let joined = words.join(" ");
        let exact = match joined.as_str() {
            "achilles midportion" | "midportion" | "mid portion achilles" => {
                Some(Condition::AchillesMidportion)
            }
            "achilles insertional" | "insertional" => Some(Condition::AchillesInsertional),
            "proximal hamstring" | "pht" | "hht" => Some(Condition::ProximalHamstring),
            "achilles location unknown" => Some(Condition::AchillesLocationUnknown),
            _ => None,
        };
        if let Some(condition) = exact {
            return Some(ConditionMatch { condition });
        }

        let has = |stem: &str| words.iter().any(|word| word.starts_with(stem));
        let names_tendon_problem =
            words.iter().any(|word| is_tendon_problem_word(word)) || joined.contains("tendon pain");
        if !names_tendon_problem {
            return None;
        }
        if has("hamstring") || has("ischial") || has("buttock") {
            return Some(ConditionMatch {
                condition: Condition::ProximalHamstring,
            });
        }
        if has("achilles") || has("heel") {
            let insertional = has("insertion")
                || (has("heel") && !has("achilles"))
                || joined.contains("heel bone");
            let midportion = has("midportion")
                || joined.contains("mid portion")
                || joined.contains("non insertional")
                || has("noninsertional");
            // "Non-insertional" names the midportion; with neither named, only the person can
            // say where it hurts.
            let condition = match (insertional, midportion) {
                (_, true) => Condition::AchillesMidportion,
                (true, false) => Condition::AchillesInsertional,
                (false, false) => Condition::AchillesLocationUnknown,
            };
            return Some(ConditionMatch { condition });
        }
        None
    }
}

/// True for tendinitis, tendonitis, tendinosis, tendinopathy and their plurals (rule A1).
fn is_tendon_problem_word(word: &str) -> bool {
    const STEMS: [&str; 5] = [
        "tendinitis",
        "tendonitis",
        "tendinosis",
        "tendinopathy",
        "tendonopathy",
    ];
    STEMS
        .iter()
        .any(|stem| word.starts_with(&stem[..stem.len() - 2]))
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Condition {
    type Err = String;

    /// Reads a condition from an identifier or words. Words that name the Achilles but not
    /// where along it are refused with the two choices (`P-INS`); only the stored identifier
    /// `achilles-location-unknown` reads as the unknown location.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match Condition::parse(text).map(|found| found.condition) {
            None => Err(format!("unknown condition `{text}`: {CONDITION_EXPECTED}")),
            Some(Condition::AchillesLocationUnknown)
                if text.trim() != Condition::AchillesLocationUnknown.id() =>
            {
                Err(format!(
                    "`{}` names the Achilles but not where along it; \
                     {ACHILLES_LOCATION_CHOICES}",
                    text.trim()
                ))
            }
            Some(condition) => Ok(condition),
        }
    }
}

impl<'de> Deserialize<'de> for Condition {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Option<Condition> {
        Condition::parse(text).map(|found| found.condition)
    }

    #[test]
    fn a1_the_four_words_name_the_same_achilles_condition() {
        for word in ["tendinitis", "tendonitis", "tendinosis", "tendinopathy"] {
            let found = Condition::parse(&format!("Achilles {word}")).expect(word);
            assert_eq!(
                found.condition,
                Condition::AchillesLocationUnknown,
                "{word}"
            );
        }
    }

    #[test]
    fn p_ins_achilles_without_a_location_is_not_assumed_to_be_midportion() {
        let found = Condition::parse("Achilles tendinitis").map(|found| found.condition);
        assert_eq!(found, Some(Condition::AchillesLocationUnknown));
        assert!(Condition::AchillesLocationUnknown.is_achilles());
        assert!(Condition::AchillesLocationUnknown.floor_level_only());
        assert!(!Condition::AchillesMidportion.floor_level_only());
        let refused = "Achilles tendinitis".parse::<Condition>().unwrap_err();
        assert!(refused.contains("achilles-midportion"), "{refused}");
        assert!(refused.contains("achilles-insertional"), "{refused}");
        assert!(refused.contains("2–6 cm above the heel"), "{refused}");
        assert!(refused.contains("heel bone"), "{refused}");
        assert_eq!(
            "achilles-location-unknown".parse::<Condition>(),
            Ok(Condition::AchillesLocationUnknown)
        );
    }

    #[test]
    fn a1_synonyms_resolve_for_insertional_and_hamstring() {
        for text in [
            "insertional Achilles tendinitis",
            "Achilles insertional tendonitis",
            "achilles-insertional",
            "Insertional Achilles tendinopathy",
        ] {
            assert_eq!(parse(text), Some(Condition::AchillesInsertional), "{text}");
        }
        for text in [
            "high hamstring tendinopathy",
            "proximal hamstring tendinitis",
            "Hamstring tendonitis",
            "proximal-hamstring",
            "PHT",
        ] {
            assert_eq!(parse(text), Some(Condition::ProximalHamstring), "{text}");
        }
        assert_eq!(
            parse("mid-portion Achilles tendinosis"),
            Some(Condition::AchillesMidportion)
        );
        assert_eq!(
            parse("non-insertional Achilles tendinopathy"),
            Some(Condition::AchillesMidportion)
        );
    }

    #[test]
    fn unrelated_words_are_not_a_condition() {
        assert_eq!(parse("sore knee"), None);
        assert_eq!(parse("achilles"), None);
        assert_eq!(parse(""), None);
    }

    #[test]
    fn deserialising_an_unknown_condition_lists_the_allowed_values() {
        let error = serde_json::from_str::<Condition>("\"tennis elbow\"").unwrap_err();
        let message = error.to_string();
        assert!(message.contains("achilles-midportion"), "{message}");
        assert!(message.contains("tennis elbow"), "{message}");
    }

    #[test]
    fn identifiers_round_trip() {
        for condition in Condition::ALL {
            assert_eq!(parse(condition.id()), Some(condition));
            let json = serde_json::to_string(&condition).unwrap();
            assert_eq!(json, format!("\"{}\"", condition.id()));
        }
    }
}
