//! The scenario pack as the game sees it: the shipped scenarios embedded in the binary,
//! overridden or extended by folders, each either playable or listed with its errors.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::authoring::load::parse_str;
use crate::authoring::validate::{Issue, assets_roots, expand_paths, validate};
use crate::engine::record::content_hash;
use crate::engine::scenario::Scenario;

include!(concat!(env!("OUT_DIR"), "/shipped_pack.rs"));

/// A scenario ready to play.
#[derive(Clone, Debug)]
pub struct Playable {
    pub scenario: Arc<Scenario>,
    /// SHA-256 of the file's text.
    pub hash: String,
}

/// One file of the pack: playable, or refused with the lines saying why.
#[derive(Clone, Debug)]
pub struct PackEntry {
    /// Where it came from: a path, or `(built in) name.ron`.
    pub origin: String,
    pub scenario: Result<Playable, Vec<String>>,
}

impl PackEntry {
    /// The scenario id, when the file parsed.
    pub fn id(&self) -> Option<&str> {
        self.scenario.as_ref().ok().map(|p| p.scenario.id.as_str())
    }
}

fn entry(origin: String, path: &Path, text: String, assets: &[PathBuf]) -> PackEntry {
    let hash = content_hash(&text);
    let scenario = match parse_str(path, text) {
        Err(error) => Err(vec![Issue::from(&error).to_string()]),
        Ok(file) => {
            let errors: Vec<String> = validate(&file, assets)
                .iter()
                .filter(|i| i.is_error())
                .map(ToString::to_string)
                .collect();
            if errors.is_empty() {
                Ok(Playable {
                    scenario: Arc::new(file.scenario),
                    hash,
                })
            } else {
                Err(errors)
            }
        }
    };
    PackEntry { origin, scenario }
}

/// Loads the shipped pack, then every `.ron` under `folders`; a folder's scenario replaces a
/// shipped one with the same id. Broken files stay in the list with their errors.
pub fn load(folders: &[PathBuf]) -> Vec<PackEntry> {
    let mut pack: Vec<PackEntry> = SHIPPED
        .iter()
        .map(|(name, text)| {
            let path = Path::new("scenarios").join(name);
            entry(
                format!("(built in) {name}"),
                &path,
                (*text).to_owned(),
                &assets_roots(&path),
            )
        })
        .collect();
    for found in expand_paths(folders) {
        let added = match found {
            Err(issue) => PackEntry {
                origin: issue.path.display().to_string(),
                scenario: Err(vec![issue.to_string()]),
            },
            Ok(path) => match crate::authoring::load::load_file(&path) {
                Err(error) => PackEntry {
                    origin: path.display().to_string(),
                    scenario: Err(vec![Issue::from(&error).to_string()]),
                },
                Ok(file) => entry(
                    path.display().to_string(),
                    &path,
                    file.source,
                    &assets_roots(&path),
                ),
            },
        };
        match added
            .id()
            .and_then(|id| pack.iter().position(|e| e.id() == Some(id)))
        {
            Some(i) => pack[i] = added,
            None => pack.push(added),
        }
    }
    pack
}

/// Only the scenarios that can be played, from the same sources as [`load`].
pub fn playable(folders: &[PathBuf]) -> Vec<Playable> {
    load(folders)
        .into_iter()
        .filter_map(|e| e.scenario.ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_pack_is_embedded_and_playable() {
        let pack = load(&[]);
        assert_eq!(pack.len(), SHIPPED.len());
        assert!(pack.len() >= 2);
        for e in &pack {
            assert!(
                e.scenario.is_ok(),
                "{}: {:?}",
                e.origin,
                e.scenario.as_ref().err()
            );
        }
    }

    #[test]
    fn a_folder_overrides_by_id_and_lists_broken_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (name, text) = SHIPPED[0];
        std::fs::write(dir.path().join(name), text).expect("write");
        std::fs::write(dir.path().join("broken.ron"), "Scenario(").expect("write");
        let pack = load(&[dir.path().to_owned()]);
        assert_eq!(pack.len(), SHIPPED.len() + 1);
        let overridden = pack
            .iter()
            .find(|e| e.origin.ends_with(name) && !e.origin.starts_with("(built in)"));
        assert!(
            overridden.is_some(),
            "the folder's copy replaced the shipped one"
        );
        let broken = pack.last().expect("entry");
        assert!(broken.origin.ends_with("broken.ron"));
        assert!(
            broken
                .scenario
                .as_ref()
                .is_err_and(|e| e[0].contains("broken.ron:1:"))
        );
    }
}
