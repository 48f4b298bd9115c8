//! The trainer's seminar screen: create or open a seminar, put participants in the hot seat,
//! and compare on the board, the decision map and the side-by-side replay. Projector-friendly:
//! large text, full screen, and a key for everything.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::thread::JoinHandle;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::conversation::{describe, meters};
use crate::game::data::Pack;
use crate::game::i18n::{Lang, T, fill, label_name, mood_name, outcome_name, style_name, tr};
use crate::game::seminar::{CreateSeminar, OpenSeminar, SeminarError, SeminarList};
use crate::game::session::{HotSeat, StartConversation};
use crate::game::settings::Settings;
use crate::game::ui::theme::{self, ACCENT, BAD, GOOD, INK, MUTED, score_color};
use crate::game::ui::{ScreensUiSystems, root_ui, widgets};
use crate::game::{GameOptions, Screen};
use crate::sim::dialogue::fresh_seed;
use crate::sim::pack::Playable;
use crate::sim::record::write_atomically;
use crate::sim::scenario::{Effect, NeedId, ObjectionId, Scenario};
use crate::sim::seminar::{DecisionMap, Moment, Seminar, board, decision_map, replay_moments};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Tab {
    #[default]
    HotSeat,
    Board,
    Map,
    Replay,
}

#[derive(Debug, Default, Resource)]
struct SeminarUi {
    tab: Tab,
    title: String,
    chosen: BTreeSet<String>,
    participants: String,
    scenario: usize,
    new_participant: String,
    sort: usize,
    selected_node: Option<String>,
    replay_a: usize,
    replay_b: Option<usize>,
    step: usize,
    note: Option<String>,
    map_job: Option<MapJob>,
}

/// The decision map of one seminar, result count and scenario. Its exhaustive search can take
/// a good fraction of a second, so it runs on a worker thread; the map is kept until the
/// results change.
#[derive(Debug)]
struct MapJob {
    key: (String, usize, String),
    map: MapState,
}

#[derive(Debug)]
enum MapState {
    Searching(JoinHandle<DecisionMap>),
    Ready(DecisionMap),
    /// The search panicked: a bug, shown rather than hidden.
    Failed,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<SeminarUi>().add_systems(
        EguiPrimaryContextPass,
        seminar_ui
            .in_set(ScreensUiSystems)
            .run_if(in_state(Screen::Seminar)),
    );
}

#[allow(clippy::too_many_arguments)]
fn seminar_ui(
    mut contexts: EguiContexts,
    mut commands: Commands,
    mut state: ResMut<SeminarUi>,
    mut open: ResMut<OpenSeminar>,
    list: Res<SeminarList>,
    error: Res<SeminarError>,
    pack: Res<Pack>,
    mut settings: ResMut<Settings>,
    options: Res<GameOptions>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = settings.lang;
    let typing = ctx.egui_wants_keyboard_input();
    let key = |k: egui::Key| !typing && ctx.input(|i| i.key_pressed(k));
    if key(egui::Key::Escape) {
        if open.0.is_some() {
            open.0 = None;
        } else {
            next.set(Screen::Title);
        }
    }
    let pack = pack.playable();
    let state = &mut *state;
    if open.0.is_some() {
        for (k, tab) in [
            (egui::Key::P, Tab::HotSeat),
            (egui::Key::B, Tab::Board),
            (egui::Key::M, Tab::Map),
            (egui::Key::R, Tab::Replay),
        ] {
            if key(k) {
                state.tab = tab;
            }
        }
        if key(egui::Key::L) {
            settings.ui_scale = if settings.ui_scale < 1.4 { 1.5 } else { 1.0 };
        }
        if key(egui::Key::F) {
            settings.fullscreen = !settings.fullscreen;
        }
    }
    let mut ui = root_ui(ctx);
    egui::CentralPanel::default()
        .frame(theme::page())
        .show(&mut ui, |ui| {
            if widgets::page_header(ui, tr(lang, T::Back), tr(lang, T::Seminar)) {
                if open.0.is_some() {
                    open.0 = None;
                } else {
                    next.set(Screen::Title);
                }
            }
            if let Some(message) = &error.0 {
                ui.label(egui::RichText::new(message).color(BAD));
            }
            match &mut open.0 {
                None => chooser(ui, lang, state, &list.0, &pack, &mut commands),
                Some((_, seminar)) => {
                    let seminar = seminar.clone();
                    opened(
                        ui,
                        lang,
                        state,
                        &seminar,
                        &pack,
                        &mut commands,
                        &mut settings,
                        &options,
                    );
                }
            }
        });
    // Opening happens after drawing, so the list is not borrowed while it changes.
    if let Some(index) = state
        .note
        .as_ref()
        .and_then(|n| n.strip_prefix("open:"))
        .and_then(|i| i.parse::<usize>().ok())
    {
        open.0 = list.0.get(index).cloned();
        state.note = None;
        state.scenario = 0;
        state.map_job = None;
    }
    Ok(())
}

fn chooser(
    ui: &mut egui::Ui,
    lang: Lang,
    state: &mut SeminarUi,
    list: &[(std::path::PathBuf, Seminar)],
    pack: &[Playable],
    commands: &mut Commands,
) {
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.set_max_width(820.0);
            if !list.is_empty() {
                ui.label(
                    egui::RichText::new(tr(lang, T::OpenSeminar))
                        .strong()
                        .color(ACCENT),
                );
                for (i, (_, s)) in list.iter().enumerate() {
                    theme::card().show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.horizontal(|ui| {
                            ui.vertical(|ui| {
                                ui.label(egui::RichText::new(&s.title).strong().size(20.0));
                                ui.label(
                                    egui::RichText::new(fill(
                                        tr(lang, T::SeminarLine),
                                        &[
                                            &s.created_at.display(),
                                            &s.participants.len().to_string(),
                                            &s.results.len().to_string(),
                                        ],
                                    ))
                                    .small()
                                    .color(MUTED),
                                );
                            });
                            ui.with_layout(
                                egui::Layout::right_to_left(egui::Align::Center),
                                |ui| {
                                    if widgets::primary_button(ui, tr(lang, T::Open)) {
                                        state.note = Some(format!("open:{i}"));
                                    }
                                },
                            );
                        });
                    });
                }
                ui.add_space(12.0);
            }
            ui.label(
                egui::RichText::new(tr(lang, T::NewSeminar))
                    .strong()
                    .color(ACCENT),
            );
            theme::card().show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(tr(lang, T::SeminarTitle));
                ui.add(egui::TextEdit::singleline(&mut state.title).desired_width(f32::INFINITY));
                ui.label(tr(lang, T::SeminarScenarios));
                for p in pack {
                    let id = p.scenario.id.to_string();
                    let mut on = state.chosen.contains(&id);
                    if ui.checkbox(&mut on, &p.scenario.title).changed() {
                        if on {
                            state.chosen.insert(id);
                        } else {
                            state.chosen.remove(&id);
                        }
                    }
                }
                ui.label(tr(lang, T::SeminarParticipants));
                ui.add(
                    egui::TextEdit::multiline(&mut state.participants)
                        .desired_rows(4)
                        .desired_width(f32::INFINITY),
                );
                let ready = !state.title.trim().is_empty() && !state.chosen.is_empty();
                ui.add_enabled_ui(ready, |ui| {
                    if widgets::primary_button(ui, tr(lang, T::CreateSeminar)) {
                        commands.trigger(CreateSeminar {
                            title: state.title.trim().to_owned(),
                            scenarios: state.chosen.iter().cloned().collect(),
                            seed: fresh_seed(),
                            participants: state
                                .participants
                                .lines()
                                .map(str::trim)
                                .filter(|l| !l.is_empty())
                                .map(str::to_owned)
                                .collect(),
                        });
                        state.map_job = None;
                    }
                });
            });
        });
}

#[allow(clippy::too_many_arguments)]
fn opened(
    ui: &mut egui::Ui,
    lang: Lang,
    state: &mut SeminarUi,
    seminar: &Seminar,
    pack: &[Playable],
    commands: &mut Commands,
    settings: &mut Settings,
    options: &GameOptions,
) {
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(&seminar.title).size(24.0).strong());
        ui.label(
            egui::RichText::new(format!("{} {}", tr(lang, T::Seed), seminar.seed)).color(MUTED),
        );
    });
    let scenarios: Vec<&Playable> = seminar
        .scenarios
        .iter()
        .filter_map(|id| pack.iter().find(|p| p.scenario.id.as_str() == id))
        .collect();
    state.scenario = state.scenario.min(scenarios.len().saturating_sub(1));
    let Some(playable) = scenarios.get(state.scenario).copied() else {
        ui.label(tr(lang, T::NoScenarios));
        return;
    };
    ui.horizontal(|ui| {
        for (tab, label) in [
            (Tab::HotSeat, T::HotSeat),
            (Tab::Board, T::Board),
            (Tab::Map, T::DecisionMap),
            (Tab::Replay, T::Replay),
        ] {
            if ui
                .selectable_label(state.tab == tab, tr(lang, label))
                .clicked()
            {
                state.tab = tab;
            }
        }
        ui.separator();
        if scenarios.len() > 1 {
            egui::ComboBox::from_id_salt("seminar-scenario")
                .selected_text(&playable.scenario.title)
                .show_ui(ui, |ui| {
                    for (i, p) in scenarios.iter().enumerate() {
                        ui.selectable_value(&mut state.scenario, i, &p.scenario.title);
                    }
                });
        }
        let mut large = settings.ui_scale >= 1.4;
        if ui.checkbox(&mut large, tr(lang, T::LargeText)).changed() {
            settings.ui_scale = if large { 1.5 } else { 1.0 };
        }
        ui.checkbox(&mut settings.fullscreen, tr(lang, T::FullScreen));
        if ui.button(tr(lang, T::Export)).clicked() {
            state.note = Some(export(seminar, pack, options));
        }
    });
    widgets::hint(ui, tr(lang, T::SeminarKeys));
    if let Some(note) = state.note.as_ref().filter(|n| !n.starts_with("open:")) {
        ui.label(egui::RichText::new(note).small().color(MUTED));
    }
    ui.separator();
    match state.tab {
        Tab::HotSeat => hot_seat(ui, lang, state, seminar, playable, commands),
        Tab::Board => board_tab(ui, lang, state, seminar, playable),
        Tab::Map => map_tab(ui, lang, state, seminar, playable),
        Tab::Replay => replay_tab(ui, lang, state, seminar, playable),
    }
}

/// Writes the group report beside the seminar file; returns what to tell the trainer.
fn export(seminar: &Seminar, pack: &[Playable], options: &GameOptions) -> String {
    let dir = options.data_dir.join(crate::sim::seminar::SEMINARS_DIR);
    let rows: Vec<String> = seminar
        .results
        .iter()
        .map(|r| {
            let s = &r.report.scores;
            let genuine = crate::sim::record::verify_record(r, pack).is_empty();
            format!(
                "{},{},{},{},{},{},{},{}",
                r.player.replace(',', " "),
                r.report.scenario,
                r.report.outcome.map_or("", |o| o.key()),
                s.needs_discovery,
                s.objection_handling
                    .map_or(String::new(), |v| v.to_string()),
                s.closing,
                s.overall,
                if genuine {
                    r.report.style.label.key()
                } else {
                    "not genuine"
                }
            )
        })
        .collect();
    let csv = format!(
        "player,scenario,outcome,needs_discovery,objection_handling,closing,overall,style\n{}\n",
        rows.join("\n")
    );
    let path = dir.join(format!("{}-board.csv", seminar.id));
    match write_atomically(&path, csv.as_bytes()) {
        Ok(()) => format!(
            "{} (rapport seminar export {} --html FILE for the full report)",
            path.display(),
            seminar.id
        ),
        Err(e) => e.to_string(),
    }
}

fn hot_seat(
    ui: &mut egui::Ui,
    lang: Lang,
    state: &mut SeminarUi,
    seminar: &Seminar,
    playable: &Playable,
    commands: &mut Commands,
) {
    ui.label(egui::RichText::new(tr(lang, T::HotSeatHint)).color(MUTED));
    let played: BTreeSet<&str> = seminar
        .results
        .iter()
        .filter(|r| r.report.scenario == playable.scenario.id.as_str())
        .map(|r| r.player.as_str())
        .collect();
    let mut people: Vec<String> = seminar.participants.clone();
    let newcomer = state.new_participant.trim().to_owned();
    // Digits put participant 1..9 in the hot seat.
    let typing = ui.ctx().egui_wants_keyboard_input();
    let digit = ui.input(widgets::digit_pressed).map(|d| d - 1);
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (n, person) in people.iter().enumerate() {
                ui.horizontal(|ui| {
                    let done = played.contains(person.as_str());
                    let name = format!("{}. {person}", n + 1);
                    ui.label(egui::RichText::new(name).size(20.0).color(if done {
                        MUTED
                    } else {
                        INK
                    }));
                    if done {
                        ui.label(egui::RichText::new(tr(lang, T::Played)).small().color(GOOD));
                    }
                    if widgets::primary_button(ui, tr(lang, T::Play))
                        || (!typing && digit == Some(n))
                    {
                        commands.trigger(StartConversation {
                            playable: playable.clone(),
                            seed: seminar.seed,
                            seminar: Some(HotSeat {
                                seminar: seminar.id.clone(),
                                player: person.clone(),
                            }),
                        });
                    }
                });
            }
            ui.horizontal(|ui| {
                ui.add(
                    egui::TextEdit::singleline(&mut state.new_participant)
                        .hint_text(tr(lang, T::AddParticipant)),
                );
                if !newcomer.is_empty() && widgets::primary_button(ui, tr(lang, T::Play)) {
                    people.push(newcomer.clone());
                    commands.trigger(StartConversation {
                        playable: playable.clone(),
                        seed: seminar.seed,
                        seminar: Some(HotSeat {
                            seminar: seminar.id.clone(),
                            player: newcomer.clone(),
                        }),
                    });
                    state.new_participant.clear();
                }
            });
        });
}

fn board_tab(
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
    let titles = [
        tr(lang, T::Player),
        tr(lang, T::Outcome),
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
        1 => x.outcome.map(|o| o as u8).cmp(&y.outcome.map(|o| o as u8)),
        2 => y.scores.needs_discovery.cmp(&x.scores.needs_discovery),
        3 => y
            .scores
            .objection_handling
            .cmp(&x.scores.objection_handling),
        4 => y.scores.closing.cmp(&x.scores.closing),
        6 => x.style.key().cmp(y.style.key()),
        7 => x.time_used_ms.cmp(&y.time_used_ms),
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
                .spacing([22.0, 10.0])
                .show(ui, |ui| {
                    for (i, title) in titles.iter().enumerate() {
                        let marker = if state.sort == i { " v" } else { "" };
                        if ui
                            .button(egui::RichText::new(format!("{title}{marker}")).strong())
                            .clicked()
                        {
                            state.sort = i;
                        }
                    }
                    ui.end_row();
                    for r in &rows {
                        ui.label(egui::RichText::new(&r.player).size(20.0).strong());
                        ui.label(r.outcome.map_or("—", |o| outcome_name(lang, o)));
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
                        ui.label(format!(
                            "{} ({:.0}/{:.0}/{:.0}%)",
                            label_name(lang, r.style),
                            r.shares.melancholic * 100.0,
                            r.shares.erudite * 100.0,
                            r.shares.executive * 100.0
                        ));
                        ui.label(r.time_used_ms.map_or("—".to_owned(), |ms| {
                            format!("{}:{:02}", ms / 60_000, ms / 1000 % 60)
                        }));
                        ui.end_row();
                    }
                });
        });
}

/// Columns by distance from the start, so the map reads left to right like the talk.
fn layout(map: &DecisionMap, start: &str) -> HashMap<String, (usize, usize)> {
    let index: HashMap<&str, usize> = map
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let mut depth: HashMap<&str, usize> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    depth.insert(start, 0);
    while let Some(id) = queue.pop_front() {
        let d = depth[id];
        if let Some(&i) = index.get(id) {
            for reply in &map.nodes[i].replies {
                for target in &reply.next {
                    if !depth.contains_key(target.as_str()) {
                        depth.insert(target.as_str(), d + 1);
                        queue.push_back(target.as_str());
                    }
                }
            }
        }
    }
    let deepest = depth.values().copied().max().unwrap_or(0);
    let mut rows: HashMap<usize, usize> = HashMap::new();
    map.nodes
        .iter()
        .map(|n| {
            let column = depth.get(n.id.as_str()).copied().unwrap_or(deepest + 1);
            let row = rows.entry(column).or_default();
            let at = (column, *row);
            *row += 1;
            (n.id.clone(), at)
        })
        .collect()
}

fn map_tab(
    ui: &mut egui::Ui,
    lang: Lang,
    state: &mut SeminarUi,
    seminar: &Seminar,
    playable: &Playable,
) {
    let key = (
        seminar.id.clone(),
        seminar.results.len(),
        playable.scenario.id.to_string(),
    );
    // One search at a time: a stale one is let finish before the next starts, so clicking
    // through scenarios does not pile up threads.
    let searching = |job: &MapJob| matches!(&job.map, MapState::Searching(s) if !s.is_finished());
    let stale = state.map_job.as_ref().is_none_or(|job| job.key != key);
    if stale && !state.map_job.as_ref().is_some_and(searching) {
        let (seminar, playable) = (seminar.clone(), playable.clone());
        let search = std::thread::Builder::new()
            .name("decision-map".into())
            .spawn(move || decision_map(&seminar, &playable));
        state.map_job = Some(MapJob {
            key,
            map: search.map_or(MapState::Failed, MapState::Searching),
        });
    }
    let Some(job) = state.map_job.as_mut() else {
        return;
    };
    if searching(job) || stale {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(egui::RichText::new(tr(lang, T::SearchingMap)).color(MUTED));
        });
        // Frames only while a search runs, to notice its end.
        ui.ctx().request_repaint();
        return;
    }
    if matches!(job.map, MapState::Searching(_))
        && let MapState::Searching(search) = std::mem::replace(&mut job.map, MapState::Failed)
    {
        job.map = search.join().map_or(MapState::Failed, MapState::Ready);
    }
    if matches!(job.map, MapState::Failed) {
        ui.label(egui::RichText::new(tr(lang, T::MapFailed)).color(BAD));
        return;
    }
    let MapState::Ready(map) = &job.map else {
        return;
    };
    let positions = layout(map, playable.scenario.start.as_str());
    let best_edges: BTreeSet<(String, usize)> = map.best_path.iter().cloned().collect();
    ui.label(
        egui::RichText::new(fill(
            tr(lang, T::MapLegend),
            &[&map.best_overall.map_or("—".into(), |v| v.to_string())],
        ))
        .color(MUTED),
    );
    let (cell_w, cell_h, box_w, box_h) = (190.0, 74.0, 160.0, 54.0);
    ui.columns(2, |cols| {
        egui::ScrollArea::both()
            .id_salt("map")
            .auto_shrink([false, false])
            .show(&mut cols[0], |ui| {
                let columns = positions.values().map(|p| p.0).max().unwrap_or(0) + 1;
                let rows = positions.values().map(|p| p.1).max().unwrap_or(0) + 1;
                let (rect, _) = ui.allocate_exact_size(
                    egui::vec2(columns as f32 * cell_w + 20.0, rows as f32 * cell_h + 20.0),
                    egui::Sense::hover(),
                );
                let origin = rect.min + egui::vec2(10.0, 10.0);
                let at = |id: &str| {
                    positions
                        .get(id)
                        .map(|&(c, r)| origin + egui::vec2(c as f32 * cell_w, r as f32 * cell_h))
                };
                let painter = ui.painter_at(rect);
                for node in &map.nodes {
                    let Some(from) = at(&node.id) else { continue };
                    for reply in &node.replies {
                        for target in &reply.next {
                            let Some(to) = at(target) else { continue };
                            let a = from + egui::vec2(box_w, box_h / 2.0);
                            let b = to + egui::vec2(0.0, box_h / 2.0);
                            let best = best_edges.contains(&(node.id.clone(), reply.index));
                            let chosen = reply.chosen_by.len();
                            let color = if best {
                                egui::Color32::from_rgb(214, 160, 40)
                            } else if chosen > 0 {
                                ACCENT
                            } else {
                                egui::Color32::from_gray(205)
                            };
                            painter.line_segment(
                                [a, b],
                                egui::Stroke::new(
                                    1.0 + 1.5 * chosen as f32 + if best { 1.5 } else { 0.0 },
                                    color,
                                ),
                            );
                        }
                    }
                }
                for node in &map.nodes {
                    let Some(p) = at(&node.id) else { continue };
                    let r = egui::Rect::from_min_size(p, egui::vec2(box_w, box_h));
                    let response =
                        ui.interact(r, ui.id().with(("node", &node.id)), egui::Sense::click());
                    if response.clicked() {
                        state.selected_node = Some(node.id.clone());
                    }
                    let selected = state.selected_node.as_deref() == Some(node.id.as_str());
                    let fill = match node.ending {
                        Some(crate::sim::scenario::Outcome::Won) => {
                            egui::Color32::from_rgb(221, 240, 226)
                        }
                        Some(_) => egui::Color32::from_rgb(246, 226, 222),
                        None => theme::CARD,
                    };
                    painter.rect_filled(r, 8.0, fill);
                    painter.rect_stroke(
                        r,
                        8.0,
                        egui::Stroke::new(
                            if selected { 3.0 } else { 1.0 },
                            if selected { ACCENT } else { theme::LINE },
                        ),
                        egui::StrokeKind::Inside,
                    );
                    painter.text(
                        r.left_top() + egui::vec2(8.0, 6.0),
                        egui::Align2::LEFT_TOP,
                        &node.id,
                        egui::FontId::proportional(15.0),
                        INK,
                    );
                    painter.text(
                        r.left_bottom() + egui::vec2(8.0, -6.0),
                        egui::Align2::LEFT_BOTTOM,
                        fill_visits(lang, node.visits),
                        egui::FontId::proportional(13.0),
                        MUTED,
                    );
                }
            });
        let ui = &mut cols[1];
        let node = state
            .selected_node
            .as_ref()
            .and_then(|id| map.nodes.iter().find(|n| &n.id == id))
            .or_else(|| {
                map.nodes
                    .iter()
                    .find(|n| n.id == playable.scenario.start.as_str())
            });
        let Some(node) = node else { return };
        egui::ScrollArea::vertical()
            .id_salt("map-node")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                // Left-aligned, not justified: `columns` lays out justified by default.
                ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                    ui.label(egui::RichText::new(&node.id).strong().color(ACCENT));
                    ui.label(
                        egui::RichText::new(format!(
                            "“{}” ({})",
                            node.say,
                            mood_name(lang, node.mood)
                        ))
                        .italics(),
                    );
                    for reply in &node.replies {
                        theme::card().show(ui, |ui| {
                            ui.set_width(ui.available_width());
                            let best = if reply.best {
                                tr(lang, T::BestMark)
                            } else {
                                ""
                            };
                            let style = reply
                                .style
                                .map_or(String::new(), |s| format!(" ({})", style_name(lang, s)));
                            ui.label(
                                egui::RichText::new(format!(
                                    "{best}{}. {}{style}",
                                    reply.index + 1,
                                    reply.say
                                ))
                                .strong(),
                            );
                            ui.label(
                                egui::RichText::new(fill(
                                    tr(lang, T::ChosenBy),
                                    &[
                                        &reply.chosen_by.len().to_string(),
                                        &reply.chosen_by.join(", "),
                                    ],
                                ))
                                .color(
                                    if reply.chosen_by.is_empty() {
                                        MUTED
                                    } else {
                                        ACCENT
                                    },
                                ),
                            );
                            let effects = playable
                                .scenario
                                .nodes
                                .get(&node.id)
                                .and_then(|n| n.choices().get(reply.index))
                                .map_or(&[][..], |c| c.effects.as_slice());
                            if !effects.is_empty() {
                                let described: Vec<String> = effects
                                    .iter()
                                    .map(|e| effect_text(lang, e, &playable.scenario))
                                    .collect();
                                ui.label(egui::RichText::new(described.join(" · ")).small());
                            }
                            ui.label(
                                egui::RichText::new(format!(
                                    "{}: {}",
                                    tr(lang, T::Coach),
                                    reply.feedback
                                ))
                                .color(MUTED),
                            );
                        });
                    }
                });
            });
    });
}

/// What a reply does, in the trainer's words (the need's or objection's own text).
fn effect_text(lang: Lang, effect: &Effect, scenario: &Scenario) -> String {
    let customer = &scenario.customer;
    let need = |id: &NeedId| {
        scenario
            .need_index(id)
            .map_or(id.to_string(), |i| customer.needs[i].text.clone())
    };
    let objection = |id: &ObjectionId| {
        scenario
            .objection_index(id)
            .map_or(id.to_string(), |i| customer.objections[i].text.clone())
    };
    match effect {
        Effect::Discover(id) => fill(tr(lang, T::EffectDiscover), &[&need(id)]),
        Effect::Raise(id) => fill(tr(lang, T::EffectRaise), &[&objection(id)]),
        Effect::Resolve(id) => fill(tr(lang, T::EffectResolve), &[&objection(id)]),
        Effect::Mishandle(id) => fill(tr(lang, T::EffectMishandle), &[&objection(id)]),
        Effect::Trust(n) => format!("{} {n:+}", tr(lang, T::Trust)),
        Effect::Patience(n) => format!("{} {n:+}", tr(lang, T::Patience)),
        Effect::Closing(n) => format!("{} {n:+}", tr(lang, T::ShortClosing)),
    }
}

fn fill_visits(lang: Lang, visits: usize) -> String {
    fill(tr(lang, T::Visits), &[&visits.to_string()])
}

fn moment_column(
    ui: &mut egui::Ui,
    lang: Lang,
    player: &str,
    moment: &Moment,
    scenario: &Scenario,
) {
    let customer = &scenario.customer;
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            egui::RichText::new(player)
                .size(22.0)
                .strong()
                .color(ACCENT),
        );
        if let Some((reply, feedback)) = &moment.reply {
            ui.label(egui::RichText::new(format!("{}: {reply}", tr(lang, T::You))).strong());
            ui.label(
                egui::RichText::new(format!("{}: {feedback}", tr(lang, T::Coach))).color(ACCENT),
            );
            for event in &moment.events {
                if let Some((text, color)) = describe(lang, scenario, event) {
                    ui.label(
                        egui::RichText::new(format!("• {text}"))
                            .small()
                            .color(color),
                    );
                }
            }
        }
        ui.add_space(6.0);
        ui.label(egui::RichText::new(format!("{}: {}", customer.name, moment.line)).size(19.0));
        ui.label(
            egui::RichText::new(mood_name(lang, moment.mood))
                .italics()
                .color(MUTED),
        );
        meters(ui, lang, moment.patience, moment.trust);
    });
}

fn replay_tab(
    ui: &mut egui::Ui,
    lang: Lang,
    state: &mut SeminarUi,
    seminar: &Seminar,
    playable: &Playable,
) {
    let records = seminar.latest(playable.scenario.id.as_str());
    if records.is_empty() {
        ui.label(egui::RichText::new(tr(lang, T::NoResults)).color(MUTED));
        return;
    }
    state.replay_a = state.replay_a.min(records.len() - 1);
    let names: Vec<&str> = records.iter().map(|r| r.player.as_str()).collect();
    ui.horizontal(|ui| {
        egui::ComboBox::from_id_salt("replay-a")
            .selected_text(names[state.replay_a])
            .show_ui(ui, |ui| {
                for (i, n) in names.iter().enumerate() {
                    ui.selectable_value(&mut state.replay_a, i, *n);
                }
            });
        ui.label(tr(lang, T::CompareWith));
        egui::ComboBox::from_id_salt("replay-b")
            .selected_text(
                state
                    .replay_b
                    .map_or("—", |i| names.get(i).copied().unwrap_or("—")),
            )
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.replay_b, None, "—");
                for (i, n) in names.iter().enumerate() {
                    if i != state.replay_a {
                        ui.selectable_value(&mut state.replay_b, Some(i), *n);
                    }
                }
            });
    });
    // Nobody is compared with themselves, whichever of the two was changed last.
    if state.replay_b == Some(state.replay_a) {
        state.replay_b = None;
    }
    let moments_a = replay_moments(records[state.replay_a], &playable.scenario).unwrap_or_default();
    let moments_b = state
        .replay_b
        .and_then(|i| records.get(i))
        .and_then(|r| replay_moments(r, &playable.scenario));
    let last = moments_a
        .len()
        .max(moments_b.as_ref().map_or(0, Vec::len))
        .saturating_sub(1);
    let (left, right, compare) = ui.input(|i| {
        (
            i.key_pressed(egui::Key::ArrowLeft),
            i.key_pressed(egui::Key::ArrowRight),
            i.key_pressed(egui::Key::C),
        )
    });
    if compare {
        // C cycles the participant compared with: each other one in turn, then nobody.
        let a = state.replay_a;
        let start = state.replay_b.map_or(0, |i| i + 1);
        state.replay_b = (start..records.len()).find(|&i| i != a);
    }
    if left {
        state.step = state.step.saturating_sub(1);
    }
    if right {
        state.step = (state.step + 1).min(last);
    }
    state.step = state.step.min(last);
    ui.horizontal(|ui| {
        if ui.button(tr(lang, T::Previous)).clicked() {
            state.step = state.step.saturating_sub(1);
        }
        ui.add(egui::Slider::new(&mut state.step, 0..=last).text(tr(lang, T::Step)));
        if ui.button(tr(lang, T::Next)).clicked() {
            state.step = (state.step + 1).min(last);
        }
    });
    let scenario = &playable.scenario;
    let shown = |moments: &[Moment]| moments.get(state.step).or_else(|| moments.last()).cloned();
    egui::ScrollArea::vertical()
        .id_salt("replay")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            match (shown(&moments_a), moments_b.as_deref().and_then(shown)) {
                (Some(a), Some(b)) => {
                    ui.columns(2, |cols| {
                        // Left-aligned, not justified: `columns` lays out justified by default.
                        let layout = egui::Layout::top_down(egui::Align::Min);
                        let first = names[state.replay_a];
                        cols[0].with_layout(layout, |ui| {
                            moment_column(ui, lang, first, &a, scenario);
                        });
                        let other = state
                            .replay_b
                            .and_then(|i| names.get(i).copied())
                            .unwrap_or("");
                        cols[1].with_layout(layout, |ui| {
                            moment_column(ui, lang, other, &b, scenario);
                        });
                    });
                }
                (Some(a), None) => moment_column(ui, lang, names[state.replay_a], &a, scenario),
                _ => {}
            }
        });
}
