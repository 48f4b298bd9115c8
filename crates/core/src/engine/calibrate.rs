//! Calibration of a scenario: reachable score ranges by exhaustive search, random players and style bots.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use serde::Serialize;

use crate::engine::dialogue::{Conversation, ObjectionState, Options, uniform_below};
use crate::engine::scenario::{Outcome, Scenario, Style};
use crate::engine::scoring::{Scores, score};
use crate::engine::style::StyleLabel;

/// Longest path the exhaustive search follows (cycles are cut here).
pub const MAX_SEARCH_DEPTH: usize = 60;
/// Most distinct states the exhaustive search visits before it reports itself incomplete.
pub const MAX_SEARCH_STATES: usize = 2_000_000;
/// Most replies a simulated player gives before the play counts as unfinished.
pub const MAX_PLAY_REPLIES: usize = 200;

/// Lowest and highest value seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub min: u8,
    pub max: u8,
}

impl Span {
    fn of(value: u8) -> Span {
        Span {
            min: value,
            max: value,
        }
    }

    fn widen(span: &mut Option<Span>, value: u8) {
        *span = Some(match *span {
            None => Span::of(value),
            Some(s) => Span {
                min: s.min.min(value),
                max: s.max.max(value),
            },
        });
    }
}

/// A finished path: the variant and the replies (1-based positions, as `run --choices` takes them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Path {
    pub variant: Option<String>,
    pub choices: Vec<usize>,
    pub outcome: Outcome,
    pub scores: Scores,
}

/// What the exhaustive search found over every variant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reach {
    pub needs_discovery: Span,
    /// `None` when no path raises an objection.
    pub objection_handling: Option<Span>,
    pub closing: Span,
    pub overall: Span,
    pub outcomes: Vec<Outcome>,
    /// The path with the highest overall (the shortest among equals).
    pub best: Path,
    /// The path with the lowest overall (the shortest among equals).
    pub worst: Path,
    /// Distinct states visited.
    pub states: usize,
    /// False when the depth or state bound cut the search.
    pub complete: bool,
}

/// The state that decides every future score; evidence is left out because it scores nothing.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct StateKey {
    node: usize,
    patience: i64,
    trust: i64,
    discovered: Vec<bool>,
    objections: Vec<Option<ObjectionState>>,
    closing_adjustment: i64,
}

pub(crate) fn key_of(c: &Conversation, node: usize) -> StateKey {
    let s = c.state();
    StateKey {
        node,
        patience: s.patience,
        trust: s.trust,
        discovered: s.discovered.clone(),
        objections: s.objections.clone(),
        closing_adjustment: s.closing_adjustment,
    }
}

/// Variant ids to try: every variant a seed can draw (weight above 0), or none when the
/// scenario has none.
fn variants(scenario: &Scenario) -> Vec<Option<String>> {
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

fn better(candidate: &Path, current: &Option<Path>, higher: bool) -> bool {
    match current {
        None => true,
        Some(p) => {
            let (a, b) = (candidate.scores.overall, p.scores.overall);
            (if higher { a > b } else { a < b })
                || (a == b && candidate.choices.len() < p.choices.len())
        }
    }
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
        let mut stack = vec![(start, Vec::new())];
        while let Some((conversation, path)) = stack.pop() {
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
                    choices: path,
                    outcome,
                    scores,
                };
                if better(&finished, &best, true) {
                    best = Some(finished.clone());
                }
                if better(&finished, &worst, false) {
                    worst = Some(finished);
                }
                continue;
            }
            let crate::engine::dialogue::Phase::AwaitingReply { node } = conversation.phase()
            else {
                continue;
            };
            if path.len() >= MAX_SEARCH_DEPTH || states >= MAX_SEARCH_STATES {
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
                    let mut next_path = path.clone();
                    next_path.push(position);
                    stack.push((next, next_path));
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

/// A simulated player.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Player {
    /// Picks uniformly among the replies shown.
    Random,
    /// Picks a reply of this style where one is shown (at random among several), otherwise at random.
    Stylist(Style),
    /// Always presses the key of this displayed position (1-based), or the last reply shown
    /// when fewer are: the player who learnt "press 1" instead of reading.
    Positional(usize),
}

/// The positions whose players calibration reports.
pub const POSITIONAL_PLAYERS: [usize; 4] = [1, 2, 3, 4];

/// Plays one conversation as `player`; the seed draws the variant and the player's picks.
/// Returns `None` for the outcome when the play hit [`MAX_PLAY_REPLIES`].
pub fn play(scenario: &Arc<Scenario>, seed: u64, player: Player) -> Option<Conversation> {
    let mut conversation =
        Conversation::start(Arc::clone(scenario), seed, None, Options::default()).ok()?;
    // The player's own stream, apart from the conversation's.
    let mut picks = ChaCha8Rng::seed_from_u64(seed);
    picks.set_stream(1);
    let mut own = Vec::new();
    for _ in 0..MAX_PLAY_REPLIES {
        if conversation.is_over() {
            break;
        }
        let shown = conversation.shown_choices();
        if shown.is_empty() {
            break;
        }
        if let Player::Positional(k) = player {
            conversation
                .choose_displayed(k.clamp(1, shown.len()), None)
                .ok()?;
            continue;
        }
        own.clear();
        if let Player::Stylist(style) = player {
            own.extend(
                shown
                    .iter()
                    .enumerate()
                    .filter(|(_, (_, c))| c.style == Some(style))
                    .map(|(i, _)| i + 1),
            );
        }
        let position = if own.is_empty() {
            uniform_below(&mut picks, shown.len() as u64) as usize + 1
        } else {
            own[uniform_below(&mut picks, own.len() as u64) as usize]
        };
        conversation.choose(position, None).ok()?;
    }
    Some(conversation)
}

/// p10, median and p90 by nearest rank.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Distribution {
    pub p10: u8,
    pub median: u8,
    pub p90: u8,
}

impl Distribution {
    fn of(values: &mut [u8]) -> Option<Distribution> {
        if values.is_empty() {
            return None;
        }
        values.sort_unstable();
        let rank =
            |p: f64| values[((p * values.len() as f64).ceil() as usize).clamp(1, values.len()) - 1];
        Some(Distribution {
            p10: rank(0.1),
            median: rank(0.5),
            p90: rank(0.9),
        })
    }
}

/// Many plays of one kind of player.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Population {
    pub plays: u64,
    pub needs_discovery: Distribution,
    /// `None` when no play raised an objection.
    pub objection_handling: Option<Distribution>,
    pub closing: Distribution,
    pub overall: Distribution,
    pub mean: MeanScores,
    /// Share of plays per outcome, in `Outcome::ALL` order, plus unfinished plays.
    pub outcomes: Vec<(String, f64)>,
    /// Share of plays per style label.
    pub labels: Vec<(String, f64)>,
}

impl Population {
    /// The share of plays that ended with `outcome`.
    pub fn share(&self, outcome: Outcome) -> f64 {
        self.outcomes
            .iter()
            .find(|(key, _)| key == outcome.key())
            .map_or(0.0, |(_, share)| *share)
    }
}

/// Mean scores of a population.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MeanScores {
    pub needs_discovery: f64,
    pub objection_handling: Option<f64>,
    pub closing: f64,
    pub overall: f64,
}

#[derive(Default)]
struct Tally {
    needs: Vec<u8>,
    objections: Vec<u8>,
    closing: Vec<u8>,
    overall: Vec<u8>,
    outcomes: HashMap<Option<Outcome>, u64>,
    labels: HashMap<StyleLabel, u64>,
    plays: u64,
}

impl Tally {
    fn add(&mut self, conversation: &Conversation) {
        let scores = score(conversation);
        self.plays += 1;
        self.needs.push(scores.needs_discovery);
        self.objections.extend(scores.objection_handling);
        self.closing.push(scores.closing);
        self.overall.push(scores.overall);
        *self.outcomes.entry(conversation.outcome()).or_default() += 1;
        *self
            .labels
            .entry(conversation.state().evidence.label())
            .or_default() += 1;
    }

    fn finish(mut self) -> Option<Population> {
        let mean = |v: &[u8]| -> f64 {
            v.iter().map(|&x| f64::from(x)).sum::<f64>() / v.len().max(1) as f64
        };
        let share = |n: u64| n as f64 / self.plays.max(1) as f64;
        let mut outcomes: Vec<(String, f64)> = Outcome::ALL
            .iter()
            .map(|o| {
                (
                    o.key().to_owned(),
                    share(self.outcomes.get(&Some(*o)).copied().unwrap_or(0)),
                )
            })
            .collect();
        if let Some(&n) = self.outcomes.get(&None) {
            outcomes.push(("unfinished".to_owned(), share(n)));
        }
        let labels = [
            StyleLabel::Melancholic,
            StyleLabel::Erudite,
            StyleLabel::Executive,
            StyleLabel::Mixed,
        ]
        .iter()
        .map(|l| {
            (
                l.key().to_owned(),
                share(self.labels.get(l).copied().unwrap_or(0)),
            )
        })
        .collect();
        let means = MeanScores {
            needs_discovery: mean(&self.needs),
            objection_handling: (!self.objections.is_empty()).then(|| mean(&self.objections)),
            closing: mean(&self.closing),
            overall: mean(&self.overall),
        };
        Some(Population {
            plays: self.plays,
            needs_discovery: Distribution::of(&mut self.needs)?,
            objection_handling: Distribution::of(&mut self.objections),
            closing: Distribution::of(&mut self.closing)?,
            overall: Distribution::of(&mut self.overall)?,
            mean: means,
            outcomes,
            labels,
        })
    }
}

/// Plays `plays` conversations as `player` with seeds `seed, seed + 1, ...`; `progress` hears each play.
pub fn population(
    scenario: &Arc<Scenario>,
    player: Player,
    plays: u64,
    seed: u64,
    progress: &mut dyn FnMut(),
) -> Option<Population> {
    let mut tally = Tally::default();
    for i in 0..plays {
        let conversation = play(scenario, seed.wrapping_add(i), player)?;
        tally.add(&conversation);
        progress();
    }
    tally.finish()
}

/// One style bot's results.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BotReport {
    pub style: Style,
    /// Share of runs labelled as the bot's own style.
    pub own_label_share: f64,
    pub population: Population,
}

/// The players who always press one key, by position.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PositionalReport {
    /// The displayed position they press (1-based).
    pub position: usize,
    pub population: Population,
}

/// The full calibration of one scenario.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Calibration {
    pub scenario: String,
    pub reach: Reach,
    pub random: Population,
    pub bots: Vec<BotReport>,
    pub positional: Vec<PositionalReport>,
}

/// Calibrates a scenario: exhaustive reach, `players` random plays and `players` plays per style bot.
pub fn calibrate(
    scenario: &Arc<Scenario>,
    players: u64,
    seed: u64,
    progress: &mut dyn FnMut(),
) -> Option<Calibration> {
    let reach = reach(scenario)?;
    let random = population(scenario, Player::Random, players, seed, progress)?;
    let mut bots = Vec::new();
    for style in Style::ALL {
        let population = population(scenario, Player::Stylist(style), players, seed, progress)?;
        let own = population
            .labels
            .iter()
            .find(|(label, _)| label == style.key())
            .map_or(0.0, |(_, share)| *share);
        bots.push(BotReport {
            style,
            own_label_share: own,
            population,
        });
    }
    let mut positional = Vec::new();
    for position in POSITIONAL_PLAYERS {
        let population = population(
            scenario,
            Player::Positional(position),
            players,
            seed,
            progress,
        )?;
        positional.push(PositionalReport {
            position,
            population,
        });
    }
    Some(Calibration {
        scenario: scenario.id.to_string(),
        reach,
        random,
        bots,
        positional,
    })
}

/// How often the best path of each variant takes the reply written first: (steps that take
/// authored position 1, all steps). A high share lets a script of 1s win.
pub fn authored_first_share(scenario: &Arc<Scenario>) -> Option<(usize, usize)> {
    let mut first = 0;
    let mut steps = 0;
    for variant in variants(scenario) {
        let reach = reach_variant(scenario, variant.as_deref())?;
        first += reach.best.choices.iter().filter(|&&c| c == 1).count();
        steps += reach.best.choices.len();
    }
    Some((first, steps))
}

pub mod gates;
#[cfg(test)]
mod tests;
