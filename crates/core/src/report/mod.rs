//! The recruiters' and trainers' report: one row per person (scores, style, time,
//! accommodation, verification, percentile rank), as a table, CSV and self-contained HTML,
//! used by the command line and the game alike.

pub mod csv;
pub mod groups;
pub mod html;
pub mod stats;
pub mod stats_html;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::assessment::{AssessmentResult, percentile_ranks};
use crate::authoring::pack::Playable;
use crate::engine::record::{ResultRecord, verify_record};
use crate::engine::results::PerStyle;
use crate::engine::scenario::Outcome;
use crate::engine::scoring::Scores;
use crate::engine::style::StyleLabel;
use crate::report::stats::{Statistics, band, statistics};
use crate::seminar::Seminar;

/// One scenario inside a row, for the per-person section.
#[derive(Clone, Debug, Serialize)]
pub struct Detail {
    pub scenario: String,
    /// The scenario's title, for readers (its id until [`name_scenarios`] finds it).
    pub title: String,
    pub outcome: Option<Outcome>,
    pub scores: Scores,
    pub style: StyleLabel,
    pub timed_out: bool,
}

/// One person's line of the report: an assessment candidate or a seminar participant.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub person: String,
    /// The assessment, or seminar and scenario, the row belongs to; ranks are within it.
    pub context: String,
    pub title: String,
    pub scores: Scores,
    pub style: StyleLabel,
    pub shares: PerStyle,
    pub time_used_s: Option<f64>,
    pub extra_time: f64,
    pub verified: Vec<String>,
    /// When the person finished.
    pub finished: crate::engine::record::Timestamp,
    /// The share of the others in the same context who scored lower, ties half; `None` when
    /// the row is alone in its context.
    pub percentile: Option<u8>,
    /// The total's band, ± 1.96 standard errors of measurement (when reliability is known).
    pub band: Option<(u8, u8)>,
    pub details: Vec<Detail>,
}

impl Row {
    pub fn from_assessment(result: &AssessmentResult, verified: Vec<String>) -> Row {
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
            finished: result.finished_at,
            percentile: None,
            band: None,
            details: result
                .records
                .iter()
                .map(|r| Detail {
                    scenario: r.scenario.clone(),
                    title: r.scenario.clone(),
                    outcome: r.report.outcome,
                    scores: r.report.scores,
                    style: r.report.style.label,
                    timed_out: r.timed_out,
                })
                .collect(),
        }
    }

    /// A seminar participant's result for one scenario.
    pub fn from_practice(record: &ResultRecord, seminar: &str, verified: Vec<String>) -> Row {
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
            finished: record.finished_at,
            percentile: None,
            band: None,
            details: vec![Detail {
                scenario: r.scenario.clone(),
                title: record.scenario_title.clone(),
                outcome: r.outcome,
                scores: r.scores,
                style: r.style.label,
                timed_out: r.timed_out,
            }],
        }
    }

    /// "genuine", or every mismatch found.
    pub fn verification(&self) -> String {
        if self.verified.is_empty() {
            "genuine".into()
        } else {
            format!("MISMATCH: {}", self.verified.join("; "))
        }
    }

    /// The CSV/table cells in [`COLUMNS`] order.
    pub fn cells(&self) -> Vec<String> {
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
            self.percentile.map_or(String::new(), |p| p.to_string()),
            self.band.map_or(String::new(), |(low, _)| low.to_string()),
            self.band
                .map_or(String::new(), |(_, high)| high.to_string()),
        ]
    }
}

/// Gives each detail its scenario's title from the pack (assessment records keep only ids).
pub fn name_scenarios(rows: &mut [Row], pack: &[Playable]) {
    for detail in rows.iter_mut().flat_map(|r| r.details.iter_mut()) {
        if let Some(p) = pack
            .iter()
            .find(|p| p.scenario.id.as_str() == detail.scenario)
        {
            detail.title.clone_from(&p.scenario.title);
        }
    }
}

/// Fills in the percentile rank of overall within each context; best first within a context,
/// ties by who finished first, then by name, so the order never depends on the input's.
pub fn ranked(mut rows: Vec<Row>) -> Vec<Row> {
    let ranks: Vec<Option<u8>> = rows
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
            .then(a.finished.cmp(&b.finished))
            .then(a.person.cmp(&b.person))
    });
    rows
}

/// The report's columns.
pub const COLUMNS: [&str; 16] = [
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
    "band_low",
    "band_high",
];

/// A seminar's rows: every result gathered, each re-played against the pack.
pub fn seminar_rows(seminar: &Seminar, pack: &[Playable]) -> Vec<Row> {
    ranked(
        seminar
            .results
            .iter()
            .map(|r| Row::from_practice(r, &seminar.id, verify_record(r, pack)))
            .collect(),
    )
}

/// The recruiters' report over assessment results, each with what verifying it found: one
/// row per result (ranked, with its band), and the statistics of each assessment over its
/// verified results.
pub fn assessment_report(
    results: &[(AssessmentResult, Vec<String>)],
    pack: &[Playable],
    cut: Option<u8>,
    groups: Option<&BTreeMap<String, String>>,
) -> (Vec<Row>, Vec<Statistics>) {
    let mut by_assessment: BTreeMap<&str, Vec<AssessmentResult>> = BTreeMap::new();
    for (result, problems) in results {
        if problems.is_empty() {
            by_assessment
                .entry(result.assessment.as_str())
                .or_default()
                .push(result.clone());
        }
    }
    let stats: Vec<Statistics> = by_assessment
        .values()
        .map(|genuine| statistics(genuine, cut, groups))
        .collect();
    let rows = results
        .iter()
        .map(|(result, problems)| {
            let mut row = Row::from_assessment(result, problems.clone());
            row.band = stats
                .iter()
                .find(|s| s.assessment == result.assessment)
                .and_then(|s| band(result.totals.scores.overall, &s.reliability.sem));
            row
        })
        .collect::<Vec<Row>>();
    let mut rows = ranked(rows);
    name_scenarios(&mut rows, pack);
    (rows, stats)
}

#[cfg(test)]
mod tests;
