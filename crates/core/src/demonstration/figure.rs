//! The stick figure of a pose: joint angles to points (forward kinematics), in figure units
//! with the surface line at height 0 and y pointing up.

use super::{Pose, Posture};

/// From the ball of the foot to the heel.
const FOOT: f32 = 16.0;
/// From the ball of the foot to below the ankle, along the foot.
const BALL_TO_ANKLE: f32 = 11.0;
/// The ankle's height above the sole.
const ANKLE_HEIGHT: f32 = 7.0;
/// The toes beyond the ball of the foot.
const TOES: f32 = 5.0;
const SHIN: f32 = 42.0;
const THIGH: f32 = 45.0;
const TRUNK: f32 = 55.0;
const NECK: f32 = 12.0;
/// The head's radius.
pub const HEAD_RADIUS: f32 = 9.0;
const UPPER_ARM: f32 = 28.0;
const FOREARM: f32 = 26.0;
/// The height of the hip above the floor when lying or sitting on it.
const HIP_ON_FLOOR: f32 = 8.0;
/// The height of the knee above the floor when kneeling.
const KNEE_ON_FLOOR: f32 = 5.0;

/// A point in figure units, y up.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// Across, forward positive.
    pub x: f32,
    /// Up.
    pub y: f32,
}

impl Point {
    fn new(x: f32, y: f32) -> Point {
        Point { x, y }
    }

    /// This point moved `length` along the direction that leans `lean` degrees from vertical.
    fn along(self, lean: f32, length: f32) -> Point {
        let radians = lean.to_radians();
        Point::new(
            self.x + length * radians.sin(),
            self.y + length * radians.cos(),
        )
    }

    fn shifted(self, dx: f32, dy: f32) -> Point {
        Point::new(self.x + dx, self.y + dy)
    }
}

/// A leg's points: hip, knee, ankle, heel, ball of the foot, toes.
pub type Leg = [Point; 6];

/// The figure of one pose.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figure {
    /// The working leg.
    pub working_leg: Leg,
    /// The other leg (the same as the working leg when both work).
    pub free_leg: Leg,
    /// Hip and shoulder.
    pub trunk: [Point; 2],
    /// Shoulder, elbow and hand.
    pub arm: [Point; 3],
    /// The centre of the head.
    pub head: Point,
}

impl Figure {
    /// How far the working heel is above the surface line (negative: below it).
    pub fn heel_height(&self) -> f32 {
        self.working_leg[3].y
    }

    /// The working knee's bend in degrees, from the points: 0 straight.
    pub fn knee_bend(&self) -> f32 {
        bend(
            self.working_leg[0],
            self.working_leg[1],
            self.working_leg[2],
        )
    }

    fn shifted(self, dx: f32, dy: f32) -> Figure {
        let leg = |leg: Leg| leg.map(|point| point.shifted(dx, dy));
        Figure {
            working_leg: leg(self.working_leg),
            free_leg: leg(self.free_leg),
            trunk: self.trunk.map(|point| point.shifted(dx, dy)),
            arm: self.arm.map(|point| point.shifted(dx, dy)),
            head: self.head.shifted(dx, dy),
        }
    }
}

/// The bend at `joint` between the segments to `a` and to `b`: 0 when they are in line.
pub fn bend(a: Point, joint: Point, b: Point) -> f32 {
    let (ux, uy) = (a.x - joint.x, a.y - joint.y);
    let (vx, vy) = (b.x - joint.x, b.y - joint.y);
    let cos = (ux * vx + uy * vy) / ((ux * ux + uy * uy).sqrt() * (vx * vx + vy * vy).sqrt());
    180.0 - cos.clamp(-1.0, 1.0).acos().to_degrees()
}

/// The figure of a pose, placed on the surface as its posture rests.
pub(crate) fn place(posture: Posture, legs_together: bool, pose: &Pose) -> Figure {
    let figure = chain(legs_together, pose);
    match posture {
        Posture::LongSitting | Posture::LyingFaceDown => {
            figure.shifted(0.0, HIP_ON_FLOOR - figure.trunk[0].y)
        }
        Posture::Kneeling => figure.shifted(0.0, KNEE_ON_FLOOR - figure.working_leg[1].y),
        Posture::Standing
        | Posture::Seated
        | Posture::LegPress
        | Posture::LyingOnBack
        | Posture::Plank => figure.shifted(0.0, pose.lift),
    }
}

/// The chain from the ball of the working foot at the origin: foot, shin, thigh, trunk, head,
/// arm, and the free leg from the hip.
fn chain(legs_together: bool, pose: &Pose) -> Figure {
    let ball = Point::new(0.0, 0.0);
    let tilt = pose.foot.to_radians();
    // Towards the heel along the sole, and up from the sole.
    let (ux, uy) = (-tilt.cos(), tilt.sin());
    let (nx, ny) = (tilt.sin(), tilt.cos());
    let heel = Point::new(FOOT * ux, FOOT * uy);
    let ankle = Point::new(
        BALL_TO_ANKLE * ux + ANKLE_HEIGHT * nx,
        BALL_TO_ANKLE * uy + ANKLE_HEIGHT * ny,
    );
    // Toes stay flat on the surface while the heel rises; otherwise they follow the sole.
    let toes = if (-30.0..=60.0).contains(&pose.foot) {
        Point::new(TOES, 0.0)
    } else {
        Point::new(-TOES * ux, -TOES * uy)
    };
    let knee = ankle.along(pose.shin, SHIN);
    let thigh_lean = pose.shin - pose.knee;
    let hip = knee.along(thigh_lean, THIGH);
    let trunk_lean = thigh_lean + pose.hip;
    let shoulder = hip.along(trunk_lean, TRUNK);
    let head = shoulder.along(trunk_lean, NECK);
    let upper_arm = trunk_lean + 180.0 - pose.arm;
    let elbow = shoulder.along(upper_arm, UPPER_ARM);
    let hand = elbow.along(upper_arm - pose.elbow, FOREARM);
    let working_leg = [hip, knee, ankle, heel, ball, toes];
    let free_leg = if legs_together {
        working_leg
    } else {
        free_leg(hip, trunk_lean, pose)
    };
    Figure {
        working_leg,
        free_leg,
        trunk: [hip, shoulder],
        arm: [shoulder, elbow, hand],
        head,
    }
}

/// The free leg of a one-leg pose, from the hip.
fn free_leg(hip: Point, trunk_lean: f32, pose: &Pose) -> Leg {
    let thigh = trunk_lean + 180.0 - pose.free_hip;
    let knee = hip.along(thigh, THIGH);
    let shin = thigh + pose.free_knee;
    let ankle = knee.along(shin, SHIN);
    // The foot at a right angle to the shin, toes forward.
    let sole = ankle.along(shin, ANKLE_HEIGHT);
    let heel = sole.along(shin + 90.0, FOOT - BALL_TO_ANKLE);
    let ball = sole.along(shin - 90.0, BALL_TO_ANKLE);
    let toes = ball.along(shin - 90.0, TOES);
    [hip, knee, ankle, heel, ball, toes]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standing_tall_puts_the_head_above_the_foot() {
        let figure = chain(true, &Pose::STANDING);
        assert!(figure.head.y > 150.0, "{:?}", figure.head);
        assert!(figure.knee_bend().abs() < 0.01);
        assert!(figure.heel_height().abs() < 0.01);
    }

    #[test]
    fn the_knee_bend_read_from_the_points_is_the_pose_s() {
        for knee in [0.0, 15.0, 30.0, 45.0, 90.0, 135.0] {
            let pose = Pose {
                knee,
                shin: knee / 2.0,
                ..Pose::STANDING
            };
            let figure = chain(false, &pose);
            assert!((figure.knee_bend() - knee).abs() < 0.01, "{knee}");
        }
    }

    #[test]
    fn raising_the_heel_lifts_it_and_dropping_it_lowers_it() {
        let up = chain(
            true,
            &Pose {
                foot: 30.0,
                ..Pose::STANDING
            },
        );
        let down = chain(
            true,
            &Pose {
                foot: -20.0,
                ..Pose::STANDING
            },
        );
        assert!(up.heel_height() > 0.0);
        assert!(down.heel_height() < 0.0);
    }
}
