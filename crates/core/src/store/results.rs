//! Result files in the data folder's `results/`: saved under a new name, never over another,
//! read back one by one or all together.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::assessment::AssessmentResult;
use crate::authoring::pack::Playable;
use crate::engine::record::ResultRecord;
use crate::store::outbox;
use crate::store::{StoreError, files_in, parse_json, read_bytes, read_json, to_json, write_new};

/// Folder of result files inside the data folder.
pub const RESULTS_DIR: &str = "results";

/// Saves a practice or seminar record into `data_dir/results/` under a new name, and queues
/// its xAPI statements in the outbox (`pack` names the replies that were on offer).
pub fn save(
    data_dir: &Path,
    record: &ResultRecord,
    pack: &[Playable],
) -> Result<PathBuf, StoreError> {
    save_result_json(data_dir, &record.file_stem(), record, pack)
}

/// Saves an assessment result into `data_dir/results/` under a new name, and queues its xAPI
/// statements in the outbox.
pub fn save_assessment(
    data_dir: &Path,
    result: &AssessmentResult,
    pack: &[Playable],
) -> Result<PathBuf, StoreError> {
    save_result_json(data_dir, &result.file_stem(), result, pack)
}

/// Saves any result as JSON into `data_dir/results/STEM.json` (or a free `STEM-N.json`), then
/// queues its statements.
fn save_result_json(
    data_dir: &Path,
    stem: &str,
    result: &impl Serialize,
    pack: &[Playable],
) -> Result<PathBuf, StoreError> {
    let dir = data_dir.join(RESULTS_DIR);
    let bytes = to_json(&dir, result)?;
    let path = write_new(&dir, stem, "json", &bytes)?;
    // The result is safe on disk; statements that fail to queue now are queued by the next
    // sync, which looks for results missing from the outbox.
    let _ = outbox::enqueue_bytes(data_dir, &path, &bytes, pack);
    Ok(path)
}

/// Reads one practice or seminar result file.
pub fn load(path: &Path) -> Result<ResultRecord, StoreError> {
    read_json(path)
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
pub fn load_all(data_dir: &Path) -> (Vec<(PathBuf, ResultRecord)>, Vec<StoreError>) {
    let mut records = Vec::new();
    let mut errors = Vec::new();
    for path in files_in(&data_dir.join(RESULTS_DIR), "json") {
        match read_bytes(&path) {
            Err(e) => errors.push(e),
            Ok(bytes) if is_assessment(&bytes) => {}
            Ok(bytes) => match parse_json::<ResultRecord>(&path, &bytes) {
                Ok(record) => records.push((path, record)),
                Err(e) => errors.push(e),
            },
        }
    }
    records.sort_by_key(|(_, r)| r.finished_at);
    (records, errors)
}
