//! Reusable egui pieces: meters, score bars, numbered reply buttons and primary buttons.

use bevy_egui::egui::{self, Color32, RichText, Sense, Stroke, vec2};

use super::theme::{ACCENT, ACCENT_SOFT, CARD, INK, LINE, MUTED, score_color};

/// The narrowest a meter gets: its label, the shortest bar and "10/10".
pub const METER_MIN_WIDTH: f32 = 200.0;

/// A labelled 0..=10 meter; the bar shortens to fit the width it is given.
pub fn meter(ui: &mut egui::Ui, label: &str, value: i64, color: Color32) {
    ui.horizontal(|ui| {
        ui.spacing_mut().interact_size.y = 20.0;
        fixed_width_label(ui, 90.0, RichText::new(label).color(MUTED));
        let bar = (ui.available_width() - 60.0).clamp(50.0, 160.0);
        let (rect, _) = ui.allocate_exact_size(vec2(bar, 14.0), Sense::hover());
        let painter = ui.painter();
        painter.rect_filled(rect, 7.0, Color32::from_rgb(232, 228, 220));
        let mut filled = rect;
        filled.set_width(rect.width() * (value.clamp(0, 10) as f32 / 10.0));
        painter.rect_filled(filled, 7.0, color);
        ui.label(RichText::new(format!("{value}/10")).strong());
    });
}

/// A left-aligned label in a column of fixed width, so bars line up.
pub fn fixed_width_label(ui: &mut egui::Ui, width: f32, text: RichText) {
    ui.allocate_ui_with_layout(
        vec2(width, ui.spacing().interact_size.y.min(24.0)),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_width(width);
            ui.label(text);
        },
    );
}

/// Five dots, `level` of them filled (difficulty).
pub fn dots(ui: &mut egui::Ui, level: i64) {
    let (rect, _) = ui.allocate_exact_size(vec2(5.0 * 14.0, 14.0), Sense::hover());
    for i in 0..5 {
        let center = egui::pos2(rect.left() + 7.0 + 14.0 * i as f32, rect.center().y);
        if i < level {
            ui.painter().circle_filled(center, 5.0, ACCENT);
        } else {
            ui.painter()
                .circle_stroke(center, 4.5, Stroke::new(1.2, MUTED));
        }
    }
}

/// A competency bar: 0..=100, or a dash when not assessed.
pub fn score_bar(ui: &mut egui::Ui, label: &str, score: Option<u8>, emphasis: bool) {
    ui.horizontal(|ui| {
        let text = RichText::new(label).color(INK);
        let text = if emphasis { text.strong() } else { text };
        // Label and bar share the width given, up to their full sizes.
        let room = ui.available_width();
        let label = (room * 0.45).clamp(120.0, 230.0);
        fixed_width_label(ui, label, text);
        let bar = (room - label - 70.0).clamp(60.0, 260.0);
        let (rect, _) = ui.allocate_exact_size(vec2(bar, 18.0), Sense::hover());
        let painter = ui.painter();
        painter.rect_filled(rect, 9.0, Color32::from_rgb(234, 230, 222));
        if let Some(score) = score {
            let mut filled = rect;
            filled.set_width(rect.width() * f32::from(score) / 100.0);
            painter.rect_filled(filled, 9.0, score_color(score));
        }
        let shown = score.map_or("—".to_owned(), |s| s.to_string());
        ui.label(
            RichText::new(shown)
                .strong()
                .size(if emphasis { 24.0 } else { 20.0 }),
        );
    });
}

/// A large numbered reply button; its response tells whether it was clicked and where it is.
pub fn reply_button(ui: &mut egui::Ui, number: usize, text: &str) -> egui::Response {
    let width = ui.available_width();
    let frame = egui::Frame::new()
        .fill(CARD)
        .stroke(Stroke::new(1.0, LINE))
        .corner_radius(8)
        .inner_margin(egui::Margin::symmetric(10, 5));
    let response = frame
        .show(ui, |ui| {
            // The margins and the edge, with a little to spare for rounding.
            ui.set_width(width - 23.0);
            ui.horizontal(|ui| {
                ui.spacing_mut().item_spacing.x = 8.0;
                let (badge, _) = ui.allocate_exact_size(vec2(28.0, 28.0), Sense::hover());
                ui.painter()
                    .circle_filled(badge.center(), 14.0, ACCENT_SOFT);
                ui.painter().text(
                    badge.center(),
                    egui::Align2::CENTER_CENTER,
                    number.to_string(),
                    egui::FontId::proportional(17.0),
                    ACCENT,
                );
                ui.add(egui::Label::new(RichText::new(text).size(16.0).color(INK)).wrap());
            });
        })
        .response
        .interact(Sense::click());
    let response = response.on_hover_cursor(egui::CursorIcon::PointingHand);
    if response.hovered() {
        ui.painter().rect_stroke(
            response.rect,
            8.0,
            Stroke::new(2.0, ACCENT),
            egui::StrokeKind::Inside,
        );
    }
    response
}

/// A filled accent button.
pub fn primary_button(ui: &mut egui::Ui, text: &str) -> bool {
    ui.add(
        egui::Button::new(RichText::new(text).color(Color32::WHITE).strong())
            .fill(ACCENT)
            .min_size(vec2(160.0, 40.0)),
    )
    .clicked()
}

/// A plain button with a minimum size.
pub fn button(ui: &mut egui::Ui, text: &str) -> bool {
    ui.add(egui::Button::new(text).min_size(vec2(120.0, 40.0)))
        .clicked()
}

/// A page's Back button and title; returns whether Back was clicked.
pub fn page_header(ui: &mut egui::Ui, back: &str, title: &str) -> bool {
    ui.horizontal(|ui| {
        let clicked = button(ui, back);
        ui.heading(title);
        clicked
    })
    .inner
}

/// The digit key 1–9 pressed this frame, if any.
pub fn digit_pressed(input: &egui::InputState) -> Option<usize> {
    const DIGITS: [egui::Key; 9] = [
        egui::Key::Num1,
        egui::Key::Num2,
        egui::Key::Num3,
        egui::Key::Num4,
        egui::Key::Num5,
        egui::Key::Num6,
        egui::Key::Num7,
        egui::Key::Num8,
        egui::Key::Num9,
    ];
    DIGITS
        .iter()
        .position(|k| input.key_pressed(*k))
        .map(|p| p + 1)
}

/// A duration as a clock reads it: `07:05`.
pub fn clock(d: std::time::Duration) -> String {
    let secs = d.as_secs();
    format!("{:02}:{:02}", secs / 60, secs % 60)
}

/// A small muted line.
pub fn hint(ui: &mut egui::Ui, text: &str) {
    ui.label(RichText::new(text).small().color(MUTED));
}
