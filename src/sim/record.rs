//! Saved results: one self-contained JSON file per finished conversation, written atomically,
//! with the scenario's hash so it can be re-played and checked later.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::dialogue::{ChooseError, Conversation, Options, StartError};
use super::results::RunReport;
use super::scenario::Scenario;

/// Version of the result file layout.
pub const RECORD_FORMAT: u32 = 1;
/// Folder of result files inside the data folder.
pub const RESULTS_DIR: &str = "results";

/// How the conversation was played.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Onboarding practice, with the coach's feedback after each reply.
    Practice,
    /// A recruiter's scored screening.
    Assessment,
    /// A trainer's group session.
    Seminar,
}

/// One finished conversation as saved in the data folder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultRecord {
    pub format: u32,
    pub app_version: String,
    pub mode: Mode,
    pub player: String,
    pub scenario_title: String,
    pub customer: String,
    pub industry: String,
    /// SHA-256 of the scenario file's text, hex.
    pub scenario_hash: String,
    pub started_at: Timestamp,
    pub finished_at: Timestamp,
    /// The slow-reply threshold in force (style evidence depends on it).
    pub slow_reply_ms: u64,
    /// The seminar this was played in, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seminar: Option<String>,
    /// Scenario id, seed, variant, outcome, scores, style, transcript with latencies, reasons.
    pub report: RunReport,
}

/// Seconds since the Unix epoch, UTC; shown as `2026-11-27 09:25 UTC`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub fn now() -> Timestamp {
        let since = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        Timestamp(i64::try_from(since.as_secs()).unwrap_or(i64::MAX))
    }

    /// (year, month, day, hour, minute, second) in UTC.
    pub fn civil(self) -> (i64, u32, u32, u32, u32, u32) {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        (
            year,
            month,
            day,
            (secs / 3600) as u32,
            (secs / 60 % 60) as u32,
            (secs % 60) as u32,
        )
    }

    /// `2026-11-27 09:25 UTC`
    pub fn display(self) -> String {
        let (y, mo, d, h, mi, _) = self.civil();
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02} UTC")
    }

    /// `20261127-092501`, for file names that sort by time.
    pub fn compact(self) -> String {
        let (y, mo, d, h, mi, s) = self.civil();
        format!("{y:04}{mo:02}{d:02}-{h:02}{mi:02}{s:02}")
    }
}

/// SHA-256 of a scenario's text, as lowercase hex.
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

impl ResultRecord {
    /// Builds the record of a finished (or abandoned) conversation.
    pub fn new(
        conversation: &Conversation,
        mode: Mode,
        player: &str,
        scenario_hash: String,
        started_at: Timestamp,
    ) -> ResultRecord {
        let scenario = conversation.scenario();
        ResultRecord {
            format: RECORD_FORMAT,
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            mode,
            player: player.to_owned(),
            scenario_title: scenario.title.clone(),
            customer: scenario.customer.name.clone(),
            industry: scenario.industry.clone(),
            scenario_hash,
            started_at,
            finished_at: Timestamp::now(),
            slow_reply_ms: u64::try_from(conversation.options().slow_reply.as_millis())
                .unwrap_or(u64::MAX),
            seminar: None,
            report: RunReport::of(conversation),
        }
    }

    /// A file name (without `.json`) that sorts by time and says what is inside.
    pub fn file_stem(&self) -> String {
        format!(
            "{}-{}-{}-{}",
            self.finished_at.compact(),
            self.report.scenario,
            slug(&self.player),
            self.report.seed
        )
    }
}

/// A file-name-safe form of a name: letters and digits kept, anything else a hyphen.
pub fn slug(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .take(40)
        .collect()
}

/// Why a result could not be saved or read.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: not a Rapport result: {source}", path.display())]
    Format {
        path: PathBuf,
        source: serde_json::Error,
    },
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, fsync, rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), RecordError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let temp = synced_temp(dir, bytes).map_err(|source| RecordError::Io {
        path: path.to_owned(),
        source,
    })?;
    temp.persist(path).map_err(|e| RecordError::Io {
        path: path.to_owned(),
        source: e.error,
    })?;
    sync_folder(dir);
    Ok(())
}

/// Writes `bytes` atomically to `path` unless a file is already there (then `Ok(false)`).
pub fn write_if_absent(path: &Path, bytes: &[u8]) -> Result<bool, RecordError> {
    let io = |source| RecordError::Io {
        path: path.to_owned(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let temp = synced_temp(dir, bytes).map_err(io)?;
    match temp.persist_noclobber(path) {
        Ok(_) => {
            sync_folder(dir);
            Ok(true)
        }
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(io(e.error)),
    }
}

/// The `n`th candidate name for a new file: `STEM`, then `STEM-2`, `STEM-3`, …
pub fn numbered(stem: &str, n: usize) -> String {
    if n == 1 {
        stem.to_owned()
    } else {
        format!("{stem}-{n}")
    }
}

/// How many numbered names a new file tries before giving up.
pub const NAME_ATTEMPTS: usize = 1000;

/// Writes `bytes` atomically as a new file `STEM.EXT` in `dir`, never replacing one: a name
/// already taken (two saves in the same second) becomes `STEM-2.EXT`, `STEM-3.EXT`, …
pub fn write_new(dir: &Path, stem: &str, ext: &str, bytes: &[u8]) -> Result<PathBuf, RecordError> {
    for n in 1..=NAME_ATTEMPTS {
        let path = dir.join(format!("{}.{ext}", numbered(stem, n)));
        if write_if_absent(&path, bytes)? {
            return Ok(path);
        }
    }
    Err(RecordError::Io {
        path: dir.join(format!("{stem}.{ext}")),
        source: std::io::Error::other("too many files of that name already exist"),
    })
}

/// The bytes in a temporary file of `dir`, flushed to disk.
fn synced_temp(dir: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    std::fs::create_dir_all(dir)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    Ok(temp)
}

/// Makes a rename in `dir` durable.
fn sync_folder(dir: &Path) {
    if let Ok(folder) = std::fs::File::open(dir) {
        let _ = folder.sync_all();
    }
}

/// Saves a record into `data_dir/results/` under a new name, returning its path.
pub fn save(data_dir: &Path, record: &ResultRecord) -> Result<PathBuf, RecordError> {
    save_result_json(data_dir, &record.file_stem(), record)
}

/// Saves any result as JSON into `data_dir/results/STEM.json` (or a free `STEM-N.json`).
pub fn save_result_json(
    data_dir: &Path,
    stem: &str,
    result: &impl Serialize,
) -> Result<PathBuf, RecordError> {
    let dir = data_dir.join(RESULTS_DIR);
    let json = serde_json::to_vec_pretty(result).map_err(|source| RecordError::Format {
        path: dir.clone(),
        source,
    })?;
    write_new(&dir, stem, "json", &json)
}

/// Reads one result file.
pub fn load(path: &Path) -> Result<ResultRecord, RecordError> {
    let bytes = std::fs::read(path).map_err(|source| RecordError::Io {
        path: path.to_owned(),
        source,
    })?;
    parse(path, &bytes)
}

fn parse(path: &Path, bytes: &[u8]) -> Result<ResultRecord, RecordError> {
    serde_json::from_slice(bytes).map_err(|source| RecordError::Format {
        path: path.to_owned(),
        source,
    })
}

/// Whether a results file holds a finished assessment, which has its own format and tools.
pub fn is_assessment(bytes: &[u8]) -> bool {
    #[derive(Deserialize)]
    struct Kind {
        kind: Option<String>,
    }
    serde_json::from_slice::<Kind>(bytes).is_ok_and(|k| k.kind.as_deref() == Some("assessment"))
}

/// Every practice or seminar result in `data_dir/results/`, oldest first, with the files that
/// could not be read; assessment results are left to the recruiter's tools.
pub fn load_all(data_dir: &Path) -> (Vec<(PathBuf, ResultRecord)>, Vec<RecordError>) {
    let dir = data_dir.join(RESULTS_DIR);
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect(),
        Err(_) => Vec::new(),
    };
    paths.sort();
    let mut records = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::read(&path) {
            Err(source) => errors.push(RecordError::Io { path, source }),
            Ok(bytes) if is_assessment(&bytes) => {}
            Ok(bytes) => match parse(&path, &bytes) {
                Ok(record) => records.push((path, record)),
                Err(e) => errors.push(e),
            },
        }
    }
    records.sort_by_key(|(_, r)| r.finished_at);
    (records, errors)
}

/// Why a record does not re-play against a scenario.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    #[error("the conversation cannot start: {0}")]
    Start(#[from] StartError),
    #[error("reply {turn}: {source}")]
    Choose { turn: usize, source: ChooseError },
}

/// Re-plays a record's transcript (positions and latencies) against a scenario, from its seed
/// (the variant is drawn, never taken from the file).
pub fn replay(record: &ResultRecord, scenario: Arc<Scenario>) -> Result<Conversation, ReplayError> {
    let options = Options {
        slow_reply: Duration::from_millis(record.slow_reply_ms),
    };
    let report = &record.report;
    let mut conversation = Conversation::start(scenario, report.seed, None, options)?;
    for (i, entry) in report.transcript.iter().enumerate() {
        let latency = entry.latency_ms.map(Duration::from_millis);
        conversation
            .choose(entry.choice, latency)
            .map_err(|source| ReplayError::Choose {
                turn: i + 1,
                source,
            })?;
    }
    Ok(conversation)
}

/// Checks a result against the pack: the scenario's hash, then a re-play of the transcript
/// compared field by field. Empty when genuine.
pub fn verify_record(record: &ResultRecord, pack: &[super::pack::Playable]) -> Vec<String> {
    let id = &record.report.scenario;
    let Some(playable) = pack.iter().find(|p| p.scenario.id.as_str() == id) else {
        return vec![format!("scenario \"{id}\" is missing from the pack")];
    };
    if playable.hash != record.scenario_hash {
        return vec![format!(
            "scenario \"{id}\": the file has changed since it was played (hash differs)"
        )];
    }
    match replay(record, Arc::clone(&playable.scenario)) {
        Err(e) => vec![format!("the transcript does not re-play: {e}")],
        Ok(conversation) => {
            super::assessment::compare_reports(id, &RunReport::of(&conversation), &record.report)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::scenario::parse_str;

    fn conversation() -> (Conversation, String) {
        let text = r#"Scenario(
            id: "rec", title: "Record", industry: "x", difficulty: 1, minutes: 1, summary: "S",
            customer: Customer(name: "Ann", role: "R", patience: 5, trust: 5,
                needs: [Need(id: "a", text: "A")], objections: []),
            variants: [Variant(id: "v1"), Variant(id: "v2")],
            start: "s",
            nodes: {
                "s": Node(say: "Hi", choices: [
                    Choice(say: "ask", style: Some(Erudite), effects: [Discover("a")], next: Goto("s2")),
                    Choice(say: "bye", next: Goto("lost"))]),
                "s2": Node(say: "Ok", choices: [Choice(say: "close", next: Goto("won"))]),
                "won": Ending(outcome: Won, say: "Yes"),
                "lost": Ending(outcome: Lost, say: "No"),
            },
        )"#;
        let scenario = Arc::new(
            parse_str(Path::new("rec.ron"), text.to_owned())
                .expect("parses")
                .scenario,
        );
        let mut c = Conversation::start(scenario, 42, None, Options::default()).expect("starts");
        c.choose(1, Some(Duration::from_secs(40))).expect("reply");
        c.choose(1, Some(Duration::from_millis(1500)))
            .expect("reply");
        (c, content_hash(text))
    }

    #[test]
    fn two_saves_under_one_name_keep_both_files() {
        let (c, hash) = conversation();
        let record = ResultRecord::new(&c, Mode::Practice, "Ann", hash, Timestamp(1_795_772_000));
        let dir = tempfile::tempdir().expect("temp dir");
        let first = save(dir.path(), &record).expect("saved");
        let second = save(dir.path(), &record).expect("saved again");
        assert_ne!(first, second);
        assert!(
            second.to_string_lossy().ends_with("-Ann-42-2.json"),
            "{second:?}"
        );
        assert_eq!(load(&first).expect("first kept"), record);
        assert_eq!(load_all(dir.path()).0.len(), 2);
        // An assessment result beside them is neither listed nor counted as unreadable.
        let results = dir.path().join(RESULTS_DIR);
        std::fs::write(
            results.join("assessment-x.json"),
            r#"{"kind": "assessment"}"#,
        )
        .expect("write");
        std::fs::write(results.join("broken.json"), "{").expect("write");
        let (listed, unreadable) = load_all(dir.path());
        assert_eq!((listed.len(), unreadable.len()), (2, 1));
    }

    #[test]
    fn timestamps_format_as_utc_civil_time() {
        assert_eq!(Timestamp(0).display(), "1970-01-01 00:00 UTC");
        assert_eq!(Timestamp(1_795_772_701).compact(), "20261127-094501");
        assert_eq!(Timestamp(951_782_400).display(), "2000-02-29 00:00 UTC");
    }

    #[test]
    fn content_hash_is_sha256_hex() {
        assert_eq!(
            content_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_saved_record_loads_back_identically_and_replays() {
        let (c, hash) = conversation();
        let record = ResultRecord::new(
            &c,
            Mode::Practice,
            "Ann Lee / trainee",
            hash,
            Timestamp(1_795_772_000),
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let path = save(dir.path(), &record).expect("saved");
        assert!(path.starts_with(dir.path().join(RESULTS_DIR)));
        assert!(
            path.to_string_lossy()
                .contains("-rec-Ann-Lee---trainee-42.json")
        );
        let loaded = load(&path).expect("loads");
        assert_eq!(loaded, record);
        assert_eq!(loaded.report.transcript[0].latency_ms, Some(40_000));
        // The 40 s reply counted as slow; re-playing reproduces it.
        let again = replay(&loaded, Arc::clone(c.scenario())).expect("replays");
        assert_eq!(RunReport::of(&again), loaded.report);
        let (all, errors) = load_all(dir.path());
        assert_eq!(all.len(), 1);
        assert!(errors.is_empty());
    }

    #[test]
    fn unreadable_results_are_reported_not_fatal() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join(RESULTS_DIR)).expect("mkdir");
        std::fs::write(dir.path().join(RESULTS_DIR).join("bad.json"), "{").expect("write");
        let (all, errors) = load_all(dir.path());
        assert!(all.is_empty());
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().contains("bad.json"));
    }
}
