//! `rapport verify`: re-plays every transcript in result files and names each mismatch.

use std::path::Path;
use std::process::ExitCode;

use super::{EXIT_INVALID, VerifyArgs};
use crate::sim::assessment::{AssessmentResult, DefinitionFile, load_definitions, verify};
use crate::sim::pack::Playable;
use crate::sim::record::{ResultRecord, verify_record};

/// The assessment definitions that validate: shipped and from folders.
pub(super) fn definitions(dirs: &[std::path::PathBuf], pack: &[Playable]) -> Vec<DefinitionFile> {
    load_definitions(dirs, pack)
        .into_iter()
        .filter_map(Result::ok)
        .collect()
}

/// Everything wrong with one result file (empty when it is genuine).
pub(super) fn check_file(
    path: &Path,
    pack: &[Playable],
    definitions: &[DefinitionFile],
) -> Vec<String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => return vec![format!("cannot read: {e}")],
    };
    let value: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => return vec![format!("not JSON: {e}")],
    };
    // Parse the text itself, not the `Value`: a `Value` sorts keys, and order is part of the chain.
    if value.get("kind").and_then(|k| k.as_str()) == Some("assessment") {
        return match serde_json::from_str::<AssessmentResult>(&text) {
            Ok(result) => verify(&result, pack, definitions),
            Err(e) => vec![format!("not a Rapport assessment result: {e}")],
        };
    }
    match serde_json::from_str::<ResultRecord>(&text) {
        Ok(record) => verify_record(&record, pack),
        Err(e) => vec![format!("not a Rapport result: {e}")],
    }
}

pub(super) fn run(args: &VerifyArgs) -> ExitCode {
    let pack = crate::sim::pack::playable(&args.scenario_dirs);
    let definitions = definitions(&args.assessment_dirs, &pack);
    let mut failed = false;
    for path in &args.files {
        let found = check_file(path, &pack, &definitions);
        if found.is_empty() {
            println!("{}: genuine", path.display());
        } else {
            failed = true;
            for mismatch in found {
                println!("{}: {mismatch}", path.display());
            }
        }
    }
    if failed {
        ExitCode::from(EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    }
}
