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
    /// The id the file declares, when it parsed (a file that fails validation has one too).
    pub declared_id: Option<String>,
}

impl PackEntry {
    /// The scenario id, when the file parsed.
    pub fn id(&self) -> Option<&str> {
        self.declared_id.as_deref()
    }
}

fn entry(origin: String, path: &Path, text: String, assets: &[PathBuf]) -> PackEntry {
    let hash = content_hash(&text);
    let mut declared_id = None;
    let scenario = match parse_str(path, text) {
        Err(error) => Err(vec![Issue::from(&error).to_string()]),
        Ok(file) => {
            declared_id = Some(file.scenario.id.to_string());
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
    PackEntry {
        origin,
        scenario,
        declared_id,
    }
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
                declared_id: None,
            },
            Ok(path) => match crate::authoring::load::load_file(&path) {
                Err(error) => PackEntry {
                    origin: path.display().to_string(),
                    scenario: Err(vec![Issue::from(&error).to_string()]),
                    declared_id: None,
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

/// A shipped scenario by id, for tests.
#[cfg(test)]
pub(crate) fn shipped(id: &str) -> Playable {
    playable(&[])
        .into_iter()
        .find(|p| p.scenario.id.as_str() == id)
        .expect("a shipped scenario")
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
        let shipped_title = load(&[])[0]
            .scenario
            .as_ref()
            .expect("playable")
            .scenario
            .title
            .clone();
        let retitled = text.replacen(
            &format!("title: \"{shipped_title}\""),
            "title: \"Trainer's copy\"",
            1,
        );
        assert_ne!(retitled, text, "the title was found and changed");
        std::fs::write(dir.path().join(name), retitled).expect("write");
        std::fs::write(dir.path().join("broken.ron"), "Scenario(").expect("write");
        let pack = load(&[dir.path().to_owned()]);
        assert_eq!(pack.len(), SHIPPED.len() + 1);
        let overridden = pack
            .iter()
            .find(|e| e.origin.ends_with(name) && !e.origin.starts_with("(built in)"));
        let overridden = overridden.expect("the folder's copy is listed");
        let playable = overridden.scenario.as_ref().expect("playable");
        assert_eq!(playable.scenario.title, "Trainer's copy");
        assert_eq!(
            pack.iter().filter(|e| e.id() == overridden.id()).count(),
            1,
            "the shipped copy is gone"
        );
        let broken = pack.last().expect("entry");
        assert_eq!(broken.id(), None);
        assert!(broken.origin.ends_with("broken.ron"));
        assert!(
            broken
                .scenario
                .as_ref()
                .is_err_and(|e| e[0].contains("broken.ron:1:"))
        );
    }

    #[test]
    fn a_folder_scenario_that_fails_validation_replaces_the_shipped_one_with_its_errors() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (name, text) = SHIPPED[0];
        let id = load(&[])[0].id().expect("an id").to_owned();
        // Parses, keeps the shipped id, but fails validation: difficulty out of range.
        let broken = text.replacen("difficulty:", "difficulty: 9, // was:", 1);
        std::fs::write(dir.path().join(name), broken).expect("write");
        let pack = load(&[dir.path().to_owned()]);
        let entries: Vec<&PackEntry> = pack.iter().filter(|e| e.id() == Some(&id)).collect();
        assert_eq!(
            entries.len(),
            1,
            "one entry for the id, not the shipped copy beside it"
        );
        let errors = entries[0].scenario.as_ref().expect_err("not playable");
        assert!(
            errors.iter().any(|e| e.contains("difficulty")),
            "{errors:?}"
        );
        assert!(
            playable(&[dir.path().to_owned()])
                .iter()
                .all(|p| p.scenario.id.as_str() != id)
        );
    }
}
