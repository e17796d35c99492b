//! The conditions Tendo manages and the words people use for them (rule A1).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};

/// A tendinopathy Tendo has a programme for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Condition {
    /// Pain in the middle of the Achilles tendon, 2–6 cm above the heel.
    AchillesMidportion,
    /// Pain where the Achilles tendon joins the heel bone.
    AchillesInsertional,
    /// Pain deep in the buttock where the hamstring tendons attach to the sitting bone.
    ProximalHamstring,
}

/// Which leg is affected.
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
    /// The condition the words name.
    pub condition: Condition,
    /// True when the words named the Achilles but not where along it, so midportion was assumed.
    pub location_assumed: bool,
}

/// The canonical identifiers, as accepted everywhere.
pub const CONDITION_IDS: [&str; 3] = [
    "achilles-midportion",
    "achilles-insertional",
    "proximal-hamstring",
];

/// What the parser says when it cannot read a condition.
pub const CONDITION_EXPECTED: &str = "expected one of `achilles-midportion`, \
`achilles-insertional`, `proximal-hamstring`, or a name such as `Achilles tendinitis`, \
`insertional Achilles tendinopathy` or `high hamstring tendinopathy`";

impl Condition {
    /// Every condition, in a stable order.
    pub const ALL: [Condition; 3] = [
        Condition::AchillesMidportion,
        Condition::AchillesInsertional,
        Condition::ProximalHamstring,
    ];

    /// The canonical identifier, such as `achilles-midportion`.
    pub fn id(self) -> &'static str {
        match self {
            Condition::AchillesMidportion => CONDITION_IDS[0],
            Condition::AchillesInsertional => CONDITION_IDS[1],
            Condition::ProximalHamstring => CONDITION_IDS[2],
        }
    }

    /// A name for people, such as "Achilles tendinopathy (midportion)".
    pub fn label(self) -> &'static str {
        match self {
            Condition::AchillesMidportion => "Achilles tendinopathy (midportion)",
            Condition::AchillesInsertional => "Achilles tendinopathy (insertional)",
            Condition::ProximalHamstring => "Proximal hamstring tendinopathy",
        }
    }

    /// True for both Achilles conditions.
    pub fn is_achilles(self) -> bool {
        matches!(
            self,
            Condition::AchillesMidportion | Condition::AchillesInsertional
        )
    }

    /// Reads a condition from an identifier or from the words people use (rule A1).
    ///
    /// Tendinitis, tendonitis, tendinosis and tendinopathy are the same condition. "Achilles
    /// tendonitis" without a location is read as midportion, the common form, and says so.
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
            _ => None,
        };
        if let Some(condition) = exact {
            return Some(ConditionMatch {
                condition,
                location_assumed: false,
            });
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
                location_assumed: false,
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
            let condition = if insertional && !midportion {
                Condition::AchillesInsertional
            } else {
                Condition::AchillesMidportion
            };
            return Some(ConditionMatch {
                condition,
                location_assumed: !insertional && !midportion,
            });
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

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Condition::parse(text)
            .map(|found| found.condition)
            .ok_or_else(|| format!("unknown condition `{text}`: {CONDITION_EXPECTED}"))
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
            assert_eq!(found.condition, Condition::AchillesMidportion, "{word}");
            assert!(found.location_assumed, "{word}");
        }
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
