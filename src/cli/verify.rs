//! `rapport verify`: re-plays every transcript in result files and names each mismatch.

use std::path::Path;
use std::process::ExitCode;

use super::{EXIT_INVALID, VerifyArgs};
use crate::sim::assessment::{AssessmentResult, DefinitionFile, load_definitions, verify};
use crate::sim::pack::Playable;
use crate::sim::record::{ResultRecord, is_assessment, verify_record};
use crate::sim::seal::SealKey;

/// The assessment definitions that validate: shipped and from folders.
pub(super) fn definitions(dirs: &[std::path::PathBuf], pack: &[Playable]) -> Vec<DefinitionFile> {
    load_definitions(dirs, pack)
        .into_iter()
        .filter_map(Result::ok)
        .collect()
}

/// What checking one result file found.
pub(super) struct Checked {
    /// Everything wrong with it (empty when it is genuine).
    pub problems: Vec<String>,
    /// The fingerprint of the key it is sealed with, if it is sealed.
    pub sealed_by: Option<String>,
}

/// Checks one result file; with the recruiter's key an assessment result must carry their seal.
pub(super) fn check_file(
    path: &Path,
    pack: &[Playable],
    definitions: &[DefinitionFile],
    key: Option<&SealKey>,
) -> Checked {
    let failed = |problem: String| Checked {
        problems: vec![problem],
        sealed_by: None,
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => return failed(format!("cannot read: {e}")),
    };
    if is_assessment(text.as_bytes()) {
        return match serde_json::from_str::<AssessmentResult>(&text) {
            Ok(result) => {
                let mut problems = verify(&result, pack, definitions);
                problems.extend(key.and_then(|key| result.check_seal(key)));
                Checked {
                    problems,
                    sealed_by: result.seal.map(|s| s.key),
                }
            }
            Err(e) => failed(format!("not a Rapport assessment result: {e}")),
        };
    }
    match serde_json::from_str::<ResultRecord>(&text) {
        Ok(record) => Checked {
            problems: verify_record(&record, pack),
            sealed_by: None,
        },
        Err(e) => failed(format!("not a Rapport result: {e}")),
    }
}

pub(super) fn run(args: &VerifyArgs) -> ExitCode {
    let key = match super::load_seal_key(args.seal_key.as_deref()) {
        Ok(key) => key,
        Err(code) => return code,
    };
    let pack = crate::sim::pack::playable(&args.scenario_dirs);
    let definitions = definitions(&args.assessment_dirs, &pack);
    let mut failed = false;
    for path in &args.files {
        let checked = check_file(path, &pack, &definitions, key.as_ref());
        if checked.problems.is_empty() {
            match (&checked.sealed_by, &key) {
                (Some(by), Some(_)) => {
                    outln!("{}: genuine, sealed with key {by}", path.display())
                }
                (Some(by), None) => outln!(
                    "{}: genuine (sealed with key {by}; give --seal-key to check the seal)",
                    path.display()
                ),
                (None, _) => outln!("{}: genuine", path.display()),
            }
        } else {
            failed = true;
            for mismatch in checked.problems {
                outln!("{}: {mismatch}", path.display());
            }
        }
    }
    if failed {
        ExitCode::from(EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    }
}
