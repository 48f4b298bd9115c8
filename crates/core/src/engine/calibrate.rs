//! Calibration of a scenario: reachable score ranges by exhaustive search, random players and style bots.

use std::collections::HashMap;
use std::sync::Arc;

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use serde::Serialize;

use crate::engine::dialogue::{Conversation, Options, uniform_below};
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
    play_with(scenario, seed, player, false)
}

/// `play`; when `quietly`, a player who never looks at the display order plays on a search
/// copy (no history kept), which scores the same and runs faster.
fn play_with(
    scenario: &Arc<Scenario>,
    seed: u64,
    player: Player,
    quietly: bool,
) -> Option<Conversation> {
    let mut conversation =
        Conversation::start(Arc::clone(scenario), seed, None, Options::default()).ok()?;
    if quietly && !matches!(player, Player::Positional(_)) {
        conversation = conversation.for_search();
    }
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
        let conversation = play_with(scenario, seed.wrapping_add(i), player, true)?;
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
mod search;

use search::variants;
pub(crate) use search::{StateKey, key_of};
pub use search::{reach, reach_variant, reachable_turns};
#[cfg(test)]
mod tests;
