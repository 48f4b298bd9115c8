//! Journal files of assessments in progress: appended and flushed line by line, found after a
//! crash, read back and repaired.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::assessment::journal::{Interrupted, JournalEntry, parse_journal};
use crate::engine::record::content_hash;
use crate::store::{files_in, slug};

/// Folder of journals of assessments in progress, inside the data folder.
pub const JOURNAL_DIR: &str = "journal";

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

    /// Appends one entry as a line and flushes it to disk.
    pub fn append(&mut self, entry: &JournalEntry) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(entry).map_err(std::io::Error::other)?;
        line.push(b'\n');
        self.file.write_all(&line)?;
        self.file.sync_data()
    }

    /// Removes the journal once the result that holds everything is saved.
    pub fn remove(self) {
        remove_journal(&self.path);
    }
}

/// Removes a journal file; one already gone is fine.
pub fn remove_journal(path: &Path) {
    let _ = std::fs::remove_file(path);
}

/// Folder inside the journals' folder where discarded runs are kept, each with its last line
/// saying when and by whom.
pub const DISCARDED_DIR: &str = "discarded";

/// Discards an interrupted run at the recruiter's request: records it in the journal, then
/// moves the journal aside (never deleted) so it is not offered again. Returns where it went.
pub fn discard_journal(
    path: &Path,
    at: crate::engine::record::Timestamp,
    by: Option<String>,
) -> std::io::Result<PathBuf> {
    let mut journal = Journal::open(path)?;
    journal.append(&JournalEntry::Discarded { at, by })?;
    let folder = path
        .parent()
        .map_or_else(|| PathBuf::from(DISCARDED_DIR), |p| p.join(DISCARDED_DIR));
    std::fs::create_dir_all(&folder)?;
    let stem = path
        .file_stem()
        .map_or_else(|| "run".to_owned(), |s| s.to_string_lossy().into_owned());
    // A second discarded run of the same candidate keeps the first beside it.
    let target = (1..=crate::store::NAME_ATTEMPTS)
        .map(|n| folder.join(format!("{}.jsonl", crate::store::numbered(&stem, n))))
        .find(|candidate| !candidate.exists())
        .ok_or_else(|| std::io::Error::other("too many discarded runs of this name"))?;
    std::fs::rename(path, &target)?;
    Ok(target)
}

/// Every journal in the data folder that can be resumed.
pub fn interrupted_runs(data_dir: &Path) -> Vec<Interrupted> {
    files_in(&data_dir.join(JOURNAL_DIR), "jsonl")
        .into_iter()
        .filter_map(|path| {
            let entries = read_journal(&path).ok()?;
            Interrupted::of(path, &entries)
        })
        .collect()
}

/// Reads a journal; a torn last line (the app died mid-write) is dropped.
pub fn read_journal(path: &Path) -> std::io::Result<Vec<JournalEntry>> {
    let text = std::fs::read_to_string(path)?;
    parse_journal(path, &text).map(|(entries, _)| entries)
}

/// Reads a journal and cuts off a torn last line, so new entries start on a line of their own;
/// no file yet means no entries.
pub fn repair_journal(path: &Path) -> std::io::Result<Vec<JournalEntry>> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let text = std::fs::read_to_string(path)?;
    let (entries, good) = parse_journal(path, &text)?;
    let file = std::fs::OpenOptions::new().write(true).open(path)?;
    if file.metadata()?.len() != good {
        file.set_len(good)?;
        file.sync_all()?;
    }
    Ok(entries)
}
