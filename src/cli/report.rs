//! `rapport report`: one row per candidate (scores, style, time, accommodation, verification,
//! percentile rank) printed as a table and written as CSV and HTML by `rapport_core::report`.

use std::process::ExitCode;

use super::{EXIT_INVALID, ReportArgs};
use rapport_core::assessment::AssessmentResult;
use rapport_core::report::csv::csv;
use rapport_core::report::html::html;
use rapport_core::report::{COLUMNS, Row, ranked};
use rapport_core::store::results::is_assessment;
use rapport_core::store::{read_bytes, write_atomically};

/// Prints the table and writes the CSV and HTML files asked for; false when a write failed.
pub(super) fn publish(
    rows: &[Row],
    title: &str,
    csv_path: Option<&std::path::Path>,
    html_path: Option<&std::path::Path>,
) -> bool {
    outln!("{}", COLUMNS.join("\t"));
    for row in rows {
        outln!("{}", row.cells().join("\t"));
    }
    let mut ok = true;
    for (target, text) in [(csv_path, csv(rows)), (html_path, html(rows, title))] {
        if let Some(path) = target
            && let Err(e) = write_atomically(path, text.as_bytes())
        {
            eprintln!("cannot write: {e}");
            ok = false;
        }
    }
    ok
}

pub(super) fn run(args: &ReportArgs) -> ExitCode {
    let checker = match super::verify::checker(&args.check) {
        Ok(checker) => checker,
        Err(code) => return code,
    };
    let mut rows = Vec::new();
    let mut failed = false;
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
            Ok(result) => rows.push(Row::from_assessment(
                &result,
                checker.check_assessment(&result),
            )),
            Err(e) => {
                eprintln!("{}: not an assessment result: {e}", path.display());
                failed = true;
            }
        }
    }
    let rows = ranked(rows);
    failed |= !publish(
        &rows,
        "Rapport assessment report",
        args.csv.as_deref(),
        args.html.as_deref(),
    );
    if failed {
        ExitCode::from(EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    }
}
