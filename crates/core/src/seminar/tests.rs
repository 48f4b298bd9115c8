//! Seminar tests: a group of three scripted participants on the board, the decision map and the replay.

use super::*;
use crate::authoring::pack;
use crate::engine::record::Mode;
use crate::store::seminars::list;

const SCENARIO: &str = "led-store-cafe-owner";
const SEED: u64 = 7;
/// Ann's script wins with 100, Ben's wins by another line, Cleo rambles until the customer walks out
/// (authored positions among the replies shown).
const ANN: &[usize] = &[2, 4, 3, 2, 4, 3, 3];
const BEN: &[usize] = &[3, 2, 2, 3, 3, 4, 4];
const CLEO: &[usize] = &[4, 2, 2];

fn pack() -> Vec<Playable> {
    pack::load(&[])
        .into_iter()
        .filter_map(|e| e.scenario.ok())
        .collect()
}

fn playable() -> Playable {
    pack::shipped(SCENARIO)
}

/// Plays `choices` (positions among the replies shown) and records the result.
fn played(player: &str, choices: &[usize]) -> ResultRecord {
    let p = playable();
    let options = Options {
        order_seed: Some(participant_order_seed(SEED, player)),
        ..Options::default()
    };
    let mut c = Conversation::start(Arc::clone(&p.scenario), SEED, None, options).expect("starts");
    for (i, &position) in choices.iter().enumerate() {
        c.choose(
            position,
            Some(Duration::from_millis(2_000 + 500 * i as u64)),
        )
        .expect("valid");
    }
    assert!(c.is_over(), "{player}'s script finishes");
    ResultRecord::new(
        &c,
        Mode::Seminar,
        player,
        p.hash.clone(),
        (Timestamp(1_795_000_000), Timestamp(1_795_000_300)),
    )
}

fn group() -> (Seminar, Vec<ResultRecord>) {
    let mut seminar = Seminar::new(
        "Retail basics, day 1",
        vec![SCENARIO.into()],
        SEED,
        // A name given twice is one participant.
        vec!["Ann".into(), "Ben".into(), "Ann".into()],
        Timestamp(1_795_000_000),
    );
    let results = vec![played("Ann", ANN), played("Ben", BEN), played("Cleo", CLEO)];
    for r in &results {
        seminar
            .add(r.clone(), &pack())
            .expect("genuine results are added");
    }
    (seminar, results)
}

#[test]
fn a_new_participant_joins_and_the_id_is_file_safe() {
    let (seminar, _) = group();
    assert_eq!(seminar.participants, vec!["Ann", "Ben", "Cleo"]);
    assert!(seminar.id.starts_with("retail-basics-day-1-"));
}

#[test]
fn the_board_shows_each_results_scores_and_the_best_per_column() {
    let (seminar, results) = group();
    let b = board(&seminar, SCENARIO);
    assert_eq!(b.rows.len(), 3);
    for (row, result) in b.rows.iter().zip(&results) {
        assert_eq!(row.player, result.player);
        assert_eq!(row.scores, result.report.scores);
        assert_eq!(row.outcome, result.report.outcome);
        assert_eq!(row.style, result.report.style.label);
        assert_eq!(row.replies, result.report.transcript.len());
        let latency: u64 = result
            .report
            .transcript
            .iter()
            .filter_map(|t| t.latency_ms)
            .sum();
        assert_eq!(row.time_used_ms, Some(latency));
    }
    // The best of each column, worked out here from the three results.
    let best = |f: &dyn Fn(&Scores) -> Option<u8>| {
        results.iter().filter_map(|r| f(&r.report.scores)).max()
    };
    assert_eq!(Some(b.best.overall), best(&|s| Some(s.overall)));
    assert_eq!(Some(b.best.closing), best(&|s| Some(s.closing)));
    assert_eq!(
        Some(b.best.needs_discovery),
        best(&|s| Some(s.needs_discovery))
    );
    assert_eq!(b.best.objection_handling, best(&|s| s.objection_handling));
    // Cleo walked out: the best of each column is not hers.
    let overall: Vec<u8> = results.iter().map(|r| r.report.scores.overall).collect();
    assert!(overall[2] < overall[0], "{overall:?}");
}

#[test]
fn decision_map_counts_equal_the_participants_who_took_each_reply() {
    let (seminar, results) = group();
    let map = decision_map(&seminar, &playable());
    assert_eq!(map.paths.len(), 3);
    // Count each (node, reply) from the transcripts re-played by the engine.
    let mut expected: BTreeMap<(String, usize), std::collections::BTreeSet<String>> =
        BTreeMap::new();
    for r in &results {
        let c = crate::engine::record::replay(r, playable().scenario).expect("replays");
        for t in c.turns() {
            let key = (c.scenario().nodes.at(t.node).0.to_string(), t.choice);
            expected.entry(key).or_default().insert(r.player.clone());
        }
    }
    let expected: BTreeMap<(String, usize), usize> = expected
        .into_iter()
        .map(|(k, who)| (k, who.len()))
        .collect();
    // Cleo's rambling brings her back to the same reply; she still counts once.
    assert!(expected.values().all(|&n| n <= 3));
    let mut counted: BTreeMap<(String, usize), usize> = BTreeMap::new();
    for node in &map.nodes {
        for reply in &node.replies {
            if !reply.chosen_by.is_empty() {
                counted.insert((node.id.clone(), reply.index), reply.chosen_by.len());
            }
        }
    }
    assert_eq!(counted, expected);
    let greeting = map
        .nodes
        .iter()
        .find(|n| n.id == "greeting")
        .expect("start node");
    assert_eq!(greeting.visits, 3);
    let ann_first = crate::engine::record::replay(&results[0], playable().scenario)
        .expect("replays")
        .turns()[0]
        .choice;
    assert_eq!(greeting.replies[ann_first].chosen_by, vec!["Ann"]);
    // Endings count their visitors too: Ann and Ben won, Cleo walked out before any ending.
    let won = map
        .nodes
        .iter()
        .find(|n| n.ending == Some(Outcome::Won))
        .expect("a won ending");
    assert_eq!(won.visits, 2);
    // The best path scores 100 and is marked on the map.
    assert_eq!(map.best_overall, Some(100));
    assert!(!map.best_path.is_empty());
    let marked: usize = map
        .nodes
        .iter()
        .map(|n| n.replies.iter().filter(|r| r.best).count())
        .sum();
    assert_eq!(marked, map.best_path.len());
    // Cleo's customer walked out after her third reply, at the node where she gave it.
    let cleo = crate::engine::record::replay(&results[2], playable().scenario).expect("replays");
    let last = cleo.turns().last().expect("replies");
    let there = cleo.scenario().nodes.at(last.node).0.to_string();
    let walked: Vec<(&str, &[String])> = map
        .nodes
        .iter()
        .filter(|n| !n.walked_out.is_empty())
        .map(|n| (n.id.as_str(), n.walked_out.as_slice()))
        .collect();
    assert_eq!(walked, vec![(there.as_str(), &["Cleo".to_owned()][..])]);
}

#[test]
fn replay_at_step_k_is_the_engine_state_after_k_replies() {
    let (seminar, results) = group();
    let p = playable();
    for record in &results {
        let moments = replay_moments(record, &p.scenario).expect("replays");
        assert_eq!(moments.len(), record.report.transcript.len() + 1);
        for (k, moment) in moments.iter().enumerate() {
            let mut c =
                Conversation::start(Arc::clone(&p.scenario), SEED, None, Options::default())
                    .expect("starts");
            for entry in &record.report.transcript[..k] {
                c.choose(entry.choice, entry.latency_ms.map(Duration::from_millis))
                    .expect("valid");
            }
            assert_eq!(moment.step, k);
            assert_eq!(moment.patience, c.state().patience);
            assert_eq!(moment.trust, c.state().trust);
            assert_eq!(moment.mood, c.mood());
            assert_eq!(moment.line, c.current_line());
            assert_eq!(moment.over, c.is_over());
            if k == 0 {
                assert_eq!(moment.events, c.prologue_events());
            } else {
                assert_eq!(moment.events, c.turn_events(k - 1));
                assert_eq!(
                    moment.reply.as_ref().map(|r| &r.0),
                    Some(&c.turn_choice(&c.turns()[k - 1]).say)
                );
            }
        }
    }
    assert_eq!(seminar.results.len(), 3);
}

#[test]
fn tampered_foreign_or_repeated_results_are_refused() {
    let (mut seminar, results) = group();
    let mut tampered = played("Dan", ANN);
    tampered.report.scores.overall = 12;
    let refused = seminar.add(tampered, &pack()).expect_err("tampered");
    assert!(refused.to_string().contains("overall differs"), "{refused}");
    let mut other_seed = played("Dan", ANN);
    other_seed.report.seed = 8;
    assert!(
        seminar
            .add(other_seed, &pack())
            .is_err_and(|e| e.to_string().contains("seed 8"))
    );
    // The same play again, even marked as another seminar's, is a repeat.
    let mut repeat = results[0].clone();
    repeat.seminar = Some("another-seminar".into());
    assert!(
        seminar
            .add(repeat, &pack())
            .is_err_and(|e| e.to_string().contains("already"))
    );
    assert_eq!(seminar.results.len(), 3);
    assert!(!seminar.participants.contains(&"Dan".to_owned()));
    // Another play by Ann that finished in the same second is not a repeat.
    let mut again = played("Ann", BEN);
    again.finished_at = results[0].finished_at;
    seminar.add(again, &pack()).expect("a second attempt joins");
    assert_eq!(seminar.results.len(), 4);
}

#[test]
fn a_seminar_is_saved_and_continued_another_day() {
    let (seminar, _) = group();
    let dir = tempfile::tempdir().expect("dir");
    let path = seminar.save(dir.path()).expect("saved");
    assert_eq!(Seminar::load(&path).expect("loads"), seminar);
    assert_eq!(list(dir.path()).len(), 1);
    // Two new seminars with one title in one second get two files, not one overwritten.
    let (mut first, mut second) = (seminar.clone(), seminar.clone());
    first.id = "same-title".into();
    second.id = "same-title".into();
    let first_path = first.create(dir.path()).expect("created");
    let second_path = second.create(dir.path()).expect("created");
    assert_eq!(second.id, "same-title-2");
    assert_eq!(Seminar::load(&first_path).expect("kept"), first);
    assert_eq!(Seminar::load(&second_path).expect("loads"), second);
    assert_eq!(list(dir.path()).len(), 3);
}
