//! The history: past results, sortable, a chart of overall score over time per player, and a
//! click-through to any result's debrief.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui_plot::{Legend, Line, Plot, PlotPoints, Points};

use crate::game::Screen;
use crate::game::data::HistoryData;
use crate::game::i18n::{Lang, T, fill, label_name, outcome_name, tr};
use crate::game::session::OpenDebrief;
use crate::game::settings::Settings;
use crate::game::ui::theme::{self, BAD, MUTED, score_color};
use crate::game::ui::{ScreensUiSystems, root_ui, widgets};
use rapport_core::engine::record::{ResultRecord, Timestamp};

/// A column the table can be sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Column {
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

#[derive(Debug, Default, Resource)]
struct Sorting {
    column: Column,
    ascending: bool,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Sorting>().add_systems(
        EguiPrimaryContextPass,
        history_ui
            .in_set(ScreensUiSystems)
            .run_if(in_state(Screen::History)),
    );
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

/// Days since the first result, so the chart's x axis reads in days.
fn day_of(at: Timestamp, first: Timestamp) -> f64 {
    (at.0 - first.0) as f64 / 86_400.0
}

fn history_ui(
    mut contexts: EguiContexts,
    mut commands: Commands,
    history: Res<HistoryData>,
    mut sorting: ResMut<Sorting>,
    settings: Res<Settings>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = settings.lang;
    if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        next.set(Screen::Title);
    }
    let mut rows: Vec<&ResultRecord> = history.records.iter().map(|(_, r)| r).collect();
    rows.sort_by(|a, b| {
        let order = compare(sorting.column, a, b);
        if sorting.ascending {
            order
        } else {
            order.reverse()
        }
    });
    let mut ui = root_ui(ctx);
    egui::CentralPanel::default()
        .frame(theme::page())
        .show(&mut ui, |ui| {
            if widgets::page_header(ui, tr(lang, T::Back), tr(lang, T::History)) {
                next.set(Screen::Title);
            }
            if history.unreadable > 0 {
                ui.label(
                    egui::RichText::new(fill(
                        tr(lang, T::UnreadableResults),
                        &[&history.unreadable.to_string()],
                    ))
                    .color(BAD),
                );
            }
            if rows.is_empty() {
                ui.add_space(20.0);
                ui.label(egui::RichText::new(tr(lang, T::NoResults)).color(MUTED));
                return;
            }
            chart(ui, lang, &history);
            ui.add_space(8.0);
            table(ui, lang, &rows, &mut sorting, &mut commands);
        });
    Ok(())
}

/// The overall score over time, one line per player.
fn chart(ui: &mut egui::Ui, lang: Lang, history: &HistoryData) {
    // One line per player, in time order.
    let first = history
        .records
        .first()
        .map_or(Timestamp(0), |(_, r)| r.finished_at);
    let mut per_player: BTreeMap<&str, Vec<[f64; 2]>> = BTreeMap::new();
    for (_, r) in &history.records {
        per_player.entry(r.player.as_str()).or_default().push([
            day_of(r.finished_at, first),
            f64::from(r.report.scores.overall),
        ]);
    }
    ui.label(egui::RichText::new(tr(lang, T::OverallOverTime)).strong());
    if history.records.len() < 2 {
        // One point makes no trend; a chart of it only looks broken.
        ui.label(egui::RichText::new(tr(lang, T::ChartAfterTwo)).color(MUTED));
    } else {
        Plot::new("overall-over-time")
            .height(200.0)
            .legend(Legend::default())
            .include_y(0.0)
            .include_y(100.0)
            .allow_scroll(false)
            .x_axis_label(tr(lang, T::Date))
            .x_axis_formatter(move |mark, _| {
                Timestamp(first.0 + (mark.value * 86_400.0) as i64).display()[..10].to_owned()
            })
            .show(ui, |plot| {
                for (player, points) in &per_player {
                    plot.line(Line::new(*player, PlotPoints::from(points.clone())));
                    plot.points(Points::new(*player, PlotPoints::from(points.clone())).radius(4.0));
                }
            });
    }
}

/// Every result, sortable by any column, each with a button that opens its debrief.
fn table(
    ui: &mut egui::Ui,
    lang: Lang,
    rows: &[&ResultRecord],
    sorting: &mut Sorting,
    commands: &mut Commands,
) {
    let columns = [
        (Column::Date, tr(lang, T::Date)),
        (Column::Player, tr(lang, T::Player)),
        (Column::Scenario, tr(lang, T::Scenario)),
        (Column::Outcome, tr(lang, T::Outcome)),
        (Column::Needs, tr(lang, T::ShortNeeds)),
        (Column::Objections, tr(lang, T::ShortObjections)),
        (Column::Closing, tr(lang, T::ShortClosing)),
        (Column::Overall, tr(lang, T::ShortOverall)),
        (Column::Style, tr(lang, T::Style)),
    ];
    egui::ScrollArea::both()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("history-table")
                .striped(true)
                .spacing([14.0, 8.0])
                .show(ui, |ui| {
                    for (column, title) in columns {
                        let marker = if sorting.column == column {
                            if sorting.ascending { " ^" } else { " v" }
                        } else {
                            ""
                        };
                        if ui
                            .button(
                                egui::RichText::new(format!("{title}{marker}"))
                                    .small()
                                    .strong(),
                            )
                            .clicked()
                        {
                            if sorting.column == column {
                                sorting.ascending = !sorting.ascending;
                            } else {
                                sorting.column = column;
                                sorting.ascending = column != Column::Date;
                            }
                        }
                    }
                    ui.label("");
                    ui.end_row();
                    for r in rows {
                        let s = &r.report.scores;
                        ui.label(r.finished_at.display());
                        ui.label(&r.player);
                        // Long titles are cut (whole on hover) so every column fits.
                        ui.scope(|ui| {
                            ui.set_max_width(SCENARIO_COLUMN_WIDTH);
                            ui.add(egui::Label::new(&r.scenario_title).truncate())
                                .on_hover_text(&r.scenario_title);
                        });
                        ui.label(r.report.outcome.map_or("—", |o| outcome_name(lang, o)));
                        ui.label(s.needs_discovery.to_string());
                        ui.label(
                            s.objection_handling
                                .map_or("—".to_owned(), |v| v.to_string()),
                        );
                        ui.label(s.closing.to_string());
                        ui.label(
                            egui::RichText::new(s.overall.to_string())
                                .strong()
                                .color(score_color(s.overall)),
                        );
                        ui.label(label_name(lang, r.report.style.label));
                        if ui.button(tr(lang, T::Open)).clicked() {
                            commands.trigger(OpenDebrief((*r).clone()));
                        }
                        ui.end_row();
                    }
                });
        });
}

/// Widest the scenario column may grow, so the table fits a 1280-pixel window.
const SCENARIO_COLUMN_WIDTH: f32 = 220.0;
