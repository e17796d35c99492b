//! The simulated patients: who they are and how their tendon answers the load it is given.
//!
//! A journey's pain is not scripted day by day: it comes from a small model of a tendon whose
//! irritability falls (or not) week by week and rises when the plan asks more than its
//! capacity, so the engine's decisions feed back into the pain it is then shown.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use tendo_core::condition::Condition;

/// The kinds of journey simulated, each a pattern clinicians meet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scenario {
    /// Settles steadily with loading.
    Steady,
    /// Settles, but a flare hits in week 3.
    #[serde(rename = "flare-week-3")]
    FlareWeek3,
    /// Settles slowly.
    Slow,
    /// Misses whole weeks and odd days.
    NonAdherent,
    /// A red flag (a suspected clot or tear) appears in week 5.
    #[serde(rename = "red-flag-week-5")]
    RedFlagWeek5,
    /// Insertional Achilles tendinopathy: never below floor level.
    Insertional,
    /// A hamstring whose 24-hour load test fails in weeks 2 and 3.
    HamstringFailedLoadTest,
    /// Does not improve at all: must be escalated by week 12.
    NonResponder,
}

impl Scenario {
    /// Every scenario, in the order of the report.
    pub const ALL: [Scenario; 8] = [
        Scenario::Steady,
        Scenario::FlareWeek3,
        Scenario::Slow,
        Scenario::NonAdherent,
        Scenario::RedFlagWeek5,
        Scenario::Insertional,
        Scenario::HamstringFailedLoadTest,
        Scenario::NonResponder,
    ];

    /// The identifier, such as `flare-week-3`.
    pub fn id(self) -> &'static str {
        match self {
            Scenario::Steady => "steady",
            Scenario::FlareWeek3 => "flare-week-3",
            Scenario::Slow => "slow",
            Scenario::NonAdherent => "non-adherent",
            Scenario::RedFlagWeek5 => "red-flag-week-5",
            Scenario::Insertional => "insertional",
            Scenario::HamstringFailedLoadTest => "hamstring-failed-load-test",
            Scenario::NonResponder => "non-responder",
        }
    }

    /// Reads an identifier.
    pub fn parse(text: &str) -> Option<Scenario> {
        Scenario::ALL
            .into_iter()
            .find(|scenario| scenario.id() == text.trim())
    }
}

/// One simulated patient, made from a scenario and a seed: the same pair always makes the same
/// patient and the same pain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JourneySpec {
    /// The pattern.
    pub scenario: Scenario,
    /// The seed of the journey's randomness.
    pub seed: u64,
    /// Their condition.
    pub condition: Condition,
    /// How many weeks are simulated, 12 to 26.
    pub weeks: u16,
    /// Training days a week they say they can manage, 3 to 7.
    pub days_per_week: u8,
    /// Their usual morning pain at intake, 2 to 6.
    pub baseline_morning: u8,
    /// Pain of a single-leg heel raise at intake (Achilles), 2 to 8: above 5 starts isometrics.
    pub heel_raise_pain: u8,
    /// How much the irritability falls each week (0 for a non-responder).
    pub recovery_per_week: f64,
    /// How much load the tendon takes before it hurts more, from 0 (none) to 1 (the last level).
    pub capacity: f64,
    /// How much the capacity grows each week of loading.
    pub capacity_gain_per_week: f64,
    /// The spread of day-to-day noise, in points.
    pub noise: f64,
    /// True when the person uses a massage gun.
    pub uses_gun: bool,
}

impl JourneySpec {
    /// Makes the patient of `scenario` and `seed`.
    pub fn new(scenario: Scenario, seed: u64) -> JourneySpec {
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5EED_7E4D0);
        let condition = match scenario {
            Scenario::Insertional => Condition::AchillesInsertional,
            Scenario::HamstringFailedLoadTest => Condition::ProximalHamstring,
            _ => match rng.random_range(0..20) {
                0..=10 => Condition::AchillesMidportion,
                11..=14 => Condition::AchillesInsertional,
                15 => Condition::AchillesLocationUnknown,
                _ => Condition::ProximalHamstring,
            },
        };
        let recovery_per_week = match scenario {
            Scenario::NonResponder => 0.0,
            Scenario::Slow => rng.random_range(0.08..0.18),
            _ => rng.random_range(0.2..0.45),
        };
        JourneySpec {
            scenario,
            seed,
            condition,
            // A non-responder runs past week 12, so the escalation due then can be seen.
            weeks: if scenario == Scenario::NonResponder {
                rng.random_range(14..=26)
            } else {
                rng.random_range(12..=26)
            },
            days_per_week: rng.random_range(3..=7),
            baseline_morning: rng.random_range(2..=6),
            heel_raise_pain: rng.random_range(2..=8),
            recovery_per_week,
            capacity: rng.random_range(0.1..0.3),
            capacity_gain_per_week: if scenario == Scenario::NonResponder {
                0.0
            } else {
                rng.random_range(0.03..0.08)
            },
            noise: rng.random_range(0.3..1.2),
            uses_gun: condition != Condition::ProximalHamstring && rng.random_bool(0.5),
        }
    }
}

/// The pain of one day, as the simulated person reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayPain {
    /// Worst pain during the session.
    pub during: u8,
    /// Pain straight after it.
    pub after: u8,
    /// Pain the next morning (for a hamstring, the 24-hour load-test score).
    pub next_morning: u8,
}

/// The state of a simulated tendon, moved day by day.
#[derive(Clone, Debug)]
pub struct Tendon {
    spec: JourneySpec,
    rng: ChaCha8Rng,
    irritability: f64,
    capacity: f64,
}

impl Tendon {
    /// A tendon at the start of the journey.
    pub fn new(spec: &JourneySpec) -> Tendon {
        Tendon {
            rng: ChaCha8Rng::seed_from_u64(spec.seed),
            irritability: f64::from(spec.baseline_morning),
            capacity: spec.capacity,
            spec: spec.clone(),
        }
    }

    /// The end of a week of loading: irritability falls and capacity grows by the journey's
    /// rates (not in weeks the person did not train).
    pub fn end_of_week(&mut self, trained: bool) {
        if trained {
            self.irritability = (self.irritability - self.spec.recovery_per_week).max(0.0);
            self.capacity = (self.capacity + self.spec.capacity_gain_per_week).min(1.2);
        }
    }

    /// The pain around a session on `day` (0-based) at a plan asking `demand` (0 for the first
    /// level, 1 for the last).
    pub fn session(&mut self, day: u32, demand: f64) -> DayPain {
        let week = day / 7;
        let flare = match self.spec.scenario {
            Scenario::FlareWeek3 if week == 2 => 4.0,
            _ => 0.0,
        };
        let overload = (demand - self.capacity).max(0.0) * 6.0;
        let base = self.irritability + flare;
        let noise = self.spec.noise;
        let mut score = |level: f64| {
            let jitter = self.rng.random_range(-noise..=noise);
            clamp_score(level + jitter)
        };
        let during = score(base * 0.8 + overload);
        let after = score(base * 0.9 + overload);
        let mut next_morning = score(base + overload * 0.7 - 0.3);
        if self.spec.scenario == Scenario::HamstringFailedLoadTest && (1..=2).contains(&week) {
            next_morning = next_morning.max(5);
        }
        DayPain {
            during,
            after,
            next_morning,
        }
    }

    /// A questionnaire score (VISA-A or VISA-H, 0–100) today.
    pub fn visa_score(&mut self) -> u8 {
        let jitter = self.rng.random_range(-3.0..=3.0);
        let score = 100.0 - self.irritability * 11.0 - 6.0 + jitter;
        // Truncation is intended: the value is clamped to the scale first.
        score.clamp(10.0, 95.0).round() as u8
    }

    /// True when the person trains on `day` (0-based).
    pub fn trains(&mut self, day: u32) -> bool {
        let week = day / 7;
        let weekday = day % 7;
        if self.spec.scenario == Scenario::NonAdherent
            && ((3..=4).contains(&week) || self.rng.random_bool(0.25))
        {
            return false;
        }
        // Spread the training days over the week: day `d` trains when it starts a new share.
        let per_week = u32::from(self.spec.days_per_week);
        (weekday * per_week) / 7 != ((weekday + 1) * per_week) / 7
    }

    /// A draw for the journey's other choices.
    pub fn chance(&mut self, probability: f64) -> bool {
        self.rng.random_bool(probability.clamp(0.0, 1.0))
    }
}

/// A 0–10 score from a model value.
fn clamp_score(value: f64) -> u8 {
    // Truncation is intended: the value is clamped to the scale first.
    value.round().clamp(0.0, 10.0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_makes_the_same_patient_and_pain() {
        for scenario in Scenario::ALL {
            let spec = JourneySpec::new(scenario, 42);
            assert_eq!(spec, JourneySpec::new(scenario, 42));
            let mut one = Tendon::new(&spec);
            let mut two = Tendon::new(&spec);
            for day in 0..30 {
                assert_eq!(one.session(day, 0.5), two.session(day, 0.5));
            }
        }
    }

    #[test]
    fn the_json_name_is_the_id() {
        for scenario in Scenario::ALL {
            let json = serde_json::to_value(scenario).expect("a scenario serialises");
            assert_eq!(json, scenario.id());
            assert_eq!(Scenario::parse(scenario.id()), Some(scenario));
        }
    }

    #[test]
    fn training_days_match_the_days_a_week_asked_for() {
        for days in 3..=7 {
            let mut spec = JourneySpec::new(Scenario::Steady, 1);
            spec.days_per_week = days;
            let mut tendon = Tendon::new(&spec);
            let trained = (0..7).filter(|day| tendon.trains(*day)).count();
            assert_eq!(trained, usize::from(days));
        }
    }

    #[test]
    fn overloading_hurts_more_than_a_load_within_capacity() {
        let spec = JourneySpec::new(Scenario::Steady, 7);
        let mut easy = Tendon::new(&spec);
        let mut hard = Tendon::new(&spec);
        let easy_pain: u32 = (0..20)
            .map(|day| u32::from(easy.session(day, 0.0).during))
            .sum();
        let hard_pain: u32 = (0..20)
            .map(|day| u32::from(hard.session(day, 1.0).during))
            .sum();
        assert!(hard_pain > easy_pain, "{hard_pain} vs {easy_pain}");
    }
}
