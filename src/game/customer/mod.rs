//! The customer drawn in the Bevy world from simple shapes, as the scenario's `look` asks: the
//! face and the arms' gesture follow the shown mood with a short eased transition, anger
//! reddens all the skin, and a walk-out is shown as the customer leaving.

use bevy::prelude::*;
use bevy::window::{PrimaryWindow, RequestRedraw};

use super::Screen;
use super::session::{Session, Stage};
use super::settings::Settings;
use super::ui::theme::right_panel_width;
use rapport_core::engine::dialogue::Conversation;
use rapport_core::engine::look::{Age, Look};
use rapport_core::engine::scenario::Outcome;

mod expression;
mod parts;
pub mod portrait;

use expression::{Expression, smoothstep};
use parts::{FigureBuilder, Palette, Part};

/// How long an expression change takes, in seconds.
const EXPRESSION_SECS: f64 = 0.45;
/// How long the customer takes to walk in and to walk out.
const ARRIVE_SECS: f64 = 0.6;
const LEAVE_SECS: f64 = 1.4;

/// The figure's root and its animation state.
#[derive(Component)]
struct Figure {
    from: Expression,
    to: Expression,
    changed_at: f64,
    arrived_at: f64,
    left_at: Option<f64>,
    skin: Color,
    /// The mouth curve its mesh was last built for.
    mouth_drawn: f32,
    /// Whose figure it is.
    scenario: String,
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (spawn_figure, follow_mood, place_figure, pose_parts)
            .chain()
            .run_if(in_state(Screen::Conversation)),
    );
}

/// The conversation on screen, practice or assessment.
fn on_screen<'a>(session: &'a Option<Res<Session>>) -> Option<&'a Conversation> {
    session.as_deref().map(Session::conversation)
}

/// Draws the customer on screen: once per customer (an assessment brings several, each with
/// their own look), hidden while the next one's brief is read.
fn spawn_figure(
    mut commands: Commands,
    session: Option<Res<Session>>,
    time: Res<Time<Real>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
    mut figures: Query<(Entity, &Figure, &mut Visibility)>,
) {
    let Some(conversation) = on_screen(&session) else {
        return;
    };
    let scenario = conversation.scenario();
    let between = session
        .as_deref()
        .is_some_and(|s| s.stage == Stage::Between);
    if let Ok((entity, figure, mut visibility)) = figures.single_mut() {
        if figure.scenario == scenario.id.as_str() {
            visibility.set_if_neq(if between {
                Visibility::Hidden
            } else {
                Visibility::Inherited
            });
            return;
        }
        commands.entity(entity).despawn();
    }
    let look = scenario
        .customer
        .look
        .unwrap_or_else(|| Look::from_id(scenario.id.as_str()));
    let palette = Palette::of(&look);
    let now = time.elapsed_secs_f64();
    let expression = Expression::of(conversation.mood());
    let root = commands
        .spawn((
            Figure {
                from: expression,
                to: expression,
                changed_at: now,
                arrived_at: now,
                left_at: None,
                skin: palette.skin,
                mouth_drawn: expression.face.mouth_curve,
                scenario: scenario.id.as_str().to_owned(),
            },
            Transform::default(),
            Visibility::default(),
            DespawnOnExit(Screen::Conversation),
        ))
        .id();
    let mut f = FigureBuilder {
        commands: &mut commands,
        meshes: &mut meshes,
        materials: &mut materials,
    };
    // Back to front: hair behind, body and clothes, arms, head, hair on top, face.
    parts::spawn_hair(&mut f, root, &look, &palette, false);
    parts::spawn_body(&mut f, root, &look, &palette);
    parts::spawn_arms(&mut f, root, &look, &palette);
    let head = if look.age == Age::Young {
        Ellipse::new(82.0, 90.0)
    } else {
        Ellipse::new(80.0, 94.0)
    };
    f.tagged(
        root,
        head.into(),
        palette.skin,
        Vec3::new(0.0, 0.0, 0.3),
        Part::Skin,
    );
    parts::spawn_hair(&mut f, root, &look, &palette, true);
    parts::spawn_face(&mut f, root, &look, &palette, expression.face.mouth_curve);
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
    let target = Expression::of(conversation.mood());
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

/// Places the figure on the stage, walking in and out, and asks for frames while it moves.
fn place_figure(
    time: Res<Time<Real>>,
    window: Query<&Window, With<PrimaryWindow>>,
    mut figures: Query<(&Figure, &mut Transform)>,
    mut redraw: MessageWriter<RequestRedraw>,
    settings: Res<Settings>,
) {
    let (Ok((figure, mut root)), Ok(window)) = (figures.single_mut(), window.single()) else {
        return;
    };
    let now = time.elapsed_secs_f64();
    let changing = (now - figure.changed_at) / EXPRESSION_SECS;
    let arriving = (now - figure.arrived_at) / ARRIVE_SECS;
    let leaving = figure.left_at.map_or(0.0, |at| (now - at) / LEAVE_SECS);
    if changing < 1.0 || arriving < 1.0 || (figure.left_at.is_some() && leaving < 1.0) {
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
}

/// A part the pose moves: its tag, place, colour and (for the mouth) mesh.
type PartItem<'a> = (
    &'a Part,
    &'a mut Transform,
    Option<&'a MeshMaterial2d<ColorMaterial>>,
    Option<&'a Mesh2d>,
);

/// Moves the brows, eyes, mouth and arms, and colours cheeks and skin, for the expression of
/// this moment of the transition.
fn pose_parts(
    time: Res<Time<Real>>,
    mut figures: Query<&mut Figure>,
    mut parts: Query<PartItem, Without<Figure>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
    mut meshes: ResMut<Assets<Mesh>>,
) {
    let Ok(mut figure) = figures.single_mut() else {
        return;
    };
    let changing = (time.elapsed_secs_f64() - figure.changed_at) / EXPRESSION_SECS;
    let now_shown = figure.from.lerp(figure.to, smoothstep(changing));
    let face = now_shown.face;
    // The mouth is re-drawn only while its curve changes.
    let redraw_mouth = (face.mouth_curve - figure.mouth_drawn).abs() > 1e-3;
    if redraw_mouth {
        figure.mouth_drawn = face.mouth_curve;
    }
    for (part, mut transform, material, mesh) in &mut parts {
        let recolour = |materials: &mut Assets<ColorMaterial>, color: Color| {
            if let Some(mut m) = material.and_then(|m| materials.get_mut(&m.0)) {
                m.color = color;
            }
        };
        match *part {
            Part::Brow { left } => {
                let side = if left { -1.0 } else { 1.0 };
                let extra = if left { face.brow_asymmetry } else { 0.0 };
                transform.translation.y = 30.0 + face.brow_raise + extra;
                transform.rotation = Quat::from_rotation_z(side * face.brow_tilt);
            }
            Part::Eye => transform.scale.y = face.eye_open,
            Part::Mouth => {
                if redraw_mouth && let Some(mut drawn) = mesh.and_then(|m| meshes.get_mut(&m.0)) {
                    *drawn = parts::mouth_mesh(face.mouth_curve);
                }
            }
            Part::Cheek => recolour(
                &mut materials,
                Color::srgba(0.92, 0.45, 0.45, face.blush * 0.55),
            ),
            // Anger reddens all the skin at once: face, ears, neck and hands.
            Part::Skin => recolour(
                &mut materials,
                figure
                    .skin
                    .mix(&Color::srgb(0.85, 0.35, 0.3), face.flush * 0.45),
            ),
            // The viewer's left is the customer's right arm.
            Part::Shoulder { side } | Part::Elbow { side } => {
                let arm = if side < 0.0 {
                    now_shown.pose.right
                } else {
                    now_shown.pose.left
                };
                let angle = match part {
                    Part::Shoulder { .. } => arm.shoulder,
                    _ => arm.elbow,
                };
                transform.rotation = Quat::from_rotation_z(side * angle);
            }
        }
    }
}
