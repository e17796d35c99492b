//! The hamstring exercises' demonstrations: bridges, curls, Nordics, deadlifts, step-ups and
//! skipping; the trunk work is in `catalogue_core` and running in `catalogue_moves`.

use super::catalogue_core::{balance_reach, pallof_press, plank};
use super::catalogue_moves::running;
use super::{Knee, Pose, Posture, Prop, Spec, Surface, Timing};

/// Three seconds each way, a short pause at each end.
const SLOW: Timing = Timing::new(3.0, 0.5, 3.0, 0.5);
/// A slow lowering and a quicker return.
const SLOW_LOWERING: Timing = Timing::new(3.0, 0.0, 1.5, 0.5);
/// Into a hold, the hold, and out of it.
const HOLD: Timing = Timing::new(1.5, 30.0, 1.5, 1.0);

/// Lying on the back, knees bent, hips on the floor.
const BRIDGE_DOWN: Pose = Pose {
    foot: 0.0,
    shin: -15.0,
    knee: 136.6,
    hip: 61.6,
    arm: 0.0,
    elbow: 0.0,
    free_hip: 0.0,
    free_knee: 0.0,
    lift: 0.0,
};

/// The hips lifted until the body is straight from shoulders to knees.
const BRIDGE_UP: Pose = Pose {
    knee: 99.6,
    hip: 0.0,
    arm: -24.6,
    ..BRIDGE_DOWN
};

/// Lying face down, legs straight, arms out beyond the head.
const FACE_DOWN: Pose = Pose {
    foot: 90.0,
    shin: 90.0,
    knee: 0.0,
    hip: 0.0,
    arm: 180.0,
    elbow: 0.0,
    free_hip: 0.0,
    free_knee: 0.0,
    lift: 0.0,
};

/// Kneeling upright with the ankles held, hands ready in front of the chest.
const KNEELING: Pose = Pose {
    foot: 170.0,
    shin: 90.0,
    knee: 90.0,
    hip: 0.0,
    arm: 40.0,
    elbow: 100.0,
    free_hip: 0.0,
    free_knee: 0.0,
    lift: 0.0,
};

/// Standing with soft knees.
pub(super) const SOFT_KNEES: Pose = Pose {
    knee: 10.0,
    shin: 5.0,
    ..Pose::STANDING
};

/// A hamstring exercise, or `None` when the id is not one.
pub(crate) fn spec(exercise: &str) -> Option<Spec> {
    Some(match exercise {
        "bridge-hold" => bridge(false, true),
        "bridge-progression" => bridge(false, false),
        "bridge-load-test" => bridge(true, false),
        "isometric-leg-curl" => leg_curl(true),
        "prone-leg-curl" => leg_curl(false),
        "gym-ball-nordic" => nordic(true),
        "nordic-hamstring" => nordic(false),
        "romanian-deadlift" => deadlift(false),
        "single-leg-romanian-deadlift" => deadlift(true),
        "step-up" => step_up(),
        "skips-and-bounds" => skips(),
        "front-plank" => plank(false),
        "side-plank" => plank(true),
        "pallof-press" => pallof_press(),
        "single-leg-balance-reach" => balance_reach(),
        "running-progression" => running(),
        _ => return None,
    })
}

fn bridge(one_leg: bool, holds: bool) -> Spec {
    Spec {
        title: match (one_leg, holds) {
            (true, _) => "Single-leg bridge test",
            (false, true) => "Bridge hold",
            (false, false) => "Bridge",
        },
        posture: Posture::LyingOnBack,
        surface: Surface::Floor,
        one_leg,
        legs_apart: false,
        knee: Knee::Moving,
        start: BRIDGE_DOWN,
        end: BRIDGE_UP,
        timing: if holds { HOLD } else { SLOW },
        lowers_to_end: false,
        holds,
        prop: Prop::None,
        start_words: "lying on the back, knees bent, hips on the floor",
        end_words: "the hips lifted until the body is straight from shoulders to knees",
        moving: "the hips",
        cues: if one_leg {
            &[
                "The working foot close to your hips; the other leg held straight.",
                "Three bridges, then score the pain from 0 to 10.",
                "Same time each day, so the scores compare.",
            ]
        } else {
            &[
                "Heels on the floor, knees bent, arms on the floor by your sides.",
                "Squeeze your buttocks to lift; stop when shoulders, hips and knees line up.",
                "Push at a strength that eases the pain, not one that builds it.",
            ]
        },
        mistakes: &[
            "Arching the lower back to lift higher.",
            "Letting the hips sag or drop quickly.",
            "Feet too far from the hips, which pulls on the tendon.",
        ],
    }
}

fn leg_curl(hold: bool) -> Spec {
    Spec {
        title: if hold {
            "Isometric leg curl"
        } else {
            "Leg curl, lying face down"
        },
        posture: Posture::LyingFaceDown,
        surface: Surface::Floor,
        one_leg: hold,
        legs_apart: false,
        knee: Knee::Moving,
        start: Pose {
            knee: if hold { 10.0 } else { 5.0 },
            shin: if hold { 100.0 } else { 95.0 },
            foot: if hold { 100.0 } else { 95.0 },
            ..FACE_DOWN
        },
        end: Pose {
            knee: if hold { 25.0 } else { 90.0 },
            shin: if hold { 115.0 } else { 180.0 },
            foot: if hold { 115.0 } else { 180.0 },
            ..FACE_DOWN
        },
        timing: if hold { HOLD } else { SLOW },
        lowers_to_end: false,
        holds: hold,
        prop: Prop::None,
        start_words: "lying face down, the leg nearly straight",
        end_words: if hold {
            "the knee slightly bent, the heel pressing up into a strap and held"
        } else {
            "the knee bent to a right angle"
        },
        moving: "the heel",
        cues: if hold {
            &[
                "Hips flat on the floor the whole time.",
                "Press the heel up into the strap without moving, at a strength that eases the pain.",
            ]
        } else {
            &[
                "Hips flat: only the knee bends.",
                "Three seconds to bend, three seconds to straighten.",
            ]
        },
        mistakes: &[
            "Lifting the hips off the floor, which bends the hip.",
            "Jerking the weight up.",
        ],
    }
}

fn nordic(part_range: bool) -> Spec {
    Spec {
        title: if part_range {
            "Gym-ball Nordic, part range"
        } else {
            "Nordic curl"
        },
        posture: Posture::Kneeling,
        surface: Surface::Floor,
        one_leg: false,
        legs_apart: false,
        knee: Knee::Moving,
        start: KNEELING,
        end: Pose {
            knee: if part_range { 65.0 } else { 45.0 },
            arm: if part_range { 80.0 } else { 70.0 },
            elbow: 20.0,
            ..KNEELING
        },
        timing: SLOW_LOWERING,
        lowers_to_end: true,
        holds: false,
        prop: if part_range {
            Prop::GymBall
        } else {
            Prop::None
        },
        start_words: "kneeling upright with the ankles held down",
        end_words: if part_range {
            "leaning forward as far as you can control, hands on the ball"
        } else {
            "lowered forward as far as you can control, hands ready to catch you"
        },
        moving: "the body, held straight from knees to head",
        cues: &[
            "Keep a straight line from knees to head: bend at the knees, not the hips.",
            "Lower as slowly as you can; push back up with your hands.",
        ],
        mistakes: &[
            "Bending at the hips and sticking the bottom out.",
            "Dropping the last part instead of controlling it.",
        ],
    }
}

fn deadlift(one_leg: bool) -> Spec {
    let standing = Pose {
        arm: -5.0,
        free_knee: if one_leg { 20.0 } else { 0.0 },
        ..SOFT_KNEES
    };
    Spec {
        title: if one_leg {
            "Single-leg Romanian deadlift"
        } else {
            "Romanian deadlift"
        },
        posture: Posture::Standing,
        surface: Surface::Floor,
        one_leg,
        legs_apart: false,
        knee: Knee::Moving,
        start: standing,
        end: Pose {
            knee: 15.0,
            shin: 8.0,
            hip: 80.0,
            arm: 73.0,
            free_knee: 0.0,
            ..standing
        },
        timing: SLOW,
        lowers_to_end: true,
        holds: false,
        prop: Prop::HandWeight,
        start_words: "standing tall with soft knees, holding the weight",
        end_words: "hinged forward at the hips, the weight near the shins",
        moving: "the trunk",
        cues: if one_leg {
            &[
                "Stand on one leg with the knee soft; the other leg goes back as you hinge.",
                "Keep the hips level and the back flat.",
                "Only as deep as is comfortable; a little deeper each week.",
            ]
        } else {
            &[
                "Knees soft, back flat, the weight sliding down the front of the thighs.",
                "Hinge at the hips: the bottom goes back.",
                "Only as deep as is comfortable; a little deeper each week.",
            ]
        },
        mistakes: &[
            "Rounding the back to reach lower.",
            "Bending the knees into a squat.",
            "Going deeper than is comfortable.",
        ],
    }
}

fn step_up() -> Spec {
    Spec {
        title: "Step-up",
        posture: Posture::Standing,
        surface: Surface::Box,
        one_leg: true,
        legs_apart: false,
        knee: Knee::Moving,
        start: Pose {
            knee: 70.0,
            shin: 30.0,
            hip: 60.0,
            arm: 10.0,
            free_hip: 10.0,
            free_knee: 10.0,
            ..Pose::STANDING
        },
        end: Pose {
            free_hip: 80.0,
            free_knee: 90.0,
            ..Pose::STANDING
        },
        timing: SLOW,
        lowers_to_end: false,
        holds: false,
        prop: Prop::None,
        start_words: "one foot on the box, the other on the floor",
        end_words: "standing tall on the box",
        moving: "the body",
        cues: &[
            "Push up through the whole foot on the box.",
            "Step down slowly.",
            "Start with a low box and go higher as the hip bend gets comfortable.",
        ],
        mistakes: &[
            "Pushing off the floor with the back foot.",
            "Letting the knee fall inwards.",
        ],
    }
}

fn skips() -> Spec {
    let landing = Pose {
        knee: 20.0,
        shin: 10.0,
        hip: 15.0,
        arm: -30.0,
        elbow: 90.0,
        free_hip: 70.0,
        free_knee: 90.0,
        ..Pose::STANDING
    };
    Spec {
        title: "Skips and bounds",
        posture: Posture::Standing,
        surface: Surface::Floor,
        one_leg: false,
        legs_apart: true,
        knee: Knee::Moving,
        start: landing,
        end: Pose {
            foot: 35.0,
            knee: 5.0,
            shin: 20.0,
            hip: -10.0,
            arm: 50.0,
            free_hip: 80.0,
            lift: 12.0,
            ..landing
        },
        timing: Timing::new(0.3, 0.0, 0.3, 0.0),
        lowers_to_end: false,
        holds: false,
        prop: Prop::None,
        start_words: "landing on one foot, the other knee up",
        end_words: "springing off the ball of the foot",
        moving: "the body",
        cues: &[
            "Quick, springy contacts on flat ground.",
            "Stop before your form fades.",
        ],
        mistakes: &[
            "Over-striding, which stretches the tendon hard.",
            "Carrying on when tired.",
        ],
    }
}
