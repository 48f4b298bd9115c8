//! The seminar screen before one is open: the seminars in the data folder and the form for a
//! new one.

use std::path::PathBuf;

use bevy_egui::egui;

use super::{SeminarAction, SeminarUi};
use crate::game::i18n::{Lang, T, fill, tr};
use crate::game::seminar::CreateSeminar;
use crate::game::ui::theme::{self, ACCENT, MUTED};
use crate::game::ui::widgets;
use crate::system::{fresh_seed, local_time};
use rapport_core::authoring::pack::Playable;
use rapport_core::progress::learning_path;
use rapport_core::seminar::Seminar;

pub(super) fn chooser(
    ui: &mut egui::Ui,
    lang: Lang,
    state: &mut SeminarUi,
    list: &[(PathBuf, Seminar)],
    actions: &mut Vec<SeminarAction>,
    pack: &[Playable],
) {
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            // A readable line length, never wider than the window.
            ui.set_max_width(ui.available_width().min(820.0));
            if !list.is_empty() {
                ui.label(
                    egui::RichText::new(tr(lang, T::OpenSeminar))
                        .strong()
                        .color(ACCENT),
                );
                // Digits open the first nine, as everything on this screen has a key.
                let digit = ui.input(widgets::digit_pressed);
                if !ui.ctx().egui_wants_keyboard_input()
                    && let Some(d) = digit.filter(|&d| d <= list.len())
                {
                    actions.push(SeminarAction::Open(d - 1));
                }
                for (i, (_, s)) in list.iter().enumerate() {
                    theme::card().show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.horizontal(|ui| {
                            ui.vertical(|ui| {
                                ui.label(egui::RichText::new(&s.title).strong().size(20.0));
                                ui.label(
                                    egui::RichText::new(fill(
                                        tr(lang, T::SeminarLine),
                                        &[
                                            &local_time(s.created_at),
                                            &s.participants.len().to_string(),
                                            &s.results.len().to_string(),
                                        ],
                                    ))
                                    .small()
                                    .color(MUTED),
                                );
                            });
                            ui.with_layout(
                                egui::Layout::right_to_left(egui::Align::Center),
                                |ui| {
                                    let open = format!("{} [{}]", tr(lang, T::Open), i + 1);
                                    if widgets::primary_button(ui, &open) {
                                        actions.push(SeminarAction::Open(i));
                                    }
                                },
                            );
                        });
                    });
                }
                ui.add_space(12.0);
            }
            ui.label(
                egui::RichText::new(tr(lang, T::NewSeminar))
                    .strong()
                    .color(ACCENT),
            );
            theme::card().show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(tr(lang, T::SeminarTitle));
                ui.add(egui::TextEdit::singleline(&mut state.title).desired_width(f32::INFINITY));
                ui.label(tr(lang, T::SeminarScenarios));
                // In learning order: the trainer's language first, easiest first.
                let offered = learning_path(pack, lang.tag(), &[], "");
                for p in offered.iter().map(|entry| &entry.playable) {
                    let id = p.scenario.id.to_string();
                    let mut on = state.chosen.contains(&id);
                    if ui.checkbox(&mut on, &p.scenario.title).changed() {
                        if on {
                            state.chosen.insert(id);
                        } else {
                            state.chosen.remove(&id);
                        }
                    }
                }
                ui.label(tr(lang, T::SeminarParticipants));
                ui.add(
                    egui::TextEdit::multiline(&mut state.participants)
                        .desired_rows(4)
                        .desired_width(f32::INFINITY),
                );
                let ready = !state.title.trim().is_empty() && !state.chosen.is_empty();
                ui.add_enabled_ui(ready, |ui| {
                    if widgets::primary_button(ui, tr(lang, T::CreateSeminar)) {
                        actions.push(SeminarAction::Create(CreateSeminar {
                            title: state.title.trim().to_owned(),
                            scenarios: state.chosen.iter().cloned().collect(),
                            seed: fresh_seed(),
                            participants: state
                                .participants
                                .lines()
                                .map(str::trim)
                                .filter(|l| !l.is_empty())
                                .map(str::to_owned)
                                .collect(),
                        }));
                        // The next seminar starts from an empty form.
                        state.title.clear();
                        state.chosen.clear();
                        state.participants.clear();
                    }
                });
            });
        });
}
