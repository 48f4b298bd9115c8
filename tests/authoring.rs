//! The author's command-line tools: `fmt` rewrites a scenario canonically (keeping a `.bak`
//! when comments go) into a file that validates and plays exactly as before; `graph` draws
//! every node; `import twee` turns a story into a scenario that validates and plays, and
//! names what it could not map.

mod common;

use std::path::Path;

use common::{ok, rapport, text};

const CORE_FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/crates/core/tests/fixtures/twee"
);

#[test]
fn fmt_rewrites_canonically_and_the_scenario_plays_exactly_as_before() {
    let dir = tempfile::tempdir().expect("dir");
    let original = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/led-store-cafe-owner.ron");
    let copy = dir.path().join("cafe.ron");
    let source = std::fs::read_to_string(&original).expect("read");
    // A comment inside the scenario, which the canonical form cannot keep.
    let commented = source.replacen("    start:", "    // where it begins\n    start:", 1);
    std::fs::write(&copy, &commented).expect("write");
    let path = copy.to_str().expect("utf-8");

    let check = rapport(&["fmt", "--check", path]);
    assert_eq!(check.status.code(), Some(1));
    assert!(text(&check.stdout).contains("not in the canonical form"));
    let formatted = rapport(&["fmt", path]);
    assert!(ok(&formatted).contains("formatted"));
    assert!(text(&formatted.stderr).contains("comments after the header are dropped"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("cafe.ron.bak")).expect("backup"),
        commented
    );
    let canonical = std::fs::read_to_string(&copy).expect("read");
    assert!(
        canonical.starts_with("// Trade: a walk-in"),
        "the header comment stays"
    );
    assert!(!canonical.contains("where it begins"));
    ok(&rapport(&["fmt", "--check", path]));
    ok(&rapport(&["validate", "--strict", path]));
    let play = |file: &str| {
        ok(&rapport(&[
            "run",
            file,
            "--choices",
            "2,4,3,2,4,3,3",
            "--seed",
            "7",
            "--format",
            "json",
        ]))
    };
    assert_eq!(play(path), play(original.to_str().expect("utf-8")));
}

#[test]
fn graph_draws_every_node_in_dot_and_mermaid() {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/led-store-cafe-owner.ron"
    );
    let dot = ok(&rapport(&["graph", file]));
    assert!(dot.starts_with("digraph \"led-store-cafe-owner\""));
    let mermaid = ok(&rapport(&["graph", file, "--format", "mermaid"]));
    assert!(mermaid.starts_with("flowchart LR"));
    let nodes = dot
        .lines()
        .filter(|l| l.contains(" [label=") && !l.contains("->"))
        .count();
    assert!(nodes >= 10, "{nodes} nodes");
    assert_eq!(
        mermaid
            .lines()
            .filter(|l| l.trim_start().starts_with('n')
                && !l.contains("-->")
                && !l.contains("style"))
            .count(),
        nodes
    );
}

#[test]
fn a_twee_story_imports_to_a_scenario_that_validates_and_plays() {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("coffee.ron");
    let story = format!("{CORE_FIXTURES}/coffee-machine.twee");
    ok(&rapport(&[
        "import",
        "twee",
        &story,
        "--out",
        out.to_str().expect("utf-8"),
    ]));
    let ron = out.to_str().expect("utf-8");
    ok(&rapport(&["validate", "--strict", ron]));
    let played: serde_json::Value = serde_json::from_str(&ok(&rapport(&[
        "run",
        ron,
        "--choices",
        "1,1,1",
        "--format",
        "json",
    ])))
    .expect("json");
    assert_eq!(played["outcome"], "won");
    assert_eq!(played["scores"]["overall"], 100);

    let broken = rapport(&[
        "import",
        "twee",
        &format!("{CORE_FIXTURES}/unmappable.twee"),
    ]);
    assert_eq!(broken.status.code(), Some(1));
    let why = text(&broken.stderr);
    assert!(
        why.contains("unmappable.twee: passage \"Start\" line 8: link to \"Nowhere\""),
        "{why}"
    );
    assert!(
        text(&broken.stdout).starts_with("Scenario("),
        "the scenario is still written"
    );
}
