//! What the protocols are built from: the kinds of exercise, the cautions of a week, a builder
//! for plan items, and the context every protocol module reads.

use serde::{Deserialize, Serialize};

use super::{PlanItem, Protocol};
use crate::condition::{Condition, Side};
use crate::reason::Reason;
use crate::rules::RuleId;

/// What kind of exercise a plan item is.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExerciseKind {
    /// A hold without movement, for pain relief and early loading.
    Isometric,
    /// Heel raises and heel drops of any kind: body weight, eccentric, machine or barbell.
    HeelRaise,
    /// Hamstring strength work through movement: curls, bridges, deadlifts, Nordics, step-ups.
    HamstringStrength,
    /// Spring-like loading: quick rebounds, hops, skips and bounds.
    Plyometric,
    /// Running.
    Running,
    /// Trunk and core stabilisation.
    Core,
    /// Gentle unloaded movement, such as moving the foot up and down.
    Mobility,
    /// A short daily test whose pain score tells the app how the tendon took the load.
    LoadTest,
}

/// Something to avoid this week, and why.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Caution {
    /// What to avoid or limit.
    pub what: String,
    /// Why, in plain language.
    pub why: String,
    /// The rules behind it.
    pub rules: Vec<RuleId>,
}

impl Caution {
    /// Builds a caution.
    pub(super) fn new(what: &str, why: &str, rules: &[RuleId]) -> Caution {
        Caution {
            what: what.to_string(),
            why: why.to_string(),
            rules: rules.to_vec(),
        }
    }
}

/// Everything a protocol module needs to build one week.
#[derive(Clone, Copy, Debug)]
pub(super) struct Context {
    /// The condition.
    pub condition: Condition,
    /// The affected side.
    pub side: Side,
    /// Training days a week the person can manage, 1 to 7.
    pub sessions: u8,
    /// The programme week, 1-based.
    pub week: u16,
    /// The protocol.
    pub protocol: Protocol,
    /// The level within the protocol, 1-based.
    pub level: u8,
    /// True when the first level is eased: fewer sets and isometric holds added.
    pub eased: bool,
}

impl Context {
    /// True when every heel exercise stays at floor level (`P-INS`): insertional pain, or an
    /// Achilles location not known yet.
    pub fn floor_level_only(&self) -> bool {
        self.condition.floor_level_only()
    }

    /// True when the pain is known to be where the tendon joins the heel.
    pub fn insertional(&self) -> bool {
        self.condition == Condition::AchillesInsertional
    }

    /// The training days for an item the protocol does `nominal` days a week.
    pub fn days(&self, nominal: u8) -> u8 {
        nominal.min(self.sessions).max(1)
    }

    /// The sets for an item the protocol does in `nominal` sets: one fewer when eased.
    pub fn sets(&self, nominal: u8) -> u8 {
        if self.eased {
            nominal.saturating_sub(1).max(1)
        } else {
            nominal
        }
    }

    /// "your left leg", "your right leg" or "each leg in turn".
    pub fn leg(&self) -> &'static str {
        match self.side {
            Side::Left => "your left leg",
            Side::Right => "your right leg",
            Side::Both => "each leg in turn",
        }
    }

    /// "left", "right" or "painful", for phrases such as "the left heel".
    pub fn side_word(&self) -> &'static str {
        match self.side {
            Side::Left => "left",
            Side::Right => "right",
            Side::Both => "painful",
        }
    }
}

/// One week of a protocol, before the reasons every plan shares are added.
#[derive(Clone, Debug, Default)]
pub(super) struct Built {
    /// The exercises.
    pub items: Vec<PlanItem>,
    /// The cautions.
    pub avoid: Vec<Caution>,
    /// The reasons particular to the protocol and level.
    pub reasons: Vec<Reason>,
}

impl Built {
    /// Adds a reason.
    pub fn reason(&mut self, rule: RuleId, message: impl Into<String>) {
        self.reasons.push(Reason::new(rule, message));
    }
}

impl PlanItem {
    /// Starts an item with one set, no load, no rest and one session a day on one day.
    pub(super) fn new(exercise: &str, name: &str, kind: ExerciseKind) -> PlanItem {
        PlanItem {
            exercise: exercise.to_string(),
            name: name.to_string(),
            kind,
            how: String::new(),
            sets: 1,
            reps: None,
            hold_seconds: None,
            load: "body weight".to_string(),
            tempo: None,
            rest_seconds: 0,
            rest_after_exercise_seconds: None,
            times_per_day: 1,
            days_per_week: 1,
            progress_when: String::new(),
            floor_level_only: false,
            compressive: false,
            rules: Vec::new(),
            equipment_fit: None,
        }
    }

    /// Sets and repetitions.
    pub(super) fn reps(mut self, sets: u8, reps: u16) -> PlanItem {
        self.sets = sets;
        self.reps = Some(reps);
        self
    }

    /// Sets and seconds per hold.
    pub(super) fn hold(mut self, sets: u8, seconds: u16) -> PlanItem {
        self.sets = sets;
        self.hold_seconds = Some(seconds);
        self
    }

    /// How to do it.
    pub(super) fn how(mut self, how: impl Into<String>) -> PlanItem {
        self.how = how.into();
        self
    }

    /// The load.
    pub(super) fn load(mut self, load: impl Into<String>) -> PlanItem {
        self.load = load.into();
        self
    }

    /// The tempo.
    pub(super) fn tempo(mut self, tempo: &str) -> PlanItem {
        self.tempo = Some(tempo.to_string());
        self
    }

    /// Rest between sets, in seconds.
    pub(super) fn rest(mut self, seconds: u16) -> PlanItem {
        self.rest_seconds = seconds;
        self
    }

    /// Rest before the next exercise, in seconds.
    pub(super) fn rest_after(mut self, seconds: u16) -> PlanItem {
        self.rest_after_exercise_seconds = Some(seconds);
        self
    }

    /// Times per day and days per week.
    pub(super) fn schedule(mut self, times_per_day: u8, days_per_week: u8) -> PlanItem {
        self.times_per_day = times_per_day;
        self.days_per_week = days_per_week;
        self
    }

    /// When to move on.
    pub(super) fn progress_when(mut self, text: impl Into<String>) -> PlanItem {
        self.progress_when = text.into();
        self
    }

    /// The rules behind the item.
    pub(super) fn rules(mut self, rules: &[RuleId]) -> PlanItem {
        self.rules = rules.to_vec();
        self
    }

    /// Marks the heel as never going below floor level.
    pub(super) fn floor_level(mut self, floor_level_only: bool) -> PlanItem {
        self.floor_level_only = floor_level_only;
        self
    }

    /// Marks the item as taking the hamstring tendon into loaded hip flexion.
    pub(super) fn compressive(mut self) -> PlanItem {
        self.compressive = true;
        self
    }

    /// Adds a rule if it is not already there.
    pub(super) fn add_rule(&mut self, rule: RuleId) {
        if !self.rules.contains(&rule) {
            self.rules.push(rule);
        }
    }
}
