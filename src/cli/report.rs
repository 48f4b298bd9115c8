//! `rapport report` and the seminar export: one row per person (scores, style, time,
//! accommodation, verification, percentile rank), as a table, CSV and self-contained HTML.

use std::fmt::Write as _;
use std::process::ExitCode;

use super::verify::Checker;
use super::{EXIT_INVALID, ReportArgs};
use crate::sim::assessment::{AssessmentResult, percentile_ranks};
use crate::sim::record::{ResultRecord, is_assessment, write_atomically};
use crate::sim::results::PerStyle;
use crate::sim::scenario::{Outcome, Style};
use crate::sim::scoring::Scores;
use crate::sim::style::StyleLabel;

/// One scenario inside a row, for the per-person section.
pub(super) struct Detail {
    scenario: String,
    outcome: Option<Outcome>,
    scores: Scores,
    style: StyleLabel,
    timed_out: bool,
}

/// One person's line of the report: an assessment candidate or a seminar participant.
pub(super) struct Row {
    person: String,
    /// The assessment, or seminar and scenario, the row belongs to; ranks are within it.
    context: String,
    title: String,
    scores: Scores,
    style: StyleLabel,
    shares: PerStyle,
    time_used_s: Option<f64>,
    extra_time: f64,
    verified: Vec<String>,
    percentile: u8,
    details: Vec<Detail>,
}

impl Row {
    pub(super) fn from_assessment(result: &AssessmentResult, verified: Vec<String>) -> Row {
        let times: Option<Vec<u64>> = result.records.iter().map(|r| r.time_used_ms).collect();
        Row {
            person: result.candidate.clone(),
            context: result.assessment.clone(),
            title: result.assessment_title.clone(),
            scores: result.totals.scores,
            style: result.totals.style,
            shares: result.totals.shares,
            time_used_s: times
                .map(|t| t.iter().fold(0u64, |a, &b| a.saturating_add(b)) as f64 / 1000.0),
            extra_time: result.extra_time,
            verified,
            percentile: 0,
            details: result
                .records
                .iter()
                .map(|r| Detail {
                    scenario: r.scenario.clone(),
                    outcome: r.report.outcome,
                    scores: r.report.scores,
                    style: r.report.style.label,
                    timed_out: r.timed_out,
                })
                .collect(),
        }
    }

    /// A seminar participant's result for one scenario.
    pub(super) fn from_practice(
        record: &ResultRecord,
        seminar: &str,
        verified: Vec<String>,
    ) -> Row {
        let r = &record.report;
        let latencies: Option<Vec<u64>> = r.transcript.iter().map(|t| t.latency_ms).collect();
        Row {
            person: record.player.clone(),
            context: format!("{seminar}/{}", r.scenario),
            title: record.scenario_title.clone(),
            scores: r.scores,
            style: r.style.label,
            shares: r.style.shares,
            time_used_s: latencies
                .map(|l| l.iter().fold(0u64, |a, &b| a.saturating_add(b)) as f64 / 1000.0),
            extra_time: 1.0,
            verified,
            percentile: 0,
            details: vec![Detail {
                scenario: r.scenario.clone(),
                outcome: r.outcome,
                scores: r.scores,
                style: r.style.label,
                timed_out: r.timed_out,
            }],
        }
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
        vec![
            self.person.clone(),
            self.context.clone(),
            self.scores.needs_discovery.to_string(),
            self.scores
                .objection_handling
                .map_or(String::new(), |v| v.to_string()),
            self.scores.closing.to_string(),
            self.scores.overall.to_string(),
            self.style.key().to_owned(),
            format!("{:.3}", self.shares.melancholic),
            format!("{:.3}", self.shares.erudite),
            format!("{:.3}", self.shares.executive),
            self.time_used_s
                .map_or(String::new(), |s| format!("{s:.0}")),
            format!("{}", self.extra_time),
            self.verification(),
            self.percentile.to_string(),
        ]
    }
}

/// Fills in the percentile rank of overall within each context; best first within a context.
pub(super) fn ranked(mut rows: Vec<Row>) -> Vec<Row> {
    let ranks: Vec<u8> = rows
        .iter()
        .map(|row| {
            let group: Vec<u8> = rows
                .iter()
                .filter(|r| r.context == row.context)
                .map(|r| r.scores.overall)
                .collect();
            let at = group
                .iter()
                .position(|&v| v == row.scores.overall)
                .unwrap_or(0);
            percentile_ranks(&group)[at]
        })
        .collect();
    for (row, rank) in rows.iter_mut().zip(ranks) {
        row.percentile = rank;
    }
    rows.sort_by(|a, b| {
        a.context
            .cmp(&b.context)
            .then(b.scores.overall.cmp(&a.scores.overall))
    });
    rows
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

pub(super) fn csv(rows: &[Row]) -> String {
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

const STYLE: &str = r#"<style>
body{font-family:system-ui,sans-serif;color:#26282c;margin:32px;max-width:980px}
h1{color:#266e73}table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left}
section{page-break-inside:avoid;border:1px solid #ddd;border-radius:8px;padding:12px 16px;margin:16px 0}
.note{color:#666;font-size:13px}.bad{color:#b43a30}.good{color:#2e7d46}
@media print{body{margin:0}section{page-break-inside:avoid}}
</style>"#;

/// A self-contained, printable page: the table, then a section per person with inline SVG.
pub(super) fn html(rows: &[Row], title: &str) -> String {
    let mut out = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{0}</title>{STYLE}</head><body><h1>{0}</h1>",
        escape(title)
    );
    out.push_str(
        "<p class=\"note\">Following research on situational judgement tests, the <b>overall</b> score is the \
         screening figure; needs discovery, objection handling and closing are given as development \
         feedback, not as separate pass marks. Percentile ranks are within each group.</p><table><tr>",
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
        let t = &row.scores;
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
            escape(&row.person),
            escape(&row.title),
            t.overall,
            row.percentile,
            escape(row.style.key()),
            row.extra_time,
            status
        );
        out.push_str(&bars(&[
            ("Overall (screening)".into(), Some(f64::from(t.overall))),
            ("Needs discovery".into(), Some(f64::from(t.needs_discovery))),
            (
                "Objection handling".into(),
                t.objection_handling.map(f64::from),
            ),
            ("Closing".into(), Some(f64::from(t.closing))),
        ]));
        let shares: Vec<(String, Option<f64>)> = Style::ALL
            .iter()
            .map(|s| {
                (
                    format!("Style: {}", s.key()),
                    Some(100.0 * row.shares.get(*s)),
                )
            })
            .collect();
        out.push_str(&bars(&shares));
        out.push_str("<table><tr><th>scenario</th><th>outcome</th><th>needs</th><th>objections</th><th>closing</th><th>overall</th><th>style</th><th>timed out</th></tr>");
        for d in &row.details {
            let s = &d.scores;
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&d.scenario),
                d.outcome.map_or("", |o| o.key()),
                s.needs_discovery,
                s.objection_handling.map_or("n/a".into(), |v| v.to_string()),
                s.closing,
                s.overall,
                d.style.key(),
                if d.timed_out { "yes" } else { "no" }
            );
        }
        out.push_str("</table></section>");
    }
    out.push_str("</body></html>\n");
    out
}

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
    let checker = match Checker::load(&args.check) {
        Ok(checker) => checker,
        Err(code) => return code,
    };
    let mut rows = Vec::new();
    let mut failed = false;
    for path in &args.files {
        let parsed = std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|t| {
                if is_assessment(t.as_bytes()) {
                    serde_json::from_str::<AssessmentResult>(&t).map_err(|e| e.to_string())
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
