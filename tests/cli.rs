//! The command line as users call it: exit codes, JSON keys, hand-computed scores and refused files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn rapport(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("rapport runs")
}

fn fixture() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/spec-check.ron")
        .display()
        .to_string()
}

fn run_json(extra: &[&str]) -> Value {
    let file = fixture();
    let mut args = vec!["run", file.as_str(), "--format", "json"];
    args.extend_from_slice(extra);
    let out = rapport(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn run_json_has_every_key_of_the_contract() {
    let v = run_json(&["--choices", "1,1,1", "--variant", "normal"]);
    for key in [
        "scenario",
        "seed",
        "variant",
        "outcome",
        "ending",
        "scores",
        "style",
        "final",
        "needs",
        "objections",
        "transcript",
    ] {
        assert!(v.get(key).is_some(), "missing key {key}");
    }
    for key in [
        "needs_discovery",
        "objection_handling",
        "closing",
        "overall",
    ] {
        assert!(v["scores"].get(key).is_some(), "missing scores.{key}");
    }
    for key in ["melancholic", "erudite", "executive"] {
        assert!(
            v["style"]["shares"][key].is_f64(),
            "missing style.shares.{key}"
        );
    }
    assert!(v["style"]["label"].is_string());
    assert!(v["final"]["patience"].is_i64() && v["final"]["trust"].is_i64());
    assert!(v["needs"]["discovered"].is_array() && v["needs"]["missed"].is_array());
    let first = &v["transcript"][0];
    assert_eq!(first["node"], "s1");
    assert_eq!(first["choice"], 1);
    assert!(first["latency_ms"].is_null());
}

#[test]
fn a_follow_up_with_a_recovered_objection_scores_as_worked_out_by_hand() {
    let v = run_json(&["--choices", "1,1,1", "--variant", "normal", "--seed", "7"]);
    assert_eq!(v["scenario"], "spec-check");
    assert_eq!(v["seed"], 7);
    assert_eq!(v["variant"], "normal");
    assert_eq!(v["outcome"], "follow_up");
    assert_eq!(v["ending"], "follow");
    // needs: a (2 of 4) = 50; objections: price resolved 1 + time recovered 0.5 of 2 = 75;
    // closing: follow-up 60; overall (50 + 75 + 60) / 3 = 61.67 -> 62
    assert_eq!(v["scores"]["needs_discovery"], 50);
    assert_eq!(v["scores"]["objection_handling"], 75);
    assert_eq!(v["scores"]["closing"], 60);
    assert_eq!(v["scores"]["overall"], 62);
    assert_eq!(v["objections"]["price"], "resolved");
    assert_eq!(v["objections"]["time"], "recovered");
    assert_eq!(v["needs"]["discovered"], serde_json::json!(["a"]));
    assert_eq!(v["needs"]["missed"], serde_json::json!(["b", "c"]));
    // erudite 2 of 3 points (plus melancholic 1): erudite
    assert_eq!(v["style"]["label"], "erudite");
    let erudite = v["style"]["shares"]["erudite"].as_f64().expect("share");
    assert!((erudite - 2.0 / 3.0).abs() < 1e-9);
    // trust 3 +1 (preferred) +1 (preferred) = 5; patience 5 -1 (effect) -1 (drawn-out talk) = 3
    assert_eq!(v["final"]["trust"], 5);
    assert_eq!(v["final"]["patience"], 3);
    assert_eq!(v["style"]["fit"], "matches");
}

#[test]
fn a_win_with_a_closing_penalty_and_a_pre_empted_objection() {
    let v = run_json(&["--choices", "1,2,1", "--variant", "normal"]);
    assert_eq!(v["outcome"], "won");
    // needs a + b = 3 of 4 = 75; price resolved, time resolved before being raised = 100;
    // closing 100 - 15 = 85; overall 86.67 -> 87
    assert_eq!(v["scores"]["needs_discovery"], 75);
    assert_eq!(v["scores"]["objection_handling"], 100);
    assert_eq!(v["scores"]["closing"], 85);
    assert_eq!(v["scores"]["overall"], 87);
    assert_eq!(v["objections"]["time"], "resolved");
    let adjustments = &v["explanation"]["closing"]["adjustments"];
    assert_eq!(adjustments[0]["points"], -15);
    assert_eq!(adjustments[0]["by"]["turn"], 2);
    assert_eq!(v["explanation"]["needs"][1]["discovered_by"]["node"], "s2");
}

#[test]
fn a_hidden_reply_appears_once_its_condition_holds() {
    // s3 choice 2 discovers c and returns to s2, where the third reply is now shown.
    let v = run_json(&["--choices", "1,2,2,3", "--variant", "normal"]);
    assert_eq!(v["outcome"], "won");
    assert_eq!(v["scores"]["needs_discovery"], 100);
    // price resolved; time never came up
    assert_eq!(v["scores"]["objection_handling"], 100);
    assert!(v["objections"].get("time").is_none());
}

#[test]
fn a_tired_customer_walks_out() {
    let v = run_json(&["--choices", "1,1", "--variant", "tired"]);
    assert_eq!(v["outcome"], "walked_out");
    assert!(v["ending"].is_null());
    assert_eq!(v["final"]["patience"], 0);
    // needs 50; price resolved, time mishandled = 50; closing 0; overall 33.33 -> 33
    assert_eq!(v["scores"]["needs_discovery"], 50);
    assert_eq!(v["scores"]["objection_handling"], 50);
    assert_eq!(v["scores"]["closing"], 0);
    assert_eq!(v["scores"]["overall"], 33);
    // erudite 1, melancholic 1 + 1 for the walk-out
    assert_eq!(v["style"]["label"], "melancholic");
    assert_eq!(v["transcript"][0]["customer"], "Make it quick.");
}

#[test]
fn objection_handling_is_null_when_nothing_was_raised() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(fixture()).expect("fixture");
    let quiet = text
        .replace("on_enter: [Raise(\"price\")],", "")
        .replace("Resolve(\"price\")", "Trust(0)")
        .replace("Mishandle(\"time\"), ", "")
        .replace("effects: [Resolve(\"time\")]", "effects: []");
    let path = dir.path().join("quiet.ron");
    std::fs::write(&path, quiet).expect("write");
    let out = rapport(&[
        "run",
        path.to_str().expect("utf-8 path"),
        "--choices",
        "1,2,1",
        "--variant",
        "normal",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(v["scores"]["objection_handling"].is_null());
    // overall = mean of needs 75 and closing 85 = 80
    assert_eq!(v["scores"]["overall"], 80);
    assert_eq!(v["objections"], serde_json::json!({}));
}

#[test]
fn a_seed_draws_the_same_variant_every_time() {
    let a = run_json(&["--choices", "1,2,1", "--seed", "123456"]);
    let b = run_json(&["--choices", "1,2,1", "--seed", "123456"]);
    assert_eq!(a, b);
}

#[test]
fn scripts_that_do_not_fit_exit_2_naming_the_node_and_range() {
    let file = fixture();
    let out = rapport(&["run", &file, "--choices", "1,4", "--variant", "normal"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("at node \"s2\": choice 4 is out of range (valid: 1..=2)"),
        "{}",
        stderr(&out)
    );

    let out = rapport(&["run", &file, "--choices", "1", "--variant", "normal"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("ran out after 1 at node \"s2\""),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("1..=2"), "{}", stderr(&out));

    let out = rapport(&["run", &file, "--choices", "1,2,1,1", "--variant", "normal"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("1 of 4 choices left over"),
        "{}",
        stderr(&out)
    );

    // Zero is a choice out of range too: named with the node and range, not as junk.
    let out = rapport(&["run", &file, "--choices", "0", "--variant", "normal"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("choice 0 is out of range (valid: 1..="),
        "{}",
        stderr(&out)
    );

    let out = rapport(&["run", &file, "--choices", "1,two"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("\"two\""), "{}", stderr(&out));

    let out = rapport(&["run", &file, "--choices", "1", "--variant", "sleepy"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown variant \"sleepy\"; this scenario has: normal, tired"));

    let out = rapport(&["run", &file]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a missing --choices is a bad invocation"
    );
}

/// Numbers the spec leaves open (big effects, a need of weight 0, an ending's closing above
/// 100) are warnings for the author, and `run` plays them by the spec's rules.
#[test]
fn numbers_the_spec_leaves_open_still_play() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("open.ron");
    std::fs::write(
        &file,
        r#"Scenario(
    id: "open-numbers", title: "Open", industry: "x", difficulty: 1, minutes: 0, summary: "S",
    customer: Customer(name: "N", role: "R", patience: 5, trust: 5,
        needs: [Need(id: "a", text: "A", weight: 3), Need(id: "b", text: "B", weight: 0)],
        objections: []),
    start: "s",
    nodes: {
        "s": Node(say: "Hi", choices: [
            Choice(say: "x", effects: [Discover("a"), Trust(25), Closing(-150)], feedback: "f",
                next: Goto("won")),
            Choice(say: "y", effects: [Patience(-20)], feedback: "f", next: Goto("won")),
        ]),
        "won": Ending(outcome: Won, say: "Deal", closing: Some(130)),
    },
)"#,
    )
    .expect("write");
    let path = file.to_str().expect("path");
    let strict = rapport(&["validate", "--strict", path]);
    assert_eq!(strict.status.code(), Some(1), "warnings fail --strict");
    assert!(String::from_utf8_lossy(&strict.stdout).contains("0 with errors"));

    let out = rapport(&["run", path, "--choices", "1", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    // Weight 0 does not count; trust clamps to 10; closing clamp(130 − 150) = 0.
    assert_eq!(v["scores"]["needs_discovery"], 100);
    assert_eq!(v["final"]["trust"], 10);
    assert_eq!(v["scores"]["closing"], 0);
    assert_eq!(v["scores"]["overall"], 50);

    let out = rapport(&["run", path, "--choices", "2", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["outcome"], "walked_out");
    assert_eq!(v["final"]["patience"], 0);
}

#[test]
fn a_game_option_before_a_subcommand_is_refused_not_dropped() {
    let out = rapport(&["--seal-key", "recruiter.key", "verify", "x.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--seal-key before the subcommand"),
        "{}",
        stderr(&out)
    );
    // The data folder is everyone's option.
    let out = rapport(&["--data-dir", "unused", "validate", "scenarios"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// `rapport run … | head` must not crash when the reader has already gone.
#[test]
fn a_closed_stdout_is_not_a_crash() {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let status = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args([
            "run",
            &fixture(),
            "--choices",
            "1,1,1",
            "--variant",
            "normal",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(writer)
        .status()
        .expect("rapport runs");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn an_invalid_scenario_exits_1_with_file_and_position() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(fixture()).expect("fixture");
    let path = dir.path().join("broken.ron");
    std::fs::write(&path, text.replace("Goto(\"s2\")", "Goto(\"nowhere\")")).expect("write");
    let out = rapport(&["run", path.to_str().expect("path"), "--choices", "1"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    // Both places that lead nowhere, each at the line and column of its node.
    assert!(
        err.contains("broken.ron:32:9: error: node \"s1\": choice 1 leads to \"nowhere\""),
        "{err}"
    );
    assert!(
        err.contains("broken.ron:51:9: error: node \"s3\": choice 2 leads to \"nowhere\""),
        "{err}"
    );

    // The game refuses it the same way before any window opens.
    let data = dir.path().join("data");
    let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["--scenario", path.to_str().expect("path"), "--data-dir"])
        .arg(&data)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("rapport runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("broken.ron:32:9: error: node \"s1\": choice 1 leads to \"nowhere\""),
        "{}",
        stderr(&out)
    );

    let out = rapport(&["run", "no/such/file.ron", "--choices", "1"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn text_output_tells_the_conversation_then_the_scores_with_reasons() {
    let file = fixture();
    let out = rapport(&["run", &file, "--choices", "1,2,1", "--variant", "normal"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for expected in [
        "Pat: Hello.",
        "You (1, key 1, erudite): Analyse",
        "Outcome: won",
        "Needs discovery      75",
        "c (weight 1): missed",
        "-15 by reply 2",
        "Style: erudite",
        "Fit: matches",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
}

fn write_pack(dir: &Path, files: &[(&str, &str)]) -> PathBuf {
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("write");
    }
    dir.to_owned()
}

#[test]
fn validate_reports_every_bad_file_and_carries_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = std::fs::read_to_string(fixture()).expect("fixture");
    let pack = write_pack(
        dir.path(),
        &[
            ("a-good.ron", &good),
            ("b-syntax.ron", "Scenario(id: \"x\",\n  title: oops"),
            ("c-empty.ron", ""),
            ("d-deep.ron", &"(".repeat(100_000)),
            (
                "e-warn.ron",
                &good
                    .replace("id: \"spec-check\"", "id: \"spec-warn\"")
                    .replace("feedback: \"f\", next: Goto(\"s2\")", "next: Goto(\"s2\")"),
            ),
        ],
    );
    let out = rapport(&["validate", pack.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("b-syntax.ron:2:"), "{text}");
    assert!(text.contains("c-empty.ron: error: file is empty"), "{text}");
    assert!(
        text.contains("d-deep.ron:1:65: error: nested more than 64 levels"),
        "{text}"
    );
    assert!(
        text.contains("e-warn.ron:") && text.contains("has no feedback"),
        "{text}"
    );
    assert!(
        text.trim_end()
            .ends_with("checked 5 files: 2 valid, 3 with errors, 2 warnings"),
        "{text}"
    );
}

#[test]
fn validate_strict_fails_on_warnings_only_when_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = std::fs::read_to_string(fixture()).expect("fixture");
    let warned = good.replace("feedback: \"f\", next: Goto(\"s2\")", "next: Goto(\"s2\")");
    let path = write_pack(dir.path(), &[("w.ron", &warned)]);
    assert_eq!(
        rapport(&["validate", path.to_str().expect("path")])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        rapport(&["validate", "--strict", path.to_str().expect("path")])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn the_shipped_pack_passes_strict_validation_by_default() {
    let out = rapport(&["validate", "--strict"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains(" 0 with errors, 0 warnings"), "{text}");
}
