//! The journal of an assessment in progress: one JSON line per event, so a crash loses
//! nothing; parsing is here, the file itself is kept by `store::journal`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::engine::record::Timestamp;

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
    /// The recruiter discarded the run before it finished (the journal is kept aside with this
    /// last line); `by` is their key's fingerprint when results are sealed.
    Discarded {
        at: Timestamp,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<String>,
    },
}

/// An interrupted run found in the data folder.
#[derive(Clone, Debug, PartialEq)]
pub struct Interrupted {
    pub journal: PathBuf,
    pub assessment: String,
    pub candidate: String,
    pub extra_time: f64,
    pub replies: usize,
    /// The part reached (0 is the first; the practice when there is one).
    pub part: usize,
    /// The time used in each part so far, by part index, in milliseconds.
    pub used_ms: Vec<u64>,
}

/// The entries of a journal's text and the byte length of the whole lines they came from; a
/// last line cut short by a crash is left out. `path` labels the error of a damaged line.
pub fn parse_journal(path: &Path, text: &str) -> std::io::Result<(Vec<JournalEntry>, u64)> {
    let mut entries = Vec::new();
    let mut good = 0u64;
    let mut rest = text;
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

impl Interrupted {
    /// What a journal's entries say about the run, if they start as a journal must.
    pub fn of(journal: PathBuf, entries: &[JournalEntry]) -> Option<Interrupted> {
        let JournalEntry::Begin {
            assessment,
            candidate,
            extra_time,
            ..
        } = entries.first()?.clone()
        else {
            return None;
        };
        let mut replies = 0;
        let mut part = 0;
        let mut used_ms: Vec<u64> = Vec::new();
        for entry in entries {
            let (at, used) = match entry {
                JournalEntry::Reply {
                    part,
                    used_ms: used,
                    ..
                } => {
                    replies += 1;
                    (*part, *used)
                }
                JournalEntry::Tick {
                    part,
                    used_ms: used,
                }
                | JournalEntry::TimeOut {
                    part,
                    used_ms: used,
                } => (*part, Some(*used)),
                // A discarded run is not offered again.
                JournalEntry::Discarded { .. } => return None,
                JournalEntry::Begin { .. } => continue,
            };
            part = part.max(at);
            if let Some(used) = used {
                if used_ms.len() <= at {
                    used_ms.resize(at + 1, 0);
                }
                used_ms[at] = used_ms[at].max(used);
            }
        }
        Some(Interrupted {
            journal,
            assessment,
            candidate,
            extra_time,
            replies,
            part,
            used_ms,
        })
    }
}
