//! The exhaustive search: every path of every variant, each state that decides a score
//! visited once (on history-free copies of the conversation), for the reachable score ranges,
//! the best and worst paths, and every turn a player can meet.

use std::collections::HashSet;
use std::sync::Arc;

use super::{MAX_SEARCH_DEPTH, MAX_SEARCH_STATES, Path, Reach, Span};
use crate::engine::dialogue::{Conversation, ObjectionState, Options};
use crate::engine::scenario::{Outcome, Scenario};
use crate::engine::scoring::score;

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

pub(crate) fn key_of(c: &Conversation, node: usize) -> StateKey {
    let s = c.state();
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

fn reach_variants(scenario: &Arc<Scenario>, variants: Vec<Option<String>>) -> Option<Reach> {
    let mut needs = None;
    let mut objections = None;
    let mut closing = None;
    let mut overall = None;
    let mut outcomes = HashSet::new();
    let mut best: Option<Path> = None;
    let mut worst: Option<Path> = None;
    let mut states = 0usize;
    let mut complete = true;
    for variant in variants {
        let start = Conversation::start(
            Arc::clone(scenario),
            0,
            variant.as_deref(),
            Options::default(),
        )
        .ok()?
        .for_search();
        let mut seen = HashSet::new();
        // Paths as links to their parent step, so a step costs no copy of the path so far.
        let mut steps: Vec<(usize, usize)> = Vec::new();
        let mut stack = vec![(start, ROOT, 0usize)];
        while let Some((conversation, at, depth)) = stack.pop() {
            if conversation.is_over() {
                let scores = score(&conversation);
                Span::widen(&mut needs, scores.needs_discovery);
                if let Some(o) = scores.objection_handling {
                    Span::widen(&mut objections, o);
                }
                Span::widen(&mut closing, scores.closing);
                Span::widen(&mut overall, scores.overall);
                let outcome = conversation.outcome().unwrap_or(Outcome::Lost);
                outcomes.insert(outcome);
                let finished = Path {
                    variant: variant.clone(),
                    choices: Vec::new(),
                    outcome,
                    scores,
                };
                let length = depth;
                let (for_best, for_worst) = (
                    better_at(&finished, length, &best, true),
                    better_at(&finished, length, &worst, false),
                );
                if for_best || for_worst {
                    let finished = Path {
                        choices: path_to(&steps, at),
                        ..finished
                    };
                    if for_best {
                        best = Some(finished.clone());
                    }
                    if for_worst {
                        worst = Some(finished);
                    }
                }
                continue;
            }
            let crate::engine::dialogue::Phase::AwaitingReply { node } = conversation.phase()
            else {
                continue;
            };
            if depth >= MAX_SEARCH_DEPTH || states >= MAX_SEARCH_STATES {
                complete = false;
                continue;
            }
            if !seen.insert(key_of(&conversation, node)) {
                continue;
            }
            states += 1;
            let shown = conversation.shown_choices().len();
            for position in (1..=shown).rev() {
                let mut next = conversation.clone();
                if next.choose(position, None).is_ok() {
                    steps.push((at, position));
                    stack.push((next, steps.len() - 1, depth + 1));
                }
            }
        }
    }
    let mut outcomes: Vec<Outcome> = outcomes.into_iter().collect();
    outcomes.sort_by_key(|o| Outcome::ALL.iter().position(|a| a == o));
    Some(Reach {
        needs_discovery: needs?,
        objection_handling: objections,
        closing: closing?,
        overall: overall?,
        outcomes,
        best: best?,
        worst: worst?,
        states,
        complete,
    })
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
            if found.len() >= max || !seen.insert((variant.clone(), key_of(&c, node))) {
                continue;
            }
            for position in 1..=c.shown_choices().len() {
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
