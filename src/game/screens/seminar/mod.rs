//! The trainer's seminar screen: create or open a seminar, put participants in the hot seat,
//! and compare on the board, the decision map and the side-by-side replay, one file per tab.
//! Projector-friendly: large text, full screen, and a key for everything.

mod board;
mod chooser;
mod hot_seat;
mod map;
mod replay;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;
use std::path::PathBuf;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::game::Screen;
use crate::game::data::Pack;
use crate::game::i18n::{Lang, T, fill, seminar_problem_text, tr};
use crate::game::seminar::{
    CreateSeminar, ExportSeminar, ExportStatus, MapSearch, OpenSeminar, SearchMap, SeminarError,
    SeminarList,
};
use crate::game::session::StartConversation;
use crate::game::settings::{LARGE_TEXT_SCALE, Settings};
use crate::game::ui::theme::{self, BAD, MUTED};
use crate::game::ui::{ScreensUiSystems, root_ui, widgets};
use rapport_core::authoring::pack::Playable;
use rapport_core::seminar::Seminar;

/// The open seminar's views.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    HotSeat,
    Board,
    Map,
    Replay,
}

/// What the trainer has set on this screen.
#[derive(Debug, Default, Resource)]
pub struct SeminarUi {
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

impl SeminarUi {
    /// The screen as it opens on this view.
    pub fn showing(tab: Tab) -> SeminarUi {
        SeminarUi {
            tab,
            ..SeminarUi::default()
        }
    }
}

/// What the trainer asked for while the screen was drawn, carried out after drawing so the
/// seminar list is not borrowed while it changes.
#[derive(Debug)]
pub enum SeminarAction {
    /// Open the seminar at this index of the list.
    Open(usize),
    /// Close the open seminar (back to the list).
    Close,
    /// Back to the menu.
    Leave,
    Create(CreateSeminar),
    /// Put a participant in the hot seat.
    Play(StartConversation),
    Search(SearchMap),
    Export,
}

/// Everything the seminar screen shows, borrowed from the game's resources.
pub struct Page<'a> {
    pub lang: Lang,
    pub list: &'a [(PathBuf, Seminar)],
    pub open: Option<&'a Seminar>,
    pub problem: Option<&'a rapport_core::seminar::SeminarError>,
    pub export: &'a ExportStatus,
    pub search: &'a MapSearch,
    pub pack: &'a [Playable],
}

/// What one drawing of the screen asked for, and where its content ended up (the layout test
/// checks that nothing is drawn outside the window but inside a scroll area).
pub struct Drawn {
    pub actions: Vec<SeminarAction>,
    pub content: egui::Rect,
    /// Where the Export button was drawn, when a seminar is open.
    pub export: Option<egui::Rect>,
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
    let pack = screen.pack.playable();
    let page = Page {
        lang: screen.settings.lang,
        list: &screen.list.0,
        open: screen.open.0.as_ref().map(|(_, s)| s),
        problem: screen.error.0.as_ref(),
        export: &screen.export,
        search: &screen.map,
        pack: &pack,
    };
    let drawn = draw(ctx, &page, &mut screen.state, &mut screen.settings);
    for action in drawn.actions {
        screen.apply(action);
    }
    Ok(())
}

/// The keys of an open seminar: a tab each, large text and full screen.
fn seminar_keys(ctx: &egui::Context, state: &mut SeminarUi, settings: &mut Settings) {
    let typing = ctx.egui_wants_keyboard_input();
    let key = |k: egui::Key| !typing && ctx.input(|i| i.key_pressed(k));
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

/// Draws the whole screen for one frame, without Bevy: the system above and the layout test
/// both call it.
pub fn draw(
    ctx: &egui::Context,
    page: &Page,
    state: &mut SeminarUi,
    settings: &mut Settings,
) -> Drawn {
    let lang = page.lang;
    let mut actions = Vec::new();
    let back = if page.open.is_some() {
        SeminarAction::Close
    } else {
        SeminarAction::Leave
    };
    let escape =
        !ctx.egui_wants_keyboard_input() && ctx.input(|i| i.key_pressed(egui::Key::Escape));
    if page.open.is_some() {
        seminar_keys(ctx, state, settings);
    }
    let mut ui = root_ui(ctx);
    let mut content = egui::Rect::NOTHING;
    let mut export = None;
    egui::CentralPanel::default()
        .frame(theme::page())
        .show(&mut ui, |ui| {
            let header = widgets::page_header(ui, tr(lang, T::Back), tr(lang, T::Seminar));
            if header || escape {
                actions.push(back);
            }
            if let Some(problem) = page.problem {
                ui.label(egui::RichText::new(seminar_problem_text(lang, problem)).color(BAD));
            }
            match page.open {
                None => chooser::chooser(ui, lang, state, page.list, &mut actions, page.pack),
                Some(seminar) => {
                    export = opened(ui, page, seminar, state, settings, &mut actions);
                }
            }
            content = ui.min_rect();
        });
    Drawn {
        actions,
        content,
        export,
    }
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
            SeminarAction::Create(create) => self.commands.trigger(create),
            SeminarAction::Play(start) => self.commands.trigger(start),
            SeminarAction::Search(search) => self.commands.trigger(search),
            SeminarAction::Export => self.commands.trigger(ExportSeminar),
        }
    }
}

fn opened(
    ui: &mut egui::Ui,
    page: &Page,
    seminar: &Seminar,
    state: &mut SeminarUi,
    settings: &mut Settings,
    actions: &mut Vec<SeminarAction>,
) -> Option<egui::Rect> {
    let lang = page.lang;
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
    let scenarios: Vec<&Playable> = seminar
        .scenarios
        .iter()
        .filter_map(|id| page.pack.iter().find(|p| p.scenario.id.as_str() == id))
        .collect();
    state.scenario = state.scenario.min(scenarios.len().saturating_sub(1));
    let Some(playable) = scenarios.get(state.scenario).copied() else {
        ui.label(tr(lang, T::NoScenarios));
        return None;
    };
    let export = toolbar(ui, lang, state, &scenarios, settings, actions);
    widgets::hint(ui, tr(lang, T::SeminarKeys));
    if let Some(note) = export_note(lang, page.export) {
        ui.label(egui::RichText::new(note).small().color(MUTED));
    }
    ui.separator();
    match state.tab {
        Tab::HotSeat => hot_seat::hot_seat(ui, lang, state, seminar, playable, actions),
        Tab::Board => board::board_tab(ui, lang, state, seminar, playable),
        Tab::Map => {
            let map_view = map::MapView {
                lang,
                seminar,
                playable,
                search: page.search,
            };
            map::map_tab(ui, &map_view, state, actions);
        }
        Tab::Replay => replay::replay_tab(ui, lang, state, seminar, playable),
    }
    Some(export)
}

/// The tabs, the scenario, large text, full screen and export (whose rectangle it returns).
fn toolbar(
    ui: &mut egui::Ui,
    lang: Lang,
    state: &mut SeminarUi,
    scenarios: &[&Playable],
    settings: &mut Settings,
    actions: &mut Vec<SeminarAction>,
) -> egui::Rect {
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
        let export = ui.button(tr(lang, T::Export));
        if export.clicked() {
            actions.push(SeminarAction::Export);
        }
        export.rect
    })
    .inner
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
