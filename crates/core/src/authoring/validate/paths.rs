//! Validating files and folders: the `.ron` files a path names, where portraits may be, and
//! one report over many files in which a broken file never stops the others.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{Issue, Severity, validate};
use crate::authoring::load::{ScenarioFile, load_file};
use crate::authoring::locate::locate_definition;
use crate::store::StoreError;

/// The outcome of validating many files.
#[derive(Debug, Default)]
pub struct PackReport {
    /// Every file checked, with its issues (empty when clean).
    pub files: Vec<(PathBuf, Vec<Issue>)>,
    /// The scenarios that loaded without errors.
    pub valid: Vec<ScenarioFile>,
}

impl PackReport {
    pub fn error_files(&self) -> usize {
        self.files
            .iter()
            .filter(|(_, i)| i.iter().any(Issue::is_error))
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.files
            .iter()
            .flat_map(|(_, i)| i)
            .filter(|i| !i.is_error())
            .count()
    }

    /// `checked N files: X valid, Y with errors, Z warnings`
    pub fn summary(&self) -> String {
        let errors = self.error_files();
        format!(
            "checked {} files: {} valid, {} with errors, {} warnings",
            self.files.len(),
            self.files.len() - errors,
            errors,
            self.warnings()
        )
    }
}

/// Expands folders into their `.ron` files (sorted, recursive); files are kept as given, and
/// an unreadable folder is an issue of its own.
pub fn expand_paths(paths: &[PathBuf]) -> Vec<Result<PathBuf, Issue>> {
    crate::store::text::expand_ron_paths(paths)
        .into_iter()
        .map(|found| {
            found.map_err(|e| Issue {
                severity: Severity::Error,
                path: e.path().to_owned(),
                at: None,
                message: match e {
                    StoreError::Io { source, .. } => format!("cannot read folder: {source}"),
                    other => other.to_string(),
                },
            })
        })
        .collect()
}

/// Where portraits may be: `assets/` beside the scenarios' folder, then `./assets`.
pub fn assets_roots(scenario_path: &Path) -> Vec<PathBuf> {
    let mut roots = Vec::new();
    if let Some(pack) = scenario_path.parent().and_then(Path::parent) {
        roots.push(pack.join("assets"));
    }
    roots.push(PathBuf::from("assets"));
    roots
}

/// Loads and validates every file; one bad file never stops the others.
pub fn validate_paths(paths: &[PathBuf]) -> PackReport {
    let mut report = PackReport::default();
    let mut ids: HashMap<String, PathBuf> = HashMap::new();
    for entry in expand_paths(paths) {
        let path = match entry {
            Ok(path) => path,
            Err(issue) => {
                report.files.push((issue.path.clone(), vec![issue]));
                continue;
            }
        };
        match load_file(&path) {
            Err(error) => report.files.push((path, vec![Issue::from(&error)])),
            Ok(file) => {
                let mut issues = validate(&file, &assets_roots(&path));
                let id = file.scenario.id.as_str().to_owned();
                if let Some(first) = ids.get(&id) {
                    issues.insert(
                        0,
                        Issue {
                            severity: Severity::Error,
                            path: path.clone(),
                            at: locate_definition(&file.source, &id),
                            message: format!(
                                "duplicate scenario id \"{id}\" (also in {})",
                                first.display()
                            ),
                        },
                    );
                } else {
                    ids.insert(id, path.clone());
                }
                let ok = !issues.iter().any(Issue::is_error);
                report.files.push((path, issues));
                if ok {
                    report.valid.push(file);
                }
            }
        }
    }
    report
}
