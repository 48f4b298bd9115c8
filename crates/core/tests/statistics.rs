//! The recruiters' test statistics against figures worked out independently (a plain Python
//! script of the textbook formulas, its results copied here): Cronbach's alpha, split-half,
//! SEM and bands, item–total correlations, impact ratios and Fisher's exact test.

use std::collections::BTreeMap;

use rapport_core::assessment::{AssessmentResult, Run, RunStart, load_definitions};
use rapport_core::authoring::pack::playable;
use rapport_core::engine::record::Timestamp;
use rapport_core::engine::scenario::Outcome;
use rapport_core::report::stats::{
    Figure, band, cronbach_alpha, fisher_exact, pearson, split_half, statistics,
};

/// Twelve candidates' overall scores on three scored scenarios.
const SCORES: [[u8; 3]; 12] = [
    [80, 70, 65],
    [55, 60, 40],
    [90, 85, 80],
    [30, 45, 20],
    [70, 60, 75],
    [60, 50, 55],
    [85, 90, 70],
    [40, 35, 50],
    [75, 80, 60],
    [50, 55, 45],
    [95, 90, 85],
    [20, 30, 25],
];
/// Each candidate's total overall: the rounded mean of their parts.
const TOTALS: [u8; 12] = [72, 52, 85, 32, 68, 55, 82, 42, 72, 50, 90, 25];
const GROUPS: [&str; 12] = ["a", "a", "b", "b", "a", "b", "a", "b", "a", "b", "a", "b"];

fn close(got: f64, want: f64) {
    assert!(
        (got - want).abs() < 0.0005,
        "{got} is not {want} to 3 decimals"
    );
}

fn matrix() -> Vec<Vec<f64>> {
    SCORES
        .iter()
        .map(|row| row.iter().map(|&v| f64::from(v)).collect())
        .collect()
}

#[test]
fn the_formulas_agree_with_the_independent_figures() {
    let m = matrix();
    close(cronbach_alpha(&m).expect("alpha"), 0.958751);
    close(split_half(&m).expect("split-half"), 0.939659);
    let column = |i: usize| m.iter().map(|r| r[i]).collect::<Vec<_>>();
    let rest = |i: usize| {
        m.iter()
            .map(|r| r.iter().sum::<f64>() - r[i])
            .collect::<Vec<_>>()
    };
    close(pearson(&column(0), &rest(0)).expect("r"), 0.988906);
    close(pearson(&column(2), &rest(2)).expect("r"), 0.881465);
    close(fisher_exact(5, 1, 1, 5), 0.080087);
    close(fisher_exact(3, 7, 9, 3), 0.083557);
    close(fisher_exact(1, 9, 11, 1), 0.000289);
    close(fisher_exact(5, 5, 5, 5), 1.0);
    // Without variance there is no correlation.
    assert_eq!(pearson(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]), None);
}

/// A genuine result of the shipped assessment, used as the shape of every candidate's.
fn template() -> AssessmentResult {
    let pack = playable(&[]);
    let definitions: Vec<_> = load_definitions(&[], &pack)
        .into_iter()
        .filter_map(Result::ok)
        .collect();
    let mut run = Run::begin(RunStart {
        file: &definitions[0],
        pack: &pack,
        candidate: "Template",
        extra_time: 1.0,
        timed: false,
        journal: None,
        seal_key: None,
        now: Timestamp(0),
    })
    .expect("begins");
    while !run.is_finished() {
        let key_one = run.order()[0];
        run.reply(key_one, None, None).expect("reply");
    }
    run.result(Timestamp(100))
}

fn cohort() -> Vec<AssessmentResult> {
    let base = template();
    SCORES
        .iter()
        .zip(TOTALS)
        .enumerate()
        .map(|(c, (scores, total))| {
            let mut r = base.clone();
            r.candidate = format!("Candidate {c:02}");
            r.finished_at = Timestamp(1_000 + c as i64);
            for (record, &score) in r.records.iter_mut().zip(scores) {
                record.report.scores.overall = score;
                record.timed_out = false;
                record.report.outcome = Some(Outcome::Won);
            }
            r.totals.scores.overall = total;
            r
        })
        .collect()
}

#[test]
fn a_cohort_gets_item_statistics_reliability_bands_and_impact() {
    let mut results = cohort();
    results[3].records[0].timed_out = true;
    results[3].records[0].report.outcome = Some(Outcome::Lost);
    results[11].records[1].report.outcome = Some(Outcome::WalkedOut);
    let groups: BTreeMap<String, String> = results
        .iter()
        .zip(GROUPS)
        .map(|(r, g)| (r.candidate.clone(), g.to_owned()))
        .collect();
    let stats = statistics(&results, Some(60), Some(&groups));
    assert_eq!(stats.candidates, 12);
    assert_eq!(stats.items.len(), 3);
    close(stats.items[0].mean, 62.5);
    close(stats.items[0].difficulty, 0.625);
    close(stats.items[1].item_total.value().expect("r"), 0.886186);
    close(stats.items[0].timed_out, 1.0 / 12.0);
    close(stats.items[1].walked_out, 1.0 / 12.0);
    let r = &stats.reliability;
    close(r.cronbach_alpha.value().expect("alpha"), 0.958751);
    close(r.split_half.value().expect("split-half"), 0.939659);
    close(r.sd_total.value().expect("sd"), 21.064655);
    close(r.sem.value().expect("sem"), 4.278190);
    assert_eq!(band(72, &r.sem), Some((64, 80)));
    assert_eq!(band(25, &r.sem), Some((17, 33)));
    assert_eq!(band(98, &r.sem), Some((90, 100)), "clamped to 100");
    assert_eq!(stats.histogram.iter().sum::<usize>(), 12);
    assert_eq!(stats.histogram[7], 2, "72 and 72");
    let impact = stats.impact.expect("groups and a cut");
    let (a, b) = (&impact[0], &impact[1]);
    assert_eq!(
        (a.candidates, a.passed, b.candidates, b.passed),
        (6, 5, 6, 1)
    );
    close(b.impact_ratio.expect("ratio"), 0.2);
    assert!(b.flagged && !a.flagged);
    close(a.fisher_p, 0.080087);
    close(b.fisher_p, 0.080087);
    assert!(matches!(r.test_retest, Figure::NotEnoughData(_)));
}

#[test]
fn small_samples_give_reasons_not_numbers() {
    let few: Vec<AssessmentResult> = cohort().into_iter().take(9).collect();
    let stats = statistics(&few, None, None);
    match &stats.reliability.cronbach_alpha {
        Figure::NotEnoughData(why) => assert!(why.contains("9 candidates"), "{why}"),
        Figure::Value(v) => panic!("alpha {v} from 9 candidates"),
    }
    assert!(matches!(stats.reliability.sem, Figure::NotEnoughData(_)));
    assert_eq!(band(50, &stats.reliability.sem), None);
    assert!(matches!(
        stats.items[0].item_total,
        Figure::NotEnoughData(_)
    ));
    assert!(stats.impact.is_none());
}

#[test]
fn candidates_who_took_it_twice_give_a_test_retest_correlation() {
    let first = cohort();
    let mut all = first.clone();
    // Second attempts four days later, a little better each time.
    for (i, r) in first.iter().take(5).enumerate() {
        let mut again = r.clone();
        again.finished_at = Timestamp(400_000 + i as i64);
        again.totals.scores.overall = r.totals.scores.overall.saturating_add(3 + i as u8);
        all.push(again);
    }
    let stats = statistics(&all, None, None);
    assert_eq!(stats.candidates, 12, "the latest attempt of each counts");
    assert_eq!(stats.reliability.retest_pairs, 5);
    // Totals 72, 52, 85, 32, 68 against 75, 56, 90, 38, 75.
    close(
        stats.reliability.test_retest.value().expect("r"),
        pearson(
            &[72.0, 52.0, 85.0, 32.0, 68.0],
            &[75.0, 56.0, 90.0, 38.0, 75.0],
        )
        .expect("r"),
    );
}
