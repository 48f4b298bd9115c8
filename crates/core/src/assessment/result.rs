//! A finished assessment: its records, totals, hash chain and the recruiter's seal.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::assessment::seal::{Seal, SealKey};
use crate::assessment::verify::Mismatch;
use crate::engine::record::Timestamp;
use crate::engine::results::RunReport;
use crate::engine::scoring::{Scores, rounded_mean};
use crate::engine::style::{Evidence, StyleLabel};
use crate::store::slug;

/// Version of the assessment result layout. 2: the total overall is the mean of the parts'
/// overall scores; 1 took the mean of the competency means (kept to verify old files).
pub const ASSESSMENT_FORMAT: u32 = 2;

/// One scenario of a finished assessment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssessmentRecord {
    pub scenario: String,
    pub scenario_hash: String,
    pub seed: u64,
    pub variant: Option<String>,
    /// The display order of the replies at each turn (1-based positions), when shuffled.
    pub orders: Vec<Vec<usize>>,
    pub timed_out: bool,
    /// Time used in this scenario; `None` in a scripted run.
    pub time_used_ms: Option<u64>,
    pub slow_reply_ms: u64,
    pub report: RunReport,
}

/// Totals over the scored scenarios: mean scores and the style of the summed evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    pub scores: Scores,
    pub style: StyleLabel,
    pub shares: crate::engine::results::PerStyle,
}

/// The consent notice as the candidate saw it, from the definition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    pub data_controller: String,
    pub retention: String,
}

/// A finished assessment: one file, hash-chained over its records.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssessmentResult {
    pub format: u32,
    pub kind: String,
    pub app_version: String,
    pub assessment: String,
    pub assessment_title: String,
    pub assessment_hash: String,
    pub candidate: String,
    /// Time-limit multiplier granted as accommodation (1.0 = none).
    pub extra_time: f64,
    pub started_at: Timestamp,
    pub finished_at: Timestamp,
    pub show_results: bool,
    /// What the candidate agreed to: who controls the data and how long it is kept (results
    /// written before consent named them have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<Consent>,
    /// The definition's pass mark, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass_mark: Option<u8>,
    pub records: Vec<AssessmentRecord>,
    pub totals: Totals,
    /// `chain[i]` = SHA-256 of `chain[i-1]` (or the genesis) and record `i`'s JSON.
    pub chain: Vec<String>,
    /// The recruiter's seal over everything above, when the run had their key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<Seal>,
}

impl AssessmentResult {
    /// What the seal covers: the whole result as JSON, without the seal.
    fn sealed_bytes(&self) -> Vec<u8> {
        let unsealed = AssessmentResult {
            seal: None,
            ..self.clone()
        };
        serde_json::to_vec(&unsealed).unwrap_or_default()
    }

    /// Seals the result with the recruiter's key.
    pub fn seal_with(&mut self, key: &SealKey) {
        self.seal = Some(key.seal(&self.sealed_bytes()));
    }

    /// What is wrong with the seal under the recruiter's key, if anything.
    pub fn check_seal(&self, key: &SealKey) -> Option<Mismatch> {
        key.check(self.seal.as_ref(), &self.sealed_bytes())
    }
}

/// What the chain starts from: every field of the result outside the records, and how many
/// records there are, so dropping records or editing the header breaks the chain.
fn genesis(result: &AssessmentResult) -> String {
    hex(&Sha256::digest(format!(
        "rapport-chain-v2\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}",
        result.format,
        result.app_version,
        result.assessment,
        result.assessment_title,
        result.assessment_hash,
        result.candidate,
        result.extra_time,
        result.started_at.0,
        result.finished_at.0,
        result.show_results,
        result.records.len()
    )))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The hash chain over a result's header and records.
pub fn chain(result: &AssessmentResult) -> Vec<String> {
    let mut previous = genesis(result);
    result
        .records
        .iter()
        .map(|record| {
            let json = serde_json::to_string(record).unwrap_or_default();
            let mut hasher = Sha256::new();
            hasher.update(previous.as_bytes());
            hasher.update(b"\n");
            hasher.update(json.as_bytes());
            previous = hex(&hasher.finalize());
            previous.clone()
        })
        .collect()
}

/// Totals over records by the rule of the result's `format`: the total overall is the rounded
/// mean of the parts' overall scores, so doing better on any part never lowers it (format 2);
/// the competency totals are means over the parts where each is defined, given as development
/// feedback; the style comes from the evidence summed across scenarios.
pub fn totals_for(format: u32, records: &[AssessmentRecord]) -> Totals {
    let reports: Vec<&RunReport> = records.iter().map(|r| &r.report).collect();
    let mean = |f: &dyn Fn(&RunReport) -> Option<u8>| {
        let values: Vec<u8> = reports.iter().filter_map(|r| f(r)).collect();
        (!values.is_empty()).then(|| rounded_mean(&values))
    };
    let needs = mean(&|r| Some(r.scores.needs_discovery)).unwrap_or(0);
    let objections = mean(&|r| r.scores.objection_handling);
    let closing = mean(&|r| Some(r.scores.closing)).unwrap_or(0);
    let overall = if format < 2 {
        // Format 1: the mean of the competency means, which could fall when one part rose.
        let mut assessed = vec![needs, closing];
        assessed.extend(objections);
        rounded_mean(&assessed)
    } else {
        let parts: Vec<u8> = reports.iter().map(|r| r.scores.overall).collect();
        total_overall(&parts)
    };
    let each: Vec<Evidence> = reports.iter().map(|r| r.style.evidence()).collect();
    let evidence = Evidence::sum(&each);
    Totals {
        scores: Scores {
            needs_discovery: needs,
            objection_handling: objections,
            closing,
            overall,
        },
        style: evidence.label(),
        shares: crate::engine::results::PerStyle::from_array(evidence.shares()),
    }
}

/// The screening figure: the rounded mean of the parts' overall scores, so raising any part
/// never lowers it and it always lies between the lowest and the highest part.
pub fn total_overall(parts: &[u8]) -> u8 {
    rounded_mean(parts)
}

/// Totals by today's rule.
pub fn totals(records: &[AssessmentRecord]) -> Totals {
    totals_for(ASSESSMENT_FORMAT, records)
}

impl AssessmentResult {
    /// The name (without `.json`) the result is saved under in the data folder.
    pub fn file_stem(&self) -> String {
        format!(
            "assessment-{}-{}-{}",
            self.assessment,
            slug(&self.candidate),
            self.finished_at.compact()
        )
    }
}
