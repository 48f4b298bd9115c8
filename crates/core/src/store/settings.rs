//! The player's settings file in the data folder (its fields belong to the game).

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::store::{StoreError, read_json, to_json, write_atomically};

/// The settings file's name inside the data folder.
pub const SETTINGS_FILE: &str = "settings.json";

/// The saved settings; a missing or unreadable file gives the defaults.
pub fn load_settings<T: DeserializeOwned + Default>(data_dir: &Path) -> T {
    read_json(&data_dir.join(SETTINGS_FILE)).unwrap_or_default()
}

/// Writes the settings atomically, returning where.
pub fn save_settings(data_dir: &Path, settings: &impl Serialize) -> Result<PathBuf, StoreError> {
    let path = data_dir.join(SETTINGS_FILE);
    write_atomically(&path, &to_json(&path, settings)?)?;
    Ok(path)
}
