//! Player settings (name, language, interface scale, full screen, slow-reply threshold),
//! remembered in the data folder.

use std::path::{Path, PathBuf};

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::GameOptions;
use super::i18n::Lang;
use rapport_core::store::outbox::XapiSettings;
use rapport_core::store::settings::{load_settings, save_settings};
/// Scales run in steps of 0.1 from here, so 1.0 lies on the slider's grid.
pub const MIN_SCALE: f32 = 0.8;
pub const MAX_SCALE: f32 = 2.0;
/// The scale "large text" sets (the seminar's projector toggle, the layout test's large text).
pub const LARGE_TEXT_SCALE: f32 = 1.25;

/// What the player chose; saved whenever it changes.
#[derive(Clone, Debug, PartialEq, Resource, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub player: String,
    pub lang: Lang,
    pub ui_scale: f32,
    pub fullscreen: bool,
    pub slow_reply_secs: u32,
    /// The organisation's xAPI account page and LRS (the password is kept apart).
    pub xapi: XapiSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            player: String::new(),
            lang: Lang::from_environment(),
            ui_scale: 1.0,
            fullscreen: false,
            slow_reply_secs: 30,
            xapi: XapiSettings::default(),
        }
    }
}

impl Settings {
    /// Loads the settings file; a missing or unreadable one gives the defaults.
    pub fn load(data_dir: &Path) -> Settings {
        load_settings(data_dir)
    }

    /// Writes the settings atomically.
    pub fn save(&self, data_dir: &Path) -> Result<PathBuf, String> {
        save_settings(data_dir, self).map_err(|e| e.to_string())
    }

    /// Changes the scale by `steps` of 10 %, within bounds.
    pub fn zoom(&mut self, steps: f32) {
        self.ui_scale = ((self.ui_scale + 0.1 * steps) * 10.0).round() / 10.0;
        self.ui_scale = self.ui_scale.clamp(MIN_SCALE, MAX_SCALE);
    }
}

/// The last settings save error, shown on the settings screen.
#[derive(Debug, Default, Resource)]
pub struct SettingsError(pub Option<String>);

pub(super) fn plugin(app: &mut App) {
    let data_dir = app.world().resource::<GameOptions>().data_dir.clone();
    let mut settings = Settings::load(&data_dir);
    if let Some(player) = &app.world().resource::<GameOptions>().player {
        settings.player.clone_from(player);
    }
    app.insert_resource(settings)
        .init_resource::<SettingsError>()
        .add_systems(Update, save_settings_when_changed);
}

fn save_settings_when_changed(
    settings: Res<Settings>,
    options: Res<GameOptions>,
    mut error: ResMut<SettingsError>,
) {
    if settings.is_changed() && !settings.is_added() {
        error.0 = settings.save(&options.data_dir).err();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rapport_core::store::settings::SETTINGS_FILE;

    #[test]
    fn settings_round_trip_and_zoom_stays_in_bounds() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut s = Settings {
            player: "Ира".into(),
            ..Settings::default()
        };
        for _ in 0..30 {
            s.zoom(1.0);
        }
        assert_eq!(s.ui_scale, MAX_SCALE);
        s.zoom(-3.0);
        assert!((s.ui_scale - 1.7).abs() < 1e-6);
        s.save(dir.path()).expect("saved");
        assert_eq!(Settings::load(dir.path()), s);
    }

    #[test]
    fn a_broken_settings_file_gives_defaults() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join(SETTINGS_FILE), "{not json").expect("write");
        assert_eq!(Settings::load(dir.path()).slow_reply_secs, 30);
    }
}
