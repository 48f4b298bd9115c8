//! A candidate's run through an assessment: identical seeds, shuffled replies, the clock and
//! its time-outs, the journal, and what happens after each turn (`RunStep`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::assessment::definition::{
    AssessmentDef, DefinitionFile, Part, bounded_extra_time, limits, options_for, parts,
};
use crate::assessment::journal::JournalEntry;
use crate::assessment::result::{
    ASSESSMENT_FORMAT, AssessmentRecord, AssessmentResult, chain, totals,
};
use crate::assessment::seal::SealKey;
use crate::authoring::pack::Playable;
use crate::engine::dialogue::{ChooseError, Conversation, Phase};
use crate::engine::record::Timestamp;
use crate::engine::results::RunReport;
use crate::store::StoreError;
use crate::store::journal::{Journal, repair_journal};

mod resume;

/// How often the time used is journaled while the candidate thinks.
pub const TICK_MS: u64 = 5_000;

/// What starting (or resuming) a run needs.
pub struct RunStart<'a> {
    pub file: &'a DefinitionFile,
    pub pack: &'a [Playable],
    pub candidate: &'a str,
    /// Time-limit multiplier granted as accommodation; a resumed journal's own wins.
    pub extra_time: f64,
    /// Whether time is measured (the game) or not (a script).
    pub timed: bool,
    /// Where the run is journaled; an existing journal there is resumed.
    pub journal: Option<&'a Path>,
    /// The recruiter's key that seals the result, if any.
    pub seal_key: Option<SealKey>,
    /// The wall-clock time now, kept as the start of a new run.
    pub now: Timestamp,
}

/// What happens after a reply or a clock check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunStep {
    /// The same customer goes on: the next replies are shown.
    NextTurn,
    /// A reply in the coached warm-up: the coach comments on reply `turn` (0-based) of the
    /// conversation on screen before anything else.
    Feedback { turn: usize },
    /// The customer's conversation ended; the next customer waits until the candidate is ready.
    NextCustomer { timed_out: bool },
    /// Every part has been played: the result is ready to save.
    Finished { timed_out: bool },
}

/// A candidate's run through an assessment, driven by the game or by a script.
pub struct Run {
    def: AssessmentDef,
    assessment_hash: String,
    parts: Vec<Part>,
    candidate: String,
    extra_time: f64,
    started_at: Timestamp,
    timed: bool,
    /// Index of the part being played.
    current: usize,
    conversation: Conversation,
    /// Time used in the current part, as last recorded.
    used_ms: u64,
    records: Vec<AssessmentRecord>,
    /// Time used in every finished part.
    used_before_ms: u64,
    /// The conversation of the part that finished last (its ending stays on screen).
    last_finished: Option<Conversation>,
    /// When the current part's clock started (the app's monotonic time) and the time it had
    /// used before; `None` while the clock stands.
    clock: Option<(Duration, u64)>,
    /// The time used when the journal was last told.
    last_tick: u64,
    /// The recruiter's key the finished result is sealed with, if one was given.
    seal_key: Option<SealKey>,
    journal: Option<Journal>,
}

/// Why a run could not go on.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
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
    /// Starts a run, or resumes the journal at `start.journal` if one exists there; a journal
    /// is resumed only with the key it began with, so a crash cannot turn a sealed run into an
    /// unsealed one.
    pub fn begin(start: RunStart) -> Result<Run, RunError> {
        let RunStart {
            file,
            pack,
            candidate,
            extra_time,
            timed,
            journal,
            seal_key,
            now,
        } = start;
        let parts = parts(&file.def, pack).ok_or_else(|| RunError::Missing(file.def.id.clone()))?;
        let first = parts
            .first()
            .ok_or_else(|| RunError::Missing(file.def.id.clone()))?;
        let conversation = start_part(first, extra_time);
        let existing = match journal {
            Some(path) => repair_journal(path)?,
            None => Vec::new(),
        };
        let label = journal.unwrap_or(Path::new(""));
        resume::check_journal_shape(&existing, label)?;
        let mut run = Run {
            def: file.def.clone(),
            assessment_hash: file.hash(),
            parts,
            candidate: candidate.to_owned(),
            extra_time: bounded_extra_time(extra_time),
            started_at: now,
            timed,
            current: 0,
            conversation,
            used_ms: 0,
            records: Vec::new(),
            used_before_ms: 0,
            last_finished: None,
            clock: None,
            last_tick: 0,
            seal_key: None,
            journal: None,
        };
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
            run.replay(entry, label)?;
        }
        run.last_tick = run.used_ms;
        run.seal_key = seal_key;
        if let Some(path) = journal {
            let mut j = Journal::open(path)?;
            if existing.is_empty() {
                j.append(&run.begin_entry(given))?;
            }
            run.journal = Some(j);
        }
        Ok(run)
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
        if let Some(used) = used_ms {
            self.used_ms = used;
        }
        if self.conversation.is_over() {
            self.finish_part();
        }
        Ok(())
    }

    /// Gives a reply by authored position among those shown, journaled and flushed first, and
    /// says what follows. `now` is the app's monotonic clock (none in a script), for the time
    /// used; `latency` is how long the candidate took.
    pub fn reply(
        &mut self,
        position: usize,
        latency: Option<Duration>,
        now: Option<Duration>,
    ) -> Result<RunStep, RunError> {
        if self.is_finished() {
            return Err(RunError::Finished);
        }
        // Refuse a bad position before it reaches the journal.
        let shown = self.conversation.shown_choices().len();
        if position == 0 || position > shown {
            let node = match self.conversation.phase() {
                Phase::AwaitingReply { node } => {
                    self.conversation.scenario().nodes.at(node).0.clone()
                }
                Phase::Ended { .. } => return Err(RunError::Finished),
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
        let used_ms = now.map(|now| self.used_ms_at(now));
        let entry = JournalEntry::Reply {
            part: self.current,
            choice: position,
            latency_ms: latency.map(whole_ms),
            used_ms,
        };
        if let Some(j) = &mut self.journal {
            j.append(&entry)?;
        }
        let before = self.current;
        // Whole milliseconds, as the journal keeps them, so a resumed run scores the same.
        self.apply_reply(
            position,
            latency.map(|l| Duration::from_millis(whole_ms(l))),
            used_ms,
        )?;
        Ok(self.step_after(before, false))
    }

    /// What follows a turn that began in part `before`.
    fn step_after(&mut self, before: usize, timed_out: bool) -> RunStep {
        let coached = self.parts.get(before).is_some_and(|p| !p.scored);
        let part_over = self.current != before;
        if part_over {
            self.clock = None;
        }
        if coached && !timed_out {
            let turns = if part_over {
                self.last_finished.as_ref().map_or(0, |c| c.turns().len())
            } else {
                self.conversation.turns().len()
            };
            RunStep::Feedback {
                turn: turns.saturating_sub(1),
            }
        } else if self.is_finished() {
            RunStep::Finished { timed_out }
        } else if part_over {
            RunStep::NextCustomer { timed_out }
        } else {
            RunStep::NextTurn
        }
    }

    /// The next customer walks in: the part's clock starts at `now` (the app's monotonic time),
    /// counting any time it used before a crash.
    pub fn start_clock(&mut self, now: Duration) {
        self.clock = Some((now, self.used_ms));
        self.last_tick = self.used_ms;
        self.last_finished = None;
    }

    /// Whether the current part's clock runs.
    pub fn clock_running(&self) -> bool {
        self.clock.is_some()
    }

    /// Time used in the current part at `now`, counting the running clock.
    pub fn used_ms_at(&self, now: Duration) -> u64 {
        match self.clock {
            Some((since, before)) => before.saturating_add(whole_ms(now.saturating_sub(since))),
            None => self.used_ms,
        }
    }

    /// Time left at `now` in the part and in total, while a scored part's clock runs.
    pub fn time_left(&self, now: Duration) -> Option<(Duration, Duration)> {
        if self.clock.is_none() || !self.part().is_some_and(|p| p.scored) {
            return None;
        }
        let (part, total) = limits(&self.def, self.extra_time);
        let used = Duration::from_millis(self.used_ms_at(now));
        let used_total = used.saturating_add(Duration::from_millis(self.used_before_ms));
        Some((part.saturating_sub(used), total.saturating_sub(used_total)))
    }

    /// Looks at the clock: journals the time used every [`TICK_MS`] and ends a scored part
    /// whose time (or the total) has run out, saying what follows then.
    pub fn check_clock(&mut self, now: Duration) -> Result<Option<RunStep>, RunError> {
        if self.clock.is_none() || self.is_finished() {
            return Ok(None);
        }
        let used = self.used_ms_at(now);
        if used >= self.last_tick.saturating_add(TICK_MS) {
            self.last_tick = used;
            self.used_ms = used;
            if let Some(j) = &mut self.journal {
                j.append(&JournalEntry::Tick {
                    part: self.current,
                    used_ms: used,
                })?;
            }
        }
        match self.time_left(now) {
            Some((part, total)) if part.is_zero() || total.is_zero() => {
                let before = self.current;
                self.time_out(used)?;
                Ok(Some(self.step_after(before, true)))
            }
            _ => Ok(None),
        }
    }

    /// The current part's time ran out: lost, marked as timed out.
    fn time_out(&mut self, used_ms: u64) -> Result<(), RunError> {
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
                    self.conversation.orders()
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
        self.used_ms = 0;
        if self.current + 1 < self.parts.len() {
            self.current += 1;
            let next = start_part(&self.parts[self.current], self.extra_time);
            self.last_finished = Some(std::mem::replace(&mut self.conversation, next));
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

    /// Index of the part being played (the number of parts once finished).
    pub fn part_index(&self) -> usize {
        self.current
    }

    /// Every part in playing order, the warm-up first.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// The definition being played.
    pub fn definition(&self) -> &AssessmentDef {
        &self.def
    }

    /// The candidate's name or id as entered.
    pub fn candidate(&self) -> &str {
        &self.candidate
    }

    /// When the run began (a resumed run keeps its journal's start).
    pub fn started_at(&self) -> Timestamp {
        self.started_at
    }

    /// The accommodation in force.
    pub fn extra_time(&self) -> f64 {
        self.extra_time
    }

    /// The conversation of the current part.
    pub fn conversation(&self) -> &Conversation {
        &self.conversation
    }

    /// The display order of the replies shown now (authored 1-based positions): drawn from
    /// the part's seed, or authored when the definition does not shuffle.
    pub fn order(&self) -> Vec<usize> {
        if self.def.shuffle_replies {
            self.conversation.order().to_vec()
        } else {
            (1..=self.conversation.shown_choices().len()).collect()
        }
    }

    /// The records of the scored parts played so far.
    pub fn records(&self) -> &[AssessmentRecord] {
        &self.records
    }

    /// Time used in the current part as last recorded (the clock standing).
    pub fn used_ms(&self) -> u64 {
        self.used_ms
    }

    /// Whether the part on screen has ended but the next customer has not walked in yet, so
    /// what is shown belongs to the previous part.
    pub fn part_just_ended(&self) -> bool {
        self.is_finished() || (self.conversation.turns().is_empty() && self.last_finished.is_some())
    }

    /// The conversation to show: the part that just ended while it is looked back on (unless
    /// the candidate is choosing), else the current one.
    pub fn viewed(&self, choosing: bool) -> &Conversation {
        match &self.last_finished {
            Some(last) if !choosing && self.part_just_ended() => last,
            _ => &self.conversation,
        }
    }

    /// The finished result with its chain, sealed when the run has the recruiter's key.
    pub fn result(&self, finished_at: Timestamp) -> AssessmentResult {
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
            finished_at,
            show_results: self.def.show_results,
            pass_mark: self.def.pass_mark,
            consent: Some(crate::assessment::result::Consent {
                data_controller: self.def.data_controller.clone(),
                retention: self.def.retention.clone(),
            }),
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
    pub fn save(
        &mut self,
        data_dir: &Path,
        finished_at: Timestamp,
    ) -> Result<(PathBuf, AssessmentResult), RunError> {
        let result = self.result(finished_at);
        let pack: Vec<Playable> = self.parts.iter().map(|p| p.playable.clone()).collect();
        let path = crate::store::results::save_assessment(data_dir, &result, &pack)?;
        if let Some(j) = self.journal.take() {
            j.remove();
        }
        Ok((path, result))
    }
}

/// A duration in whole milliseconds, saturating.
fn whole_ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
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
