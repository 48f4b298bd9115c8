//! The debrief: outcome, the competencies with their reasons, the play style with its evidence
//! and fit, a reply-by-reply review with the stronger replies, the next customer to practise
//! with, and the way on (retry, new variant, next, scenarios, menu).

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::game::Screen;
use crate::game::data::{Pack, RetrySave, SaveStatus};
use crate::game::i18n::{Lang, T, fill, tr};
use crate::game::session::{DebriefRecord, LastPlay, PreviewNext, StartConversation};
use crate::game::settings::Settings;
use crate::game::ui::theme::{self, ACCENT, BAD, MUTED};
use crate::game::ui::{ScreensUiSystems, root_ui, widgets};
use crate::system::fresh_seed;
use rapport_core::authoring::pack::Playable;
use rapport_core::engine::dialogue::seed_for_other_variant;
use rapport_core::engine::record::ResultRecord;
use rapport_core::progress::{Competency, Suggestion};

pub mod extras;
mod review;
mod summary;

use extras::{Extras, Found};
use review::Looking;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins(extras::plugin).add_systems(
        EguiPrimaryContextPass,
        debrief_ui
            .in_set(ScreensUiSystems)
            .run_if(in_state(Screen::Debrief)),
    );
}

/// What the trainee asked for after reading the debrief.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DebriefAction {
    Retry,
    NewVariant,
    PlayNext,
    Scenarios,
    Menu,
    /// Esc: back where the debrief was opened from (the history, or the menu).
    Back,
}

/// The keys: R, N, P, S, M, Esc.
fn key_action(ctx: &egui::Context) -> Option<DebriefAction> {
    ctx.input(|i| {
        [
            (egui::Key::R, DebriefAction::Retry),
            (egui::Key::N, DebriefAction::NewVariant),
            (egui::Key::P, DebriefAction::PlayNext),
            (egui::Key::S, DebriefAction::Scenarios),
            (egui::Key::M, DebriefAction::Menu),
            (egui::Key::Escape, DebriefAction::Back),
        ]
        .into_iter()
        .find_map(|(key, action)| i.key_pressed(key).then_some(action))
    })
}

#[allow(clippy::too_many_arguments)]
fn debrief_ui(
    mut contexts: EguiContexts,
    mut commands: Commands,
    record: Option<Res<DebriefRecord>>,
    last: Option<Res<LastPlay>>,
    pack: Res<Pack>,
    save: Res<SaveStatus>,
    settings: Res<Settings>,
    extras: Res<Extras>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let Some(shown) = record else {
        return Ok(());
    };
    let record = &shown.record;
    let report = &record.report;
    let ctx = contexts.ctx_mut()?;
    let lang = settings.lang;
    // The scenario to replay: the one just played, else the pack's copy of this id.
    let playable: Option<Playable> = last
        .as_ref()
        .filter(|l| l.playable.scenario.id.as_str() == report.scenario)
        .map(|l| l.playable.clone())
        .or_else(|| {
            pack.0
                .iter()
                .filter_map(|e| e.scenario.as_ref().ok())
                .find(|p| p.scenario.id.as_str() == report.scenario)
                .cloned()
        });
    let mut action = key_action(ctx);
    let mut ui = root_ui(ctx);
    egui::Panel::bottom("debrief-actions")
        .frame(
            egui::Frame::new()
                .fill(theme::CARD)
                .inner_margin(egui::Margin::symmetric(40, 12)),
        )
        .show(&mut ui, |ui| {
            let suggestion = extras.found.as_ref().and_then(|f| f.suggestion.as_ref());
            if let Some(s) = suggestion {
                next_card(ui, lang, &s.0);
            }
            let can = (playable.is_some(), suggestion.is_some());
            let back = if shown.from_studio {
                T::BackToStudio
            } else {
                T::Scenarios
            };
            if let Some(clicked) = actions_bar(ui, (lang, back), can, &save, &mut commands) {
                action = Some(clicked);
            }
        });
    egui::CentralPanel::default()
        .frame(theme::page())
        .show(&mut ui, |ui| {
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    let variant = playable.as_ref().and_then(|p| {
                        let id = report.variant.as_deref()?;
                        let v = p.scenario.variants.iter().find(|v| v.id.as_str() == id)?;
                        Some(v.about.as_str())
                    });
                    page(ui, lang, record, variant, extras.found.as_ref());
                });
        });
    let mut start = |seed: u64| {
        if let Some(playable) = &playable {
            // Another go at a studio preview is a preview too.
            if shown.from_studio {
                commands.insert_resource(PreviewNext(true));
            }
            commands.trigger(StartConversation {
                playable: playable.clone(),
                seed,
                seminar: None,
            });
        }
    };
    match action {
        Some(DebriefAction::Retry) => start(report.seed),
        Some(DebriefAction::NewVariant) => {
            // Keep drawing until the customer really changes (when the scenario has variants).
            let other = playable.as_ref().and_then(|p| {
                seed_for_other_variant(
                    &p.scenario,
                    report.variant.as_deref(),
                    (0..256).map(|_| fresh_seed()),
                )
            });
            start(other.unwrap_or_else(fresh_seed));
        }
        Some(DebriefAction::PlayNext) => {
            if let Some((_, playable)) = extras.found.as_ref().and_then(|f| f.suggestion.as_ref()) {
                commands.trigger(StartConversation {
                    playable: playable.clone(),
                    seed: fresh_seed(),
                    seminar: None,
                });
            }
        }
        Some(DebriefAction::Scenarios | DebriefAction::Back) if shown.from_studio => {
            next.set(Screen::Studio);
        }
        Some(DebriefAction::Scenarios) => next.set(Screen::Picker),
        Some(DebriefAction::Menu) => next.set(Screen::Title),
        Some(DebriefAction::Back) if shown.from_history => next.set(Screen::History),
        Some(DebriefAction::Back) => next.set(Screen::Title),
        None => {}
    }
    Ok(())
}

/// The buttons at the bottom and where the save stands; `back` names the way out (to the
/// scenarios, or to the studio after a preview).
fn actions_bar(
    ui: &mut egui::Ui,
    (lang, back): (Lang, T),
    (can_replay, can_go_next): (bool, bool),
    save: &SaveStatus,
    commands: &mut Commands,
) -> Option<DebriefAction> {
    let mut action = None;
    // The save's status on a line of its own; the buttons wrap on a narrow window.
    match save {
        SaveStatus::Idle => {}
        SaveStatus::Saving => {
            ui.label(
                egui::RichText::new(tr(lang, T::Saving))
                    .small()
                    .color(MUTED),
            );
        }
        SaveStatus::Saved(path) => {
            ui.label(
                egui::RichText::new(tr(lang, T::SavedToHistory))
                    .small()
                    .color(MUTED),
            )
            .on_hover_text(path.display().to_string());
        }
        SaveStatus::Failed(message) => {
            ui.horizontal_wrapped(|ui| {
                ui.label(egui::RichText::new(fill(tr(lang, T::SaveFailed), &[message])).color(BAD));
                if widgets::button(ui, tr(lang, T::SaveAgain)) {
                    commands.trigger(RetrySave);
                }
            });
        }
    }
    ui.horizontal_wrapped(|ui| {
        ui.add_enabled_ui(can_replay, |ui| {
            if widgets::primary_button(ui, &format!("{}  [R]", tr(lang, T::Retry))) {
                action = Some(DebriefAction::Retry);
            }
            if widgets::button(ui, &format!("{}  [N]", tr(lang, T::NewVariant))) {
                action = Some(DebriefAction::NewVariant);
            }
        });
        if can_go_next && widgets::button(ui, &format!("{}  [P]", tr(lang, T::PlayNext))) {
            action = Some(DebriefAction::PlayNext);
        }
        if widgets::button(ui, &format!("{}  [S]", tr(lang, back))) {
            action = Some(DebriefAction::Scenarios);
        }
        if widgets::button(ui, &format!("{}  [M]", tr(lang, T::Menu))) {
            action = Some(DebriefAction::Menu);
        }
    });
    action
}

/// Narrower than this (points), the competencies and the style stack.
const TWO_COLUMNS_FROM: f32 = 1000.0;

/// The whole page: heading, competencies and style side by side, then the review.
fn page(
    ui: &mut egui::Ui,
    lang: Lang,
    record: &ResultRecord,
    variant: Option<&str>,
    found: Option<&Found>,
) {
    summary::heading(ui, lang, record, variant);
    let report = &record.report;
    let reasons_card = |ui: &mut egui::Ui| {
        theme::card().show(ui, |ui| {
            ui.set_width(ui.available_width());
            summary::reasons(ui, lang, report);
        });
    };
    let style_card = |ui: &mut egui::Ui| {
        theme::card().show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                egui::RichText::new(tr(lang, T::Style))
                    .strong()
                    .color(ACCENT),
            );
            summary::style_panel(ui, lang, report);
        });
    };
    // Side by side where there is room for both; one above the other on a narrow window.
    if ui.available_width() >= TWO_COLUMNS_FROM {
        ui.columns(2, |columns| {
            // Left-aligned, not justified: `columns` lays out justified by default.
            let layout = egui::Layout::top_down(egui::Align::Min);
            columns[0].with_layout(layout, reasons_card);
            columns[1].with_layout(layout, style_card);
        });
    } else {
        reasons_card(ui);
        ui.add_space(8.0);
        style_card(ui);
    }
    ui.add_space(10.0);
    ui.label(
        egui::RichText::new(tr(lang, T::Review))
            .strong()
            .size(20.0)
            .color(ACCENT),
    );
    let looking = match found {
        None => Looking::Searching,
        Some(Found {
            hindsight: Some(seen),
            ..
        }) => Looking::Found(seen),
        Some(_) => Looking::Unavailable,
    };
    review::review(ui, lang, record, looking);
}

/// The suggested next customer and why.
fn next_card(ui: &mut egui::Ui, lang: Lang, suggestion: &Suggestion) {
    let competency = match suggestion.weakest {
        Competency::Needs => T::NeedsDiscovery,
        Competency::Objections => T::ObjectionHandling,
        Competency::Closing => T::Closing,
    };
    ui.label(
        egui::RichText::new(fill(
            tr(lang, T::NextSuggestion),
            &[
                &suggestion.title,
                tr(lang, competency),
                &suggestion.average.to_string(),
            ],
        ))
        .color(MUTED),
    );
}
