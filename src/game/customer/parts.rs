//! The figure's parts, built from the customer's `Look`: body and clothing by build, hair by
//! style, the face (eyes, brows, nose, a drawn mouth, glasses, beard, an older face's lines)
//! and two jointed arms that the mood poses. Origin: the centre of the head.

use bevy::asset::RenderAssetUsages;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;

use rapport_core::engine::look::{
    Age, Build, Clothing, ClothingColour, Hair, HairColour, Look, Skin,
};

/// A tagged part the animation moves or recolours.
#[derive(Component, Clone, Copy, PartialEq)]
pub enum Part {
    /// Skin that flushes with anger: head, ears, neck, hands.
    Skin,
    Brow {
        left: bool,
    },
    Eye,
    Mouth,
    Cheek,
    /// The joint an arm turns at; `side` is -1 on the viewer's left, 1 on the right.
    Shoulder {
        side: f32,
    },
    Elbow {
        side: f32,
    },
}

/// Upper arm and forearm lengths, and where the shoulders sit.
const UPPER_ARM: f32 = 95.0;
const FOREARM: f32 = 88.0;
const SHOULDER_Y: f32 = -150.0;

/// A colour scaled towards black (`factor` < 1) or white (> 1) in sRGB, as a painter would mix
/// it (Bevy's `darker` works in linear light, which turns dark colours black).
pub fn shade(color: Color, factor: f32) -> Color {
    let c = color.to_srgba();
    let mix = |v: f32| {
        if factor <= 1.0 {
            v * factor
        } else {
            v + (1.0 - v) * (factor - 1.0)
        }
    };
    Color::srgba(mix(c.red), mix(c.green), mix(c.blue), c.alpha)
}

/// The colours a look asks for.
pub struct Palette {
    pub skin: Color,
    pub hair: Color,
    pub clothes: Color,
}

impl Palette {
    pub fn of(look: &Look) -> Palette {
        let skin = match look.skin {
            Skin::Light => Color::srgb(0.97, 0.85, 0.76),
            Skin::Fair => Color::srgb(0.93, 0.78, 0.65),
            Skin::Medium => Color::srgb(0.84, 0.65, 0.50),
            Skin::Tan => Color::srgb(0.70, 0.52, 0.38),
            Skin::Deep => Color::srgb(0.48, 0.33, 0.24),
        };
        let hair = match look.hair_colour {
            HairColour::Brown => Color::srgb(0.40, 0.27, 0.16),
            HairColour::Black => Color::srgb(0.13, 0.11, 0.11),
            HairColour::Auburn => Color::srgb(0.55, 0.25, 0.14),
            HairColour::Blond => Color::srgb(0.85, 0.70, 0.42),
            HairColour::Grey => Color::srgb(0.66, 0.65, 0.63),
        };
        let clothes = match look.clothing_colour {
            ClothingColour::Navy => Color::srgb(0.18, 0.25, 0.40),
            ClothingColour::Charcoal => Color::srgb(0.27, 0.28, 0.31),
            ClothingColour::Green => Color::srgb(0.30, 0.42, 0.32),
            ClothingColour::Burgundy => Color::srgb(0.46, 0.20, 0.25),
            ClothingColour::Beige => Color::srgb(0.70, 0.62, 0.50),
            ClothingColour::Teal => Color::srgb(0.15, 0.43, 0.45),
        };
        Palette {
            skin,
            hair,
            clothes,
        }
    }
}

/// Spawns parts as children of a root (or of another part).
pub struct FigureBuilder<'a, 'w, 's> {
    pub commands: &'a mut Commands<'w, 's>,
    pub meshes: &'a mut Assets<Mesh>,
    pub materials: &'a mut Assets<ColorMaterial>,
}

impl FigureBuilder<'_, '_, '_> {
    pub fn part(&mut self, parent: Entity, mesh: Mesh, color: Color, at: Vec3) -> Entity {
        self.commands
            .spawn((
                Mesh2d(self.meshes.add(mesh)),
                MeshMaterial2d(self.materials.add(ColorMaterial::from(color))),
                Transform::from_translation(at),
                ChildOf(parent),
            ))
            .id()
    }

    pub fn tagged(&mut self, parent: Entity, mesh: Mesh, color: Color, at: Vec3, tag: Part) {
        let part = self.part(parent, mesh, color, at);
        self.commands.entity(part).insert(tag);
    }

    /// An empty joint that turns its children.
    fn joint(&mut self, parent: Entity, at: Vec3, tag: Part) -> Entity {
        self.commands
            .spawn((
                Transform::from_translation(at),
                Visibility::default(),
                ChildOf(parent),
                tag,
            ))
            .id()
    }
}

/// How wide the body is for a build.
fn body_radius(build: Build) -> f32 {
    match build {
        Build::Slim => 72.0,
        Build::Average => 85.0,
        Build::Broad => 100.0,
    }
}

/// Body, clothing details, neck and ears, back to front.
pub fn spawn_body(f: &mut FigureBuilder, root: Entity, look: &Look, p: &Palette) {
    let radius = body_radius(look.build);
    f.part(
        root,
        Capsule2d::new(radius, 150.0).into(),
        p.clothes,
        Vec3::new(0.0, -210.0, 0.1),
    );
    f.tagged(
        root,
        Rectangle::new(48.0, 60.0).into(),
        p.skin,
        Vec3::new(0.0, -95.0, 0.2),
        Part::Skin,
    );
    let white = Color::srgb(0.95, 0.94, 0.92);
    let v_neck = |depth: f32| -> Mesh {
        Triangle2d::new(
            Vec2::new(-30.0, 0.0),
            Vec2::new(30.0, 0.0),
            Vec2::new(0.0, -depth),
        )
        .into()
    };
    match look.clothing {
        Clothing::Shirt => {
            f.part(root, v_neck(40.0), white, Vec3::new(0.0, -122.0, 0.25));
            for x in [-1.0, 1.0] {
                let collar = Triangle2d::new(
                    Vec2::new(0.0, 0.0),
                    Vec2::new(x * 34.0, 4.0),
                    Vec2::new(x * 8.0, -30.0),
                );
                f.part(
                    root,
                    collar.into(),
                    shade(p.clothes, 1.12),
                    Vec3::new(0.0, -120.0, 0.26),
                );
            }
        }
        Clothing::Suit => {
            f.part(root, v_neck(70.0), white, Vec3::new(0.0, -122.0, 0.25));
            let tie = Triangle2d::new(
                Vec2::new(-8.0, 0.0),
                Vec2::new(8.0, 0.0),
                Vec2::new(0.0, -62.0),
            );
            f.part(
                root,
                tie.into(),
                Color::srgb(0.55, 0.16, 0.18),
                Vec3::new(0.0, -126.0, 0.26),
            );
        }
        Clothing::Sweater => {
            f.part(
                root,
                Ellipse::new(34.0, 12.0).into(),
                shade(p.clothes, 0.92),
                Vec3::new(0.0, -124.0, 0.25),
            );
        }
        Clothing::Blouse => {
            f.tagged(
                root,
                v_neck(44.0),
                p.skin,
                Vec3::new(0.0, -122.0, 0.25),
                Part::Skin,
            );
        }
    }
    for x in [-80.0, 80.0] {
        f.tagged(
            root,
            Circle::new(15.0).into(),
            p.skin,
            Vec3::new(x, -4.0, 0.28),
            Part::Skin,
        );
    }
}

/// Hair behind the head, then (after the head) the hair on top, by style.
pub fn spawn_hair(f: &mut FigureBuilder, root: Entity, look: &Look, p: &Palette, front: bool) {
    let hair = p.hair;
    if !front {
        match look.hair {
            Hair::Long => {
                f.part(
                    root,
                    Capsule2d::new(96.0, 110.0).into(),
                    hair,
                    Vec3::new(0.0, -40.0, 0.15),
                );
            }
            Hair::Bald => {}
            Hair::Short | Hair::Bun | Hair::Curly => {
                f.part(
                    root,
                    Ellipse::new(90.0, 102.0).into(),
                    hair,
                    Vec3::new(0.0, 10.0, 0.05),
                );
            }
        }
        if look.hair == Hair::Bun {
            f.part(
                root,
                Circle::new(30.0).into(),
                hair,
                Vec3::new(0.0, 108.0, 0.05),
            );
        }
        return;
    }
    match look.hair {
        Hair::Bald => {
            for x in [-72.0, 72.0] {
                f.part(
                    root,
                    Ellipse::new(12.0, 26.0).into(),
                    hair,
                    Vec3::new(x, 18.0, 0.35),
                );
            }
        }
        Hair::Curly => {
            for i in 0..9 {
                let a = std::f32::consts::PI * (0.08 + 0.84 * i as f32 / 8.0);
                let at = Vec3::new(78.0 * a.cos(), 40.0 + 52.0 * a.sin(), 0.35);
                f.part(root, Circle::new(26.0).into(), hair, at);
            }
        }
        Hair::Short | Hair::Long | Hair::Bun => {
            f.part(
                root,
                Ellipse::new(84.0, 44.0).into(),
                hair,
                Vec3::new(0.0, 66.0, 0.35),
            );
        }
    }
}

/// A curved line as a mesh: `curve` 1 a smile, -1 a frown, 0 straight.
pub fn mouth_mesh(curve: f32) -> Mesh {
    const HALF: f32 = 22.0;
    const STEPS: usize = 12;
    let mut positions = Vec::with_capacity(2 * (STEPS + 1));
    for i in 0..=STEPS {
        let x = -HALF + 2.0 * HALF * i as f32 / STEPS as f32;
        let y = curve * 11.0 * ((x / HALF).powi(2) - 1.0);
        // Thicker in the middle, like lips.
        let half_thickness = 2.0 + 2.5 * (1.0 - (x / HALF).powi(2));
        positions.push([x, y + half_thickness, 0.0]);
        positions.push([x, y - half_thickness, 0.0]);
    }
    let mut indices = Vec::with_capacity(6 * STEPS);
    for i in 0..STEPS as u32 {
        let (a, b, c, d) = (2 * i, 2 * i + 1, 2 * i + 2, 2 * i + 3);
        indices.extend_from_slice(&[a, b, c, c, b, d]);
    }
    let count = positions.len();
    Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::default(),
    )
    .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
    .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, vec![[0.0, 0.0, 1.0]; count])
    .with_inserted_attribute(Mesh::ATTRIBUTE_UV_0, vec![[0.0, 0.0]; count])
    .with_inserted_indices(Indices::U32(indices))
}

/// Cheeks, eyes, brows, nose, mouth, and what the look adds: glasses, a beard, an older face's
/// lines.
pub fn spawn_face(f: &mut FigureBuilder, root: Entity, look: &Look, p: &Palette, mouth: f32) {
    let dark = Color::srgb(0.18, 0.14, 0.13);
    let eye = if look.age == Age::Young { 1.15 } else { 1.0 };
    for x in [-44.0, 44.0] {
        let cheek = Color::srgba(0.92, 0.45, 0.45, 0.0);
        f.tagged(
            root,
            Circle::new(15.0).into(),
            cheek,
            Vec3::new(x, -24.0, 0.4),
            Part::Cheek,
        );
    }
    for (x, left) in [(-30.0, true), (30.0, false)] {
        f.tagged(
            root,
            Ellipse::new(14.0 * eye, 9.0 * eye).into(),
            Color::WHITE,
            Vec3::new(x, 8.0, 0.5),
            Part::Eye,
        );
        f.tagged(
            root,
            Circle::new(5.5 * eye).into(),
            dark,
            Vec3::new(x, 8.0, 0.6),
            Part::Eye,
        );
        f.tagged(
            root,
            Rectangle::new(34.0, 6.0).into(),
            shade(p.hair, 0.90),
            Vec3::new(x, 30.0, 0.6),
            Part::Brow { left },
        );
        if look.glasses {
            let rim = Annulus::new(17.0, 20.5);
            f.part(
                root,
                rim.into(),
                Color::srgb(0.2, 0.2, 0.22),
                Vec3::new(x, 7.0, 0.65),
            );
        }
    }
    if look.glasses {
        f.part(
            root,
            Rectangle::new(20.0, 3.0).into(),
            Color::srgb(0.2, 0.2, 0.22),
            Vec3::new(0.0, 9.0, 0.65),
        );
    }
    if look.age == Age::Older {
        for y in [50.0, 58.0] {
            f.part(
                root,
                Rectangle::new(46.0, 2.0).into(),
                shade(p.skin, 0.86),
                Vec3::new(0.0, y, 0.45),
            );
        }
    }
    if look.beard {
        f.part(
            root,
            Ellipse::new(58.0, 36.0).into(),
            p.hair,
            Vec3::new(0.0, -58.0, 0.45),
        );
    }
    f.part(
        root,
        Ellipse::new(7.0, 12.0).into(),
        shade(p.skin, 0.92),
        Vec3::new(0.0, -12.0, 0.5),
    );
    f.tagged(
        root,
        mouth_mesh(mouth),
        Color::srgb(0.52, 0.2, 0.22),
        Vec3::new(0.0, -44.0, 0.55),
        Part::Mouth,
    );
}

/// Two arms, each a shoulder joint with the sleeve and an elbow joint with forearm and hand.
pub fn spawn_arms(f: &mut FigureBuilder, root: Entity, look: &Look, p: &Palette) {
    let x = body_radius(look.build) - 10.0;
    for side in [-1.0_f32, 1.0] {
        // The viewer's left arm a little behind the right, so crossed arms overlap cleanly.
        let z = if side < 0.0 { 0.27 } else { 0.275 };
        let shoulder = f.joint(
            root,
            Vec3::new(side * x, SHOULDER_Y, z),
            Part::Shoulder { side },
        );
        f.part(
            shoulder,
            Capsule2d::new(18.0, UPPER_ARM).into(),
            shade(p.clothes, 0.95),
            Vec3::new(0.0, -UPPER_ARM / 2.0, 0.0),
        );
        let elbow = f.joint(
            shoulder,
            Vec3::new(0.0, -UPPER_ARM, 0.001),
            Part::Elbow { side },
        );
        f.part(
            elbow,
            Capsule2d::new(16.0, FOREARM).into(),
            shade(p.clothes, 0.95),
            Vec3::new(0.0, -FOREARM / 2.0, 0.0),
        );
        f.tagged(
            elbow,
            Circle::new(17.0).into(),
            p.skin,
            Vec3::new(0.0, -FOREARM - 6.0, 0.002),
            Part::Skin,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bevy::mesh::VertexAttributeValues;

    #[test]
    fn shading_mixes_towards_black_or_white_in_srgb() {
        let c = Color::srgb(0.4, 0.2, 0.8);
        let dark = shade(c, 0.5).to_srgba();
        assert!((dark.red - 0.2).abs() < 1e-6 && (dark.blue - 0.4).abs() < 1e-6);
        let light = shade(c, 1.5).to_srgba();
        assert!((light.red - 0.7).abs() < 1e-6 && (light.green - 0.6).abs() < 1e-6);
    }

    #[test]
    fn a_smiling_mouth_dips_in_the_middle_and_a_frown_rises() {
        let middle_y = |curve: f32| -> f32 {
            let mesh = mouth_mesh(curve);
            let Some(VertexAttributeValues::Float32x3(points)) =
                mesh.attribute(Mesh::ATTRIBUTE_POSITION)
            else {
                panic!("positions");
            };
            // Vertices come in (upper, lower) pairs from left to right; the middle pair.
            let middle = points.len() / 2;
            (points[middle][1] + points[middle - 1][1]) / 2.0
        };
        assert!(middle_y(1.0) < -5.0);
        assert!(middle_y(-1.0) > 5.0);
        assert!(middle_y(0.0).abs() < 1e-3);
    }
}
