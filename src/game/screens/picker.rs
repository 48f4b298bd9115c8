//! The scenario picker: the pack grouped by industry; broken scenarios listed with their errors.

use std::collections::BTreeMap;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::game::data::Pack;
use crate::game::i18n::{Lang, T, fill, tr};
use crate::game::session::StartConversation;
use crate::game::settings::Settings;
use crate::game::ui::theme::{self, ACCENT, BAD, MUTED};
use crate::game::ui::{ScreensUiSystems, root_ui, widgets};
use crate::game::{GameOptions, Screen};
use crate::system::fresh_seed;
use rapport_core::authoring::pack::{PackEntry, Playable};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        picker_ui
            .in_set(ScreensUiSystems)
            .run_if(in_state(Screen::Picker)),
    );
}

fn picker_ui(
    mut contexts: EguiContexts,
    mut commands: Commands,
    pack: Res<Pack>,
    settings: Res<Settings>,
    options: Res<GameOptions>,
    mut next: ResMut<NextState<Screen>>,
    mut selected: Local<usize>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = settings.lang;
    let mut ui = root_ui(ctx);
    if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        next.set(Screen::Title);
    }
    // Playable scenarios by industry; broken files at the end.
    let mut groups: BTreeMap<String, Vec<&Playable>> = BTreeMap::new();
    let mut broken = Vec::new();
    for entry in &pack.0 {
        match &entry.scenario {
            Ok(p) => groups
                .entry(p.scenario.industry.to_lowercase())
                .or_default()
                .push(p),
            Err(_) => broken.push(entry),
        }
    }
    for entries in groups.values_mut() {
        entries.sort_by_key(|p| p.scenario.difficulty);
    }
    // Arrow keys move the highlight over the playable cards in display order; Enter starts.
    let playable_count: usize = groups.values().map(Vec::len).sum();
    let (up, down, enter) = ctx.input(|i| {
        (
            i.key_pressed(egui::Key::ArrowUp),
            i.key_pressed(egui::Key::ArrowDown),
            i.key_pressed(egui::Key::Enter),
        )
    });
    if playable_count > 0 {
        if down {
            *selected = (*selected + 1) % playable_count;
        }
        if up {
            *selected = (*selected + playable_count - 1) % playable_count;
        }
        *selected = (*selected).min(playable_count - 1);
    }
    let mut start = None;
    egui::CentralPanel::default()
        .frame(theme::page())
        .show(&mut ui, |ui| {
            if widgets::page_header(ui, tr(lang, T::Back), tr(lang, T::ChooseScenario)) {
                next.set(Screen::Title);
            }
            ui.add_space(8.0);
            if pack.0.is_empty() {
                ui.label(tr(lang, T::NoScenarios));
            }
            widgets::hint(ui, tr(lang, T::PickerKeys));
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    // Each card, with its industry's heading before the first of the group.
                    let cards = groups.iter().flat_map(|(industry, entries)| {
                        entries
                            .iter()
                            .enumerate()
                            .map(move |(i, p)| ((i == 0).then_some(industry), p))
                    });
                    for (index, (heading, playable)) in cards.enumerate() {
                        if let Some(industry) = heading {
                            industry_heading(ui, industry);
                        }
                        let highlighted = index == *selected;
                        let card = scenario_card(ui, lang, playable, highlighted);
                        if card.start || (highlighted && enter) {
                            start = Some((*playable).clone());
                        }
                        if highlighted && (up || down) {
                            card.response.scroll_to_me(Some(egui::Align::Center));
                        }
                        ui.add_space(6.0);
                    }
                    for entry in &broken {
                        broken_card(ui, lang, entry);
                    }
                });
        });
    if let Some(playable) = start {
        commands.trigger(StartConversation {
            playable,
            // `--seed` fixes the variant for a trainer's demo.
            seed: options.seed.unwrap_or_else(fresh_seed),
            seminar: None,
        });
    }
    Ok(())
}

fn industry_heading(ui: &mut egui::Ui, industry: &str) {
    ui.add_space(8.0);
    ui.label(
        egui::RichText::new(industry.to_uppercase())
            .small()
            .strong()
            .color(ACCENT),
    );
}

/// A drawn card and whether its Start button was pressed.
struct Card {
    response: egui::Response,
    start: bool,
}

/// One scenario: title, summary, difficulty, time, language, customer, and Start.
fn scenario_card(ui: &mut egui::Ui, lang: Lang, playable: &Playable, highlighted: bool) -> Card {
    let s = &playable.scenario;
    let frame = if highlighted {
        theme::card().stroke(egui::Stroke::new(2.5, ACCENT))
    } else {
        theme::card()
    };
    let mut start = false;
    let shown = frame.show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.vertical(|ui| {
                // Room for the Start button, even with the highlight's thicker edge.
                ui.set_width((ui.available_width() - 175.0).max(200.0));
                ui.label(egui::RichText::new(&s.title).strong().size(20.0));
                ui.label(&s.summary);
                ui.horizontal(|ui| {
                    ui.label(
                        egui::RichText::new(tr(lang, T::Difficulty))
                            .small()
                            .color(MUTED),
                    );
                    widgets::dots(ui, s.difficulty);
                    let language = Lang::from_tag(&s.language)
                        .map_or(s.language.clone(), |l| l.name().to_owned());
                    ui.label(
                        egui::RichText::new(format!(
                            "·   {}   ·   {language}   ·   {}",
                            fill(tr(lang, T::Minutes), &[&s.minutes.to_string()]),
                            s.customer.name,
                        ))
                        .small()
                        .color(MUTED),
                    );
                });
            });
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                start = widgets::primary_button(ui, tr(lang, T::Start));
            });
        });
    });
    Card {
        response: shown.response,
        start,
    }
}

/// A scenario file that does not validate, with its errors.
fn broken_card(ui: &mut egui::Ui, lang: Lang, entry: &PackEntry) {
    ui.add_space(8.0);
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(egui::RichText::new(&entry.origin).strong());
        ui.label(egui::RichText::new(tr(lang, T::BrokenScenario)).color(BAD));
        if let Err(errors) = &entry.scenario {
            for line in errors {
                ui.label(egui::RichText::new(line).monospace().small());
            }
        }
    });
}
