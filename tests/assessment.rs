//! Recruiters' tools from the command line: a killed assessment resumes to the same result,
//! every kind of tampering is caught by `verify`, `report` matches the files, and a malformed
//! definition is refused.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rapport_core::assessment::{AssessmentResult, chain};
use serde_json::Value;

const DEFINITION: &str = "assessments/account-manager-screening.ron";
/// The practice, then the three scored customers; each line is valid for the assessment's seeds.
const SCRIPT: &str = "4,2,3,4,3,4,4\n2,4,3,2,4,3,3\n3,3,4,3,3,4,3,4\n4,1,4,1,3,3\n";

fn rapport() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rapport"));
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

fn run(args: &[&str]) -> Output {
    rapport().args(args).output().expect("rapport runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `rapport assess` for Dana with a script and a data folder, plus `extra` arguments.
fn assess_command(data: &Path, script: &Path, extra: &[&str]) -> Command {
    let mut command = rapport();
    command
        .args([
            "assess",
            DEFINITION,
            "--player",
            "Dana Candidate",
            "--script",
        ])
        .arg(script)
        .arg("--data-dir")
        .arg(data)
        .args(extra);
    command
}

fn assess(data: &Path, script: &Path, extra: &[&str]) -> Output {
    assess_command(data, script, extra)
        .output()
        .expect("rapport runs")
}

fn finished(dir: &Path) -> PathBuf {
    let script = dir.join("script.txt");
    std::fs::write(&script, SCRIPT).expect("script");
    let out = assess(dir, &script, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    PathBuf::from(text(&out.stdout).trim())
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("readable")).expect("JSON")
}

/// Everything but the wall-clock times (and the chain, which seals them).
fn substance(v: &Value) -> Value {
    let mut v = v.clone();
    for key in ["started_at", "finished_at", "chain"] {
        v.as_object_mut().expect("object").remove(key);
    }
    v
}

#[test]
fn a_killed_assessment_resumes_to_the_uninterrupted_result() {
    let whole = tempfile::tempdir().expect("dir");
    let reference = json(&finished(whole.path()));
    assert_eq!(reference["records"].as_array().map(Vec::len), Some(3));
    // Killed after the first reply, mid-way through a part, before the last reply, and after
    // every reply but before the result was saved.
    for replies in [1, 12, 27, 28] {
        let dir = tempfile::tempdir().expect("dir");
        let script = dir.path().join("script.txt");
        std::fs::write(&script, SCRIPT).expect("script");
        let after = replies.to_string();
        let out = assess(dir.path(), &script, &["--abort-after", &after]);
        assert_ne!(
            out.status.code(),
            Some(0),
            "the run was not cut after {replies}"
        );
        let journal = dir.path().join("journal");
        assert_eq!(
            journal_lines(&journal),
            replies + 1,
            "the start and each reply journaled"
        );
        let began = journal_start(&journal);

        let out = assess(dir.path(), &script, &[]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let resumed_path = PathBuf::from(text(&out.stdout).trim());
        let resumed = json(&resumed_path);
        // The same result, and the start time of the run that was killed, not a fresh one.
        assert_eq!(substance(&resumed), substance(&reference));
        assert_eq!(resumed["started_at"], began, "cut after {replies}");
        let check = run(&["verify", resumed_path.to_str().expect("path")]);
        assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
        assert_eq!(journal_lines(&journal), 0, "journal removed");
    }
}

/// The start time the journal of `folder` recorded.
fn journal_start(folder: &Path) -> Value {
    let entry = std::fs::read_dir(folder)
        .expect("journal folder")
        .next()
        .expect("a journal")
        .expect("entry");
    let text = std::fs::read_to_string(entry.path()).expect("journal");
    let begin: Value =
        serde_json::from_str(text.lines().next().expect("a first line")).expect("json");
    begin["started_at"].clone()
}

/// Lines in the one journal of `folder` (0 while it does not exist yet).
fn journal_lines(folder: &Path) -> usize {
    std::fs::read_dir(folder)
        .ok()
        .and_then(|mut d| d.next())
        .and_then(|e| e.ok())
        .and_then(|e| std::fs::read_to_string(e.path()).ok())
        .map_or(0, |text| text.lines().count())
}

/// An edit made to a result file.
type Tamper = Box<dyn Fn(&mut Value)>;

#[test]
fn verify_accepts_a_genuine_result_and_names_every_kind_of_tampering() {
    let dir = tempfile::tempdir().expect("dir");
    let path = finished(dir.path());
    let out = run(&["verify", path.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("genuine"));

    let original = json(&path);
    let cases: Vec<(&str, Tamper, &str)> = vec![
        (
            "consent",
            Box::new(|v| v["consent"]["retention"] = "forever".into()),
            "the consent recorded (data controller, retention) is not the assessment's",
        ),
        (
            "score",
            Box::new(|v| v["records"][0]["report"]["scores"]["overall"] = 55.into()),
            "record 1 (led-store-cafe-owner): overall differs",
        ),
        (
            "style",
            Box::new(|v| v["records"][1]["report"]["style"]["label"] = "erudite".into()),
            "record 2 (complaint-retention-isp): the style differs",
        ),
        (
            "outcome",
            Box::new(|v| v["records"][2]["report"]["outcome"] = "lost".into()),
            "record 3 (cold-call-logistics): the outcome differs",
        ),
        (
            "scenario hash",
            Box::new(|v| v["records"][0]["scenario_hash"] = "00".into()),
            "hash differs",
        ),
        (
            "missing scenario",
            Box::new(|v| v["records"][0]["scenario"] = "retired-customer".into()),
            "\"retired-customer\" is missing from the pack",
        ),
        (
            "chain",
            Box::new(|v| v["chain"][2] = "ff".into()),
            "chain is broken at record 3",
        ),
        (
            "deleted record",
            Box::new(|v| {
                v["records"].as_array_mut().expect("records").remove(1);
            }),
            "the records (led-store-cafe-owner, cold-call-logistics) are not the assessment's scenarios",
        ),
        (
            "transcript",
            Box::new(|v| v["records"][0]["report"]["transcript"][0]["choice"] = 3.into()),
            "record 1 (led-store-cafe-owner)",
        ),
        (
            "totals",
            Box::new(|v| v["totals"]["scores"]["overall"] = 99.into()),
            "totals do not match",
        ),
        (
            "extra time",
            Box::new(|v| v["extra_time"] = 2.0.into()),
            "record 1 (led-store-cafe-owner): the slow-reply threshold does not follow the extra time",
        ),
        (
            "dropped last record",
            Box::new(|v| {
                v["records"].as_array_mut().expect("records").pop();
                v["chain"].as_array_mut().expect("chain").pop();
            }),
            "the records (led-store-cafe-owner, complaint-retention-isp) are not the assessment's scenarios",
        ),
        (
            "record variant",
            Box::new(|v| v["records"][0]["variant"] = "lunch-rush".into()),
            "record 1 (led-store-cafe-owner): the recorded variant is not the one the seed draws",
        ),
        (
            "start and finish",
            Box::new(|v| v["finished_at"] = 0.into()),
            "it finishes before it starts",
        ),
        (
            "start time",
            Box::new(|v| v["started_at"] = 1.into()),
            "the hash chain is broken at record 1",
        ),
        (
            "time-out mark",
            Box::new(|v| v["records"][1]["timed_out"] = true.into()),
            "record 2 (complaint-retention-isp): the time-out mark does not match",
        ),
        (
            "time used",
            Box::new(|v| v["records"][0]["time_used_ms"] = 1.into()),
            "the hash chain is broken at record 1",
        ),
        (
            "latency",
            Box::new(|v| {
                v["records"][0]["report"]["transcript"][0]["latency_ms"] = 45_000.into();
            }),
            "record 1 (led-store-cafe-owner): the style differs",
        ),
        (
            "slow-reply threshold",
            Box::new(|v| v["records"][2]["slow_reply_ms"] = 1.into()),
            "record 3 (cold-call-logistics): the slow-reply threshold does not follow the extra time",
        ),
        (
            "reply order",
            Box::new(|v| v["records"][1]["orders"][0] = serde_json::json!([1, 2, 3, 4])),
            "reply order at reply 1",
        ),
        (
            "forced variant",
            Box::new(|v| v["records"][0]["report"]["variant"] = "lunch-rush".into()),
            "the variant differs",
        ),
        (
            "seed",
            Box::new(|v| v["records"][2]["seed"] = 5.into()),
            "record 3 (cold-call-logistics): the seed is not the assessment's",
        ),
    ];
    for (what, tamper, expected) in cases {
        let mut edited = original.clone();
        tamper(&mut edited);
        let file = dir
            .path()
            .join(format!("tampered-{}.json", what.replace(' ', "-")));
        std::fs::write(&file, serde_json::to_string_pretty(&edited).expect("json")).expect("write");
        let out = run(&["verify", file.to_str().expect("path")]);
        let shown = text(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{what} was not caught: {shown}");
        assert!(
            shown.contains(expected),
            "{what}: expected {expected:?} in {shown}"
        );
    }
}

#[test]
fn a_sealed_result_rewritten_without_the_key_is_caught() {
    let dir = tempfile::tempdir().expect("dir");
    let key = dir.path().join("recruiter.key");
    let key_arg = key.to_str().expect("path");
    let made = run(&["seal-key", key_arg]);
    assert_eq!(made.status.code(), Some(0), "{}", text(&made.stderr));
    let again = run(&["seal-key", key_arg]);
    assert_eq!(again.status.code(), Some(2), "a key is never overwritten");
    assert!(text(&again.stderr).contains("already exists"));

    let script = dir.path().join("script.txt");
    std::fs::write(&script, SCRIPT).expect("script");
    let out = assess(dir.path(), &script, &["--seal-key", key_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let sealed = PathBuf::from(text(&out.stdout).trim());
    let sealed_arg = sealed.to_str().expect("path");
    let checked = run(&["verify", "--seal-key", key_arg, sealed_arg]);
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked.stdout));
    assert!(text(&checked.stdout).contains("genuine, sealed with key"));

    // A forger rewrites the candidate and recomputes the chain: consistent, but unsealed.
    let mut forged: AssessmentResult =
        serde_json::from_str(&std::fs::read_to_string(&sealed).expect("read")).expect("result");
    forged.candidate = "Someone Else".into();
    forged.chain = chain(&forged);
    let forged_path = dir.path().join("forged.json");
    std::fs::write(
        &forged_path,
        serde_json::to_string_pretty(&forged).expect("json"),
    )
    .expect("write");
    let forged_arg = forged_path.to_str().expect("path");
    let without_key = run(&["verify", forged_arg]);
    assert_eq!(
        without_key.status.code(),
        Some(0),
        "the chain alone cannot tell"
    );
    assert!(text(&without_key.stdout).contains("give --seal-key"));
    let with_key = run(&["verify", "--seal-key", key_arg, forged_arg]);
    assert_eq!(with_key.status.code(), Some(1));
    assert!(text(&with_key.stdout).contains("the seal does not match"));

    // With the key, an unsealed result is not accepted either; a broken key file is refused.
    let plain_dir = dir.path().join("plain");
    std::fs::create_dir(&plain_dir).expect("folder");
    let unsealed = finished(&plain_dir);
    let plain = run(&[
        "verify",
        "--seal-key",
        key_arg,
        unsealed.to_str().expect("path"),
    ]);
    assert_eq!(plain.status.code(), Some(1));
    assert!(text(&plain.stdout).contains("not sealed"));
    // Stripping the seal off a sealed result does not pass either.
    let mut stripped: Value =
        serde_json::from_str(&std::fs::read_to_string(&sealed).expect("read")).expect("result");
    stripped.as_object_mut().expect("object").remove("seal");
    let stripped_path = dir.path().join("stripped.json");
    std::fs::write(&stripped_path, stripped.to_string()).expect("write");
    let out = run(&[
        "verify",
        "--seal-key",
        key_arg,
        stripped_path.to_str().expect("path"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("not sealed"),
        "{}",
        text(&out.stdout)
    );
    // Another recruiter's key does not vouch for it.
    let other_key = dir.path().join("other.key");
    assert_eq!(
        run(&["seal-key", other_key.to_str().expect("path")])
            .status
            .code(),
        Some(0)
    );
    let other = run(&[
        "verify",
        "--seal-key",
        other_key.to_str().expect("path"),
        sealed_arg,
    ]);
    assert_eq!(other.status.code(), Some(1));
    assert!(
        text(&other.stdout).contains("sealed with another key"),
        "{}",
        text(&other.stdout)
    );
    let bad_key = dir.path().join("bad.key");
    std::fs::write(&bad_key, "not a key").expect("write");
    let refused = run(&[
        "verify",
        "--seal-key",
        bad_key.to_str().expect("path"),
        sealed_arg,
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains("not a Rapport seal key"));
}

#[test]
fn verify_checks_practice_results_too() {
    let dir = tempfile::tempdir().expect("dir");
    let out = run(&[
        "verify",
        dir.path().join("none.json").to_str().expect("path"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("cannot read"));
}

#[test]
fn the_csv_report_matches_the_result_files() {
    let dir = tempfile::tempdir().expect("dir");
    let first = finished(dir.path());
    // A weaker second candidate, who rambles until each customer walks out.
    let other = dir.path().join("other");
    std::fs::create_dir(&other).expect("mkdir");
    let script = other.join("script.txt");
    std::fs::write(&script, "4,2,3,4,3,4,4\n4,2,2\n4,3,3\n1,3,3\n").expect("script");
    let out = run(&[
        "assess",
        DEFINITION,
        "--player",
        "Sam Second",
        "--script",
        script.to_str().expect("path"),
        "--data-dir",
        other.to_str().expect("path"),
        "--extra-time",
        "1.5",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let second = PathBuf::from(text(&out.stdout).trim());
    let csv = dir.path().join("report.csv");
    let html = dir.path().join("report.html");
    let out = run(&[
        "report",
        first.to_str().expect("path"),
        second.to_str().expect("path"),
        "--csv",
        csv.to_str().expect("path"),
        "--html",
        html.to_str().expect("path"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let table = std::fs::read_to_string(&csv).expect("csv");
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines[0],
        "candidate,assessment,needs_discovery,objection_handling,closing,overall,style,share_melancholic,share_erudite,share_executive,time_used_s,extra_time,verification,percentile,band_low,band_high"
    );
    assert_eq!(lines.len(), 3);
    for (line, file) in [(lines[1], &first), (lines[2], &second)] {
        let v = json(file);
        let t = &v["totals"];
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells[0], v["candidate"]);
        assert_eq!(cells[2], t["scores"]["needs_discovery"].to_string());
        assert_eq!(cells[4], t["scores"]["closing"].to_string());
        assert_eq!(cells[5], t["scores"]["overall"].to_string());
        assert_eq!(cells[6], t["style"]);
        assert_eq!(
            cells[9],
            format!("{:.3}", t["shares"]["executive"].as_f64().expect("share"))
        );
        assert_eq!(
            cells[11],
            v["extra_time"].to_string().trim_end_matches(".0")
        );
        assert_eq!(cells[12], "genuine");
    }
    // The stronger candidate is above all the others (100), the weaker above none (0); two
    // candidates give no band.
    assert!(
        lines[1].ends_with(",100,,") && lines[2].ends_with(",0,,"),
        "{table}"
    );
    let page = std::fs::read_to_string(&html).expect("html");
    assert!(
        page.contains("<svg")
            && page.contains("Dana Candidate")
            && page.contains("screening figure")
    );
    assert!(!page.contains("<script"), "self-contained and static");
}

#[test]
fn a_malformed_definition_is_refused_with_file_position_and_id() {
    let dir = tempfile::tempdir().expect("dir");
    let source = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFINITION))
        .expect("definition");
    let script = dir.path().join("script.txt");
    std::fs::write(&script, SCRIPT).expect("script");
    for (name, text_of, expected) in [
        (
            "unknown-field.ron",
            source.replace("seed:", "sede: 1, seed:"),
            "sede",
        ),
        (
            "missing-scenario.ron",
            source.replace("\"cold-call-logistics\"", "\"cold-call-logistic\""),
            "\"cold-call-logistic\" is not in the pack",
        ),
        (
            "syntax.ron",
            source.replace("total_minutes: 35,", "total_minutes: 35,,"),
            "missing-scenario",
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text_of).expect("write");
        let out = run(&[
            "assess",
            path.to_str().expect("path"),
            "--player",
            "X",
            "--script",
            script.to_str().expect("path"),
            "--data-dir",
            dir.path().to_str().expect("path"),
        ]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert!(err.contains(&format!("{name}:")), "{name}: {err}");
        if name != "syntax.ron" {
            assert!(err.contains(expected), "{name}: {err}");
        }
        assert!(
            err.split(':')
                .nth(1)
                .is_some_and(|l| l.parse::<usize>().is_ok()),
            "{name} has a line: {err}"
        );
    }
}

#[test]
fn a_script_that_does_not_fit_exits_2() {
    let dir = tempfile::tempdir().expect("dir");
    let script = dir.path().join("short.txt");
    std::fs::write(&script, "1,1\n").expect("script");
    let out = assess(dir.path(), &script, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("1 script lines for 4 scenarios"),
        "{}",
        text(&out.stderr)
    );
}
