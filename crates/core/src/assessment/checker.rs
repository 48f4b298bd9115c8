//! Checking result files of either kind: what `verify` and `report` need (the pack, the
//! assessment definitions and the recruiter's key), and what one file's check found.

use std::path::{Path, PathBuf};

use crate::assessment::definition::{DefinitionFile, load_definitions};
use crate::assessment::result::AssessmentResult;
use crate::assessment::seal::SealKey;
use crate::assessment::verify::verify;
use crate::authoring::pack::{Playable, playable};
use crate::engine::record::{ResultRecord, verify_record};
use crate::store::read_bytes;
use crate::store::results::is_assessment;

/// Said of a result written before reply orders were recorded.
pub const OLD_ORDERS: &str =
    "written before reply orders were recorded: its replies count as shown in authored order";
/// Said of an assessment result written before totals became the mean of the parts' overall.
pub const OLD_TOTALS: &str = "written in format 1: its total overall is checked by the rule of then (the mean of the competency means)";

/// The shipped and extra scenarios and assessment definitions, and the recruiter's key if one
/// was given.
pub struct Checker {
    key: Option<SealKey>,
    pack: Vec<Playable>,
    definitions: Vec<DefinitionFile>,
}

/// What checking one result file found.
#[derive(Debug)]
pub struct Checked {
    /// Everything wrong with it (empty when it is genuine).
    pub problems: Vec<String>,
    /// The fingerprint of the key it is sealed with, if it is sealed.
    pub sealed_by: Option<String>,
    /// What the reader should know about how it was checked (an older format, say).
    pub notes: Vec<String>,
}

impl Checker {
    /// The pack and definitions from the shipped ones and these folders, with an optional key.
    pub fn new(
        scenario_dirs: &[PathBuf],
        assessment_dirs: &[PathBuf],
        key: Option<SealKey>,
    ) -> Checker {
        let pack = playable(scenario_dirs);
        let definitions = load_definitions(assessment_dirs, &pack)
            .into_iter()
            .filter_map(Result::ok)
            .collect();
        Checker {
            key,
            pack,
            definitions,
        }
    }

    /// The scenarios results are checked against.
    pub fn pack(&self) -> &[Playable] {
        &self.pack
    }

    /// The recruiter's key, if one was given.
    pub fn key(&self) -> Option<&SealKey> {
        self.key.as_ref()
    }

    /// Everything wrong with an assessment result; with the recruiter's key it must carry
    /// their seal.
    pub fn check_assessment(&self, result: &AssessmentResult) -> Vec<String> {
        let mut problems = verify(result, &self.pack, &self.definitions);
        problems.extend(self.key.as_ref().and_then(|key| result.check_seal(key)));
        problems
    }

    /// Checks one result file of either kind.
    pub fn check_file(&self, path: &Path) -> Checked {
        let failed = |problem: String| Checked {
            problems: vec![problem],
            sealed_by: None,
            notes: Vec::new(),
        };
        let bytes = match read_bytes(path) {
            Ok(bytes) => bytes,
            Err(e) => return failed(format!("cannot read: {e}")),
        };
        if is_assessment(&bytes) {
            return match serde_json::from_slice::<AssessmentResult>(&bytes) {
                Ok(result) => Checked {
                    problems: self.check_assessment(&result),
                    notes: if result.format < 2 {
                        vec![OLD_TOTALS.to_owned()]
                    } else {
                        Vec::new()
                    },
                    sealed_by: result.seal.map(|s| s.key),
                },
                Err(e) => failed(format!("not a Rapport assessment result: {e}")),
            };
        }
        match serde_json::from_slice::<ResultRecord>(&bytes) {
            Ok(record) => Checked {
                problems: verify_record(&record, &self.pack),
                sealed_by: None,
                notes: if record.predates_orders() && !record.report.transcript.is_empty() {
                    vec![OLD_ORDERS.to_owned()]
                } else {
                    Vec::new()
                },
            },
            Err(e) => failed(format!("not a Rapport result: {e}")),
        }
    }
}
