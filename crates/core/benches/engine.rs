//! Engine benchmark (`cargo bench --bench engine`): replies per second through `Conversation::choose`
//! on a generated 40-node scenario, load + validate of a 100-file pack copied from the examples,
//! random plays of the largest scenario, and the exhaustive path search.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rapport_core::authoring::load::parse_str;
use rapport_core::authoring::validate::validate_paths;
use rapport_core::engine::calibrate::{Player, population, reach};
use rapport_core::engine::dialogue::{Conversation, Options};
use rapport_core::engine::scenario::Style;

/// A chain of 38 reply nodes and 2 endings; every node offers three styled replies with effects,
/// a condition and a branch, so `choose` does the full turn each time.
fn forty_node_scenario() -> String {
    let replies_nodes = 38;
    let mut nodes = String::new();
    for i in 0..replies_nodes {
        let next = if i + 1 == replies_nodes {
            "won".to_owned()
        } else {
            format!("n{}", i + 1)
        };
        let need = ["a", "b", "c"][i % 3];
        let objection = ["price", "time"][i % 2];
        nodes.push_str(&format!(
            r#""n{i}": Node(say: "Line {i}", on_enter: [Raise("{objection}")], choices: [
                Choice(say: "Ask", style: Some(Erudite), effects: [Discover("{need}"), Trust(1)], feedback: "f", next: Goto("{next}")),
                Choice(say: "Script", style: Some(Executive), effects: [Resolve("{objection}"), Closing(1)], feedback: "f",
                    next: Branch(cases: [Case(all: [TrustAtLeast(5), Raised("{objection}")], to: "{next}")], otherwise: "{next}")),
                Choice(say: "Well...", style: Some(Melancholic), requires: [PatienceAtLeast(0)], effects: [Patience(1), Mishandle("{objection}")], feedback: "f", next: Goto("{next}")),
            ]),
"#
        ));
    }
    format!(
        r#"Scenario(id: "bench-forty", title: "Bench", industry: "x", difficulty: 3, minutes: 10, summary: "s",
    customer: Customer(name: "N", role: "R", patience: 6, trust: 4, prefers: Some(Executive),
        needs: [Need(id: "a", text: "A", weight: 2), Need(id: "b", text: "B"), Need(id: "c", text: "C")],
        objections: [Objection(id: "price", text: "P"), Objection(id: "time", text: "T")]),
    variants: [Variant(id: "one"), Variant(id: "two", trust: Some(2))],
    start: "n0",
    nodes: {{
{nodes}        "won": Ending(outcome: Won, say: "Deal"),
        "lost": Ending(outcome: Lost, say: "No"),
    }},
)"#
    )
}

fn bench_choose(budget: &Budget) {
    let file =
        parse_str(Path::new("bench.ron"), forty_node_scenario()).expect("bench scenario parses");
    assert_eq!(file.scenario.nodes.count(), 40);
    let scenario = Arc::new(file.scenario);
    let mut replies: u64 = 0;
    let mut conversations: u64 = 0;
    let mut in_choose = Duration::ZERO;
    let started = Instant::now();
    while started.elapsed() < budget.choose {
        let mut c = Conversation::start(
            Arc::clone(&scenario),
            conversations,
            None,
            Options::default(),
        )
        .expect("starts");
        let t = Instant::now();
        let mut turn = 0usize;
        while !c.is_over() {
            black_box(c.choose(turn % 3 + 1, None).expect("valid reply"));
            turn += 1;
        }
        in_choose += t.elapsed();
        replies += turn as u64;
        conversations += 1;
        black_box(&c);
    }
    let total = started.elapsed();
    println!("choose: {replies} replies in {conversations} conversations of a 40-node scenario");
    println!(
        "choose: {:.2} M replies/s inside choose, {:.2} M replies/s including Conversation::start (target >= 5 M/s)",
        replies as f64 / in_choose.as_secs_f64() / 1e6,
        replies as f64 / total.as_secs_f64() / 1e6
    );
}

fn bench_pack(budget: &Budget) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let examples: Vec<(String, String)> = std::fs::read_dir(&root)
        .expect("scenarios folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable");
            let stem = p.file_stem().expect("stem").to_string_lossy().into_owned();
            (stem, text)
        })
        .collect();
    assert!(!examples.is_empty());
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = dir.path().join("scenarios");
    std::fs::create_dir(&pack).expect("mkdir");
    for i in 0..budget.pack_copies {
        let (stem, text) = &examples[i % examples.len()];
        // Unique ids, so the copies are a valid pack rather than 98 duplicates.
        let copy = text.replacen(
            &format!("id: \"{stem}\""),
            &format!("id: \"{stem}-{i}\""),
            1,
        );
        std::fs::write(pack.join(format!("{stem}-{i}.ron")), copy).expect("write");
    }
    let mut best = Duration::MAX;
    for _ in 0..10 {
        let t = Instant::now();
        let report = black_box(validate_paths(std::slice::from_ref(&pack)));
        best = best.min(t.elapsed());
        assert_eq!(
            report.valid.len(),
            budget.pack_copies,
            "{}",
            report.summary()
        );
    }
    println!(
        "pack: load + validate of {} files (best of 10): {:.1} ms (target < 150 ms for 100)",
        budget.pack_copies,
        best.as_secs_f64() * 1e3
    );
}

fn bench_simulate(budget: &Budget) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let report = validate_paths(&[root]);
    let largest = report
        .valid
        .iter()
        .max_by_key(|f| (f.scenario.nodes.count(), f.source.len()))
        .expect("a shipped scenario");
    let scenario = Arc::new(largest.scenario.clone());
    let t = Instant::now();
    let result = population(&scenario, Player::Random, budget.plays, 0, &mut || {}).expect("plays");
    let elapsed = t.elapsed();
    println!(
        "simulate: {} random plays of {} ({} nodes) in {:.2} s, median overall {} (target < 2 s for 100 000)",
        budget.plays,
        scenario.id,
        scenario.nodes.count(),
        elapsed.as_secs_f64(),
        black_box(result).overall.median
    );
}

/// The exhaustive search behind `simulate`'s ranges and the seminar's best path, which the
/// decision-map screen runs once per seminar: the slowest shipped scenario.
fn bench_search() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let report = validate_paths(&[root]);
    let (slowest, time) = report
        .valid
        .iter()
        .map(|f| {
            let scenario = Arc::new(f.scenario.clone());
            let t = Instant::now();
            black_box(reach(&scenario)).expect("a reachable ending");
            (f.scenario.id.to_string(), t.elapsed())
        })
        .max_by_key(|(_, time)| *time)
        .expect("a shipped scenario");
    println!(
        "search: exhaustive best/worst paths, slowest shipped scenario {slowest}: {:.1} ms",
        time.as_secs_f64() * 1e3
    );
}

/// A full calibration as the studio recalibrates while the author types: the exhaustive search
/// over every variant, 10 000 random players and 1 000 of each style bot, on the scenario whose
/// calibration is slowest (target under 100 ms in release, on one core). Best of five runs, as
/// this shared machine's speed wanders.
fn bench_calibrate(runs: usize) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let report = validate_paths(&[root]);
    let calibrate = |scenario: &Arc<rapport_core::engine::scenario::Scenario>| {
        let t = Instant::now();
        black_box(reach(scenario)).expect("a reachable ending");
        let searched = t.elapsed();
        let t = Instant::now();
        black_box(population(scenario, Player::Random, 10_000, 1, &mut || {})).expect("plays");
        let random = t.elapsed();
        let t = Instant::now();
        for style in Style::ALL {
            black_box(population(
                scenario,
                Player::Stylist(style),
                1_000,
                1,
                &mut || {},
            ))
            .expect("plays");
        }
        [searched, random, t.elapsed()]
    };
    let total = |parts: &[Duration; 3]| parts.iter().sum::<Duration>();
    let mut slowest = (String::new(), Duration::ZERO, [Duration::ZERO; 3]);
    for f in &report.valid {
        let scenario = Arc::new(f.scenario.clone());
        let best = (0..runs)
            .map(|_| calibrate(&scenario))
            .min_by_key(total)
            .expect("at least one run");
        if total(&best) > slowest.1 {
            slowest = (f.scenario.id.to_string(), total(&best), best);
        }
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let [searched, random, bots] = slowest.2;
    println!(
        "calibrate: full calibration of {} (best of {runs}): {:.1} ms (search {:.1}, 10 000 random {:.1}, 3 000 bots {:.1}; target < 100 ms)",
        slowest.0,
        ms(slowest.1),
        ms(searched),
        ms(random),
        ms(bots)
    );
}

/// How long each part runs: `--quick` (CI, under the test profile) checks every assert in a
/// fraction of the time; the figures then say little.
struct Budget {
    choose: Duration,
    pack_copies: usize,
    plays: u64,
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let budget = if quick {
        Budget {
            choose: Duration::from_millis(200),
            pack_copies: 20,
            plays: 2_000,
        }
    } else {
        Budget {
            choose: Duration::from_secs(3),
            pack_copies: 100,
            plays: 100_000,
        }
    };
    bench_choose(&budget);
    bench_pack(&budget);
    bench_simulate(&budget);
    bench_search();
    bench_calibrate(if quick { 1 } else { 5 });
}
