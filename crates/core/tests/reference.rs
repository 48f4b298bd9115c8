//! An independent reference scorer: a deliberately plain second implementation of the spec's
//! turn order and formulas (needs discovery, objection handling, closing, overall, style label),
//! computed from the transcript and the scenario alone and compared with the engine on
//! generated plays of every shipped scenario. A wrong formula in the engine fails here.

use std::path::PathBuf;
use std::sync::Arc;

use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use rapport_core::authoring::validate::validate_paths;
use rapport_core::engine::dialogue::{Conversation, Options};
use rapport_core::engine::results::RunReport;
use rapport_core::engine::scenario::{Condition, Effect, NodeEntry, Outcome, Scenario, Style};

/// The objection states as the spec names them.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Obj {
    Raised,
    Resolved,
    Recovered,
    Mishandled,
}

/// The customer as the spec describes them, in plain fields.
struct Plain<'a> {
    s: &'a Scenario,
    variant: Option<&'a str>,
    patience: i64,
    trust: i64,
    found: Vec<bool>,
    objections: Vec<Option<Obj>>,
    closing_points: i64,
    /// Evidence in halves: melancholic, erudite, executive.
    halves: [u32; 3],
    outcome: Option<Outcome>,
    ending_closing: Option<i64>,
}

fn style_index(style: Style) -> usize {
    match style {
        Style::Melancholic => 0,
        Style::Erudite => 1,
        Style::Executive => 2,
    }
}

impl Plain<'_> {
    fn clamp(v: i64) -> i64 {
        v.clamp(0, 10)
    }

    fn holds(&self, c: &Condition) -> bool {
        let need = |id: &str| {
            self.s
                .customer
                .needs
                .iter()
                .position(|n| n.id.as_str() == id)
        };
        let obj = |id: &str| {
            self.s
                .customer
                .objections
                .iter()
                .position(|o| o.id.as_str() == id)
                .and_then(|i| self.objections[i])
        };
        match c {
            Condition::Discovered(id) => need(id.as_str()).is_some_and(|i| self.found[i]),
            Condition::NotDiscovered(id) => !need(id.as_str()).is_some_and(|i| self.found[i]),
            Condition::Resolved(id) => {
                matches!(obj(id.as_str()), Some(Obj::Resolved | Obj::Recovered))
            }
            Condition::Raised(id) => obj(id.as_str()).is_some(),
            Condition::TrustAtLeast(n) => self.trust >= *n,
            Condition::TrustBelow(n) => self.trust < *n,
            Condition::PatienceAtLeast(n) => self.patience >= *n,
            Condition::Variant(id) => self.variant == Some(id.as_str()),
        }
    }

    fn effect(&mut self, e: &Effect) {
        let obj_index = |s: &Scenario, id: &str| {
            s.customer
                .objections
                .iter()
                .position(|o| o.id.as_str() == id)
        };
        match e {
            Effect::Discover(id) => {
                if let Some(i) = self.s.customer.needs.iter().position(|n| n.id == *id) {
                    self.found[i] = true;
                }
            }
            Effect::Raise(id) | Effect::Resolve(id) | Effect::Mishandle(id) => {
                let Some(i) = obj_index(self.s, id.as_str()) else {
                    return;
                };
                let now = self.objections[i];
                self.objections[i] = Some(match (e, now) {
                    (Effect::Raise(_), None) => Obj::Raised,
                    (Effect::Resolve(_), None | Some(Obj::Raised)) => Obj::Resolved,
                    (Effect::Resolve(_), Some(Obj::Mishandled)) => Obj::Recovered,
                    (Effect::Mishandle(_), Some(Obj::Mishandled)) => Obj::Mishandled,
                    (Effect::Mishandle(_), _) => Obj::Mishandled,
                    (_, Some(state)) => state,
                    (_, None) => unreachable!("every effect on a fresh objection is listed"),
                });
            }
            Effect::Trust(n) => self.trust = Self::clamp(self.trust.saturating_add(*n)),
            Effect::Patience(n) => self.patience = Self::clamp(self.patience.saturating_add(*n)),
            Effect::Closing(n) => self.closing_points = self.closing_points.saturating_add(*n),
        }
    }

    fn walk_out(&mut self) {
        self.outcome = Some(Outcome::WalkedOut);
        self.halves[0] += 2;
    }

    /// Enters a node by id; returns the node's index in the scenario if the talk goes on.
    fn enter(&mut self, id: &str) -> Option<usize> {
        let index = self.s.nodes.index_of(id)?;
        match self.s.nodes.at(index).1 {
            NodeEntry::Ending {
                outcome, closing, ..
            } => {
                self.outcome = Some(*outcome);
                self.ending_closing = *closing;
                None
            }
            NodeEntry::Node { on_enter, .. } => {
                for e in on_enter {
                    self.effect(e);
                }
                if self.patience == 0 {
                    self.walk_out();
                    return None;
                }
                Some(index)
            }
        }
    }
}

/// Needs, objections, closing, overall and the style label by the spec's formulas.
#[derive(Debug, PartialEq)]
struct Expected {
    needs: u8,
    objections: Option<u8>,
    closing: u8,
    overall: u8,
    label: &'static str,
}

/// 100 × num / den, rounded half away from zero.
fn percent(num: u64, den: u64) -> u8 {
    ((200 * num + den) / (2 * den)) as u8
}

fn score(p: &Plain) -> Expected {
    let customer = &p.s.customer;
    let total: u64 = customer.needs.iter().map(|n| n.weight.max(0) as u64).sum();
    let found: u64 = customer
        .needs
        .iter()
        .zip(&p.found)
        .filter(|(_, f)| **f)
        .map(|(n, _)| n.weight.max(0) as u64)
        .sum();
    let needs = percent(found, total);
    let raised: Vec<Obj> = p.objections.iter().flatten().copied().collect();
    let halves: u64 = raised
        .iter()
        .map(|o| match o {
            Obj::Resolved => 2,
            Obj::Recovered => 1,
            _ => 0,
        })
        .sum();
    let objections = (!raised.is_empty()).then(|| percent(halves, 2 * raised.len() as u64));
    let base = p.ending_closing.unwrap_or(match p.outcome {
        Some(Outcome::Won) => 100,
        Some(Outcome::FollowUp) => 60,
        _ => 0,
    });
    let closing = base.saturating_add(p.closing_points).clamp(0, 100) as u8;
    let mut parts = vec![u64::from(needs), u64::from(closing)];
    parts.extend(objections.map(u64::from));
    let overall =
        ((2 * parts.iter().sum::<u64>() + parts.len() as u64) / (2 * parts.len() as u64)) as u8;
    let sum: u32 = p.halves.iter().sum();
    let names = ["melancholic", "erudite", "executive"];
    let leaders: Vec<usize> = (0..3)
        .filter(|&i| sum > 0 && 2 * p.halves[i] >= sum)
        .collect();
    let label = if sum >= 6 && leaders.len() == 1 {
        names[leaders[0]]
    } else {
        "mixed"
    };
    Expected {
        needs,
        objections,
        closing,
        overall,
        label,
    }
}

/// Plays the transcript's authored positions by the spec alone.
fn reference(s: &Scenario, variant: Option<&str>, positions: &[usize]) -> Expected {
    let chosen = variant.and_then(|id| s.variants.iter().find(|v| v.id.as_str() == id));
    let mut p = Plain {
        s,
        variant,
        patience: Plain::clamp(
            chosen
                .and_then(|v| v.patience)
                .unwrap_or(s.customer.patience),
        ),
        trust: Plain::clamp(chosen.and_then(|v| v.trust).unwrap_or(s.customer.trust)),
        found: vec![false; s.customer.needs.len()],
        objections: vec![None; s.customer.objections.len()],
        closing_points: 0,
        halves: [0; 3],
        outcome: None,
        ending_closing: None,
    };
    let mut at = p.enter(s.start.as_str());
    for &position in positions {
        let Some(node) = at else { break };
        let shown: Vec<_> = s
            .nodes
            .at(node)
            .1
            .choices()
            .iter()
            .filter(|c| c.requires.iter().all(|r| p.holds(r)))
            .collect();
        let choice = shown[position - 1];
        for e in &choice.effects {
            p.effect(e);
        }
        if let Some(style) = choice.style {
            p.halves[style_index(style)] += 2;
            if style == Style::Melancholic {
                p.patience = Plain::clamp(p.patience - 1);
            }
            if s.customer.prefers == Some(style) {
                p.trust = Plain::clamp(p.trust + 1);
            }
        }
        if p.patience == 0 {
            p.walk_out();
            at = None;
            continue;
        }
        let target = match &choice.next {
            rapport_core::engine::scenario::Next::Goto(to) => to.clone(),
            rapport_core::engine::scenario::Next::Branch { cases, otherwise } => cases
                .iter()
                .find(|c| c.all.iter().all(|cond| p.holds(cond)))
                .map_or(otherwise.clone(), |c| c.to.clone()),
        };
        at = p.enter(target.as_str());
    }
    score(&p)
}

fn shipped() -> &'static [Arc<Scenario>] {
    static PACK: std::sync::OnceLock<Vec<Arc<Scenario>>> = std::sync::OnceLock::new();
    PACK.get_or_init(|| {
        validate_paths(&[PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios")])
            .valid
            .into_iter()
            .map(|f| Arc::new(f.scenario))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 1024,
        rng_seed: RngSeed::Fixed(20_261_202),
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_engine_scores_as_the_reference_does(
        which in 0usize..64,
        seed in any::<u64>(),
        picks in proptest::collection::vec(any::<u8>(), 0..60),
    ) {
        let all = shipped();
        let s = &all[which % all.len()];
        let mut c = Conversation::start(Arc::clone(s), seed, None, Options::default())
            .expect("starts");
        for pick in picks {
            if c.is_over() {
                break;
            }
            let shown = c.shown_choices().len();
            c.choose(usize::from(pick) % shown + 1, None).expect("shown");
        }
        let report = RunReport::of(&c);
        let positions: Vec<usize> = report.transcript.iter().map(|t| t.choice).collect();
        let expected = reference(s, c.variant_id(), &positions);
        let got = Expected {
            needs: report.scores.needs_discovery,
            objections: report.scores.objection_handling,
            closing: report.scores.closing,
            overall: report.scores.overall,
            label: report.style.label.key(),
        };
        prop_assert_eq!(got, expected, "{} seed {}", s.id, seed);
    }
}
