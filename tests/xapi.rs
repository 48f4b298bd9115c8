//! Results reaching a real LRS (Learning Locker's statement service, started on loopback by
//! these tests and stopped by its process id): practice, assessment and seminar statements
//! queried back by agent, verb and registration; validated by Learning Locker's validator; a
//! send killed mid-way and repeated; the LRS down, then up; wrong credentials; and the
//! recruiter's report and the trainer's board rebuilt from the LRS.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use common::{ANN, BEN, ok, rapport_in, retail_seminar, text};
use rapport_core::authoring::pack::{self, Playable};
use rapport_core::engine::calibrate::{Player, play};
use rapport_core::engine::record::{Mode, ResultRecord, Timestamp};
use rapport_core::engine::scenario::Style;
use rapport_core::store::results::save;
use rapport_core::xapi::local::{LocalLrs, free_port, lrs_home};
use rapport_core::xapi::lrs::{Lrs, Query};
use rapport_core::xapi::{agent, verbs};
use serde_json::Value;

const SCRIPT: &str = "4,2,3,4,3,4,4\n2,4,3,2,4,3,3\n3,3,4,3,3,4,3,4\n4,1,4,1,3,3\n";
const USER: &str = "rapport";
const PASSWORD: &str = "correct horse battery staple";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn start_lrs() -> LocalLrs {
    LocalLrs::start(repo(), USER, PASSWORD)
        .expect("the local LRS starts (scripts/setup installs it)")
}

/// A password file readable by its owner only, as `--lrs-password-file` demands.
fn password_file(dir: &Path, password: &str) -> PathBuf {
    let path = dir.join("lrs-password.txt");
    rapport_core::store::secrets::write_private(&path, password).expect("password file");
    path
}

/// `rapport xapi send` against `url` with these credentials.
fn send(data: &Path, url: &str, password: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "xapi",
        "send",
        "--lrs",
        url,
        "--lrs-user",
        USER,
        "--lrs-password-file",
        password.to_str().expect("utf-8"),
    ];
    args.extend_from_slice(extra);
    rapport_in(data, &args)
}

/// A practice result saved the way the game saves one (outbox included).
fn practice(data: &Path, pack: &[Playable], player: &str, style: Style, n: i64) -> PathBuf {
    let p = &pack[0];
    let c = play(&p.scenario, 7, Player::Stylist(style)).expect("played");
    let at = Timestamp(1_795_772_000 + n);
    let record = ResultRecord::new(&c, Mode::Practice, player, p.hash.clone(), (at, at));
    save(data, &record, pack).expect("saved")
}

/// The statements `rapport xapi export` gives for these files, as JSON.
fn exported(data: &Path, files: &[&Path]) -> Vec<Value> {
    let mut args = vec!["xapi", "export"];
    args.extend(files.iter().map(|f| f.to_str().expect("utf-8")));
    serde_json::from_str(&ok(&rapport_in(data, &args))).expect("a JSON array")
}

fn ids(statements: &[Value]) -> BTreeSet<String> {
    statements
        .iter()
        .map(|s| s["id"].as_str().expect("id").to_owned())
        .collect()
}

fn seminar_with_ann(data: &Path) -> (String, PathBuf) {
    let (id, files) = retail_seminar(data, &[ANN]);
    (id, PathBuf::from(&files[0]))
}

fn assess(data: &Path, candidate: &str) -> PathBuf {
    let script = data.join("script.txt");
    std::fs::write(&script, SCRIPT).expect("script");
    let out = rapport_in(
        data,
        &[
            "assess",
            "account-manager-screening",
            "--player",
            candidate,
            "--script",
            script.to_str().expect("utf-8"),
        ],
    );
    PathBuf::from(ok(&out).trim())
}

#[test]
fn practice_assessment_and_seminar_reach_the_lrs_and_come_back_by_agent_verb_and_registration() {
    let lrs = start_lrs();
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path();
    let pack = pack::playable(&[]);
    let dana = practice(data, &pack, "Dana", Style::Erudite, 0);
    let olga = assess(data, "Olga P.");
    let (_, ann) = seminar_with_ann(data);
    let password = password_file(data, PASSWORD);
    let out = send(data, &lrs.config.url, &password, &[]);
    assert!(ok(&out).contains("none waiting"));
    assert_eq!(
        ok(&rapport_in(data, &["xapi", "status"]))
            .trim_start()
            .split(' ')
            .next(),
        Some("0")
    );

    let client = Lrs::new(lrs.config.clone());
    let home = rapport_core::xapi::DEFAULT_HOME_PAGE;
    for (who, file) in [("Dana", &dana), ("Olga P.", &olga), ("Ann", &ann)] {
        let expected = exported(data, &[file]);
        let by_agent = client
            .fetch(&Query {
                agent: Some(serde_json::to_value(agent(home, who)).expect("agent")),
                ..Query::default()
            })
            .expect("by agent");
        assert_eq!(
            ids(&by_agent),
            ids(&expected),
            "{who}'s statements by agent"
        );
        // One conversation's registration gives exactly that conversation.
        let registration = expected[0]["context"]["registration"]
            .as_str()
            .expect("reg");
        let by_registration = client
            .fetch(&Query {
                registration: Some(registration.to_owned()),
                ..Query::default()
            })
            .expect("by registration");
        let same: Vec<Value> = expected
            .iter()
            .filter(|s| s["context"]["registration"] == registration)
            .cloned()
            .collect();
        assert_eq!(ids(&by_registration), ids(&same), "{who}'s conversation");
    }
    let responded = client
        .fetch(&Query {
            verb: Some(verbs::RESPONDED.to_owned()),
            ..Query::default()
        })
        .expect("by verb");
    let all = exported(data, &[&dana, &olga, &ann]);
    let expected: Vec<Value> = all
        .iter()
        .filter(|s| s["verb"]["id"] == verbs::RESPONDED)
        .cloned()
        .collect();
    assert!(expected.len() > 20);
    assert_eq!(ids(&responded), ids(&expected));
}

#[test]
fn every_statement_the_product_makes_passes_learning_lockers_validator() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path();
    let pack = pack::playable(&[]);
    let mut files = vec![assess(data, "Olga P."), seminar_with_ann(data).1];
    for (n, style) in Style::ALL.into_iter().enumerate() {
        files.push(practice(data, &pack, "Dana", style, n as i64));
    }
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let statements = exported(data, &refs);
    let json = data.join("statements.json");
    std::fs::write(&json, serde_json::to_string(&statements).expect("json")).expect("write");
    let out = Command::new("node")
        .arg(repo().join("scripts/lrs/validate.js"))
        .arg(&json)
        .env("RAPPORT_LRS_HOME", lrs_home())
        .output()
        .expect("node runs the validator");
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains(&format!("{} statements, 0 invalid", statements.len())));
}

#[test]
fn a_send_killed_mid_way_and_run_again_stores_every_statement_exactly_once() {
    let lrs = start_lrs();
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path();
    let pack = pack::playable(&[]);
    for n in 0..30 {
        practice(
            data,
            &pack,
            &format!("Trainee {n}"),
            Style::ALL[n % 3],
            n as i64,
        );
    }
    let total = exported(
        data,
        &std::fs::read_dir(data.join("results"))
            .expect("results")
            .map(|e| e.expect("entry").path())
            .collect::<Vec<_>>()
            .iter()
            .map(PathBuf::as_path)
            .collect::<Vec<_>>(),
    );
    let password = password_file(data, PASSWORD);
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["xapi", "send", "--lrs", &lrs.config.url, "--lrs-user", USER])
        .arg("--lrs-password-file")
        .arg(&password)
        .args(["--batch", "5", "--pace-ms", "150", "--data-dir"])
        .arg(data)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("send starts");
    std::thread::sleep(Duration::from_millis(1500));
    // kill -9: no chance to tidy up.
    child.kill().expect("killed");
    child.wait().expect("reaped");
    let status = ok(&rapport_in(data, &["xapi", "status"]));
    let waiting: usize = status
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("count");
    assert!(
        waiting > 0 && waiting < total.len(),
        "killed mid-way: {status}"
    );
    ok(&send(data, &lrs.config.url, &password, &[]));
    let stored = Lrs::new(lrs.config.clone())
        .fetch(&Query::default())
        .expect("fetch");
    assert_eq!(stored.len(), total.len(), "each statement stored once");
    assert_eq!(ids(&stored), ids(&total));
}

#[test]
fn the_lrs_down_then_up_drains_the_outbox_and_wrong_credentials_drop_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path();
    let pack = pack::playable(&[]);
    practice(data, &pack, "Dana", Style::Executive, 0);
    let queued = ok(&rapport_in(data, &["xapi", "status"]));
    let port = free_port().expect("port");
    let url = format!("http://127.0.0.1:{port}/xAPI");
    let password = password_file(data, PASSWORD);
    // Down: a clear error, everything still waiting.
    let down = send(data, &url, &password, &[]);
    assert_eq!(down.status.code(), Some(1));
    assert!(
        text(&down.stderr).contains("cannot reach the LRS"),
        "{}",
        text(&down.stderr)
    );
    assert_eq!(ok(&rapport_in(data, &["xapi", "status"])), queued);
    // Up, but the password is wrong: the LRS's 401 is named, nothing dropped.
    let lrs = LocalLrs::start_on(repo(), port, USER, PASSWORD).expect("the LRS starts");
    let wrong = password_file(&data.join("results"), "wrong");
    let refused = send(data, &url, &wrong, &[]);
    assert_eq!(refused.status.code(), Some(1));
    let why = text(&refused.stderr);
    assert!(
        why.contains("answered 401") && why.contains("Unauthorised"),
        "{why}"
    );
    assert_eq!(ok(&rapport_in(data, &["xapi", "status"])), queued);
    // A password file others can read is refused before anything is sent.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let open = data.join("open-password.txt");
        std::fs::write(&open, PASSWORD).expect("write");
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let exposed = send(data, &url, &open, &[]);
        assert_eq!(exposed.status.code(), Some(2));
        assert!(text(&exposed.stderr).contains("chmod 600"));
    }
    // Right credentials: drained.
    ok(&send(data, &url, &password, &[]));
    assert!(ok(&rapport_in(data, &["xapi", "status"])).starts_with("0 waiting"));
    drop(lrs);
}

#[test]
fn the_report_and_the_board_from_the_lrs_match_the_ones_from_the_files() {
    let lrs = start_lrs();
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path();
    let results: Vec<PathBuf> = ["Olga P.", "Ivan S.", "Mia K."]
        .iter()
        .map(|c| assess(data, c))
        .collect();
    let (seminar, _) = retail_seminar(data, &[ANN, BEN]);
    let password = password_file(data, PASSWORD);
    ok(&send(data, &lrs.config.url, &password, &[]));
    let lrs_flags = [
        "--lrs",
        lrs.config.url.as_str(),
        "--lrs-user",
        USER,
        "--lrs-password-file",
        password.to_str().expect("utf-8"),
    ];
    let mut from_files = vec!["report", "--format", "json"];
    from_files.extend(results.iter().map(|p| p.to_str().expect("utf-8")));
    let mut from_lrs = vec![
        "report",
        "--format",
        "json",
        "--assessment",
        "account-manager-screening",
    ];
    from_lrs.extend(lrs_flags);
    let files: Value = serde_json::from_str(&ok(&rapport_in(data, &from_files))).expect("json");
    let lrs_rows: Value = serde_json::from_str(&ok(&rapport_in(data, &from_lrs))).expect("json");
    assert_eq!(files["rows"].as_array().expect("rows").len(), 3);
    assert_eq!(lrs_rows, files);

    let board = ["seminar", "board", &seminar, "--format", "json"];
    let local: Value = serde_json::from_str(&ok(&rapport_in(data, &board))).expect("json");
    let mut remote_args = board.to_vec();
    remote_args.extend(lrs_flags);
    let remote: Value = serde_json::from_str(&ok(&rapport_in(data, &remote_args))).expect("json");
    assert_eq!(remote, local);
}
