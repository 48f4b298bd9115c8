//! The board: every participant's scores side by side, sortable, the best per column marked.

use bevy_egui::egui;

use super::SeminarUi;
use crate::game::i18n::{Lang, T, label_name, outcome_name, style_name, tr};
use crate::game::ui::theme::{GOOD, MUTED, score_color};
use rapport_core::authoring::pack::Playable;
use rapport_core::engine::scenario::Style;
use rapport_core::seminar::{Seminar, board};

pub(super) fn board_tab(
    ui: &mut egui::Ui,
    lang: Lang,
    state: &mut SeminarUi,
    seminar: &Seminar,
    playable: &Playable,
) {
    let b = board(seminar, playable.scenario.id.as_str());
    if b.rows.is_empty() {
        ui.label(egui::RichText::new(tr(lang, T::NoResults)).color(MUTED));
        return;
    }
    // The outcome sits under the name, so the first column says who and how it ended and the
    // table stays narrow enough for large text.
    let titles = [
        tr(lang, T::Player),
        tr(lang, T::ShortNeeds),
        tr(lang, T::ShortObjections),
        tr(lang, T::ShortClosing),
        tr(lang, T::ShortOverall),
        tr(lang, T::Style),
        tr(lang, T::TimeUsed),
    ];
    let mut rows = b.rows.clone();
    let sort = state.sort;
    rows.sort_by(|x, y| match sort {
        0 => x.player.cmp(&y.player),
        1 => y.scores.needs_discovery.cmp(&x.scores.needs_discovery),
        2 => y
            .scores
            .objection_handling
            .cmp(&x.scores.objection_handling),
        3 => y.scores.closing.cmp(&x.scores.closing),
        5 => x.style.key().cmp(y.style.key()),
        6 => x.time_used_ms.cmp(&y.time_used_ms),
        _ => y.scores.overall.cmp(&x.scores.overall),
    });
    let cell = |ui: &mut egui::Ui, value: Option<u8>, best: Option<u8>| {
        let text = value.map_or("—".to_owned(), |v| v.to_string());
        let top = value.is_some() && value == best;
        let rich = egui::RichText::new(text).size(20.0);
        ui.label(if top { rich.strong().color(GOOD) } else { rich });
    };
    egui::ScrollArea::both()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("seminar-board")
                .striped(true)
                .spacing([18.0, 10.0])
                .show(ui, |ui| {
                    for (i, title) in titles.iter().enumerate() {
                        let marker = if state.sort == i { " ▼" } else { "" };
                        if ui
                            .button(egui::RichText::new(format!("{title}{marker}")).strong())
                            .clicked()
                        {
                            state.sort = i;
                        }
                    }
                    ui.end_row();
                    for r in &rows {
                        ui.vertical(|ui| {
                            ui.label(egui::RichText::new(&r.player).size(20.0).strong());
                            let outcome = r.outcome.map_or("—", |o| outcome_name(lang, o));
                            ui.label(egui::RichText::new(outcome).small().color(MUTED));
                        });
                        cell(
                            ui,
                            Some(r.scores.needs_discovery),
                            Some(b.best.needs_discovery),
                        );
                        cell(ui, r.scores.objection_handling, b.best.objection_handling);
                        cell(ui, Some(r.scores.closing), Some(b.best.closing));
                        let overall = egui::RichText::new(r.scores.overall.to_string())
                            .size(22.0)
                            .strong();
                        ui.label(overall.color(score_color(r.scores.overall)));
                        ui.vertical(|ui| {
                            ui.label(label_name(lang, r.style));
                            // Each share named, so "0/100/0" never has to be decoded.
                            let shares = Style::ALL
                                .iter()
                                .map(|&s| {
                                    format!(
                                        "{} {:.0}%",
                                        style_name(lang, s),
                                        r.shares.get(s) * 100.0
                                    )
                                })
                                .collect::<Vec<_>>()
                                .join(" · ");
                            ui.label(egui::RichText::new(shares).small().color(MUTED));
                        });
                        ui.label(r.time_used_ms.map_or("—".to_owned(), |ms| {
                            format!("{}:{:02}", ms / 60_000, ms / 1000 % 60)
                        }));
                        ui.end_row();
                    }
                });
        });
}
