//! The dialogue engine: `Conversation`, an explicit state machine applying the turn order of the spec.

use std::ops::Range;
use std::sync::Arc;
use std::time::Duration;

use rand::rngs::ChaCha8Rng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use super::scenario::{
    Choice, Condition, Effect, Mood, Next, NodeEntry, NodeId, Outcome, Scenario, Style,
};
use super::style::Evidence;

/// Patience and trust live in 0..=10.
pub const METER_MAX: i64 = 10;
/// Default threshold above which a reply counts as slow (spec section 5).
pub const DEFAULT_SLOW_REPLY: Duration = Duration::from_secs(30);

/// Settings that are not part of the scenario.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Options {
    /// A reply slower than this adds 0.5 melancholic evidence.
    pub slow_reply: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            slow_reply: DEFAULT_SLOW_REPLY,
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
    /// Time from the replies appearing to the pick, when the caller measured it.
    pub latency_ms: Option<u64>,
    /// The events this reply caused, including the next node's `on_enter`.
    pub events: Range<usize>,
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
    rng: SeededRng,
    options: Options,
    state: State,
    phase: Phase,
    turns: Vec<Turn>,
    events: Vec<Event>,
    /// Events caused by entering the start node, before any reply.
    prologue: Range<usize>,
    /// The time limit ended the talk (assessment mode).
    timed_out: bool,
}

impl Conversation {
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
            rng,
            options,
            state,
            phase: Phase::AwaitingReply { node: start },
            turns: Vec::new(),
            events: Vec::new(),
            prologue: 0..0,
            timed_out: false,
        };
        conversation.enter(start);
        conversation.prologue = 0..conversation.events.len();
        Ok(conversation)
    }

    /// Gives the reply at 1-based `position` among those shown; `latency` when measured.
    pub fn choose(
        &mut self,
        position: usize,
        latency: Option<Duration>,
    ) -> Result<Step, ChooseError> {
        let Phase::AwaitingReply { node } = self.phase else {
            return Err(ChooseError::AlreadyEnded);
        };
        let scenario = Arc::clone(&self.scenario);
        let choices = scenario.nodes.at(node).1.choices();
        let Some(index) = self.shown_choice_index(choices, position) else {
            return Err(ChooseError::OutOfRange {
                node: scenario.nodes.at(node).0.clone(),
                position,
                shown: self.shown_count(choices),
            });
        };
        let choice = &choices[index];
        let turn = self.turns.len();
        let first_event = self.events.len();
        let source = Source::Reply { turn };

        // 1. effects in order
        for effect in &choice.effects {
            self.apply(effect, source);
        }
        // 2. style evidence, the melancholic patience cost, the preferred-style bonus
        if let Some(style) = choice.style {
            self.add_evidence(style, 2, Cause::StyledReply, source);
            if style == Style::Melancholic {
                self.change_patience(-1, Cause::DrawnOutTalk, source);
            }
            if scenario.customer.prefers == Some(style) {
                self.change_trust(1, Cause::PreferredStyle, source);
            }
        }
        let latency_ms = latency.map(|l| u64::try_from(l.as_millis()).unwrap_or(u64::MAX));
        if latency.is_some_and(|l| l > self.options.slow_reply) {
            self.add_evidence(Style::Melancholic, 1, Cause::SlowReply, source);
        }
        // 3. walk-out, else 4. follow `next` and enter it
        if self.state.patience == 0 {
            self.walk_out(source);
        } else {
            let target = self.resolve(&choice.next);
            self.enter(target);
        }
        self.turns.push(Turn {
            node,
            position,
            choice: index,
            latency_ms,
            events: first_event..self.events.len(),
        });
        Ok(match self.phase {
            Phase::AwaitingReply { node } => Step::Continue { node },
            Phase::Ended { outcome, .. } => Step::Ended(outcome),
        })
    }

    /// Enters a node: an ending finishes the talk; a node applies `on_enter`, then checks patience.
    fn enter(&mut self, node: usize) {
        let scenario = Arc::clone(&self.scenario);
        match scenario.nodes.at(node).1 {
            NodeEntry::Ending { outcome, .. } => self.finish(*outcome, Some(node), None),
            NodeEntry::Node { on_enter, .. } => {
                self.phase = Phase::AwaitingReply { node };
                let source = Source::Enter { node };
                for effect in on_enter {
                    self.apply(effect, source);
                }
                if self.state.patience == 0 {
                    self.walk_out(source);
                }
            }
        }
    }

    fn walk_out(&mut self, source: Source) {
        self.finish(Outcome::WalkedOut, None, Some(source));
    }

    fn finish(&mut self, outcome: Outcome, ending: Option<usize>, source: Option<Source>) {
        if outcome == Outcome::WalkedOut {
            // The hallmark of the melancholic style: the customer was bored away.
            let source = source.unwrap_or(Source::Enter {
                node: ending.unwrap_or_default(),
            });
            self.add_evidence(Style::Melancholic, 2, Cause::WalkOut, source);
        }
        self.phase = Phase::Ended { outcome, ending };
    }

    fn resolve(&self, next: &Next) -> usize {
        let target = match next {
            Next::Goto(to) => to,
            Next::Branch { cases, otherwise } => cases
                .iter()
                .find(|case| case.all.iter().all(|c| self.holds(c)))
                .map_or(otherwise, |case| &case.to),
        };
        // `start` refused scenarios with dangling targets.
        self.scenario
            .nodes
            .index_of(target.as_str())
            .unwrap_or_default()
    }

    fn apply(&mut self, effect: &Effect, source: Source) {
        match effect {
            Effect::Discover(need) => {
                if let Some(i) = self.scenario.need_index(need)
                    && !self.state.discovered[i]
                {
                    self.state.discovered[i] = true;
                    self.record(source, Change::NeedDiscovered { need: i });
                }
            }
            Effect::Raise(id) => self.move_objection(id, ObjectionEffect::Raise, source),
            Effect::Resolve(id) => self.move_objection(id, ObjectionEffect::Resolve, source),
            Effect::Mishandle(id) => self.move_objection(id, ObjectionEffect::Mishandle, source),
            Effect::Trust(n) => self.change_trust(*n, Cause::Effect, source),
            Effect::Patience(n) => self.change_patience(*n, Cause::Effect, source),
            Effect::Closing(points) => {
                // Saturating: the spec leaves the size of an adjustment open.
                self.state.closing_adjustment =
                    self.state.closing_adjustment.saturating_add(*points);
                self.record(source, Change::Closing { points: *points });
            }
        }
    }

    fn move_objection(
        &mut self,
        id: &super::scenario::ObjectionId,
        effect: ObjectionEffect,
        source: Source,
    ) {
        let Some(i) = self.scenario.objection_index(id) else {
            return;
        };
        let from = self.state.objections[i];
        let to = ObjectionState::after(from, effect);
        if from != Some(to) {
            self.state.objections[i] = Some(to);
            self.record(
                source,
                Change::Objection {
                    objection: i,
                    from,
                    to,
                },
            );
        }
    }

    fn change_trust(&mut self, delta: i64, cause: Cause, source: Source) {
        let from = self.state.trust;
        let to = from.saturating_add(delta).clamp(0, METER_MAX);
        self.state.trust = to;
        // A change lost to clamping explains nothing.
        if to != from {
            self.record(source, Change::Trust { from, to, cause });
        }
    }

    fn change_patience(&mut self, delta: i64, cause: Cause, source: Source) {
        let from = self.state.patience;
        let to = from.saturating_add(delta).clamp(0, METER_MAX);
        self.state.patience = to;
        if to != from {
            self.record(source, Change::Patience { from, to, cause });
        }
    }

    fn add_evidence(&mut self, style: Style, halves: u32, cause: Cause, source: Source) {
        self.state.evidence.add_halves(style, halves);
        self.record(
            source,
            Change::Style {
                style,
                halves,
                cause,
            },
        );
    }

    fn record(&mut self, source: Source, change: Change) {
        self.events.push(Event { source, change });
    }

    /// Whether a condition holds now.
    pub fn holds(&self, condition: &Condition) -> bool {
        let state = &self.state;
        let objection = |id| {
            self.scenario
                .objection_index(id)
                .and_then(|i| state.objections[i])
        };
        let discovered = |id| {
            self.scenario
                .need_index(id)
                .is_some_and(|i| state.discovered[i])
        };
        match condition {
            Condition::Discovered(need) => discovered(need),
            Condition::NotDiscovered(need) => !discovered(need),
            Condition::Resolved(id) => matches!(
                objection(id),
                Some(ObjectionState::Resolved | ObjectionState::Recovered)
            ),
            Condition::Raised(id) => objection(id).is_some(),
            Condition::TrustAtLeast(n) => state.trust >= *n,
            Condition::TrustBelow(n) => state.trust < *n,
            Condition::PatienceAtLeast(n) => state.patience >= *n,
            Condition::Variant(id) => self
                .variant
                .is_some_and(|v| self.scenario.variants[v].id == *id),
        }
    }

    fn is_shown(&self, choice: &Choice) -> bool {
        choice.requires.iter().all(|c| self.holds(c))
    }

    fn shown_choice_index(&self, choices: &[Choice], position: usize) -> Option<usize> {
        if position == 0 {
            return None;
        }
        choices
            .iter()
            .enumerate()
            .filter(|(_, c)| self.is_shown(c))
            .nth(position - 1)
            .map(|(i, _)| i)
    }

    fn shown_count(&self, choices: &[Choice]) -> usize {
        choices.iter().filter(|c| self.is_shown(c)).count()
    }

    /// The replies shown now, in authored order, as (authored index, reply).
    pub fn shown_choices(&self) -> Vec<(usize, &Choice)> {
        let Phase::AwaitingReply { node } = self.phase else {
            return Vec::new();
        };
        self.scenario
            .nodes
            .at(node)
            .1
            .choices()
            .iter()
            .enumerate()
            .filter(|(_, c)| self.is_shown(c))
            .collect()
    }

    /// A display order for the shown replies drawn from the conversation's generator
    /// (assessment mode); positions are 1-based, as `choose` takes them.
    pub fn shuffled_positions(&mut self) -> Vec<usize> {
        let mut order: Vec<usize> = (1..=self.shown_choices().len()).collect();
        for i in (1..order.len()).rev() {
            let j = uniform_below(&mut self.rng.0, i as u64 + 1) as usize;
            order.swap(i, j);
        }
        order
    }

    /// The line the customer says at a node; the variant may replace the start line.
    pub fn line_at(&self, node: usize) -> &str {
        let (id, entry) = self.scenario.nodes.at(node);
        if *id == self.scenario.start
            && let Some(say) = self
                .variant
                .and_then(|v| self.scenario.variants[v].say.as_deref())
        {
            return say;
        }
        entry.say()
    }

    /// The customer's current line: the node's, an ending's, or the walk-out line.
    pub fn current_line(&self) -> &str {
        match self.phase {
            Phase::AwaitingReply { node } => self.line_at(node),
            Phase::Ended {
                ending: Some(node), ..
            } => self.line_at(node),
            Phase::Ended { ending: None, .. } => &self.scenario.customer.walkout,
        }
    }

    /// The customer's mood now; a walk-out shows as angry, an ending by its outcome.
    pub fn mood(&self) -> Mood {
        match self.phase {
            Phase::AwaitingReply { node } => match self.scenario.nodes.at(node).1 {
                NodeEntry::Node { mood, .. } => *mood,
                NodeEntry::Ending { .. } => Mood::Neutral,
            },
            Phase::Ended { outcome, .. } => match outcome {
                Outcome::Won => Mood::Pleased,
                Outcome::FollowUp => Mood::Interested,
                Outcome::Lost => Mood::Doubtful,
                Outcome::WalkedOut => Mood::Annoyed,
            },
        }
    }

    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Index of the variant in play.
    pub fn variant(&self) -> Option<usize> {
        self.variant
    }

    /// Id of the variant in play.
    pub fn variant_id(&self) -> Option<&str> {
        self.variant.map(|v| self.scenario.variants[v].id.as_str())
    }

    pub fn options(&self) -> Options {
        self.options
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// Ends a running conversation because its time ran out: outcome lost, no ending.
    pub fn time_out(&mut self) {
        if !self.is_over() {
            self.timed_out = true;
            self.phase = Phase::Ended {
                outcome: Outcome::Lost,
                ending: None,
            };
        }
    }

    /// Whether the time limit ended the talk.
    pub fn timed_out(&self) -> bool {
        self.timed_out
    }

    pub fn is_over(&self) -> bool {
        matches!(self.phase, Phase::Ended { .. })
    }

    /// The outcome once ended.
    pub fn outcome(&self) -> Option<Outcome> {
        match self.phase {
            Phase::Ended { outcome, .. } => Some(outcome),
            Phase::AwaitingReply { .. } => None,
        }
    }

    /// The ending node's index once ended by an ending (not a walk-out).
    pub fn ending(&self) -> Option<usize> {
        match self.phase {
            Phase::Ended { ending, .. } => ending,
            Phase::AwaitingReply { .. } => None,
        }
    }

    pub fn turns(&self) -> &[Turn] {
        &self.turns
    }

    /// Every recorded change, in order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Changes caused by entering the start node.
    pub fn prologue_events(&self) -> &[Event] {
        &self.events[self.prologue.clone()]
    }

    /// Changes caused by one turn (including the next node's `on_enter`).
    pub fn turn_events(&self, turn: usize) -> &[Event] {
        self.turns
            .get(turn)
            .map_or(&[], |t| &self.events[t.events.clone()])
    }

    /// The reply given in a turn.
    pub fn turn_choice(&self, turn: &Turn) -> &Choice {
        &self.scenario.nodes.at(turn.node).1.choices()[turn.choice]
    }
}

/// The variant a fresh generator draws first (what `Conversation::start` draws).
fn draw_variant(rng: &mut ChaCha8Rng, scenario: &Scenario) -> Option<usize> {
    draw_weighted(rng, scenario.variants.iter().map(|v| v.weight))
}

/// A seed nobody chose: the clock's nanoseconds, mixed.
pub fn fresh_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    // splitmix64 finaliser, so close clocks give distant seeds.
    let mut z = nanos.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The first of `candidates` whose seed draws a variant other than `current`; with fewer than
/// two variants there is nothing else to draw and the first candidate is returned.
pub fn seed_for_other_variant(
    scenario: &Scenario,
    current: Option<&str>,
    candidates: impl IntoIterator<Item = u64>,
) -> Option<u64> {
    let mut candidates = candidates.into_iter();
    if scenario.variants.len() < 2 {
        return candidates.next();
    }
    candidates.find(|&seed| {
        let drawn = draw_variant(&mut ChaCha8Rng::seed_from_u64(seed), scenario);
        drawn.map(|v| scenario.variants[v].id.as_str()) != current
    })
}

fn variant_list(scenario: &Scenario) -> String {
    if scenario.variants.is_empty() {
        return "no variants".to_owned();
    }
    let ids: Vec<&str> = scenario.variants.iter().map(|v| v.id.as_str()).collect();
    ids.join(", ")
}

/// A number in `0..bound` from one 64-bit draw (multiply-shift: fixed forever, tiny bias).
pub fn uniform_below(rng: &mut impl Rng, bound: u64) -> u64 {
    ((u128::from(rng.next_u64()) * u128::from(bound)) >> 64) as u64
}

/// Draws an index with probability proportional to its weight (non-positive weights never win).
/// Consumes exactly one draw, even with nothing to choose from.
pub fn draw_weighted(
    rng: &mut impl Rng,
    weights: impl Iterator<Item = i64> + Clone,
) -> Option<usize> {
    let total: u64 = weights.clone().map(|w| w.max(0) as u64).sum();
    let mut ticket = uniform_below(rng, total.max(1));
    if total == 0 {
        return None;
    }
    for (i, w) in weights.enumerate() {
        let w = w.max(0) as u64;
        if ticket < w {
            return Some(i);
        }
        ticket -= w;
    }
    None
}

#[cfg(test)]
mod tests;
