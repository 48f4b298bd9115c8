//! The report of a played conversation: the JSON of spec section 7 plus the reasons behind every score.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::dialogue::{Cause, Conversation, ObjectionState, Source};
use crate::engine::scenario::{Outcome, Style};
use crate::engine::scoring::{ClosingBase, Scores, explain, score};
use crate::engine::style::{Evidence, Fit, StyleLabel};

/// A played conversation, with ids and texts resolved for people and tools.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunReport {
    pub scenario: String,
    pub seed: u64,
    pub variant: Option<String>,
    pub outcome: Option<Outcome>,
    pub ending: Option<String>,
    /// The time limit ended the talk (assessment mode); absent otherwise.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub timed_out: bool,
    pub scores: Scores,
    pub style: StyleReport,
    #[serde(rename = "final")]
    pub final_state: FinalState,
    pub needs: NeedsReport,
    /// Objections that came up, by id, with their state (sorted, so key order never matters).
    pub objections: BTreeMap<String, ObjectionState>,
    pub transcript: Vec<TranscriptEntry>,
    pub explanation: ExplanationReport,
}

/// Patience and trust at the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinalState {
    pub patience: i64,
    pub trust: i64,
}

/// Needs found and missed, by id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedsReport {
    pub discovered: Vec<String>,
    pub missed: Vec<String>,
}

/// The style label, shares and how it fits the customer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StyleReport {
    pub label: StyleLabel,
    pub shares: PerStyle,
    /// Evidence points per style.
    pub evidence: PerStyle,
    pub prefers: Option<Style>,
    pub fit: Fit,
}

impl StyleReport {
    /// The evidence behind the label, for summing across scenarios.
    pub fn evidence(&self) -> Evidence {
        // Bounded: the evidence may come from a file someone edited.
        let halves = |points: f64| (points * 2.0).round().clamp(0.0, 1_000_000.0) as u32;
        Evidence::from_halves([
            halves(self.evidence.melancholic),
            halves(self.evidence.erudite),
            halves(self.evidence.executive),
        ])
    }
}

/// One number per style, in the reporting order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PerStyle {
    pub melancholic: f64,
    pub erudite: f64,
    pub executive: f64,
}

impl PerStyle {
    /// From values in `Style::ALL` order.
    pub fn from_array(values: [f64; 3]) -> Self {
        let [melancholic, erudite, executive] = values;
        Self {
            melancholic,
            erudite,
            executive,
        }
    }

    /// The value for one style.
    pub fn get(&self, style: Style) -> f64 {
        match style {
            Style::Melancholic => self.melancholic,
            Style::Erudite => self.erudite,
            Style::Executive => self.executive,
        }
    }
}

/// One reply as played; `choice` is the 1-based position among the replies shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptEntry {
    pub node: String,
    pub choice: usize,
    pub latency_ms: Option<u64>,
    /// What the customer said before the reply.
    pub customer: String,
    pub reply: String,
    pub style: Option<Style>,
    pub feedback: String,
}

/// What moved a score: a reply (turn is 1-based) or a node's `on_enter`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub turn: Option<usize>,
    pub node: String,
    pub choice: Option<usize>,
    pub reply: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedExplanation {
    pub id: String,
    pub text: String,
    pub weight: i64,
    pub discovered_by: Option<Reason>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectionStep {
    pub by: Reason,
    pub from: Option<ObjectionState>,
    pub to: ObjectionState,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectionExplanation {
    pub id: String,
    pub text: String,
    pub state: ObjectionState,
    pub history: Vec<ObjectionStep>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosingAdjustment {
    pub by: Reason,
    pub points: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosingReport {
    pub base: i64,
    pub base_from: ClosingBase,
    pub adjustments: Vec<ClosingAdjustment>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StyleEvidenceItem {
    pub by: Reason,
    pub style: Style,
    pub points: f64,
    pub cause: Cause,
}

/// The reasons behind every score and the style.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExplanationReport {
    pub needs: Vec<NeedExplanation>,
    pub objections: Vec<ObjectionExplanation>,
    pub closing: ClosingReport,
    pub style: Vec<StyleEvidenceItem>,
}

impl RunReport {
    /// Builds the report of a conversation (finished or not).
    pub fn of(conversation: &Conversation) -> RunReport {
        let scenario = conversation.scenario();
        let state = conversation.state();
        let customer = &scenario.customer;
        let evidence = state.evidence;
        let (discovered, missed): (Vec<_>, Vec<_>) = customer
            .needs
            .iter()
            .zip(&state.discovered)
            .partition(|(_, found)| **found);
        let ids = |needs: Vec<(&crate::engine::scenario::Need, &bool)>| {
            needs.into_iter().map(|(n, _)| n.id.to_string()).collect()
        };
        RunReport {
            scenario: scenario.id.to_string(),
            seed: conversation.seed(),
            variant: conversation.variant_id().map(str::to_owned),
            outcome: conversation.outcome(),
            ending: conversation
                .ending()
                .map(|node| scenario.nodes.at(node).0.to_string()),
            timed_out: conversation.timed_out(),
            scores: score(conversation),
            style: StyleReport {
                label: evidence.label(),
                shares: PerStyle::from_array(evidence.shares()),
                evidence: PerStyle::from_array(Style::ALL.map(|s| evidence.points(s))),
                prefers: customer.prefers,
                fit: Fit::of(&evidence, customer.prefers),
            },
            final_state: FinalState {
                patience: state.patience,
                trust: state.trust,
            },
            needs: NeedsReport {
                discovered: ids(discovered),
                missed: ids(missed),
            },
            objections: customer
                .objections
                .iter()
                .zip(&state.objections)
                .filter_map(|(o, s)| s.map(|s| (o.id.to_string(), s)))
                .collect(),
            transcript: transcript(conversation),
            explanation: ExplanationReport::of(conversation),
        }
    }
}

/// Each reply as played, with the customer's line it answered.
fn transcript(conversation: &Conversation) -> Vec<TranscriptEntry> {
    let scenario = conversation.scenario();
    conversation
        .turns()
        .iter()
        .map(|turn| {
            let choice = conversation.turn_choice(turn);
            TranscriptEntry {
                node: scenario.nodes.at(turn.node).0.to_string(),
                choice: turn.position,
                latency_ms: turn.latency_ms,
                customer: conversation.line_at(turn.node).to_owned(),
                reply: choice.say.clone(),
                style: choice.style,
                feedback: choice.feedback.clone(),
            }
        })
        .collect()
}

/// The reply (or the node entered) behind one change.
fn reason(conversation: &Conversation, source: Source) -> Reason {
    let scenario = conversation.scenario();
    match source {
        Source::Reply { turn } => {
            let played = &conversation.turns()[turn];
            Reason {
                turn: Some(turn + 1),
                node: scenario.nodes.at(played.node).0.to_string(),
                choice: Some(played.position),
                reply: Some(conversation.turn_choice(played).say.clone()),
            }
        }
        Source::Enter { node } => Reason {
            turn: None,
            node: scenario.nodes.at(node).0.to_string(),
            choice: None,
            reply: None,
        },
    }
}

impl ExplanationReport {
    /// Every score's reasons, each naming the reply that moved it.
    fn of(conversation: &Conversation) -> ExplanationReport {
        let customer = &conversation.scenario().customer;
        let explanation = explain(conversation);
        let reason = |source| reason(conversation, source);
        ExplanationReport {
            needs: explanation
                .needs
                .iter()
                .map(|finding| {
                    let need = &customer.needs[finding.need];
                    NeedExplanation {
                        id: need.id.to_string(),
                        text: need.text.clone(),
                        weight: need.weight,
                        discovered_by: finding.discovered_by.map(reason),
                    }
                })
                .collect(),
            objections: explanation
                .objections
                .iter()
                .map(|fate| {
                    let objection = &customer.objections[fate.objection];
                    ObjectionExplanation {
                        id: objection.id.to_string(),
                        text: objection.text.clone(),
                        state: fate.state,
                        history: fate
                            .history
                            .iter()
                            .map(|&(source, from, to)| ObjectionStep {
                                by: reason(source),
                                from,
                                to,
                            })
                            .collect(),
                    }
                })
                .collect(),
            closing: ClosingReport {
                base: explanation.closing.base,
                base_from: explanation.closing.base_from,
                adjustments: explanation
                    .closing
                    .adjustments
                    .iter()
                    .map(|&(source, points)| ClosingAdjustment {
                        by: reason(source),
                        points,
                    })
                    .collect(),
            },
            style: explanation
                .style
                .iter()
                .map(|count| StyleEvidenceItem {
                    by: reason(count.source),
                    style: count.style,
                    points: f64::from(count.halves) / 2.0,
                    cause: count.cause,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use super::*;
    use crate::engine::dialogue::Options;

    fn led_walk_out() -> Conversation {
        let p = crate::authoring::pack::shipped("led-store-cafe-owner");
        let mut c = Conversation::start(Arc::clone(&p.scenario), 1, None, Options::default())
            .expect("starts");
        // A slow first reply adds half a point of melancholic evidence.
        c.choose(4, Some(Duration::from_secs(90))).expect("reply");
        c.choose(2, None).expect("reply");
        c.choose(2, None).expect("reply");
        c
    }

    #[test]
    fn the_reported_evidence_sums_back_to_the_same_points_and_label() {
        let report = RunReport::of(&led_walk_out());
        let evidence = report.style.evidence();
        for style in Style::ALL {
            assert_eq!(evidence.points(style), report.style.evidence.get(style));
        }
        assert!(
            report.style.evidence.melancholic.fract() == 0.5,
            "the slow reply's half point"
        );
        assert_eq!(evidence.label(), report.style.label);
    }

    #[test]
    fn reasons_name_replies_from_one() {
        let report = RunReport::of(&led_walk_out());
        let turns: Vec<Option<usize>> = report
            .explanation
            .style
            .iter()
            .filter(|item| item.cause == Cause::StyledReply)
            .map(|item| item.by.turn)
            .collect();
        assert_eq!(turns, vec![Some(1), Some(2), Some(3)]);
        assert_eq!(report.transcript.len(), 3);
    }
}
