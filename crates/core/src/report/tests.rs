//! Report tests: a row's cells in column order, verification wording, ranks within each
//! context, and the page's escaping, percent shares and style colours.

use super::*;
use crate::engine::results::PerStyle;

fn row(person: &str, context: &str, overall: u8) -> Row {
    Row {
        person: person.into(),
        context: context.into(),
        title: format!("{context} title"),
        scores: Scores {
            needs_discovery: 80,
            objection_handling: None,
            closing: 55,
            overall,
        },
        style: StyleLabel::Erudite,
        shares: PerStyle {
            melancholic: 0.125,
            erudite: 0.5,
            executive: 0.375,
        },
        time_used_s: Some(421.4),
        extra_time: 1.5,
        verified: Vec::new(),
        finished: crate::engine::record::Timestamp(1_795_000_000),
        percentile: None,
        band: Some((61, 79)),
        details: Vec::new(),
    }
}

#[test]
fn cells_follow_the_columns_and_name_every_mismatch() {
    let mut r = row("Ann, \"the\" <b>", "screen", 70);
    r.percentile = Some(33);
    let cells = r.cells();
    assert_eq!(cells.len(), COLUMNS.len());
    assert_eq!(
        cells,
        [
            "Ann, \"the\" <b>",
            "screen",
            "80",
            "",
            "55",
            "70",
            "erudite",
            "0.125",
            "0.500",
            "0.375",
            "421",
            "1.5",
            "genuine",
            "33",
            "61",
            "79"
        ]
    );
    r.verified = vec!["record 1 changed".into(), "chain broken".into()];
    assert_eq!(r.verification(), "MISMATCH: record 1 changed; chain broken");
    r.band = None;
    r.percentile = None;
    let cells = r.cells();
    assert_eq!(&cells[13..], ["", "", ""]);
}

#[test]
fn ranks_are_within_each_context_best_first_and_none_when_alone() {
    let rows = ranked(vec![
        row("Ann", "b", 40),
        row("Ben", "a", 90),
        row("Cleo", "b", 80),
        row("Dan", "b", 40),
        row("Eve", "c", 10),
    ]);
    let seen: Vec<(&str, &str, Option<u8>)> = rows
        .iter()
        .map(|r| (r.context.as_str(), r.person.as_str(), r.percentile))
        .collect();
    assert_eq!(
        seen,
        [
            ("a", "Ben", None),
            ("b", "Cleo", Some(100)),
            ("b", "Ann", Some(25)),
            ("b", "Dan", Some(25)),
            ("c", "Eve", None),
        ]
    );
}

#[test]
fn the_page_escapes_names_shows_shares_in_percent_and_colours_styles() {
    let mut hostile = row("<script>alert('x')</script> & Co", "screen", 70);
    hostile.verified = vec!["a <forged> record".into()];
    let page = html::html(&[hostile, row("Bo", "screen", 50)], "Report <1>", None);
    assert!(!page.contains("<script>"));
    assert!(page.contains("&lt;script&gt;alert('x')&lt;/script&gt; &amp; Co"));
    assert!(page.contains("<title>Report &lt;1&gt;</title>"));
    assert!(page.contains(r#"<span class="bad">MISMATCH: a &lt;forged&gt; record</span>"#));
    assert!(page.contains(r#"<td class="num">13 %</td><td class="num">50 %</td>"#));
    assert!(page.contains(r#"<td><span class="style erudite">erudite</span></td>"#));
    assert!(page.contains("<th>Verification</th>"));
    assert!(page.contains("share of the others"));
    // Alone in a context, the percentile is a dash, not a number.
    assert!(page.contains("percentile —"));
    // A style's share bar is in the style's colour, never green or red for its size: the
    // erudite 50 % bar is purple, the small melancholic share blue-grey, not red.
    assert!(page.contains(r##"width="130.0" height="16" rx="8" fill="#7a4f9a""##));
    assert!(page.contains(r##"width="32.5" height="16" rx="8" fill="#5a6f8c""##));
    assert!(!page.contains(r##"width="32.5" height="16" rx="8" fill="#b43a30""##));
    assert!(page.contains("2 people · finished"), "the summary line");
}

#[test]
fn csv_quotes_hostile_names_so_a_csv_reader_gets_them_back_whole() {
    let names = ["Smith, Ann", "O\"Neil \"Bo\"", "two\nlines", "plain"];
    let rows: Vec<Row> = names.iter().map(|n| row(n, "screen", 50)).collect();
    let text = csv::csv(&rows);
    let mut reader = ::csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, COLUMNS);
    let read: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("a record").iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(read.len(), names.len());
    for (record, row) in read.iter().zip(&rows) {
        assert_eq!(record, &row.cells());
    }
}

#[test]
fn a_seminar_row_adds_the_reply_times_in_seconds() {
    use crate::engine::dialogue::{Conversation, Options};
    use crate::engine::record::{Mode, Timestamp};
    use std::time::Duration;
    let p = crate::authoring::pack::shipped("led-store-cafe-owner");
    let mut c =
        Conversation::start(p.scenario.clone(), 7, None, Options::default()).expect("starts");
    c.choose(2, Some(Duration::from_millis(1_500)))
        .expect("reply");
    c.choose(4, Some(Duration::from_millis(2_750)))
        .expect("reply");
    let at = Timestamp(1_795_000_000);
    let record = ResultRecord::new(&c, Mode::Seminar, "Ann", p.hash, (at, at));
    let row = Row::from_practice(&record, "day-1", Vec::new());
    assert_eq!(row.time_used_s, Some(4.25));
    assert_eq!(row.context, "day-1/led-store-cafe-owner");
    assert_eq!(row.extra_time, 1.0);
}

#[test]
fn the_summary_names_one_day_or_a_range_and_scores_are_coloured_by_value() {
    let mut late = row("Late", "screen", 90);
    late.finished = crate::engine::record::Timestamp(1_795_000_000 + 3 * 86_400);
    let one_day = html::html(&[row("A", "screen", 40), row("B", "screen", 60)], "R", None);
    assert!(
        one_day.contains("2 people · finished 2026-11-18 (UTC)"),
        "{one_day}"
    );
    let range = html::html(&[row("A", "screen", 40), late], "R", None);
    assert!(range.contains("finished 2026-11-18 to 2026-11-21 (UTC)"));
    // Overall 90 is drawn green, 40 red: a score's colour says how good it is.
    assert!(range.contains(r##"width="234.0" height="16" rx="8" fill="#2e7d46""##));
    assert!(range.contains(r##"width="104.0" height="16" rx="8" fill="#b43a30""##));
}
