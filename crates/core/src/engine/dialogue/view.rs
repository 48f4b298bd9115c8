//! What a conversation shows: the replies on offer and their display order, the customer's
//! line and mood, and read access to its state, turns and events.

use std::sync::Arc;

use super::{Change, Conversation, Event, ObjectionState, Options, Phase, State, Turn};
use crate::engine::scenario::{Choice, Mood, NodeEntry, Outcome, Scenario};

impl Conversation {
    pub(super) fn is_shown(&self, choice: &Choice) -> bool {
        choice.requires.iter().all(|c| self.holds(c))
    }

    pub(super) fn shown_choice_index(&self, choices: &[Choice], position: usize) -> Option<usize> {
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

    pub(super) fn shown_count(&self, choices: &[Choice]) -> usize {
        choices.iter().filter(|c| self.is_shown(c)).count()
    }

    /// How many replies are shown now (what `shown_choices().len()` says, without the list).
    pub fn shown_len(&self) -> usize {
        match self.phase {
            Phase::AwaitingReply { node } => {
                self.shown_count(self.scenario.nodes.at(node).1.choices())
            }
            Phase::Ended { .. } => 0,
        }
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

    /// The display order of the replies shown now: authored 1-based positions (what `choose`
    /// takes), in the order they are shown. Empty once the conversation has ended.
    pub fn order(&self) -> &[usize] {
        &self.order
    }

    /// The display order of every reply given so far, one list per turn.
    pub fn orders(&self) -> Vec<Vec<usize>> {
        self.turns.iter().map(|t| t.order.clone()).collect()
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

    /// The customer's mood as shown now. At a node it is the authored mood, except after a
    /// reply that hurt (see [`Conversation::turn_hurt`]): then it is at least one step colder
    /// than the mood shown before that reply, so the face never brightens at a mistake. An
    /// ended talk shows its outcome (a walk-out as annoyed).
    pub fn mood(&self) -> Mood {
        let node = match self.phase {
            Phase::AwaitingReply { node } => node,
            Phase::Ended { outcome, .. } => {
                return match outcome {
                    Outcome::Won => Mood::Pleased,
                    Outcome::FollowUp => Mood::Interested,
                    Outcome::Lost => Mood::Doubtful,
                    Outcome::WalkedOut => Mood::Annoyed,
                };
            }
        };
        // The node met after each turn: the next turn's node, the current one after the last.
        let after_each = self.turns.iter().skip(1).map(|t| t.node).chain([node]);
        let mut shown = self.authored_mood(self.turns.first().map_or(node, |t| t.node));
        for (turn, next) in after_each.enumerate() {
            let authored = self.authored_mood(next);
            shown = if self.turn_hurt(turn) {
                authored.colder_of(shown.cooler())
            } else {
                authored
            };
        }
        shown
    }

    /// The mood the author gave a node (endings have none of their own: neutral).
    pub fn authored_mood(&self, node: usize) -> Mood {
        match self.scenario.nodes.at(node).1 {
            NodeEntry::Node { mood, .. } => *mood,
            NodeEntry::Ending { .. } => Mood::Neutral,
        }
    }

    /// Whether a turn's reply hurt: it lowered trust or patience, or mishandled an objection.
    pub fn turn_hurt(&self, turn: usize) -> bool {
        self.turn_events(turn).iter().any(|e| match e.change {
            Change::Trust { from, to, .. } | Change::Patience { from, to, .. } => to < from,
            Change::Objection { to, .. } => to == ObjectionState::Mishandled,
            _ => false,
        })
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
