//! What a mood looks like on the figure: the face (brows, eyes, mouth, colour) and the arms'
//! gesture (crossed when doubtful, a hand raised when annoyed, hands on hips when angry), as
//! points in a space that transitions interpolate.

use rapport_core::engine::scenario::Mood;

/// The face's shape parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Face {
    /// Inner ends of the brows down (anger) when positive, up (worry) when negative; radians.
    pub brow_tilt: f32,
    /// Brows raised by this many pixels.
    pub brow_raise: f32,
    /// Left brow raised this much more than the right (doubt).
    pub brow_asymmetry: f32,
    /// -1 frown .. 1 smile.
    pub mouth_curve: f32,
    /// 1 is open; below narrows the eyes.
    pub eye_open: f32,
    /// 0..1 pink cheeks.
    pub blush: f32,
    /// 0..1 red skin (face, ears, neck and hands alike).
    pub flush: f32,
}

/// One arm: the shoulder's turn away from hanging straight down (outward positive) and the
/// elbow's bend (inward negative), in radians.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Arm {
    pub shoulder: f32,
    pub elbow: f32,
}

/// Both arms; `right` is the customer's right (the viewer's left is mirrored).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pose {
    pub left: Arm,
    pub right: Arm,
}

/// Face and gesture together.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Expression {
    pub face: Face,
    pub pose: Pose,
}

const fn arm(shoulder: f32, elbow: f32) -> Arm {
    Arm { shoulder, elbow }
}

impl Expression {
    pub fn of(mood: Mood) -> Expression {
        let face =
            |brow_tilt, brow_raise, brow_asymmetry, mouth_curve, eye_open, blush, flush| Face {
                brow_tilt,
                brow_raise,
                brow_asymmetry,
                mouth_curve,
                eye_open,
                blush,
                flush,
            };
        let hanging = arm(0.08, -0.1);
        let crossed = Pose {
            left: arm(-0.3, -1.25),
            right: arm(-0.25, -1.4),
        };
        let (face, pose) = match mood {
            Mood::Neutral => (
                face(0.0, 0.0, 0.0, 0.1, 1.0, 0.0, 0.0),
                Pose {
                    left: hanging,
                    right: hanging,
                },
            ),
            Mood::Pleased => (
                face(-0.08, 3.0, 0.0, 0.95, 0.85, 0.45, 0.0),
                Pose {
                    left: arm(0.28, -0.25),
                    right: arm(0.28, -0.25),
                },
            ),
            // Leaning in: one hand up near the chin.
            Mood::Interested => (
                face(-0.12, 7.0, 0.0, 0.45, 1.15, 0.15, 0.0),
                Pose {
                    left: hanging,
                    right: arm(-0.2, -2.5),
                },
            ),
            Mood::Doubtful => (face(0.05, 1.0, 7.0, -0.3, 0.85, 0.0, 0.0), crossed),
            // A hand raised, palm out: "hold on".
            Mood::Annoyed => (
                face(0.28, -3.0, 0.0, -0.55, 0.75, 0.0, 0.25),
                Pose {
                    left: hanging,
                    right: arm(2.3, 0.55),
                },
            ),
            Mood::Angry => (
                face(0.5, -6.0, 0.0, -0.95, 0.7, 0.0, 0.6),
                // Hands on the hips, elbows out.
                Pose {
                    left: arm(0.75, -1.7),
                    right: arm(0.75, -1.7),
                },
            ),
        };
        Expression { face, pose }
    }

    /// The point `t` of the way from `self` to `to`; t = 0 and t = 1 give the end points exactly.
    pub fn lerp(self, to: Expression, t: f32) -> Expression {
        let l = |a: f32, b: f32| a * (1.0 - t) + b * t;
        let arm = |a: Arm, b: Arm| Arm {
            shoulder: l(a.shoulder, b.shoulder),
            elbow: l(a.elbow, b.elbow),
        };
        let (a, b) = (self.face, to.face);
        Expression {
            face: Face {
                brow_tilt: l(a.brow_tilt, b.brow_tilt),
                brow_raise: l(a.brow_raise, b.brow_raise),
                brow_asymmetry: l(a.brow_asymmetry, b.brow_asymmetry),
                mouth_curve: l(a.mouth_curve, b.mouth_curve),
                eye_open: l(a.eye_open, b.eye_open),
                blush: l(a.blush, b.blush),
                flush: l(a.flush, b.flush),
            },
            pose: Pose {
                left: arm(self.pose.left, to.pose.left),
                right: arm(self.pose.right, to.pose.right),
            },
        }
    }
}

/// Eased 0..1 progress.
pub fn smoothstep(t: f64) -> f32 {
    let t = t.clamp(0.0, 1.0) as f32;
    t * t * (3.0 - 2.0 * t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moods_have_distinct_faces_and_gestures_and_transitions_interpolate() {
        let angry = Expression::of(Mood::Angry);
        let pleased = Expression::of(Mood::Pleased);
        assert!(angry.face.mouth_curve < 0.0 && pleased.face.mouth_curve > 0.0);
        assert!(angry.face.brow_tilt > pleased.face.brow_tilt);
        // Doubt crosses the arms (both forearms bent inward); annoyance raises a hand.
        let doubt = Expression::of(Mood::Doubtful).pose;
        assert!(doubt.left.elbow < -1.0 && doubt.right.elbow < -1.0);
        assert!(Expression::of(Mood::Annoyed).pose.right.shoulder > 1.5);
        assert_eq!(angry.lerp(pleased, 0.0), angry);
        assert_eq!(angry.lerp(pleased, 1.0), pleased);
        let half = angry.lerp(pleased, 0.5);
        let mid = (angry.face.mouth_curve + pleased.face.mouth_curve) / 2.0;
        assert!((half.face.mouth_curve - mid).abs() < 1e-6);
        assert_eq!(smoothstep(-1.0), 0.0);
        assert_eq!(smoothstep(2.0), 1.0);
    }
}
