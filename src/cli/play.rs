//! No subcommand: resolve the data folder and the preview scenario, then open the game window.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use super::GameArgs;
use crate::game::{self, GameOptions};
use rapport_core::authoring::pack::Playable;
use rapport_core::engine::record::content_hash;

/// `--data-dir`, else `RAPPORT_DATA_DIR`, else the platform's data folder, else `./rapport-data`.
pub(super) fn data_dir(flag: Option<&PathBuf>) -> PathBuf {
    if let Some(dir) = flag {
        return dir.clone();
    }
    if let Some(dir) = std::env::var_os("RAPPORT_DATA_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("", "", "Rapport").map_or_else(
        || PathBuf::from("rapport-data"),
        |d| d.data_dir().to_owned(),
    )
}

pub(super) fn run(args: &GameArgs) -> ExitCode {
    let preview = match &args.scenario {
        None => None,
        Some(path) => match super::load_valid(path) {
            Ok(file) => Some(Playable {
                hash: content_hash(&file.source),
                scenario: Arc::new(file.scenario),
            }),
            Err(code) => return code,
        },
    };
    let seal_key = match super::load_seal_key(args.seal_key.as_deref()) {
        Ok(key) => key,
        Err(code) => return code,
    };
    game::run(GameOptions {
        data_dir: data_dir(args.data_dir.as_ref()),
        scenario_dirs: args.scenario_dirs.clone(),
        preview,
        seed: args.seed,
        player: args.player.clone(),
        assessment_dirs: args.assessment_dirs.clone(),
        extra_time: rapport_core::assessment::bounded_extra_time(args.extra_time),
        seal_key,
    })
}
