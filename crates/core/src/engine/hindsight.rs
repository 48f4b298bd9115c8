//! Hindsight for the debrief: at each reply of a played conversation, the best overall score
//! still reachable after it, and, where it cost points, the strongest reply that was on offer
//! and what it would have kept reachable. Searched from the recorded state, as `simulate` does.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::engine::calibrate::{MAX_SEARCH_DEPTH, StateKey, key_of};
use crate::engine::dialogue::{Conversation, Phase};
use crate::engine::record::{ReplayError, ResultRecord, replay_with};
use crate::engine::scenario::{Scenario, Style};
use crate::engine::scoring::score;

/// One reply seen in hindsight.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hindsight {
    /// The best overall reachable once this reply was given.
    pub reachable: u8,
    /// The strongest reply on offer, when the one given lowered what could be reached.
    pub stronger: Option<Stronger>,
}

/// A reply that would have kept a better score reachable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stronger {
    /// Its 1-based position among the replies shown, in authored order.
    pub choice: usize,
    pub say: String,
    pub style: Option<Style>,
    /// The best overall reachable after it.
    pub reachable: u8,
}

/// Best overall reachable from each state, shared by every search over one conversation.
#[derive(Default)]
struct Memo(HashMap<StateKey, Option<u8>>);

impl Memo {
    /// The best overall reachable from `c` (`None` when every way on is cut by the depth
    /// bound or loops back on itself).
    fn best(&mut self, c: &Conversation, depth: usize) -> Option<u8> {
        if c.is_over() {
            return Some(score(c).overall);
        }
        let Phase::AwaitingReply { node } = c.phase() else {
            return None;
        };
        if depth >= MAX_SEARCH_DEPTH {
            return None;
        }
        let key = key_of(c.state(), node);
        if let Some(known) = self.0.get(&key) {
            return *known;
        }
        // A state met again on its own path is a loop: it adds nothing reachable.
        self.0.insert(key.clone(), None);
        let best = (1..=c.shown_choices().len())
            .filter_map(|position| {
                let mut next = c.clone();
                next.choose(position, None).ok()?;
                self.best(&next, depth + 1)
            })
            .max();
        self.0.insert(key, best);
        best
    }
}

/// Every reply of `record` in hindsight, in turn order. The record is replayed on `scenario`;
/// a record that does not replay is an error, never a made-up answer.
pub fn hindsight(
    record: &ResultRecord,
    scenario: Arc<Scenario>,
) -> Result<Vec<Hindsight>, ReplayError> {
    let mut memo = Memo::default();
    let mut seen = Vec::with_capacity(record.report.transcript.len());
    replay_with(record, scenario, |turn, before, after| {
        let depth = turn + 1;
        let reachable = memo.best(after, depth).unwrap_or(0);
        let given = record.report.transcript[turn].choice;
        let stronger = before
            .shown_choices()
            .iter()
            .enumerate()
            .filter(|&(index, _)| index + 1 != given)
            .filter_map(|(index, (_, choice))| {
                let mut other = before.clone();
                other.choose(index + 1, None).ok()?;
                let best = memo.best(&other, depth)?;
                Some(Stronger {
                    choice: index + 1,
                    say: choice.say.clone(),
                    style: choice.style,
                    reachable: best,
                })
            })
            // The highest; among equals the first offered.
            .fold(None, |kept: Option<Stronger>, s| match kept {
                Some(k) if k.reachable >= s.reachable => Some(k),
                _ => Some(s),
            })
            .filter(|s| s.reachable > reachable);
        seen.push(Hindsight {
            reachable,
            stronger,
        });
    })?;
    Ok(seen)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authoring::pack;
    use crate::engine::calibrate::reach_variant;
    use crate::engine::dialogue::Options;
    use crate::engine::record::{Mode, Timestamp};
    use crate::engine::script::{ScriptOrder, play_to_end};

    fn led() -> pack::Playable {
        crate::authoring::pack::shipped("led-store-cafe-owner")
    }

    fn record_of(choices: &[usize], seed: u64) -> (ResultRecord, Arc<Scenario>) {
        let p = led();
        let mut c = Conversation::start(Arc::clone(&p.scenario), seed, None, Options::default())
            .expect("starts");
        play_to_end(&mut c, choices, ScriptOrder::Authored).expect("plays to the end");
        let at = Timestamp(1_795_000_000);
        let record = ResultRecord::new(&c, Mode::Practice, "Ann", p.hash, (at, at));
        (record, p.scenario)
    }

    #[test]
    fn the_best_line_has_nothing_stronger_and_keeps_100_reachable() {
        let (record, scenario) = record_of(&[2, 4, 3, 2, 4, 3, 3], 7);
        assert_eq!(record.report.scores.overall, 100);
        let seen = hindsight(&record, scenario).expect("replays");
        assert_eq!(seen.len(), 7);
        for h in &seen {
            assert_eq!(h.reachable, 100);
            assert_eq!(h.stronger, None);
        }
    }

    #[test]
    fn a_walk_out_names_the_reply_that_kept_the_best_score_reachable() {
        let (record, scenario) = record_of(&[4, 2, 2], 1);
        let seen = hindsight(&record, Arc::clone(&scenario)).expect("replays");
        let last = seen.last().expect("three replies");
        // The last reply ended the talk: what was reachable is what it scored.
        assert_eq!(last.reachable, record.report.scores.overall);
        // Until the first reply that cost points, the variant's best stayed reachable; the
        // stronger reply at that turn keeps it so.
        let variant = record.report.variant.as_deref();
        let best = reach_variant(&scenario, variant)
            .expect("reach")
            .overall
            .max;
        let costly = seen
            .iter()
            .position(|h| h.stronger.is_some())
            .expect("a costly reply");
        assert!(seen[..costly].iter().all(|h| h.reachable == best));
        let stronger = seen[costly].stronger.as_ref().expect("stronger");
        assert_eq!(stronger.reachable, best);
        assert_ne!(stronger.choice, record.report.transcript[costly].choice);
        // Played from there, the stronger reply really keeps that score within reach.
        let mut c = Conversation::start(Arc::clone(&scenario), 1, None, Options::default())
            .expect("starts");
        for entry in &record.report.transcript[..costly] {
            c.choose(entry.choice, None).expect("replays");
        }
        c.choose(stronger.choice, None).expect("offered");
        assert_eq!(Memo::default().best(&c, costly + 1), Some(best));
        assert!(seen.iter().all(|h| {
            h.stronger
                .as_ref()
                .is_none_or(|s| s.reachable > h.reachable)
        }));
    }

    #[test]
    fn a_record_that_does_not_replay_is_an_error() {
        let (mut record, scenario) = record_of(&[4, 2, 2], 1);
        record.report.transcript[1].choice = 9;
        assert!(matches!(
            hindsight(&record, scenario),
            Err(ReplayError::Choose { turn: 2, .. })
        ));
    }
}
