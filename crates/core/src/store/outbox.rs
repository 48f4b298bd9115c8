//! The xAPI outbox in the data folder's `outbox/`: statements wait there until an LRS has
//! them. Three append-only files, each line flushed to disk before the call returns, so a
//! `kill -9` at any moment loses nothing:
//! - `statements.jsonl`: one statement per line, in the order the results were made;
//! - `results.txt`: the hash of every result file whose statements were appended (a result
//!   saved but killed before its statements were appended is found missing and queued again);
//! - `sent.txt`: the id of every statement the LRS confirmed;
//! - `lock`: held while queueing and while emptying the lists.
//!
//! Ids are derived from the result, so a statement appended or sent twice is stored once.

use std::collections::HashSet;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::authoring::pack::Playable;
use crate::store::results::RESULTS_DIR;
use crate::store::settings::load_settings;
use crate::store::{StoreError, files_in, read_bytes, write_atomically};
use crate::xapi::statements::of_result_file;
use crate::xapi::{DEFAULT_HOME_PAGE, Statement};

pub const OUTBOX_DIR: &str = "outbox";
const STATEMENTS: &str = "statements.jsonl";
const RESULTS: &str = "results.txt";
const SENT: &str = "sent.txt";

/// The organisation's xAPI settings, kept in the data folder's settings file under `xapi`
/// (the game edits them; the command line reads them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct XapiSettings {
    /// `account.homePage` of every player's xAPI account.
    pub home_page: String,
    /// The LRS's xAPI endpoint (ending before `statements`), when results are sent.
    pub lrs_url: String,
    pub lrs_user: String,
}

impl Default for XapiSettings {
    fn default() -> Self {
        XapiSettings {
            home_page: DEFAULT_HOME_PAGE.to_owned(),
            lrs_url: String::new(),
            lrs_user: String::new(),
        }
    }
}

/// The part of the settings file the core reads.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SettingsFile {
    xapi: XapiSettings,
}

/// The xAPI settings saved in `data_dir`, or the defaults.
pub fn xapi_settings(data_dir: &Path) -> XapiSettings {
    load_settings::<SettingsFile>(data_dir).xapi
}

fn outbox_file(data_dir: &Path, name: &str) -> PathBuf {
    data_dir.join(OUTBOX_DIR).join(name)
}

/// Runs `work` holding the outbox's lock (a file lock, so the game's sync thread and a
/// `rapport xapi send` in another process never empty the lists while a result is queued).
fn locked<R>(
    data_dir: &Path,
    work: impl FnOnce() -> Result<R, StoreError>,
) -> Result<R, StoreError> {
    let path = outbox_file(data_dir, "lock");
    let io = |source| StoreError::io(&path, source);
    std::fs::create_dir_all(data_dir.join(OUTBOX_DIR)).map_err(io)?;
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io)?;
    file.lock().map_err(io)?;
    let result = work();
    let _ = file.unlock();
    result
}

/// Appends `lines` to a file of the outbox and flushes them to disk.
fn append_lines(path: &Path, lines: &[String]) -> Result<(), StoreError> {
    let io = |source| StoreError::io(path, source);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(io)?;
    let mut text = String::new();
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    file.write_all(text.as_bytes()).map_err(io)?;
    file.sync_all().map_err(io)
}

/// The lines of an outbox file; none when it does not exist yet.
fn read_lines(path: &Path) -> Result<Vec<String>, StoreError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text.lines().map(str::to_owned).collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(source) => Err(StoreError::io(path, source)),
    }
}

/// Appends the statements of the result file at `result_path` (read back as saved); returns
/// how many.
pub fn enqueue_result(
    data_dir: &Path,
    result_path: &Path,
    pack: &[Playable],
) -> Result<usize, StoreError> {
    enqueue_bytes(data_dir, result_path, &read_bytes(result_path)?, pack)
}

/// Appends the statements of a result whose file holds `bytes` (`source` names it in errors).
pub fn enqueue_bytes(
    data_dir: &Path,
    source: &Path,
    bytes: &[u8],
    pack: &[Playable],
) -> Result<usize, StoreError> {
    let home_page = xapi_settings(data_dir).home_page;
    let made = of_result_file(source, bytes, &home_page, pack)?;
    let mut lines = Vec::with_capacity(made.statements.len());
    for statement in &made.statements {
        lines.push(
            serde_json::to_string(statement).map_err(|error| StoreError::Format {
                path: source.to_owned(),
                source: error,
            })?,
        );
    }
    locked(data_dir, || {
        append_lines(&outbox_file(data_dir, STATEMENTS), &lines)?;
        append_lines(
            &outbox_file(data_dir, RESULTS),
            std::slice::from_ref(&made.result_hash),
        )
    })?;
    Ok(made.statements.len())
}

/// Queues the statements of every result in the data folder that never reached the outbox
/// (made by an older version, or saved just before a crash); returns how many results.
pub fn enqueue_missing(data_dir: &Path, pack: &[Playable]) -> Result<usize, StoreError> {
    let queued: HashSet<String> = read_lines(&outbox_file(data_dir, RESULTS))?
        .into_iter()
        .collect();
    let mut added = 0;
    for path in files_in(&data_dir.join(RESULTS_DIR), "json") {
        let bytes = read_bytes(&path)?;
        if !queued.contains(&crate::xapi::sha256_hex(&bytes)) {
            enqueue_result(data_dir, &path, pack)?;
            added += 1;
        }
    }
    Ok(added)
}

/// The statements not yet confirmed by the LRS, each once, in the order they were queued.
/// A torn last line (the process died mid-append) is skipped; any other bad line is an error
/// naming it.
pub fn pending(data_dir: &Path) -> Result<Vec<Statement>, StoreError> {
    let sent: HashSet<String> = read_lines(&outbox_file(data_dir, SENT))?
        .into_iter()
        .collect();
    let path = outbox_file(data_dir, STATEMENTS);
    let lines = read_lines(&path)?;
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let statement: Statement = match serde_json::from_str(line) {
            Ok(s) => s,
            Err(_) if i + 1 == lines.len() => break,
            Err(source) => {
                return Err(StoreError::Line {
                    path,
                    line: i + 1,
                    source,
                });
            }
        };
        if !sent.contains(&statement.id) && seen.insert(statement.id.clone()) {
            out.push(statement);
        }
    }
    Ok(out)
}

/// Records that the LRS has these statements.
pub fn mark_sent(data_dir: &Path, ids: &[String]) -> Result<(), StoreError> {
    append_lines(&outbox_file(data_dir, SENT), ids)
}

/// How many statements wait, and how many the LRS has confirmed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OutboxCount {
    pub waiting: usize,
    pub sent: usize,
}

pub fn count(data_dir: &Path) -> Result<OutboxCount, StoreError> {
    Ok(OutboxCount {
        waiting: pending(data_dir)?.len(),
        sent: read_lines(&outbox_file(data_dir, SENT))?.len(),
    })
}

/// Once everything is sent, empties the statements and sent lists (atomically, each), so the
/// outbox does not grow forever; the list of queued results stays.
pub fn compact(data_dir: &Path) -> Result<(), StoreError> {
    locked(data_dir, || {
        if !pending(data_dir)?.is_empty() {
            return Ok(());
        }
        // Statements first: a crash between the two leaves ids of statements that are gone.
        for name in [STATEMENTS, SENT] {
            let path = outbox_file(data_dir, name);
            if path.exists() {
                write_atomically(&path, b"")?;
            }
        }
        Ok(())
    })
}
