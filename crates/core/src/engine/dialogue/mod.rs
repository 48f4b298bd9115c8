//! The dialogue engine: `Conversation`, an explicit state machine applying the turn order of the
//! spec, with the display order of the replies drawn from the seed at every turn.

mod effects;
mod random;
mod view;

pub use random::{
    draw_order, draw_weighted, participant_order_seed, seed_for_other_variant, uniform_below,
};

use std::ops::Range;
use std::sync::Arc;
use std::time::Duration;

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::engine::scenario::{Condition, NodeEntry, NodeId, Outcome, Scenario, Style};
use crate::engine::style::Evidence;
pub(crate) use effects::{Rules, holds};
use random::{draw_variant, variant_list};

/// Patience and trust live in 0..=10.
pub const METER_MAX: i64 = 10;
/// Default threshold above which a reply counts as slow (spec section 5).
pub const DEFAULT_SLOW_REPLY: Duration = Duration::from_secs(30);

/// Settings that are not part of the scenario.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Options {
    /// A reply slower than this adds 0.5 melancholic evidence.
    pub slow_reply: Duration,
    /// Where the reply orders come from: `None` draws them from the conversation's own
    /// generator (after the variant); `Some(seed)` from a generator of their own, so people
    /// who share a seed (and so a variant) can still see different orders (a seminar).
    pub order_seed: Option<u64>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            slow_reply: DEFAULT_SLOW_REPLY,
            order_seed: None,
        }
    }
}

impl Options {
    /// The default options with this slow-reply threshold.
    pub fn with_slow_reply(slow_reply: Duration) -> Options {
        Options {
            slow_reply,
            ..Options::default()
        }
    }
}

/// Where an objection stands (spec section 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectionState {
    Raised,
    Resolved,
    Recovered,
    Mishandled,
}

impl ObjectionState {
    /// snake_case name used in JSON and text.
    pub fn key(self) -> &'static str {
        match self {
            ObjectionState::Raised => "raised",
            ObjectionState::Resolved => "resolved",
            ObjectionState::Recovered => "recovered",
            ObjectionState::Mishandled => "mishandled",
        }
    }

    /// The transition table: `None` is "not raised"; pairs not listed keep the state.
    pub fn after(current: Option<ObjectionState>, effect: ObjectionEffect) -> ObjectionState {
        use ObjectionEffect as E;
        use ObjectionState as S;
        match (current, effect) {
            (None, E::Raise) => S::Raised,
            (None | Some(S::Raised), E::Resolve) => S::Resolved,
            (None | Some(S::Raised | S::Resolved | S::Recovered), E::Mishandle) => S::Mishandled,
            (Some(S::Mishandled), E::Resolve) => S::Recovered,
            (Some(state), _) => state,
        }
    }
}

/// The three effects that move an objection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectionEffect {
    Raise,
    Resolve,
    Mishandle,
}

/// What caused a change: the start node, a reply, or a node entered after a reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Source {
    /// The player's reply in turn `turn` (0-based).
    Reply { turn: usize },
    /// The `on_enter` of node `node` (an index into the scenario's nodes).
    Enter { node: usize },
}

/// Why a meter or the style evidence moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// An authored effect.
    Effect,
    /// A reply tagged with a style.
    StyledReply,
    /// Drawn-out (melancholic) talk costs patience.
    DrawnOutTalk,
    /// The customer prefers the reply's style.
    PreferredStyle,
    /// The reply took longer than the slow-reply threshold.
    SlowReply,
    /// The customer walked out.
    WalkOut,
}

/// One recorded change of state; the debrief explains every score from these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    NeedDiscovered {
        need: usize,
    },
    Objection {
        objection: usize,
        from: Option<ObjectionState>,
        to: ObjectionState,
    },
    Trust {
        from: i64,
        to: i64,
        cause: Cause,
    },
    Patience {
        from: i64,
        to: i64,
        cause: Cause,
    },
    Closing {
        points: i64,
    },
    Style {
        style: Style,
        halves: u32,
        cause: Cause,
    },
}

/// A change and what caused it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Event {
    pub source: Source,
    #[serde(flatten)]
    pub change: Change,
}

/// One reply as played.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Turn {
    /// The node the reply was given at (index into the scenario's nodes).
    pub node: usize,
    /// 1-based position among the replies shown there, authored order (what scripts name).
    pub position: usize,
    /// 0-based index of the reply in the node's authored list.
    pub choice: usize,
    /// The display order the reply was picked from (authored positions, as shown).
    pub order: Vec<usize>,
    /// Time from the replies appearing to the pick, when the caller measured it.
    pub latency_ms: Option<u64>,
    /// The events this reply caused, including the next node's `on_enter`.
    pub events: Range<usize>,
}

impl Turn {
    /// The 1-based key the reply was shown at (what the player pressed).
    pub fn shown_key(&self) -> Option<usize> {
        self.order
            .iter()
            .position(|&p| p == self.position)
            .map(|k| k + 1)
    }
}

/// The conversation's state machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// The customer has spoken at `node` and waits for a reply.
    AwaitingReply { node: usize },
    /// Finished; `ending` is the ending node, or `None` after a walk-out or a time-out.
    Ended {
        outcome: Outcome,
        ending: Option<usize>,
    },
}

/// What one reply led to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// The customer speaks again at this node.
    Continue { node: usize },
    /// The conversation is over.
    Ended(Outcome),
}

/// The customer's state during the talk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    pub patience: i64,
    pub trust: i64,
    /// Per need, in declaration order.
    pub discovered: Vec<bool>,
    /// Per objection, in declaration order; `None` until it comes up.
    pub objections: Vec<Option<ObjectionState>>,
    /// Sum of `Closing(n)` effects so far.
    pub closing_adjustment: i64,
    pub evidence: Evidence,
}

impl State {
    /// Becomes a copy of `other`, keeping its own lists' room (what `clone` would allocate).
    pub(crate) fn copy_from(&mut self, other: &State) {
        self.patience = other.patience;
        self.trust = other.trust;
        self.discovered.clone_from(&other.discovered);
        self.objections.clone_from(&other.objections);
        self.closing_adjustment = other.closing_adjustment;
        self.evidence = other.evidence;
    }
}

/// Why a conversation cannot start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StartError {
    #[error("unknown variant \"{id}\"; this scenario has: {known}")]
    UnknownVariant { id: String, known: String },
    #[error("start node \"{0}\" does not exist")]
    MissingStart(NodeId),
    #[error("node \"{node}\" leads to \"{target}\", which does not exist")]
    DanglingTarget { node: NodeId, target: NodeId },
}

/// Why a reply was refused; the conversation is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChooseError {
    #[error("the conversation has already ended")]
    AlreadyEnded,
    #[error("at node \"{node}\": choice {position} is out of range (valid: {})", valid_range(*.shown))]
    OutOfRange {
        node: NodeId,
        position: usize,
        shown: usize,
    },
}

/// "1..=N" or "none" for messages.
pub fn valid_range(shown: usize) -> String {
    if shown == 0 {
        "none".to_owned()
    } else {
        format!("1..={shown}")
    }
}

/// The conversation's generator; cloning copies its exact position in the stream
/// (ChaCha8Rng is deliberately not `Clone`, but searches and replays need copies).
#[derive(Debug)]
struct SeededRng(ChaCha8Rng);

impl Clone for SeededRng {
    fn clone(&self) -> Self {
        Self(ChaCha8Rng::deserialize_state(&self.0.serialize_state()))
    }
}

/// One customer conversation in progress or finished.
#[derive(Clone, Debug)]
pub struct Conversation {
    scenario: Arc<Scenario>,
    seed: u64,
    variant: Option<usize>,
    /// The generator of the variant draw and the reply orders; none in a search copy, which
    /// draws no orders. Boxed, as the search moves conversations by the thousand.
    rng: Option<Box<SeededRng>>,
    /// The reply orders' own generator, when they do not come from `rng`.
    order_rng: Option<Box<SeededRng>>,
    /// The display order of the replies shown now.
    order: Vec<usize>,
    options: Options,
    state: State,
    phase: Phase,
    turns: Vec<Turn>,
    events: Vec<Event>,
    /// Events caused by entering the start node, before any reply.
    prologue: Range<usize>,
    /// The time limit ended the talk (assessment mode).
    timed_out: bool,
    /// False in a copy made for the exhaustive search, which keeps no history (turns, events,
    /// reply orders): only the state and the phase, which decide every score.
    recording: bool,
}

impl Conversation {
    /// A copy for the exhaustive search: the same state and phase, no history, and replies
    /// that record nothing (no events, turns or display orders), so copying and choosing stay
    /// cheap. Scores and outcomes are the same as the recording conversation's.
    pub(crate) fn for_search(&self) -> Conversation {
        Conversation {
            scenario: Arc::clone(&self.scenario),
            seed: self.seed,
            variant: self.variant,
            rng: None,
            order_rng: None,
            order: Vec::new(),
            options: self.options,
            state: self.state.clone(),
            phase: self.phase,
            turns: Vec::new(),
            events: Vec::new(),
            prologue: 0..0,
            timed_out: self.timed_out,
            recording: false,
        }
    }

    /// Starts a conversation: draws the variant from the seed (or forces `variant`) and enters `start`.
    pub fn start(
        scenario: Arc<Scenario>,
        seed: u64,
        variant: Option<&str>,
        options: Options,
    ) -> Result<Self, StartError> {
        let start = scenario
            .nodes
            .index_of(scenario.start.as_str())
            .ok_or_else(|| StartError::MissingStart(scenario.start.clone()))?;
        if let Some((node, target)) = scenario.nodes.dangling_target() {
            return Err(StartError::DanglingTarget {
                node: node.clone(),
                target: target.clone(),
            });
        }
        let mut rng = SeededRng(ChaCha8Rng::seed_from_u64(seed));
        // The draw always happens so later draws do not depend on `--variant`.
        let drawn = draw_variant(&mut rng.0, &scenario);
        let variant = match variant {
            Some(id) => {
                Some(
                    scenario
                        .variant_index(id)
                        .ok_or_else(|| StartError::UnknownVariant {
                            id: id.to_owned(),
                            known: variant_list(&scenario),
                        })?,
                )
            }
            None => drawn,
        };
        let customer = &scenario.customer;
        let chosen = variant.map(|i| &scenario.variants[i]);
        let patience = chosen.and_then(|v| v.patience).unwrap_or(customer.patience);
        let trust = chosen.and_then(|v| v.trust).unwrap_or(customer.trust);
        let state = State {
            patience: patience.clamp(0, METER_MAX),
            trust: trust.clamp(0, METER_MAX),
            discovered: vec![false; customer.needs.len()],
            objections: vec![None; customer.objections.len()],
            closing_adjustment: 0,
            evidence: Evidence::default(),
        };
        let mut conversation = Self {
            scenario,
            seed,
            variant,
            rng: Some(Box::new(rng)),
            order_rng: options
                .order_seed
                .map(|seed| Box::new(SeededRng(ChaCha8Rng::seed_from_u64(seed)))),
            order: Vec::new(),
            options,
            state,
            phase: Phase::AwaitingReply { node: start },
            turns: Vec::new(),
            events: Vec::new(),
            prologue: 0..0,
            timed_out: false,
            recording: true,
        };
        conversation.rules().enter(start);
        conversation.prologue = 0..conversation.events.len();
        if let Phase::AwaitingReply { node } = conversation.phase {
            conversation.order = conversation.draw_order(node);
        }
        Ok(conversation)
    }

    /// Gives the reply the player sees at 1-based `displayed` position (the key they press).
    pub fn choose_displayed(
        &mut self,
        displayed: usize,
        latency: Option<Duration>,
    ) -> Result<Step, ChooseError> {
        let Phase::AwaitingReply { node } = self.phase else {
            return Err(ChooseError::AlreadyEnded);
        };
        let Some(&position) = displayed.checked_sub(1).and_then(|i| self.order.get(i)) else {
            return Err(ChooseError::OutOfRange {
                node: self.scenario.nodes.at(node).0.clone(),
                position: displayed,
                shown: self.order.len(),
            });
        };
        self.choose(position, latency)
    }

    /// Gives the reply at 1-based authored `position` among those shown; `latency` when measured.
    pub fn choose(
        &mut self,
        position: usize,
        latency: Option<Duration>,
    ) -> Result<Step, ChooseError> {
        let Phase::AwaitingReply { node } = self.phase else {
            return Err(ChooseError::AlreadyEnded);
        };
        let choices = self.scenario.nodes.at(node).1.choices();
        let Some(index) = self.shown_choice_index(choices, position) else {
            return Err(ChooseError::OutOfRange {
                node: self.scenario.nodes.at(node).0.clone(),
                position,
                shown: self.shown_count(choices),
            });
        };
        let turn = self.turns.len();
        let first_event = self.events.len();
        let latency_ms = latency.map(|l| u64::try_from(l.as_millis()).unwrap_or(u64::MAX));
        let slow = latency.is_some_and(|l| l > self.options.slow_reply);
        self.rules().reply(node, index, turn, slow);
        if self.recording {
            let order = std::mem::take(&mut self.order);
            if let Phase::AwaitingReply { node } = self.phase {
                self.order = self.draw_order(node);
            }
            self.turns.push(Turn {
                node,
                position,
                choice: index,
                order,
                latency_ms,
                events: first_event..self.events.len(),
            });
        }
        Ok(match self.phase {
            Phase::AwaitingReply { node } => Step::Continue { node },
            Phase::Ended { outcome, .. } => Step::Ended(outcome),
        })
    }

    /// The turn rules over this conversation's state, logging changes when it records.
    fn rules(&mut self) -> Rules<'_> {
        Rules {
            scenario: &self.scenario,
            variant: self.variant,
            state: &mut self.state,
            phase: &mut self.phase,
            events: self.recording.then_some(&mut self.events),
        }
    }

    /// Whether a condition holds now.
    pub fn holds(&self, condition: &Condition) -> bool {
        effects::holds(&self.scenario, self.variant, &self.state, condition)
    }

    /// The display order at a node just entered: drawn from the orders' generator, unless the
    /// node keeps its authored order (its order is itself the content).
    fn draw_order(&mut self, node: usize) -> Vec<usize> {
        let shown = self.shown_len();
        let keep = matches!(
            self.scenario.nodes.at(node).1,
            NodeEntry::Node {
                keep_order: true,
                ..
            }
        );
        if keep {
            return (1..=shown).collect();
        }
        match self.order_rng.as_mut().or(self.rng.as_mut()) {
            Some(rng) => draw_order(&mut rng.0, shown),
            None => (1..=shown).collect(),
        }
    }

    /// Ends a running conversation because its time ran out: outcome lost, no ending.
    pub fn time_out(&mut self) {
        if !self.is_over() {
            self.timed_out = true;
            self.order.clear();
            self.phase = Phase::Ended {
                outcome: Outcome::Lost,
                ending: None,
            };
        }
    }
}

#[cfg(test)]
mod tests;
