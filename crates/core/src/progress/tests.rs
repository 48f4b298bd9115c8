//! Progress tests: the history's filter and sorting, the chart's series, the learning path and
//! the suggestion aimed at the weakest competency, on real results with chosen scores.

use std::sync::Arc;

use super::*;
use crate::authoring::pack;
use crate::engine::dialogue::{Conversation, Options};
use crate::engine::record::Timestamp;

fn shipped() -> Vec<Playable> {
    pack::load(&[])
        .into_iter()
        .filter_map(|e| e.scenario.ok())
        .collect()
}

fn find(id: &str) -> Playable {
    pack::shipped(id)
}

/// A result of `id` by `player` at `day`, with the given needs, objections, closing and overall.
fn result(id: &str, player: &str, mode: Mode, day: i64, scores: [u8; 4]) -> ResultRecord {
    let p = find(id);
    let mut c =
        Conversation::start(Arc::clone(&p.scenario), 7, None, Options::default()).expect("starts");
    c.choose(1, None).expect("reply");
    let at = Timestamp(1_795_000_000 + day * 86_400);
    let mut r = ResultRecord::new(&c, mode, player, p.hash, (at, at));
    let s = &mut r.report.scores;
    (s.needs_discovery, s.objection_handling) = (scores[0], Some(scores[1]));
    (s.closing, s.overall) = (scores[2], scores[3]);
    r
}

const LED: &str = "led-store-cafe-owner";

#[test]
fn the_history_keeps_practice_apart_from_seminars_and_screenings() {
    let practice = result(LED, "Ann", Mode::Practice, 0, [50; 4]);
    let seminar = result(LED, "Ann", Mode::Seminar, 1, [50; 4]);
    let screening = result(LED, "Ann", Mode::Assessment, 2, [50; 4]);
    let all = [&practice, &seminar, &screening];
    for (filter, kept) in HistoryFilter::ALL.into_iter().zip(all) {
        let shown: Vec<_> = all.iter().filter(|r| filter.admits(r)).collect();
        assert_eq!(shown, vec![&kept], "{filter:?}");
    }
}

#[test]
fn sorting_by_a_score_breaks_ties_newest_first_and_reverses() {
    let old = result(LED, "Ann", Mode::Practice, 0, [10, 10, 10, 70]);
    let new = result(LED, "ben", Mode::Practice, 3, [10, 10, 10, 70]);
    let best = result(LED, "Cleo", Mode::Practice, 1, [90, 90, 90, 95]);
    let mut rows = vec![&old, &best, &new];
    sort(&mut rows, Column::Overall, false);
    assert_eq!(rows, vec![&best, &new, &old]);
    sort(&mut rows, Column::Overall, true);
    assert_eq!(rows, vec![&new, &old, &best]);
    sort(&mut rows, Column::Date, false);
    assert_eq!(rows, vec![&new, &best, &old]);
    // Names sort without regard to case.
    sort(&mut rows, Column::Player, true);
    assert_eq!(rows, vec![&old, &new, &best]);
    assert!(Column::Player.first_ascending() && !Column::Overall.first_ascending());
}

#[test]
fn the_chart_numbers_results_in_time_order_one_line_per_player() {
    let a1 = result(LED, "Ann", Mode::Practice, 5, [0, 0, 0, 40]);
    let b1 = result(LED, "Ben", Mode::Practice, 1, [0, 0, 0, 20]);
    let a2 = result(LED, "Ann", Mode::Practice, 9, [0, 0, 0, 80]);
    let series = overall_by_player(&[&a2, &a1, &b1]);
    assert_eq!(
        series,
        vec![
            Series {
                name: "Ann".into(),
                points: vec![[2.0, 40.0], [3.0, 80.0]]
            },
            Series {
                name: "Ben".into(),
                points: vec![[1.0, 20.0]]
            },
        ]
    );
}

#[test]
fn the_competency_view_has_one_line_per_competency_for_one_player() {
    let a1 = result(LED, "Ann", Mode::Practice, 1, [10, 20, 30, 0]);
    let b1 = result(LED, "Ben", Mode::Practice, 2, [99, 99, 99, 0]);
    let mut a2 = result(LED, "ann ", Mode::Practice, 3, [40, 0, 60, 0]);
    a2.report.scores.objection_handling = None;
    let lines = competencies_of(&[&a2, &b1, &a1], "Ann");
    let points: Vec<_> = lines.iter().map(|(_, s)| s.points.clone()).collect();
    assert_eq!(
        points,
        vec![
            vec![[1.0, 10.0], [2.0, 40.0]],
            vec![[1.0, 20.0]],
            vec![[1.0, 30.0], [2.0, 60.0]],
        ]
    );
}

#[test]
fn the_path_puts_the_players_language_first_then_difficulty_with_their_record() {
    let playables = shipped();
    let older = result(LED, "Ann", Mode::Practice, 1, [0, 0, 0, 55]);
    let mut newer = result(LED, "Ann", Mode::Practice, 2, [0, 0, 0, 35]);
    newer.report.style.label = StyleLabel::Erudite;
    let other = result(LED, "Ben", Mode::Practice, 3, [0, 0, 0, 99]);
    let screening = result(LED, "Ann", Mode::Assessment, 4, [0, 0, 0, 100]);
    let records = [&newer, &other, &older, &screening];
    for language in ["ru", "en"] {
        let path = learning_path(&playables, language, &records, "Ann");
        assert_eq!(path.len(), playables.len());
        let first_other = path
            .iter()
            .position(|e| !e.own_language)
            .unwrap_or(path.len());
        assert!(
            path[..first_other]
                .iter()
                .all(|e| e.playable.scenario.language == language)
        );
        assert!(
            path[first_other..]
                .iter()
                .all(|e| e.playable.scenario.language != language)
        );
        for part in [&path[..first_other], &path[first_other..]] {
            let levels: Vec<i64> = part
                .iter()
                .map(|e| e.playable.scenario.difficulty)
                .collect();
            assert!(levels.is_sorted(), "{language}: {levels:?}");
        }
        let led = path.iter().find(|e| e.playable.scenario.id.as_str() == LED);
        let expected = CardRecord {
            best_overall: Some(55),
            last_style: Some(StyleLabel::Erudite),
            attempts: 2,
        };
        assert_eq!(led.expect("listed").record, expected);
    }
}

#[test]
fn the_suggestion_aims_at_the_weakest_recent_competency() {
    let playables = shipped();
    // Long ago objections were weak; of the last five results, closing is.
    let mut records: Vec<ResultRecord> = (0..3)
        .map(|d| result(LED, "Ann", Mode::Practice, d, [90, 5, 90, 0]))
        .collect();
    records
        .extend((3..8).map(|d| result(LED, "Ann", Mode::Practice, d, [70, 80, 40 + d as u8, 0])));
    let rows: Vec<&ResultRecord> = records.iter().collect();
    assert_eq!(
        weakest_competency(&rows, "Ann"),
        Some((Competency::Closing, 45))
    );

    let path = learning_path(&playables, "en", &rows, "Ann");
    let suggestion = next_suggestion(&path, &rows, "Ann", LED).expect("a suggestion");
    assert_eq!(suggestion.weakest, Competency::Closing);
    assert_ne!(suggestion.scenario_id, LED, "never the one just played");
    let chosen = find(&suggestion.scenario_id);
    assert_eq!(chosen.scenario.language, "en");
    // Closing is practised from the easiest unmastered customer in the player's language.
    let easiest = path
        .iter()
        .filter(|e| e.own_language && e.playable.scenario.id.as_str() != LED)
        .map(|e| e.playable.scenario.difficulty)
        .min();
    assert_eq!(Some(chosen.scenario.difficulty), easiest);
}

#[test]
fn weak_objections_lead_to_the_customer_with_the_most_objections() {
    let playables = shipped();
    let records = [result(LED, "Ann", Mode::Practice, 0, [90, 10, 90, 0])];
    let rows: Vec<&ResultRecord> = records.iter().collect();
    let path = learning_path(&playables, "en", &rows, "Ann");
    let suggestion = next_suggestion(&path, &rows, "Ann", LED).expect("a suggestion");
    assert_eq!(suggestion.weakest, Competency::Objections);
    let most = path
        .iter()
        .filter(|e| e.own_language && e.playable.scenario.id.as_str() != LED)
        .map(|e| e.playable.scenario.customer.objections.len())
        .max();
    assert_eq!(
        Some(
            find(&suggestion.scenario_id)
                .scenario
                .customer
                .objections
                .len()
        ),
        most
    );
    // With no practice of their own there is nothing to aim at.
    assert_eq!(next_suggestion(&path, &rows, "Ben", LED), None);
}

#[test]
fn with_nothing_in_the_players_language_the_suggestion_comes_from_any() {
    let playables = shipped();
    let records = [result(LED, "Ann", Mode::Practice, 0, [90, 10, 90, 0])];
    let rows: Vec<&ResultRecord> = records.iter().collect();
    let path = learning_path(&playables, "de", &rows, "Ann");
    assert!(path.iter().all(|e| !e.own_language));
    let suggestion = next_suggestion(&path, &rows, "Ann", LED).expect("a suggestion");
    assert_ne!(suggestion.scenario_id, LED);
}

#[test]
fn a_mastered_customer_is_not_suggested_while_others_remain() {
    let playables = shipped();
    let weak = result(LED, "Ann", Mode::Practice, 0, [90, 10, 90, 0]);
    let rows: Vec<&ResultRecord> = vec![&weak];
    let path = learning_path(&playables, "en", &rows, "Ann");
    let first = next_suggestion(&path, &rows, "Ann", LED).expect("a suggestion");
    // Ann masters the customer she was sent to; the next suggestion moves on.
    let mastered = result(
        &first.scenario_id,
        "Ann",
        Mode::Practice,
        1,
        [95, 95, 95, 95],
    );
    let mut weak_again = result(LED, "Ann", Mode::Practice, 2, [90, 10, 90, 0]);
    weak_again.report.scores.objection_handling = Some(10);
    let rows: Vec<&ResultRecord> = vec![&weak, &mastered, &weak_again];
    let path = learning_path(&playables, "en", &rows, "Ann");
    let next = next_suggestion(&path, &rows, "Ann", LED).expect("a suggestion");
    assert_ne!(next.scenario_id, first.scenario_id);
}
