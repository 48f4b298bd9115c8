//! Seminars for trainers: a group meets the same customer (same seed, so the same variant),
//! then compares on a board, a decision map of who chose what, and a step-by-step replay.

use std::collections::BTreeMap;

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::authoring::pack::Playable;
use crate::engine::calibrate::reach_variant;
use crate::engine::dialogue::{Conversation, Event, Options, participant_order_seed};
use crate::engine::record::{ResultRecord, Timestamp, verify_record};
use crate::engine::scenario::{Effect, Mood, NodeEntry, Outcome, Scenario, Style};
use crate::engine::scoring::Scores;
use crate::engine::style::StyleLabel;
use crate::store::StoreError;

/// A seminar as the trainer set it up, with the results gathered so far.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Seminar {
    pub format: u32,
    pub id: String,
    pub title: String,
    /// Scenario ids the group plays.
    pub scenarios: Vec<String>,
    /// The seed everyone plays with: the same variant for everyone.
    pub seed: u64,
    pub participants: Vec<String>,
    pub created_at: Timestamp,
    /// Every result added, played here or imported.
    pub results: Vec<ResultRecord>,
}

/// Why a seminar could not be read, written or extended.
#[derive(Debug, thiserror::Error)]
pub enum SeminarError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("scenario \"{0}\" is not part of this seminar")]
    OtherScenario(String),
    #[error("played with seed {played}, but this seminar's seed is {expected}")]
    OtherSeed { played: u64, expected: u64 },
    #[error("not genuine: {}", .0.join("; "))]
    NotGenuine(Vec<String>),
    #[error("{0}'s replies were not shown in {0}'s own order for this seminar")]
    OtherOrder(String),
    #[error("{0}'s result is already in the seminar")]
    Repeat(String),
    #[error("too many seminars named \"{0}\" already exist")]
    TooMany(String),
}

impl Seminar {
    /// A new seminar; its id comes from the title and the time (`create` keeps it unique).
    pub fn new(
        title: &str,
        scenarios: Vec<String>,
        seed: u64,
        participants: Vec<String>,
        now: Timestamp,
    ) -> Seminar {
        let mut unique: Vec<String> = Vec::new();
        for p in participants {
            if !unique.contains(&p) {
                unique.push(p);
            }
        }
        let participants = unique;
        let slug: String = title
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .split('-')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        let slug = if slug.is_empty() {
            "seminar".to_owned()
        } else {
            slug
        };
        Seminar {
            format: 1,
            id: format!("{slug}-{}", now.compact()),
            title: title.to_owned(),
            scenarios,
            seed,
            participants,
            created_at: now,
            results: Vec::new(),
        }
    }

    /// Adds a result after checking it is genuine and belongs here (scenario and seed);
    /// a new name joins the participants.
    pub fn add(&mut self, mut record: ResultRecord, pack: &[Playable]) -> Result<(), SeminarError> {
        let id = &record.report.scenario;
        if !self.scenarios.contains(id) {
            return Err(SeminarError::OtherScenario(id.clone()));
        }
        if record.report.seed != self.seed {
            return Err(SeminarError::OtherSeed {
                played: record.report.seed,
                expected: self.seed,
            });
        }
        let problems = verify_record(&record, pack);
        if !problems.is_empty() {
            return Err(SeminarError::NotGenuine(problems));
        }
        // Each participant meets their own reply order; results from before orders were
        // recorded carry none.
        let own_order = participant_order_seed(self.seed, &record.player);
        if !record.predates_orders() && record.order_seed != Some(own_order) {
            return Err(SeminarError::OtherOrder(record.player.clone()));
        }
        // The same play (imported twice), not merely another play finished in the same second.
        let play = |r: &ResultRecord| ResultRecord {
            seminar: None,
            ..r.clone()
        };
        let duplicate = self.results.iter().any(|r| play(r) == play(&record));
        if duplicate {
            return Err(SeminarError::Repeat(record.player.clone()));
        }
        if !self.participants.contains(&record.player) {
            self.participants.push(record.player.clone());
        }
        record.seminar = Some(self.id.clone());
        self.results.push(record);
        Ok(())
    }

    /// The latest result of each participant for a scenario, in participant order.
    pub fn latest(&self, scenario: &str) -> Vec<&ResultRecord> {
        self.participants
            .iter()
            .filter_map(|p| {
                self.results
                    .iter()
                    .filter(|r| &r.player == p && r.report.scenario == scenario)
                    .max_by_key(|r| r.finished_at)
            })
            .collect()
    }
}

/// One participant on the board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardRow {
    pub player: String,
    pub outcome: Option<Outcome>,
    pub scores: Scores,
    pub style: StyleLabel,
    pub shares: crate::engine::results::PerStyle,
    /// Sum of the reply latencies, when measured.
    pub time_used_ms: Option<u64>,
    pub replies: usize,
}

/// Everyone side by side for one scenario, and the best value of each column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Board {
    pub scenario: String,
    pub rows: Vec<BoardRow>,
    pub best: Scores,
}

/// The board of a scenario from each participant's latest result.
pub fn board(seminar: &Seminar, scenario: &str) -> Board {
    let rows: Vec<BoardRow> = seminar
        .latest(scenario)
        .into_iter()
        .map(|r| {
            let latencies: Option<Vec<u64>> =
                r.report.transcript.iter().map(|t| t.latency_ms).collect();
            BoardRow {
                player: r.player.clone(),
                outcome: r.report.outcome,
                scores: r.report.scores,
                style: r.report.style.label,
                shares: r.report.style.shares,
                time_used_ms: latencies
                    .filter(|l| !l.is_empty())
                    .map(|l| l.iter().fold(0u64, |a, &b| a.saturating_add(b))),
                replies: r.report.transcript.len(),
            }
        })
        .collect();
    let best_of =
        |f: &dyn Fn(&Scores) -> Option<u8>| rows.iter().filter_map(|r| f(&r.scores)).max();
    let best = Scores {
        needs_discovery: best_of(&|s| Some(s.needs_discovery)).unwrap_or(0),
        objection_handling: best_of(&|s| s.objection_handling),
        closing: best_of(&|s| Some(s.closing)).unwrap_or(0),
        overall: best_of(&|s| Some(s.overall)).unwrap_or(0),
    };
    Board {
        scenario: scenario.to_owned(),
        rows,
        best,
    }
}

/// One reply on the decision map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapReply {
    /// 0-based index in the node's authored list.
    pub index: usize,
    pub say: String,
    pub style: Option<Style>,
    pub feedback: String,
    /// What the reply does, in short (`Discover(budget)`, `Trust(+1)`, ...).
    pub effects: Vec<String>,
    /// Where it may lead.
    pub next: Vec<String>,
    /// The participants who chose it (once each, even if a loop brought them back).
    pub chosen_by: Vec<String>,
    /// It lies on the best-scoring path.
    pub best: bool,
}

/// One node on the decision map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapNode {
    pub id: String,
    pub say: String,
    pub mood: Mood,
    pub ending: Option<Outcome>,
    pub replies: Vec<MapReply>,
    /// How many participants passed through.
    pub visits: usize,
    /// The participants whose customer walked out here (after their reply at this node).
    #[serde(default)]
    pub walked_out: Vec<String>,
}

/// The scenario's graph annotated with the group's choices and the best path.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionMap {
    pub scenario: String,
    pub variant: Option<String>,
    pub nodes: Vec<MapNode>,
    /// The best-scoring path for this seed's variant, as (node, reply index).
    pub best_path: Vec<(String, usize)>,
    pub best_overall: Option<u8>,
    /// Each participant's path, as (node, reply index).
    pub paths: BTreeMap<String, Vec<(String, usize)>>,
}

fn describe_effect(effect: &Effect) -> String {
    match effect {
        Effect::Discover(n) => format!("Discover({n})"),
        Effect::Raise(o) => format!("Raise({o})"),
        Effect::Resolve(o) => format!("Resolve({o})"),
        Effect::Mishandle(o) => format!("Mishandle({o})"),
        Effect::Trust(n) => format!("Trust({n:+})"),
        Effect::Patience(n) => format!("Patience({n:+})"),
        Effect::Closing(n) => format!("Closing({n:+})"),
    }
}

/// Every node a conversation passed through, its ending included.
fn visited(conversation: &Conversation) -> Vec<String> {
    let nodes = &conversation.scenario().nodes;
    let mut seen: Vec<String> = conversation
        .turns()
        .iter()
        .map(|t| nodes.at(t.node).0.to_string())
        .collect();
    let last = match conversation.phase() {
        crate::engine::dialogue::Phase::AwaitingReply { node } => Some(node),
        crate::engine::dialogue::Phase::Ended { ending, .. } => ending,
    };
    seen.extend(last.map(|n| nodes.at(n).0.to_string()));
    seen.sort();
    seen.dedup();
    seen
}

/// The path a conversation took, as (node id, authored reply index).
fn path_of(conversation: &Conversation) -> Vec<(String, usize)> {
    let nodes = &conversation.scenario().nodes;
    conversation
        .turns()
        .iter()
        .map(|t| (nodes.at(t.node).0.to_string(), t.choice))
        .collect()
}

/// Re-plays a result against its scenario (positions and latencies).
fn replayed(record: &ResultRecord, scenario: &Arc<Scenario>) -> Option<Conversation> {
    crate::engine::record::replay(record, Arc::clone(scenario)).ok()
}

/// Builds the decision map of a scenario from the participants' latest results.
pub fn decision_map(seminar: &Seminar, playable: &Playable) -> DecisionMap {
    let scenario = &playable.scenario;
    let id = scenario.id.as_str();
    let records = seminar.latest(id);
    let mut paths = BTreeMap::new();
    let mut visits: BTreeMap<String, usize> = BTreeMap::new();
    let mut walk_outs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for record in &records {
        if let Some(c) = replayed(record, scenario) {
            let path = path_of(&c);
            if c.outcome() == Some(Outcome::WalkedOut)
                && let Some((node, _)) = path.last()
            {
                walk_outs
                    .entry(node.clone())
                    .or_default()
                    .push(record.player.clone());
            }
            paths.insert(record.player.clone(), path);
            for node in visited(&c) {
                *visits.entry(node).or_default() += 1;
            }
        }
    }
    // The variant this seed draws, and the best path through it.
    let variant = Conversation::start(Arc::clone(scenario), seminar.seed, None, Options::default())
        .ok()
        .and_then(|c| c.variant_id().map(str::to_owned));
    let best = reach_variant(scenario, variant.as_deref());
    let best_path = best
        .as_ref()
        .and_then(|r| {
            let mut c = Conversation::start(
                Arc::clone(scenario),
                seminar.seed,
                variant.as_deref(),
                Options::default(),
            )
            .ok()?;
            for &position in &r.best.choices {
                c.choose(position, None).ok()?;
            }
            Some(path_of(&c))
        })
        .unwrap_or_default();
    let nodes = scenario
        .nodes
        .iter()
        .map(|(node_id, entry)| {
            let visits = visits.get(node_id.as_str()).copied().unwrap_or(0);
            let replies = entry
                .choices()
                .iter()
                .enumerate()
                .map(|(index, choice)| MapReply {
                    index,
                    say: choice.say.clone(),
                    style: choice.style,
                    feedback: choice.feedback.clone(),
                    effects: choice.effects.iter().map(describe_effect).collect(),
                    next: choice.next.targets().map(ToString::to_string).collect(),
                    chosen_by: paths
                        .iter()
                        .filter(|(_, path)| {
                            path.iter()
                                .any(|(n, i)| n == node_id.as_str() && *i == index)
                        })
                        .map(|(player, _)| player.clone())
                        .collect(),
                    best: best_path
                        .iter()
                        .any(|(n, i)| n == node_id.as_str() && *i == index),
                })
                .collect();
            MapNode {
                id: node_id.to_string(),
                say: entry.say().to_owned(),
                mood: match entry {
                    NodeEntry::Node { mood, .. } => *mood,
                    NodeEntry::Ending { .. } => Mood::Neutral,
                },
                ending: match entry {
                    NodeEntry::Ending { outcome, .. } => Some(*outcome),
                    NodeEntry::Node { .. } => None,
                },
                replies,
                visits,
                walked_out: walk_outs.remove(node_id.as_str()).unwrap_or_default(),
            }
        })
        .collect();
    DecisionMap {
        scenario: id.to_owned(),
        variant,
        nodes,
        best_path,
        best_overall: best.map(|r| r.best.scores.overall),
        paths,
    }
}

/// One moment of a replay: the state after `step` replies.
#[derive(Clone, Debug, PartialEq)]
pub struct Moment {
    pub step: usize,
    pub node: Option<String>,
    pub line: String,
    pub mood: Mood,
    pub patience: i64,
    pub trust: i64,
    /// The reply that led here, with its coach feedback (none at step 0).
    pub reply: Option<(String, String)>,
    /// What that reply changed.
    pub events: Vec<Event>,
    /// The key the reply was shown at and how many replies were shown (none at step 0).
    pub key: Option<(usize, usize)>,
    pub over: bool,
}

/// Steps through a participant's conversation: moment `k` is the engine's state after `k` replies.
pub fn replay_moments(record: &ResultRecord, scenario: &Arc<Scenario>) -> Option<Vec<Moment>> {
    let options = record.options();
    let mut c = Conversation::start(
        Arc::clone(scenario),
        record.report.seed,
        record.report.variant.as_deref(),
        options,
    )
    .ok()?;
    let moment = |c: &Conversation, step: usize| {
        let node = match c.phase() {
            crate::engine::dialogue::Phase::AwaitingReply { node } => {
                Some(c.scenario().nodes.at(node).0.to_string())
            }
            crate::engine::dialogue::Phase::Ended { ending, .. } => {
                ending.map(|n| c.scenario().nodes.at(n).0.to_string())
            }
        };
        let reply = step.checked_sub(1).map(|t| {
            let choice = c.turn_choice(&c.turns()[t]);
            (choice.say.clone(), choice.feedback.clone())
        });
        Moment {
            step,
            node,
            line: c.current_line().to_owned(),
            mood: c.mood(),
            patience: c.state().patience,
            trust: c.state().trust,
            reply,
            events: step.checked_sub(1).map_or_else(
                || c.prologue_events().to_vec(),
                |t| c.turn_events(t).to_vec(),
            ),
            key: step.checked_sub(1).and_then(|t| {
                c.turns()[t]
                    .shown_key()
                    .map(|k| (k, c.turns()[t].order.len()))
            }),
            over: c.is_over(),
        }
    };
    let mut moments = vec![moment(&c, 0)];
    for (k, entry) in record.report.transcript.iter().enumerate() {
        c.choose(entry.choice, entry.latency_ms.map(Duration::from_millis))
            .ok()?;
        moments.push(moment(&c, k + 1));
    }
    Some(moments)
}

#[cfg(test)]
mod tests;
