//! The report as one self-contained, printable HTML page with inline SVG charts.

use std::fmt::Write as _;

use super::Row;
use super::stats::Statistics;
use super::stats_html::statistics_section;
use crate::engine::scenario::{Outcome, Style};

/// Text made safe inside HTML.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The colour of a score: green, amber or red by value.
fn score_colour(v: f64) -> &'static str {
    if v >= 75.0 {
        "#2e7d46"
    } else if v >= 45.0 {
        "#be7814"
    } else {
        "#b43a30"
    }
}

/// The colour of a style, the same in the table's badges and the bars: a share is not good or
/// bad, so styles are never coloured by their value.
fn style_colour(style: Style) -> &'static str {
    match style {
        Style::Melancholic => "#5a6f8c",
        Style::Erudite => "#7a4f9a",
        Style::Executive => "#266e73",
    }
}

/// A horizontal bar chart as inline SVG: (label, value 0..=100, colour).
fn bars(items: &[(String, Option<f64>, &str)]) -> String {
    let height = 26 * items.len() + 6;
    let mut svg = format!(
        r#"<svg width="520" height="{height}" role="img" xmlns="http://www.w3.org/2000/svg">"#
    );
    for (i, (label, value, color)) in items.iter().enumerate() {
        let y = 4 + 26 * i;
        let _ = write!(
            svg,
            r##"<text x="0" y="{}" font-size="13">{}</text><rect x="190" y="{y}" width="260" height="16" rx="8" fill="#ebe7df"/>"##,
            y + 13,
            escape(label)
        );
        match value {
            Some(v) => {
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
body{font-family:system-ui,sans-serif;color:#26282c;margin:32px;max-width:1100px}
h1{color:#266e73}table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f3f0ea;font-weight:600}td.num,th.num{text-align:right}
.wide{overflow-x:auto}.why{max-width:260px;overflow-wrap:anywhere}
section{page-break-inside:avoid;border:1px solid #ddd;border-radius:8px;padding:12px 16px;margin:16px 0}
.note{color:#666;font-size:13px}.bad{color:#b43a30}.good{color:#2e7d46}
.style{display:inline-block;padding:0 6px;border-radius:8px;color:#fff}
.melancholic{background:#5a6f8c}.erudite{background:#7a4f9a}.executive{background:#266e73}.mixed{background:#8a8478}
@page{size:A4 landscape;margin:12mm}
@media print{body{margin:0;max-width:none}table{font-size:10px}.wide{overflow:visible}section{page-break-inside:avoid}}
</style>"#;

/// The table's columns as a reader sees them, with whether the cell is a number.
const HEADERS: [(&str, bool); 16] = [
    ("Person", false),
    ("Assessment / seminar", false),
    ("Needs", true),
    ("Objections", true),
    ("Closing", true),
    ("Overall", true),
    ("Style", false),
    ("Melancholic", true),
    ("Erudite", true),
    ("Executive", true),
    ("Time used (s)", true),
    ("Extra time", true),
    ("Verification", false),
    ("Percentile", true),
    ("Band low", true),
    ("Band high", true),
];

/// An outcome as a reader says it.
fn outcome_words(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Won => "won",
        Outcome::FollowUp => "follow-up",
        Outcome::Lost => "lost",
        Outcome::WalkedOut => "walked out",
    }
}

/// "Account manager screening · 3 people · finished 2026-11-28 to 2026-11-30 (UTC)".
fn summary_line(rows: &[Row]) -> String {
    let mut titles: Vec<&str> = rows.iter().map(|r| r.title.as_str()).collect();
    titles.sort_unstable();
    titles.dedup();
    let day = |r: &Row| r.finished.display().chars().take(10).collect::<String>();
    let first = rows.iter().min_by_key(|r| r.finished).map(day);
    let last = rows.iter().max_by_key(|r| r.finished).map(day);
    let when = match (first, last) {
        (Some(a), Some(b)) if a == b => format!(" · finished {a} (UTC)"),
        (Some(a), Some(b)) => format!(" · finished {a} to {b} (UTC)"),
        _ => String::new(),
    };
    format!("{} · {} people{when}", titles.join(", "), rows.len())
}

/// A style label in its colour (the stylesheet's classes match [`style_colour`]).
fn style_badge(key: &str) -> String {
    let key = escape(key);
    format!(r#"<span class="style {key}">{key}</span>"#)
}

/// One row's cells as shown on the page: the CSV's values, shares as percentages, the style
/// in its colour, verification in colour.
fn row_html(row: &Row) -> String {
    let mut out = String::from("<tr>");
    for (i, cell) in row.cells().iter().enumerate() {
        let (_, numeric) = HEADERS[i];
        let shown = match i {
            6 => style_badge(cell),
            7..=9 => cell
                .parse::<f64>()
                .map_or(String::new(), |v| format!("{:.0} %", (100.0 * v).round())),
            12 if row.verified.is_empty() => r#"<span class="good">genuine</span>"#.to_owned(),
            12 => format!(r#"<span class="bad">{}</span>"#, escape(cell)),
            13 if cell.is_empty() => "—".to_owned(),
            _ => escape(cell),
        };
        let class = match (numeric, i) {
            (_, 12) => r#" class="why""#,
            (true, _) => r#" class="num""#,
            _ => "",
        };
        let _ = write!(out, "<td{class}>{shown}</td>");
    }
    out.push_str("</tr>");
    out
}

/// A self-contained, printable page: the table, then a section per person with inline SVG.
pub fn html(rows: &[Row], title: &str, stats: Option<&Statistics>) -> String {
    let mut out = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{0}</title>{STYLE}</head><body><h1>{0}</h1>",
        escape(title)
    );
    let _ = write!(out, "<p><b>{}</b></p>", escape(&summary_line(rows)));
    out.push_str(
        "<p class=\"note\">Following research on situational judgement tests, the <b>overall</b> score is the \
         screening figure; needs discovery, objection handling and closing are given as development \
         feedback, not as separate pass marks. <b>Percentile</b>: the share of the others in the \
         same group who scored lower overall, ties counting half (a dash when someone is alone in \
         a group). Style shares are the share of each style in the person's replies.</p>\
         <div class=\"wide\"><table><tr>",
    );
    for (header, numeric) in HEADERS {
        let class = if numeric { r#" class="num""# } else { "" };
        let _ = write!(out, "<th{class}>{}</th>", escape(header));
    }
    out.push_str("</tr>");
    for row in rows {
        out.push_str(&row_html(row));
    }
    out.push_str("</table></div>");
    if let Some(stats) = stats {
        out.push_str(&statistics_section(stats));
    }
    for row in rows {
        out.push_str(&person_section(row));
    }
    out.push_str("</body></html>\n");
    out
}

/// One person's section: who, the overall and rank, style, time, verification, the bars and
/// each scenario with its title and outcome in words.
fn person_section(row: &Row) -> String {
    let mut out = String::new();
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
        "<section><h2>{}</h2><p>{} · finished {} · overall <b>{}</b> · percentile {} · style {} · extra time ×{} · {}</p>",
        escape(&row.person),
        escape(&row.title),
        row.finished.display(),
        t.overall,
        row.percentile.map_or("—".to_owned(), |p| p.to_string()),
        style_badge(row.style.key()),
        row.extra_time,
        status
    );
    let score = |label: &str, v: Option<u8>| {
        let v = v.map(f64::from);
        (label.to_owned(), v, v.map_or("#999", score_colour))
    };
    out.push_str(&bars(&[
        score("Overall (screening)", Some(t.overall)),
        score("Needs discovery", Some(t.needs_discovery)),
        score("Objection handling", t.objection_handling),
        score("Closing", Some(t.closing)),
    ]));
    let shares: Vec<(String, Option<f64>, &str)> = Style::ALL
        .iter()
        .map(|s| {
            (
                format!("Style: {}", s.key()),
                Some(100.0 * row.shares.get(*s)),
                style_colour(*s),
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
            escape(&d.title),
            d.outcome.map_or("—", outcome_words),
            s.needs_discovery,
            s.objection_handling.map_or("n/a".into(), |v| v.to_string()),
            s.closing,
            s.overall,
            style_badge(d.style.key()),
            if d.timed_out { "yes" } else { "no" }
        );
    }
    out.push_str("</table></section>");
    out
}
