//! The seeded draws: the variant, reply orders, and the fixed-forever integer draws they use
//! (so a seed replays identically whatever rand's own distributions become).

use rand::rngs::ChaCha8Rng;
use rand::{Rng, SeedableRng};

use crate::engine::scenario::Scenario;

/// The variant a fresh generator draws first (what `Conversation::start` draws).
pub(super) fn draw_variant(rng: &mut ChaCha8Rng, scenario: &Scenario) -> Option<usize> {
    draw_weighted(rng, scenario.variants.iter().map(|v| v.weight))
}

/// The first of `candidates` whose seed draws a variant other than `current`; with fewer than
/// two variants there is nothing else to draw and the first candidate is returned.
pub fn seed_for_other_variant(
    scenario: &Scenario,
    current: Option<&str>,
    candidates: impl IntoIterator<Item = u64>,
) -> Option<u64> {
    let mut candidates = candidates.into_iter();
    if scenario.variants.len() < 2 {
        return candidates.next();
    }
    candidates.find(|&seed| {
        let drawn = draw_variant(&mut ChaCha8Rng::seed_from_u64(seed), scenario);
        drawn.map(|v| scenario.variants[v].id.as_str()) != current
    })
}

pub(super) fn variant_list(scenario: &Scenario) -> String {
    if scenario.variants.is_empty() {
        return "no variants".to_owned();
    }
    let ids: Vec<&str> = scenario.variants.iter().map(|v| v.id.as_str()).collect();
    ids.join(", ")
}

/// A number in `0..bound` from one 64-bit draw (multiply-shift: fixed forever, tiny bias).
pub fn uniform_below(rng: &mut impl Rng, bound: u64) -> u64 {
    ((u128::from(rng.next_u64()) * u128::from(bound)) >> 64) as u64
}

/// Draws an index with probability proportional to its weight (non-positive weights never win).
/// Consumes exactly one draw, even with nothing to choose from.
pub fn draw_weighted(
    rng: &mut impl Rng,
    weights: impl Iterator<Item = i64> + Clone,
) -> Option<usize> {
    let total: u64 = weights.clone().map(|w| w.max(0) as u64).sum();
    let mut ticket = uniform_below(rng, total.max(1));
    if total == 0 {
        return None;
    }
    for (i, w) in weights.enumerate() {
        let w = w.max(0) as u64;
        if ticket < w {
            return Some(i);
        }
        ticket -= w;
    }
    None
}

/// A display order of `shown` replies (1-based positions), a Fisher–Yates shuffle drawn from
/// `rng`; one reply or none draws nothing.
pub fn draw_order(rng: &mut impl Rng, shown: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (1..=shown).collect();
    for i in (1..order.len()).rev() {
        let j = uniform_below(rng, i as u64 + 1) as usize;
        order.swap(i, j);
    }
    order
}

/// The seed of a participant's reply order in a seminar: everyone meets the same variant (the
/// seminar's seed), but the order depends on who plays, so watching the person before you in
/// the hot seat tells you nothing about which key to press.
pub fn participant_order_seed(seminar_seed: u64, player: &str) -> u64 {
    // FNV-1a over the name, then splitmix64 with the seed: fixed forever.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in player.as_bytes() {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    let mut z = seminar_seed ^ h;
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
