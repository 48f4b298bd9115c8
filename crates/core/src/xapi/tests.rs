//! xAPI tests: the statements of a practice result and of an assessment, their stable ids, the
//! outbox through crashes, and results read back from statements.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::fetched::results;
use super::statements::{assessment_iri, of_result_file, scenario_iri};
use super::*;
use crate::authoring::pack::{self, Playable};
use crate::engine::calibrate::{Player, play};
use crate::engine::record::{Mode, ResultRecord, Timestamp};
use crate::engine::scenario::Style;
use crate::store::outbox::{compact, count, enqueue_missing, enqueue_result, mark_sent, pending};
use crate::store::results::{RESULTS_DIR, save};

const T0: Timestamp = Timestamp(1_795_772_000);

/// A practice result saved in `data`, played by `player` on the first shipped scenario.
fn saved_record(data: &Path, pack: &[Playable], player: Player) -> (PathBuf, ResultRecord) {
    let p = &pack[0];
    let c = play(&p.scenario, 7, player).expect("played");
    let record = ResultRecord::new(&c, Mode::Practice, "Ann Example", p.hash.clone(), (T0, T0));
    (save(data, &record, &[]).expect("saved"), record)
}

fn is_uuid(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && text.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
        && matches!(parts[3].chars().next(), Some('8' | '9' | 'a' | 'b'))
}

#[test]
fn a_practice_result_becomes_initialized_responded_completed_and_passed_or_failed() {
    let pack = pack::playable(&[]);
    let dir = tempfile::tempdir().expect("dir");
    let (path, record) = saved_record(dir.path(), &pack, Player::Stylist(Style::Erudite));
    let bytes = std::fs::read(&path).expect("read");
    let made = of_result_file(&path, &bytes, "https://hr.example", &pack).expect("statements");
    let replies = record.report.transcript.len();
    let verbs_seen: Vec<&str> = made.statements.iter().map(|s| s.verb.id.as_str()).collect();
    let won = record.report.outcome == Some(crate::engine::scenario::Outcome::Won);
    let mut expected = vec![verbs::INITIALIZED];
    expected.extend(std::iter::repeat_n(verbs::RESPONDED, replies));
    expected.push(verbs::COMPLETED);
    expected.push(if won { verbs::PASSED } else { verbs::FAILED });
    assert_eq!(verbs_seen, expected);
    assert_eq!(made.result_hash, sha256_hex(&bytes));
    let registration = &made.statements[0].context.registration;
    for s in &made.statements {
        assert!(is_uuid(&s.id), "{}", s.id);
        assert_eq!(&s.context.registration, registration);
        assert_eq!(s.actor.account.home_page, "https://hr.example");
        assert_eq!(s.actor.account.name, "Ann Example");
    }
    let ids: std::collections::HashSet<&str> =
        made.statements.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids.len(), made.statements.len(), "ids are unique");
    // Each reply: the node's choices as shown, the answer by authored position.
    for (turn, entry) in record.report.transcript.iter().enumerate() {
        let s = &made.statements[1 + turn];
        let def = s.object.definition.as_ref().expect("definition");
        assert_eq!(def.interaction_type.as_deref(), Some("choice"));
        let shown: Vec<String> = record.orders[turn].iter().map(|a| a.to_string()).collect();
        let offered: Vec<String> = def.choices.iter().map(|c| c.id.clone()).collect();
        assert_eq!(offered, shown);
        let result = s.result.as_ref().expect("result");
        assert_eq!(result.response, Some(entry.choice.to_string()));
        assert_eq!(
            s.context.context_activities.parent[0].id,
            scenario_iri(&record.report.scenario)
        );
    }
    let last = made.statements.last().expect("last");
    let score = last
        .result
        .as_ref()
        .and_then(|r| r.score.as_ref())
        .expect("score");
    assert_eq!(score.raw, f64::from(record.report.scores.overall));
    assert_eq!(last.result.as_ref().and_then(|r| r.success), Some(won));
    // The same file gives the same statements, ids and all.
    let again = of_result_file(&path, &bytes, "https://hr.example", &pack).expect("again");
    assert_eq!(again.statements, made.statements);
}

#[test]
fn an_assessment_groups_its_customers_and_carries_the_whole_result() {
    let pack = pack::playable(&[]);
    let file = crate::assessment::load_definition(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../assessments/account-manager-screening.ron"),
    )
    .expect("definition");
    let mut run = crate::assessment::run::Run::begin(crate::assessment::run::RunStart {
        file: &file,
        pack: &pack,
        candidate: "Olga P.",
        extra_time: 1.0,
        timed: false,
        journal: None,
        seal_key: None,
        now: T0,
    })
    .expect("begins");
    while !run.is_finished() {
        run.reply(1, None, None).expect("reply");
    }
    let dir = tempfile::tempdir().expect("dir");
    let (path, result) = run.save(dir.path(), T0).expect("saved");
    let bytes = std::fs::read(&path).expect("read");
    let made = of_result_file(&path, &bytes, DEFAULT_HOME_PAGE, &pack).expect("statements");
    let first = &made.statements[0];
    let n = made.statements.len();
    let (completed, judged) = (&made.statements[n - 2], &made.statements[n - 1]);
    assert_eq!(first.verb.id, verbs::INITIALIZED);
    assert_eq!(first.object.id, assessment_iri(&result.assessment));
    assert_eq!(completed.verb.id, verbs::COMPLETED);
    assert_eq!(completed.object.id, assessment_iri(&result.assessment));
    // Judged against the definition's pass mark.
    let mark = result
        .pass_mark
        .expect("the shipped screening has a pass mark");
    let passed = result.totals.scores.overall >= mark;
    let verdict = if passed { verbs::PASSED } else { verbs::FAILED };
    assert_eq!(judged.verb.id, verdict);
    assert_eq!(judged.result.as_ref().and_then(|r| r.success), Some(passed));
    let replies: usize = result
        .records
        .iter()
        .map(|r| r.report.transcript.len())
        .sum();
    assert_eq!(n, 3 + 3 * result.records.len() + replies);
    // Every customer's statements are grouped under the assessment.
    for s in &made.statements[1..n - 2] {
        let grouping = &s.context.context_activities.grouping;
        assert!(
            grouping
                .iter()
                .any(|a| a.id == assessment_iri(&result.assessment))
        );
    }
    // Read back from the statements: the very result, matching its file.
    let values: Vec<Value> = made
        .statements
        .iter()
        .map(|s| serde_json::to_value(s).expect("json"))
        .collect();
    let fetched = results::<crate::assessment::AssessmentResult>(&values);
    assert_eq!(fetched.len(), 1);
    assert_eq!(fetched[0].result, result);
    assert!(fetched[0].problems.is_empty(), "{:?}", fetched[0].problems);
}

#[test]
fn a_result_changed_in_the_lrs_is_flagged_and_a_repeat_counts_once() {
    let pack = pack::playable(&[]);
    let dir = tempfile::tempdir().expect("dir");
    let (path, _) = saved_record(dir.path(), &pack, Player::Positional(1));
    let bytes = std::fs::read(&path).expect("read");
    let made = of_result_file(&path, &bytes, DEFAULT_HOME_PAGE, &pack).expect("statements");
    let mut values: Vec<Value> = made
        .statements
        .iter()
        .map(|s| serde_json::to_value(s).expect("json"))
        .collect();
    values.extend(values.clone());
    assert_eq!(results::<ResultRecord>(&values).len(), 1);
    let key = extension("result-document");
    for v in &mut values {
        let at = format!("/result/extensions/{}", key.replace('/', "~1"));
        if let Some(doc) = v.pointer_mut(&at) {
            let text = doc.as_str().expect("the file's text").to_owned();
            *doc = Value::from(text.replace("Ann Example", "Eve Example"));
        }
    }
    let fetched = results::<ResultRecord>(&values);
    assert_eq!(fetched.len(), 1);
    assert_eq!(fetched[0].result.player, "Eve Example");
    assert_eq!(fetched[0].problems.len(), 1, "{:?}", fetched[0].problems);
}

#[test]
fn the_outbox_keeps_statements_until_sent_through_a_torn_line_and_a_lost_append() {
    let pack = pack::playable(&[]);
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path();
    // Saving a result queues its statements.
    let (path, _) = saved_record(data, &pack, Player::Stylist(Style::Executive));
    let n = pending(data).expect("pending").len();
    assert!(n >= 4, "{n} statements queued");
    // Queued twice (a retried save): still each statement once.
    assert_eq!(enqueue_result(data, &path, &pack).expect("queued again"), n);
    let waiting = pending(data).expect("pending");
    assert_eq!(waiting.len(), n);
    let half: Vec<String> = waiting[..n / 2].iter().map(|s| s.id.clone()).collect();
    mark_sent(data, &half).expect("marked");
    assert_eq!(pending(data).expect("pending").len(), n - n / 2);
    // A process killed mid-append leaves a torn last line: it is skipped, not an error.
    let statements = data.join("outbox/statements.jsonl");
    let mut text = std::fs::read_to_string(&statements).expect("read");
    text.push_str("{\"id\":\"torn");
    std::fs::write(&statements, &text).expect("write");
    assert_eq!(pending(data).expect("pending").len(), n - n / 2);
    // A bad line in the middle is an error naming the file and the line.
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(1, "not json");
    std::fs::write(&statements, lines.join("\n")).expect("write");
    let error = pending(data).expect_err("bad line").to_string();
    assert!(error.contains("statements.jsonl:2:"), "{error}");
    std::fs::write(
        &statements,
        text.lines().take(n).collect::<Vec<_>>().join("\n") + "\n",
    )
    .expect("write");
    // A result written but never queued (killed between the two) is found and queued.
    let c = play(&pack[1].scenario, 7, Player::Positional(2)).expect("played");
    let lost = ResultRecord::new(&c, Mode::Practice, "Ben", pack[1].hash.clone(), (T0, T0));
    let lost_path = data.join(RESULTS_DIR).join("lost.json");
    std::fs::write(
        &lost_path,
        crate::store::to_json(&lost_path, &lost).expect("json"),
    )
    .expect("written");
    assert_eq!(enqueue_missing(data, &pack).expect("missing"), 1);
    assert_eq!(enqueue_missing(data, &pack).expect("none now"), 0);
    let all: Vec<String> = pending(data)
        .expect("pending")
        .iter()
        .map(|s| s.id.clone())
        .collect();
    assert!(all.len() > n - n / 2);
    // Sent in full: compacting empties the lists but remembers the results.
    mark_sent(data, &all).expect("marked");
    compact(data).expect("compacted");
    assert_eq!(count(data).expect("count").waiting, 0);
    assert_eq!(std::fs::read_to_string(&statements).expect("read"), "");
    assert_eq!(enqueue_missing(data, &pack).expect("none"), 0);
    assert_eq!(
        std::fs::read_dir(data.join(RESULTS_DIR))
            .expect("dir")
            .count(),
        2
    );
}

#[test]
fn uuids_are_stable_and_well_formed() {
    assert_eq!(uuid_from("a"), uuid_from("a"));
    assert_ne!(uuid_from("a"), uuid_from("b"));
    assert!(is_uuid(&uuid_from("registration:x")));
    assert_eq!(iso_duration(12_345), "PT12.345S");
    assert_eq!(iso_timestamp(Timestamp(0)), "1970-01-01T00:00:00Z");
}

#[test]
fn queueing_while_another_thread_sends_and_compacts_loses_no_statement() {
    let pack = pack::playable(&[]);
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().to_owned();
    let records: Vec<(PathBuf, Vec<u8>)> = (0..40)
        .map(|n| {
            let c = play(&pack[n % pack.len()].scenario, n as u64, Player::Random).expect("played");
            let at = Timestamp(T0.0 + n as i64);
            let r = ResultRecord::new(
                &c,
                Mode::Practice,
                "Ann",
                pack[n % pack.len()].hash.clone(),
                (at, at),
            );
            let path = dir.path().join(format!("r{n}.json"));
            (
                path.clone(),
                crate::store::to_json(&path, &r).expect("json"),
            )
        })
        .collect();
    let expected: std::collections::BTreeSet<String> = records
        .iter()
        .flat_map(|(path, bytes)| {
            of_result_file(path, bytes, DEFAULT_HOME_PAGE, &pack)
                .expect("statements")
                .statements
                .into_iter()
                .map(|s| s.id)
        })
        .collect();
    let done = std::sync::atomic::AtomicBool::new(false);
    let sent = std::thread::scope(|scope| {
        let sender = scope.spawn(|| {
            let mut sent = std::collections::BTreeSet::new();
            loop {
                let finished = done.load(std::sync::atomic::Ordering::SeqCst);
                let waiting: Vec<String> = pending(&data)
                    .expect("pending")
                    .into_iter()
                    .map(|s| s.id)
                    .collect();
                mark_sent(&data, &waiting).expect("marked");
                sent.extend(waiting);
                compact(&data).expect("compacted");
                if finished {
                    return sent;
                }
            }
        });
        for (path, bytes) in &records {
            crate::store::outbox::enqueue_bytes(&data, path, bytes, &pack).expect("queued");
        }
        done.store(true, std::sync::atomic::Ordering::SeqCst);
        sender.join().expect("the sender ends")
    });
    assert_eq!(
        sent, expected,
        "every statement queued was sent, none lost to compaction"
    );
}
