//! `rapport report` on a cohort of 30 candidates played by the engine: item statistics,
//! reliability with each candidate's band, the distribution of totals with the cut score and
//! adverse impact by the recruiter's groups, in the table, the CSV, the JSON and the HTML.

mod common;

use std::path::{Path, PathBuf};

use common::{rapport, text};
use rapport_core::assessment::{Run, RunStart, load_definitions};
use rapport_core::authoring::pack::playable;
use rapport_core::engine::record::Timestamp;
use rapport_core::store::results::save_assessment;
use serde_json::Value;

/// Thirty candidates of the shipped assessment, each pressing keys from a seeded stream of
/// their own (so their scores spread), saved as result files; returns their paths.
fn cohort(data: &Path) -> Vec<PathBuf> {
    let pack = playable(&[]);
    let definitions: Vec<_> = load_definitions(&[], &pack)
        .into_iter()
        .filter_map(Result::ok)
        .collect();
    (0..30u64)
        .map(|c| {
            let mut run = Run::begin(RunStart {
                file: &definitions[0],
                pack: &pack,
                candidate: &format!("Candidate {c:02}"),
                extra_time: 1.0,
                timed: false,
                journal: None,
                seal_key: None,
                now: Timestamp(1_800_000_000),
            })
            .expect("begins");
            let mut state = c.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
            while !run.is_finished() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let order = run.order();
                let key = (state % order.len() as u64) as usize;
                run.reply(order[key], None, None).expect("reply");
            }
            let result = run.result(Timestamp(1_800_000_000 + c as i64));
            save_assessment(data, &result, &[]).expect("saved")
        })
        .collect()
}

#[test]
fn thirty_candidates_get_statistics_bands_a_histogram_and_impact() {
    let dir = tempfile::tempdir().expect("dir");
    let files = cohort(dir.path());
    let groups = dir.path().join("groups.csv");
    let mut groups_csv = String::from("candidate,group\n");
    for c in 0..30 {
        groups_csv.push_str(&format!(
            "Candidate {c:02},{}\n",
            if c % 3 == 0 { "north" } else { "south" }
        ));
    }
    std::fs::write(&groups, groups_csv).expect("groups");
    let (csv, html) = (dir.path().join("r.csv"), dir.path().join("r.html"));
    let mut args: Vec<&str> = vec!["report"];
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    args.extend(names.iter().map(String::as_str));
    let (groups_arg, csv_arg, html_arg) = (
        groups.display().to_string(),
        csv.display().to_string(),
        html.display().to_string(),
    );
    args.extend(["--groups", &groups_arg, "--cut", "40", "--csv", &csv_arg]);
    args.extend(["--html", &html_arg]);
    let out = rapport(&args);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        stdout.contains("30 candidates, 3 items; alpha "),
        "{stdout}"
    );
    assert!(stdout.contains("group north: "), "{stdout}");

    // Every row carries a band around its total, inside 0..=100.
    let table = std::fs::read_to_string(&csv).expect("csv");
    let header: Vec<&str> = table.lines().next().expect("header").split(',').collect();
    let (low, high, overall) = (
        header
            .iter()
            .position(|h| *h == "band_low")
            .expect("band_low"),
        header
            .iter()
            .position(|h| *h == "band_high")
            .expect("band_high"),
        header
            .iter()
            .position(|h| *h == "overall")
            .expect("overall"),
    );
    assert_eq!(table.lines().count(), 31);
    for line in table.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let n = |i: usize| cells[i].parse::<u8>().expect("a number");
        assert!(n(low) <= n(overall) && n(overall) <= n(high), "{line}");
    }

    let page = std::fs::read_to_string(&html).expect("html");
    for part in [
        "<h3>Items</h3>",
        "<h3>Reliability</h3>",
        "Catano et al., 2012",
        "<h3>Distribution of totals</h3>",
        "cut 40",
        "<h3>Adverse impact at the cut score 40</h3>",
        "29 CFR 1607.4(D)",
    ] {
        assert!(page.contains(part), "the report lacks {part}");
    }

    let mut json_args = args[..31].to_vec();
    json_args.extend(["--groups", &groups_arg, "--cut", "40", "--format", "json"]);
    let json: Value = serde_json::from_slice(&rapport(&json_args).stdout).expect("json");
    let stats = &json["statistics"][0];
    assert_eq!(stats["candidates"], 30);
    assert_eq!(stats["items"].as_array().map(Vec::len), Some(3));
    assert!(stats["reliability"]["cronbach_alpha"]["value"].is_number());
    let impact = stats["impact"].as_array().expect("impact");
    let counted: u64 = impact
        .iter()
        .map(|g| g["candidates"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(counted, 30);
    assert_eq!(json["rows"].as_array().map(Vec::len), Some(30));
}
