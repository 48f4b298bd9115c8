//! `rapport verify`: re-plays every transcript in result files and names each mismatch.

use std::path::Path;
use std::process::ExitCode;

use super::{CheckArgs, EXIT_INVALID, VerifyArgs};
use crate::sim::assessment::{AssessmentResult, DefinitionFile, load_definitions, verify};
use crate::sim::pack::Playable;
use crate::sim::record::{ResultRecord, is_assessment, verify_record};
use crate::sim::seal::SealKey;

/// What checking result files needs: the shipped and extra scenarios and assessment
/// definitions, and the recruiter's key if one was given.
pub(super) struct Checker {
    key: Option<SealKey>,
    pack: Vec<Playable>,
    definitions: Vec<DefinitionFile>,
}

impl Checker {
    /// Loads everything `--scenarios`, `--assessments` and `--seal-key` name; a bad key file
    /// is a bad invocation.
    pub(super) fn load(args: &CheckArgs) -> Result<Checker, ExitCode> {
        let key = super::load_seal_key(args.seal_key.as_deref())?;
        let pack = crate::sim::pack::playable(&args.scenario_dirs);
        let definitions = load_definitions(&args.assessment_dirs, &pack)
            .into_iter()
            .filter_map(Result::ok)
            .collect();
        Ok(Checker {
            key,
            pack,
            definitions,
        })
    }

    /// Everything wrong with an assessment result; with the recruiter's key it must carry
    /// their seal.
    pub(super) fn check_assessment(&self, result: &AssessmentResult) -> Vec<String> {
        let mut problems = verify(result, &self.pack, &self.definitions);
        problems.extend(self.key.as_ref().and_then(|key| result.check_seal(key)));
        problems
    }

    /// Checks one result file of either kind.
    fn check_file(&self, path: &Path) -> Checked {
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
                Ok(result) => Checked {
                    problems: self.check_assessment(&result),
                    sealed_by: result.seal.map(|s| s.key),
                },
                Err(e) => failed(format!("not a Rapport assessment result: {e}")),
            };
        }
        match serde_json::from_str::<ResultRecord>(&text) {
            Ok(record) => Checked {
                problems: verify_record(&record, &self.pack),
                sealed_by: None,
            },
            Err(e) => failed(format!("not a Rapport result: {e}")),
        }
    }
}

/// What checking one result file found.
struct Checked {
    /// Everything wrong with it (empty when it is genuine).
    problems: Vec<String>,
    /// The fingerprint of the key it is sealed with, if it is sealed.
    sealed_by: Option<String>,
}

pub(super) fn run(args: &VerifyArgs) -> ExitCode {
    let checker = match Checker::load(&args.check) {
        Ok(checker) => checker,
        Err(code) => return code,
    };
    let mut failed = false;
    for path in &args.files {
        let checked = checker.check_file(path);
        if checked.problems.is_empty() {
            match (&checked.sealed_by, &checker.key) {
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
