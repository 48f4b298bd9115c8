//! A customer's calibration for the pack test and for an author checking a new customer: the
//! exhaustive search's findings, and the pack's gates, one verdict each: the best path reaches
//! 100, random players' median stays at or under 60, each style bot is labelled with its own
//! style in at least 95 % of runs, and a player who presses the same key every time neither
//! has a median over 60 nor wins more than 20 % of runs.

use std::sync::Arc;

use super::{POSITIONAL_PLAYERS, Path, Player, Population, Reach, population, reach};
use crate::engine::scenario::{Outcome, Scenario, Style};

/// Which gate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GateKind {
    /// The best reachable overall is 100.
    BestReachable,
    /// Random players' median overall is at most 60.
    RandomMedian,
    /// This style's bot is labelled with its own style in at least 95 % of runs.
    StyleBot(Style),
    /// Always pressing this key: median overall at most 60 and won at most 20 %.
    SameKey(usize),
}

/// One gate's verdict and the figure it rests on.
#[derive(Clone, Debug, PartialEq)]
pub struct Gate {
    pub kind: GateKind,
    pub passed: bool,
    /// The measured value: an overall, a median, or a share in 0..=1.
    pub figure: f64,
    /// For the same-key gate, the share of runs won.
    pub won: Option<f64>,
}

/// The limits.
pub const RANDOM_MEDIAN_MAX: u8 = 60;
pub const OWN_LABEL_MIN: f64 = 0.95;
pub const SAME_KEY_WON_MAX: f64 = 0.20;

/// A full calibration: what the exhaustive search found, every gate, and the best path's steps
/// (for the graph).
#[derive(Clone, Debug, PartialEq)]
pub struct Calibrated {
    pub reach: Reach,
    pub gates: Vec<Gate>,
    /// The best path as (from, to) node indices.
    pub best_steps: Vec<(usize, usize)>,
}

/// Calibrates `scenario` with one exhaustive search and `plays` runs per player from `seed`;
/// `progress` is called after each run. `None` when the scenario cannot start.
pub fn calibrate(
    scenario: &Arc<Scenario>,
    plays: u64,
    seed: u64,
    progress: &mut dyn FnMut(),
) -> Option<Calibrated> {
    let reach = reach(scenario)?;
    let gates = gates_after(scenario, &reach, plays, seed, progress)?;
    let best_steps = path_steps(scenario, &reach.best);
    Some(Calibrated {
        reach,
        gates,
        best_steps,
    })
}

/// Every gate for `scenario`, with `plays` runs per player from `seed`; `progress` is called
/// after each run. `None` when the scenario cannot start.
pub fn gates(
    scenario: &Arc<Scenario>,
    plays: u64,
    seed: u64,
    progress: &mut dyn FnMut(),
) -> Option<Vec<Gate>> {
    gates_after(scenario, &reach(scenario)?, plays, seed, progress)
}

/// The gates, given the exhaustive search's findings.
fn gates_after(
    scenario: &Arc<Scenario>,
    reach: &Reach,
    plays: u64,
    seed: u64,
    progress: &mut dyn FnMut(),
) -> Option<Vec<Gate>> {
    let best = reach.overall.max;
    let mut out = vec![Gate {
        kind: GateKind::BestReachable,
        passed: best == 100,
        figure: f64::from(best),
        won: None,
    }];
    let random = population(scenario, Player::Random, plays, seed, progress)?;
    out.push(Gate {
        kind: GateKind::RandomMedian,
        passed: random.overall.median <= RANDOM_MEDIAN_MAX,
        figure: f64::from(random.overall.median),
        won: None,
    });
    for style in Style::ALL {
        let bots = population(scenario, Player::Stylist(style), plays, seed, progress)?;
        let own = own_label_share(&bots, style);
        out.push(Gate {
            kind: GateKind::StyleBot(style),
            passed: own >= OWN_LABEL_MIN,
            figure: own,
            won: None,
        });
    }
    for key in POSITIONAL_PLAYERS {
        let pressing = population(scenario, Player::Positional(key), plays, seed, progress)?;
        let won = pressing.share(Outcome::Won);
        out.push(Gate {
            kind: GateKind::SameKey(key),
            passed: pressing.overall.median <= RANDOM_MEDIAN_MAX && won <= SAME_KEY_WON_MAX,
            figure: f64::from(pressing.overall.median),
            won: Some(won),
        });
    }
    Some(out)
}

/// The share of a style bot's runs labelled with its own style.
pub fn own_label_share(bots: &Population, style: Style) -> f64 {
    bots.labels
        .iter()
        .find(|(label, _)| label == style.key())
        .map_or(0.0, |(_, share)| *share)
}

/// The nodes a path walks through, as (from, to) node indices: the path replayed with its own
/// variant.
pub fn path_steps(scenario: &Arc<Scenario>, path: &Path) -> Vec<(usize, usize)> {
    use crate::engine::dialogue::{Conversation, Options, Phase};
    let Ok(mut c) = Conversation::start(
        Arc::clone(scenario),
        0,
        path.variant.as_deref(),
        Options::default(),
    ) else {
        return Vec::new();
    };
    let node_now = |c: &Conversation| match c.phase() {
        Phase::AwaitingReply { node } => Some(node),
        Phase::Ended { ending, .. } => ending,
    };
    let mut steps = Vec::new();
    for &position in &path.choices {
        let Some(from) = node_now(&c) else { break };
        if c.choose(position, None).is_err() {
            break;
        }
        if let Some(to) = node_now(&c) {
            steps.push((from, to));
        }
    }
    steps
}

/// How many runs `gates` makes with `plays` per player (for a progress bar).
pub fn runs(plays: u64) -> u64 {
    plays * (1 + Style::ALL.len() as u64 + POSITIONAL_PLAYERS.len() as u64)
}
