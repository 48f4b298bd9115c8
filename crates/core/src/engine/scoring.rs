//! Competency scores (needs discovery, objection handling, closing, overall) and the events that explain them.

use serde::{Deserialize, Serialize};

use crate::engine::dialogue::{Cause, Change, Conversation, ObjectionState, Phase, Source, State};
use crate::engine::scenario::{NodeEntry, Scenario, Style};

/// The four scores, each 0..=100; objection handling is `None` when nothing was raised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scores {
    pub needs_discovery: u8,
    pub objection_handling: Option<u8>,
    pub closing: u8,
    pub overall: u8,
}

/// `100 × numerator / denominator` rounded half away from zero, in exact integers; 0 when the denominator is 0.
pub fn percent(numerator: u64, denominator: u64) -> u8 {
    if denominator == 0 {
        return 0;
    }
    let value = (200 * numerator + denominator) / (2 * denominator);
    value.min(100) as u8
}

/// Mean of integer scores rounded half away from zero.
pub fn rounded_mean(values: &[u8]) -> u8 {
    if values.is_empty() {
        return 0;
    }
    let n = values.len() as u64;
    let sum: u64 = values.iter().map(|&v| u64::from(v)).sum();
    ((2 * sum + n) / (2 * n)) as u8
}

/// Where the closing base came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosingBase {
    /// The ending set `closing: Some(n)`.
    Ending,
    /// The default for the outcome (won 100, follow-up 60, lost and walked out 0).
    Outcome,
    /// The conversation has not ended.
    Unfinished,
}

/// How the closing score was reached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClosingExplanation {
    pub base: i64,
    pub base_from: ClosingBase,
    /// Each `Closing(n)` effect with its cause.
    pub adjustments: Vec<(Source, i64)>,
}

/// One need and the event that discovered it, if any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NeedFinding {
    pub need: usize,
    pub discovered_by: Option<Source>,
}

/// One objection that came up, its state now and every transition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ObjectionFate {
    pub objection: usize,
    pub state: ObjectionState,
    pub history: Vec<(Source, Option<ObjectionState>, ObjectionState)>,
}

/// One piece of style evidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct StyleCount {
    pub source: Source,
    pub style: Style,
    pub halves: u32,
    pub cause: Cause,
}

/// Everything the debrief needs to justify the scores.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub needs: Vec<NeedFinding>,
    pub objections: Vec<ObjectionFate>,
    pub closing: ClosingExplanation,
    pub style: Vec<StyleCount>,
}

/// Scores of a conversation as it stands (the closing base counts only once it has ended).
pub fn score(conversation: &Conversation) -> Scores {
    score_state(
        conversation.scenario(),
        conversation.state(),
        conversation.phase(),
    )
}

/// The scores of a state and phase of `scenario` (what [`score`] reads of a conversation).
pub(crate) fn score_state(scenario: &Scenario, state: &State, phase: Phase) -> Scores {
    let needs = &scenario.customer.needs;
    let weight = |i: usize| needs[i].weight.max(0) as u64;
    let found: u64 = (0..needs.len())
        .filter(|&i| state.discovered[i])
        .map(weight)
        .sum();
    let all: u64 = (0..needs.len()).map(weight).sum();
    let needs_discovery = percent(found, all);

    let raised = state.objections.iter().flatten().count() as u64;
    // Credit in halves: resolved 2, recovered 1.
    let credit: u64 = state
        .objections
        .iter()
        .flatten()
        .map(|s| match s {
            ObjectionState::Resolved => 2,
            ObjectionState::Recovered => 1,
            ObjectionState::Raised | ObjectionState::Mishandled => 0,
        })
        .sum();
    let objection_handling = (raised > 0).then(|| percent(credit, 2 * raised));

    let (base, _) = closing_base(scenario, phase);
    let closing = base.saturating_add(state.closing_adjustment).clamp(0, 100) as u8;

    let overall = match objection_handling {
        Some(o) => rounded_mean(&[needs_discovery, closing, o]),
        None => rounded_mean(&[needs_discovery, closing]),
    };
    Scores {
        needs_discovery,
        objection_handling,
        closing,
        overall,
    }
}

fn closing_base(scenario: &Scenario, phase: Phase) -> (i64, ClosingBase) {
    match phase {
        Phase::AwaitingReply { .. } => (0, ClosingBase::Unfinished),
        Phase::Ended { outcome, ending } => {
            let authored = ending.and_then(|node| match scenario.nodes.at(node).1 {
                NodeEntry::Ending { closing, .. } => *closing,
                NodeEntry::Node { .. } => None,
            });
            match authored {
                Some(base) => (base, ClosingBase::Ending),
                None => (outcome.default_closing(), ClosingBase::Outcome),
            }
        }
    }
}

/// Which replies and nodes moved each score.
pub fn explain(conversation: &Conversation) -> Explanation {
    let scenario = conversation.scenario();
    let state = conversation.state();
    let mut needs: Vec<NeedFinding> = (0..scenario.customer.needs.len())
        .map(|need| NeedFinding {
            need,
            discovered_by: None,
        })
        .collect();
    let mut histories = vec![Vec::new(); scenario.customer.objections.len()];
    let mut adjustments = Vec::new();
    let mut style = Vec::new();
    for event in conversation.events() {
        match event.change {
            Change::NeedDiscovered { need } => needs[need].discovered_by = Some(event.source),
            Change::Objection {
                objection,
                from,
                to,
            } => {
                histories[objection].push((event.source, from, to));
            }
            Change::Closing { points } => adjustments.push((event.source, points)),
            Change::Style {
                style: s,
                halves,
                cause,
            } => style.push(StyleCount {
                source: event.source,
                style: s,
                halves,
                cause,
            }),
            Change::Trust { .. } | Change::Patience { .. } => {}
        }
    }
    let objections = histories
        .into_iter()
        .enumerate()
        .filter_map(|(objection, history)| {
            state.objections[objection].map(|state| ObjectionFate {
                objection,
                state,
                history,
            })
        })
        .collect();
    let (base, base_from) = closing_base(scenario, conversation.phase());
    Explanation {
        needs,
        objections,
        closing: ClosingExplanation {
            base,
            base_from,
            adjustments,
        },
        style,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_half_away_from_zero() {
        assert_eq!(percent(1, 8), 13); // 12.5
        assert_eq!(percent(3, 8), 38); // 37.5
        assert_eq!(percent(2, 3), 67); // 66.67
        assert_eq!(percent(1, 3), 33); // 33.33
        assert_eq!(percent(1, 200), 1); // 0.5
        assert_eq!(percent(0, 5), 0);
        assert_eq!(percent(5, 5), 100);
        assert_eq!(percent(1, 0), 0);
    }

    #[test]
    fn mean_rounds_half_away_from_zero() {
        assert_eq!(rounded_mean(&[67, 100, 90]), 86); // 85.67
        assert_eq!(rounded_mean(&[50, 51]), 51); // 50.5
        assert_eq!(rounded_mean(&[0, 1]), 1); // 0.5
        assert_eq!(rounded_mean(&[33, 33, 34]), 33); // 33.33
        assert_eq!(rounded_mean(&[]), 0);
    }
}
