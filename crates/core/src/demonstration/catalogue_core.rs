//! The trunk exercises of the hamstring plans' demonstrations: the front and side planks, the
//! anti-rotation press and the single-leg balance with reach.

use super::catalogue_hamstring::SOFT_KNEES;
use super::{Knee, Pose, Posture, Prop, Spec, Surface, Timing};

/// Into a hold, the hold, and out of it.
const HOLD: Timing = Timing::new(1.5, 30.0, 1.5, 1.0);

/// On the forearms and toes, body straight.
const PLANK: Pose = Pose {
    foot: 82.0,
    shin: 82.0,
    knee: 0.0,
    hip: 0.0,
    arm: 82.0,
    elbow: 90.0,
    free_hip: 0.0,
    free_knee: 0.0,
    lift: 0.0,
};

pub(super) fn plank(side: bool) -> Spec {
    Spec {
        title: if side { "Side plank" } else { "Front plank" },
        posture: Posture::Plank,
        surface: Surface::Floor,
        one_leg: false,
        legs_apart: false,
        knee: Knee::Straight,
        start: Pose {
            foot: 86.0,
            shin: 86.0,
            arm: 86.0,
            ..PLANK
        },
        end: PLANK,
        timing: HOLD,
        lowers_to_end: false,
        holds: true,
        prop: Prop::None,
        start_words: if side {
            "lying on one side on the forearm"
        } else {
            "lying face down on the forearms"
        },
        end_words: "the body lifted and straight from head to heels, held",
        moving: "the hips",
        cues: if side {
            &[
                "Elbow under the shoulder, hips lifted, body in one straight line.",
                "Do both sides.",
            ]
        } else {
            &[
                "Elbows under the shoulders, body straight from head to heels.",
                "Hips level: no bend at the hip.",
            ]
        },
        mistakes: &[
            "Letting the hips sag.",
            "Pushing the bottom up into a bend at the hip.",
            "Holding the breath.",
        ],
    }
}

pub(super) fn pallof_press() -> Spec {
    Spec {
        title: "Standing anti-rotation press",
        posture: Posture::Standing,
        surface: Surface::Floor,
        one_leg: false,
        legs_apart: false,
        knee: Knee::Moving,
        start: Pose {
            arm: 30.0,
            elbow: 110.0,
            ..SOFT_KNEES
        },
        end: Pose {
            arm: 90.0,
            elbow: 0.0,
            ..SOFT_KNEES
        },
        timing: Timing::new(1.5, 1.0, 1.5, 0.5),
        lowers_to_end: false,
        holds: false,
        prop: Prop::Band,
        start_words: "side-on to the band, hands at the chest",
        end_words: "the arms pressed straight out",
        moving: "the hands",
        cues: &[
            "Press straight out and back; the trunk does not turn.",
            "Do both sides.",
        ],
        mistakes: &[
            "Letting the band twist you round.",
            "Leaning away from the band.",
        ],
    }
}

pub(super) fn balance_reach() -> Spec {
    let standing = Pose {
        free_hip: 20.0,
        free_knee: 60.0,
        ..SOFT_KNEES
    };
    Spec {
        title: "Single-leg balance with reach",
        posture: Posture::Standing,
        surface: Surface::Floor,
        one_leg: true,
        legs_apart: false,
        knee: Knee::Moving,
        start: standing,
        end: Pose {
            hip: 20.0,
            arm: 100.0,
            elbow: 0.0,
            ..standing
        },
        timing: Timing::new(1.5, 30.0, 1.5, 1.0),
        lowers_to_end: false,
        holds: true,
        prop: Prop::None,
        start_words: "standing on one leg",
        end_words: "reaching forward with both arms, the pelvis level",
        moving: "the arms",
        cues: &[
            "Keep the pelvis level while you reach forwards and to the sides.",
            "Do both legs.",
        ],
        mistakes: &[
            "Letting the hip drop on the free side.",
            "Locking the standing knee.",
        ],
    }
}
