//! Red-flag triage: signs that stop self-management and send the person to a doctor, saying whom
//! to see and how soon (the `RF-` rules, evidence.md §11).
//!
//! [`questions`] lists the screening questions for a condition, in plain words; [`triage`] turns
//! the flags a person reported into findings, most urgent first. Any flag stops
//! self-management until a clinician has looked at it.

use serde::{Deserialize, Serialize};

use crate::condition::Condition;
use crate::rules::RuleId;

mod catalogue;

/// A sign that tendinopathy self-management is not safe until a clinician has looked at it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RedFlag {
    /// A sudden pop or snap, a kicked feeling, no push-off or single-leg heel raise, or a gap in
    /// the Achilles tendon: a possible rupture (`RF-RUPTURE`).
    AchillesRupture,
    /// A pop with the hip forced into flexion, large bruising at the back of the thigh, a gap or
    /// new weakness: a possible hamstring avulsion or tear (`RF-AVULSION`).
    HamstringAvulsion,
    /// A teenager with sudden buttock pain: a possible avulsion fracture of the sitting bone
    /// (`RF-ADOLESCENT`).
    AdolescentSuddenButtockPain,
    /// New bladder or bowel trouble or numbness in the saddle area (`RF-CAUDA`).
    CaudaEquina,
    /// Calf swelling, warmth or tenderness suggesting a blood clot (`RF-DVT`).
    CalfClot,
    /// Marked warmth or redness, or a fever (`RF-INFECT`).
    InfectionSigns,
    /// New weakness in the leg or foot, such as foot drop (`RF-NERVE`).
    NerveWeakness,
    /// Numbness, pins and needles or pain running down the leg (`RF-NERVE`).
    NerveSymptoms,
    /// A fluoroquinolone antibiotic now or recently (`RF-FQ`).
    Fluoroquinolone,
    /// Night or rest pain that is getting worse, or constant pain (`RF-NIGHT`).
    NightOrRestPain,
    /// Unexplained weight loss or a history of cancer (`RF-CANCER`).
    CancerOrWeightLoss,
    /// Steroid medicine acting on the whole body (`RF-STEROID`).
    SystemicCorticosteroids,
    /// Rheumatoid arthritis, gout, spondyloarthritis or diabetes (`RF-SYSTEMIC`).
    SystemicDisease,
    /// The same symptoms in both legs without a change in load (`RF-BILATERAL`).
    BothLegsWithoutLoadChange,
    /// Pain worse with light activity or spreading along the leg (`RF-ATYPICAL`).
    AtypicalPain,
}

impl RedFlag {
    /// Every red flag.
    pub const ALL: [RedFlag; 15] = [
        RedFlag::AchillesRupture,
        RedFlag::HamstringAvulsion,
        RedFlag::AdolescentSuddenButtockPain,
        RedFlag::CaudaEquina,
        RedFlag::CalfClot,
        RedFlag::InfectionSigns,
        RedFlag::NerveWeakness,
        RedFlag::NerveSymptoms,
        RedFlag::Fluoroquinolone,
        RedFlag::NightOrRestPain,
        RedFlag::CancerOrWeightLoss,
        RedFlag::SystemicCorticosteroids,
        RedFlag::SystemicDisease,
        RedFlag::BothLegsWithoutLoadChange,
        RedFlag::AtypicalPain,
    ];

    /// How soon the person should be seen.
    pub fn urgency(self) -> Urgency {
        catalogue::profile(self).urgency
    }

    /// The rules behind this flag.
    pub fn rules(self) -> &'static [RuleId] {
        catalogue::profile(self).rules
    }
}

/// How soon someone should be seen, least urgent first, so that the greatest is the most urgent.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Urgency {
    /// Talk it through with your clinician before continuing the programme.
    RoutineReview,
    /// See your GP, or the doctor who prescribed a medicine, within a few days.
    WithinDays,
    /// Be seen today: urgent care or an urgent orthopaedic clinic.
    SameDay,
    /// Now: an emergency department, or call the emergency number.
    Emergency,
}

impl Urgency {
    /// A short description for people, such as "today".
    pub fn label(self) -> &'static str {
        match self {
            Urgency::RoutineReview => "before you continue the programme",
            Urgency::WithinDays => "within a few days",
            Urgency::SameDay => "today",
            Urgency::Emergency => "now, as an emergency",
        }
    }
}

/// A screening question for a patient.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Question {
    /// The flag a "yes" raises.
    pub flag: RedFlag,
    /// The question, in plain words; "yes" raises the flag.
    pub text: &'static str,
    /// The conditions it is asked for.
    pub conditions: &'static [Condition],
}

/// The screening questions for a condition, most urgent flags first.
pub fn questions(condition: Condition) -> Vec<&'static Question> {
    catalogue::QUESTIONS
        .iter()
        .filter(|question| question.conditions.contains(&condition))
        .collect()
}

/// What one red flag means for the person.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The flag reported.
    pub flag: RedFlag,
    /// How soon to be seen.
    pub urgency: Urgency,
    /// Whom to see.
    pub see: String,
    /// What the flag may mean and what to do, in plain words.
    pub message: String,
    /// The rules behind it.
    pub rules: Vec<RuleId>,
}

/// The outcome of red-flag triage.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Triage {
    /// False as soon as any flag is reported.
    pub self_management_allowed: bool,
    /// One finding per flag, most urgent first.
    pub findings: Vec<Finding>,
    /// The urgency of the first finding, if any.
    pub most_urgent: Option<Urgency>,
}

/// Turns the flags a person reported into findings, most urgent first.
///
/// Any flag stops self-management, whatever the condition: a flag asked only for the Achilles
/// still counts if a person with hamstring pain reports it. A flag reported twice counts once.
pub fn triage(condition: Condition, flags: &[RedFlag]) -> Triage {
    let mut unique = flags.to_vec();
    unique.sort_unstable();
    unique.dedup();
    let mut findings: Vec<Finding> = unique
        .iter()
        .map(|&flag| catalogue::finding(condition, flag, &unique))
        .collect();
    findings.sort_by(|a, b| b.urgency.cmp(&a.urgency).then(a.flag.cmp(&b.flag)));
    Triage {
        self_management_allowed: findings.is_empty(),
        most_urgent: findings.first().map(|finding| finding.urgency),
        findings,
    }
}
