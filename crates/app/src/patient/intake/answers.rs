//! The intake document: what the patient has answered so far, and the words for its choices.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use tendo_core::condition::{Condition, Side};
use tendo_core::massage_gun::{Device, SkinIssue, SkinKind, SystemicCondition};
use tendo_core::pain_score::PainScore;
use tendo_core::programme::EquipmentSet;
use tendo_core::questionnaire::VisaAnswers;
use tendo_core::red_flags::RedFlag;

/// One step of the intake.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    /// The condition and side (A1).
    Condition,
    /// When and how it started, and what changed in training (A2).
    History,
    /// The red-flag questions.
    RedFlags,
    /// The massage-gun screening (A9–A22).
    MassageGun,
    /// The baseline questionnaire, morning pain and training days.
    Baseline,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 5] = [
        Step::Condition,
        Step::History,
        Step::RedFlags,
        Step::MassageGun,
        Step::Baseline,
    ];

    /// The step's path segment, such as `red-flags`.
    pub fn id(self) -> &'static str {
        match self {
            Step::Condition => "condition",
            Step::History => "history",
            Step::RedFlags => "red-flags",
            Step::MassageGun => "massage-gun",
            Step::Baseline => "baseline",
        }
    }

    /// The step's title.
    pub fn title(self) -> &'static str {
        match self {
            Step::Condition => "Your tendon",
            Step::History => "How it started",
            Step::RedFlags => "Safety questions",
            Step::MassageGun => "Massage gun",
            Step::Baseline => "Where you are today",
        }
    }

    /// Reads a step's path segment.
    pub fn parse(text: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|step| step.id() == text)
    }
}

/// How the pain started.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Onset {
    /// Little by little, over days or weeks.
    Gradual,
    /// During or after one particular run or session.
    OneSession,
    /// The patient does not know.
    NotSure,
}

impl Onset {
    /// Every choice, in order.
    pub const ALL: [Onset; 3] = [Onset::Gradual, Onset::OneSession, Onset::NotSure];

    /// The stored and submitted spelling.
    pub fn id(self) -> &'static str {
        match self {
            Onset::Gradual => "gradual",
            Onset::OneSession => "one-session",
            Onset::NotSure => "not-sure",
        }
    }

    /// The words for people.
    pub fn label(self) -> &'static str {
        match self {
            Onset::Gradual => "Little by little, over days or weeks",
            Onset::OneSession => "During or after one particular run or session",
            Onset::NotSure => "I'm not sure",
        }
    }
}

/// A change in training before the pain began (A2).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TrainingChange {
    /// More distance or longer runs.
    MoreDistance,
    /// Hills, or hillier routes.
    Hills,
    /// Faster running: intervals, tempo, races.
    SpeedWork,
    /// More training days, or less rest between hard sessions.
    LessRecovery,
    /// Back to running after a break.
    BackAfterBreak,
    /// New shoes.
    NewShoes,
    /// A new surface, such as a track, trail or treadmill.
    NewSurface,
    /// Nothing changed that the patient knows of.
    NothingChanged,
}

impl TrainingChange {
    /// Every choice, in order.
    pub const ALL: [TrainingChange; 8] = [
        TrainingChange::MoreDistance,
        TrainingChange::Hills,
        TrainingChange::SpeedWork,
        TrainingChange::LessRecovery,
        TrainingChange::BackAfterBreak,
        TrainingChange::NewShoes,
        TrainingChange::NewSurface,
        TrainingChange::NothingChanged,
    ];

    /// The stored and submitted spelling.
    pub fn id(self) -> &'static str {
        match self {
            TrainingChange::MoreDistance => "more-distance",
            TrainingChange::Hills => "hills",
            TrainingChange::SpeedWork => "speed-work",
            TrainingChange::LessRecovery => "less-recovery",
            TrainingChange::BackAfterBreak => "back-after-break",
            TrainingChange::NewShoes => "new-shoes",
            TrainingChange::NewSurface => "new-surface",
            TrainingChange::NothingChanged => "nothing-changed",
        }
    }

    /// The words for people.
    pub fn label(self) -> &'static str {
        match self {
            TrainingChange::MoreDistance => "I ran further or for longer than before",
            TrainingChange::Hills => "I added hills, or ran hillier routes",
            TrainingChange::SpeedWork => "I ran faster: intervals, tempo runs or races",
            TrainingChange::LessRecovery => {
                "I trained on more days, or with less rest between hard sessions"
            }
            TrainingChange::BackAfterBreak => "I came back to running after a break",
            TrainingChange::NewShoes => "I changed shoes",
            TrainingChange::NewSurface => "I ran on a new surface (track, trail, treadmill)",
            TrainingChange::NothingChanged => "Nothing changed that I know of",
        }
    }

    /// Reads the spelling.
    pub fn parse(text: &str) -> Option<TrainingChange> {
        TrainingChange::ALL
            .into_iter()
            .find(|change| change.id() == text)
    }
}

/// The massage-gun screening answers (A9, A13, A14, A17–A19, A11, MG-DVT, MG-BLEED, MG-PREG,
/// MG-IMPLANT).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GunAnswers {
    /// Normal feeling in the calf and Achilles (A9).
    pub normal_sensation: bool,
    /// Illnesses that impair repair (A17).
    pub systemic_conditions: Vec<SystemicCondition>,
    /// Heel bursitis (A14).
    pub heel_bursitis: bool,
    /// The tendon has fully settled (A13).
    pub tendon_settled: bool,
    /// Skin problems by site (A18, A19).
    pub skin: Vec<SkinIssue>,
    /// The device's range of rates, if known.
    pub device: Option<Device>,
    /// A swollen, warm or tender calf that could be a clot (MG-DVT). This and the four answers
    /// below are `None` only in answers saved before the question was asked; the screening
    /// then keeps the gun closed until the patient answers them.
    #[serde(default)]
    pub suspected_clot: Option<bool>,
    /// Blood-thinning medicine (MG-BLEED).
    #[serde(default)]
    pub blood_thinners: Option<bool>,
    /// A bleeding disorder (MG-BLEED).
    #[serde(default)]
    pub bleeding_disorder: Option<bool>,
    /// Pregnant or possibly pregnant (MG-PREG).
    #[serde(default)]
    pub pregnant: Option<bool>,
    /// A pacemaker, nerve stimulator or metal implant (MG-IMPLANT).
    #[serde(default)]
    pub implanted_device: Option<bool>,
}

/// The baseline: questionnaire, usual morning pain and training days.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// The baseline VISA-A or VISA-H answers.
    pub visa: VisaAnswers,
    /// The usual morning pain (the pain-monitoring model's baseline).
    pub morning_pain: PainScore,
    /// Days a week the patient can train, 1 to 7.
    pub days_per_week: u8,
    /// Pain during a single-leg heel raise (Achilles only), for the isometric start (P-ISO).
    pub heel_raise_pain: Option<PainScore>,
    /// What the patient has to train with (P-EQUIP); `None` in answers saved before the
    /// question was asked, and the plan then uses the protocol's own exercises.
    #[serde(default)]
    pub equipment: Option<EquipmentSet>,
}

/// Everything answered so far. Stored as JSON; fields stay empty until their step is saved.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IntakeAnswers {
    /// The condition as the patient wrote it.
    pub condition_text: Option<String>,
    /// The condition Tendo read from it (A1).
    pub condition: Option<Condition>,
    /// The affected side.
    pub side: Option<Side>,
    /// When the pain started.
    pub started_on: Option<Date>,
    /// How it started.
    pub onset: Option<Onset>,
    /// What changed in training before it started (A2).
    pub training_changes: Vec<TrainingChange>,
    /// Anything else about the start, in the patient's words.
    pub change_note: Option<String>,
    /// The red flags answered "yes"; `None` until the step is answered.
    pub red_flags: Option<Vec<RedFlag>>,
    /// The massage-gun screening.
    pub massage_gun: Option<GunAnswers>,
    /// The baseline.
    pub baseline: Option<Baseline>,
    /// True once a clinician has assessed the red flags reported and cleared the stop: the
    /// patient finishes the intake and gets a plan.
    pub red_flags_cleared: bool,
}

impl IntakeAnswers {
    /// The answers as stored with an intake.
    pub fn from_stored(stored: serde_json::Value) -> crate::error::AppResult<Self> {
        serde_json::from_value(stored).map_err(|error| {
            crate::error::AppError::internal(format!("intake does not read: {error}"))
        })
    }

    /// Whether a step has been answered.
    pub fn has(&self, step: Step) -> bool {
        match step {
            Step::Condition => self.condition.is_some() && self.side.is_some(),
            Step::History => self.started_on.is_some() && self.onset.is_some(),
            Step::RedFlags => self.red_flags.is_some(),
            Step::MassageGun => self.massage_gun.is_some(),
            Step::Baseline => self.baseline.is_some(),
        }
    }

    /// The first step not yet answered.
    pub fn next_step(&self) -> Option<Step> {
        Step::ALL.into_iter().find(|step| !self.has(*step))
    }

    /// True when a red flag was reported and no clinician has cleared it.
    pub fn flagged(&self) -> bool {
        !self.red_flags_cleared
            && self
                .red_flags
                .as_ref()
                .is_some_and(|flags| !flags.is_empty())
    }
}

/// The words for an illness that rules out a massage gun (A17).
pub fn illness_label(condition: SystemicCondition) -> &'static str {
    match condition {
        SystemicCondition::Diabetes => "Diabetes",
        SystemicCondition::Osteoporosis => "Osteoporosis",
        SystemicCondition::IronDeficiency => "Iron deficiency",
        SystemicCondition::KidneyDisease => "Kidney disease",
        SystemicCondition::OtherSystemicIllness => {
            "Another illness that affects how the whole body heals"
        }
    }
}

/// Every illness of [`illness_label`].
pub const ILLNESSES: [SystemicCondition; 5] = [
    SystemicCondition::Diabetes,
    SystemicCondition::Osteoporosis,
    SystemicCondition::IronDeficiency,
    SystemicCondition::KidneyDisease,
    SystemicCondition::OtherSystemicIllness,
];

/// The submitted spelling of an illness.
pub fn illness_id(condition: SystemicCondition) -> &'static str {
    match condition {
        SystemicCondition::Diabetes => "diabetes",
        SystemicCondition::Osteoporosis => "osteoporosis",
        SystemicCondition::IronDeficiency => "iron-deficiency",
        SystemicCondition::KidneyDisease => "kidney-disease",
        SystemicCondition::OtherSystemicIllness => "other-systemic-illness",
    }
}

/// Every kind of skin problem.
pub const SKIN_KINDS: [SkinKind; 3] = [SkinKind::OpenWound, SkinKind::Inflammation, SkinKind::Scar];

/// The submitted spelling of a kind of skin problem.
pub fn skin_kind_id(kind: SkinKind) -> &'static str {
    match kind {
        SkinKind::OpenWound => "open-wound",
        SkinKind::Inflammation => "inflammation",
        SkinKind::Scar => "scar",
    }
}

/// The words for a kind of skin problem.
pub fn skin_kind_label(kind: SkinKind) -> &'static str {
    match kind {
        SkinKind::OpenWound => "An open wound",
        SkinKind::Inflammation => "A red, hot or inflamed area",
        SkinKind::Scar => "A scar",
    }
}

/// The submitted spelling of a side.
pub fn side_id(side: Side) -> &'static str {
    match side {
        Side::Left => "left",
        Side::Right => "right",
        Side::Both => "both",
    }
}

/// The words for a side.
pub fn side_label(side: Side) -> &'static str {
    match side {
        Side::Left => "Left",
        Side::Right => "Right",
        Side::Both => "Both",
    }
}

/// The stored spelling of a red flag, such as `achilles-rupture`.
pub fn flag_id(flag: RedFlag) -> String {
    serde_json::to_value(flag)
        .ok()
        .and_then(|value| value.as_str().map(str::to_string))
        .unwrap_or_default()
}
