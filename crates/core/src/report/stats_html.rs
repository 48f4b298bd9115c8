//! The statistics section of the HTML report: item table, reliability with its caveat, the
//! distribution of totals with the cut score, and adverse impact by group.

use std::fmt::Write as _;

use super::html::escape;
use super::stats::{Figure, MIN_CANDIDATES, MIN_ITEMS, Statistics};

fn pct(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn cell(figure: &Figure) -> String {
    match figure {
        Figure::Value(v) => format!("{v:.3}"),
        Figure::NotEnoughData(why) => format!(
            r#"<span class="note" title="{}">not enough data</span>"#,
            escape(why)
        ),
    }
}

/// The whole section.
pub fn statistics_section(stats: &Statistics) -> String {
    let mut out = String::from("<section><h2>Test statistics</h2>");
    let _ = write!(
        out,
        "<p class=\"note\">{} candidates (the latest attempt of each), {} scored scenarios. Each scenario is an item; its overall score is the item score; the total overall is the test score. Statistics that need at least {MIN_CANDIDATES} candidates and {MIN_ITEMS} items say \"not enough data\" below that.</p>",
        stats.candidates,
        stats.items.len()
    );
    items_table(&mut out, stats);
    reliability_table(&mut out, stats);
    out.push_str(&histogram(stats));
    impact_table(&mut out, stats);
    out.push_str("</section>");
    out
}

fn items_table(out: &mut String, stats: &Statistics) {
    out.push_str("<h3>Items</h3><table><tr><th>Scenario</th><th>Mean</th><th>SD</th><th>Difficulty p</th><th>Item–total r</th><th>Timed out</th><th>Walked out</th><th>Outcomes</th></tr>");
    for item in &stats.items {
        let outcomes: Vec<String> = item
            .outcomes
            .iter()
            .filter(|(_, share)| *share > 0.0)
            .map(|(name, share)| format!("{} {}", name.replace('_', " "), pct(*share)))
            .collect();
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{:.1}</td><td>{}</td><td>{:.2}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&item.scenario),
            item.mean,
            match &item.sd {
                Figure::Value(v) => format!("{v:.1}"),
                other => cell(other),
            },
            item.difficulty,
            cell(&item.item_total),
            pct(item.timed_out),
            pct(item.walked_out),
            escape(&outcomes.join(", "))
        );
    }
    out.push_str("</table><p class=\"note\">Difficulty p is the mean divided by 100: higher is easier. The item–total correlation compares each scenario with the sum of the others: low or negative values mark a scenario that measures something else.</p>");
}

fn reliability_table(out: &mut String, stats: &Statistics) {
    let r = &stats.reliability;
    let _ = write!(
        out,
        "<h3>Reliability</h3><table><tr><th>Cronbach's alpha</th><td>{}</td></tr><tr><th>Split-half (odd/even, Spearman–Brown)</th><td>{}</td></tr><tr><th>SD of the total</th><td>{}</td></tr><tr><th>Standard error of measurement</th><td>{}</td></tr><tr><th>Test–retest ({} candidates twice)</th><td>{}</td></tr></table>",
        cell(&r.cronbach_alpha),
        cell(&r.split_half),
        cell(&r.sd_total),
        cell(&r.sem),
        r.retest_pairs,
        cell(&r.test_retest)
    );
    out.push_str("<p class=\"note\">Each candidate's band in the table above is the total ± 1.96 standard errors of measurement: the range their score would fall in 95 times out of 100 on a repeat. Situational-judgement tests often show a low alpha because their items mix constructs (Catano et al., 2012, found a mean alpha of about .46 against a test–retest of .82), so a low alpha is a prompt to add scenarios, not proof that the scores are noise.</p>");
}

/// Totals in ten bins as inline SVG, with the cut score as a line.
fn histogram(stats: &Statistics) -> String {
    let top = stats.histogram.iter().copied().max().unwrap_or(0).max(1);
    let mut svg = String::from(
        r#"<h3>Distribution of totals</h3><svg width="560" height="220" role="img" xmlns="http://www.w3.org/2000/svg">"#,
    );
    for (i, &count) in stats.histogram.iter().enumerate() {
        let h = 150.0 * count as f64 / top as f64;
        let x = 40 + 50 * i;
        let _ = write!(
            svg,
            r##"<rect x="{x}" y="{:.1}" width="44" height="{h:.1}" fill="#266e73"/><text x="{}" y="{:.1}" font-size="12" text-anchor="middle">{count}</text><text x="{}" y="200" font-size="11" text-anchor="middle">{}–{}</text>"##,
            180.0 - h,
            x + 22,
            175.0 - h,
            x + 22,
            i * 10,
            if i == 9 { 100 } else { i * 10 + 9 }
        );
    }
    if let Some(cut) = stats.cut {
        let x = 40.0 + 5.0 * f64::from(cut);
        let _ = write!(
            svg,
            r##"<line x1="{x:.1}" y1="18" x2="{x:.1}" y2="185" stroke="#b43a30" stroke-width="2" stroke-dasharray="5 3"/><text x="{:.1}" y="12" font-size="12" fill="#b43a30">cut {cut}</text>"##,
            x + 4.0
        );
    }
    svg.push_str("</svg>");
    svg
}

fn impact_table(out: &mut String, stats: &Statistics) {
    let Some(groups) = &stats.impact else {
        return;
    };
    let cut = stats.cut.unwrap_or(0);
    let _ = write!(
        out,
        "<h3>Adverse impact at the cut score {cut}</h3><table><tr><th>Group</th><th>Candidates</th><th>Passed</th><th>Pass rate</th><th>Impact ratio</th><th>Fisher's exact p</th></tr>"
    );
    for g in groups {
        let ratio = g.impact_ratio.map_or("—".to_owned(), |r| format!("{r:.2}"));
        let flag = if g.flagged {
            r#" <span class="bad">below four fifths</span>"#
        } else {
            ""
        };
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{ratio}{flag}</td><td>{:.3}</td></tr>",
            escape(&g.group),
            g.candidates,
            g.passed,
            pct(g.pass_rate),
            g.fisher_p
        );
    }
    out.push_str("</table><p class=\"note\">The impact ratio is a group's pass rate divided by the highest group's; below 0.80 breaks the four-fifths rule of the US Uniform Guidelines (29 CFR 1607.4(D)). The rule is unstable in small groups, so Fisher's exact test compares each group's passes with everyone else's: a p below .05 means a difference this large would rarely arise by chance. Groups come from the recruiter's own file; Rapport never asks candidates for them.</p>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::stats::Reliability;

    fn stats() -> Statistics {
        let mut histogram = [0; 10];
        histogram[9] = 4;
        histogram[2] = 2;
        Statistics {
            assessment: "unit".into(),
            candidates: 6,
            items: Vec::new(),
            reliability: Reliability {
                cronbach_alpha: Figure::Value(0.8126),
                split_half: Figure::NotEnoughData("3 candidates; at least 10 are needed".into()),
                sd_total: Figure::Value(12.0),
                sem: Figure::Value(5.25),
                test_retest: Figure::NotEnoughData("no candidate took it twice".into()),
                retest_pairs: 0,
            },
            histogram,
            cut: Some(60),
            impact: None,
        }
    }

    #[test]
    fn the_section_shows_values_reasons_and_the_distribution() {
        let html = statistics_section(&stats());
        assert!(html.contains("<td>0.813</td>"), "{html}");
        assert!(html.contains(r#"title="3 candidates; at least 10 are needed">not enough data"#));
        // Ten bins, each labelled; the full one is as tall as the chart, the empty ones flat.
        assert!(html.contains(">90–100</text>") && html.contains(">0–9</text>"));
        assert!(html.contains(r#"y="30.0" width="44" height="150.0""#));
        assert!(
            html.contains(r#"x="140" y="105.0" width="44" height="75.0""#),
            "{html}"
        );
        // The cut line stands at 60 on the 0–100 axis.
        assert!(html.contains(r#"<line x1="340.0" y1="18" x2="340.0""#) && html.contains("cut 60"));
    }
}
