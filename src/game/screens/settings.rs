//! The settings screen: language, interface scale, full screen, the slow-reply threshold, and
//! where results go (the organisation's xAPI account page and LRS, with the sync's state).

use std::time::Instant;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::game::Screen;
use crate::game::i18n::{Lang, T, fill, tr};
use crate::game::lrs_sync::{LrsPassword, LrsPasswordError, LrsSync, Phase, SetLrsPassword};
use crate::game::settings::{MAX_SCALE, MIN_SCALE, Settings, SettingsError};
use crate::game::ui::theme::{self, BAD, GOOD, MUTED};
use crate::game::ui::{ScreensUiSystems, root_ui, widgets};
use rapport_core::xapi::DEFAULT_HOME_PAGE;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        settings_ui
            .in_set(ScreensUiSystems)
            .run_if(in_state(Screen::Settings)),
    );
}

/// The LRS side of the settings screen.
#[derive(SystemParam)]
struct LrsParams<'w> {
    password: Res<'w, LrsPassword>,
    problem: Res<'w, LrsPasswordError>,
    sync: Option<Res<'w, LrsSync>>,
}

fn settings_ui(
    mut contexts: EguiContexts,
    mut commands: Commands,
    mut settings: ResMut<Settings>,
    error: Res<SettingsError>,
    lrs: LrsParams,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        next.set(Screen::Title);
    }
    let mut edited = settings.clone();
    let lang = edited.lang;
    let mut password = lrs.password.0.clone();
    let mut ui = root_ui(ctx);
    egui::CentralPanel::default()
        .frame(theme::page())
        .show(&mut ui, |ui| {
            if widgets::page_header(ui, tr(lang, T::Back), tr(lang, T::Settings)) {
                next.set(Screen::Title);
            }
            ui.add_space(12.0);
            egui::ScrollArea::vertical().show(ui, |ui| {
                theme::card().show(ui, |ui| {
                    ui.set_width(ui.available_width().min(560.0));
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
                ui.add_space(12.0);
                let sync = lrs.sync.as_deref();
                lrs_card(
                    ui,
                    lang,
                    &mut edited,
                    &mut password,
                    lrs.problem.0.as_deref(),
                    sync,
                );
            });
        });
    if edited != *settings {
        *settings = edited;
    }
    if password != lrs.password.0 {
        commands.trigger(SetLrsPassword(password));
    }
    Ok(())
}

/// Where results go: the account page, the LRS and its password, and what the sync says.
fn lrs_card(
    ui: &mut egui::Ui,
    lang: Lang,
    edited: &mut Settings,
    password: &mut String,
    problem: Option<&str>,
    sync: Option<&LrsSync>,
) {
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width().min(560.0));
        ui.label(egui::RichText::new(tr(lang, T::XapiSection)).strong());
        widgets::hint(ui, tr(lang, T::XapiHint));
        let field = |ui: &mut egui::Ui, label: T, value: &mut String, hint: &str| {
            ui.label(tr(lang, label));
            ui.add(
                egui::TextEdit::singleline(value)
                    .hint_text(hint)
                    .desired_width(f32::INFINITY),
            );
        };
        let x = &mut edited.xapi;
        field(ui, T::HomePage, &mut x.home_page, DEFAULT_HOME_PAGE);
        field(
            ui,
            T::LrsUrl,
            &mut x.lrs_url,
            "https://lrs.example.com/data/xAPI",
        );
        field(ui, T::LrsUser, &mut x.lrs_user, "");
        ui.label(tr(lang, T::LrsPassword));
        ui.add(
            egui::TextEdit::singleline(password)
                .password(true)
                .desired_width(f32::INFINITY),
        );
        if let Some(problem) = problem {
            ui.label(egui::RichText::new(problem).color(BAD));
        }
        let Some(sync) = sync else {
            return;
        };
        ui.add_space(6.0);
        let state = sync.state();
        let waiting = state.waiting.to_string();
        let (text, color) = match &state.phase {
            Phase::Starting => (tr(lang, T::SyncStarting).to_owned(), MUTED),
            Phase::NoLrs => (fill(tr(lang, T::SyncNoLrs), &[&waiting]), MUTED),
            Phase::Sending => (fill(tr(lang, T::SyncSending), &[&waiting]), MUTED),
            Phase::Sent => (
                fill(tr(lang, T::SyncSent), &[&state.sent.to_string()]),
                GOOD,
            ),
            Phase::Failing { message, retry_at } => {
                let left = retry_at.saturating_duration_since(Instant::now()).as_secs();
                let args = [message.as_str(), &waiting, &left.to_string()];
                (fill(tr(lang, T::SyncFailing), &args), BAD)
            }
        };
        ui.label(egui::RichText::new(text).color(color));
        if widgets::button(ui, tr(lang, T::SendNow)) {
            sync.send_now();
        }
    });
}
