//! Resuming a run from its journal: the journal's shape, its first entry, and each entry
//! re-applied exactly as it was when written.

use std::path::Path;
use std::time::Duration;

use super::{Run, RunError, start_part};
use crate::assessment::definition::bounded_extra_time;
use crate::assessment::journal::JournalEntry;

impl Run {
    pub(super) fn begin_entry(&self, sealed_by: Option<String>) -> JournalEntry {
        JournalEntry::Begin {
            assessment: self.def.id.clone(),
            assessment_hash: self.assessment_hash.clone(),
            candidate: self.candidate.clone(),
            extra_time: self.extra_time,
            started_at: self.started_at,
            timed: self.timed,
            scenario_hashes: self.parts.iter().map(|p| p.playable.hash.clone()).collect(),
            sealed_by,
        }
    }

    pub(super) fn replay(&mut self, entry: &JournalEntry, path: &Path) -> Result<(), RunError> {
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
            JournalEntry::Discarded { .. } => {
                return Err(RunError::Damaged(format!(
                    "{}: the recruiter discarded this run",
                    path.display()
                )));
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
}

/// A journal must start with the candidate's details and start only once.
pub(super) fn check_journal_shape(entries: &[JournalEntry], path: &Path) -> Result<(), RunError> {
    let damaged = |why: &str| RunError::Damaged(format!("{}: {why}", path.display()));
    if !entries.is_empty() && !matches!(entries[0], JournalEntry::Begin { .. }) {
        return Err(damaged("it does not start with the candidate's details"));
    }
    if entries
        .iter()
        .skip(1)
        .any(|e| matches!(e, JournalEntry::Begin { .. }))
    {
        return Err(damaged("it holds two starts"));
    }
    Ok(())
}
