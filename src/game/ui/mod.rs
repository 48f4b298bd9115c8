//! The egui layer's shared parts: theme, widgets, the camera, interface scale and full screen.

use bevy::prelude::*;
use bevy::window::{MonitorSelection, PrimaryWindow, WindowMode};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::settings::Settings;

pub mod layout_check;
pub mod theme;
pub mod widgets;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn_camera)
        .add_systems(
            EguiPrimaryContextPass,
            (apply_theme, zoom_keys, forget_scrolling_on_a_new_screen)
                .chain()
                .before(ScreensUiSystems),
        )
        .configure_sets(EguiPrimaryContextPass, ScreensUiSystems)
        .add_systems(Update, apply_window_mode);
}

/// The screens' egui systems, which run after the theme is set.
#[derive(SystemSet, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ScreensUiSystems;

fn spawn_camera(mut commands: Commands) {
    commands.spawn(Camera2d);
}

/// A root `Ui` covering the window, for panels (egui 0.36 shows panels inside a `Ui`).
pub fn root_ui(ctx: &egui::Context) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        "rapport-root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}

fn apply_theme(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    mut applied: Local<Option<f32>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    if applied.is_none() {
        theme::install(ctx);
    }
    if *applied != Some(settings.ui_scale) {
        ctx.set_zoom_factor(settings.ui_scale);
        *applied = Some(settings.ui_scale);
    }
    Ok(())
}

/// Every screen opens at its top: egui keeps scroll offsets by widget id, and screens reuse
/// ids (a brief would open where the last one was left, a debrief at its bottom), so the
/// remembered widget state is dropped whenever the screen changes.
fn forget_scrolling_on_a_new_screen(
    mut contexts: EguiContexts,
    mut changes: MessageReader<StateTransitionEvent<super::Screen>>,
) -> Result {
    if changes.read().count() > 0 {
        contexts.ctx_mut()?.memory_mut(|m| m.data.clear());
    }
    Ok(())
}

/// Ctrl + / Ctrl − change the interface scale (and the setting that remembers it).
fn zoom_keys(mut contexts: EguiContexts, mut settings: ResMut<Settings>) -> Result {
    let ctx = contexts.ctx_mut()?;
    let steps = ctx.input(|i| {
        if !i.modifiers.command {
            return 0.0;
        }
        let up = i.key_pressed(egui::Key::Plus) || i.key_pressed(egui::Key::Equals);
        let down = i.key_pressed(egui::Key::Minus);
        f32::from(u8::from(up)) - f32::from(u8::from(down))
    });
    if steps != 0.0 {
        settings.zoom(steps);
    }
    Ok(())
}

fn apply_window_mode(settings: Res<Settings>, mut window: Query<&mut Window, With<PrimaryWindow>>) {
    if !settings.is_changed() {
        return;
    }
    if let Ok(mut window) = window.single_mut() {
        let mode = if settings.fullscreen {
            WindowMode::BorderlessFullscreen(MonitorSelection::Current)
        } else {
            WindowMode::Windowed
        };
        if window.mode != mode {
            window.mode = mode;
        }
    }
}
