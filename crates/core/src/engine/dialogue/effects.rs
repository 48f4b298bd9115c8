//! How a conversation's state moves: effects, objection transitions, meters clamped to
//! 0..=10, style evidence, the event log that explains every score, and conditions.

use super::{
    Cause, Change, Conversation, Event, METER_MAX, ObjectionEffect, ObjectionState, Source,
};
use crate::engine::scenario::{Condition, Effect, Style};

impl Conversation {
    pub(super) fn apply(&mut self, effect: &Effect, source: Source) {
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

    pub(super) fn change_trust(&mut self, delta: i64, cause: Cause, source: Source) {
        let from = self.state.trust;
        let to = from.saturating_add(delta).clamp(0, METER_MAX);
        self.state.trust = to;
        // A change lost to clamping explains nothing.
        if to != from {
            self.record(source, Change::Trust { from, to, cause });
        }
    }

    pub(super) fn change_patience(&mut self, delta: i64, cause: Cause, source: Source) {
        let from = self.state.patience;
        let to = from.saturating_add(delta).clamp(0, METER_MAX);
        self.state.patience = to;
        if to != from {
            self.record(source, Change::Patience { from, to, cause });
        }
    }

    pub(super) fn add_evidence(&mut self, style: Style, halves: u32, cause: Cause, source: Source) {
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
        if self.recording {
            self.events.push(Event { source, change });
        }
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
}
