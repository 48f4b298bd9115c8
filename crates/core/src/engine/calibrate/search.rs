//! The exhaustive search: every path of every variant, each state that decides a score
//! visited once (on history-free copies of the conversation), for the reachable score ranges,
//! the best and worst paths, and every turn a player can meet.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use super::{MAX_SEARCH_DEPTH, MAX_SEARCH_STATES, Path, Reach, Span};
use crate::engine::dialogue::{Conversation, ObjectionState, Options, Phase, Rules, State, holds};
use crate::engine::scenario::{Outcome, Scenario};
use crate::engine::scoring::score_state;

/// The state that decides every future score; evidence is left out because it scores nothing.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct StateKey {
    node: usize,
    patience: i64,
    trust: i64,
    closing_adjustment: i64,
    facts: Facts,
}

/// The needs found and the objections' states: packed into two words when they fit (up to 64
/// needs and 21 objections, every shipped scenario), so the search allocates nothing per state.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Facts {
    Packed(u64, u64),
    Full(Vec<bool>, Vec<Option<ObjectionState>>),
}

fn objection_code(state: Option<ObjectionState>) -> u64 {
    match state {
        None => 0,
        Some(ObjectionState::Raised) => 1,
        Some(ObjectionState::Resolved) => 2,
        Some(ObjectionState::Recovered) => 3,
        Some(ObjectionState::Mishandled) => 4,
    }
}

pub(crate) fn key_of(s: &State, node: usize) -> StateKey {
    let facts = if s.discovered.len() <= 64 && s.objections.len() <= 21 {
        let needs = s
            .discovered
            .iter()
            .enumerate()
            .fold(0u64, |bits, (i, &found)| bits | (u64::from(found) << i));
        let objections = s
            .objections
            .iter()
            .enumerate()
            .fold(0u64, |bits, (i, &o)| bits | (objection_code(o) << (3 * i)));
        Facts::Packed(needs, objections)
    } else {
        Facts::Full(s.discovered.clone(), s.objections.clone())
    };
    StateKey {
        node,
        patience: s.patience,
        trust: s.trust,
        closing_adjustment: s.closing_adjustment,
        facts,
    }
}

/// FxHash's multiply-rotate for the search's keys, a few small integers: SipHash's defence
/// against crafted keys buys nothing here and cost a sixth of the search.
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

impl KeyHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, word: u64) {
        self.add(word);
    }

    fn write_i64(&mut self, word: i64) {
        self.add(word as u64);
    }

    fn write_usize(&mut self, word: usize) {
        self.add(word as u64);
    }

    fn write_isize(&mut self, word: isize) {
        self.add(word as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The set of states the search has seen.
pub(crate) type SeenStates = HashSet<StateKey, BuildHasherDefault<KeyHasher>>;

/// Variant ids to try: every variant a seed can draw (weight above 0), or none when the
/// scenario has none.
pub(super) fn variants(scenario: &Scenario) -> Vec<Option<String>> {
    if scenario.variants.is_empty() {
        vec![None]
    } else {
        scenario
            .variants
            .iter()
            .filter(|v| v.weight > 0)
            .map(|v| Some(v.id.to_string()))
            .collect()
    }
}

/// Whether a finished path of `length` replies beats the current one: a higher (or lower)
/// overall, or the same overall in fewer replies.
fn better_at(candidate: &Path, length: usize, current: &Option<Path>, higher: bool) -> bool {
    match current {
        None => true,
        Some(p) => {
            let (a, b) = (candidate.scores.overall, p.scores.overall);
            (if higher { a > b } else { a < b }) || (a == b && length < p.choices.len())
        }
    }
}

/// The root of the search's step links.
const ROOT: usize = usize::MAX;

/// The replies from the start to step `at`, by following the links back.
fn path_to(steps: &[(usize, usize)], mut at: usize) -> Vec<usize> {
    let mut path = Vec::new();
    while at != ROOT {
        let (parent, position) = steps[at];
        path.push(position);
        at = parent;
    }
    path.reverse();
    path
}

/// Explores every path of every variant (bounded on cycles) and records the reachable scores.
/// `None` only when the scenario cannot start.
pub fn reach(scenario: &Arc<Scenario>) -> Option<Reach> {
    reach_variants(scenario, variants(scenario))
}

/// The same search for one variant (the one a seed drew), e.g. a seminar's best path.
pub fn reach_variant(scenario: &Arc<Scenario>, variant: Option<&str>) -> Option<Reach> {
    reach_variants(scenario, vec![variant.map(str::to_owned)])
}

/// What the search has found so far over the finished paths.
#[derive(Default)]
struct Findings {
    needs: Option<Span>,
    objections: Option<Span>,
    closing: Option<Span>,
    overall: Option<Span>,
    outcomes: HashSet<Outcome>,
    best: Option<Path>,
    worst: Option<Path>,
}

impl Findings {
    /// A path of `depth` replies ended in `state` with `outcome`; its replies are found by
    /// following `steps` back from `at`, only when it is the new best or worst.
    fn ended(
        &mut self,
        (scenario, variant): (&Scenario, &Option<String>),
        (state, phase, outcome): (&State, Phase, Outcome),
        (steps, at, depth): (&[(usize, usize)], usize, usize),
    ) {
        let scores = score_state(scenario, state, phase);
        Span::widen(&mut self.needs, scores.needs_discovery);
        if let Some(o) = scores.objection_handling {
            Span::widen(&mut self.objections, o);
        }
        Span::widen(&mut self.closing, scores.closing);
        Span::widen(&mut self.overall, scores.overall);
        self.outcomes.insert(outcome);
        let finished = Path {
            variant: variant.clone(),
            choices: Vec::new(),
            outcome,
            scores,
        };
        let for_best = better_at(&finished, depth, &self.best, true);
        let for_worst = better_at(&finished, depth, &self.worst, false);
        if for_best || for_worst {
            let finished = Path {
                choices: path_to(steps, at),
                ..finished
            };
            if for_best {
                self.best = Some(finished.clone());
            }
            if for_worst {
                self.worst = Some(finished);
            }
        }
    }

    /// The reach, once some path has ended.
    fn into_reach(self, states: usize, complete: bool) -> Option<Reach> {
        let mut outcomes: Vec<Outcome> = self.outcomes.into_iter().collect();
        outcomes.sort_by_key(|o| Outcome::ALL.iter().position(|a| a == o));
        Some(Reach {
            needs_discovery: self.needs?,
            objection_handling: self.objections,
            closing: self.closing?,
            overall: self.overall?,
            outcomes,
            best: self.best?,
            worst: self.worst?,
            states,
            complete,
        })
    }
}

fn reach_variants(scenario: &Arc<Scenario>, variants: Vec<Option<String>>) -> Option<Reach> {
    let mut found = Findings::default();
    let mut states = 0usize;
    let mut complete = true;
    // States done with, whose lists the next children reuse: the search then allocates
    // almost nothing per state.
    let mut spare: Vec<State> = Vec::new();
    let mut shown = Vec::new();
    for variant in variants {
        let start = Conversation::start(
            Arc::clone(scenario),
            0,
            variant.as_deref(),
            Options::default(),
        )
        .ok()?;
        let in_play = start.variant();
        let mut seen = SeenStates::default();
        // Paths as links to their parent step, so a step costs no copy of the path so far.
        let mut steps: Vec<(usize, usize)> = Vec::new();
        let mut stack = vec![(start.state().clone(), start.phase(), ROOT, 0usize)];
        while let Some((state, phase, at, depth)) = stack.pop() {
            let node = match phase {
                Phase::AwaitingReply { node } => node,
                Phase::Ended { outcome, .. } => {
                    let path = (steps.as_slice(), at, depth);
                    found.ended((scenario, &variant), (&state, phase, outcome), path);
                    spare.push(state);
                    continue;
                }
            };
            if depth >= MAX_SEARCH_DEPTH || states >= MAX_SEARCH_STATES {
                complete = false;
            } else if seen.insert(key_of(&state, node)) {
                states += 1;
                let choices = scenario.nodes.at(node).1.choices();
                shown.clear();
                shown.extend((0..choices.len()).filter(|&i| {
                    let requires = &choices[i].requires;
                    requires.iter().all(|c| holds(scenario, in_play, &state, c))
                }));
                for (position, &index) in shown.iter().enumerate().rev() {
                    let mut next_state = match spare.pop() {
                        Some(mut reused) => {
                            reused.copy_from(&state);
                            reused
                        }
                        None => state.clone(),
                    };
                    let mut next_phase = phase;
                    Rules {
                        scenario,
                        variant: in_play,
                        state: &mut next_state,
                        phase: &mut next_phase,
                        events: None,
                    }
                    .reply(node, index, 0, false);
                    steps.push((at, position + 1));
                    stack.push((next_state, next_phase, steps.len() - 1, depth + 1));
                }
            }
            spare.push(state);
        }
    }
    found.into_reach(states, complete)
}

/// Every state awaiting a reply that a player can reach, once each (per variant and per
/// state that decides any future score), breadth-first, at most `max` of them: what layout
/// checks and pack-wide checks walk through.
pub fn reachable_turns(scenario: &Arc<Scenario>, max: usize) -> Vec<Conversation> {
    let mut seen = HashSet::new();
    let mut found = Vec::new();
    for variant in variants(scenario) {
        let Ok(start) = Conversation::start(
            Arc::clone(scenario),
            0,
            variant.as_deref(),
            Options::default(),
        ) else {
            continue;
        };
        let mut frontier = std::collections::VecDeque::from([start]);
        while let Some(c) = frontier.pop_front() {
            let crate::engine::dialogue::Phase::AwaitingReply { node } = c.phase() else {
                continue;
            };
            if found.len() >= max || !seen.insert((variant.clone(), key_of(c.state(), node))) {
                continue;
            }
            for position in 1..=c.shown_len() {
                let mut next = c.clone();
                if next.choose(position, None).is_ok() {
                    frontier.push_back(next);
                }
            }
            found.push(c);
        }
    }
    found
}
