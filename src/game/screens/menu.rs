//! The title screen: the player's name, the three modes, history, settings and quit.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::game::Screen;
use crate::game::assessment::InterruptedRuns;
use crate::game::i18n::{T, tr};
use crate::game::settings::Settings;
use crate::game::ui::theme::{self, ACCENT, MUTED};
use crate::game::ui::{ScreensUiSystems, root_ui, widgets};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        menu_ui
            .in_set(ScreensUiSystems)
            .run_if(in_state(Screen::Title)),
    );
}

fn menu_ui(
    mut contexts: EguiContexts,
    mut settings: ResMut<Settings>,
    mut next: ResMut<NextState<Screen>>,
    mut exit: MessageWriter<AppExit>,
    mut warned: Local<bool>,
    interrupted: Res<InterruptedRuns>,
) -> Result {
    let interrupted = interrupted.0;
    let ctx = contexts.ctx_mut()?;
    let lang = settings.lang;
    let mut ui = root_ui(ctx);
    let mut name = settings.player.clone();
    let mut go: Option<Screen> = None;
    // Letter shortcuts only while no text field has the keyboard.
    let typing = ctx.egui_wants_keyboard_input();
    let (enter, assessment, seminar, history, settings_key, quit) = ctx.input(|i| {
        (
            i.key_pressed(egui::Key::Enter),
            !typing && i.key_pressed(egui::Key::A),
            !typing && i.key_pressed(egui::Key::T),
            !typing && i.key_pressed(egui::Key::H),
            !typing && i.key_pressed(egui::Key::S),
            !typing && i.key_pressed(egui::Key::Q),
        )
    });
    if enter {
        go = Some(Screen::Picker);
    } else if assessment {
        go = Some(Screen::AssessmentSetup);
    } else if seminar {
        go = Some(Screen::Seminar);
    } else if history {
        go = Some(Screen::History);
    } else if settings_key {
        go = Some(Screen::Settings);
    } else if quit {
        exit.write(AppExit::Success);
    }
    egui::CentralPanel::default()
        .frame(theme::page())
        .show(&mut ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(ui.available_height() * 0.08);
                ui.label(
                    egui::RichText::new("Rapport")
                        .size(56.0)
                        .strong()
                        .color(ACCENT),
                );
                ui.label(
                    egui::RichText::new(tr(lang, T::AppTagline))
                        .size(20.0)
                        .color(MUTED),
                );
                ui.add_space(28.0);
                ui.allocate_ui(egui::vec2(460.0, 600.0), |ui| {
                    theme::card().show(ui, |ui| {
                        ui.set_width(420.0);
                        ui.label(egui::RichText::new(tr(lang, T::YourName)).strong());
                        let edit = ui.add(
                            egui::TextEdit::singleline(&mut name)
                                .hint_text(tr(lang, T::NamePlaceholder))
                                .desired_width(f32::INFINITY)
                                .char_limit(60),
                        );
                        if name.trim().is_empty() && !edit.has_focus() && !*warned {
                            edit.request_focus();
                        }
                        if *warned && name.trim().is_empty() {
                            ui.label(
                                egui::RichText::new(tr(lang, T::NameNeeded)).color(theme::BAD),
                            );
                        }
                        ui.add_space(12.0);
                        if widgets::primary_button(ui, tr(lang, T::Practice)) {
                            go = Some(Screen::Picker);
                        }
                        widgets::hint(ui, tr(lang, T::PracticeHint));
                        ui.add_space(8.0);
                        if widgets::button(ui, tr(lang, T::Assessment)) {
                            go = Some(Screen::AssessmentSetup);
                        }
                        widgets::hint(ui, tr(lang, T::AssessmentHint));
                        if interrupted {
                            ui.label(
                                egui::RichText::new(tr(lang, T::ResumeBanner)).color(theme::WARN),
                            );
                        }
                        if widgets::button(ui, tr(lang, T::Seminar)) {
                            go = Some(Screen::Seminar);
                        }
                        widgets::hint(ui, tr(lang, T::SeminarHint));
                        ui.add_space(8.0);
                        ui.separator();
                        ui.horizontal(|ui| {
                            if widgets::button(ui, tr(lang, T::History)) {
                                go = Some(Screen::History);
                            }
                            if widgets::button(ui, tr(lang, T::Settings)) {
                                go = Some(Screen::Settings);
                            }
                            if widgets::button(ui, tr(lang, T::Quit)) {
                                exit.write(AppExit::Success);
                            }
                        });
                        widgets::hint(ui, tr(lang, T::MenuKeys));
                    });
                });
            });
        });
    if name != settings.player {
        settings.player = name;
    }
    match go {
        Some(Screen::Picker) if settings.player.trim().is_empty() => *warned = true,
        Some(screen) => next.set(screen),
        None => {}
    }
    Ok(())
}
