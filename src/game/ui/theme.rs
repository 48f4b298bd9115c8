//! The look: a calm, light palette and generous type, installed once into egui.

use bevy::color::Color;
use bevy_egui::egui::{self, Color32, CornerRadius, FontFamily, FontId, Stroke, TextStyle};

/// Share of the window width taken by the reply panel on the conversation screen.
const RIGHT_PANEL_FRACTION: f32 = 0.6;
/// The panel never gets narrower than this (points) while the window leaves the stage room.
const RIGHT_PANEL_MIN: f32 = 600.0;
/// What the stage keeps at least, for the customer and their line.
const STAGE_MIN: f32 = 220.0;

/// Width of the reply panel, in points, for a window `width` points wide: its share of a wide
/// window, but wide enough for four replies on a narrow one or in large text.
pub fn right_panel_width(width: f32) -> f32 {
    (width * RIGHT_PANEL_FRACTION)
        .max(RIGHT_PANEL_MIN.min(width - STAGE_MIN))
        .max(0.0)
}

/// The stage behind the customer.
pub const STAGE: Color = Color::srgb(0.89, 0.87, 0.83);

pub const PAPER: Color32 = Color32::from_rgb(250, 248, 244);
pub const CARD: Color32 = Color32::from_rgb(255, 255, 255);
pub const INK: Color32 = Color32::from_rgb(38, 40, 44);
pub const MUTED: Color32 = Color32::from_rgb(102, 106, 112);
pub const LINE: Color32 = Color32::from_rgb(222, 218, 210);
pub const FIELD_EDGE: Color32 = Color32::from_rgb(176, 170, 160);
pub const ACCENT: Color32 = Color32::from_rgb(38, 110, 115);
pub const ACCENT_SOFT: Color32 = Color32::from_rgb(222, 238, 236);
pub const GOOD: Color32 = Color32::from_rgb(46, 125, 70);
pub const WARN: Color32 = Color32::from_rgb(190, 120, 20);
pub const BAD: Color32 = Color32::from_rgb(180, 58, 48);

/// The bundled fonts (Noto Sans for text, Noto Sans Symbols and Symbols 2 for arrows, ticks and
/// triangles; see `assets/fonts/OFL.txt`), in fallback order.
pub const BUNDLED_FONTS: [(&str, &[u8]); 3] = [
    (
        "noto-sans",
        include_bytes!("../../../assets/fonts/NotoSans-Regular.ttf"),
    ),
    (
        "noto-symbols",
        include_bytes!("../../../assets/fonts/NotoSansSymbols-Regular.ttf"),
    ),
    (
        "noto-symbols-2",
        include_bytes!("../../../assets/fonts/NotoSansSymbols2-Regular.ttf"),
    ),
];

/// Every text in the bundled fonts first, egui's own fonts after them (only for glyphs no text
/// of ours uses, such as a scenario author's emoji).
pub fn fonts() -> egui::FontDefinitions {
    let mut definitions = egui::FontDefinitions::default();
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        let list = definitions.families.entry(family.clone()).or_default();
        // Monospace keeps its own face first; the symbols still come from ours.
        let at = usize::from(family == FontFamily::Monospace);
        for (i, (name, _)) in BUNDLED_FONTS.iter().enumerate() {
            list.insert((at + i).min(list.len()), (*name).to_owned());
        }
    }
    for (name, bytes) in BUNDLED_FONTS {
        definitions.font_data.insert(
            name.to_owned(),
            std::sync::Arc::new(egui::FontData::from_static(bytes)),
        );
    }
    definitions
}

/// Colour of a 0..=100 score.
pub fn score_color(score: u8) -> Color32 {
    match score {
        75..=100 => GOOD,
        45..=74 => WARN,
        _ => BAD,
    }
}

pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(fonts());
    ctx.set_theme(egui::Theme::Light);
    ctx.options_mut(|o| o.zoom_with_keyboard = false);
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (
                TextStyle::Heading,
                FontId::new(28.0, FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(18.0, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(18.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Small,
                FontId::new(14.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(16.0, FontFamily::Monospace),
            ),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(10.0, 10.0);
        style.spacing.button_padding = egui::vec2(14.0, 8.0);
        style.spacing.interact_size.y = 34.0;
        style.spacing.slider_width = 240.0;
        let v = &mut style.visuals;
        v.panel_fill = PAPER;
        v.window_fill = CARD;
        v.extreme_bg_color = CARD;
        v.override_text_color = Some(INK);
        v.hyperlink_color = ACCENT;
        v.selection.bg_fill = ACCENT_SOFT;
        v.selection.stroke = Stroke::new(1.0, ACCENT);
        // Small enough that a checkbox stays a square (a large radius turns it into a circle).
        let radius = CornerRadius::same(4);
        for w in [
            &mut v.widgets.inactive,
            &mut v.widgets.hovered,
            &mut v.widgets.active,
            &mut v.widgets.open,
            &mut v.widgets.noninteractive,
        ] {
            w.corner_radius = radius;
        }
        v.widgets.noninteractive.bg_stroke = Stroke::new(1.0, LINE);
        v.widgets.inactive.weak_bg_fill = Color32::from_rgb(240, 237, 231);
        v.widgets.inactive.bg_fill = Color32::from_rgb(240, 237, 231);
        // Text fields and checkboxes need an edge to be seen on a white card.
        v.widgets.inactive.bg_stroke = Stroke::new(1.0, FIELD_EDGE);
        v.widgets.hovered.weak_bg_fill = ACCENT_SOFT;
        v.widgets.hovered.bg_stroke = Stroke::new(1.0, ACCENT);
        v.widgets.active.weak_bg_fill = Color32::from_rgb(200, 226, 223);
    });
}

/// A white card with a thin border, for grouped content.
pub fn card() -> egui::Frame {
    egui::Frame::new()
        .fill(CARD)
        .stroke(Stroke::new(1.0, LINE))
        .corner_radius(CornerRadius::same(10))
        .inner_margin(egui::Margin::same(16))
}

/// The page background with comfortable margins.
pub fn page() -> egui::Frame {
    egui::Frame::new()
        .fill(PAPER)
        .inner_margin(egui::Margin::symmetric(40, 24))
}
