//! Quality gates over every shipped scenario: what the pack must cover and what calibration must show.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use rapport_core::authoring::validate::validate_paths;
use rapport_core::engine::calibrate::gates::gates;
use rapport_core::engine::calibrate::{authored_first_share, reach, reachable_turns};
use rapport_core::engine::scenario::{NodeEntry, Outcome, Scenario, Style};

/// Enough plays for stable medians and label shares, small enough for CI.
const PLAYS: u64 = 2_000;

fn pack() -> Vec<Arc<Scenario>> {
    let report =
        validate_paths(&[PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios")]);
    let problems: Vec<String> = report
        .files
        .iter()
        .flat_map(|(_, issues)| issues)
        .map(ToString::to_string)
        .collect();
    assert!(
        problems.is_empty(),
        "validate --strict must pass:\n{}",
        problems.join("\n")
    );
    report
        .valid
        .into_iter()
        .map(|f| Arc::new(f.scenario))
        .collect()
}

#[test]
fn the_pack_covers_the_account_managers_world() {
    let pack = pack();
    assert!(pack.len() >= 12, "only {} scenarios", pack.len());
    let russian = pack.iter().filter(|s| s.language == "ru").count();
    assert!(russian >= 2, "only {russian} scenarios in Russian");
    let difficulties: BTreeSet<i64> = pack.iter().map(|s| s.difficulty).collect();
    assert_eq!(
        difficulties,
        (1..=5).collect(),
        "difficulty must spread from 1 to 5"
    );
    let prefers: BTreeSet<Option<Style>> = pack.iter().map(|s| s.customer.prefers).collect();
    assert!(prefers.contains(&Some(Style::Executive)) && prefers.contains(&Some(Style::Erudite)));
}

#[test]
fn every_scenario_is_rich_enough_to_practise_with() {
    for s in pack() {
        let id = &s.id;
        assert!(s.customer.needs.len() >= 3, "{id}: fewer than 3 needs");
        assert!(
            s.customer.needs.iter().any(|n| n.weight > 1),
            "{id}: no weighted need"
        );
        assert!(
            s.customer.objections.len() >= 2,
            "{id}: fewer than 2 objections"
        );
        assert!(s.nodes.count() >= 12, "{id}: fewer than 12 nodes");
        assert!(s.variants.len() >= 2, "{id}: fewer than 2 variants");
        let mut all_styles = 0;
        let mut reply_nodes = 0;
        for (node, entry) in s.nodes.iter() {
            if let NodeEntry::Node { choices, .. } = entry {
                reply_nodes += 1;
                let styles: BTreeSet<Style> = choices.iter().filter_map(|c| c.style).collect();
                all_styles += usize::from(styles.len() == 3);
                for (i, c) in choices.iter().enumerate() {
                    assert!(
                        !c.feedback.trim().is_empty(),
                        "{id}: node {node} choice {} lacks feedback",
                        i + 1
                    );
                }
            }
        }
        assert!(
            2 * all_styles > reply_nodes,
            "{id}: all three styles at only {all_styles} of {reply_nodes} nodes"
        );
    }
}

#[test]
fn calibration_gates_hold_for_every_scenario() {
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for s in pack() {
        let id = &s.id;
        let r = reach(&s).expect("scenario starts");
        assert_eq!(
            r.outcomes,
            Outcome::ALL.to_vec(),
            "{id}: reachable outcomes {:?}",
            r.outcomes
        );
        // Best 100, random median, style bots, and pressing one key (PLAYS >= 1 000 seeds).
        for gate in gates(&s, PLAYS, 1, &mut || {}).expect("scenario starts") {
            let line = format!(
                "{id}: {:?}: {:.2}{}",
                gate.kind,
                gate.figure,
                gate.won
                    .map_or(String::new(), |w| format!(", won {:.1}%", w * 100.0))
            );
            if !gate.passed {
                failures.push(line.clone());
            }
            report.push(line);
        }
    }
    println!("{}", report.join("\n"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_authored_order_carries_no_signal_for_script_writers() {
    let (mut first, mut steps) = (0, 0);
    for s in pack() {
        let (f, n) = authored_first_share(&s).expect("scenario starts");
        first += f;
        steps += n;
    }
    let share = first as f64 / steps as f64;
    println!(
        "best-path replies written first: {first} of {steps} ({:.0}%)",
        share * 100.0
    );
    assert!(
        share <= 0.40,
        "the best path takes the reply written first in {first} of {steps} steps"
    );
}

#[test]
fn the_customer_never_looks_happier_after_a_reply_that_hurt() {
    let mut hurtful = 0;
    for scenario in pack() {
        for before in reachable_turns(&scenario, 20_000) {
            for position in 1..=before.shown_choices().len() {
                let mut after = before.clone();
                after.choose(position, None).expect("offered");
                let turn = after.turns().len() - 1;
                if after.is_over() || !after.turn_hurt(turn) {
                    continue;
                }
                hurtful += 1;
                assert!(
                    after.mood().warmth() < before.mood().warmth()
                        || before.mood() == rapport_core::engine::scenario::Mood::Angry,
                    "{}: reply {position} at a {:?} customer hurt, yet the mood shown is {:?}",
                    scenario.id,
                    before.mood(),
                    after.mood()
                );
            }
        }
    }
    assert!(hurtful > 100, "only {hurtful} hurtful replies met");
}
