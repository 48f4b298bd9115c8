//! Seminars from the command line: three scripted participants, the board and decision-map
//! counts as JSON, the export, and a tampered import refused.

mod common;

use common::{ok, rapport_in};
use serde_json::Value;

// Authored positions among the replies shown at seed 7: Ann wins with 100, Ben wins by
// another line, Cleo rambles until the customer walks out.
const ANN: &str = common::ANN.1;
const BEN: &str = common::BEN.1;
const CLEO: &str = common::CLEO.1;

#[test]
fn a_seminar_of_three_scripted_participants() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path();
    let created = ok(&rapport_in(
        data,
        &[
            "seminar",
            "new",
            "--title",
            "Retail day",
            "--scenario",
            "led-store-cafe-owner",
            "--seed",
            "7",
            "--participant",
            "Ann",
        ],
    ));
    let id = created.split('\t').next().expect("id").to_owned();
    let scripts = [("Ann", ANN), ("Ben", BEN), ("Cleo", CLEO)];
    let mut files = Vec::new();
    for (player, choices) in scripts {
        let path = ok(&rapport_in(
            data,
            &[
                "seminar",
                "play",
                &id,
                "--player",
                player,
                "--choices",
                choices,
            ],
        ));
        files.push(path.trim().to_owned());
    }

    let board: Value = serde_json::from_str(&ok(&rapport_in(
        data,
        &["seminar", "board", &id, "--format", "json"],
    )))
    .expect("json");
    assert_eq!(
        board["participants"],
        serde_json::json!(["Ann", "Ben", "Cleo"])
    );
    let scenario = &board["scenarios"][0];
    let rows = scenario["board"]["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 3);
    // Not the files the board was built from: each script played alone by `run`, outside any
    // seminar, and Ann's line known by hand to score 100 on every competency.
    let scenario_file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/led-store-cafe-owner.ron"
    );
    for (row, (player, choices)) in rows.iter().zip(scripts) {
        let alone: Value = serde_json::from_str(&ok(&rapport_in(
            data,
            &[
                "run",
                scenario_file,
                "--choices",
                choices,
                "--seed",
                "7",
                "--format",
                "json",
            ],
        )))
        .expect("json");
        assert_eq!(row["player"], player);
        assert_eq!(row["scores"], alone["scores"], "{player}'s board row");
        assert_eq!(row["style"], alone["style"]["label"], "{player}'s style");
    }
    assert_eq!(
        rows[0]["scores"],
        serde_json::json!({"needs_discovery": 100, "objection_handling": 100, "closing": 100, "overall": 100})
    );
    assert_eq!(rows[2]["style"], "melancholic");
    // Each participant's first reply at the greeting is counted once, by name.
    let nodes = scenario["decision_map"]["nodes"].as_array().expect("nodes");
    let greeting = nodes
        .iter()
        .find(|n| n["id"] == "greeting")
        .expect("greeting");
    let chosen: Vec<&Value> = greeting["replies"]
        .as_array()
        .expect("replies")
        .iter()
        .map(|r| &r["chosen_by"])
        .filter(|who| who.as_array().is_some_and(|w| !w.is_empty()))
        .collect();
    // The three chose three different replies there.
    assert_eq!(chosen.len(), 3, "{chosen:?}");
    for player in ["Ann", "Ben", "Cleo"] {
        let json = serde_json::json!([player]);
        assert_eq!(chosen.iter().filter(|who| ***who == json).count(), 1);
    }
    let total: usize = nodes
        .iter()
        .flat_map(|n| n["replies"].as_array().expect("replies"))
        .map(|r| r["chosen_by"].as_array().map_or(0, Vec::len))
        .sum();
    // Ann and Ben each took 7 distinct replies; Cleo took 2 distinct ones (one of them twice).
    assert_eq!(total, 7 + 7 + 2);
    assert_eq!(scenario["decision_map"]["best_overall"], 100);

    let csv = dir.path().join("group.csv");
    let html = dir.path().join("group.html");
    ok(&rapport_in(
        data,
        &[
            "seminar",
            "export",
            &id,
            "--csv",
            csv.to_str().expect("p"),
            "--html",
            html.to_str().expect("p"),
        ],
    ));
    let table = std::fs::read_to_string(&csv).expect("csv");
    assert_eq!(table.lines().count(), 4);
    assert!(
        table
            .lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("Ann,") || l.starts_with("Ben,"))
    );
    assert!(
        std::fs::read_to_string(&html)
            .expect("html")
            .contains("<svg")
    );

    // A result edited on another machine is refused, and the seminar is unchanged.
    let mut edited: Value =
        serde_json::from_str(&std::fs::read_to_string(&files[2]).expect("file")).expect("json");
    edited["player"] = "Dora".into();
    edited["report"]["scores"]["overall"] = 90.into();
    let forged = dir.path().join("forged.json");
    std::fs::write(&forged, serde_json::to_string(&edited).expect("json")).expect("write");
    let out = rapport_in(
        data,
        &["seminar", "import", &id, forged.to_str().expect("p")],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("refused: not genuine"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let again: Value = serde_json::from_str(&ok(&rapport_in(
        data,
        &["seminar", "board", &id, "--format", "json"],
    )))
    .expect("json");
    assert_eq!(
        again["participants"],
        serde_json::json!(["Ann", "Ben", "Cleo"])
    );

    // A genuine result from another machine is accepted.
    let other = tempfile::tempdir().expect("dir");
    let other_id = ok(&rapport_in(
        other.path(),
        &[
            "seminar",
            "new",
            "--title",
            "Laptop",
            "--scenario",
            "led-store-cafe-owner",
            "--seed",
            "7",
        ],
    ))
    .split('\t')
    .next()
    .expect("id")
    .to_owned();
    let elsewhere = ok(&rapport_in(
        other.path(),
        &[
            "seminar",
            "play",
            &other_id,
            "--player",
            "Dora",
            "--choices",
            ANN,
        ],
    ));
    ok(&rapport_in(
        data,
        &["seminar", "import", &id, elsewhere.trim()],
    ));
    let last: Value = serde_json::from_str(&ok(&rapport_in(
        data,
        &["seminar", "board", &id, "--format", "json"],
    )))
    .expect("json");
    assert_eq!(
        last["scenarios"][0]["board"]["rows"]
            .as_array()
            .map(Vec::len),
        Some(4)
    );
}
