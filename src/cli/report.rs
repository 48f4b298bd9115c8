//! `rapport report`: one row per candidate (scores, style, time, accommodation, verification,
//! percentile rank), printed as a table and written as CSV and a self-contained HTML report.

use std::fmt::Write as _;
use std::process::ExitCode;

use super::verify::check_file;
use super::{EXIT_INVALID, ReportArgs, playable_pack};
use crate::sim::assessment::{AssessmentResult, percentile_ranks};
use crate::sim::record::write_atomically;
use crate::sim::scenario::Style;

/// One candidate's line of the report.
struct Row {
    result: AssessmentResult,
    verified: Vec<String>,
    percentile: u8,
}

impl Row {
    fn time_used_s(&self) -> Option<f64> {
        let times: Option<Vec<u64>> = self.result.records.iter().map(|r| r.time_used_ms).collect();
        times.map(|t| t.iter().sum::<u64>() as f64 / 1000.0)
    }

    fn verification(&self) -> String {
        if self.verified.is_empty() {
            "genuine".into()
        } else {
            format!("MISMATCH: {}", self.verified.join("; "))
        }
    }

    /// The CSV/table cells in [`COLUMNS`] order.
    fn cells(&self) -> Vec<String> {
        let t = &self.result.totals;
        vec![
            self.result.candidate.clone(),
            self.result.assessment.clone(),
            t.scores.needs_discovery.to_string(),
            t.scores
                .objection_handling
                .map_or(String::new(), |v| v.to_string()),
            t.scores.closing.to_string(),
            t.scores.overall.to_string(),
            t.style.key().to_owned(),
            format!("{:.3}", t.shares.melancholic),
            format!("{:.3}", t.shares.erudite),
            format!("{:.3}", t.shares.executive),
            self.time_used_s()
                .map_or(String::new(), |s| format!("{s:.0}")),
            format!("{}", self.result.extra_time),
            self.verification(),
            self.percentile.to_string(),
        ]
    }
}

/// The report's columns.
pub const COLUMNS: [&str; 14] = [
    "candidate",
    "assessment",
    "needs_discovery",
    "objection_handling",
    "closing",
    "overall",
    "style",
    "share_melancholic",
    "share_erudite",
    "share_executive",
    "time_used_s",
    "extra_time",
    "verification",
    "percentile",
];

fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

fn csv(rows: &[Row]) -> String {
    let mut out = COLUMNS.join(",");
    out.push('\n');
    for row in rows {
        let cells: Vec<String> = row.cells().iter().map(|c| csv_field(c)).collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A horizontal bar chart as inline SVG: (label, value 0..=100).
fn bars(items: &[(String, Option<f64>)]) -> String {
    let height = 26 * items.len() + 6;
    let mut svg = format!(
        r#"<svg width="520" height="{height}" role="img" xmlns="http://www.w3.org/2000/svg">"#
    );
    for (i, (label, value)) in items.iter().enumerate() {
        let y = 4 + 26 * i;
        let _ = write!(
            svg,
            r##"<text x="0" y="{}" font-size="13">{}</text><rect x="190" y="{y}" width="260" height="16" rx="8" fill="#ebe7df"/>"##,
            y + 13,
            escape(label)
        );
        match value {
            Some(v) => {
                let color = if *v >= 75.0 {
                    "#2e7d46"
                } else if *v >= 45.0 {
                    "#be7814"
                } else {
                    "#b43a30"
                };
                let _ = write!(
                    svg,
                    r#"<rect x="190" y="{y}" width="{:.1}" height="16" rx="8" fill="{color}"/><text x="460" y="{}" font-size="13">{v:.0}</text>"#,
                    2.6 * v,
                    y + 13
                );
            }
            None => {
                let _ = write!(
                    svg,
                    r#"<text x="460" y="{}" font-size="13">n/a</text>"#,
                    y + 13
                );
            }
        }
    }
    svg.push_str("</svg>");
    svg
}

fn html(rows: &[Row]) -> String {
    let mut out = String::from(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Rapport assessment report</title>
<style>
body{font-family:system-ui,sans-serif;color:#26282c;margin:32px;max-width:980px}
h1{color:#266e73}table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left}
section{page-break-inside:avoid;border:1px solid #ddd;border-radius:8px;padding:12px 16px;margin:16px 0}
.note{color:#666;font-size:13px}.bad{color:#b43a30}.good{color:#2e7d46}
@media print{body{margin:0}section{page-break-inside:avoid}}
</style></head><body>
<h1>Rapport assessment report</h1>
<p class="note">Following research on situational judgement tests, the <b>overall</b> score is the
screening figure; needs discovery, objection handling and closing are given as development
feedback for the candidate, not as separate pass marks. Percentile ranks are within this group.</p>
<table><tr>"#,
    );
    for c in COLUMNS {
        let _ = write!(out, "<th>{}</th>", escape(c));
    }
    out.push_str("</tr>");
    for row in rows {
        out.push_str("<tr>");
        for cell in row.cells() {
            let _ = write!(out, "<td>{}</td>", escape(&cell));
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
    for row in rows {
        let r = &row.result;
        let t = &r.totals;
        let status = if row.verified.is_empty() {
            r#"<span class="good">genuine</span>"#.to_owned()
        } else {
            format!(
                r#"<span class="bad">{}</span>"#,
                escape(&row.verification())
            )
        };
        let _ = write!(
            out,
            "<section><h2>{}</h2><p>{} · overall <b>{}</b> · percentile {} · style {} · extra time ×{} · {}</p>",
            escape(&r.candidate),
            escape(&r.assessment_title),
            t.scores.overall,
            row.percentile,
            escape(t.style.key()),
            r.extra_time,
            status
        );
        out.push_str(&bars(&[
            (
                "Overall (screening)".into(),
                Some(f64::from(t.scores.overall)),
            ),
            (
                "Needs discovery".into(),
                Some(f64::from(t.scores.needs_discovery)),
            ),
            (
                "Objection handling".into(),
                t.scores.objection_handling.map(f64::from),
            ),
            ("Closing".into(), Some(f64::from(t.scores.closing))),
        ]));
        let shares: Vec<(String, Option<f64>)> = Style::ALL
            .iter()
            .map(|s| {
                (
                    format!("Style: {}", s.key()),
                    Some(100.0 * t.shares.get(*s)),
                )
            })
            .collect();
        out.push_str(&bars(&shares));
        out.push_str("<table><tr><th>scenario</th><th>outcome</th><th>needs</th><th>objections</th><th>closing</th><th>overall</th><th>style</th><th>timed out</th></tr>");
        for rec in &r.records {
            let s = &rec.report.scores;
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&rec.scenario),
                rec.report.outcome.map_or("", |o| o.key()),
                s.needs_discovery,
                s.objection_handling.map_or("n/a".into(), |v| v.to_string()),
                s.closing,
                s.overall,
                rec.report.style.label.key(),
                if rec.timed_out { "yes" } else { "no" }
            );
        }
        out.push_str("</table></section>");
    }
    out.push_str("</body></html>\n");
    out
}

pub(super) fn run(args: &ReportArgs) -> ExitCode {
    let pack = playable_pack(&args.scenario_dirs);
    let mut rows = Vec::new();
    let mut failed = false;
    for path in &args.files {
        let parsed = std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str::<AssessmentResult>(&t).map_err(|e| e.to_string()));
        match parsed {
            Ok(result) => rows.push(Row {
                verified: check_file(path, &pack),
                result,
                percentile: 0,
            }),
            Err(e) => {
                eprintln!("{}: not an assessment result: {e}", path.display());
                failed = true;
            }
        }
    }
    let overall: Vec<u8> = rows
        .iter()
        .map(|r| r.result.totals.scores.overall)
        .collect();
    for (row, rank) in rows.iter_mut().zip(percentile_ranks(&overall)) {
        row.percentile = rank;
    }
    rows.sort_by(|a, b| {
        b.result
            .totals
            .scores
            .overall
            .cmp(&a.result.totals.scores.overall)
    });
    println!("{}", COLUMNS.join("\t"));
    for row in &rows {
        println!("{}", row.cells().join("\t"));
    }
    for (target, text) in [(&args.csv, csv(&rows)), (&args.html, html(&rows))] {
        if let Some(path) = target
            && let Err(e) = write_atomically(path, text.as_bytes())
        {
            eprintln!("cannot write: {e}");
            failed = true;
        }
    }
    if failed {
        ExitCode::from(EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    }
}
