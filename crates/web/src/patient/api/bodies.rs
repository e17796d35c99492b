//! The JSON bodies the patient API accepts, and how they become the services' inputs (the same
//! inputs the pages send, so both get the same checks and messages).

use std::collections::BTreeMap;

use serde::Deserialize;
use tendo_app::patient::input::VisaInput;
use tendo_app::patient::intake::steps::{
    BaselineInput, ConditionInput, HistoryInput, MassageGunInput, RedFlagsInput, SkinInput,
};
use tendo_app::patient::massage_gun::{GunSessionInput, SiteInput};
use tendo_app::patient::running::RunningInput;
use tendo_app::patient::today::{CheckinInput, SessionInput, SetInput};
use utoipa::ToSchema;

fn text<T: ToString>(value: Option<T>) -> String {
    value.map(|value| value.to_string()).unwrap_or_default()
}

fn yes_no(value: Option<bool>) -> String {
    match value {
        Some(true) => "yes".into(),
        Some(false) => "no".into(),
        None => String::new(),
    }
}

/// The intake's condition step.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConditionBody {
    /// The condition in any words people use: `achilles-midportion`, "Achilles tendinitis",
    /// "insertional Achilles tendinopathy", "high hamstring tendinopathy" (A1).
    pub condition: String,
    /// `left`, `right` or `both`.
    pub side: String,
    /// For the Achilles, where along the tendon it hurts: `midportion` (the middle, 2–6 cm
    /// above the heel), `insertional` (where it joins the heel bone) or `not-sure`. Needed
    /// when the words do not say (`P-INS`).
    #[serde(default)]
    pub location: String,
}

impl From<ConditionBody> for ConditionInput {
    fn from(body: ConditionBody) -> Self {
        ConditionInput {
            condition: body.condition,
            side: body.side,
            location: body.location,
        }
    }
}

/// The intake's history step (A2).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryBody {
    /// When the pain started, `YYYY-MM-DD`.
    pub started_on: String,
    /// `gradual`, `one-session` or `not-sure`.
    pub onset: String,
    /// What changed in training: `more-distance`, `hills`, `speed-work`, `less-recovery`,
    /// `back-after-break`, `new-shoes`, `new-surface`, `nothing-changed`.
    #[serde(default)]
    pub changes: Vec<String>,
    /// Anything else, up to 1,000 characters.
    #[serde(default)]
    pub change_note: Option<String>,
}

impl From<HistoryBody> for HistoryInput {
    fn from(body: HistoryBody) -> Self {
        HistoryInput {
            started_on: body.started_on,
            onset: body.onset,
            changes: body.changes,
            change_note: body.change_note.unwrap_or_default(),
        }
    }
}

/// The intake's red-flag step: every question of the condition answered (see
/// `red_flag_questions` in `GET …/intake`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RedFlagsBody {
    /// The answer to each question by its flag, such as `{"calf-clot": false}`.
    pub answers: BTreeMap<String, bool>,
}

impl From<RedFlagsBody> for RedFlagsInput {
    fn from(body: RedFlagsBody) -> Self {
        RedFlagsInput {
            answers: body
                .answers
                .into_iter()
                .map(|(flag, yes)| (flag, yes_no(Some(yes))))
                .collect(),
        }
    }
}

/// A skin problem at a site.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SkinBody {
    /// The site, such as `soleus`.
    pub site: String,
    /// `open-wound`, `inflammation` or `scar`.
    pub kind: String,
    /// For a scar: when it formed, `YYYY-MM-DD`.
    #[serde(default)]
    pub since: Option<String>,
}

/// A massage gun's range of rates.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeviceBody {
    /// The lowest rate, percussions per minute.
    pub min_ppm: u32,
    /// The highest rate.
    pub max_ppm: u32,
}

/// The massage-gun screening (A9, A13, A14, A17–A19, A11, MG-DVT, MG-BLEED, MG-PREG,
/// MG-IMPLANT).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScreeningBody {
    /// Normal feeling in the calf and Achilles.
    pub normal_sensation: bool,
    /// `diabetes`, `osteoporosis`, `iron-deficiency`, `kidney-disease`, `other-systemic-illness`.
    #[serde(default)]
    pub systemic_conditions: Vec<String>,
    /// Heel bursitis (required for an Achilles condition).
    #[serde(default)]
    pub heel_bursitis: Option<bool>,
    /// The tendon has fully settled.
    pub tendon_settled: bool,
    /// Skin problems, at most 3.
    #[serde(default)]
    pub skin: Vec<SkinBody>,
    /// The device's range, if known.
    #[serde(default)]
    pub device: Option<DeviceBody>,
    /// A calf or leg that could have a blood clot (MG-DVT). This and the four answers below are
    /// required: a missing one is refused with its field named.
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

impl From<ScreeningBody> for MassageGunInput {
    fn from(body: ScreeningBody) -> Self {
        MassageGunInput {
            normal_sensation: yes_no(Some(body.normal_sensation)),
            systemic_conditions: body.systemic_conditions,
            heel_bursitis: yes_no(body.heel_bursitis),
            tendon_settled: yes_no(Some(body.tendon_settled)),
            skin: body
                .skin
                .into_iter()
                .map(|skin| SkinInput {
                    site: skin.site,
                    kind: skin.kind,
                    since: skin.since.unwrap_or_default(),
                })
                .collect(),
            device_min_ppm: text(body.device.as_ref().map(|device| device.min_ppm)),
            device_max_ppm: text(body.device.as_ref().map(|device| device.max_ppm)),
            suspected_clot: yes_no(body.suspected_clot),
            blood_thinners: yes_no(body.blood_thinners),
            bleeding_disorder: yes_no(body.bleeding_disorder),
            pregnant: yes_no(body.pregnant),
            implanted_device: yes_no(body.implanted_device),
        }
    }
}

/// VISA-A or VISA-H answers.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VisaBody {
    /// Question 1, 0–10 (10 is best).
    pub q1: u8,
    /// Question 2, 0–10.
    pub q2: u8,
    /// Question 3, 0–10.
    pub q3: u8,
    /// Question 4, 0–10.
    pub q4: u8,
    /// Question 5, 0–10.
    pub q5: u8,
    /// Question 6, 0–10.
    pub q6: u8,
    /// Question 7: 0, 4, 7 or 10.
    pub q7: u8,
    /// Question 8's branch: `a` (no pain), `b` (pain that does not stop you), `c` (pain that
    /// stops you).
    pub q8_branch: String,
    /// Question 8's duration: `0`, `1-10`, `11-20`, `21-30` or `over-30` minutes.
    pub q8_minutes: String,
}

impl From<VisaBody> for VisaInput {
    fn from(body: VisaBody) -> Self {
        VisaInput {
            q1: body.q1.to_string(),
            q2: body.q2.to_string(),
            q3: body.q3.to_string(),
            q4: body.q4.to_string(),
            q5: body.q5.to_string(),
            q6: body.q6.to_string(),
            q7: body.q7.to_string(),
            q8_branch: body.q8_branch,
            q8_minutes: body.q8_minutes,
        }
    }
}

/// The intake's baseline step, which completes the intake.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BaselineBody {
    /// The baseline questionnaire: VISA-A for the Achilles, VISA-H for the hamstring.
    pub visa: VisaBody,
    /// The usual morning pain, 0–10.
    pub morning_pain: u8,
    /// Training days a week, 1–7.
    pub days_per_week: u8,
    /// Pain of one single-leg heel raise, 0–10 (required for an Achilles condition).
    #[serde(default)]
    pub heel_raise_pain: Option<u8>,
    /// What the patient has to train with: any of `step`, `weights` (dumbbells or a backpack to
    /// fill), `leg-press`, `calf-raise-machine`, `barbell`, `gym-ball`, `band` and `gym` (which
    /// counts as all of them). An empty list means nothing extra. Leave it out only when the
    /// question was not asked: the plan then uses the protocol's own exercises.
    #[serde(default)]
    pub equipment: Option<Vec<String>>,
}

impl From<BaselineBody> for BaselineInput {
    fn from(body: BaselineBody) -> Self {
        BaselineInput {
            visa: body.visa.into(),
            morning_pain: body.morning_pain.to_string(),
            days_per_week: body.days_per_week.to_string(),
            heel_raise_pain: text(body.heel_raise_pain),
            equipment: body.equipment,
        }
    }
}

/// One set.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetBody {
    /// The exercise's id from today's plan.
    pub exercise: String,
    /// The set's number within the exercise, from 1.
    pub set_number: u8,
    /// Repetitions done.
    #[serde(default)]
    pub reps: Option<u16>,
    /// Extra load in kilograms (0 for body weight).
    #[serde(default)]
    pub load_kg: Option<f64>,
    /// Seconds held.
    #[serde(default)]
    pub hold_seconds: Option<u16>,
}

/// A training session done today.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionBody {
    /// The sets done.
    pub sets: Vec<SetBody>,
    /// The worst pain during the session, 0–10.
    pub pain_during: u8,
    /// The pain straight after, 0–10.
    pub pain_after: u8,
    /// A note.
    #[serde(default)]
    pub note: Option<String>,
}

impl From<SessionBody> for SessionInput {
    fn from(body: SessionBody) -> Self {
        SessionInput {
            sets: body
                .sets
                .into_iter()
                .map(|set| SetInput {
                    exercise: set.exercise,
                    set_number: set.set_number.to_string(),
                    reps: text(set.reps),
                    load_kg: text(set.load_kg),
                    hold_seconds: text(set.hold_seconds),
                })
                .collect(),
            pain_during: body.pain_during.to_string(),
            pain_after: body.pain_after.to_string(),
            note: body.note.unwrap_or_default(),
        }
    }
}

/// The next-morning check-in.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckinBody {
    /// The pain this morning, 0–10 (for a hamstring, the 24-hour load-test score).
    pub pain: u8,
    /// The session day it answers for; the waiting one when absent.
    #[serde(default)]
    pub session_date: Option<String>,
}

impl From<CheckinBody> for CheckinInput {
    fn from(body: CheckinBody) -> Self {
        CheckinInput {
            pain: body.pain.to_string(),
            session_date: body.session_date.unwrap_or_default(),
        }
    }
}

/// Minutes on one site.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteBody {
    /// The site, such as `soleus`.
    pub site: String,
    /// Minutes on it.
    pub minutes: f64,
}

/// A massage-gun session that has just ended.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GunSessionBody {
    /// The time on each site.
    pub sites: Vec<SiteBody>,
    /// The percussion rate used, if known.
    #[serde(default)]
    pub ppm: Option<u32>,
}

impl From<GunSessionBody> for GunSessionInput {
    fn from(body: GunSessionBody) -> Self {
        GunSessionInput {
            sites: body
                .sites
                .into_iter()
                .map(|site| SiteInput {
                    site: site.site,
                    minutes: site.minutes.to_string(),
                })
                .collect(),
            ppm: text(body.ppm),
        }
    }
}

/// A week of running.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RunningBody {
    /// Any day of the week, `YYYY-MM-DD` (weeks start on Monday).
    pub week: String,
    /// Kilometres run, 0–500.
    pub distance_km: f64,
    /// Hill runs, intervals and other speed work, 0–14.
    #[serde(default)]
    pub hard_sessions: u8,
}

impl From<RunningBody> for RunningInput {
    fn from(body: RunningBody) -> Self {
        RunningInput {
            week: body.week,
            distance_km: body.distance_km.to_string(),
            hard_sessions: body.hard_sessions.to_string(),
        }
    }
}
