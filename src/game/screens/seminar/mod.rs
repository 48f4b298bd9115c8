//! The trainer's seminar screen: create or open a seminar, put participants in the hot seat,
//! and compare on the board, the decision map and the side-by-side replay, one file per tab.
//! Projector-friendly: large text, full screen, and a key for everything.

mod board;
mod chooser;
mod hot_seat;
mod map;
mod replay;

use std::collections::BTreeSet;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::game::Screen;
use crate::game::data::Pack;
use crate::game::i18n::{Lang, T, fill, seminar_problem_text, tr};
use crate::game::seminar::{
    ExportSeminar, ExportStatus, MapSearch, OpenSeminar, SeminarError, SeminarList,
};
use crate::game::settings::{LARGE_TEXT_SCALE, Settings};
use crate::game::ui::theme::{self, BAD, MUTED};
use crate::game::ui::{ScreensUiSystems, root_ui, widgets};
use rapport_core::authoring::pack::Playable;
use rapport_core::seminar::Seminar;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Tab {
    #[default]
    HotSeat,
    Board,
    Map,
    Replay,
}

/// What the trainer has set on this screen.
#[derive(Debug, Default, Resource)]
struct SeminarUi {
    tab: Tab,
    title: String,
    chosen: BTreeSet<String>,
    participants: String,
    scenario: usize,
    new_participant: String,
    sort: usize,
    selected_node: Option<String>,
    replay_a: usize,
    replay_b: Option<usize>,
    step: usize,
}

/// What the trainer asked for while the screen was drawn, carried out after drawing so the
/// seminar list is not borrowed while it changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SeminarAction {
    /// Open the seminar at this index of the list.
    Open(usize),
    /// Close the open seminar (back to the list).
    Close,
    /// Back to the menu.
    Leave,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<SeminarUi>().add_systems(
        EguiPrimaryContextPass,
        seminar_ui
            .in_set(ScreensUiSystems)
            .run_if(in_state(Screen::Seminar)),
    );
}

/// What the seminar screen reads and changes.
#[derive(SystemParam)]
struct SeminarScreen<'w, 's> {
    commands: Commands<'w, 's>,
    state: ResMut<'w, SeminarUi>,
    open: ResMut<'w, OpenSeminar>,
    list: Res<'w, SeminarList>,
    error: Res<'w, SeminarError>,
    export: Res<'w, ExportStatus>,
    map: Res<'w, MapSearch>,
    pack: Res<'w, Pack>,
    settings: ResMut<'w, Settings>,
    next: ResMut<'w, NextState<Screen>>,
}

fn seminar_ui(mut contexts: EguiContexts, mut screen: SeminarScreen) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = screen.settings.lang;
    let mut actions = Vec::new();
    let typing = ctx.egui_wants_keyboard_input();
    let key = |k: egui::Key| !typing && ctx.input(|i| i.key_pressed(k));
    let back = if screen.open.0.is_some() {
        SeminarAction::Close
    } else {
        SeminarAction::Leave
    };
    if key(egui::Key::Escape) {
        actions.push(back);
    }
    let pack = screen.pack.playable();
    let SeminarScreen {
        commands,
        state,
        open,
        list,
        error,
        export,
        map,
        settings,
        ..
    } = &mut screen;
    if open.0.is_some() {
        for (k, tab) in [
            (egui::Key::P, Tab::HotSeat),
            (egui::Key::B, Tab::Board),
            (egui::Key::M, Tab::Map),
            (egui::Key::R, Tab::Replay),
        ] {
            if key(k) {
                state.tab = tab;
            }
        }
        if key(egui::Key::L) {
            settings.ui_scale = if settings.ui_scale < LARGE_TEXT_SCALE {
                LARGE_TEXT_SCALE
            } else {
                1.0
            };
        }
        if key(egui::Key::F) {
            settings.fullscreen = !settings.fullscreen;
        }
    }
    let mut ui = root_ui(ctx);
    egui::CentralPanel::default()
        .frame(theme::page())
        .show(&mut ui, |ui| {
            if widgets::page_header(ui, tr(lang, T::Back), tr(lang, T::Seminar)) {
                actions.push(back);
            }
            if let Some(problem) = &error.0 {
                ui.label(egui::RichText::new(seminar_problem_text(lang, problem)).color(BAD));
            }
            match &open.0 {
                None => chooser::chooser(ui, lang, state, &list.0, &mut actions, &pack, commands),
                Some((_, seminar)) => {
                    let view = Opened {
                        lang,
                        seminar,
                        pack: &pack,
                        export,
                        search: map,
                    };
                    opened(ui, &view, state, commands, settings);
                }
            }
        });
    for action in actions {
        screen.apply(action);
    }
    Ok(())
}

impl SeminarScreen<'_, '_> {
    fn apply(&mut self, action: SeminarAction) {
        match action {
            SeminarAction::Open(index) => {
                self.open.0 = self.list.0.get(index).cloned();
                self.state.scenario = 0;
            }
            SeminarAction::Close => self.open.0 = None,
            SeminarAction::Leave => self.next.set(Screen::Title),
        }
    }
}

/// What the open seminar's view shows.
struct Opened<'a> {
    lang: Lang,
    seminar: &'a Seminar,
    pack: &'a [Playable],
    export: &'a ExportStatus,
    search: &'a MapSearch,
}

fn opened(
    ui: &mut egui::Ui,
    view: &Opened,
    state: &mut SeminarUi,
    commands: &mut Commands,
    settings: &mut Settings,
) {
    let (lang, seminar) = (view.lang, view.seminar);
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(&seminar.title).size(24.0).strong());
        // The seed is for a trainer who re-creates the session elsewhere, not for the room.
        egui::CollapsingHeader::new(
            egui::RichText::new(tr(lang, T::Details))
                .small()
                .color(MUTED),
        )
        .id_salt("seminar-details")
        .show(ui, |ui| {
            ui.label(
                egui::RichText::new(format!(
                    "{} {} · {}",
                    tr(lang, T::Seed),
                    seminar.seed,
                    seminar.id
                ))
                .small()
                .color(MUTED),
            );
        });
    });
    let scenarios: Vec<&Playable> = seminar
        .scenarios
        .iter()
        .filter_map(|id| view.pack.iter().find(|p| p.scenario.id.as_str() == id))
        .collect();
    state.scenario = state.scenario.min(scenarios.len().saturating_sub(1));
    let Some(playable) = scenarios.get(state.scenario).copied() else {
        ui.label(tr(lang, T::NoScenarios));
        return;
    };
    toolbar(ui, lang, state, &scenarios, commands, settings);
    widgets::hint(ui, tr(lang, T::SeminarKeys));
    if let Some(note) = export_note(lang, view.export) {
        ui.label(egui::RichText::new(note).small().color(MUTED));
    }
    ui.separator();
    match state.tab {
        Tab::HotSeat => hot_seat::hot_seat(ui, lang, state, seminar, playable, commands),
        Tab::Board => board::board_tab(ui, lang, state, seminar, playable),
        Tab::Map => {
            let map_view = map::MapView {
                lang,
                seminar,
                playable,
                search: view.search,
            };
            map::map_tab(ui, &map_view, state, commands);
        }
        Tab::Replay => replay::replay_tab(ui, lang, state, seminar, playable),
    }
}

/// The tabs, the scenario, large text, full screen and export.
fn toolbar(
    ui: &mut egui::Ui,
    lang: Lang,
    state: &mut SeminarUi,
    scenarios: &[&Playable],
    commands: &mut Commands,
    settings: &mut Settings,
) {
    // The scenario on a line of its own: a long title never pushes the toolbar off-screen.
    if scenarios.len() > 1 {
        egui::ComboBox::from_id_salt("seminar-scenario")
            .selected_text(&scenarios[state.scenario].scenario.title)
            .width(ui.available_width().min(520.0))
            .truncate()
            .show_ui(ui, |ui| {
                for (i, p) in scenarios.iter().enumerate() {
                    ui.selectable_value(&mut state.scenario, i, &p.scenario.title);
                }
            });
    }
    ui.horizontal_wrapped(|ui| {
        for (tab, label) in [
            (Tab::HotSeat, T::HotSeat),
            (Tab::Board, T::Board),
            (Tab::Map, T::DecisionMap),
            (Tab::Replay, T::Replay),
        ] {
            if ui
                .selectable_label(state.tab == tab, tr(lang, label))
                .clicked()
            {
                state.tab = tab;
            }
        }
        ui.separator();
        let mut large = settings.ui_scale >= LARGE_TEXT_SCALE;
        if ui.checkbox(&mut large, tr(lang, T::LargeText)).changed() {
            settings.ui_scale = if large { LARGE_TEXT_SCALE } else { 1.0 };
        }
        ui.checkbox(&mut settings.fullscreen, tr(lang, T::FullScreen));
        if ui.button(tr(lang, T::Export)).clicked() {
            commands.trigger(ExportSeminar);
        }
    });
}

/// What the last export says, in the trainer's language.
fn export_note(lang: Lang, status: &ExportStatus) -> Option<String> {
    match status {
        ExportStatus::Idle => None,
        ExportStatus::Running => Some(tr(lang, T::Exporting).to_owned()),
        ExportStatus::Done { csv, html } => Some(fill(
            tr(lang, T::Exported),
            &[&csv.display().to_string(), &html.display().to_string()],
        )),
        ExportStatus::Failed(why) => Some(fill(tr(lang, T::ExportFailed), &[why])),
    }
}
