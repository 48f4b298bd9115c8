//! Assessment tests: definitions, seeds, journal resume, time-outs, the chain and percentiles.

use std::path::Path;

use std::time::Duration;

use super::*;
use crate::authoring::load::parse_str_as;
use crate::authoring::pack::{self, Playable};
use crate::engine::record::Timestamp;
use crate::engine::scoring::Scores;
use crate::store::journal::journal_path;
use crate::store::results::save_assessment;

/// The time every finished result in these tests carries.
const T0: Timestamp = Timestamp(1_795_772_000);

fn begin(
    file: &DefinitionFile,
    candidate: &str,
    extra_time: f64,
    timed: bool,
    journal: Option<&Path>,
    seal_key: Option<crate::assessment::seal::SealKey>,
) -> Result<Run, RunError> {
    Run::begin(RunStart {
        file,
        pack: &pack(),
        candidate,
        extra_time,
        timed,
        journal,
        seal_key,
        now: T0,
    })
}

fn pack() -> Vec<Playable> {
    pack::load(&[])
        .into_iter()
        .filter_map(|e| e.scenario.ok())
        .collect()
}

const DEF: &str = r#"Assessment(
    id: "unit-screen",
    title: "Unit screen",
    instructions: "Do your best.",
    practice: Some("upsell-loyal-client"),
    scenarios: ["led-store-cafe-owner", "printer-service-clinic"],
    seed: 99,
    minutes_per_scenario: 5,
    total_minutes: 12,
    data_controller: "Unit Test Ltd, hr@example.com",
    retention: "6 months",
)"#;

fn definition(text: &str) -> DefinitionFile {
    DefinitionFile {
        path: "unit.ron".into(),
        source: text.to_owned(),
        def: parse_str_as(Path::new("unit.ron"), text).expect("definition parses"),
    }
}

/// Plays the first shown reply until the run ends, returning how many replies it took.
fn play_out(run: &mut Run) -> usize {
    let mut replies = 0;
    while !run.is_finished() {
        run.reply(1, None, None).expect("reply");
        replies += 1;
    }
    replies
}

#[test]
fn the_example_definition_validates() {
    let file = load_definition(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../assessments/account-manager-screening.ron"),
    )
    .expect("loads");
    assert_eq!(validate_definition(&file, &pack()), vec![]);
}

#[test]
fn defaults_shuffle_and_hide_results() {
    let file = definition(DEF);
    assert!(file.def.shuffle_replies);
    assert!(!file.def.show_results);
    assert_eq!(validate_definition(&file, &pack()), vec![]);
}

#[test]
fn a_broken_definition_names_the_id_and_position() {
    let file = definition(&DEF.replace("\"printer-service-clinic\"", "\"no-such-customer\""));
    let issues = validate_definition(&file, &pack());
    assert_eq!(issues.len(), 1);
    let line = issues[0].to_string();
    assert!(line.starts_with("unit.ron:6:"), "{line}");
    assert!(
        line.contains("\"no-such-customer\" is not in the pack"),
        "{line}"
    );

    let twice = definition(&DEF.replace("\"printer-service-clinic\"", "\"led-store-cafe-owner\""));
    let line = validate_definition(&twice, &pack())[0].to_string();
    // At the second listing, not the first.
    assert!(line.starts_with("unit.ron:6:41: "), "{line}");
    assert!(line.contains("listed twice"), "{line}");
    let overlap = definition(&DEF.replace(
        "Some(\"upsell-loyal-client\")",
        "Some(\"led-store-cafe-owner\")",
    ));
    assert!(
        validate_definition(&overlap, &pack())[0]
            .message
            .contains("also scored")
    );
    let slow = definition(&DEF.replace("minutes_per_scenario: 5", "minutes_per_scenario: 0"));
    let line = validate_definition(&slow, &pack())[0].to_string();
    assert!(line.starts_with("unit.ron:8:5: "), "{line}");
    assert!(line.contains("minutes_per_scenario is 0"), "{line}");
    let unknown = parse_str_as::<AssessmentDef>(
        Path::new("unit.ron"),
        &DEF.replace("seed: 99,", "seed: 99, sead: 1,"),
    );
    assert!(unknown.is_err_and(|e| e.to_string().contains("sead")));
}

#[test]
fn names_that_look_alike_get_their_own_journal_and_results_never_overwrite() {
    let dir = Path::new("data");
    let ann = journal_path(dir, "unit-screen", "Ann Lee");
    assert_eq!(ann, journal_path(dir, "unit-screen", "Ann Lee"));
    assert_ne!(ann, journal_path(dir, "unit-screen", "Ann_Lee"));

    let data = tempfile::tempdir().expect("temp dir");
    let mut run = begin(&definition(DEF), "Ann", 1.0, false, None, None).expect("begins");
    play_out(&mut run);
    let result = run.result(T0);
    let first = save_assessment(data.path(), &result, &[]).expect("saved");
    let second = save_assessment(data.path(), &result, &[]).expect("saved again");
    assert_ne!(first, second);
    assert!(first.exists() && second.exists());
}

#[test]
fn a_run_with_the_recruiters_key_is_sealed_over_everything() {
    let key = crate::assessment::seal::SealKey::generate().expect("key");
    let mut run =
        begin(&definition(DEF), "Ann", 1.0, false, None, Some(key.clone())).expect("begins");
    play_out(&mut run);
    let result = run.result(T0);
    assert_eq!(
        result.seal.as_ref().map(|s| s.key.clone()),
        Some(key.fingerprint())
    );
    assert_eq!(result.check_seal(&key), None);
    // Any field changes what the seal covers, the totals (outside the chain) too.
    let mut edited = result.clone();
    edited.totals.scores.overall = edited.totals.scores.overall.wrapping_add(1);
    assert!(edited.check_seal(&key).is_some());
    let mut renamed = result.clone();
    renamed.candidate = "Bob".into();
    renamed.chain = chain(&renamed);
    assert!(renamed.check_seal(&key).is_some());
}

#[test]
fn a_sealed_journal_resumes_only_with_its_key() {
    let dir = tempfile::tempdir().expect("temp dir");
    let journal = dir.path().join("j.jsonl");
    let file = definition(DEF);
    let key = crate::assessment::seal::SealKey::generate().expect("key");
    let begin = |key: Option<&crate::assessment::seal::SealKey>| {
        begin(&file, "Ann", 1.0, false, Some(&journal), key.cloned())
    };
    let mut run = begin(Some(&key)).expect("begins");
    run.reply(1, None, None).expect("reply");
    drop(run);
    let unsealed = begin(None).err().expect("refused without the key");
    assert!(
        unsealed.to_string().contains(&key.fingerprint()),
        "{unsealed}"
    );
    let other = crate::assessment::seal::SealKey::generate().expect("key");
    assert!(begin(Some(&other)).is_err(), "refused with another key");
    let mut resumed = begin(Some(&key)).expect("resumes with its key");
    play_out(&mut resumed);
    assert_eq!(resumed.result(T0).check_seal(&key), None);
}

#[test]
fn every_candidate_meets_the_same_seeds_and_orders() {
    let file = definition(DEF);
    let a = begin(&file, "A", 1.0, false, None, None).expect("begins");
    let b = begin(&file, "B", 1.0, false, None, None).expect("begins");
    let seeds: Vec<u64> = a.parts().iter().map(|p| p.seed).collect();
    assert_eq!(seeds, b.parts().iter().map(|p| p.seed).collect::<Vec<_>>());
    assert_eq!(seeds.len(), 3);
    assert!(seeds[0] != seeds[1] && seeds[1] != seeds[2]);
    // Every part is shuffled, identically for both candidates, turn after turn.
    let (mut a, mut b) = (a, b);
    let mut shuffled = 0;
    while !a.is_finished() {
        assert_eq!(a.order(), b.order());
        let authored: Vec<usize> = (1..=a.order().len()).collect();
        shuffled += usize::from(a.order() != authored);
        let key_one = a.order()[0];
        a.reply(key_one, None, None).expect("reply");
        b.reply(key_one, None, None).expect("reply");
    }
    assert!(
        shuffled > 3,
        "only {shuffled} turns were shown out of authored order"
    );
    assert_eq!(a.result(T0).records, b.result(T0).records);
}

#[test]
fn a_resumed_run_ends_identical_to_an_uninterrupted_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = definition(DEF);
    let mut whole = begin(&file, "Cand", 1.5, false, None, None).expect("begins");
    let total = play_out(&mut whole);
    for cut in [1, 5, total - 1] {
        let journal = dir.path().join(format!("cut-{cut}.jsonl"));
        let mut first = begin(&file, "Cand", 1.5, false, Some(&journal), None).expect("begins");
        for _ in 0..cut {
            first.reply(1, None, None).expect("reply");
        }
        let began = first.started_at();
        drop(first);
        // Today's arguments differ, but the journal's accommodation and start time win.
        let mut resumed = begin(&file, "Cand", 1.0, false, Some(&journal), None).expect("resumes");
        assert_eq!(resumed.started_at(), began);
        assert_eq!(play_out(&mut resumed), total - cut);
        let (mut a, b) = (whole.result(T0), resumed.result(T0));
        assert_eq!(a.records, b.records);
        assert_eq!(a.totals, b.totals);
        assert_eq!(b.extra_time, 1.5);
        // The runs began and ended at different seconds; with those equal, so is the chain.
        (a.started_at, a.finished_at) = (b.started_at, b.finished_at);
        assert_eq!(chain(&a), b.chain);
    }
}

#[test]
fn a_torn_last_journal_line_is_dropped_and_a_foreign_journal_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let journal = dir.path().join("j.jsonl");
    let file = definition(DEF);
    let mut run = begin(&file, "Cand", 1.0, false, Some(&journal), None).expect("begins");
    run.reply(1, None, None).expect("reply");
    drop(run);
    let mut text = std::fs::read_to_string(&journal).expect("journal");
    text.push_str("{\"kind\":\"reply\",\"pa");
    std::fs::write(&journal, text).expect("write");
    let mut resumed = begin(&file, "Cand", 1.0, false, Some(&journal), None).expect("resumes");
    assert_eq!(resumed.conversation().turns().len(), 1);
    // The torn fragment was cut off, so the next reply starts a line of its own.
    resumed.reply(1, None, None).expect("reply");
    drop(resumed);
    let again = begin(&file, "Cand", 1.0, false, Some(&journal), None).expect("resumes again");
    assert_eq!(again.conversation().turns().len(), 2);
    drop(again);
    assert!(matches!(
        begin(&file, "Someone else", 1.0, false, Some(&journal), None),
        Err(RunError::ForeignJournal(_))
    ));
}

#[test]
fn a_time_out_is_recorded_and_verifies() {
    let file = definition(DEF);
    let mut run = begin(&file, "Cand", 1.0, true, None, None).expect("begins");
    let at = Duration::from_millis;
    while run.part_index() == 0 {
        run.reply(1, None, Some(at(0))).expect("reply");
    }
    // The candidate walks in to the first scored customer; the clock starts.
    run.start_clock(at(1_000));
    assert_eq!(
        run.reply(1, Some(Duration::from_secs(40)), Some(at(42_000)))
            .expect("reply"),
        RunStep::NextTurn
    );
    assert_eq!(run.check_clock(at(300_999)).expect("clock"), None);
    assert_eq!(
        run.check_clock(at(301_000)).expect("clock"),
        Some(RunStep::NextCustomer { timed_out: true })
    );
    assert_eq!(run.part_index(), 2);
    let result = run.result(T0);
    let record = &result.records[0];
    assert!(record.timed_out);
    assert!(record.report.timed_out);
    assert_eq!(record.time_used_ms, Some(300_000));
    // The report's row adds the parts' times, in seconds.
    let used: u64 = result.records.iter().filter_map(|r| r.time_used_ms).sum();
    let row = crate::report::Row::from_assessment(&result, Vec::new());
    assert_eq!(row.time_used_s, Some(used as f64 / 1000.0));
    assert!(used >= 300_000);
    assert_eq!(
        record.report.outcome,
        Some(crate::engine::scenario::Outcome::Lost)
    );
    // The 40 s reply counted as slow (threshold 30 s without accommodation).
    assert_eq!(record.report.style.evidence.melancholic, 0.5);
    assert_eq!(verify(&result, &pack(), &[]), Vec::<String>::new());
}

#[test]
fn extra_time_scales_the_limits_and_the_slow_reply_threshold() {
    let def = definition(DEF).def;
    assert_eq!(
        limits(&def, 1.5),
        (Duration::from_secs(450), Duration::from_secs(1080))
    );
    assert_eq!(options_for(1.5).slow_reply, Duration::from_secs(45));
    assert_eq!(options_for(0.5).slow_reply, Duration::from_secs(30));
}

#[test]
fn editing_a_record_breaks_the_chain() {
    let file = definition(DEF);
    let mut run = begin(&file, "Cand", 1.0, false, None, None).expect("begins");
    play_out(&mut run);
    let mut result = run.result(T0);
    assert!(verify(&result, &pack(), &[]).is_empty());
    let closing = &mut result.records[1].report.scores.closing;
    *closing = 100 - *closing;
    let found = verify(&result, &pack(), &[]);
    assert!(
        found
            .iter()
            .any(|m| m.contains("record 2") && m.contains("closing differs")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|m| m.contains("chain is broken at record 2")),
        "{found:?}"
    );
}

#[test]
fn percentile_ranks_are_the_share_of_others_lower_with_half_the_ties() {
    let some = |v: &[u8]| v.iter().map(|&p| Some(p)).collect::<Vec<_>>();
    assert_eq!(percentile_ranks(&[50, 70, 70, 90]), some(&[0, 50, 50, 100]));
    // Two of three others lower, one tied: (2 + 0.5) / 3 = 83.3.
    assert_eq!(percentile_ranks(&[10, 20, 40, 40]), some(&[0, 33, 83, 83]));
    assert_eq!(percentile_ranks(&[80, 80]), some(&[50, 50]));
    assert_eq!(percentile_ranks(&[60]), vec![None]);
    assert!(percentile_ranks(&[]).is_empty());
}

#[test]
fn a_damaged_or_changed_journal_is_refused_not_misread() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = definition(DEF);
    let journal = dir.path().join("j.jsonl");
    let mut run = begin(&file, "Cand", 1.0, false, Some(&journal), None).expect("begins");
    run.reply(1, None, None).expect("reply");
    drop(run);
    let text = std::fs::read_to_string(&journal).expect("journal");
    let refused = |text: String| {
        std::fs::write(&journal, text).expect("write");
        matches!(
            begin(&file, "Cand", 1.0, false, Some(&journal), None),
            Err(RunError::Damaged(_))
        )
    };
    // An entry for a part that is not being played.
    assert!(refused(text.replace("\"part\":0", "\"part\":2")));
    // Absurd accommodation.
    assert!(refused(
        text.replace("\"extra_time\":1.0", "\"extra_time\":1e300")
    ));
    // No start line.
    assert!(refused(
        text.lines().skip(1).map(|l| format!("{l}\n")).collect()
    ));
    // A scenario changed since the run began.
    let part_hash = parts(&file.def, &pack()).expect("parts")[0]
        .playable
        .hash
        .clone();
    assert_ne!(part_hash, "0".repeat(64));
    assert!(refused(text.replacen(&part_hash, &"0".repeat(64), 1)));
}

#[test]
fn verify_checks_the_records_against_the_definition() {
    let file = definition(DEF);
    let mut run = begin(&file, "Cand", 1.0, false, None, None).expect("begins");
    play_out(&mut run);
    let result = run.result(T0);
    assert!(verify(&result, &pack(), std::slice::from_ref(&file)).is_empty());
    let mut swapped = result.clone();
    swapped.records.swap(0, 1);
    swapped.chain = chain(&swapped);
    let found = verify(&swapped, &pack(), std::slice::from_ref(&file));
    assert!(
        found
            .iter()
            .any(|m| m.contains("are not the assessment's scenarios")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|m| m.contains("the seed is not the assessment's")),
        "{found:?}"
    );
}

#[test]
fn the_total_rewards_staying_where_the_old_rule_rewarded_walking_out() {
    let file = definition(DEF);
    let mut run = begin(&file, "Cand", 1.0, false, None, None).expect("begins");
    play_out(&mut run);
    let records = run.result(T0).records;
    let with_scores = |needs, objections, closing, overall| {
        let mut record = records[0].clone();
        record.report.scores = Scores {
            needs_discovery: needs,
            objection_handling: objections,
            closing,
            overall,
        };
        record
    };
    let won = with_scores(100, Some(100), 64, 88);
    let walked_out = vec![with_scores(0, None, 0, 0), won.clone()];
    let stayed = vec![with_scores(50, Some(0), 0, 17), won];
    // Format 1 (the mean of the competency means) ranked the walk-out higher: 61 against 52.
    assert_eq!(totals_for(1, &walked_out).scores.overall, 61);
    assert_eq!(totals_for(1, &stayed).scores.overall, 52);
    // Today's rule, the mean of the parts' overall scores: 44 against 53.
    assert_eq!(totals(&walked_out).scores.overall, 44);
    assert_eq!(totals(&stayed).scores.overall, 53);
    // The competency totals stay means over the parts where each is defined.
    assert_eq!(totals(&walked_out).scores.objection_handling, Some(100));
}

#[test]
fn part_seeds_are_splitmix64_and_never_change() {
    // The first output of splitmix64 from state 0, as published with the algorithm.
    assert_eq!(part_seed(0, 0), 0xE220_A839_7B1D_CDAF);
    // A candidate resumed years later meets the same customers: these must never move.
    assert_eq!(
        [part_seed(99, 0), part_seed(99, 1), part_seed(99, 2)],
        [
            4_824_385_676_517_010_403,
            583_982_616_703_494_564,
            15_398_599_001_720_869_627
        ]
    );
}

#[test]
fn a_result_names_its_definition_by_the_sha256_of_the_file() {
    let file = definition(DEF);
    let mut run = begin(&file, "Hash", 1.0, false, None, None).expect("begins");
    play_out(&mut run);
    let hash = run.result(T0).assessment_hash;
    assert_eq!(hash, crate::engine::record::content_hash(DEF));
    assert_eq!(hash.len(), 64);
    // The SHA-256 of "abc" (FIPS 180-2, appendix B.1).
    assert_eq!(
        crate::engine::record::content_hash("abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn an_interrupted_run_says_how_far_it_got_and_a_discarded_one_is_kept_aside() {
    use crate::store::journal::{DISCARDED_DIR, discard_journal, interrupted_runs, read_journal};
    let dir = tempfile::tempdir().expect("temp dir");
    let file = definition(DEF);
    let journal = journal_path(dir.path(), "unit-screen", "Olga P.");
    let mut run = begin(&file, "Olga P.", 1.0, true, Some(&journal), None).expect("begins");
    let at = Duration::from_millis;
    while run.part_index() == 0 {
        run.reply(1, None, Some(at(0))).expect("reply");
    }
    run.start_clock(at(1_000));
    run.reply(1, Some(Duration::from_secs(3)), Some(at(4_000)))
        .expect("reply");
    run.check_clock(at(9_000)).expect("tick");
    let warm_up = run.records().len() + run.conversation().turns().len();
    drop(run);

    let found = interrupted_runs(dir.path());
    assert_eq!(found.len(), 1);
    let offer = &found[0];
    assert_eq!(offer.candidate, "Olga P.");
    assert_eq!(offer.part, 1, "at the first scored customer");
    assert!(offer.replies >= warm_up);
    assert!(
        offer.used_ms.get(1).is_some_and(|&used| used >= 8_000),
        "{:?}",
        offer.used_ms
    );

    let kept = discard_journal(&offer.journal, T0, Some("fingerprint".into())).expect("discarded");
    assert!(kept.starts_with(dir.path().join("journal").join(DISCARDED_DIR)));
    assert!(!offer.journal.exists());
    assert!(interrupted_runs(dir.path()).is_empty(), "not offered again");
    let last = read_journal(&kept).expect("kept").pop();
    assert_eq!(
        last,
        Some(JournalEntry::Discarded {
            at: T0,
            by: Some("fingerprint".into())
        })
    );
    // Even moved back by hand, a discarded run does not resume.
    std::fs::rename(&kept, &offer.journal).expect("moved back");
    assert!(interrupted_runs(dir.path()).is_empty());
    assert!(begin(&file, "Olga P.", 1.0, true, Some(&offer.journal), None).is_err());
}

#[test]
fn a_journal_reports_the_bytes_of_its_whole_lines_only() {
    use crate::assessment::journal::parse_journal;
    let tick = r#"{"kind":"tick","part":0,"used_ms":5}"#;
    let reply = r#"{"kind":"reply","part":0,"choice":2,"latency_ms":null,"used_ms":7}"#;
    let text = format!("{tick}\n{reply}\n{{\"kind\":\"ti");
    let (entries, good) = parse_journal(Path::new("j.jsonl"), &text).expect("parses");
    assert_eq!(entries.len(), 2);
    assert_eq!(good, (tick.len() + 1 + reply.len() + 1) as u64);
}

#[test]
fn a_run_reports_its_accommodation_and_the_time_used() {
    let file = definition(DEF);
    let mut run = begin(&file, "Acc", 1.5, true, None, None).expect("begins");
    assert_eq!(run.extra_time(), 1.5);
    let at = Duration::from_millis;
    while run.part_index() == 0 {
        run.reply(1, None, Some(at(0))).expect("reply");
    }
    run.start_clock(at(1_000));
    // The time used is recorded at each tick, not in between.
    run.check_clock(at(4_500)).expect("no tick yet");
    assert_eq!(run.used_ms(), 0);
    run.check_clock(at(1_000 + TICK_MS + 250)).expect("tick");
    assert_eq!(run.used_ms(), TICK_MS + 250);
}

#[test]
fn the_checker_names_what_is_wrong_with_an_edited_result() {
    use crate::assessment::checker::Checker;
    let file = definition(DEF);
    let mut run = begin(&file, "Check", 1.0, false, None, None).expect("begins");
    play_out(&mut run);
    let mut result = run.result(T0);
    let checker = Checker::new(&[], &[], None);
    assert_eq!(checker.check_assessment(&result), Vec::<String>::new());
    result.records[0].report.scores.overall = 3;
    let problems = checker.check_assessment(&result);
    assert!(
        problems.iter().any(|p| p.contains("overall differs")),
        "{problems:?}"
    );
}
