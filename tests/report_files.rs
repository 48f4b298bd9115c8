//! What the recruiters' and trainers' files say about hostile input: names with commas,
//! quotes and markup are quoted in the CSV and escaped in the HTML, and an edited result is
//! reported as a mismatch in its row. Also `simulate` from the command line.

mod common;

use std::path::{Path, PathBuf};

use common::{rapport, text};
use serde_json::Value;

/// An assessment result for `player`, played from a script that fits the shipped assessment.
fn assessed(data: &Path, player: &str) -> PathBuf {
    let script = data.join("script.txt");
    std::fs::write(
        &script,
        "4,2,3,4,3,4,4\n2,4,3,2,4,3,3\n3,3,4,3,3,4,3,4\n4,1,4,1,3,3\n",
    )
    .expect("script");
    let out = rapport(&[
        "assess",
        "account-manager-screening",
        "--player",
        player,
        "--script",
        script.to_str().expect("path"),
        "--data-dir",
        data.to_str().expect("path"),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    PathBuf::from(text(&out.stdout).trim())
}

#[test]
fn hostile_names_are_quoted_in_the_csv_and_escaped_in_the_html() {
    let dir = tempfile::tempdir().expect("dir");
    let name = "Lee, \"Ann\" <b>&amp;";
    let result = assessed(dir.path(), name);
    let (csv, html) = (dir.path().join("r.csv"), dir.path().join("r.html"));
    let out = rapport(&[
        "report",
        result.to_str().expect("path"),
        "--csv",
        csv.to_str().expect("path"),
        "--html",
        html.to_str().expect("path"),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = std::fs::read_to_string(&csv).expect("csv");
    let row = table.lines().nth(1).expect("a row");
    assert!(
        row.starts_with("\"Lee, \"\"Ann\"\" <b>&amp;\","),
        "the name is one quoted cell: {row}"
    );
    let page = std::fs::read_to_string(&html).expect("html");
    assert!(
        page.contains("Lee, &quot;Ann&quot; &lt;b&gt;&amp;amp;"),
        "escaped once"
    );
    assert!(
        !page.contains("<b>&amp;"),
        "no markup from a name reaches the page"
    );
}

#[test]
fn an_edited_result_is_a_mismatch_in_its_row() {
    let dir = tempfile::tempdir().expect("dir");
    let genuine = assessed(dir.path(), "Gina Genuine");
    let mut edited: Value =
        serde_json::from_str(&std::fs::read_to_string(&genuine).expect("result")).expect("json");
    edited["candidate"] = "Eddie Edited".into();
    edited["records"][0]["report"]["scores"]["overall"] = 99.into();
    let forged = dir.path().join("forged.json");
    std::fs::write(&forged, edited.to_string()).expect("write");
    let csv = dir.path().join("r.csv");
    let out = rapport(&[
        "report",
        genuine.to_str().expect("path"),
        forged.to_str().expect("path"),
        "--csv",
        csv.to_str().expect("path"),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = std::fs::read_to_string(&csv).expect("csv");
    let row = |who: &str| {
        table
            .lines()
            .find(|l| l.starts_with(who))
            .unwrap_or_else(|| panic!("no row for {who} in {table}"))
            .to_owned()
    };
    assert!(row("Gina Genuine").contains(",genuine,"), "{table}");
    let forged_row = row("Eddie Edited");
    assert!(forged_row.contains("MISMATCH: "), "{forged_row}");
    assert!(forged_row.contains("overall differs"), "{forged_row}");
}

#[test]
fn simulate_reports_reach_random_players_bots_and_positional_players() {
    let fixture = "tests/fixtures/spec-check.ron";
    let out = rapport(&["simulate", fixture, "--players", "300", "--format", "json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    let c = &json[0];
    assert_eq!(c["scenario"], "spec-check");
    assert_eq!(c["random"]["plays"], 300);
    assert_eq!(c["bots"].as_array().map(Vec::len), Some(3));
    let positions: Vec<u64> = c["positional"]
        .as_array()
        .expect("positional players")
        .iter()
        .map(|p| p["position"].as_u64().expect("position"))
        .collect();
    assert_eq!(positions, vec![1, 2, 3, 4]);
    let best: Vec<u64> = c["reach"]["best"]["choices"]
        .as_array()
        .expect("best path")
        .iter()
        .map(|v| v.as_u64().expect("choice"))
        .collect();
    // The best path is a script `run` accepts and it scores what simulate says.
    let choices: Vec<String> = best.iter().map(ToString::to_string).collect();
    let mut args = vec!["run", fixture, "--format", "json", "--choices"];
    let list = choices.join(",");
    args.push(&list);
    let variant = c["reach"]["best"]["variant"].as_str().map(str::to_owned);
    if let Some(v) = &variant {
        args.extend(["--variant", v]);
    }
    let run: Value = serde_json::from_slice(&rapport(&args).stdout).expect("run json");
    assert_eq!(
        run["scores"]["overall"],
        c["reach"]["best"]["scores"]["overall"]
    );
    let text_out = text(&rapport(&["simulate", fixture, "--players", "50"]).stdout);
    assert!(text_out.contains("positional players"), "{text_out}");
    let broken = tempfile::NamedTempFile::new().expect("temp");
    std::fs::write(broken.path(), "Scenario(").expect("write");
    let out = rapport(&["simulate", broken.path().to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
}
