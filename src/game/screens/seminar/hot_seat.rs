//! The hot seat: who plays next, started with a click or a digit.

use std::collections::BTreeSet;

use bevy_egui::egui;

use super::{SeminarAction, SeminarUi};
use crate::game::i18n::{Lang, T, tr};
use crate::game::session::{HotSeat, StartConversation};
use crate::game::ui::theme::{GOOD, INK, MUTED};
use crate::game::ui::widgets;
use rapport_core::authoring::pack::Playable;
use rapport_core::seminar::Seminar;

pub(super) fn hot_seat(
    ui: &mut egui::Ui,
    lang: Lang,
    state: &mut SeminarUi,
    seminar: &Seminar,
    playable: &Playable,
    actions: &mut Vec<SeminarAction>,
) {
    ui.label(egui::RichText::new(tr(lang, T::HotSeatHint)).color(MUTED));
    let played: BTreeSet<&str> = seminar
        .results
        .iter()
        .filter(|r| r.report.scenario == playable.scenario.id.as_str())
        .map(|r| r.player.as_str())
        .collect();
    let mut people: Vec<String> = seminar.participants.clone();
    let newcomer = state.new_participant.trim().to_owned();
    // Digits put participant 1..9 in the hot seat.
    let typing = ui.ctx().egui_wants_keyboard_input();
    let digit = ui.input(widgets::digit_pressed).map(|d| d - 1);
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (n, person) in people.iter().enumerate() {
                ui.horizontal(|ui| {
                    let done = played.contains(person.as_str());
                    let name = format!("{}. {person}", n + 1);
                    ui.label(egui::RichText::new(name).size(20.0).color(if done {
                        MUTED
                    } else {
                        INK
                    }));
                    // A second attempt only when the trainer asks for one: a click, no digit.
                    let seat = if done {
                        ui.label(egui::RichText::new(tr(lang, T::Played)).small().color(GOOD));
                        widgets::button(ui, tr(lang, T::PlayAgain))
                    } else {
                        widgets::primary_button(ui, tr(lang, T::Play))
                            || (!typing && digit == Some(n))
                    };
                    if seat {
                        actions.push(SeminarAction::Play(StartConversation {
                            playable: playable.clone(),
                            seed: seminar.seed,
                            seminar: Some(HotSeat {
                                seminar: seminar.id.clone(),
                                player: person.clone(),
                            }),
                        }));
                    }
                });
            }
            ui.horizontal(|ui| {
                ui.add(
                    egui::TextEdit::singleline(&mut state.new_participant)
                        .hint_text(tr(lang, T::AddParticipant)),
                );
                if !newcomer.is_empty() && widgets::primary_button(ui, tr(lang, T::Play)) {
                    people.push(newcomer.clone());
                    actions.push(SeminarAction::Play(StartConversation {
                        playable: playable.clone(),
                        seed: seminar.seed,
                        seminar: Some(HotSeat {
                            seminar: seminar.id.clone(),
                            player: newcomer.clone(),
                        }),
                    }));
                    state.new_participant.clear();
                }
            });
        });
}
