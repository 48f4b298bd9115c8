//! The Bevy game: the top `AppPlugin`, the `Screen` state and the start-up options; screens,
//! the drawn customer and the egui interface are thin plugins over `rapport_core`.

use std::path::PathBuf;
use std::process::ExitCode;

use bevy::prelude::*;
use bevy::window::WindowResolution;
use bevy::winit::WinitSettings;
use bevy_egui::EguiPlugin;

use rapport_core::assessment::seal::SealKey;
use rapport_core::authoring::pack::Playable;

pub mod assessment;
pub mod customer;
pub mod data;
pub mod hot_reload;
pub mod i18n;
pub mod lrs_sync;
pub mod reactive;
pub mod screens;
pub mod seminar;
pub mod session;
pub mod settings;
pub mod studio;
pub mod tasks;
pub mod ui;

/// What the command line asked of the game.
#[derive(Clone, Debug, Default, Resource)]
pub struct GameOptions {
    /// Where results and settings live.
    pub data_dir: PathBuf,
    /// Folders whose scenarios extend or override the shipped pack.
    pub scenario_dirs: Vec<PathBuf>,
    /// Open straight into this scenario (a trainer previewing it).
    pub preview: Option<Playable>,
    pub seed: Option<u64>,
    pub player: Option<String>,
    /// Folders whose assessment definitions are offered beside the shipped ones.
    pub assessment_dirs: Vec<PathBuf>,
    /// Time-limit multiplier for the candidate (accommodation), 1.0 = none.
    pub extra_time: f64,
    /// The recruiter's key that seals finished assessments.
    pub seal_key: Option<SealKey>,
}

/// The one screen state; entities of a screen carry `DespawnOnExit(Screen::X)`.
#[derive(States, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Screen {
    #[default]
    Title,
    Picker,
    Conversation,
    Debrief,
    History,
    Settings,
    AssessmentSetup,
    AssessmentEnd,
    Seminar,
    Studio,
}

/// Everything that decides and stores: usable without a window (tests use it with `MinimalPlugins`).
pub struct CorePlugin {
    pub options: GameOptions,
}

impl Plugin for CorePlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(self.options.clone())
            .init_state::<Screen>()
            .add_plugins((
                settings::plugin,
                data::plugin,
                session::plugin,
                assessment::plugin,
                seminar::plugin,
                lrs_sync::plugin,
                studio::plugin,
                hot_reload::plugin,
            ));
    }
}

/// The whole game: the core plus the window, the drawn customer and the interface.
pub struct AppPlugin {
    pub options: GameOptions,
}

impl Plugin for AppPlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins(CorePlugin {
            options: self.options.clone(),
        })
        .add_plugins((reactive::plugin, customer::plugin, InterfacePlugin));
    }
}

/// The egui interface over the core: theme, widgets and every screen, without the window or
/// the drawn customer, so tests can run it headless with bevy_egui's own pipeline.
pub struct InterfacePlugin;

impl Plugin for InterfacePlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins((ui::plugin, screens::plugin));
    }
}

/// Opens the window and runs the game until it is closed.
pub fn run(options: GameOptions) -> ExitCode {
    App::new()
        .add_plugins(
            DefaultPlugins
                .set(WindowPlugin {
                    primary_window: Some(Window {
                        title: "Rapport".into(),
                        resolution: WindowResolution::new(1280, 800),
                        ..default()
                    }),
                    ..default()
                })
                .set(bevy::log::LogPlugin {
                    level: bevy::log::Level::WARN,
                    ..default()
                }),
        )
        .insert_resource(WinitSettings::desktop_app())
        .insert_resource(ClearColor(ui::theme::STAGE))
        .add_plugins(EguiPlugin::default())
        .add_plugins(AppPlugin { options })
        .run();
    ExitCode::SUCCESS
}
