//! The customer as a small egui portrait, for screens without the Bevy stage (the seminar
//! replay): the same look, palette and facial expression as the figure, drawn with egui's
//! painter.

use bevy::color::{Color, Mix};
use bevy_egui::egui::{self, Color32, Pos2, Stroke, vec2};

use super::expression::Expression;
use super::parts::Palette;
use rapport_core::engine::look::{Hair, Look};
use rapport_core::engine::scenario::Mood;

fn color32(color: Color) -> Color32 {
    let c = color.to_srgba();
    let byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    Color32::from_rgb(byte(c.red), byte(c.green), byte(c.blue))
}

/// A head-and-shoulders portrait `size` points tall showing `mood`.
pub fn portrait(ui: &mut egui::Ui, look: &Look, mood: Mood, size: f32) {
    let (rect, _) = ui.allocate_exact_size(vec2(size * 0.8, size), egui::Sense::hover());
    let p = Palette::of(look);
    let face = Expression::of(mood).face;
    let (hair, clothes) = (color32(p.hair), color32(p.clothes));
    let flushed = color32(p.skin.mix(&Color::srgb(0.85, 0.35, 0.3), face.flush * 0.45));
    // Figure units (the head is 160 wide) to points, the head centred in the upper part.
    let unit = size / 420.0;
    let centre = rect.center_top() + vec2(0.0, size * 0.42);
    let at = |x: f32, y: f32| -> Pos2 { centre + vec2(x, -y) * unit };
    let painter = ui.painter_at(rect);
    if look.hair != Hair::Bald {
        painter.circle_filled(at(0.0, 10.0), 98.0 * unit, hair);
    }
    painter.rect_filled(
        egui::Rect::from_center_size(at(0.0, -210.0), vec2(180.0, 240.0) * unit),
        80.0 * unit,
        clothes,
    );
    painter.rect_filled(
        egui::Rect::from_center_size(at(0.0, -95.0), vec2(48.0, 60.0) * unit),
        0.0,
        flushed,
    );
    painter.circle_filled(at(0.0, 0.0), 86.0 * unit, flushed);
    if look.hair != Hair::Bald {
        painter.add(egui::Shape::ellipse_filled(
            at(0.0, 66.0),
            vec2(84.0, 40.0) * unit,
            hair,
        ));
    }
    let dark = Color32::from_rgb(46, 36, 33);
    for (x, left) in [(-30.0, true), (30.0, false)] {
        let eye = vec2(14.0, 9.0 * face.eye_open) * unit;
        painter.add(egui::Shape::ellipse_filled(at(x, 8.0), eye, Color32::WHITE));
        painter.circle_filled(at(x, 8.0), 5.5 * unit, dark);
        let side = if left { -1.0 } else { 1.0 };
        let lift = face.brow_raise + if left { face.brow_asymmetry } else { 0.0 };
        // The inner end (towards the nose) drops with the tilt.
        let inner = at(x - side * 16.0, 30.0 + lift - 16.0 * face.brow_tilt);
        let outer = at(x + side * 16.0, 30.0 + lift + 16.0 * face.brow_tilt);
        painter.line_segment([inner, outer], Stroke::new(6.0 * unit, dark));
        if face.blush > 0.05 {
            let cheek = Color32::from_rgba_unmultiplied(235, 115, 115, (face.blush * 140.0) as u8);
            painter.circle_filled(at(x * 1.45, -24.0), 15.0 * unit, cheek);
        }
    }
    // The mouth: the figure's curve, as a polyline.
    let mouth: Vec<Pos2> = (0..=12)
        .map(|i| {
            let x = -22.0 + 44.0 * i as f32 / 12.0;
            at(
                x,
                -44.0 + face.mouth_curve * 11.0 * ((x / 22.0).powi(2) - 1.0),
            )
        })
        .collect();
    painter.add(egui::Shape::line(
        mouth,
        Stroke::new(5.0 * unit, Color32::from_rgb(132, 51, 56)),
    ));
    if look.glasses {
        for x in [-30.0, 30.0] {
            painter.circle_stroke(at(x, 7.0), 19.0 * unit, Stroke::new(3.0 * unit, dark));
        }
    }
}
