//! The customer drawn in the Bevy world from simple shapes: the expression follows the mood
//! with a short eased transition, and a walk-out is shown as the customer leaving.

use bevy::prelude::*;
use bevy::window::{PrimaryWindow, RequestRedraw};

use super::Screen;
use super::session::Session;
use super::settings::Settings;
use super::ui::theme::right_panel_width;
use rapport_core::engine::dialogue::Conversation;
use rapport_core::engine::scenario::{Mood, Outcome};

/// How long an expression change takes, in seconds.
const EXPRESSION_SECS: f64 = 0.35;
/// How long the customer takes to walk in and to walk out.
const ARRIVE_SECS: f64 = 0.6;
const LEAVE_SECS: f64 = 1.4;

/// The face's shape parameters; moods are points in this space and transitions interpolate.
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
    /// 0..1 red face.
    pub flush: f32,
}

impl Face {
    pub fn of(mood: Mood) -> Face {
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
        match mood {
            Mood::Neutral => face(0.0, 0.0, 0.0, 0.1, 1.0, 0.0, 0.0),
            Mood::Pleased => face(-0.08, 3.0, 0.0, 0.95, 0.85, 0.45, 0.0),
            Mood::Interested => face(-0.12, 7.0, 0.0, 0.45, 1.15, 0.15, 0.0),
            Mood::Doubtful => face(0.05, 1.0, 7.0, -0.3, 0.85, 0.0, 0.0),
            Mood::Annoyed => face(0.28, -3.0, 0.0, -0.55, 0.75, 0.0, 0.25),
            Mood::Angry => face(0.5, -6.0, 0.0, -0.95, 0.7, 0.0, 0.6),
        }
    }

    fn lerp(self, to: Face, t: f32) -> Face {
        // Written so that t = 0 and t = 1 give the end points exactly.
        let l = |a: f32, b: f32| a * (1.0 - t) + b * t;
        Face {
            brow_tilt: l(self.brow_tilt, to.brow_tilt),
            brow_raise: l(self.brow_raise, to.brow_raise),
            brow_asymmetry: l(self.brow_asymmetry, to.brow_asymmetry),
            mouth_curve: l(self.mouth_curve, to.mouth_curve),
            eye_open: l(self.eye_open, to.eye_open),
            blush: l(self.blush, to.blush),
            flush: l(self.flush, to.flush),
        }
    }
}

fn smoothstep(t: f64) -> f32 {
    let t = t.clamp(0.0, 1.0) as f32;
    t * t * (3.0 - 2.0 * t)
}

/// The figure's root and its animation state.
#[derive(Component)]
struct Figure {
    from: Face,
    to: Face,
    changed_at: f64,
    arrived_at: f64,
    left_at: Option<f64>,
    skin: Color,
}

#[derive(Component, Clone, Copy, PartialEq, Eq)]
enum Part {
    Head,
    Brow { left: bool },
    Eye,
    Mouth,
    Cheek,
}

/// A palette picked from the scenario id, so each customer looks the same every time.
fn palette(id: &str) -> (Color, Color, Color) {
    let hash = id.bytes().fold(2_166_136_261u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(16_777_619)
    });
    let skins = [
        Color::srgb(0.96, 0.82, 0.70),
        Color::srgb(0.87, 0.69, 0.55),
        Color::srgb(0.72, 0.53, 0.40),
        Color::srgb(0.55, 0.38, 0.27),
    ];
    let hair = [
        Color::srgb(0.22, 0.16, 0.12),
        Color::srgb(0.45, 0.30, 0.18),
        Color::srgb(0.62, 0.60, 0.58),
        Color::srgb(0.12, 0.11, 0.11),
        Color::srgb(0.70, 0.50, 0.28),
    ];
    let clothes = [
        Color::srgb(0.22, 0.33, 0.45),
        Color::srgb(0.36, 0.42, 0.36),
        Color::srgb(0.45, 0.30, 0.33),
        Color::srgb(0.30, 0.30, 0.36),
        Color::srgb(0.55, 0.45, 0.32),
    ];
    (
        skins[(hash % 4) as usize],
        hair[((hash >> 8) % 5) as usize],
        clothes[((hash >> 16) % 5) as usize],
    )
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Conversation), spawn_figure)
        .add_systems(
            Update,
            (follow_mood, animate_figure)
                .chain()
                .run_if(in_state(Screen::Conversation)),
        );
}

/// The conversation on screen, practice or assessment.
fn on_screen<'a>(session: &'a Option<Res<Session>>) -> Option<&'a Conversation> {
    session.as_deref().map(Session::conversation)
}

fn spawn_figure(
    mut commands: Commands,
    session: Option<Res<Session>>,
    time: Res<Time<Real>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
) {
    let Some(conversation) = on_screen(&session) else {
        return;
    };
    let (skin, hair, clothes) = palette(conversation.scenario().id.as_str());
    let now = time.elapsed_secs_f64();
    let face = Face::of(conversation.mood());
    let root = commands
        .spawn((
            Figure {
                from: face,
                to: face,
                changed_at: now,
                arrived_at: now,
                left_at: None,
                skin,
            },
            Transform::default(),
            Visibility::default(),
            DespawnOnExit(Screen::Conversation),
        ))
        .id();
    let mut figure = FigureBuilder {
        commands: &mut commands,
        meshes: &mut meshes,
        materials: &mut materials,
        root,
    };
    spawn_body(&mut figure, skin, hair, clothes);
    spawn_face(&mut figure, skin, hair);
}

/// Spawns the figure's parts as children of its root.
struct FigureBuilder<'a, 'w, 's> {
    commands: &'a mut Commands<'w, 's>,
    meshes: &'a mut Assets<Mesh>,
    materials: &'a mut Assets<ColorMaterial>,
    root: Entity,
}

impl FigureBuilder<'_, '_, '_> {
    fn part(&mut self, mesh: Mesh, color: Color, at: Vec3, tag: Option<Part>) {
        let mut entity = self.commands.spawn((
            Mesh2d(self.meshes.add(mesh)),
            MeshMaterial2d(self.materials.add(ColorMaterial::from(color))),
            Transform::from_translation(at),
            ChildOf(self.root),
        ));
        if let Some(tag) = tag {
            entity.insert(tag);
        }
    }
}

/// Hair behind, body, neck and collar, ears, head and the hair on top, back to front.
fn spawn_body(figure: &mut FigureBuilder, skin: Color, hair: Color, clothes: Color) {
    // Back to front: hair behind, body, neck, head, face.
    figure.part(
        Ellipse::new(92.0, 104.0).into(),
        hair,
        Vec3::new(0.0, 8.0, 0.0),
        None,
    );
    figure.part(
        Capsule2d::new(85.0, 150.0).into(),
        clothes,
        Vec3::new(0.0, -210.0, 0.1),
        None,
    );
    figure.part(
        Rectangle::new(52.0, 60.0).into(),
        skin,
        Vec3::new(0.0, -95.0, 0.2),
        None,
    );
    figure.part(
        Triangle2d::new(
            Vec2::new(-30.0, 0.0),
            Vec2::new(30.0, 0.0),
            Vec2::new(0.0, -46.0),
        )
        .into(),
        Color::srgb(0.95, 0.94, 0.92),
        Vec3::new(0.0, -122.0, 0.25),
        None,
    );
    for x in [-80.0, 80.0] {
        figure.part(
            Circle::new(15.0).into(),
            skin.darker(0.06),
            Vec3::new(x, -4.0, 0.28),
            None,
        );
    }
    figure.part(
        Ellipse::new(80.0, 94.0).into(),
        skin,
        Vec3::new(0.0, 0.0, 0.3),
        Some(Part::Head),
    );
    figure.part(
        Ellipse::new(84.0, 44.0).into(),
        hair,
        Vec3::new(0.0, 66.0, 0.35),
        None,
    );
}

/// Cheeks, eyes, brows, nose and mouth: the parts that show the mood.
fn spawn_face(figure: &mut FigureBuilder, skin: Color, hair: Color) {
    let dark = Color::srgb(0.18, 0.14, 0.13);
    for x in [-44.0, 44.0] {
        figure.part(
            Circle::new(15.0).into(),
            Color::srgba(0.92, 0.45, 0.45, 0.0),
            Vec3::new(x, -24.0, 0.4),
            Some(Part::Cheek),
        );
    }
    for (x, left) in [(-30.0, true), (30.0, false)] {
        figure.part(
            Ellipse::new(14.0, 9.0).into(),
            Color::WHITE,
            Vec3::new(x, 8.0, 0.5),
            Some(Part::Eye),
        );
        figure.part(
            Circle::new(5.5).into(),
            dark,
            Vec3::new(x, 8.0, 0.6),
            Some(Part::Eye),
        );
        figure.part(
            Rectangle::new(34.0, 6.0).into(),
            hair.darker(0.1),
            Vec3::new(x, 30.0, 0.6),
            Some(Part::Brow { left }),
        );
    }
    figure.part(
        Ellipse::new(7.0, 12.0).into(),
        skin.darker(0.08),
        Vec3::new(0.0, -12.0, 0.5),
        None,
    );
    figure.part(
        CircularSegment::new(26.0, 1.1).into(),
        Color::srgb(0.55, 0.22, 0.24),
        Vec3::new(0.0, -44.0, 0.5),
        Some(Part::Mouth),
    );
    figure.part(
        Rectangle::new(40.0, 3.0).into(),
        Color::srgb(0.45, 0.18, 0.2),
        Vec3::new(0.0, -44.0, 0.55),
        None,
    );
}

/// Starts a transition when the mood changes, and the leaving walk when the customer walks out.
fn follow_mood(
    session: Option<Res<Session>>,
    time: Res<Time<Real>>,
    mut figures: Query<&mut Figure>,
) {
    let (Some(conversation), Ok(mut figure)) = (on_screen(&session), figures.single_mut()) else {
        return;
    };
    let now = time.elapsed_secs_f64();
    let target = Face::of(conversation.mood());
    if target != figure.to {
        let t = smoothstep((now - figure.changed_at) / EXPRESSION_SECS);
        figure.from = figure.from.lerp(figure.to, t);
        figure.to = target;
        figure.changed_at = now;
    }
    if figure.left_at.is_none() && conversation.outcome() == Some(Outcome::WalkedOut) {
        figure.left_at = Some(now);
    }
}

fn animate_figure(
    time: Res<Time<Real>>,
    window: Query<&Window, With<PrimaryWindow>>,
    mut figures: Query<(&Figure, &mut Transform), Without<Part>>,
    mut parts: Query<(&Part, &mut Transform, &MeshMaterial2d<ColorMaterial>)>,
    mut materials: ResMut<Assets<ColorMaterial>>,
    mut redraw: MessageWriter<RequestRedraw>,
    settings: Res<Settings>,
) {
    let (Ok((figure, mut root)), Ok(window)) = (figures.single_mut(), window.single()) else {
        return;
    };
    let now = time.elapsed_secs_f64();
    let expression = (now - figure.changed_at) / EXPRESSION_SECS;
    let arriving = (now - figure.arrived_at) / ARRIVE_SECS;
    let leaving = figure.left_at.map_or(0.0, |at| (now - at) / LEAVE_SECS);
    if expression < 1.0 || arriving < 1.0 || (figure.left_at.is_some() && leaving < 1.0) {
        redraw.write(RequestRedraw);
    }

    // Centre of the stage (the window left of the reply panel), the bust resting on the bottom edge.
    let (w, h) = (window.width(), window.height());
    let scale = (h / 800.0).clamp(0.6, 2.0);
    let zoom = settings.ui_scale.max(0.1);
    let stage_width = w - right_panel_width(w / zoom) * zoom;
    let base = Vec3::new(-w / 2.0 + stage_width / 2.0, -h / 2.0 + 300.0 * scale, 0.0);
    let arrive = 1.0 - smoothstep(arriving);
    let leave = {
        let t = leaving.clamp(0.0, 1.0) as f32;
        t * t
    };
    root.translation = base + Vec3::new(60.0 * arrive - (stage_width + 400.0) * leave, 0.0, 0.0);
    root.scale = Vec3::new(scale * (1.0 - 0.15 * leave), scale, 1.0);

    let face = figure.from.lerp(figure.to, smoothstep(expression));
    for (part, mut transform, material) in &mut parts {
        match *part {
            Part::Brow { left } => {
                let side = if left { -1.0 } else { 1.0 };
                let extra = if left { face.brow_asymmetry } else { 0.0 };
                transform.translation.y = 30.0 + face.brow_raise + extra;
                transform.rotation = Quat::from_rotation_z(side * face.brow_tilt);
            }
            Part::Eye => transform.scale.y = face.eye_open,
            Part::Mouth => {
                // The segment's arc points up; flipping it makes a smile.
                transform.scale.y = -face.mouth_curve * 0.8;
            }
            Part::Cheek => {
                if let Some(mut m) = materials.get_mut(&material.0) {
                    m.color = Color::srgba(0.92, 0.45, 0.45, face.blush * 0.55);
                }
            }
            Part::Head => {
                if let Some(mut m) = materials.get_mut(&material.0) {
                    m.color = figure
                        .skin
                        .mix(&Color::srgb(0.85, 0.35, 0.3), face.flush * 0.45);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moods_have_distinct_faces_and_transitions_interpolate() {
        let angry = Face::of(Mood::Angry);
        let pleased = Face::of(Mood::Pleased);
        assert!(angry.mouth_curve < 0.0 && pleased.mouth_curve > 0.0);
        assert!(angry.brow_tilt > pleased.brow_tilt);
        assert_eq!(angry.lerp(pleased, 0.0), angry);
        assert_eq!(angry.lerp(pleased, 1.0), pleased);
        let half = angry.lerp(pleased, 0.5);
        assert!((half.mouth_curve - (angry.mouth_curve + pleased.mouth_curve) / 2.0).abs() < 1e-6);
        assert_eq!(smoothstep(-1.0), 0.0);
        assert_eq!(smoothstep(2.0), 1.0);
    }
}
