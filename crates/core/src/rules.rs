//! Identifiers of every rule the engine applies.
//!
//! The seed rules (`A1`–`A23`, `H1`–`H7`) come from `shared/clinical/seed-rules.md` and are never
//! renumbered. The other families come from `shared/clinical/evidence.md` and carry a prefix:
//! `R-` pain monitoring and load tests, `P-` programmes, `MG-` massage-gun safety beyond the seed
//! rules, `Q-` questionnaires, `E-` escalation, `RF-` red flags. The registry in
//! [`crate::evidence`] holds the statement, sources and evidence level of each.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The identifier of one rule, such as `A16` or `R-PM2`.
///
/// Only the constants of this module exist; [`RuleId::parse`] finds one by its text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RuleId(&'static str);

impl RuleId {
    /// The identifier as written in the rule tables, e.g. `"A16"`.
    pub const fn as_str(self) -> &'static str {
        self.0
    }

    /// Finds a rule id by its text, ignoring case (`"a16"` finds `A16`).
    ///
    /// Stored reasons are read back through this, many per page, so it is one hash lookup:
    /// every id is written in capitals, and the exact spelling is tried first.
    pub fn parse(text: &str) -> Option<RuleId> {
        static BY_TEXT: std::sync::LazyLock<std::collections::HashMap<&'static str, RuleId>> =
            std::sync::LazyLock::new(|| ALL.iter().map(|id| (id.0, *id)).collect());
        let wanted = text.trim();
        BY_TEXT
            .get(wanted)
            .or_else(|| BY_TEXT.get(wanted.to_ascii_uppercase().as_str()))
            .copied()
    }

    /// True for the rules of the two founding documents (`A…` and `H…`).
    pub fn is_seed_rule(self) -> bool {
        let mut chars = self.0.chars();
        matches!(chars.next(), Some('A' | 'H')) && chars.all(|c| c.is_ascii_digit())
    }
}

impl fmt::Debug for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for RuleId {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some(
                "A rule id of the evidence registry, such as `A16` or `R-PM1`.",
            ))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for RuleId {}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        RuleId::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown rule id `{text}`")))
    }
}

macro_rules! rule_ids {
    ($($(#[$doc:meta])* $name:ident = $text:literal;)*) => {
        $(
            $(#[$doc])*
            pub const $name: RuleId = RuleId($text);
        )*
        /// Every rule id, in the order of the rule tables.
        pub const ALL: &[RuleId] = &[$($name),*];
    };
}

rule_ids! {
    /// Tendinitis, tendonitis, tendinosis and tendinopathy name one condition.
    A1 = "A1";
    /// The cause is load beyond capacity; intake records what changed in training.
    A2 = "A2";
    /// What changes inside the tendon (education).
    A3 = "A3";
    /// Massage cannot rebuild the tendon; a plan is never massage alone.
    A4 = "A4";
    /// Massage helps when pain stops a person from starting the exercises.
    A5 = "A5";
    /// Self-massage goes to the calf muscles, the tendon only gently.
    A6 = "A6";
    /// No cross-friction massage on an Achilles tendinopathy.
    A7 = "A7";
    /// Massage-gun dose by percussion rate.
    A8 = "A8";
    /// A massage gun only with normal sensation.
    A9 = "A9";
    /// The medium ball attachment.
    A10 = "A10";
    /// Achilles: the low setting, 2,400 percussions per minute or fewer.
    A11 = "A11";
    /// Calf muscles only, at most 5 minutes per calf.
    A12 = "A12";
    /// Not on the tendon or insertion until the tendon has settled.
    A13 = "A13";
    /// Never on the insertion with heel bursitis.
    A14 = "A14";
    /// Intensity about 4 to 6 out of 10.
    A15 = "A15";
    /// At least 48 hours between treatments.
    A16 = "A16";
    /// No massage gun with a systemic illness that impairs repair.
    A17 = "A17";
    /// Not on open wounds or inflamed areas.
    A18 = "A18";
    /// Not over a scar less than 12 weeks old.
    A19 = "A19";
    /// Never on the face.
    A20 = "A20";
    /// Never on the neck or over major arteries.
    A21 = "A21";
    /// Never over the chest where there is little muscle.
    A22 = "A22";
    /// Video consultations with named physiotherapists (service content).
    A23 = "A23";
    /// Proximal hamstring tendinopathy: deep buttock pain in runners (education).
    H1 = "H1";
    /// The evidence for massage in hamstring tendinopathy is weak.
    H2 = "H2";
    /// Swedish, then sports, then deep-tissue massage.
    H3 = "H3";
    /// Massage weekly or fortnightly over several months; short-lived benefit.
    H4 = "H4";
    /// Rehabilitation: loading, core stabilisation (stretching deferred, see conflicts).
    H5 = "H5";
    /// Injections and surgery are a doctor's decision: referral only.
    H6 = "H6";
    /// The service books massages and answers questions (service content).
    H7 = "H7";

    /// Pain during activity may reach 5/10 (Silbernagel 2007).
    R_PM1 = "R-PM1";
    /// Pain after activity may reach 5/10 and must settle by the next morning.
    R_PM2 = "R-PM2";
    /// Pain and stiffness must not rise from week to week.
    R_PM3 = "R-PM3";
    /// A rise of more than 2/10 on the 24-hour load test cuts the aggravating load (Cook 2018).
    R_LT1 = "R-LT1";
    /// Hamstring daily load test: 0–3/10 tolerated, 4–10/10 not tolerated (Goom 2016).
    R_LT2 = "R-LT2";
    /// Never complete rest: reduce painful loads, keep helpful ones (Cook 2018).
    R_REST = "R-REST";

    /// Isometric holds for pain relief and early loading.
    P_ISO = "P-ISO";
    /// Alfredson eccentric heel drops: 3×15, two exercises, twice daily, 12 weeks.
    P_ALF = "P-ALF";
    /// Eccentric load is progressed with external weight once pain allows.
    P_LOAD = "P-LOAD";
    /// Insertional Achilles: never below floor level (no dorsiflexion past neutral).
    P_INS = "P-INS";
    /// Beyer heavy slow resistance: 3 a week, 3 s down and 3 s up, 15RM to 6RM.
    P_HSR = "P-HSR";
    /// Silbernagel's Achilles loading phases 1–4.
    P_SIL = "P-SIL";
    /// Moving between Silbernagel phases is gated by symptoms, not the calendar.
    P_SIL_GATE = "P-SIL-GATE";
    /// Return to running: start when hopping is nearly pain-free, add at most 20% a week.
    P_RUN = "P-RUN";
    /// Goom stage 1: isometric hamstring load, hip near neutral.
    P_PHT1 = "P-PHT1";
    /// Goom stage 2: isotonic load with minimal hip flexion, about 15RM to 8RM.
    P_PHT2 = "P-PHT2";
    /// Goom stage 3: isotonic load with increasing hip flexion.
    P_PHT3 = "P-PHT3";
    /// Goom stage 4: energy storage, running and return to sport.
    P_PHT4 = "P-PHT4";
    /// No compressive positions or stretching of the hamstring tendon in stages 1–2.
    P_COMP = "P-COMP";
    /// Core and trunk stabilisation throughout hamstring rehabilitation.
    P_CORE = "P-CORE";
    /// Rehabilitation takes 12 weeks or more; progress by symptoms, do not rush.
    P_LEN = "P-LEN";
    /// Exercise at least twice a week within pain tolerance (JOSPT guideline 2018).
    P_FREQ = "P-FREQ";
    /// Equipment: an exercise the person cannot do is swapped for one with the same loading
    /// intent, or kept with what it needs (Tendo's product rule).
    P_EQUIP = "P-EQUIP";

    /// Percussion goes on muscle bellies, not on tendons, bone or joints.
    MG_BELLY = "MG-BELLY";
    /// No massage gun right before plyometric, sprint or strength work.
    MG_BEFORE = "MG-BEFORE";
    /// Stop and seek advice on bruising, dark urine, numbness or visual symptoms.
    MG_STOP = "MG-STOP";
    /// No massage or percussion on a leg with a suspected or known clot.
    MG_DVT = "MG-DVT";
    /// No massage gun with blood thinners or a bleeding disorder, unless a clinician says so.
    MG_BLEED = "MG-BLEED";
    /// No massage gun during pregnancy without a clinician's advice.
    MG_PREG = "MG-PREG";
    /// Never over or near an implanted device; a clinician decides first.
    MG_IMPLANT = "MG-IMPLANT";

    /// VISA-A: eight items scored 0–100 (Robinson 2001).
    Q_VISA_A = "Q-VISA-A";
    /// VISA-H: eight items scored 0–100 (Cacchio 2014).
    Q_VISA_H = "Q-VISA-H";
    /// A VISA score of 90 or more is taken as recovered (Iversen 2012).
    Q_REC = "Q-REC";
    /// A change of 14 points or more at about 12 weeks is meaningful.
    Q_MCID = "Q-MCID";

    /// No meaningful improvement after 12 weeks of adherent loading: clinical review.
    E_REVIEW = "E-REVIEW";
    /// A worsening trend: clinical review.
    E_WORSE = "E-WORSE";
    /// Injections and surgery are only ever a referral to a doctor.
    E_REFER = "E-REFER";

    /// Suspected Achilles rupture.
    RF_RUPTURE = "RF-RUPTURE";
    /// Suspected proximal hamstring avulsion or acute tear.
    RF_AVULSION = "RF-AVULSION";
    /// Current or recent fluoroquinolone antibiotic.
    RF_FQ = "RF-FQ";
    /// Systemic corticosteroids.
    RF_STEROID = "RF-STEROID";
    /// Nerve signs: numbness, pins and needles, radiating pain, weakness or foot drop.
    RF_NERVE = "RF-NERVE";
    /// Night or rest pain that is worsening, or constant pain.
    RF_NIGHT = "RF-NIGHT";
    /// Systemic or inflammatory disease (rheumatoid arthritis, gout, spondyloarthritis, diabetes).
    RF_SYSTEMIC = "RF-SYSTEMIC";
    /// Calf swelling or tenderness suggesting a clot.
    RF_DVT = "RF-DVT";
    /// Marked warmth, redness or fever.
    RF_INFECT = "RF-INFECT";
    /// Bladder or bowel change or saddle numbness: an emergency.
    RF_CAUDA = "RF-CAUDA";
    /// Unexplained weight loss or a history of cancer.
    RF_CANCER = "RF-CANCER";
    /// Symptoms in both legs without a load explanation.
    RF_BILATERAL = "RF-BILATERAL";
    /// An adolescent with sudden buttock pain: possible avulsion fracture.
    RF_ADOLESCENT = "RF-ADOLESCENT";
    /// Pain worse with low-load activity or spreading along the tendon.
    RF_ATYPICAL = "RF-ATYPICAL";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for id in ALL {
            assert!(seen.insert(id.as_str()), "{id} appears twice");
        }
    }

    #[test]
    fn parse_ignores_case_and_rejects_unknown_ids() {
        assert_eq!(RuleId::parse("a16"), Some(A16));
        assert_eq!(RuleId::parse(" r-pm2 "), Some(R_PM2));
        assert_eq!(RuleId::parse("A24"), None);
    }

    #[test]
    fn seed_rules_are_the_a_and_h_families() {
        let seed: Vec<_> = ALL.iter().filter(|id| id.is_seed_rule()).collect();
        assert_eq!(seed.len(), 30);
        assert!(!R_PM1.is_seed_rule());
    }
}
