//! `rapport report`: one row per candidate (scores, style, time, accommodation, verification,
//! percentile rank, band) and the test statistics of each assessment, printed as text or JSON
//! and written as CSV and HTML by `rapport_core::report`.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use super::{EXIT_INVALID, EXIT_USAGE, Format, ReportArgs};
use rapport_core::assessment::AssessmentResult;
use rapport_core::report::csv::csv;
use rapport_core::report::groups::parse_groups;
use rapport_core::report::html::html;
use rapport_core::report::stats::Statistics;
use rapport_core::report::{COLUMNS, Row, assessment_report, seminar_rows};
use rapport_core::store::results::is_assessment;
use rapport_core::store::text::read_limited;
use rapport_core::store::{read_bytes, write_atomically};
use rapport_core::xapi::fetched::{Fetched, results};
use rapport_core::xapi::lrs::{Lrs, Query};
use rapport_core::xapi::statements::assessment_iri;
use rapport_core::xapi::verbs;

/// What `--format json` prints.
#[derive(Serialize)]
struct JsonReport<'a> {
    rows: &'a [Row],
    statistics: &'a [Statistics],
}

/// Prints the report and writes the CSV and HTML files asked for; false when a write failed.
pub(super) fn publish(
    rows: &[Row],
    stats: &[Statistics],
    title: &str,
    format: Format,
    files: (Option<&Path>, Option<&Path>),
) -> bool {
    match format {
        Format::Json => match serde_json::to_string_pretty(&JsonReport {
            rows,
            statistics: stats,
        }) {
            Ok(json) => outln!("{json}"),
            Err(e) => {
                eprintln!("cannot write JSON: {e}");
                return false;
            }
        },
        Format::Text => print_text(rows, stats),
    }
    let mut ok = true;
    let (csv_path, html_path) = files;
    for (target, text) in [
        (csv_path, csv(rows)),
        (html_path, html(rows, title, stats.first())),
    ] {
        if let Some(path) = target
            && let Err(e) = write_atomically(path, text.as_bytes())
        {
            eprintln!("cannot write: {e}");
            ok = false;
        }
    }
    ok
}

fn print_text(rows: &[Row], stats: &[Statistics]) {
    outln!("{}", COLUMNS.join("\t"));
    for row in rows {
        outln!("{}", row.cells().join("\t"));
    }
    for s in stats {
        let r = &s.reliability;
        outln!(
            "\n{}: {} candidates, {} items; alpha {}, split-half {}, SEM {}, test-retest {}",
            s.assessment,
            s.candidates,
            s.items.len(),
            r.cronbach_alpha.display(3),
            r.split_half.display(3),
            r.sem.display(2),
            r.test_retest.display(3)
        );
        for item in &s.items {
            outln!(
                "  {}: mean {:.1}, p {:.2}, item-total {}",
                item.scenario,
                item.mean,
                item.difficulty,
                item.item_total.display(3)
            );
        }
        for g in s.impact.iter().flatten() {
            outln!(
                "  group {}: {} of {} passed, impact ratio {}{}, Fisher p {:.3}",
                g.group,
                g.passed,
                g.candidates,
                g.impact_ratio.map_or("-".to_owned(), |r| format!("{r:.2}")),
                if g.flagged {
                    " (below four fifths)"
                } else {
                    ""
                },
                g.fisher_p
            );
        }
    }
}

/// Reads the recruiter's group file, if one was given.
fn groups(path: Option<&Path>) -> Result<Option<BTreeMap<String, String>>, ExitCode> {
    let Some(path) = path else {
        return Ok(None);
    };
    let fail = |message: String| {
        eprintln!("error: {message}");
        ExitCode::from(EXIT_USAGE)
    };
    let text = read_limited(path).map_err(|e| fail(e.to_string()))?;
    parse_groups(path, &text)
        .map(Some)
        .map_err(|e| fail(e.to_string()))
}

pub(super) fn run(args: &ReportArgs, game: &super::GameArgs) -> ExitCode {
    let checker = match super::verify::checker(&args.check) {
        Ok(checker) => checker,
        Err(code) => return code,
    };
    let groups = match groups(args.groups.as_deref()) {
        Ok(groups) => groups,
        Err(code) => return code,
    };
    let mut results = Vec::new();
    let mut failed = false;
    if let Some(id) = &args.assessment {
        match from_lrs(args, id, &super::play::data_dir(game.data_dir.as_ref())) {
            Ok(fetched) => {
                for f in fetched {
                    let mut problems = f.problems;
                    problems.extend(checker.check_assessment(&f.result));
                    results.push((f.result, problems));
                }
            }
            Err(code) => return code,
        }
    }
    for path in &args.files {
        let parsed = read_bytes(path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                if is_assessment(&bytes) {
                    serde_json::from_slice::<AssessmentResult>(&bytes).map_err(|e| e.to_string())
                } else {
                    Err("its kind is not \"assessment\"".to_owned())
                }
            });
        match parsed {
            Ok(result) => {
                let problems = checker.check_assessment(&result);
                results.push((result, problems));
            }
            Err(e) => {
                eprintln!("{}: not an assessment result: {e}", path.display());
                failed = true;
            }
        }
    }
    let (rows, stats) = assessment_report(&results, checker.pack(), args.cut, groups.as_ref());
    failed |= !publish(
        &rows,
        &stats,
        "Rapport assessment report",
        args.format,
        (args.csv.as_deref(), args.html.as_deref()),
    );
    if failed {
        ExitCode::from(EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    }
}

/// An assessment's results as the LRS holds them, each flagged where it does not match the
/// file it names.
fn from_lrs(
    args: &ReportArgs,
    id: &str,
    data: &Path,
) -> Result<Vec<Fetched<AssessmentResult>>, ExitCode> {
    let fail = |message: String, code: u8| {
        eprintln!("error: {message}");
        ExitCode::from(code)
    };
    // The data folder only supplies saved LRS settings; the report reads nothing else there.
    let config = super::xapi::lrs_config(&args.lrs, data)
        .map_err(|e| fail(e, EXIT_USAGE))?
        .ok_or_else(|| {
            fail(
                "--assessment reads from an LRS: give --lrs URL".to_owned(),
                EXIT_USAGE,
            )
        })?;
    let statements = Lrs::new(config)
        .fetch(&Query {
            verb: Some(verbs::COMPLETED.to_owned()),
            activity: Some(assessment_iri(id)),
            ..Query::default()
        })
        .map_err(|e| fail(e.to_string(), EXIT_INVALID))?;
    Ok(results::<AssessmentResult>(&statements))
}

/// The seminar's group report: its rows as text, CSV and HTML.
pub(super) fn seminar(
    seminar: &rapport_core::seminar::Seminar,
    pack: &[rapport_core::authoring::pack::Playable],
    files: (Option<&Path>, Option<&Path>),
) -> bool {
    let rows = seminar_rows(seminar, pack);
    publish(&rows, &[], &seminar.title, Format::Text, files)
}
