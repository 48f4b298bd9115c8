//! Calibration tests: reach, populations, bots and positional players on a small scenario
//! and a shipped one.

use super::*;
use crate::authoring::load::parse_str;

fn scenario() -> Arc<Scenario> {
    let text = r#"Scenario(
        id: "cal", title: "T", industry: "x", difficulty: 1, minutes: 1, summary: "S",
        customer: Customer(name: "N", role: "R", patience: 2, trust: 5,
            needs: [Need(id: "a", text: "A")], objections: [Objection(id: "p", text: "P")]),
        start: "s",
        nodes: {
            "s": Node(say: "Hi", choices: [
                Choice(say: "ask", style: Some(Erudite), effects: [Discover("a")], next: Goto("t")),
                Choice(say: "um", style: Some(Melancholic), next: Goto("s")),
                Choice(say: "pitch", style: Some(Executive), effects: [Mishandle("p")], next: Goto("t")),
            ]),
            "t": Node(say: "Well?", choices: [
                Choice(say: "close", style: Some(Executive), effects: [Resolve("p")], next: Goto("won")),
                Choice(say: "later", style: Some(Erudite), next: Goto("later")),
            ]),
            "won": Ending(outcome: Won, say: "Yes"),
            "later": Ending(outcome: FollowUp, say: "Maybe"),
        },
    )"#;
    Arc::new(
        parse_str(std::path::Path::new("cal.ron"), text.to_owned())
            .expect("parses")
            .scenario,
    )
}

#[test]
fn the_search_finds_the_best_and_worst_paths_and_every_outcome() {
    let reach = reach(&scenario()).expect("reach");
    assert!(reach.complete);
    // Best: ask, close: needs 100, objection resolved before raised 100, closing 100.
    assert_eq!(reach.best.choices, vec![1, 1]);
    assert_eq!(reach.best.scores.overall, 100);
    assert_eq!(reach.overall.max, 100);
    // Worst: ramble twice; patience 2 -> 0 is a walk-out with nothing found.
    assert_eq!(reach.worst.choices, vec![2, 2]);
    assert_eq!(reach.worst.outcome, Outcome::WalkedOut);
    assert_eq!(reach.overall.min, 0);
    assert_eq!(
        reach.outcomes,
        vec![Outcome::Won, Outcome::FollowUp, Outcome::WalkedOut]
    );
    // Pitch then "later" leaves it mishandled (0); pitch then close recovers it (50).
    assert_eq!(reach.objection_handling, Some(Span { min: 0, max: 100 }));
}

#[test]
fn bots_pick_their_own_style_where_offered() {
    let s = scenario();
    for seed in 0..20 {
        let c = play(&s, seed, Player::Stylist(Style::Executive)).expect("plays");
        assert_eq!(c.outcome(), Some(Outcome::Won));
        assert_eq!(c.turns().len(), 2);
        let m = play(&s, seed, Player::Stylist(Style::Melancholic)).expect("plays");
        assert_eq!(m.outcome(), Some(Outcome::WalkedOut));
    }
}

#[test]
fn populations_are_reproducible_and_count_every_play() {
    let s = scenario();
    let a = population(&s, Player::Random, 500, 9, &mut || {}).expect("population");
    let b = population(&s, Player::Random, 500, 9, &mut || {}).expect("population");
    assert_eq!(a, b);
    assert_eq!(a.plays, 500);
    let total: f64 = a.outcomes.iter().map(|(_, share)| share).sum();
    assert!((total - 1.0).abs() < 1e-9);
    assert!(a.overall.p10 <= a.overall.median && a.overall.median <= a.overall.p90);
}

#[test]
fn percentiles_use_the_nearest_rank() {
    let mut values: Vec<u8> = (1..=10).collect();
    let d = Distribution::of(&mut values).expect("values");
    assert_eq!((d.p10, d.median, d.p90), (1, 5, 9));
    assert_eq!(Distribution::of(&mut []), None);
}

#[test]
fn outcome_shares_add_up_and_bots_report_their_own_labels_share() {
    let s = scenario();
    let calibration = calibrate(&s, 400, 11, &mut || {}).expect("calibrates");
    let random = &calibration.random;
    let total: f64 = random.outcomes.iter().map(|(_, share)| share).sum();
    assert!((total - 1.0).abs() < 1e-9, "{total}");
    for outcome in Outcome::ALL {
        let listed = random
            .outcomes
            .iter()
            .find(|(key, _)| key == outcome.key())
            .map_or(0.0, |(_, share)| *share);
        assert_eq!(random.share(outcome), listed);
        assert!((0.0..=1.0).contains(&random.share(outcome)));
    }
    assert!(random.share(Outcome::Won) > 0.0);
    // On a shipped customer, with evidence enough for labels: each bot's own share is its
    // population's share of its own label, and a style bot mostly earns its style.
    let led = crate::authoring::pack::shipped("led-store-cafe-owner");
    let calibration = calibrate(&led.scenario, 200, 11, &mut || {}).expect("calibrates");
    for bot in &calibration.bots {
        let own = bot
            .population
            .labels
            .iter()
            .find(|(label, _)| label == bot.style.key())
            .map_or(0.0, |(_, share)| *share);
        assert_eq!(bot.own_label_share, own, "{:?}", bot.style);
    }
    let executive = calibration
        .bots
        .iter()
        .find(|b| b.style == Style::Executive)
        .expect("a bot per style");
    assert!(
        executive.own_label_share > 0.5,
        "{:?}",
        executive.population.labels
    );
}

#[test]
fn a_calibration_is_the_search_the_gates_and_the_best_path_steps_in_one() {
    let p = crate::authoring::pack::shipped("led-store-cafe-owner");
    let found = super::gates::calibrate(&p.scenario, 200, 3, &mut || {}).expect("starts");
    assert_eq!(Some(found.reach.clone()), reach(&p.scenario));
    assert_eq!(
        Some(found.gates),
        super::gates::gates(&p.scenario, 200, 3, &mut || {})
    );
    let best = reach(&p.scenario).expect("reach").best;
    assert_eq!(
        found.best_steps,
        super::gates::path_steps(&p.scenario, &best)
    );
    assert_eq!(found.best_steps.len(), found.reach.best.choices.len());
}

#[test]
fn the_best_path_is_walked_from_the_start_to_a_won_ending() {
    let p = crate::authoring::pack::shipped("led-store-cafe-owner");
    let best = reach(&p.scenario).expect("reach").best;
    let steps = super::gates::path_steps(&p.scenario, &best);
    let start = p
        .scenario
        .nodes
        .index_of(p.scenario.start.as_str())
        .expect("start");
    assert_eq!(steps.first().map(|s| s.0), Some(start));
    for pair in steps.windows(2) {
        assert_eq!(pair[0].1, pair[1].0, "one step leads into the next");
    }
    let last = steps.last().expect("a step").1;
    assert!(matches!(
        p.scenario.nodes.at(last).1,
        crate::engine::scenario::NodeEntry::Ending {
            outcome: crate::engine::scenario::Outcome::Won,
            ..
        }
    ));
}

#[test]
fn the_search_copies_score_the_best_and_worst_paths_as_the_recording_engine_does() {
    for (name, source) in crate::authoring::pack::SHIPPED {
        let file =
            crate::authoring::load::parse_str(std::path::Path::new(name), (*source).to_owned())
                .expect("parses");
        let scenario = std::sync::Arc::new(file.scenario);
        let r = reach(&scenario).expect("reachable");
        for path in [&r.best, &r.worst] {
            let mut c = Conversation::start(
                std::sync::Arc::clone(&scenario),
                0,
                path.variant.as_deref(),
                Options::default(),
            )
            .expect("starts");
            for &position in &path.choices {
                c.choose(position, None).expect("a reply the search found");
            }
            assert!(c.is_over(), "{name}");
            assert_eq!(crate::engine::scoring::score(&c), path.scores, "{name}");
            assert_eq!(c.outcome(), Some(path.outcome), "{name}");
        }
    }
}
