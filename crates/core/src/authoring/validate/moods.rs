//! The mood check: a node reached only by replies that hurt (they lower trust or patience, or
//! mishandle an objection) must not look warmer than every node they come from, or it exists
//! to show the customer brightening at a mistake. Nodes that good and bad replies share are
//! left to the engine, which shows the mood cooler after a reply that hurt.

use std::collections::BTreeMap;

use super::Anchor::Id;
use super::Checker;
use crate::engine::scenario::{Choice, Effect, Mood, NodeEntry, Scenario, Style};

/// Whether a reply's own effects hurt, whatever state it is given in.
fn hurts(choice: &Choice) -> bool {
    choice.style == Some(Style::Melancholic)
        || choice.effects.iter().any(|e| {
            matches!(e, Effect::Mishandle(_))
                || matches!(e, Effect::Trust(d) | Effect::Patience(d) if *d < 0)
        })
}

pub(super) fn check_moods(check: &mut Checker, s: &Scenario) {
    // For each node: the mood of every node a reply comes from, and whether all of them hurt.
    let mut incoming: BTreeMap<usize, (Vec<Mood>, bool)> = BTreeMap::new();
    for (_, node) in s.nodes.iter() {
        let NodeEntry::Node { mood, choices, .. } = node else {
            continue;
        };
        for choice in choices {
            for target in choice.next.targets() {
                if let Some(index) = s.nodes.index_of(target.as_str()) {
                    let (sources, all_hurt) = incoming.entry(index).or_insert((Vec::new(), true));
                    sources.push(*mood);
                    *all_hurt &= hurts(choice);
                }
            }
        }
    }
    for (index, (sources, all_hurt)) in incoming {
        let (id, node) = s.nodes.at(index);
        let NodeEntry::Node { mood, .. } = node else {
            continue;
        };
        let warmest = sources.iter().map(|m| m.warmth()).max().unwrap_or(i8::MIN);
        if all_hurt
            && index != s.nodes.index_of(s.start.as_str()).unwrap_or(usize::MAX)
            && mood.warmth() > warmest
        {
            check.warning(
                Id(id.as_str()),
                format!(
                    "node \"{id}\" is reached only by replies that hurt, yet its mood {mood:?} is warmer than every node they come from; the customer would brighten at a mistake"
                ),
            );
        }
    }
}
