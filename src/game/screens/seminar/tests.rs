//! The seminar screen through egui's own layout, windowless: every view (the list and form,
//! hot seat, board, decision map, replay) with two scenarios and long names, at 1024×768,
//! 1280×800 and 1366×768, at scale 1.0 and in large text, in English and Russian, draws
//! nothing outside the window except inside a scroll area, and keeps Export on screen.

use std::path::PathBuf;

use bevy_egui::egui;

use super::{Drawn, Page, SeminarAction, SeminarUi, Tab, draw};
use crate::game::i18n::Lang;
use crate::game::seminar::{ExportStatus, MapSearch};
use crate::game::settings::Settings;
use crate::game::ui::layout_check::{settings, two_passes};
use crate::game::ui::theme;
use rapport_core::authoring::pack::{self, Playable};
use rapport_core::engine::calibrate::{Player, play};
use rapport_core::engine::record::{Mode, ResultRecord, Timestamp};
use rapport_core::engine::scenario::Style;
use rapport_core::seminar::{Seminar, decision_map};

const PEOPLE: [&str; 4] = [
    "Konstantin Konstantinopolsky",
    "Ann",
    "Maria-Magdalena Vasilievna",
    "Ben",
];

/// A seminar of two shipped scenarios, everyone having played both (by different bots, so
/// the board, map and replay have something to show).
fn seminar(pack: &[Playable]) -> Seminar {
    let chosen: Vec<&Playable> = pack.iter().take(2).collect();
    let now = Timestamp::from_unix(std::time::Duration::from_secs(1_790_000_000));
    let mut seminar = Seminar::new(
        "Quarterly retail workshop for the northern district",
        chosen.iter().map(|p| p.scenario.id.to_string()).collect(),
        7,
        PEOPLE.iter().map(|p| p.to_string()).collect(),
        now,
    );
    let players = [
        Player::Stylist(Style::Erudite),
        Player::Positional(1),
        Player::Stylist(Style::Executive),
        Player::Stylist(Style::Melancholic),
    ];
    for p in &chosen {
        for (person, player) in PEOPLE.iter().zip(players) {
            let c = play(&p.scenario, 7, player).expect("played to the end");
            let record = ResultRecord::new(&c, Mode::Seminar, person, p.hash.clone(), (now, now));
            seminar.results.push(record);
        }
    }
    seminar
}

/// Lays the screen out on `tab` (egui sizes panels on the first pass).
fn lay_out(ctx: &egui::Context, size: egui::Vec2, page: &Page, tab: Tab) -> Drawn {
    let mut state = SeminarUi::showing(tab);
    state.replay_b = Some(1);
    state.step = 3;
    let mut settings = Settings::default();
    two_passes(ctx, size, |ctx| draw(ctx, page, &mut state, &mut settings))
}

/// Every label drawn in the last pass (egui keeps them with this debug option on).
fn labels(ctx: &egui::Context) -> Vec<String> {
    ctx.viewport(|v| {
        v.this_pass
            .widgets
            .layers()
            .flat_map(|(_, rects)| rects.iter())
            .filter_map(|w| v.this_pass.widgets.info(w.id))
            .filter_map(|i| i.label.clone())
            .collect()
    })
}

#[test]
fn every_seminar_view_fits_every_size_scale_and_language() {
    let pack = pack::playable(&[]);
    let seminar = seminar(&pack);
    let first = &pack[0];
    let key = (
        seminar.id.clone(),
        seminar.results.len(),
        first.scenario.id.to_string(),
    );
    let search = MapSearch::finished(key, decision_map(&seminar, first));
    let list = vec![(PathBuf::from("a.seminar.json"), seminar.clone()); 3];
    let views = [
        ("list", None),
        ("hot seat", Some(Tab::HotSeat)),
        ("board", Some(Tab::Board)),
        ("map", Some(Tab::Map)),
        ("replay", Some(Tab::Replay)),
    ];
    let mut failures = Vec::new();
    for setting in settings() {
        let (lang, ctx, size) = (setting.lang, &setting.ctx, setting.size);
        for (name, tab) in views {
            let page = Page {
                lang,
                list: &list,
                open: tab.is_some().then_some(&seminar),
                problem: None,
                export: &ExportStatus::Idle,
                search: &search,
                pack: &pack,
            };
            let drawn = lay_out(ctx, size, &page, tab.unwrap_or_default());
            let at = format!("{} {name}", setting.name);
            if !setting.holds(drawn.content) {
                failures.push(format!("{at}: content at {:?}", drawn.content));
            }
            if tab.is_some()
                && !drawn
                    .export
                    .is_some_and(|r| setting.screen().contains_rect(r))
            {
                failures.push(format!("{at}: Export at {:?}", drawn.export));
            }
            // The map was ready, so drawing it asked for no search.
            let searched = drawn
                .actions
                .iter()
                .any(|a| matches!(a, SeminarAction::Search(_)));
            assert!(!searched, "{at}: the ready map was searched again");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_board_names_every_participant_and_the_map_asks_for_its_search_once_not_ready() {
    let pack = pack::playable(&[]);
    let seminar = seminar(&pack);
    let ctx = egui::Context::default();
    theme::install(&ctx);
    ctx.all_styles_mut(|s| s.debug.show_interactive_widgets = true);
    let page = Page {
        lang: Lang::En,
        list: &[],
        open: Some(&seminar),
        problem: None,
        export: &ExportStatus::Idle,
        search: &MapSearch::default(),
        pack: &pack,
    };
    let size = egui::vec2(1280.0, 800.0);
    lay_out(&ctx, size, &page, Tab::Board);
    let shown = labels(&ctx);
    for person in PEOPLE {
        assert!(
            shown.iter().any(|l| l == person),
            "{person} not on the board"
        );
    }
    let drawn = lay_out(&ctx, size, &page, Tab::Map);
    let searches: Vec<_> = drawn
        .actions
        .iter()
        .filter_map(|a| match a {
            SeminarAction::Search(s) => Some(s.key.2.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(searches, vec![pack[0].scenario.id.to_string()]);
}
