//! A pain rating on the 0–10 numeric rating scale.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// Pain from 0 (none) to 10 (worst imaginable) on the numeric rating scale.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct PainScore(u8);

/// The highest pain score.
pub const MAX_PAIN: u8 = 10;

impl PainScore {
    /// Accepts whole numbers from 0 to 10.
    pub fn new(value: u8) -> Option<Self> {
        (value <= MAX_PAIN).then_some(PainScore(value))
    }

    /// The score as a number.
    pub fn value(self) -> u8 {
        self.0
    }
}

impl fmt::Debug for PainScore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/10", self.0)
    }
}

impl fmt::Display for PainScore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/10", self.0)
    }
}

impl<'de> Deserialize<'de> for PainScore {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PainVisitor;

        impl serde::de::Visitor<'_> for PainVisitor {
            type Value = PainScore;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a pain score: a whole number from 0 to 10")
            }

            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<PainScore, E> {
                u8::try_from(value)
                    .ok()
                    .and_then(PainScore::new)
                    .ok_or_else(|| {
                        E::custom(format!(
                            "pain must be a whole number from 0 to 10, got {value}"
                        ))
                    })
            }

            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<PainScore, E> {
                match u64::try_from(value) {
                    Ok(value) => self.visit_u64(value),
                    Err(_) => Err(E::custom(format!(
                        "pain must be a whole number from 0 to 10, got {value}"
                    ))),
                }
            }

            /// A number written with a decimal point counts when it is whole (`2.0` is 2);
            /// anything else is refused with the number as written, such as `2.5`.
            fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<PainScore, E> {
                match (0..=MAX_PAIN).find(|&points| f64::from(points) == value) {
                    Some(points) => self.visit_u64(u64::from(points)),
                    None => Err(E::custom(format!(
                        "pain must be a whole number from 0 to 10, got {value:?}"
                    ))),
                }
            }
        }

        deserializer.deserialize_u8(PainVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_zero_to_ten_only() {
        assert_eq!(PainScore::new(0).map(PainScore::value), Some(0));
        assert_eq!(PainScore::new(10).map(PainScore::value), Some(10));
        assert_eq!(PainScore::new(11), None);
    }

    #[test]
    fn a_missing_score_says_it_is_missing() {
        #[derive(Debug, Deserialize)]
        struct Holder {
            #[expect(dead_code, reason = "only the error matters")]
            pain: PainScore,
        }
        let error = serde_json::from_str::<Holder>("{}").unwrap_err();
        assert!(
            error.to_string().contains("missing field `pain`"),
            "{error}"
        );
        let error = serde_json::from_str::<Holder>(r#"{"pain": "high"}"#).unwrap_err();
        assert!(error.to_string().contains("0 to 10"), "{error}");
    }

    #[test]
    fn deserialising_out_of_range_names_the_range() {
        let error = serde_json::from_str::<PainScore>("11").unwrap_err();
        assert!(error.to_string().contains("0 to 10"), "{error}");
        let error = serde_json::from_str::<PainScore>("-1").unwrap_err();
        assert!(error.to_string().contains("0 to 10"), "{error}");
        let error = serde_json::from_str::<PainScore>("2.5").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("a whole number from 0 to 10, got 2.5"),
            "{error}"
        );
        let error = serde_json::from_str::<PainScore>("11.0").unwrap_err();
        assert!(error.to_string().contains("got 11.0"), "{error}");
    }

    #[test]
    fn a_whole_number_written_with_a_decimal_point_is_accepted() {
        let score: PainScore = serde_json::from_str("2.0").unwrap();
        assert_eq!(score.value(), 2);
        let score: PainScore = serde_json::from_str("10.0").unwrap();
        assert_eq!(score.value(), 10);
        let score: PainScore = serde_json::from_str("-0.0").unwrap();
        assert_eq!(score.value(), 0);
    }
}
