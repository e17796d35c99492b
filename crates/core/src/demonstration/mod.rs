//! Exercise demonstrations drawn by Tendo: for every exercise a programme can prescribe, a stick
//! figure with a start and an end pose (joint angles), the surface it stands on, the leg that
//! works, the timing taken from the prescribed tempo, and the key cues and common mistakes in
//! plain words. [`svg::render`] draws it as an accessible, animated SVG with a still frame.
//!
//! Pure: no I/O. An exercise id Tendo does not know is an error ([`UnknownExercise`]), never a
//! silent fallback, so a new exercise without a demonstration fails the tests that walk every
//! plan.
//!
//! The rules the drawing keeps: the heel of a floor-level exercise (every item of an
//! insertional plan) never goes below the surface line in any frame (`P-INS`); a "straight
//! knee" exercise keeps the knee within 0–10° of straight and a "bent knee" heel drop within
//! 20–45° (`P-ALF`: straight knee for the outer calf muscle, bent knee for the deeper one).

mod catalogue;
mod catalogue_core;
mod catalogue_hamstring;
mod catalogue_machines;
mod catalogue_moves;
mod figure;
pub mod svg;
mod timing;

use crate::condition::Side;
use crate::programme::PlanItem;
use crate::rules::{self, RuleId};

pub use figure::{Figure, Point};
pub use timing::Timing;

/// How many degrees of knee bend still count as a straight knee.
pub const STRAIGHT_KNEE_MAX_DEGREES: f32 = 10.0;
/// The knee bend of a bent-knee heel drop, in degrees: enough to take the outer calf muscle off,
/// not a squat.
pub const BENT_KNEE_HEEL_DROP_DEGREES: (f32, f32) = (20.0, 45.0);

/// How the body is placed: every posture is the standing figure turned and bent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Posture {
    /// Standing (or hopping, running) on the ball of the foot.
    Standing,
    /// Sitting on a seat with the feet on the surface.
    Seated,
    /// Sitting on the floor with the legs out straight.
    LongSitting,
    /// In a leg press: the figure pushes a plate with the balls of the feet.
    LegPress,
    /// Lying on the back with the feet on the floor.
    LyingOnBack,
    /// Lying face down.
    LyingFaceDown,
    /// Kneeling with the ankles held down.
    Kneeling,
    /// On the forearms and toes.
    Plank,
}

/// What the feet are on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Surface {
    /// Flat floor: the heel stops at the floor.
    Floor,
    /// The edge of a step: the heel may go below it.
    StepEdge,
    /// A machine's plate with the whole foot on it: the heel stops at the plate.
    FlatPlate,
    /// The lower edge of a machine's plate: the heel may go past it.
    PlateEdge,
    /// A box to step up on.
    Box,
}

impl Surface {
    /// True when the heel may go below the surface line.
    pub fn heel_may_go_below(self) -> bool {
        matches!(self, Surface::StepEdge | Surface::PlateEdge)
    }

    /// The surface in words.
    pub fn words(self) -> &'static str {
        match self {
            Surface::Floor => "on flat floor",
            Surface::StepEdge => "on the edge of a step",
            Surface::FlatPlate => "with the whole foot on the plate",
            Surface::PlateEdge => "on the lower edge of the plate",
            Surface::Box => "stepping onto a box",
        }
    }
}

/// Which legs do the work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Legs {
    /// One leg: the affected side ([`Side::Both`]: each leg in turn).
    One(Side),
    /// Both legs together.
    Two,
}

impl Legs {
    /// The label drawn beside the figure: "Left leg", "Right leg", "Each leg in turn",
    /// "Both legs".
    pub fn label(self) -> &'static str {
        match self {
            Legs::One(Side::Left) => "Left leg",
            Legs::One(Side::Right) => "Right leg",
            Legs::One(Side::Both) => "Each leg in turn",
            Legs::Two => "Both legs",
        }
    }

    /// `left`, `right`, `each` or `both`, for machines.
    pub fn id(self) -> &'static str {
        match self {
            Legs::One(Side::Left) => "left",
            Legs::One(Side::Right) => "right",
            Legs::One(Side::Both) => "each",
            Legs::Two => "both",
        }
    }
}

/// What the knee does.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Knee {
    /// Straight: within [`STRAIGHT_KNEE_MAX_DEGREES`] of straight in every frame.
    Straight,
    /// Bent between these angles (degrees) in every frame.
    Bent(f32, f32),
    /// Moves through a range as part of the exercise, or its angle is not what the exercise
    /// is about: not checked.
    Moving,
}

/// A pose as joint angles, in degrees. Angles of segments ("lean") are measured from vertical,
/// forward (towards the way the figure faces) positive.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pose {
    /// The foot's tilt against the surface: 0 flat, positive with the heel up, negative with
    /// the heel below the ball of the foot (only off an edge).
    pub foot: f32,
    /// The lean of the shin of the working leg.
    pub shin: f32,
    /// Knee bend of the working leg: 0 straight.
    pub knee: f32,
    /// Hip bend between the working thigh and the trunk: 0 straight.
    pub hip: f32,
    /// How far the arms are raised forward from the trunk line.
    pub arm: f32,
    /// Elbow bend.
    pub elbow: f32,
    /// For one-leg exercises, the free leg's hip bend (forward positive).
    pub free_hip: f32,
    /// For one-leg exercises, the free leg's knee bend.
    pub free_knee: f32,
    /// How far the figure is off the surface (hops and runs), in figure units.
    pub lift: f32,
}

impl Pose {
    /// Standing tall on flat feet, arms by the sides.
    pub const STANDING: Pose = Pose {
        foot: 0.0,
        shin: 0.0,
        knee: 0.0,
        hip: 0.0,
        arm: 0.0,
        elbow: 10.0,
        free_hip: 0.0,
        free_knee: 0.0,
        lift: 0.0,
    };

    /// The lean of the trunk that follows from the joint angles.
    pub fn trunk_lean(&self) -> f32 {
        self.shin - self.knee + self.hip
    }

    /// The pose a fraction `t` (0 to 1) of the way to `other`, joint by joint.
    pub fn towards(&self, other: &Pose, t: f32) -> Pose {
        let mix = |a: f32, b: f32| a + (b - a) * t;
        Pose {
            foot: mix(self.foot, other.foot),
            shin: mix(self.shin, other.shin),
            knee: mix(self.knee, other.knee),
            hip: mix(self.hip, other.hip),
            arm: mix(self.arm, other.arm),
            elbow: mix(self.elbow, other.elbow),
            free_hip: mix(self.free_hip, other.free_hip),
            free_knee: mix(self.free_knee, other.free_knee),
            lift: mix(self.lift, other.lift),
        }
    }
}

/// Something the figure holds or uses, drawn beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prop {
    /// Nothing.
    None,
    /// A weight in the hands.
    HandWeight,
    /// A barbell across the upper back.
    Barbell,
    /// A weight resting on the knees.
    KneeWeight,
    /// A gym ball under the hands.
    GymBall,
    /// A band or cable held at chest height.
    Band,
}

/// One exercise's demonstration.
#[derive(Clone, Debug, PartialEq)]
pub struct Demonstration {
    /// The exercise id, as in the plan.
    pub exercise: String,
    /// A short name for people.
    pub title: &'static str,
    /// How the body is placed.
    pub posture: Posture,
    /// What the feet are on.
    pub surface: Surface,
    /// Which legs work.
    pub legs: Legs,
    /// What the knee of the working leg does.
    pub knee: Knee,
    /// True when the other leg does exactly what the working leg does (drawn behind it); false
    /// when it has its own angles (one-leg work, running, skipping).
    pub legs_together: bool,
    /// The pose the movement starts from.
    pub start: Pose,
    /// The pose the movement goes to.
    pub end: Pose,
    /// Seconds for each part of one repetition.
    pub timing: Timing,
    /// True when the lowering (the "down" of a tempo) is the move from start to end.
    pub lowers_to_end: bool,
    /// Something held or used.
    pub prop: Prop,
    /// The start pose in words, such as "up on the ball of the foot".
    pub start_words: &'static str,
    /// The end pose in words, such as "the heel below the step".
    pub end_words: &'static str,
    /// What moves, such as "the heel".
    pub moving: &'static str,
    /// The key cues, 2 to 4, in plain words.
    pub cues: Vec<&'static str>,
    /// The common mistakes, 2 to 4, in plain words.
    pub mistakes: Vec<&'static str>,
    /// The rules the drawing keeps.
    pub rules: Vec<RuleId>,
}

/// An exercise id Tendo has no demonstration for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownExercise(pub String);

impl std::fmt::Display for UnknownExercise {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "no demonstration for the exercise `{}`", self.0)
    }
}

impl std::error::Error for UnknownExercise {}

/// What a demonstration is asked for beyond the exercise id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The affected side; one-leg exercises are drawn on it.
    pub side: Option<Side>,
    /// The prescribed tempo, such as "3 s down, 3 s up".
    pub tempo: Option<String>,
    /// Seconds per hold, for holds.
    pub hold_seconds: Option<u16>,
    /// True when the heel must stay at floor level (`P-INS`). For machine exercises whose id
    /// does not say, this picks the flat plate; unset, they are drawn at floor level, the safe
    /// choice.
    pub floor_level_only: Option<bool>,
}

impl Demonstration {
    /// The demonstration of a plan item for a person whose affected side is `side`.
    pub fn for_item(item: &PlanItem, side: Side) -> Result<Demonstration, UnknownExercise> {
        Demonstration::for_exercise(
            &item.exercise,
            &Options {
                side: Some(side),
                tempo: item.tempo.clone(),
                hold_seconds: item.hold_seconds,
                floor_level_only: Some(item.floor_level_only),
            },
        )
    }

    /// The demonstration of an exercise id.
    pub fn for_exercise(
        exercise: &str,
        options: &Options,
    ) -> Result<Demonstration, UnknownExercise> {
        let side = options.side.unwrap_or(Side::Left);
        let spec = catalogue::spec(exercise, options.floor_level_only)
            .or_else(|| catalogue_hamstring::spec(exercise))
            .ok_or_else(|| UnknownExercise(exercise.to_string()))?;
        let timing = Timing::from_prescription(
            spec.timing,
            spec.lowers_to_end,
            options.tempo.as_deref(),
            if spec.holds {
                options.hold_seconds
            } else {
                None
            },
        );
        let mut rules = Vec::new();
        if !spec.surface.heel_may_go_below() {
            rules.push(rules::P_INS);
        }
        if exercise.starts_with("eccentric-heel-drop") {
            rules.push(rules::P_ALF);
        }
        Ok(Demonstration {
            exercise: exercise.to_string(),
            title: spec.title,
            posture: spec.posture,
            surface: spec.surface,
            legs: if spec.one_leg {
                Legs::One(side)
            } else {
                Legs::Two
            },
            knee: spec.knee,
            legs_together: !spec.one_leg && !spec.legs_apart,
            start: spec.start,
            end: spec.end,
            timing,
            lowers_to_end: spec.lowers_to_end,
            prop: spec.prop,
            start_words: spec.start_words,
            end_words: spec.end_words,
            moving: spec.moving,
            cues: spec.cues.to_vec(),
            mistakes: spec.mistakes.to_vec(),
            rules,
        })
    }

    /// The pose a fraction `t` (0 to 1) of the way from start to end.
    pub fn pose_at(&self, t: f32) -> Pose {
        self.start.towards(&self.end, t.clamp(0.0, 1.0))
    }

    /// The figure of a pose, in figure units with the surface line at height 0.
    pub fn figure(&self, pose: &Pose) -> Figure {
        figure::place(self.posture, self.legs_together, pose)
    }

    /// The text alternative: who works, what moves from where to where, and the timing.
    pub fn text_alternative(&self) -> String {
        let who = match self.legs {
            Legs::One(Side::Both) => "Each leg works in turn".to_string(),
            Legs::One(_) => format!("The {} works", self.legs.label().to_lowercase()),
            Legs::Two if self.legs_together => "Both legs work together".to_string(),
            Legs::Two => "Both legs work, one after the other".to_string(),
        };
        format!(
            "{who}, {surface}. What moves: {moving}. Start: {start}. End: {end}. {timing}",
            surface = self.surface.words(),
            moving = self.moving,
            start = self.start_words,
            end = self.end_words,
            timing = self.timing.words(self.lowers_to_end),
        )
    }
}

/// One exercise's fixed definition, before the person's side and prescription.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Spec {
    pub title: &'static str,
    pub posture: Posture,
    pub surface: Surface,
    pub one_leg: bool,
    /// True when both legs work but each has its own angles (running, skipping).
    pub legs_apart: bool,
    pub knee: Knee,
    pub start: Pose,
    pub end: Pose,
    /// The timing when no tempo is prescribed.
    pub timing: Timing,
    pub lowers_to_end: bool,
    /// True for holds: the hold lasts the prescribed seconds.
    pub holds: bool,
    pub prop: Prop,
    pub start_words: &'static str,
    pub end_words: &'static str,
    pub moving: &'static str,
    pub cues: &'static [&'static str],
    pub mistakes: &'static [&'static str],
}
