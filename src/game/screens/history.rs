//! The history: the player's practice apart from seminars and screenings, a chart of the
//! overall score per player or of one player's three competencies, a sortable table and a
//! click-through to any result's debrief (Esc there comes back here).

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui_plot::{Corner, Legend, Line, Plot, PlotPoints, Points};

use crate::game::Screen;
use crate::game::data::HistoryData;
use crate::game::i18n::{Lang, T, fill, label_name, outcome_name, tr};
use crate::game::session::OpenDebrief;
use crate::game::settings::Settings;
use crate::game::ui::theme::{self, BAD, MUTED, score_color};
use crate::game::ui::{ScreensUiSystems, root_ui, widgets};
use crate::system::local_time;
use rapport_core::engine::record::ResultRecord;
use rapport_core::progress::{
    self, Column, Competency, HistoryFilter, Series, competencies_of, overall_by_player,
};

/// What the player chose to look at.
#[derive(Debug, Default, Resource)]
struct HistoryView {
    filter: HistoryFilter,
    column: Column,
    ascending: bool,
    /// One line per competency of the player, instead of the overall score per player.
    competencies: bool,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<HistoryView>().add_systems(
        EguiPrimaryContextPass,
        history_ui
            .in_set(ScreensUiSystems)
            .run_if(in_state(Screen::History)),
    );
}

fn filter_name(filter: HistoryFilter) -> T {
    match filter {
        HistoryFilter::Practice => T::MyPractice,
        HistoryFilter::Seminar => T::Seminars,
        HistoryFilter::Assessment => T::Assessments,
    }
}

fn competency_name(competency: Competency) -> T {
    match competency {
        Competency::Needs => T::NeedsDiscovery,
        Competency::Objections => T::ObjectionHandling,
        Competency::Closing => T::Closing,
    }
}

fn history_ui(
    mut contexts: EguiContexts,
    mut commands: Commands,
    history: Res<HistoryData>,
    mut view: ResMut<HistoryView>,
    settings: Res<Settings>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = settings.lang;
    if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        next.set(Screen::Title);
    }
    let all: Vec<&ResultRecord> = history.records.iter().map(|(_, r)| r).collect();
    let mut rows: Vec<&ResultRecord> = all
        .iter()
        .copied()
        .filter(|r| view.filter.admits(r))
        .collect();
    progress::sort(&mut rows, view.column, view.ascending);
    let mut ui = root_ui(ctx);
    egui::CentralPanel::default()
        .frame(theme::page())
        .show(&mut ui, |ui| {
            if widgets::page_header(ui, tr(lang, T::Back), tr(lang, T::History)) {
                next.set(Screen::Title);
            }
            if history.unreadable > 0 {
                let text = fill(
                    tr(lang, T::UnreadableResults),
                    &[&history.unreadable.to_string()],
                );
                ui.label(egui::RichText::new(text).color(BAD));
            }
            ui.horizontal_wrapped(|ui| {
                for filter in HistoryFilter::ALL {
                    let count = all.iter().filter(|r| filter.admits(r)).count();
                    let label = format!("{} ({count})", tr(lang, filter_name(filter)));
                    ui.selectable_value(&mut view.filter, filter, label);
                }
            });
            if rows.is_empty() {
                ui.add_space(20.0);
                ui.label(egui::RichText::new(tr(lang, T::NoResults)).color(MUTED));
                return;
            }
            chart(ui, lang, &rows, &settings.player, &mut view.competencies);
            ui.add_space(8.0);
            table(ui, lang, &rows, &mut view, &mut commands);
        });
    Ok(())
}

/// The chart: overall per player, or the player's three competencies; x is the result's
/// number in time order, so no date repeats along the axis.
fn chart(
    ui: &mut egui::Ui,
    lang: Lang,
    rows: &[&ResultRecord],
    player: &str,
    competencies: &mut bool,
) {
    ui.horizontal(|ui| {
        ui.selectable_value(competencies, false, tr(lang, T::OverallOverTime));
        let mine = fill(tr(lang, T::MyCompetencies), &[player]);
        ui.add_enabled_ui(!player.trim().is_empty(), |ui| {
            ui.selectable_value(competencies, true, mine);
        });
    });
    let lines: Vec<Series> = if *competencies {
        competencies_of(rows, player)
            .into_iter()
            .map(|(c, mut series)| {
                series.name = tr(lang, competency_name(c)).to_owned();
                series
            })
            .collect()
    } else {
        overall_by_player(rows)
    };
    if lines.iter().map(|s| s.points.len()).sum::<usize>() < 2 {
        // One point makes no trend; a chart of it only looks broken.
        ui.label(egui::RichText::new(tr(lang, T::ChartAfterTwo)).color(MUTED));
        return;
    }
    Plot::new(("history-chart", *competencies))
        .height(190.0)
        // Above the 100 line there is room for the legend, so it never hides a point.
        .legend(Legend::default().position(Corner::LeftTop))
        .include_y(0.0)
        .include_y(125.0)
        .include_x(0.5)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .x_axis_label(tr(lang, T::ResultNumber))
        .x_axis_formatter(|mark, _| {
            let whole = mark.value.round();
            if (mark.value - whole).abs() < 1e-6 && whole >= 1.0 {
                format!("{whole:.0}")
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            for series in &lines {
                let points = PlotPoints::from(series.points.clone());
                plot.line(Line::new(series.name.as_str(), points));
                let dots = PlotPoints::from(series.points.clone());
                plot.points(Points::new(series.name.as_str(), dots).radius(4.0));
            }
        });
}

/// Every result shown, sortable by any column; Open comes first so it is never cut off.
fn table(
    ui: &mut egui::Ui,
    lang: Lang,
    rows: &[&ResultRecord],
    view: &mut HistoryView,
    commands: &mut Commands,
) {
    let columns = [
        (Column::Date, T::Date),
        (Column::Player, T::Player),
        (Column::Scenario, T::Scenario),
        (Column::Outcome, T::Outcome),
        (Column::Needs, T::ShortNeeds),
        (Column::Objections, T::ShortObjections),
        (Column::Closing, T::ShortClosing),
        (Column::Overall, T::ShortOverall),
        (Column::Style, T::Style),
    ];
    egui::ScrollArea::both()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("history-table")
                .striped(true)
                .spacing([14.0, 8.0])
                .show(ui, |ui| {
                    ui.label("");
                    for (column, title) in columns {
                        let marker = match (view.column == column, view.ascending) {
                            (false, _) => "",
                            (true, true) => " ▲",
                            (true, false) => " ▼",
                        };
                        let text = egui::RichText::new(format!("{}{marker}", tr(lang, title)));
                        if ui.button(text.small().strong()).clicked() {
                            if view.column == column {
                                view.ascending = !view.ascending;
                            } else {
                                view.column = column;
                                view.ascending = column.first_ascending();
                            }
                        }
                    }
                    ui.end_row();
                    for r in rows {
                        row(ui, lang, r, commands);
                    }
                });
        });
}

fn row(ui: &mut egui::Ui, lang: Lang, r: &ResultRecord, commands: &mut Commands) {
    let s = &r.report.scores;
    if ui.button(format!("{} →", tr(lang, T::Open))).clicked() {
        commands.trigger(OpenDebrief(r.clone()));
    }
    ui.label(local_time(r.finished_at));
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
    ui.end_row();
}

/// Widest the scenario column may grow, so the table fits a 1024-pixel window.
const SCENARIO_COLUMN_WIDTH: f32 = 200.0;
