//! The rules of a turn on the state and phase alone: effects, objection transitions, meters
//! clamped to 0..=10, style evidence, conditions, entering a node, and the event log that
//! explains every score. The conversation and the exhaustive search both play by them.

use super::{
    Cause, Change, Event, METER_MAX, ObjectionEffect, ObjectionState, Phase, Source, State,
};
use crate::engine::scenario::{Condition, Effect, Next, NodeEntry, Outcome, Scenario, Style};

/// A conversation's state and phase under the scenario's rules, borrowed for one step.
pub(crate) struct Rules<'a> {
    pub scenario: &'a Scenario,
    /// The variant in play (an index into the scenario's variants).
    pub variant: Option<usize>,
    pub state: &'a mut State,
    pub phase: &'a mut Phase,
    /// Where changes are logged; none for a copy that keeps no history.
    pub events: Option<&'a mut Vec<Event>>,
}

/// Whether a condition holds in `state` with `variant` in play.
pub(crate) fn holds(
    scenario: &Scenario,
    variant: Option<usize>,
    state: &State,
    condition: &Condition,
) -> bool {
    let objection = |id| {
        scenario
            .objection_index(id)
            .and_then(|i| state.objections[i])
    };
    let discovered = |id| scenario.need_index(id).is_some_and(|i| state.discovered[i]);
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
        Condition::Variant(id) => variant.is_some_and(|v| scenario.variants[v].id == *id),
    }
}

impl Rules<'_> {
    fn holds(&self, condition: &Condition) -> bool {
        holds(self.scenario, self.variant, self.state, condition)
    }

    /// The player gives reply `index` (authored) at `node`, in turn `turn`: its effects in
    /// order, the style's evidence, the melancholic patience cost and the preferred-style
    /// bonus, a slow reply's evidence, then a walk-out or the next node (spec section 4).
    pub fn reply(&mut self, node: usize, index: usize, turn: usize, slow: bool) {
        let scenario = self.scenario;
        let choice = &scenario.nodes.at(node).1.choices()[index];
        let source = Source::Reply { turn };
        for effect in &choice.effects {
            self.apply(effect, source);
        }
        if let Some(style) = choice.style {
            self.add_evidence(style, 2, Cause::StyledReply, source);
            if style == Style::Melancholic {
                self.change_patience(-1, Cause::DrawnOutTalk, source);
            }
            if scenario.customer.prefers == Some(style) {
                self.change_trust(1, Cause::PreferredStyle, source);
            }
        }
        if slow {
            self.add_evidence(Style::Melancholic, 1, Cause::SlowReply, source);
        }
        if self.state.patience == 0 {
            self.walk_out(source);
        } else {
            let target = self.resolve(node, index, &choice.next);
            self.enter(target);
        }
    }

    /// Enters a node: an ending finishes the talk; a node applies `on_enter`, then checks patience.
    pub fn enter(&mut self, node: usize) {
        match self.scenario.nodes.at(node).1 {
            NodeEntry::Ending { outcome, .. } => self.finish(*outcome, Some(node), None),
            NodeEntry::Node { on_enter, .. } => {
                *self.phase = Phase::AwaitingReply { node };
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

    /// The node reply `choice` at `node` leads to now: the first branch case whose conditions
    /// all hold, else the last target.
    fn resolve(&self, node: usize, choice: usize, next: &Next) -> usize {
        let k = match next {
            Next::Goto(_) => 0,
            Next::Branch { cases, .. } => cases
                .iter()
                .position(|case| case.all.iter().all(|c| self.holds(c)))
                .unwrap_or(cases.len()),
        };
        // `start` refused scenarios with dangling targets.
        self.scenario.nodes.target_index(node, choice, k)
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
        *self.phase = Phase::Ended { outcome, ending };
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
        id: &crate::engine::scenario::ObjectionId,
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
        if let Some(events) = self.events.as_deref_mut() {
            events.push(Event { source, change });
        }
    }
}
