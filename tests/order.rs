//! The display order from the command line: `--order shown` picks what a player would see at
//! that key, results record the orders, `verify` re-draws them, and older results still verify.

mod common;

use std::path::Path;
use std::process::Output;

use common::{ok, rapport_in};
use serde_json::Value;

/// One node of three replies, each to its own ending.
const THREE_DOORS: &str = r#"Scenario(
    id: "three-doors", title: "Three doors", industry: "test", difficulty: 1, minutes: 1,
    summary: "S",
    customer: Customer(name: "N", role: "R", patience: 5, trust: 5,
        needs: [Need(id: "a", text: "A")], objections: []),
    start: "s",
    nodes: {
        "s": Node(say: "Hi", choices: [
            Choice(say: "First", effects: [Discover("a")], feedback: "f", next: Goto("won")),
            Choice(say: "Second", feedback: "f", next: Goto("lost")),
            Choice(say: "Third", feedback: "f", next: Goto("later")),
        ]),
        "won": Ending(outcome: Won, say: "Yes"),
        "lost": Ending(outcome: Lost, say: "No"),
        "later": Ending(outcome: FollowUp, say: "Later"),
    },
)"#;

#[test]
fn a_shown_position_is_the_reply_a_player_sees_at_that_key() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("three-doors.ron");
    std::fs::write(&file, THREE_DOORS).expect("write");
    let file = file.to_str().expect("path");
    let run = |seed: u64, order: &str, choice: usize| -> Value {
        let seed = seed.to_string();
        let choice = choice.to_string();
        let args = [
            "run",
            file,
            "--seed",
            &seed,
            "--order",
            order,
            "--choices",
            &choice,
            "--format",
            "json",
        ];
        serde_json::from_str(&ok(&rapport_in(dir.path(), &args))).expect("json")
    };
    let mut first_shown = [0; 3];
    for seed in 0..60 {
        let shown = run(seed, "shown", 1);
        let authored = shown["transcript"][0]["choice"].as_u64().expect("choice") as usize;
        first_shown[authored - 1] += 1;
        // The same reply, named by its authored position.
        let same = run(seed, "authored", authored);
        assert_eq!(
            same["transcript"][0]["reply"],
            shown["transcript"][0]["reply"]
        );
        assert_eq!(same["outcome"], shown["outcome"]);
    }
    // Key 1 shows each reply about a third of the time; none always.
    assert!(first_shown.iter().all(|&n| n >= 8), "{first_shown:?}");
}

/// A seminar with two participants who played the same best line of the LED store.
fn seminar_results(data: &Path) -> Vec<String> {
    let created = ok(&rapport_in(
        data,
        &[
            "seminar",
            "new",
            "--title",
            "Order day",
            "--scenario",
            "led-store-cafe-owner",
            "--seed",
            "7",
        ],
    ));
    let id = created.split('\t').next().expect("id").to_owned();
    ["Ann", "Ben"]
        .iter()
        .map(|player| {
            let args = [
                "seminar",
                "play",
                &id,
                "--player",
                player,
                "--choices",
                "2,4,3,2,4,3,3",
            ];
            ok(&rapport_in(data, &args)).trim().to_owned()
        })
        .collect()
}

fn read(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("result")).expect("json")
}

fn verify(data: &Path, value: &Value) -> Output {
    let path = data.join("edited.json");
    std::fs::write(&path, serde_json::to_string_pretty(value).expect("json")).expect("write");
    rapport_in(data, &["verify", path.to_str().expect("path")])
}

#[test]
fn results_record_each_participants_own_order_and_verify_redraws_it() {
    let dir = tempfile::tempdir().expect("dir");
    let files = seminar_results(dir.path());
    let (ann, ben) = (read(&files[0]), read(&files[1]));
    assert_eq!(ann["format"], 2);
    let orders = |v: &Value| v["orders"].as_array().expect("orders").clone();
    assert_eq!(orders(&ann).len(), 7, "one order per reply");
    // The same variant and replies, but each participant saw an order of their own.
    assert_eq!(ann["report"]["variant"], ben["report"]["variant"]);
    let differ = orders(&ann)
        .iter()
        .zip(orders(&ben))
        .filter(|(a, b)| *a != b)
        .count();
    assert!(
        differ >= 4,
        "only {differ} of 7 turns were shown differently"
    );
    let out = ok(&rapport_in(dir.path(), &["verify", &files[0]]));
    assert!(out.trim_end().ends_with(": genuine"), "{out}");

    // An edited order is refused, naming the reply.
    let mut edited = ann.clone();
    let first = edited["orders"][0].as_array_mut().expect("order");
    first.swap(0, 1);
    let out = verify(dir.path(), &edited);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("the reply order at reply 1 is not the one the seed gives"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // Stripping the orders of a new result does not pass it off as an old one.
    let mut stripped = ann.clone();
    stripped.as_object_mut().expect("object").remove("orders");
    assert_eq!(verify(dir.path(), &stripped).status.code(), Some(1));
}

#[test]
fn a_result_written_before_orders_were_recorded_still_verifies_and_says_so() {
    let dir = tempfile::tempdir().expect("dir");
    let files = seminar_results(dir.path());
    // What version 1 wrote: no orders, no order seed, format 1, replies in authored order.
    let mut old = read(&files[0]);
    let fields = old.as_object_mut().expect("object");
    fields.remove("orders");
    fields.remove("order_seed");
    fields.insert("format".into(), 1.into());
    let out = verify(dir.path(), &old);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains(": genuine"), "{text}");
    assert!(
        text.contains("note: written before reply orders were recorded"),
        "{text}"
    );
}
