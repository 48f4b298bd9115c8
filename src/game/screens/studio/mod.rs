//! The studio screen: the conversation as a graph, forms for the selected node (or the
//! scenario and customer), the validator's problems and the calibration gates; a toolbar to
//! save, undo, redo, preview and calibrate. It shows `game::studio`'s state and forwards the
//! author's intents there.

mod checks;
mod chooser;
mod forms;
mod graph;
mod node_form;
mod pickers;
#[cfg(test)]
mod tests;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::game::Screen;
use crate::game::data::Pack;
use crate::game::i18n::{Lang, T, fill, tr};
use crate::game::settings::Settings;
use crate::game::studio::{DraftCommand, EditDraft, OpenDraft, Studio, StudioNote};
use crate::game::ui::theme::{self, BAD, GOOD, MUTED};
use crate::game::ui::{ScreensUiSystems, root_ui, widgets};
use chooser::chooser;
use rapport_core::authoring::draft::Edit;
use rapport_core::engine::scenario::Outcome;

/// Whether the author asked to leave with unsaved changes.
#[derive(Debug, Default, Resource)]
struct LeaveAsked(bool);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<LeaveAsked>().add_systems(
        EguiPrimaryContextPass,
        studio_ui
            .in_set(ScreensUiSystems)
            .run_if(in_state(Screen::Studio)),
    );
}

/// What the author asked for while the screen was drawn, carried out after drawing.
#[derive(Debug)]
pub enum StudioAction {
    Open(OpenDraft),
    Edit(Edit),
    Command(DraftCommand),
    /// Back to the menu (asking first when there are unsaved changes).
    Back,
    /// Where the preview starts and which variant it plays.
    PreviewSetting {
        from: Option<String>,
        variant: Option<String>,
    },
}

/// What one drawing of the screen asked for, and where its content ended up.
pub struct Drawn {
    pub actions: Vec<StudioAction>,
    pub content: egui::Rect,
    /// With a draft open: each column and what was drawn in it, which must stay within the
    /// column's width (the forms scroll down; the graph's zoom line must not run under them).
    pub columns: Vec<(&'static str, egui::Rect, egui::Rect)>,
}

fn studio_ui(
    mut contexts: EguiContexts,
    mut commands: Commands,
    mut studio: ResMut<Studio>,
    mut leave: ResMut<LeaveAsked>,
    pack: Res<Pack>,
    settings: Res<Settings>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = settings.lang;
    let offered: Vec<Offered> = pack
        .0
        .iter()
        .filter_map(|entry| {
            let p = entry.scenario.as_ref().ok()?;
            let file = std::path::PathBuf::from(&entry.origin);
            Some(Offered {
                id: p.scenario.id.to_string(),
                title: p.scenario.title.clone(),
                file: file.is_file().then_some(file),
            })
        })
        .collect();
    let drawn = draw(ctx, lang, &mut studio, &offered);
    for action in drawn.actions {
        match action {
            StudioAction::Open(open) => commands.trigger(open),
            StudioAction::Edit(edit) => commands.trigger(EditDraft(edit)),
            StudioAction::Command(command) => commands.trigger(command),
            StudioAction::Back => ask_leave(&studio, &mut leave, &mut next),
            StudioAction::PreviewSetting { from, variant } => {
                studio.preview_from = from;
                studio.preview_variant = variant;
            }
        }
    }
    if leave.0 {
        leave_dialog(ctx, lang, &mut leave, &mut next);
    }
    Ok(())
}

/// A scenario the studio can start from: its id and title, and its file when it lives in a
/// scenario folder (then it can be edited in place).
pub struct Offered {
    pub id: String,
    pub title: String,
    pub file: Option<std::path::PathBuf>,
}

/// Draws the studio for one frame without Bevy; `pack` lists what it can start from.
pub fn draw(ctx: &egui::Context, lang: Lang, studio: &mut Studio, pack: &[Offered]) -> Drawn {
    let mut actions = Vec::new();
    keys(ctx, studio, &mut actions);
    let mut content = egui::Rect::NOTHING;
    let mut columns = Vec::new();
    let mut ui = root_ui(ctx);
    egui::CentralPanel::default()
        .frame(theme::page())
        .show(&mut ui, |ui| {
            if widgets::page_header(ui, tr(lang, T::Back), tr(lang, T::Studio)) {
                actions.push(StudioAction::Back);
            }
            if studio.draft.is_none() {
                chooser(ui, lang, pack, &mut studio.search, &mut actions);
            } else {
                toolbar(ui, lang, studio, &mut actions);
                columns = workspace(ui, lang, studio, &mut actions);
            }
            content = ui.min_rect();
        });
    Drawn {
        actions,
        content,
        columns,
    }
}

/// Ctrl+Z, Ctrl+Y (or Ctrl+Shift+Z), Ctrl+S, Esc.
fn keys(ctx: &egui::Context, studio: &Studio, actions: &mut Vec<StudioAction>) {
    let (undo, redo, save, escape) = ctx.input(|i| {
        let command = i.modifiers.command;
        (
            command && !i.modifiers.shift && i.key_pressed(egui::Key::Z),
            command
                && (i.key_pressed(egui::Key::Y)
                    || i.modifiers.shift && i.key_pressed(egui::Key::Z)),
            command && i.key_pressed(egui::Key::S),
            i.key_pressed(egui::Key::Escape),
        )
    });
    if studio.draft.is_some() {
        for (pressed, command) in [
            (undo, DraftCommand::Undo),
            (redo, DraftCommand::Redo),
            (save, DraftCommand::Save),
        ] {
            if pressed {
                actions.push(StudioAction::Command(command));
            }
        }
    }
    if escape && !ctx.egui_wants_keyboard_input() {
        actions.push(StudioAction::Back);
    }
}

/// Back to the menu, asking first when there are unsaved changes.
fn ask_leave(studio: &Studio, leave: &mut LeaveAsked, next: &mut NextState<Screen>) {
    if studio.draft.as_ref().is_some_and(|d| d.is_dirty()) {
        leave.0 = true;
    } else {
        next.set(Screen::Title);
    }
}

fn leave_dialog(
    ctx: &egui::Context,
    lang: Lang,
    leave: &mut LeaveAsked,
    next: &mut NextState<Screen>,
) {
    egui::Modal::new(egui::Id::new("studio-leave")).show(ctx, |ui| {
        ui.label(egui::RichText::new(tr(lang, T::LeaveUnsaved)).strong());
        ui.horizontal(|ui| {
            if widgets::button(ui, tr(lang, T::LeaveStudio)) {
                leave.0 = false;
                next.set(Screen::Title);
            }
            if widgets::primary_button(ui, tr(lang, T::Stay)) {
                leave.0 = false;
            }
        });
    });
}

/// No draft yet: the template, or a copy of a scenario in the pack.
fn toolbar(ui: &mut egui::Ui, lang: Lang, studio: &Studio, actions: &mut Vec<StudioAction>) {
    let Some(draft) = &studio.draft else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(
            egui::RichText::new(&draft.scenario().title)
                .size(22.0)
                .strong(),
        );
        if draft.is_dirty() {
            ui.label(
                egui::RichText::new(tr(lang, T::Unsaved))
                    .small()
                    .color(MUTED),
            );
        }
    });
    // Said before the save that would drop them.
    if draft.drops_comments() {
        ui.label(egui::RichText::new(tr(lang, T::CommentsWillGo)).color(theme::WARN));
    }
    ui.horizontal_wrapped(|ui| {
        if widgets::primary_button(ui, tr(lang, T::Save)) {
            actions.push(StudioAction::Command(DraftCommand::Save));
        }
        ui.add_enabled_ui(draft.can_undo(), |ui| {
            if widgets::button(ui, tr(lang, T::Undo)) {
                actions.push(StudioAction::Command(DraftCommand::Undo));
            }
        });
        ui.add_enabled_ui(draft.can_redo(), |ui| {
            if widgets::button(ui, tr(lang, T::Redo)) {
                actions.push(StudioAction::Command(DraftCommand::Redo));
            }
        });
        ui.separator();
        if widgets::button(ui, tr(lang, T::AddNode)) {
            let id = free_node_id(draft.scenario(), "node");
            let to = draft.scenario().start.to_string();
            actions.push(StudioAction::Edit(Edit::AddNode { id, to }));
        }
        if widgets::button(ui, tr(lang, T::AddEnding)) {
            let id = free_node_id(draft.scenario(), "ending");
            let edit = Edit::AddEnding {
                id,
                outcome: Outcome::Won,
            };
            actions.push(StudioAction::Edit(edit));
        }
        ui.separator();
        if widgets::button(ui, tr(lang, T::PreviewDraft)) {
            actions.push(StudioAction::Command(DraftCommand::Preview));
        }
        if widgets::button(ui, tr(lang, T::Calibrate)) {
            actions.push(StudioAction::Command(DraftCommand::Calibrate));
        }
    });
    ui.horizontal_wrapped(|ui| preview_pickers(ui, lang, studio, actions));
    match &studio.note {
        Some(StudioNote::Saved(path, backup)) => {
            let saved = fill(tr(lang, T::SavedTo), &[&path.display().to_string()]);
            ui.label(egui::RichText::new(saved).color(GOOD));
            if let Some(backup) = backup {
                let kept = fill(tr(lang, T::OriginalKept), &[&backup.display().to_string()]);
                ui.label(egui::RichText::new(kept).small().color(MUTED));
            }
        }
        Some(StudioNote::SaveFailed(why)) => {
            ui.label(egui::RichText::new(fill(tr(lang, T::NotSaved), &[why])).color(BAD));
        }
        Some(StudioNote::Refused(why)) => {
            ui.label(
                egui::RichText::new(fill(tr(lang, T::NotDone), &[&why.to_string()])).color(BAD),
            );
        }
        None => {}
    }
    widgets::hint(ui, tr(lang, T::StudioKeys));
}

/// Where the preview starts and which variant it plays.
fn preview_pickers(
    ui: &mut egui::Ui,
    lang: Lang,
    studio: &Studio,
    actions: &mut Vec<StudioAction>,
) {
    let Some(draft) = &studio.draft else {
        return;
    };
    let s = draft.scenario();
    let mut from = studio.preview_from.clone();
    let shown = from.clone().unwrap_or_else(|| s.start.to_string());
    ui.label(egui::RichText::new(tr(lang, T::PreviewFrom)).color(MUTED));
    egui::ComboBox::from_id_salt("preview-from")
        .width(160.0)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            for (id, node) in s.nodes.iter() {
                if matches!(node, rapport_core::engine::scenario::NodeEntry::Node { .. }) {
                    ui.selectable_value(&mut from, Some(id.to_string()), id.as_str());
                }
            }
        });
    let mut variant = studio.preview_variant.clone();
    if !s.variants.is_empty() {
        ui.label(egui::RichText::new(tr(lang, T::PreviewVariant)).color(MUTED));
        let shown = variant.clone().unwrap_or_else(|| "—".to_owned());
        egui::ComboBox::from_id_salt("preview-variant")
            .width(160.0)
            .selected_text(shown)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut variant, None, "—");
                for v in &s.variants {
                    ui.selectable_value(&mut variant, Some(v.id.to_string()), v.id.as_str());
                }
            });
    }
    if from != studio.preview_from || variant != studio.preview_variant {
        actions.push(StudioAction::PreviewSetting { from, variant });
    }
}

/// `base-1`, `base-2`, … the first free node id.
fn free_node_id(scenario: &rapport_core::engine::scenario::Scenario, base: &str) -> String {
    (1..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| scenario.nodes.get(id).is_none())
        .unwrap_or_else(|| base.to_owned())
}

/// The graph on the left, the forms on the right, problems and gates below the graph.
/// The graph, the forms beside it and the checks under it; returns the forms' and the
/// graph's columns with what was drawn in each (all the forms, the graph's zoom line).
fn workspace(
    ui: &mut egui::Ui,
    lang: Lang,
    studio: &mut Studio,
    actions: &mut Vec<StudioAction>,
) -> Vec<(&'static str, egui::Rect, egui::Rect)> {
    let forms_width = theme::right_panel_width(ui.available_width())
        .max(360.0)
        .min(ui.available_width() * 0.5);
    let graph_width = ui.available_width() - forms_width;
    let forms = egui::Panel::right("studio-forms")
        .resizable(false)
        .exact_size(forms_width)
        .frame(egui::Frame::new().inner_margin(egui::Margin::symmetric(12, 0)))
        .show(ui, |ui| {
            let column = ui.max_rect();
            let drawn = egui::ScrollArea::vertical()
                .id_salt(("studio-form", studio.selected.clone()))
                .show(ui, |ui| {
                    forms::forms(ui, lang, studio, actions);
                    ui.min_rect()
                });
            ("forms", column, drawn.inner)
        })
        .inner;
    // The graph takes what it needs within 30–60 % of the height; problems and gates get the
    // rest, scrolling within it.
    let height = ui.available_height();
    let placed = graph::Placed::of(studio);
    let graph_height = placed
        .height_needed(studio.zoom, graph_width)
        .clamp(height * 0.3, height * 0.6);
    egui::Panel::bottom("studio-checks")
        .resizable(false)
        .exact_size(height - graph_height)
        .frame(egui::Frame::new().inner_margin(egui::Margin::symmetric(0, 6)))
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("studio-checks")
                .auto_shrink([false, false])
                .show(ui, |ui| checks::checks(ui, lang, studio));
        });
    let graph = egui::CentralPanel::default()
        .frame(egui::Frame::new())
        .show(ui, |ui| {
            (
                "graph",
                ui.max_rect(),
                graph::graph(ui, lang, studio, &placed),
            )
        })
        .inner;
    vec![forms, graph]
}
