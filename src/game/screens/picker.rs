//! The scenario picker as a learning path: customers in the player's language first, easiest
//! first, each card with the player's best score and last style; "start here" for a beginner;
//! broken scenario files listed with their errors.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::game::data::{HistoryData, Pack};
use crate::game::i18n::{Lang, T, fill, label_name, tr};
use crate::game::session::StartConversation;
use crate::game::settings::Settings;
use crate::game::ui::theme::{self, ACCENT, BAD, MUTED, score_color};
use crate::game::ui::{ScreensUiSystems, root_ui, widgets};
use crate::game::{GameOptions, Screen};
use crate::system::fresh_seed;
use rapport_core::authoring::pack::PackEntry;
use rapport_core::engine::record::ResultRecord;
use rapport_core::progress::{PathEntry, learning_path};

/// The highlighted card, by scenario id so it stays put when the order changes; and whether
/// the screen was just opened (the highlighted card is then scrolled into view).
#[derive(Debug, Default, Resource)]
struct Highlight {
    id: Option<String>,
    just_opened: bool,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Highlight>()
        .add_systems(OnEnter(Screen::Picker), |mut h: ResMut<Highlight>| {
            h.just_opened = true;
        })
        .add_systems(
            EguiPrimaryContextPass,
            picker_ui
                .in_set(ScreensUiSystems)
                .run_if(in_state(Screen::Picker)),
        );
}

/// Arrow keys move the highlight over the cards; Enter starts the highlighted one.
fn move_highlight(
    ctx: &egui::Context,
    path: &[PathEntry],
    highlight: &mut Highlight,
) -> (bool, bool) {
    let (up, down, enter) = ctx.input(|i| {
        (
            i.key_pressed(egui::Key::ArrowUp),
            i.key_pressed(egui::Key::ArrowDown),
            i.key_pressed(egui::Key::Enter),
        )
    });
    let current = highlight.id.as_deref().and_then(|id| {
        path.iter()
            .position(|e| e.playable.scenario.id.as_str() == id)
    });
    let count = path.len();
    let index = match (current, up, down) {
        (_, _, _) if count == 0 => None,
        (None, ..) => Some(0),
        (Some(i), _, true) => Some((i + 1) % count),
        (Some(i), true, _) => Some((i + count - 1) % count),
        (Some(i), ..) => Some(i),
    };
    highlight.id = index.map(|i| path[i].playable.scenario.id.as_str().to_owned());
    (up || down, enter)
}

#[allow(clippy::too_many_arguments)]
fn picker_ui(
    mut contexts: EguiContexts,
    mut commands: Commands,
    pack: Res<Pack>,
    history: Res<HistoryData>,
    settings: Res<Settings>,
    options: Res<GameOptions>,
    mut next: ResMut<NextState<Screen>>,
    mut highlight: ResMut<Highlight>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = settings.lang;
    if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        next.set(Screen::Title);
    }
    let records: Vec<&ResultRecord> = history.records.iter().map(|(_, r)| r).collect();
    let path = learning_path(&pack.playable(), lang.tag(), &records, &settings.player);
    let broken: Vec<&PackEntry> = pack.0.iter().filter(|e| e.scenario.is_err()).collect();
    let (moved, enter) = move_highlight(ctx, &path, &mut highlight);
    let scroll_to_highlight = moved || highlight.just_opened;
    highlight.just_opened = false;
    // A beginner (nothing played yet) is pointed at the first card.
    let beginner = path.iter().all(|e| e.record.attempts == 0);
    let mut start = None;
    let mut ui = root_ui(ctx);
    egui::CentralPanel::default()
        .frame(theme::page())
        .show(&mut ui, |ui| {
            if widgets::page_header(ui, tr(lang, T::Back), tr(lang, T::ChooseScenario)) {
                next.set(Screen::Title);
            }
            if pack.0.is_empty() {
                ui.label(tr(lang, T::NoScenarios));
            }
            widgets::hint(ui, tr(lang, T::PickerKeys));
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    for (index, entry) in path.iter().enumerate() {
                        if index == 0 || entry.own_language != path[index - 1].own_language {
                            let heading = if entry.own_language {
                                T::InYourLanguage
                            } else {
                                T::InOtherLanguages
                            };
                            section_heading(ui, tr(lang, heading));
                        }
                        let highlighted =
                            highlight.id.as_deref() == Some(entry.playable.scenario.id.as_str());
                        let first = beginner && index == 0;
                        let card = scenario_card(ui, lang, entry, highlighted, first);
                        if card.start || (highlighted && enter) {
                            start = Some(entry.playable.clone());
                        }
                        if highlighted && scroll_to_highlight {
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
        highlight.id = Some(playable.scenario.id.as_str().to_owned());
        commands.trigger(StartConversation {
            playable,
            // `--seed` fixes the variant for a trainer's demo.
            seed: options.seed.unwrap_or_else(fresh_seed),
            seminar: None,
        });
    }
    Ok(())
}

fn section_heading(ui: &mut egui::Ui, text: &str) {
    ui.add_space(8.0);
    ui.label(
        egui::RichText::new(text.to_uppercase())
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

/// One scenario: title, summary, difficulty, time, language, industry, customer, the
/// player's record on it, and Start.
fn scenario_card(
    ui: &mut egui::Ui,
    lang: Lang,
    entry: &PathEntry,
    highlighted: bool,
    start_here: bool,
) -> Card {
    let s = &entry.playable.scenario;
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
                ui.horizontal_wrapped(|ui| {
                    ui.label(egui::RichText::new(&s.title).strong().size(20.0));
                    if start_here {
                        ui.label(
                            egui::RichText::new(tr(lang, T::StartHere))
                                .strong()
                                .color(ACCENT),
                        );
                    }
                });
                ui.label(&s.summary);
                ui.horizontal_wrapped(|ui| {
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
                            "·   {}   ·   {language}   ·   {}   ·   {}",
                            fill(tr(lang, T::Minutes), &[&s.minutes.to_string()]),
                            s.industry,
                            s.customer.name,
                        ))
                        .small()
                        .color(MUTED),
                    );
                });
                own_record(ui, lang, entry);
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

/// "Your best: 85 · last style: erudite · 3 attempts", or "Not played yet".
fn own_record(ui: &mut egui::Ui, lang: Lang, entry: &PathEntry) {
    let record = &entry.record;
    match (record.best_overall, record.last_style) {
        (Some(best), Some(style)) => {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    egui::RichText::new(tr(lang, T::YourBest))
                        .small()
                        .color(MUTED),
                );
                ui.label(
                    egui::RichText::new(best.to_string())
                        .strong()
                        .color(score_color(best)),
                );
                ui.label(
                    egui::RichText::new(fill(
                        tr(lang, T::LastStyleAttempts),
                        &[label_name(lang, style), &record.attempts.to_string()],
                    ))
                    .small()
                    .color(MUTED),
                );
            });
        }
        _ => {
            ui.label(
                egui::RichText::new(tr(lang, T::NotPlayedYet))
                    .small()
                    .color(MUTED),
            );
        }
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
