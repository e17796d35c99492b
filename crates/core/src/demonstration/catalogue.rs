//! The Achilles exercises' demonstrations: heel raises and drops on the floor or a step edge
//! and the calf hold; the machines and the moves are in their own modules.

use super::catalogue_machines::{barbell, leg_press, seated_heel_raise, seated_machine};
use super::catalogue_moves::{ankle_circulation, hops, quick_rebounds, running};
use super::{Knee, Pose, Posture, Prop, Spec, Surface, Timing};

/// A heel raise or drop at a normal pace: 1.5 s each way with a short pause.
pub(super) const HEEL_PACE: Timing = Timing::new(1.5, 0.5, 1.5, 0.5);
/// A slow lowering with a quicker return, as Alfredson's drops.
const SLOW_LOWERING: Timing = Timing::new(3.0, 0.0, 1.5, 0.5);
/// The heel as high as it goes.
pub(super) const HEEL_HIGH: f32 = 32.0;
/// The heel below a step edge or past a plate's edge.
pub(super) const HEEL_BELOW: f32 = -20.0;
/// A flat foot.
pub(super) const FLAT: f32 = 0.0;
/// The knee of a bent-knee heel drop.
const BENT_KNEE: f32 = 30.0;

/// Standing on one leg with a hand on a wall, the other foot lifted behind.
const ONE_LEG: Pose = Pose {
    arm: 60.0,
    elbow: 20.0,
    free_hip: 15.0,
    free_knee: 75.0,
    ..Pose::STANDING
};

/// Standing on both legs with a hand on a wall.
pub(super) const TWO_LEGS: Pose = Pose {
    arm: 60.0,
    elbow: 20.0,
    ..Pose::STANDING
};

/// The exercise of an Achilles id, or `None` when it is not one. `floor_level_only` picks the
/// flat plate for the machines, whose ids do not say (unset: the flat plate, the safe choice).
pub(crate) fn spec(exercise: &str, floor_level_only: Option<bool>) -> Option<Spec> {
    let machine_surface = if floor_level_only.unwrap_or(true) {
        Surface::FlatPlate
    } else {
        Surface::PlateEdge
    };
    let fixed = match exercise {
        "calf-isometric-hold" => Some(calf_hold()),
        "achilles-morning-check" => Some(morning_check()),
        "seated-calf-raise-bent-knee" => Some(seated_machine(machine_surface)),
        "leg-press-calf-raise-straight-knee" => Some(leg_press(machine_surface)),
        "ankle-circulation" => Some(ankle_circulation()),
        // The seated calf raise with dumbbells or a backpack on the knees (`P-EQUIP`).
        "seated-calf-raise-weighted" => Some(seated_heel_raise(Prop::KneeWeight)),
        "quick-rebounding-heel-raise" => Some(quick_rebounds()),
        "plyometric-hops" => Some(hops()),
        "return-to-running" => Some(running()),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    let (base, surface) = if let Some(base) = exercise.strip_suffix("-step") {
        (base, Surface::StepEdge)
    } else if let Some(base) = exercise.strip_suffix("-floor") {
        (base, Surface::Floor)
    } else {
        return None;
    };
    let bottom = if surface == Surface::StepEdge {
        HEEL_BELOW
    } else {
        FLAT
    };
    match base {
        "eccentric-heel-drop-straight-knee" => Some(heel_drop(surface, bottom, false)),
        "eccentric-heel-drop-bent-knee" => Some(heel_drop(surface, bottom, true)),
        "eccentric-heel-raise" | "eccentric-heel-raise-weighted" => {
            let mut spec = heel_drop(surface, bottom, false);
            spec.title = "Eccentric heel raise";
            if base.ends_with("weighted") {
                spec.prop = Prop::HandWeight;
                spec.title = "Eccentric heel raise with weight";
            }
            Some(spec)
        }
        "heel-raise-two-legs" => Some(heel_raise(surface, bottom, false, Prop::None)),
        "heel-raise-one-leg" => Some(heel_raise(surface, bottom, true, Prop::None)),
        "heel-raise-one-leg-weighted" => Some(heel_raise(surface, bottom, true, Prop::HandWeight)),
        "standing-calf-raise-barbell" => Some(barbell(surface, bottom)),
        // The swaps for a leg press and a barbell with dumbbells or a backpack (`P-EQUIP`).
        "single-leg-calf-raise-weighted" => {
            let mut spec = heel_raise(surface, bottom, true, Prop::HandWeight);
            spec.title = "Single-leg calf raise with weight";
            Some(spec)
        }
        "standing-calf-raise-weighted" => {
            let mut spec = heel_raise(surface, bottom, false, Prop::HandWeight);
            spec.title = "Standing calf raise with weight";
            Some(spec)
        }
        "seated-heel-raise" if surface == Surface::Floor => Some(seated_heel_raise(Prop::None)),
        "seated-heel-raise-weighted" if surface == Surface::Floor => {
            Some(seated_heel_raise(Prop::KneeWeight))
        }
        _ => None,
    }
}

/// The bottom of a movement in words.
pub(super) fn bottom_words(surface: Surface) -> &'static str {
    match surface {
        Surface::StepEdge => "the heel below the step",
        Surface::PlateEdge => "the heels past the plate",
        Surface::FlatPlate => "the feet flat on the plate, never lower",
        Surface::Floor | Surface::Box => "the heel on the floor, never lower",
    }
}

fn calf_hold() -> Spec {
    Spec {
        title: "Calf hold",
        posture: Posture::Standing,
        surface: Surface::Floor,
        one_leg: true,
        legs_apart: false,
        knee: Knee::Straight,
        start: ONE_LEG,
        end: Pose {
            foot: 16.0,
            ..ONE_LEG
        },
        timing: Timing::new(1.5, 45.0, 1.5, 1.0),
        lowers_to_end: false,
        holds: true,
        prop: Prop::None,
        start_words: "the foot flat on the floor",
        end_words: "halfway up on the ball of the foot, held still",
        moving: "the heel",
        cues: &[
            "Rise only halfway and stay there without moving.",
            "Push down hard through the ball of the foot while the pain eases.",
            "Keep a hand on a wall or rail so balance is not the hard part.",
        ],
        mistakes: &[
            "Bouncing up and down instead of holding still.",
            "Rising right up onto the toes: halfway is enough.",
            "Standing on a step: these holds are done on flat floor.",
        ],
    }
}

fn morning_check() -> Spec {
    Spec {
        title: "Morning heel-raise check",
        posture: Posture::Standing,
        surface: Surface::Floor,
        one_leg: true,
        legs_apart: false,
        knee: Knee::Straight,
        start: ONE_LEG,
        end: Pose {
            foot: HEEL_HIGH,
            ..ONE_LEG
        },
        timing: HEEL_PACE,
        lowers_to_end: false,
        holds: false,
        prop: Prop::None,
        start_words: "the foot flat on the floor",
        end_words: "up on the ball of the foot",
        moving: "the heel",
        cues: &[
            "Do it first thing, before any training.",
            "Rise as high as is comfortable, up to 10 times, then score the pain from 0 to 10.",
            "Stay on flat floor.",
        ],
        mistakes: &[
            "Doing the check after a warm-up: the score then reads lower than it is.",
            "Using the other leg to help.",
        ],
    }
}

fn heel_drop(surface: Surface, bottom: f32, bent: bool) -> Spec {
    let knee = if bent { BENT_KNEE } else { 0.0 };
    let top = Pose {
        foot: HEEL_HIGH,
        knee,
        shin: knee / 2.0,
        ..ONE_LEG
    };
    Spec {
        title: if bent {
            "Heel drop, knee bent"
        } else {
            "Heel drop, knee straight"
        },
        posture: Posture::Standing,
        surface,
        one_leg: true,
        legs_apart: false,
        knee: if bent {
            Knee::Bent(
                super::BENT_KNEE_HEEL_DROP_DEGREES.0,
                super::BENT_KNEE_HEEL_DROP_DEGREES.1,
            )
        } else {
            Knee::Straight
        },
        start: top,
        end: Pose {
            foot: bottom,
            ..top
        },
        timing: SLOW_LOWERING,
        lowers_to_end: true,
        holds: false,
        prop: Prop::None,
        start_words: "up on the ball of the foot",
        end_words: bottom_words(surface),
        moving: "the heel",
        cues: if bent {
            &[
                "Keep the knee slightly bent, about a quarter bend, the whole way down.",
                "Lower slowly on the sore leg alone; go back up with both legs.",
                "Some pain is fine as long as it settles by the next morning.",
            ]
        } else {
            &[
                "Keep the knee straight, not locked hard, the whole way down.",
                "Lower slowly on the sore leg alone; go back up with both legs.",
                "Some pain is fine as long as it settles by the next morning.",
            ]
        },
        mistakes: &[
            "Dropping quickly instead of lowering slowly.",
            "Pushing back up with the sore leg: the other leg does the lifting.",
            "Letting the ankle roll outwards.",
        ],
    }
}

fn heel_raise(surface: Surface, bottom: f32, one_leg: bool, prop: Prop) -> Spec {
    let base = if one_leg { ONE_LEG } else { TWO_LEGS };
    let base = if prop == Prop::HandWeight {
        Pose {
            arm: 0.0,
            elbow: 10.0,
            ..base
        }
    } else {
        base
    };
    Spec {
        title: match (one_leg, prop) {
            (false, _) => "Heel raise, two legs",
            (true, Prop::HandWeight) => "Heel raise, one leg, with weight",
            (true, _) => "Heel raise, one leg",
        },
        posture: Posture::Standing,
        surface,
        one_leg,
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
        timing: HEEL_PACE,
        lowers_to_end: false,
        holds: false,
        prop,
        start_words: bottom_words(surface),
        end_words: "up on the ball of the foot",
        moving: "the heel",
        cues: &[
            "Rise as high as you can, straight up over the big toe.",
            "Lower slowly: the way down counts as much as the way up.",
            "Hold on lightly for balance, not to pull yourself up.",
        ],
        mistakes: &[
            "Rushing the lowering.",
            "Rolling out onto the little toes.",
            "Bending the knee to cheat the last part of the rise.",
        ],
    }
}
