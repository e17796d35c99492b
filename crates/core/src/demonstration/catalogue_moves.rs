//! Movement without a heel-drop surface: the foot moved up and down, quick rebounds, hops and
//! running (shared by the Achilles and hamstring plans).

use super::catalogue::TWO_LEGS;
use super::{Knee, Pose, Posture, Prop, Spec, Surface, Timing};

/// Quick rebounds.
const QUICK: Timing = Timing::new(0.3, 0.0, 0.3, 0.0);

/// Sitting on the floor with the legs out straight.
const LONG_SITTING: Pose = Pose {
    foot: -90.0,
    shin: -90.0,
    hip: 90.0,
    arm: 40.0,
    elbow: 0.0,
    free_hip: 90.0,
    ..Pose::STANDING
};

pub(super) fn ankle_circulation() -> Spec {
    Spec {
        title: "Foot up and down",
        posture: Posture::LongSitting,
        surface: Surface::Floor,
        one_leg: true,
        legs_apart: false,
        knee: Knee::Straight,
        start: Pose {
            foot: -105.0,
            ..LONG_SITTING
        },
        end: Pose {
            foot: -60.0,
            ..LONG_SITTING
        },
        timing: Timing::new(1.0, 0.0, 1.0, 0.0),
        lowers_to_end: false,
        holds: false,
        prop: Prop::None,
        start_words: "the toes pulled up towards you",
        end_words: "the toes pointed away",
        moving: "the foot",
        cues: &[
            "An easy, steady pace: this warms the calf up.",
            "Move only the ankle; the leg stays relaxed.",
        ],
        mistakes: &[
            "Forcing the end of the range: it should feel easy.",
            "Rushing: a steady rhythm warms the calf better than speed.",
        ],
    }
}

pub(super) fn quick_rebounds() -> Spec {
    Spec {
        title: "Quick-rebounding heel raises",
        posture: Posture::Standing,
        surface: Surface::Floor,
        one_leg: false,
        legs_apart: false,
        knee: Knee::Straight,
        start: Pose {
            foot: 4.0,
            ..TWO_LEGS
        },
        end: Pose {
            foot: 24.0,
            ..TWO_LEGS
        },
        timing: QUICK,
        lowers_to_end: false,
        holds: false,
        prop: Prop::None,
        start_words: "the heels just above the floor",
        end_words: "up on the balls of the feet",
        moving: "the heels",
        cues: &[
            "Quick, light bounces on the balls of the feet.",
            "The heels only skim the floor.",
        ],
        mistakes: &[
            "Landing heavily on the heels.",
            "Bending the knees to bounce instead of using the ankles.",
        ],
    }
}

pub(super) fn hops() -> Spec {
    let landed = Pose {
        foot: 5.0,
        knee: 20.0,
        shin: 10.0,
        hip: 15.0,
        arm: 20.0,
        elbow: 80.0,
        ..Pose::STANDING
    };
    Spec {
        title: "Hops and skips",
        posture: Posture::Standing,
        surface: Surface::Floor,
        one_leg: false,
        legs_apart: false,
        knee: Knee::Moving,
        start: landed,
        end: Pose {
            foot: 40.0,
            knee: 5.0,
            shin: 3.0,
            hip: 5.0,
            lift: 14.0,
            ..landed
        },
        timing: Timing::new(0.25, 0.0, 0.25, 0.0),
        lowers_to_end: false,
        holds: false,
        prop: Prop::None,
        start_words: "landing softly on the balls of the feet",
        end_words: "off the floor",
        moving: "the whole body",
        cues: &[
            "Quick, light contacts on the balls of the feet.",
            "Two feet first, one foot later, on flat ground.",
        ],
        mistakes: &[
            "Landing flat-footed or on the heels.",
            "Going on when the next morning is sorer than usual.",
        ],
    }
}

/// Running, shared by the Achilles return to running and the hamstring progression.
pub(crate) fn running() -> Spec {
    let stance = Pose {
        foot: 0.0,
        knee: 25.0,
        shin: 10.0,
        hip: 20.0,
        arm: -30.0,
        elbow: 90.0,
        free_hip: -25.0,
        free_knee: 90.0,
        ..Pose::STANDING
    };
    Spec {
        title: "Easy running",
        posture: Posture::Standing,
        surface: Surface::Floor,
        one_leg: false,
        legs_apart: true,
        knee: Knee::Moving,
        start: stance,
        end: Pose {
            foot: 35.0,
            knee: 10.0,
            shin: 25.0,
            hip: -5.0,
            arm: 40.0,
            lift: 6.0,
            ..stance
        },
        timing: Timing::new(0.35, 0.0, 0.35, 0.0),
        lowers_to_end: false,
        holds: false,
        prop: Prop::None,
        start_words: "the foot landing under the body",
        end_words: "pushing off the ball of the foot",
        moving: "the body",
        cues: &[
            "Easy pace on flat ground: you can talk while you run.",
            "Short, quick steps with the foot landing under you.",
            "Start short, and add no more than a fifth each week.",
        ],
        mistakes: &[
            "Long strides that land far in front of you.",
            "Hills and sprints too early.",
            "Running through pain that is worse the next morning.",
        ],
    }
}
