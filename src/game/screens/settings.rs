//! The settings screen: language, interface scale, full screen and the slow-reply threshold.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::game::Screen;
use crate::game::i18n::{Lang, T, fill, tr};
use crate::game::settings::{MAX_SCALE, MIN_SCALE, Settings, SettingsError};
use crate::game::ui::theme::{self, BAD};
use crate::game::ui::{ScreensUiSystems, root_ui, widgets};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        settings_ui
            .in_set(ScreensUiSystems)
            .run_if(in_state(Screen::Settings)),
    );
}

fn settings_ui(
    mut contexts: EguiContexts,
    mut settings: ResMut<Settings>,
    error: Res<SettingsError>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        next.set(Screen::Title);
    }
    let mut edited = settings.clone();
    let lang = edited.lang;
    let mut ui = root_ui(ctx);
    egui::CentralPanel::default()
        .frame(theme::page())
        .show(&mut ui, |ui| {
            if widgets::page_header(ui, tr(lang, T::Back), tr(lang, T::Settings)) {
                next.set(Screen::Title);
            }
            ui.add_space(12.0);
            theme::card().show(ui, |ui| {
                ui.set_width(560.0);
                ui.label(egui::RichText::new(tr(lang, T::Language)).strong());
                ui.horizontal(|ui| {
                    for option in Lang::ALL {
                        ui.radio_value(&mut edited.lang, option, option.name());
                    }
                });
                ui.add_space(10.0);
                ui.label(egui::RichText::new(tr(lang, T::UiScale)).strong());
                ui.add(
                    egui::Slider::new(&mut edited.ui_scale, MIN_SCALE..=MAX_SCALE)
                        .step_by(0.1)
                        .custom_formatter(|v, _| format!("{:.0} %", v * 100.0))
                        .custom_parser(|t| {
                            let number = t.trim().trim_end_matches('%').trim();
                            number.parse::<f64>().ok().map(|v| v / 100.0)
                        }),
                );
                widgets::hint(ui, tr(lang, T::UiScaleHint));
                ui.add_space(10.0);
                ui.checkbox(&mut edited.fullscreen, tr(lang, T::FullScreen));
                ui.add_space(10.0);
                ui.label(egui::RichText::new(tr(lang, T::SlowReplyThreshold)).strong());
                ui.add(egui::Slider::new(&mut edited.slow_reply_secs, 5..=180));
                widgets::hint(ui, tr(lang, T::SlowReplyHint));
                if let Some(message) = &error.0 {
                    ui.label(
                        egui::RichText::new(fill(tr(lang, T::SettingsSaveFailed), &[message]))
                            .color(BAD),
                    );
                }
            });
        });
    if edited != *settings {
        *settings = edited;
    }
    Ok(())
}
