//! Test statistics for recruiters: item statistics per scored scenario, reliability (Cronbach's
//! alpha, Spearman–Brown split-half, the standard error of measurement and score bands),
//! test–retest, the score distribution and adverse impact by group. Figures that mean nothing
//! on a small sample are "not enough data", with the reason, never a number.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::assessment::AssessmentResult;
use crate::engine::scenario::Outcome;

/// Fewest candidates for correlations, reliability and bands.
pub const MIN_CANDIDATES: usize = 10;
/// Fewest scored scenarios (items) for reliability and item–total correlations.
pub const MIN_ITEMS: usize = 3;
/// The four-fifths rule of the US Uniform Guidelines (29 CFR 1607.4(D)).
pub const FOUR_FIFTHS: f64 = 0.8;

/// A statistic, or why it cannot be given.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    Value(f64),
    NotEnoughData(String),
}

impl Figure {
    /// The value, when there is one.
    pub fn value(&self) -> Option<f64> {
        match self {
            Figure::Value(v) => Some(*v),
            Figure::NotEnoughData(_) => None,
        }
    }

    /// `0.812`, or `not enough data (the reason)`.
    pub fn display(&self, decimals: usize) -> String {
        match self {
            Figure::Value(v) => format!("{v:.decimals$}"),
            Figure::NotEnoughData(why) => format!("not enough data ({why})"),
        }
    }
}

/// One scored scenario's statistics.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ItemStats {
    pub scenario: String,
    pub candidates: usize,
    pub mean: f64,
    /// Sample standard deviation (n − 1).
    pub sd: Figure,
    /// p = mean / 100.
    pub difficulty: f64,
    /// Pearson correlation of the item with the sum of the other items.
    pub item_total: Figure,
    pub timed_out: f64,
    pub walked_out: f64,
    /// Share of candidates per outcome, in `Outcome::ALL` order, and `timed_out` apart.
    pub outcomes: Vec<(String, f64)>,
}

/// How consistently the test measures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reliability {
    pub cronbach_alpha: Figure,
    /// Odd against even items, corrected to the whole length by Spearman–Brown.
    pub split_half: Figure,
    /// Sample standard deviation of the total overall.
    pub sd_total: Figure,
    /// SEM = SD · √(1 − alpha), alpha taken within 0..=1.
    pub sem: Figure,
    /// Correlation of first and second attempts, over candidates who took the test twice.
    pub test_retest: Figure,
    pub retest_pairs: usize,
}

/// One group's pass rate against the others.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupImpact {
    pub group: String,
    pub candidates: usize,
    pub passed: usize,
    pub pass_rate: f64,
    /// Pass rate over the highest group's pass rate; `None` when no group passed anyone.
    pub impact_ratio: Option<f64>,
    /// Below the four-fifths rule.
    pub flagged: bool,
    /// Fisher's exact test (two-sided) of this group's passes against everyone else's.
    pub fisher_p: f64,
}

/// Every statistic of one assessment's results.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Statistics {
    pub assessment: String,
    pub candidates: usize,
    pub items: Vec<ItemStats>,
    pub reliability: Reliability,
    /// Counts of totals in bins 0–9, 10–19, …, 90–100.
    pub histogram: [usize; 10],
    pub cut: Option<u8>,
    /// Per group, when groups were given with a cut score.
    pub impact: Option<Vec<GroupImpact>>,
}

/// Mean of values.
pub fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len().max(1) as f64
}

/// Sample variance (n − 1); `None` below two values.
pub fn variance(values: &[f64]) -> Option<f64> {
    if values.len() < 2 {
        return None;
    }
    let m = mean(values);
    Some(values.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (values.len() - 1) as f64)
}

/// Pearson's correlation; `None` when either side does not vary.
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let (mx, my) = (mean(x), mean(y));
    let cov: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum::<f64>().sqrt();
    let sy: f64 = y.iter().map(|b| (b - my).powi(2)).sum::<f64>().sqrt();
    (sx > 0.0 && sy > 0.0).then(|| cov / (sx * sy))
}

/// Cronbach's alpha of a candidates × items matrix: k/(k−1) · (1 − Σ var(item) / var(total)).
pub fn cronbach_alpha(matrix: &[Vec<f64>]) -> Option<f64> {
    let k = matrix.first()?.len();
    if k < 2 {
        return None;
    }
    let item_variance: f64 = (0..k)
        .map(|i| variance(&column(matrix, i)))
        .sum::<Option<f64>>()?;
    let totals: Vec<f64> = matrix.iter().map(|row| row.iter().sum()).collect();
    let total_variance = variance(&totals).filter(|v| *v > 0.0)?;
    Some(k as f64 / (k - 1) as f64 * (1.0 - item_variance / total_variance))
}

/// The Spearman–Brown corrected correlation of the odd and the even items.
pub fn split_half(matrix: &[Vec<f64>]) -> Option<f64> {
    let half = |parity: usize| -> Vec<f64> {
        matrix
            .iter()
            .map(|row| row.iter().skip(parity).step_by(2).sum())
            .collect()
    };
    let r = pearson(&half(0), &half(1))?;
    Some(2.0 * r / (1.0 + r))
}

fn column(matrix: &[Vec<f64>], i: usize) -> Vec<f64> {
    matrix.iter().map(|row| row[i]).collect()
}

/// ln(n!) by summing logarithms (exact enough for the group sizes of a screening).
fn ln_factorial(n: usize) -> f64 {
    (2..=n).map(|i| (i as f64).ln()).sum()
}

/// Fisher's exact test, two-sided, of the table [[a, b], [c, d]]: the probability of a table
/// with the same margins at most as likely as the one seen.
pub fn fisher_exact(a: usize, b: usize, c: usize, d: usize) -> f64 {
    let (row1, row2, col1) = (a + b, c + d, a + c);
    let n = row1 + row2;
    let ln_p = |x: usize| -> f64 {
        ln_factorial(row1) + ln_factorial(row2) + ln_factorial(col1) + ln_factorial(n - col1)
            - ln_factorial(n)
            - ln_factorial(x)
            - ln_factorial(row1 - x)
            - ln_factorial(col1 - x)
            - ln_factorial(row2 + x - col1)
    };
    let seen = ln_p(a);
    let low = col1.saturating_sub(row2);
    let high = row1.min(col1);
    // A relative tolerance, so tables as likely as the one seen count despite rounding.
    let p: f64 = (low..=high)
        .map(ln_p)
        .filter(|lp| *lp <= seen + 1e-7)
        .map(f64::exp)
        .sum();
    p.min(1.0)
}

/// The latest attempt of each candidate (by finish time), in candidate order.
fn latest(results: &[AssessmentResult]) -> Vec<&AssessmentResult> {
    let mut by_candidate: BTreeMap<&str, &AssessmentResult> = BTreeMap::new();
    for r in results {
        let slot = by_candidate.entry(r.candidate.as_str()).or_insert(r);
        if r.finished_at > slot.finished_at {
            *slot = r;
        }
    }
    by_candidate.into_values().collect()
}

fn not_enough(candidates: usize, items: usize) -> Option<Figure> {
    if candidates < MIN_CANDIDATES {
        Some(Figure::NotEnoughData(format!(
            "{candidates} candidates; at least {MIN_CANDIDATES} are needed"
        )))
    } else if items < MIN_ITEMS {
        Some(Figure::NotEnoughData(format!(
            "{items} scored scenarios; at least {MIN_ITEMS} are needed"
        )))
    } else {
        None
    }
}

fn figure(value: Option<f64>, why: &str) -> Figure {
    value.map_or_else(|| Figure::NotEnoughData(why.to_owned()), Figure::Value)
}

/// The statistics of one assessment's results (the latest attempt per candidate; earlier
/// attempts only count for test–retest). `groups` maps candidates to group labels.
pub fn statistics(
    results: &[AssessmentResult],
    cut: Option<u8>,
    groups: Option<&BTreeMap<String, String>>,
) -> Statistics {
    let people = latest(results);
    let matrix: Vec<Vec<f64>> = people
        .iter()
        .map(|r| {
            r.records
                .iter()
                .map(|rec| f64::from(rec.report.scores.overall))
                .collect()
        })
        .collect();
    let items = people.first().map_or(0, |r| r.records.len());
    let candidates = people.len();
    let totals: Vec<f64> = people
        .iter()
        .map(|r| f64::from(r.totals.scores.overall))
        .collect();
    let mut histogram = [0usize; 10];
    for t in &totals {
        histogram[((*t as usize) / 10).min(9)] += 1;
    }
    Statistics {
        assessment: people
            .first()
            .map_or(String::new(), |r| r.assessment.clone()),
        candidates,
        items: (0..items)
            .map(|i| item_stats(&people, &matrix, i, candidates, items))
            .collect(),
        reliability: reliability(results, &matrix, &totals, candidates, items),
        histogram,
        cut,
        impact: match (cut, groups) {
            (Some(cut), Some(groups)) => Some(impact(&people, cut, groups)),
            _ => None,
        },
    }
}

fn item_stats(
    people: &[&AssessmentResult],
    matrix: &[Vec<f64>],
    i: usize,
    candidates: usize,
    items: usize,
) -> ItemStats {
    let scores = column(matrix, i);
    let rest: Vec<f64> = matrix
        .iter()
        .map(|row| row.iter().sum::<f64>() - row[i])
        .collect();
    let share = |f: &dyn Fn(&crate::assessment::AssessmentRecord) -> bool| {
        people.iter().filter(|r| f(&r.records[i])).count() as f64 / candidates.max(1) as f64
    };
    let outcomes = Outcome::ALL
        .iter()
        .map(|o| {
            let n = share(&|rec| rec.report.outcome == Some(*o) && !rec.timed_out);
            (o.key().to_owned(), n)
        })
        .chain([("timed_out".to_owned(), share(&|rec| rec.timed_out))])
        .collect();
    let m = mean(&scores);
    ItemStats {
        scenario: people
            .first()
            .map_or(String::new(), |r| r.records[i].scenario.clone()),
        candidates,
        mean: m,
        sd: figure(variance(&scores).map(f64::sqrt), "fewer than 2 candidates"),
        difficulty: m / 100.0,
        item_total: not_enough(candidates, items)
            .unwrap_or_else(|| figure(pearson(&scores, &rest), "the scores do not vary")),
        timed_out: share(&|rec| rec.timed_out),
        walked_out: share(&|rec| rec.report.outcome == Some(Outcome::WalkedOut)),
        outcomes,
    }
}

fn reliability(
    all: &[AssessmentResult],
    matrix: &[Vec<f64>],
    totals: &[f64],
    candidates: usize,
    items: usize,
) -> Reliability {
    let small = not_enough(candidates, items);
    let alpha = small
        .clone()
        .unwrap_or_else(|| figure(cronbach_alpha(matrix), "the totals do not vary"));
    let sd_total = figure(variance(totals).map(f64::sqrt), "fewer than 2 candidates");
    let sem = match (alpha.value(), sd_total.value()) {
        // A negative alpha says the items disagree; it never makes the error larger than SD.
        (Some(a), Some(sd)) => Figure::Value(sd * (1.0 - a.clamp(0.0, 1.0)).sqrt()),
        _ => alpha.clone(),
    };
    let (first, second) = retest_pairs(all);
    let test_retest = if first.len() < 3 {
        Figure::NotEnoughData(format!(
            "{} candidates took the assessment twice; at least 3 are needed",
            first.len()
        ))
    } else {
        figure(pearson(&first, &second), "the totals do not vary")
    };
    Reliability {
        cronbach_alpha: alpha,
        split_half: small.unwrap_or_else(|| figure(split_half(matrix), "the halves do not vary")),
        sd_total,
        sem,
        test_retest,
        retest_pairs: first.len(),
    }
}

/// First and second attempts' totals of every candidate who took the assessment twice or more.
fn retest_pairs(all: &[AssessmentResult]) -> (Vec<f64>, Vec<f64>) {
    let mut attempts: BTreeMap<&str, Vec<&AssessmentResult>> = BTreeMap::new();
    for r in all {
        attempts.entry(r.candidate.as_str()).or_default().push(r);
    }
    let mut first = Vec::new();
    let mut second = Vec::new();
    for list in attempts.values_mut().filter(|l| l.len() >= 2) {
        list.sort_by_key(|r| r.finished_at);
        first.push(f64::from(list[0].totals.scores.overall));
        second.push(f64::from(list[1].totals.scores.overall));
    }
    (first, second)
}

/// A candidate's band: total ± 1.96 · SEM, within 0..=100; `None` without a SEM.
pub fn band(total: u8, sem: &Figure) -> Option<(u8, u8)> {
    let sem = sem.value()?;
    let half = 1.96 * sem;
    let low = (f64::from(total) - half).round().clamp(0.0, 100.0) as u8;
    let high = (f64::from(total) + half).round().clamp(0.0, 100.0) as u8;
    Some((low, high))
}

fn impact(
    people: &[&AssessmentResult],
    cut: u8,
    groups: &BTreeMap<String, String>,
) -> Vec<GroupImpact> {
    let mut tally: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for r in people {
        let Some(group) = groups.get(&r.candidate) else {
            continue;
        };
        let entry = tally.entry(group.as_str()).or_default();
        entry.0 += 1;
        entry.1 += usize::from(r.totals.scores.overall >= cut);
    }
    let best = tally
        .values()
        .map(|&(n, p)| p as f64 / n as f64)
        .fold(0.0, f64::max);
    let (all_n, all_p) = tally
        .values()
        .fold((0, 0), |(n, p), &(gn, gp)| (n + gn, p + gp));
    tally
        .iter()
        .map(|(group, &(n, passed))| {
            let rate = passed as f64 / n as f64;
            let ratio = (best > 0.0).then(|| rate / best);
            let (rest_n, rest_p) = (all_n - n, all_p - passed);
            GroupImpact {
                group: (*group).to_owned(),
                candidates: n,
                passed,
                pass_rate: rate,
                impact_ratio: ratio,
                flagged: ratio.is_some_and(|r| r < FOUR_FIFTHS),
                fisher_p: fisher_exact(passed, n - passed, rest_p, rest_n - rest_p),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variance_is_the_sample_variance_from_two_values() {
        assert_eq!(variance(&[1.0]), None);
        assert_eq!(variance(&[1.0, 3.0]), Some(2.0));
        assert_eq!(variance(&[2.0, 4.0, 6.0]), Some(4.0));
    }

    #[test]
    fn figures_need_enough_candidates_and_items() {
        assert!(not_enough(MIN_CANDIDATES, MIN_ITEMS).is_none());
        assert!(not_enough(MIN_CANDIDATES + 5, MIN_ITEMS + 2).is_none());
        assert!(not_enough(MIN_CANDIDATES - 1, MIN_ITEMS).is_some());
        assert!(not_enough(MIN_CANDIDATES, MIN_ITEMS - 1).is_some());
    }
}
