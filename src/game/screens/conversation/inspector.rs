//! The author's state inspector, shown over the stage while the studio previews a customer:
//! the needs found, each objection's state, trust and patience, and the style evidence so far.

use bevy_egui::egui;

use crate::game::i18n::{Lang, T, objection_state_name, style_name, tr};
use crate::game::ui::theme::{self, GOOD, MUTED};
use rapport_core::engine::dialogue::Conversation;
use rapport_core::engine::scenario::Style;

/// Draws the inspector in the stage's lower left corner, at most `width` wide.
pub fn inspector(ctx: &egui::Context, lang: Lang, conversation: &Conversation, width: f32) {
    let state = conversation.state();
    let customer = &conversation.scenario().customer;
    egui::Area::new(egui::Id::new("preview-inspector"))
        .anchor(egui::Align2::LEFT_BOTTOM, egui::vec2(12.0, -12.0))
        .interactable(false)
        .show(ctx, |ui| {
            theme::card().show(ui, |ui| {
                ui.set_max_width((width - 48.0).max(200.0));
                ui.label(egui::RichText::new(tr(lang, T::InspectorTitle)).strong());
                for (need, found) in customer.needs.iter().zip(&state.discovered) {
                    let (mark, colour) = if *found { ("✓", GOOD) } else { ("·", MUTED) };
                    ui.label(
                        egui::RichText::new(format!("{mark} {}", need.text))
                            .small()
                            .color(colour),
                    );
                }
                for (objection, now) in customer.objections.iter().zip(&state.objections) {
                    let text = format!("{}: {}", objection.text, objection_state_name(lang, *now));
                    ui.label(egui::RichText::new(text).small());
                }
                let evidence: Vec<String> = Style::ALL
                    .iter()
                    .map(|&s| format!("{} {:.1}", style_name(lang, s), state.evidence.points(s)))
                    .collect();
                ui.label(
                    egui::RichText::new(format!(
                        "{} {}/10 · {} {}/10 · {}",
                        tr(lang, T::Patience),
                        state.patience,
                        tr(lang, T::Trust),
                        state.trust,
                        evidence.join(" · ")
                    ))
                    .small()
                    .color(MUTED),
                );
            });
        });
}
