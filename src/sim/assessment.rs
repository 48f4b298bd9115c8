//! Assessments for recruiters: the definition format and its validation, the per-candidate run
//! (identical seeds, shuffled replies, time limits, accommodation), the crash-safe journal,
//! the hash-chained result, and verification by re-playing every transcript.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::dialogue::{ChooseError, Conversation, DEFAULT_SLOW_REPLY, Options};
use super::pack::Playable;
use super::record::{RecordError, Timestamp, content_hash, save_result_json, slug};
use super::results::RunReport;
use super::scenario::{
    LoadError, Position, ScenarioId, field_offset, locate_field, parse_str_as, position_of,
};
use super::scoring::{Scores, rounded_mean};
use super::seal::{Seal, SealKey};
use super::style::{Evidence, StyleLabel};
use super::validate::{Issue, Severity};

/// Folder of journals of assessments in progress, inside the data folder.
pub const JOURNAL_DIR: &str = "journal";
/// Version of the assessment result layout.
pub const ASSESSMENT_FORMAT: u32 = 1;

/// An assessment as a recruiter defines it (`assessments/*.ron`).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename = "Assessment")]
pub struct AssessmentDef {
    pub id: String,
    pub title: String,
    /// Shown to the candidate before the practice scenario.
    pub instructions: String,
    /// An unscored warm-up, played with the coach's feedback.
    #[serde(default)]
    pub practice: Option<ScenarioId>,
    /// The scored scenarios, in order.
    pub scenarios: Vec<ScenarioId>,
    /// The seed every candidate gets; scenario `i` uses a seed derived from it.
    pub seed: u64,
    pub minutes_per_scenario: u32,
    pub total_minutes: u32,
    #[serde(default = "yes")]
    pub shuffle_replies: bool,
    #[serde(default)]
    pub show_results: bool,
}

fn yes() -> bool {
    true
}

/// A parsed definition with its file, kept for positions in messages and its hash.
#[derive(Clone, Debug)]
pub struct DefinitionFile {
    pub path: PathBuf,
    pub source: String,
    pub def: AssessmentDef,
}

impl DefinitionFile {
    pub fn hash(&self) -> String {
        content_hash(&self.source)
    }
}

/// Reads and parses an assessment definition (same limits as scenarios).
pub fn load_definition(path: &Path) -> Result<DefinitionFile, LoadError> {
    let source = super::scenario::read_limited(path)?;
    let def = parse_str_as::<AssessmentDef>(path, &source)?;
    Ok(DefinitionFile {
        path: path.to_owned(),
        source,
        def,
    })
}

include!(concat!(env!("OUT_DIR"), "/shipped_assessments.rs"));

/// A definition offered to candidates, or the file and the lines saying why it cannot be.
pub type OfferedDefinition = Result<DefinitionFile, (String, Vec<String>)>;

/// The shipped definitions, then every `.ron` under `folders`, each validated against the pack.
pub fn load_definitions(folders: &[PathBuf], pack: &[Playable]) -> Vec<OfferedDefinition> {
    let check = |file: DefinitionFile| {
        let issues = validate_definition(&file, pack);
        if issues.is_empty() {
            Ok(file)
        } else {
            Err((
                file.path.display().to_string(),
                issues.iter().map(ToString::to_string).collect(),
            ))
        }
    };
    let mut offered: Vec<OfferedDefinition> = SHIPPED_ASSESSMENTS
        .iter()
        .map(|(name, text)| {
            let path = Path::new("assessments").join(name);
            match parse_str_as::<AssessmentDef>(&path, text) {
                Ok(def) => check(DefinitionFile {
                    path,
                    source: (*text).to_owned(),
                    def,
                }),
                Err(e) => Err((
                    path.display().to_string(),
                    vec![Issue::from(&e).to_string()],
                )),
            }
        })
        .collect();
    for found in super::validate::expand_paths(folders) {
        offered.push(match found {
            Err(issue) => Err((issue.path.display().to_string(), vec![issue.to_string()])),
            Ok(path) => match load_definition(&path) {
                Ok(file) => check(file),
                Err(e) => Err((
                    path.display().to_string(),
                    vec![Issue::from(&e).to_string()],
                )),
            },
        });
    }
    offered
}

/// One part of an assessment as played: the practice or a scored scenario.
#[derive(Clone, Debug)]
pub struct Part {
    pub playable: Playable,
    pub scored: bool,
    pub seed: u64,
}

/// The seed of part `index` (0 is the practice, when there is one): fixed for every candidate.
pub fn part_seed(def_seed: u64, index: usize) -> u64 {
    // splitmix64, so neighbouring parts get unrelated seeds.
    let mut z = def_seed.wrapping_add(0x9E37_79B9_7F4A_7C15_u64.wrapping_mul(index as u64 + 1));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn find<'a>(pack: &'a [Playable], id: &ScenarioId) -> Option<&'a Playable> {
    pack.iter().find(|p| &p.scenario.id == id)
}

/// Checks a definition against the pack; every issue names the file, position and id.
pub fn validate_definition(file: &DefinitionFile, pack: &[Playable]) -> Vec<Issue> {
    let mut issues = Vec::new();
    let def = &file.def;
    let source = &file.source;
    // The `nth` (0-based) place after `from` where an id is written as a string.
    let nth_id_at = |id: &str, from: usize, nth: usize| {
        source[from..]
            .match_indices(&format!("\"{id}\""))
            .nth(nth)
            .map(|(offset, _)| position_of(source, from + offset))
    };
    let id_at = |id: &str| nth_id_at(id, 0, 0);
    let scored_list = field_offset(source, &["scenarios"]).unwrap_or(0);
    let field_at = |name: &str| locate_field(source, &[name]);
    let mut error = |at: Option<Position>, message: String| {
        issues.push(Issue {
            severity: Severity::Error,
            path: file.path.clone(),
            at,
            message,
        });
    };
    if !super::validate::is_kebab_case(&def.id) {
        error(
            id_at(&def.id),
            format!("assessment id \"{}\" must be lowercase kebab-case", def.id),
        );
    }
    if def.title.trim().is_empty() {
        error(field_at("title"), "title is empty".into());
    }
    if def.instructions.trim().is_empty() {
        error(field_at("instructions"), "instructions are empty".into());
    }
    if def.scenarios.is_empty() {
        error(
            field_at("scenarios"),
            "no scored scenarios: list at least one in `scenarios`".into(),
        );
    }
    let mut seen = HashSet::new();
    for id in &def.scenarios {
        if !seen.insert(id) {
            error(
                nth_id_at(id.as_str(), scored_list, 1),
                format!("scenario \"{id}\" is listed twice"),
            );
        }
    }
    for id in def.practice.iter().chain(&def.scenarios) {
        if find(pack, id).is_none() {
            error(
                id_at(id.as_str()),
                format!("scenario \"{id}\" is not in the pack (or does not validate)"),
            );
        }
    }
    if let Some(practice) = &def.practice
        && def.scenarios.contains(practice)
    {
        error(
            id_at(practice.as_str()),
            format!(
                "practice scenario \"{practice}\" is also scored; a candidate would meet it twice"
            ),
        );
    }
    if !(1..=120).contains(&def.minutes_per_scenario) {
        error(
            field_at("minutes_per_scenario"),
            format!(
                "minutes_per_scenario is {}, outside 1..=120",
                def.minutes_per_scenario
            ),
        );
    }
    if !(1..=600).contains(&def.total_minutes) {
        error(
            field_at("total_minutes"),
            format!("total_minutes is {}, outside 1..=600", def.total_minutes),
        );
    }
    issues
}

/// The parts in playing order, the practice first; `None` if a scenario is missing.
pub fn parts(def: &AssessmentDef, pack: &[Playable]) -> Option<Vec<Part>> {
    def.practice
        .iter()
        .map(|id| (id, false))
        .chain(def.scenarios.iter().map(|id| (id, true)))
        .enumerate()
        .map(|(i, (id, scored))| {
            find(pack, id).map(|p| Part {
                playable: p.clone(),
                scored,
                seed: part_seed(def.seed, i),
            })
        })
        .collect()
}

/// The most extra time granted as accommodation (a multiplier of the limits).
pub const MAX_EXTRA_TIME: f64 = 3.0;

/// Extra time within 1.0..=[`MAX_EXTRA_TIME`] (not-a-number counts as none).
pub fn bounded_extra_time(extra_time: f64) -> f64 {
    if extra_time.is_nan() {
        1.0
    } else {
        extra_time.clamp(1.0, MAX_EXTRA_TIME)
    }
}

/// Engine options for a candidate: the slow-reply threshold scales with extra time.
pub fn options_for(extra_time: f64) -> Options {
    Options {
        slow_reply: DEFAULT_SLOW_REPLY.mul_f64(bounded_extra_time(extra_time)),
    }
}

/// Time limits after accommodation.
pub fn limits(def: &AssessmentDef, extra_time: f64) -> (Duration, Duration) {
    let factor = bounded_extra_time(extra_time);
    (
        Duration::from_secs(u64::from(def.minutes_per_scenario) * 60).mul_f64(factor),
        Duration::from_secs(u64::from(def.total_minutes) * 60).mul_f64(factor),
    )
}

/// One line of the journal of an assessment in progress.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum JournalEntry {
    Begin {
        assessment: String,
        assessment_hash: String,
        candidate: String,
        extra_time: f64,
        started_at: Timestamp,
        /// False when timing is not measured (a scripted run).
        timed: bool,
        /// The hash of each part's scenario, so a changed pack is noticed on resume.
        #[serde(default)]
        scenario_hashes: Vec<String>,
        /// The fingerprint of the recruiter's key the result will be sealed with, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sealed_by: Option<String>,
    },
    /// A reply in part `part`; `used_ms` is the time used in that part so far.
    Reply {
        part: usize,
        choice: usize,
        latency_ms: Option<u64>,
        used_ms: Option<u64>,
    },
    /// Time passing without a reply, so a crash keeps the time used.
    Tick { part: usize, used_ms: u64 },
    /// The part's time ran out.
    TimeOut { part: usize, used_ms: u64 },
}

/// The journal file of a candidate's run; the hash keeps names that slug alike apart.
pub fn journal_path(data_dir: &Path, assessment: &str, candidate: &str) -> PathBuf {
    let exact = &content_hash(candidate)[..8];
    data_dir
        .join(JOURNAL_DIR)
        .join(format!("{assessment}--{}-{exact}.jsonl", slug(candidate)))
}

/// Appends entries to the journal and flushes them to disk before returning.
pub struct Journal {
    file: std::fs::File,
    pub path: PathBuf,
}

impl Journal {
    /// Opens (creating) a journal for appending.
    pub fn open(path: &Path) -> std::io::Result<Journal> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        Ok(Journal {
            file,
            path: path.to_owned(),
        })
    }

    pub fn append(&mut self, entry: &JournalEntry) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(entry).map_err(std::io::Error::other)?;
        line.push(b'\n');
        self.file.write_all(&line)?;
        self.file.sync_data()
    }
}

/// An interrupted run found in the data folder.
#[derive(Clone, Debug, PartialEq)]
pub struct Interrupted {
    pub journal: PathBuf,
    pub assessment: String,
    pub candidate: String,
    pub extra_time: f64,
    pub replies: usize,
}

/// Every journal in the data folder that can be resumed.
pub fn interrupted_runs(data_dir: &Path) -> Vec<Interrupted> {
    let Ok(entries) = std::fs::read_dir(data_dir.join(JOURNAL_DIR)) else {
        return Vec::new();
    };
    let mut found: Vec<Interrupted> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .filter_map(|path| {
            let entries = read_journal(&path).ok()?;
            let JournalEntry::Begin {
                assessment,
                candidate,
                extra_time,
                ..
            } = entries.first()?.clone()
            else {
                return None;
            };
            let replies = entries
                .iter()
                .filter(|e| matches!(e, JournalEntry::Reply { .. }))
                .count();
            Some(Interrupted {
                journal: path,
                assessment,
                candidate,
                extra_time,
                replies,
            })
        })
        .collect();
    found.sort_by(|a, b| a.journal.cmp(&b.journal));
    found
}

/// Reads a journal; a torn last line (the app died mid-write) is dropped.
pub fn read_journal(path: &Path) -> std::io::Result<Vec<JournalEntry>> {
    read_journal_text(path).map(|(entries, _)| entries)
}

/// The entries and the byte length of the whole lines they came from.
fn read_journal_text(path: &Path) -> std::io::Result<(Vec<JournalEntry>, u64)> {
    let text = std::fs::read_to_string(path)?;
    let mut entries = Vec::new();
    let mut good = 0u64;
    let mut rest = text.as_str();
    let mut number = 0;
    while !rest.is_empty() {
        number += 1;
        let (line, complete, len) = match rest.find('\n') {
            Some(end) => (&rest[..end], true, end + 1),
            None => (rest, false, rest.len()),
        };
        rest = &rest[len..];
        if line.trim().is_empty() {
            good += len as u64;
            continue;
        }
        match serde_json::from_str(line) {
            Ok(entry) if complete => {
                entries.push(entry);
                good += len as u64;
            }
            // A last line cut short by a crash: the reply it held was never confirmed.
            _ if rest.is_empty() => break,
            Ok(_) => unreachable!("only the last line can lack its newline"),
            Err(e) => {
                return Err(std::io::Error::other(format!(
                    "{}:{number}: damaged journal line: {e}",
                    path.display()
                )));
            }
        }
    }
    Ok((entries, good))
}

/// Reads a journal and cuts off a torn last line, so new entries start on a line of their own.
fn repair_journal(path: &Path) -> std::io::Result<Vec<JournalEntry>> {
    let (entries, good) = read_journal_text(path)?;
    let file = std::fs::OpenOptions::new().write(true).open(path)?;
    if file.metadata()?.len() != good {
        file.set_len(good)?;
        file.sync_all()?;
    }
    Ok(entries)
}

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
    pub shares: super::results::PerStyle,
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

/// Totals over records: each competency's mean (objection handling over those assessed),
/// and the style of the evidence summed across scenarios.
pub fn totals(records: &[AssessmentRecord]) -> Totals {
    let reports: Vec<&RunReport> = records.iter().map(|r| &r.report).collect();
    let mean = |f: &dyn Fn(&RunReport) -> Option<u8>| {
        let values: Vec<u8> = reports.iter().filter_map(|r| f(r)).collect();
        (!values.is_empty()).then(|| rounded_mean(&values))
    };
    let needs = mean(&|r| Some(r.scores.needs_discovery)).unwrap_or(0);
    let objections = mean(&|r| r.scores.objection_handling);
    let closing = mean(&|r| Some(r.scores.closing)).unwrap_or(0);
    let mut assessed = vec![needs, closing];
    assessed.extend(objections);
    let each: Vec<Evidence> = reports.iter().map(|r| r.style.evidence()).collect();
    let evidence = Evidence::sum(&each);
    Totals {
        scores: Scores {
            needs_discovery: needs,
            objection_handling: objections,
            closing,
            overall: rounded_mean(&assessed),
        },
        style: evidence.label(),
        shares: super::results::PerStyle::from_array(evidence.shares()),
    }
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

/// Saves an assessment result atomically into `data_dir/results/`, never over another.
pub fn save_result(data_dir: &Path, result: &AssessmentResult) -> Result<PathBuf, RecordError> {
    save_result_json(data_dir, &result.file_stem(), result)
}

/// A candidate's run through an assessment, driven by the game or by a script.
pub struct Run {
    pub def: AssessmentDef,
    pub assessment_hash: String,
    pub parts: Vec<Part>,
    pub candidate: String,
    pub extra_time: f64,
    pub started_at: Timestamp,
    pub timed: bool,
    /// Index of the part being played.
    pub current: usize,
    pub conversation: Conversation,
    /// Display order of the replies shown now (1-based positions).
    pub order: Vec<usize>,
    pub orders: Vec<Vec<usize>>,
    /// Time used in the current part, as last recorded.
    pub used_ms: u64,
    pub records: Vec<AssessmentRecord>,
    /// Time used in every finished part.
    pub used_before_ms: u64,
    /// The conversation of the part that finished last (its ending stays on screen).
    pub last_finished: Option<Conversation>,
    /// The recruiter's key the finished result is sealed with, if one was given.
    seal_key: Option<SealKey>,
    journal: Option<Journal>,
}

/// Why a run could not go on.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("scenario \"{0}\" is missing from the pack")]
    Missing(String),
    #[error("part {part}: {source}")]
    Choose { part: usize, source: ChooseError },
    #[error("the journal {0} belongs to another assessment or candidate")]
    ForeignJournal(PathBuf),
    #[error("the journal cannot be resumed: {0}")]
    Damaged(String),
    #[error("the assessment is already finished")]
    Finished,
    #[error("{0}")]
    Seal(String),
}

impl Run {
    /// Starts a new run, unsealed, or resumes the journal at `journal` if one exists there.
    pub fn begin(
        file: &DefinitionFile,
        pack: &[Playable],
        candidate: &str,
        extra_time: f64,
        timed: bool,
        journal: Option<&Path>,
    ) -> Result<Run, RunError> {
        Run::begin_sealed(file, pack, candidate, extra_time, timed, journal, None)
    }

    /// Starts or resumes a run whose result is sealed with `seal_key`; a journal is resumed only
    /// with the key it began with, so a crash cannot turn a sealed run into an unsealed one.
    pub fn begin_sealed(
        file: &DefinitionFile,
        pack: &[Playable],
        candidate: &str,
        extra_time: f64,
        timed: bool,
        journal: Option<&Path>,
        seal_key: Option<SealKey>,
    ) -> Result<Run, RunError> {
        let parts = parts(&file.def, pack).ok_or_else(|| RunError::Missing(file.def.id.clone()))?;
        let first = parts
            .first()
            .ok_or_else(|| RunError::Missing(file.def.id.clone()))?;
        let conversation = start_part(first, extra_time);
        let existing = match journal {
            Some(path) if path.exists() => repair_journal(path)?,
            _ => Vec::new(),
        };
        let damaged = |why: &str| {
            RunError::Damaged(format!(
                "{}: {why}",
                journal.unwrap_or(Path::new("")).display()
            ))
        };
        if !existing.is_empty() && !matches!(existing[0], JournalEntry::Begin { .. }) {
            return Err(damaged("it does not start with the candidate's details"));
        }
        if existing
            .iter()
            .skip(1)
            .any(|e| matches!(e, JournalEntry::Begin { .. }))
        {
            return Err(damaged("it holds two starts"));
        }
        let mut run = Run {
            def: file.def.clone(),
            assessment_hash: file.hash(),
            parts,
            candidate: candidate.to_owned(),
            extra_time: bounded_extra_time(extra_time),
            started_at: Timestamp::now(),
            timed,
            current: 0,
            conversation,
            order: Vec::new(),
            orders: Vec::new(),
            used_ms: 0,
            records: Vec::new(),
            used_before_ms: 0,
            last_finished: None,
            seal_key: None,
            journal: None,
        };
        run.draw_order();
        let given = seal_key.as_ref().map(SealKey::fingerprint);
        if let Some(JournalEntry::Begin { sealed_by, .. }) = existing.first()
            && *sealed_by != given
        {
            return Err(RunError::Seal(match sealed_by {
                Some(key) => format!(
                    "this assessment began sealed with the recruiter's key {key}; resume it with that key"
                ),
                None => "this assessment began without a seal; resume it without a key".to_owned(),
            }));
        }
        for entry in &existing {
            run.replay(entry, journal.unwrap_or(Path::new("")))?;
        }
        run.seal_key = seal_key;
        if let Some(path) = journal {
            let mut j = Journal::open(path)?;
            if existing.is_empty() {
                j.append(&JournalEntry::Begin {
                    assessment: run.def.id.clone(),
                    assessment_hash: run.assessment_hash.clone(),
                    candidate: run.candidate.clone(),
                    extra_time: run.extra_time,
                    started_at: run.started_at,
                    timed,
                    scenario_hashes: run.parts.iter().map(|p| p.playable.hash.clone()).collect(),
                    sealed_by: given,
                })?;
            }
            run.journal = Some(j);
        }
        Ok(run)
    }

    fn replay(&mut self, entry: &JournalEntry, path: &Path) -> Result<(), RunError> {
        match entry {
            JournalEntry::Begin {
                assessment,
                assessment_hash,
                candidate,
                extra_time,
                started_at,
                timed,
                scenario_hashes,
                ..
            } => {
                if *assessment != self.def.id
                    || *assessment_hash != self.assessment_hash
                    || *candidate != self.candidate
                {
                    return Err(RunError::ForeignJournal(path.to_owned()));
                }
                let hashes: Vec<&String> = self.parts.iter().map(|p| &p.playable.hash).collect();
                if !scenario_hashes.is_empty()
                    && scenario_hashes.iter().collect::<Vec<_>>() != hashes
                {
                    return Err(RunError::Damaged(format!(
                        "{}: the scenarios have changed since the run began",
                        path.display()
                    )));
                }
                if bounded_extra_time(*extra_time) != *extra_time {
                    return Err(RunError::Damaged(format!(
                        "{}: extra time {extra_time} is out of range",
                        path.display()
                    )));
                }
                self.extra_time = *extra_time;
                self.started_at = *started_at;
                self.timed = *timed;
                // The accommodation of the journal wins over today's arguments.
                let part = &self.parts[0];
                self.conversation = start_part(part, self.extra_time);
                self.order.clear();
                self.orders.clear();
                self.draw_order();
            }
            JournalEntry::Reply {
                part,
                choice,
                latency_ms,
                used_ms,
            } => {
                self.expect_part(*part, path)?;
                self.apply_reply(*choice, latency_ms.map(Duration::from_millis), *used_ms)?;
            }
            JournalEntry::Tick { part, used_ms } => {
                self.expect_part(*part, path)?;
                self.used_ms = *used_ms;
            }
            JournalEntry::TimeOut { part, used_ms } => {
                self.expect_part(*part, path)?;
                self.used_ms = *used_ms;
                self.conversation.time_out();
                self.finish_part();
            }
        }
        Ok(())
    }

    /// A journal entry must belong to the part being replayed; anything else means damage.
    fn expect_part(&self, part: usize, path: &Path) -> Result<(), RunError> {
        if part == self.current {
            Ok(())
        } else {
            Err(RunError::Damaged(format!(
                "{}: an entry for part {} while part {} is being played",
                path.display(),
                part.saturating_add(1),
                self.current + 1
            )))
        }
    }

    fn draw_order(&mut self) {
        if self.conversation.is_over() {
            self.order.clear();
            return;
        }
        let shuffled = self.def.shuffle_replies && self.parts[self.current].scored;
        self.order = if shuffled {
            self.conversation.shuffled_positions()
        } else {
            (1..=self.conversation.shown_choices().len()).collect()
        };
    }

    fn apply_reply(
        &mut self,
        position: usize,
        latency: Option<Duration>,
        used_ms: Option<u64>,
    ) -> Result<(), RunError> {
        self.conversation
            .choose(position, latency)
            .map_err(|source| RunError::Choose {
                part: self.current,
                source,
            })?;
        self.orders.push(std::mem::take(&mut self.order));
        if let Some(used) = used_ms {
            self.used_ms = used;
        }
        if self.conversation.is_over() {
            self.finish_part();
        } else {
            self.draw_order();
        }
        Ok(())
    }

    /// Gives a reply by authored position among those shown; journaled and flushed first.
    pub fn reply(
        &mut self,
        position: usize,
        latency: Option<Duration>,
        used_ms: Option<u64>,
    ) -> Result<(), RunError> {
        if self.is_finished() {
            return Err(RunError::Finished);
        }
        // Refuse a bad position before it reaches the journal.
        let shown = self.conversation.shown_choices().len();
        if position == 0 || position > shown {
            let node = match self.conversation.phase() {
                super::dialogue::Phase::AwaitingReply { node } => {
                    self.conversation.scenario().nodes.at(node).0.clone()
                }
                super::dialogue::Phase::Ended { .. } => return Err(RunError::Finished),
            };
            return Err(RunError::Choose {
                part: self.current,
                source: ChooseError::OutOfRange {
                    node,
                    position,
                    shown,
                },
            });
        }
        let entry = JournalEntry::Reply {
            part: self.current,
            choice: position,
            latency_ms: latency.map(|l| u64::try_from(l.as_millis()).unwrap_or(u64::MAX)),
            used_ms,
        };
        if let Some(j) = &mut self.journal {
            j.append(&entry)?;
        }
        // Whole milliseconds, as the journal keeps them, so a resumed run scores the same.
        let latency = latency
            .map(|l| Duration::from_millis(u64::try_from(l.as_millis()).unwrap_or(u64::MAX)));
        self.apply_reply(position, latency, used_ms)
    }

    /// Records time passing in the current part.
    pub fn tick(&mut self, used_ms: u64) -> Result<(), RunError> {
        self.used_ms = used_ms;
        if let Some(j) = &mut self.journal {
            j.append(&JournalEntry::Tick {
                part: self.current,
                used_ms,
            })?;
        }
        Ok(())
    }

    /// The current part's time ran out: lost, marked as timed out.
    pub fn time_out(&mut self, used_ms: u64) -> Result<(), RunError> {
        if self.is_finished() {
            return Ok(());
        }
        if let Some(j) = &mut self.journal {
            j.append(&JournalEntry::TimeOut {
                part: self.current,
                used_ms,
            })?;
        }
        self.used_ms = used_ms;
        self.conversation.time_out();
        self.finish_part();
        Ok(())
    }

    fn finish_part(&mut self) {
        let part = &self.parts[self.current];
        if part.scored {
            let options = self.conversation.options();
            self.records.push(AssessmentRecord {
                scenario: part.playable.scenario.id.to_string(),
                scenario_hash: part.playable.hash.clone(),
                seed: part.seed,
                variant: self.conversation.variant_id().map(str::to_owned),
                orders: if self.def.shuffle_replies {
                    std::mem::take(&mut self.orders)
                } else {
                    Vec::new()
                },
                timed_out: self.conversation.timed_out(),
                time_used_ms: self.timed.then_some(self.used_ms),
                slow_reply_ms: u64::try_from(options.slow_reply.as_millis()).unwrap_or(u64::MAX),
                report: RunReport::of(&self.conversation),
            });
            // Saturating: a journal's times are read back from disk.
            self.used_before_ms = self.used_before_ms.saturating_add(self.used_ms);
        }
        self.orders.clear();
        self.used_ms = 0;
        if self.current + 1 < self.parts.len() {
            self.current += 1;
            let next = start_part(&self.parts[self.current], self.extra_time);
            self.last_finished = Some(std::mem::replace(&mut self.conversation, next));
            self.draw_order();
        } else {
            self.current = self.parts.len();
            self.last_finished = Some(self.conversation.clone());
        }
    }

    /// Whether every part has been played.
    pub fn is_finished(&self) -> bool {
        self.current >= self.parts.len()
    }

    /// The part being played, if any.
    pub fn part(&self) -> Option<&Part> {
        self.parts.get(self.current)
    }

    /// The finished result with its chain; the journal is removed once the result is saved.
    pub fn result(&self) -> AssessmentResult {
        let mut result = AssessmentResult {
            format: ASSESSMENT_FORMAT,
            kind: "assessment".into(),
            app_version: env!("CARGO_PKG_VERSION").into(),
            assessment: self.def.id.clone(),
            assessment_title: self.def.title.clone(),
            assessment_hash: self.assessment_hash.clone(),
            candidate: self.candidate.clone(),
            extra_time: self.extra_time,
            started_at: self.started_at,
            finished_at: Timestamp::now(),
            show_results: self.def.show_results,
            totals: totals(&self.records),
            chain: Vec::new(),
            records: self.records.clone(),
            seal: None,
        };
        result.chain = chain(&result);
        if let Some(key) = &self.seal_key {
            result.seal_with(key);
        }
        result
    }

    /// Where this run is journaled, if it is.
    pub fn journal_path(&self) -> Option<&Path> {
        self.journal.as_ref().map(|j| j.path.as_path())
    }

    /// Saves the result, then deletes the journal (the result now holds everything).
    pub fn save(&mut self, data_dir: &Path) -> Result<(PathBuf, AssessmentResult), RunError> {
        let result = self.result();
        let path = save_result(data_dir, &result)
            .map_err(|e| RunError::Io(std::io::Error::other(e.to_string())))?;
        if let Some(j) = self.journal.take() {
            let _ = std::fs::remove_file(&j.path);
        }
        Ok((path, result))
    }
}

fn start_part(part: &Part, extra_time: f64) -> Conversation {
    // The pack only holds validated scenarios, which always start.
    Conversation::start(
        Arc::clone(&part.playable.scenario),
        part.seed,
        None,
        options_for(extra_time),
    )
    .unwrap_or_else(|e| unreachable!("validated scenario failed to start: {e}"))
}

/// Percentile rank of each value within the group: 100 × (below + half of equal) / n, rounded.
pub fn percentile_ranks(values: &[u8]) -> Vec<u8> {
    let n = values.len() as u64;
    values
        .iter()
        .map(|&v| {
            let below = values.iter().filter(|&&o| o < v).count() as u64;
            let equal = values.iter().filter(|&&o| o == v).count() as u64;
            // 100 × (2·below + equal) / (2n), rounded half up, in integers.
            super::scoring::percent(2 * below + equal, 2 * n)
        })
        .collect()
}

/// One thing `verify` found wrong.
pub type Mismatch = String;

/// Re-plays every record against the pack and re-computes the chain; empty when genuine.
/// With the definition at hand (matched by its hash), also checks the scenarios, their order
/// and their seeds against it.
pub fn verify(
    result: &AssessmentResult,
    pack: &[Playable],
    definitions: &[DefinitionFile],
) -> Vec<Mismatch> {
    let mut found = Vec::new();
    if let Some(def) = definitions
        .iter()
        .find(|d| d.hash() == result.assessment_hash)
    {
        let scored: Vec<&str> = def.def.scenarios.iter().map(ScenarioId::as_str).collect();
        let played: Vec<&str> = result.records.iter().map(|r| r.scenario.as_str()).collect();
        if scored != played {
            found.push(format!(
                "the records ({}) are not the assessment's scenarios ({})",
                played.join(", "),
                scored.join(", ")
            ));
        }
        let first_scored = usize::from(def.def.practice.is_some());
        for (i, record) in result.records.iter().enumerate() {
            if record.seed != part_seed(def.def.seed, first_scored + i) {
                found.push(format!(
                    "record {} ({}): the seed is not the assessment's",
                    i + 1,
                    record.scenario
                ));
            }
        }
    }
    if bounded_extra_time(result.extra_time) != result.extra_time {
        found.push(format!(
            "extra time {} is outside 1..={MAX_EXTRA_TIME}",
            result.extra_time
        ));
    }
    for (i, record) in result.records.iter().enumerate() {
        let at = format!("record {} ({})", i + 1, record.scenario);
        let Some(playable) = pack
            .iter()
            .find(|p| p.scenario.id.as_str() == record.scenario)
        else {
            found.push(format!(
                "{at}: scenario \"{}\" is missing from the pack",
                record.scenario
            ));
            continue;
        };
        if playable.hash != record.scenario_hash {
            found.push(format!(
                "{at}: the scenario file has changed since the assessment (hash differs)"
            ));
            continue;
        }
        if record.slow_reply_ms != options_for(result.extra_time).slow_reply.as_millis() as u64 {
            found.push(format!(
                "{at}: the slow-reply threshold does not follow the extra time"
            ));
        }
        match replay_record(record, playable) {
            Err(e) => found.push(format!("{at}: the transcript does not re-play: {e}")),
            Ok(report) => found.extend(compare_reports(&at, &report, &record.report)),
        }
    }
    let expected = chain(result);
    if expected != result.chain {
        let first = expected
            .iter()
            .zip(&result.chain)
            .position(|(a, b)| a != b)
            .unwrap_or(expected.len().min(result.chain.len()));
        found.push(format!("the hash chain is broken at record {}", first + 1));
    }
    if totals(&result.records) != result.totals {
        found.push("the totals do not match the records".into());
    }
    found
}

/// Re-plays one record's transcript from its seed (the variant is drawn, not taken from the
/// file), re-drawing the shuffled orders; a timed-out record ends with a time-out.
pub fn replay_record(record: &AssessmentRecord, playable: &Playable) -> Result<RunReport, String> {
    let options = Options {
        slow_reply: Duration::from_millis(record.slow_reply_ms),
    };
    let mut c = Conversation::start(Arc::clone(&playable.scenario), record.seed, None, options)
        .map_err(|e| e.to_string())?;
    let shuffled = !record.orders.is_empty();
    for (turn, entry) in record.report.transcript.iter().enumerate() {
        if shuffled && record.orders.get(turn) != Some(&c.shuffled_positions()) {
            return Err(format!(
                "the reply order at reply {} is not the one the seed gives",
                turn + 1
            ));
        }
        c.choose(entry.choice, entry.latency_ms.map(Duration::from_millis))
            .map_err(|e| e.to_string())?;
    }
    if record.timed_out {
        c.time_out();
    }
    Ok(RunReport::of(&c))
}

/// Names every field of a stored report that differs from the re-played one.
pub fn compare_reports(at: &str, replayed: &RunReport, stored: &RunReport) -> Vec<Mismatch> {
    let mut found = Vec::new();
    let mut check = |what: &str, same: bool| {
        if !same {
            found.push(format!(
                "{at}: {what} differs from the re-played transcript"
            ));
        }
    };
    check("the variant", replayed.variant == stored.variant);
    check(
        "the outcome",
        replayed.outcome == stored.outcome && replayed.ending == stored.ending,
    );
    check(
        "needs discovery",
        replayed.scores.needs_discovery == stored.scores.needs_discovery,
    );
    check(
        "objection handling",
        replayed.scores.objection_handling == stored.scores.objection_handling,
    );
    check("closing", replayed.scores.closing == stored.scores.closing);
    check("overall", replayed.scores.overall == stored.scores.overall);
    check("the style", replayed.style == stored.style);
    check(
        "the final patience and trust",
        replayed.final_state == stored.final_state,
    );
    check("the objections", replayed.objections == stored.objections);
    check("the needs", replayed.needs == stored.needs);
    if found.is_empty() && replayed != stored {
        found.push(format!(
            "{at}: the report differs from the re-played transcript"
        ));
    }
    found
}

#[cfg(test)]
mod tests;
