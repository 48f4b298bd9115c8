//! The step-by-step replay: two participants side by side at the same reply.

use bevy_egui::egui;

use super::SeminarUi;
use crate::game::customer::portrait::portrait;
use crate::game::i18n::{Lang, T, fill, mood_name, tr};
use crate::game::screens::conversation::{describe, meters};
use crate::game::ui::theme::{self, ACCENT, MUTED};
use rapport_core::authoring::pack::Playable;
use rapport_core::engine::look::Look;
use rapport_core::engine::scenario::Scenario;
use rapport_core::seminar::{Moment, Seminar, replay_moments};

fn moment_column(
    ui: &mut egui::Ui,
    lang: Lang,
    player: &str,
    moment: &Moment,
    scenario: &Scenario,
) {
    let customer = &scenario.customer;
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            egui::RichText::new(player)
                .size(22.0)
                .strong()
                .color(ACCENT),
        );
        if let Some((reply, feedback)) = &moment.reply {
            ui.label(egui::RichText::new(format!("{}: {reply}", tr(lang, T::You))).strong());
            if let Some((key, shown)) = moment.key {
                ui.label(
                    egui::RichText::new(fill(
                        tr(lang, T::ShownAsKey),
                        &[&key.to_string(), &shown.to_string()],
                    ))
                    .small()
                    .color(MUTED),
                );
            }
            ui.label(
                egui::RichText::new(format!("{}: {feedback}", tr(lang, T::Coach))).color(ACCENT),
            );
            for event in &moment.events {
                if let Some((text, color)) = describe(lang, scenario, event) {
                    ui.label(egui::RichText::new(format!("• {text}")).color(color));
                }
            }
        }
        ui.add_space(6.0);
        let look = customer
            .look
            .unwrap_or_else(|| Look::from_id(scenario.id.as_str()));
        ui.horizontal(|ui| {
            portrait(ui, &look, moment.mood, 170.0);
            ui.vertical(|ui| {
                ui.label(
                    egui::RichText::new(format!("{}: {}", customer.name, moment.line)).size(19.0),
                );
            });
        });
        ui.label(
            egui::RichText::new(mood_name(lang, moment.mood))
                .italics()
                .color(MUTED),
        );
        meters(ui, lang, moment.patience, moment.trust);
    });
}

pub(super) fn replay_tab(
    ui: &mut egui::Ui,
    lang: Lang,
    state: &mut SeminarUi,
    seminar: &Seminar,
    playable: &Playable,
) {
    let records = seminar.latest(playable.scenario.id.as_str());
    if records.is_empty() {
        ui.label(egui::RichText::new(tr(lang, T::NoResults)).color(MUTED));
        return;
    }
    state.replay_a = state.replay_a.min(records.len() - 1);
    let names: Vec<&str> = records.iter().map(|r| r.player.as_str()).collect();
    ui.horizontal(|ui| {
        egui::ComboBox::from_id_salt("replay-a")
            .selected_text(names[state.replay_a])
            .show_ui(ui, |ui| {
                for (i, n) in names.iter().enumerate() {
                    ui.selectable_value(&mut state.replay_a, i, *n);
                }
            });
        ui.label(tr(lang, T::CompareWith));
        egui::ComboBox::from_id_salt("replay-b")
            .selected_text(
                state
                    .replay_b
                    .map_or("—", |i| names.get(i).copied().unwrap_or("—")),
            )
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.replay_b, None, "—");
                for (i, n) in names.iter().enumerate() {
                    if i != state.replay_a {
                        ui.selectable_value(&mut state.replay_b, Some(i), *n);
                    }
                }
            });
    });
    // Nobody is compared with themselves, whichever of the two was changed last.
    if state.replay_b == Some(state.replay_a) {
        state.replay_b = None;
    }
    let moments_a = replay_moments(records[state.replay_a], &playable.scenario).unwrap_or_default();
    let moments_b = state
        .replay_b
        .and_then(|i| records.get(i))
        .and_then(|r| replay_moments(r, &playable.scenario));
    let last = moments_a
        .len()
        .max(moments_b.as_ref().map_or(0, Vec::len))
        .saturating_sub(1);
    let (left, right, compare) = ui.input(|i| {
        (
            i.key_pressed(egui::Key::ArrowLeft),
            i.key_pressed(egui::Key::ArrowRight),
            i.key_pressed(egui::Key::C),
        )
    });
    if compare {
        // C cycles the participant compared with: each other one in turn, then nobody.
        let a = state.replay_a;
        let start = state.replay_b.map_or(0, |i| i + 1);
        state.replay_b = (start..records.len()).find(|&i| i != a);
    }
    if left {
        state.step = state.step.saturating_sub(1);
    }
    if right {
        state.step = (state.step + 1).min(last);
    }
    state.step = state.step.min(last);
    ui.horizontal(|ui| {
        if ui.button(tr(lang, T::Previous)).clicked() {
            state.step = state.step.saturating_sub(1);
        }
        // "Before the first reply", then "After reply 3 of 7": never "0 reply".
        ui.add(egui::Slider::new(&mut state.step, 0..=last).show_value(false));
        let step = if state.step == 0 {
            tr(lang, T::BeforeFirstReply).to_owned()
        } else {
            fill(
                tr(lang, T::AfterReply),
                &[&state.step.to_string(), &last.to_string()],
            )
        };
        ui.label(egui::RichText::new(step).strong());
        if ui.button(tr(lang, T::Next)).clicked() {
            state.step = (state.step + 1).min(last);
        }
    });
    let scenario = &playable.scenario;
    let shown = |moments: &[Moment]| moments.get(state.step).or_else(|| moments.last()).cloned();
    egui::ScrollArea::vertical()
        .id_salt("replay")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            match (shown(&moments_a), moments_b.as_deref().and_then(shown)) {
                (Some(a), Some(b)) => {
                    ui.columns(2, |cols| {
                        // Left-aligned, not justified: `columns` lays out justified by default.
                        let layout = egui::Layout::top_down(egui::Align::Min);
                        let first = names[state.replay_a];
                        cols[0].with_layout(layout, |ui| {
                            moment_column(ui, lang, first, &a, scenario);
                        });
                        let other = state
                            .replay_b
                            .and_then(|i| names.get(i).copied())
                            .unwrap_or("");
                        cols[1].with_layout(layout, |ui| {
                            moment_column(ui, lang, other, &b, scenario);
                        });
                    });
                }
                (Some(a), None) => moment_column(ui, lang, names[state.replay_a], &a, scenario),
                _ => {}
            }
        });
}
