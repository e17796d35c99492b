//! Massage-gun screening and dosing (rules A8–A22 and the `MG-` rules).

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

mod assess;
mod health;
mod prescribed;
mod prescription;
mod sites;
mod validate;
mod words;

pub use prescribed::follow_prescription;
pub use prescription::{MIN_DAYS_BETWEEN, Prescription, SiteDose, check_prescription};

use crate::condition::Condition;
use crate::error::FieldError;
use crate::reason::Reason;
use crate::rules::RuleId;

/// A body site a massage gun might be used on.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Site {
    /// The calf muscle that crosses the knee.
    Gastrocnemius,
    /// The deep calf muscle.
    Soleus,
    /// The Achilles tendon itself.
    AchillesTendon,
    /// Where the Achilles tendon joins the heel bone.
    AchillesInsertion,
    /// The hamstring muscle bellies, back of the thigh.
    Hamstrings,
    /// The hamstring tendon at the sitting bone.
    ProximalHamstringTendon,
    /// The buttock muscles.
    Gluteals,
    /// The front of the thigh.
    Quadriceps,
    /// The face.
    Face,
    /// The neck.
    Neck,
    /// The chest.
    Chest,
}

impl Site {
    /// Every site, in the order of the contract.
    pub const ALL: [Site; 11] = [
        Site::Gastrocnemius,
        Site::Soleus,
        Site::AchillesTendon,
        Site::AchillesInsertion,
        Site::Hamstrings,
        Site::ProximalHamstringTendon,
        Site::Gluteals,
        Site::Quadriceps,
        Site::Face,
        Site::Neck,
        Site::Chest,
    ];

    /// The sites that count towards the 5-minute calf total (A12).
    pub const CALF: [Site; 4] = [
        Site::Gastrocnemius,
        Site::Soleus,
        Site::AchillesTendon,
        Site::AchillesInsertion,
    ];

    /// A name for people, such as "soleus (deep calf)".
    pub fn label(self) -> &'static str {
        match self {
            Site::Gastrocnemius => "gastrocnemius (upper calf)",
            Site::Soleus => "soleus (deep calf)",
            Site::AchillesTendon => "Achilles tendon",
            Site::AchillesInsertion => "Achilles insertion at the heel",
            Site::Hamstrings => "hamstring muscles",
            Site::ProximalHamstringTendon => "hamstring tendon at the sitting bone",
            Site::Gluteals => "buttock muscles",
            Site::Quadriceps => "front of the thigh",
            Site::Face => "face",
            Site::Neck => "neck",
            Site::Chest => "chest",
        }
    }

    /// The identifier used in JSON, such as `achilles-tendon`.
    pub fn id(self) -> &'static str {
        match self {
            Site::Gastrocnemius => "gastrocnemius",
            Site::Soleus => "soleus",
            Site::AchillesTendon => "achilles-tendon",
            Site::AchillesInsertion => "achilles-insertion",
            Site::Hamstrings => "hamstrings",
            Site::ProximalHamstringTendon => "proximal-hamstring-tendon",
            Site::Gluteals => "gluteals",
            Site::Quadriceps => "quadriceps",
            Site::Face => "face",
            Site::Neck => "neck",
            Site::Chest => "chest",
        }
    }
}

/// A systemic illness that rules out a massage gun (A17).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SystemicCondition {
    /// Diabetes.
    Diabetes,
    /// Osteoporosis.
    Osteoporosis,
    /// Iron deficiency.
    IronDeficiency,
    /// Kidney disease.
    KidneyDisease,
    /// Another illness that affects the whole body's ability to repair.
    OtherSystemicIllness,
}

/// A skin problem at a site (A18, A19).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkinKind {
    /// An open wound.
    OpenWound,
    /// An inflamed area.
    Inflammation,
    /// A scar; `since` says when it formed.
    Scar,
}

/// A skin problem at one site.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkinIssue {
    /// Where it is.
    pub site: Site,
    /// What it is.
    pub kind: SkinKind,
    /// When it formed; required for a scar.
    #[serde(default)]
    pub since: Option<Date>,
}

/// The range of percussion rates a device offers, in percussions per minute.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Device {
    /// The lowest rate.
    pub min_ppm: u32,
    /// The highest rate.
    pub max_ppm: u32,
}

/// The answers to the massage-gun screening questions.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Screening {
    /// The person's condition.
    pub condition: Condition,
    /// The moment of the check; the current time when absent.
    #[serde(default)]
    pub now: Option<Timestamp>,
    /// Whether the person has normal sensation in the calf and Achilles (A9).
    pub normal_sensation: bool,
    /// Systemic illnesses that impair repair (A17).
    #[serde(default)]
    pub systemic_conditions: Vec<SystemicCondition>,
    /// Whether there is heel bursitis (A14).
    #[serde(default)]
    pub heel_bursitis: bool,
    /// Whether the tendon has fully settled (A13).
    #[serde(default)]
    pub tendon_settled: bool,
    /// Skin problems by site (A18, A19).
    #[serde(default)]
    pub skin: Vec<SkinIssue>,
    /// The device's range of rates, if known.
    #[serde(default)]
    pub device: Option<Device>,
    /// When the last massage-gun session started, if any (A16).
    #[serde(default)]
    pub last_session_at: Option<Timestamp>,
    /// The person's calendar date at the check, where they are. Scar ages (A19) count from it;
    /// when absent, the date of the check's moment in UTC stands in.
    #[serde(default)]
    pub today: Option<Date>,
    /// Whether the leg may have a blood clot: a swollen, warm or tender calf, or a clot being
    /// treated (MG-DVT).
    ///
    /// This and the four answers below are `None` until the person has answered: an unanswered
    /// question keeps the gun closed (verdict `do-not-use`, with the question named) until it
    /// is answered, because a missing answer is not a "no".
    #[serde(default)]
    pub suspected_clot: Option<bool>,
    /// Whether the person takes blood-thinning medicine (MG-BLEED).
    #[serde(default)]
    pub blood_thinners: Option<bool>,
    /// Whether the person has a bleeding disorder, such as haemophilia (MG-BLEED).
    #[serde(default)]
    pub bleeding_disorder: Option<bool>,
    /// Whether the person is or may be pregnant (MG-PREG).
    #[serde(default)]
    pub pregnant: Option<bool>,
    /// Whether the person has an implanted device: a pacemaker or defibrillator, a nerve
    /// stimulator, or metal such as plates, screws or a joint replacement (MG-IMPLANT).
    #[serde(default)]
    pub implanted_device: Option<bool>,
}

/// Whether a massage-gun session may start now.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// A session may start now, within the limits given.
    Ok,
    /// Not yet: the last session was less than 48 hours ago.
    Wait,
    /// No massage gun for this person.
    DoNotUse,
}

/// Whether one site may be treated.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SiteVerdict {
    /// May be treated, up to `max_minutes`.
    Allowed,
    /// Not now; possibly later (see `until`).
    NotYet,
    /// Not for this person in their current situation.
    Avoid,
    /// Never, for anyone.
    Never,
}

/// The advice for one site.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SiteAdvice {
    /// Whether it may be treated.
    pub verdict: SiteVerdict,
    /// The longest treatment, in minutes; 0 unless allowed.
    pub max_minutes: f64,
    /// The first date it may be treated, when that date is known.
    pub until: Option<Date>,
    /// For a site that would be allowed but for the time since the last session (verdict
    /// `not-yet`, rule A16): the moment the next session may start. `None` otherwise.
    #[serde(default)]
    pub not_before: Option<Timestamp>,
    /// The rules behind this verdict.
    pub rules: Vec<RuleId>,
}

/// The massage-gun attachment to use.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Attachment {
    /// The medium ball, about the size of a golf ball (A10).
    MediumBall,
}

/// An intensity range on the 0–10 discomfort scale.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intensity {
    /// The lower end.
    pub min: u8,
    /// The upper end.
    pub max: u8,
}

/// The outcome of the screening: the verdict, the dose and the advice per site.
///
/// A site is `allowed` only when it may be treated now: while the verdict is `wait`, the sites
/// that open at the next session are `not-yet`, with that moment in their `not_before`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Advice {
    /// Whether a session may start now.
    pub verdict: Verdict,
    /// The earliest start of the next session, when the last one was too recent.
    pub next_session_not_before: Option<Timestamp>,
    /// The highest percussion rate to use.
    pub max_ppm: u32,
    /// The attachment to use.
    pub attachment: Attachment,
    /// How strong it should feel.
    pub intensity: Intensity,
    /// The most time on one calf in a session, in minutes.
    pub max_minutes_per_calf: f64,
    /// The advice for every site.
    pub sites: BTreeMap<Site, SiteAdvice>,
    /// Why, rule by rule.
    pub reasons: Vec<Reason>,
}

impl Screening {
    /// Checks what the types cannot, against the screening's own `now` when it has one.
    ///
    /// A scar needs `since`; the device's rates must lie within 100–10,000 percussions per minute
    /// with the lowest not above the highest. When `now` is present, no scar may date from after
    /// its date and the last session may not be after it. Use [`Screening::validate_at`] to check
    /// those dates against the current time when the screening has no `now`.
    pub fn validate(&self) -> Result<(), FieldError> {
        validate::validate(self, self.now)
    }

    /// Like [`Screening::validate`], with `now` standing in when the screening has no `now`.
    pub fn validate_at(&self, now: Timestamp) -> Result<(), FieldError> {
        validate::validate(self, Some(self.effective_now(now)))
    }

    /// The moment of the check: the screening's own `now`, else `now`.
    pub fn effective_now(&self, now: Timestamp) -> Timestamp {
        self.now.unwrap_or(now)
    }

    /// The person's date at the moment `now`: the screening's own `today`, else the UTC date.
    pub fn effective_today(&self, now: Timestamp) -> Date {
        self.today.unwrap_or_else(|| words::date_of(now))
    }
}

/// The rules that can rule the gun out for a person altogether (verdict `do-not-use`).
pub const PERSON_RULES: [RuleId; 7] = [
    crate::rules::A9,
    crate::rules::A17,
    crate::rules::A11,
    crate::rules::MG_DVT,
    crate::rules::MG_BLEED,
    crate::rules::MG_PREG,
    crate::rules::MG_IMPLANT,
];

/// Screens a person and doses their massage gun at the moment `now`.
///
/// `now` is used when the screening has no `now` of its own. Call [`Screening::validate_at`]
/// first; on input that fails validation the advice errs on the side of caution and never
/// panics.
pub fn check(screening: &Screening, now: Timestamp) -> Advice {
    let mut advice = assess::assess(screening, screening.effective_now(now));
    assess::close_until_next_session(&mut advice);
    advice
}
