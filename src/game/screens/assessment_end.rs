//! The end of an assessment: thanks the candidate, shows the scores only if the definition
//! allows, and reports whether the result was saved.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::game::Screen;
use crate::game::data::SaveStatus;
use crate::game::i18n::{T, fill, label_name, tr};
use crate::game::session::Session;
use crate::game::settings::Settings;
use crate::game::ui::theme::{self, ACCENT, BAD, MUTED};
use crate::game::ui::{ScreensUiSystems, root_ui, widgets};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        end_ui
            .in_set(ScreensUiSystems)
            .run_if(in_state(Screen::AssessmentEnd)),
    );
}

fn end_ui(
    mut contexts: EguiContexts,
    mut commands: Commands,
    session: Option<Res<Session>>,
    save: Res<SaveStatus>,
    settings: Res<Settings>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let Some(result) = session
        .as_deref()
        .and_then(Session::assessment)
        .and_then(|a| a.result.as_ref())
    else {
        return Ok(());
    };
    let ctx = contexts.ctx_mut()?;
    let lang = settings.lang;
    let leave = ctx.input(|i| i.key_pressed(egui::Key::Enter) || i.key_pressed(egui::Key::Escape));
    let mut ui = root_ui(ctx);
    egui::CentralPanel::default()
        .frame(theme::page())
        .show(&mut ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(ui.available_height() * 0.12);
                ui.label(
                    egui::RichText::new(fill(tr(lang, T::ThankYou), &[&result.candidate]))
                        .size(34.0)
                        .color(ACCENT),
                );
                ui.label(egui::RichText::new(tr(lang, T::ThankYouText)).size(20.0));
                ui.add_space(16.0);
                if result.show_results {
                    theme::card().show(ui, |ui| {
                        ui.set_width(560.0);
                        ui.label(egui::RichText::new(tr(lang, T::YourResults)).strong());
                        let s = &result.totals.scores;
                        widgets::score_bar(ui, tr(lang, T::Overall), Some(s.overall), true);
                        widgets::score_bar(
                            ui,
                            tr(lang, T::NeedsDiscovery),
                            Some(s.needs_discovery),
                            false,
                        );
                        widgets::score_bar(
                            ui,
                            tr(lang, T::ObjectionHandling),
                            s.objection_handling,
                            false,
                        );
                        widgets::score_bar(ui, tr(lang, T::Closing), Some(s.closing), false);
                        ui.label(format!(
                            "{}: {}",
                            tr(lang, T::Style),
                            label_name(lang, result.totals.style)
                        ));
                    });
                }
                ui.add_space(16.0);
                match &*save {
                    SaveStatus::Saved(path) => {
                        widgets::hint(
                            ui,
                            &fill(tr(lang, T::Saved), &[&path.display().to_string()]),
                        );
                    }
                    SaveStatus::Failed(message) => {
                        ui.label(
                            egui::RichText::new(fill(tr(lang, T::SaveFailed), &[message]))
                                .color(BAD),
                        );
                    }
                    SaveStatus::Saving | SaveStatus::Idle => {
                        ui.label(egui::RichText::new(tr(lang, T::Saving)).color(MUTED));
                    }
                }
                ui.add_space(16.0);
                if widgets::primary_button(ui, tr(lang, T::BackToMenu)) || leave {
                    commands.remove_resource::<Session>();
                    next.set(Screen::Title);
                }
            });
        });
    Ok(())
}
