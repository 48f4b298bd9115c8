//! A trainee's own progress: which results are personal, how the history sorts, the chart's
//! series, the picker's learning path and the suggested next customer after a debrief.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::authoring::pack::Playable;
use crate::engine::record::{Mode, ResultRecord};
use crate::engine::style::StyleLabel;

/// Which results the history shows: a trainee's practice is kept apart from group sessions and
/// screenings, which a trainer or recruiter reads elsewhere.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HistoryFilter {
    #[default]
    Practice,
    Seminar,
    Assessment,
}

impl HistoryFilter {
    pub const ALL: [HistoryFilter; 3] = [Self::Practice, Self::Seminar, Self::Assessment];

    pub fn admits(self, record: &ResultRecord) -> bool {
        matches!(
            (self, record.mode),
            (Self::Practice, Mode::Practice)
                | (Self::Seminar, Mode::Seminar)
                | (Self::Assessment, Mode::Assessment)
        )
    }
}

/// A column the history table can be sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Column {
    #[default]
    Date,
    Player,
    Scenario,
    Outcome,
    Needs,
    Objections,
    Closing,
    Overall,
    Style,
}

impl Column {
    /// The direction a first click sorts in: newest and best first, names from A.
    pub fn first_ascending(self) -> bool {
        matches!(self, Self::Player | Self::Scenario | Self::Style)
    }
}

fn compare(column: Column, a: &ResultRecord, b: &ResultRecord) -> Ordering {
    let (ra, rb) = (&a.report, &b.report);
    match column {
        Column::Date => a.finished_at.cmp(&b.finished_at),
        Column::Player => a.player.to_lowercase().cmp(&b.player.to_lowercase()),
        Column::Scenario => a.scenario_title.cmp(&b.scenario_title),
        Column::Outcome => ra
            .outcome
            .map(|o| o as u8)
            .cmp(&rb.outcome.map(|o| o as u8)),
        Column::Needs => ra.scores.needs_discovery.cmp(&rb.scores.needs_discovery),
        Column::Objections => ra
            .scores
            .objection_handling
            .cmp(&rb.scores.objection_handling),
        Column::Closing => ra.scores.closing.cmp(&rb.scores.closing),
        Column::Overall => ra.scores.overall.cmp(&rb.scores.overall),
        Column::Style => ra.style.label.key().cmp(rb.style.label.key()),
    }
}

/// Sorts rows by a column; ties keep the newest first so equal scores read in time order.
pub fn sort(rows: &mut [&ResultRecord], column: Column, ascending: bool) {
    rows.sort_by(|a, b| {
        let order = compare(column, a, b);
        let order = if ascending { order } else { order.reverse() };
        order.then_with(|| b.finished_at.cmp(&a.finished_at))
    });
}

/// One line of a chart: its name and `(attempt number, score)` points.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    pub points: Vec<[f64; 2]>,
}

/// The overall score per player, x being the result's place in time (1 = oldest shown), so
/// every mark on the axis is one result and no date repeats.
pub fn overall_by_player(records: &[&ResultRecord]) -> Vec<Series> {
    let mut ordered: Vec<&ResultRecord> = records.to_vec();
    ordered.sort_by_key(|r| r.finished_at);
    let mut lines: BTreeMap<&str, Vec<[f64; 2]>> = BTreeMap::new();
    for (place, r) in ordered.iter().enumerate() {
        lines
            .entry(r.player.as_str())
            .or_default()
            .push([(place + 1) as f64, f64::from(r.report.scores.overall)]);
    }
    lines
        .into_iter()
        .map(|(name, points)| Series {
            name: name.to_owned(),
            points,
        })
        .collect()
}

/// A competency a trainee can work on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Competency {
    Needs,
    Objections,
    Closing,
}

impl Competency {
    pub const ALL: [Competency; 3] = [Self::Needs, Self::Objections, Self::Closing];

    /// This competency's score in a result; `None` where it did not apply (no objections).
    pub fn score(self, record: &ResultRecord) -> Option<u8> {
        let s = &record.report.scores;
        match self {
            Self::Needs => Some(s.needs_discovery),
            Self::Objections => s.objection_handling,
            Self::Closing => Some(s.closing),
        }
    }
}

/// One player's three competencies over their results in time order, one line each.
pub fn competencies_of(records: &[&ResultRecord], player: &str) -> Vec<(Competency, Series)> {
    let own = of_player(records, player, |_| true);
    Competency::ALL
        .iter()
        .map(|&c| {
            let points = own
                .iter()
                .enumerate()
                .filter_map(|(i, r)| c.score(r).map(|v| [(i + 1) as f64, f64::from(v)]))
                .collect();
            let series = Series {
                name: format!("{c:?}"),
                points,
            };
            (c, series)
        })
        .collect()
}

fn same_player(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// The player's results among `records` that `keep` admits, oldest first.
fn of_player<'a>(
    records: &[&'a ResultRecord],
    player: &str,
    keep: impl Fn(&ResultRecord) -> bool,
) -> Vec<&'a ResultRecord> {
    let mut own: Vec<&ResultRecord> = records
        .iter()
        .copied()
        .filter(|r| same_player(&r.player, player) && keep(r))
        .collect();
    own.sort_by_key(|r| r.finished_at);
    own
}

/// What a card in the picker shows of the player's own record on that scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CardRecord {
    pub best_overall: Option<u8>,
    pub last_style: Option<StyleLabel>,
    pub attempts: usize,
}

/// One entry of the learning path, in the order the picker shows them.
#[derive(Clone, Debug)]
pub struct PathEntry {
    pub playable: Playable,
    /// Written in the player's language.
    pub own_language: bool,
    pub record: CardRecord,
}

/// The scenarios in learning order: the player's language first, then by difficulty, then
/// title; each with the player's best score and last style on it (practice results only).
pub fn learning_path(
    playables: &[Playable],
    language: &str,
    records: &[&ResultRecord],
    player: &str,
) -> Vec<PathEntry> {
    let mut path: Vec<PathEntry> = playables
        .iter()
        .map(|p| PathEntry {
            own_language: p.scenario.language == language,
            record: card_record(records, player, p.scenario.id.as_str()),
            playable: p.clone(),
        })
        .collect();
    path.sort_by(|a, b| {
        let (sa, sb) = (&a.playable.scenario, &b.playable.scenario);
        b.own_language
            .cmp(&a.own_language)
            .then(sa.difficulty.cmp(&sb.difficulty))
            .then_with(|| sa.title.cmp(&sb.title))
    });
    path
}

fn card_record(records: &[&ResultRecord], player: &str, scenario_id: &str) -> CardRecord {
    let own = of_player(records, player, |r| {
        HistoryFilter::Practice.admits(r) && r.report.scenario == scenario_id
    });
    CardRecord {
        best_overall: own.iter().map(|r| r.report.scores.overall).max(),
        last_style: own.last().map(|r| r.report.style.label),
        attempts: own.len(),
    }
}

/// How many of the player's latest practice results the suggestion looks at.
pub const RECENT_RESULTS: usize = 5;

/// The customer to play next and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub scenario_id: String,
    pub title: String,
    /// The weakest competency over the recent results, with its average.
    pub weakest: Competency,
    pub average: u8,
}

/// The next customer for a player: the weakest competency over their last
/// [`RECENT_RESULTS`] practice results, then the scenario in their language that exercises it
/// most (most needs, most objections, or hardest for closing) among those not yet mastered
/// (best below 90), easier ones first; never the one just played while others remain.
pub fn next_suggestion(
    path: &[PathEntry],
    records: &[&ResultRecord],
    player: &str,
    just_played: &str,
) -> Option<Suggestion> {
    let (weakest, average) = weakest_competency(records, player)?;
    let candidates = path
        .iter()
        .filter(|e| e.own_language || path.iter().all(|o| !o.own_language))
        .filter(|e| e.playable.scenario.id.as_str() != just_played || path.len() == 1);
    let chosen = candidates.max_by(|a, b| {
        let key = |e: &PathEntry| {
            let s = &e.playable.scenario;
            let mastered = e.record.best_overall.is_some_and(|best| best >= 90);
            let exercise = match weakest {
                Competency::Needs => s.customer.needs.len() as i64,
                Competency::Objections => s.customer.objections.len() as i64,
                Competency::Closing => 0,
            };
            (!mastered, exercise, -s.difficulty)
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| b.playable.scenario.title.cmp(&a.playable.scenario.title))
    })?;
    Some(Suggestion {
        scenario_id: chosen.playable.scenario.id.as_str().to_owned(),
        title: chosen.playable.scenario.title.clone(),
        weakest,
        average,
    })
}

/// The competency with the lowest average over the player's recent practice results (the
/// first in [`Competency::ALL`] order on a tie), and that average rounded.
pub fn weakest_competency(records: &[&ResultRecord], player: &str) -> Option<(Competency, u8)> {
    let mut own: Vec<&ResultRecord> = records
        .iter()
        .copied()
        .filter(|r| HistoryFilter::Practice.admits(r) && same_player(&r.player, player))
        .collect();
    own.sort_by_key(|r| std::cmp::Reverse(r.finished_at));
    own.truncate(RECENT_RESULTS);
    let mut weakest: Option<(Competency, f64)> = None;
    for c in Competency::ALL {
        let scores: Vec<f64> = own
            .iter()
            .filter_map(|r| c.score(r))
            .map(f64::from)
            .collect();
        if scores.is_empty() {
            continue;
        }
        let average = scores.iter().sum::<f64>() / scores.len() as f64;
        if weakest.is_none_or(|(_, low)| average < low) {
            weakest = Some((c, average));
        }
    }
    weakest.map(|(c, average)| (c, average.round() as u8))
}

#[cfg(test)]
mod tests;
