//! The Achilles exercises on machines, with a barbell or sitting: the seated calf raise, the
//! leg-press calf raise, the standing barbell calf raise and the sitting heel raise.

use super::catalogue::{FLAT, HEEL_BELOW, HEEL_HIGH, HEEL_PACE, TWO_LEGS, bottom_words};
use super::{Knee, Pose, Posture, Prop, Spec, Surface, Timing};

/// Sitting with the knees at a right angle and the feet on the surface.
const SITTING: Pose = Pose {
    knee: 90.0,
    hip: 90.0,
    arm: 30.0,
    elbow: 60.0,
    ..Pose::STANDING
};

/// In the leg press: knees straight, hips bent, hands on the handles.
const LEG_PRESS: Pose = Pose {
    hip: 80.0,
    arm: 20.0,
    elbow: 30.0,
    ..Pose::STANDING
};

pub(super) fn barbell(surface: Surface, bottom: f32) -> Spec {
    let base = Pose {
        arm: 150.0,
        elbow: 120.0,
        ..TWO_LEGS
    };
    Spec {
        title: "Standing barbell calf raise, knee straight",
        posture: Posture::Standing,
        surface,
        one_leg: false,
        legs_apart: false,
        knee: Knee::Straight,
        start: Pose {
            foot: bottom,
            ..base
        },
        end: Pose {
            foot: HEEL_HIGH,
            ..base
        },
        timing: Timing::new(3.0, 0.5, 3.0, 0.5),
        lowers_to_end: false,
        holds: false,
        prop: Prop::Barbell,
        start_words: bottom_words(surface),
        end_words: "up on the balls of the feet",
        moving: "the heels",
        cues: &[
            "Knees straight, body tall, the bar across the upper back.",
            "Three seconds up, three seconds down.",
            "A weight you can lift only the prescribed number of times with good form.",
        ],
        mistakes: &[
            "Bouncing out of the bottom.",
            "Bending the knees to help the bar up.",
            "Leaning forward onto the toes.",
        ],
    }
}

pub(super) fn seated_heel_raise(prop: Prop) -> Spec {
    Spec {
        title: if prop == Prop::KneeWeight {
            "Sitting heel raise with weight"
        } else {
            "Sitting heel raise"
        },
        posture: Posture::Seated,
        surface: Surface::Floor,
        one_leg: false,
        legs_apart: false,
        knee: Knee::Bent(80.0, 100.0),
        start: SITTING,
        end: Pose {
            foot: HEEL_HIGH,
            ..SITTING
        },
        timing: HEEL_PACE,
        lowers_to_end: false,
        holds: false,
        prop,
        start_words: "the feet flat on the floor",
        end_words: "the heels lifted as high as they go",
        moving: "the heels",
        cues: &[
            "Sit tall with the knees bent at a right angle.",
            "Lift both heels as high as you can, then lower them slowly to the floor.",
            "Later, rest a weight on your knees.",
        ],
        mistakes: &[
            "Pushing the knees up with your hands instead of lifting with the calves.",
            "Letting the heels drop quickly.",
        ],
    }
}

pub(super) fn seated_machine(surface: Surface) -> Spec {
    let bottom = if surface.heel_may_go_below() {
        HEEL_BELOW
    } else {
        FLAT
    };
    Spec {
        title: "Seated calf raise, knee bent",
        posture: Posture::Seated,
        surface,
        one_leg: false,
        legs_apart: false,
        knee: Knee::Bent(80.0, 100.0),
        start: Pose {
            foot: bottom,
            ..SITTING
        },
        end: Pose {
            foot: HEEL_HIGH,
            ..SITTING
        },
        timing: Timing::new(3.0, 0.5, 3.0, 0.5),
        lowers_to_end: false,
        holds: false,
        prop: Prop::KneeWeight,
        start_words: bottom_words(surface),
        end_words: "the heels pushed as high as they go",
        moving: "the heels",
        cues: &[
            "The pad rests on your thighs; the balls of both feet on the plate.",
            "Three seconds up, three seconds down.",
            "Knees stay bent at a right angle: this works the deep calf muscle.",
        ],
        mistakes: &[
            "Bouncing at the bottom.",
            "Going below the plate when your plan says floor level.",
        ],
    }
}

pub(super) fn leg_press(surface: Surface) -> Spec {
    let bottom = if surface.heel_may_go_below() {
        HEEL_BELOW
    } else {
        FLAT
    };
    Spec {
        title: "Leg-press calf raise, knee straight",
        posture: Posture::LegPress,
        surface,
        one_leg: false,
        legs_apart: false,
        knee: Knee::Straight,
        start: Pose {
            foot: bottom,
            ..LEG_PRESS
        },
        end: Pose {
            foot: HEEL_HIGH,
            ..LEG_PRESS
        },
        timing: Timing::new(3.0, 0.5, 3.0, 0.5),
        lowers_to_end: false,
        holds: false,
        prop: Prop::None,
        start_words: bottom_words(surface),
        end_words: "the plate pushed away with the toes",
        moving: "the feet",
        cues: &[
            "Knees straight but not locked; only the ankles move.",
            "Push the plate away with your toes for 3 seconds, let it back for 3 seconds.",
        ],
        mistakes: &[
            "Bending the knees to move the plate.",
            "Letting the plate snap back.",
        ],
    }
}
