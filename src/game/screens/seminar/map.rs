//! The decision map: who chose what at each node, beside the best path, with a node's replies
//! and their effects in words.

use std::collections::{BTreeSet, HashMap, VecDeque};

use bevy::prelude::*;
use bevy_egui::egui;

use super::{SeminarAction, SeminarUi};
use crate::game::i18n::{Lang, T, fill, mood_name, style_name, tr};
use crate::game::seminar::{MapSearch, SearchMap};

/// What the map tab shows.
pub(super) struct MapView<'a> {
    pub lang: Lang,
    pub seminar: &'a Seminar,
    pub playable: &'a Playable,
    pub search: &'a MapSearch,
}
use crate::game::ui::theme::{self, ACCENT, BAD, INK, MUTED};
use rapport_core::authoring::pack::Playable;
use rapport_core::engine::scenario::Outcome;
use rapport_core::seminar::{DecisionMap, Seminar};

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

pub(super) fn map_tab(
    ui: &mut egui::Ui,
    view: &MapView,
    state: &mut SeminarUi,
    actions: &mut Vec<SeminarAction>,
) {
    let (lang, seminar, playable) = (view.lang, view.seminar, view.playable);
    let key = (
        seminar.id.clone(),
        seminar.results.len(),
        playable.scenario.id.to_string(),
    );
    let map = match view.search.ready(&key) {
        Some(Ok(map)) => map,
        Some(Err(_)) => {
            ui.label(egui::RichText::new(tr(lang, T::MapFailed)).color(BAD));
            return;
        }
        None => {
            if !view.search.is_coming(&key) {
                actions.push(SeminarAction::Search(SearchMap {
                    key,
                    seminar: seminar.clone(),
                    playable: playable.clone(),
                }));
            }
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(egui::RichText::new(tr(lang, T::SearchingMap)).color(MUTED));
            });
            return;
        }
    };
    ui.label(
        egui::RichText::new(fill(
            tr(lang, T::MapLegend),
            &[&map.best_overall.map_or("—".into(), |v| v.to_string())],
        ))
        .color(MUTED),
    );
    // The details beside the map, never over it.
    let details_width = (ui.available_width() * 0.4).max(280.0);
    egui::Panel::right("map-details")
        .resizable(false)
        .exact_size(details_width)
        .frame(egui::Frame::new().inner_margin(egui::Margin {
            left: 12,
            ..egui::Margin::ZERO
        }))
        .show(ui, |ui| node_details(ui, lang, state, map, playable));
    map_graph(ui, lang, state, map, playable.scenario.start.as_str());
}

/// The graph: nodes in columns by distance from the start, replies as lines as wide as the
/// number who chose them, the best path in gold; a click selects a node.
fn map_graph(ui: &mut egui::Ui, lang: Lang, state: &mut SeminarUi, map: &DecisionMap, start: &str) {
    let positions = layout(map, start);
    let best_edges: BTreeSet<(String, usize)> = map.best_path.iter().cloned().collect();
    let (cell_w, cell_h, box_w, box_h) = (210.0, 84.0, 176.0, 62.0);
    egui::ScrollArea::both()
        .id_salt("map")
        .auto_shrink([false, false])
        .show(ui, |ui| {
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
            // Clipped to what the scroll area shows, so nothing is painted beside the map.
            let painter = ui.painter().with_clip_rect(rect.intersect(ui.clip_rect()));
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
                            BEST_GOLD
                        } else if chosen > 0 {
                            ACCENT
                        } else {
                            egui::Color32::from_gray(205)
                        };
                        // Bold enough to read across a room: the best path and every choice.
                        let width = 1.0 + 2.5 * chosen as f32 + if best { 3.0 } else { 0.0 };
                        painter.line_segment([a, b], egui::Stroke::new(width, color));
                        if chosen > 0 {
                            let mid = a + (b - a) * 0.5;
                            painter.circle_filled(mid, 11.0, theme::CARD);
                            painter.text(
                                mid,
                                egui::Align2::CENTER_CENTER,
                                chosen.to_string(),
                                egui::FontId::proportional(15.0),
                                INK,
                            );
                        }
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
                painter.rect_filled(r, 8.0, outcome_fill(node.ending));
                let walked = !node.walked_out.is_empty();
                let edge = match (selected, walked) {
                    (true, _) => egui::Stroke::new(3.0, ACCENT),
                    (false, true) => egui::Stroke::new(3.0, BAD),
                    (false, false) => egui::Stroke::new(1.0, theme::LINE),
                };
                painter.rect_stroke(r, 8.0, edge, egui::StrokeKind::Inside);
                // The customer's words, not the author's id: what the room remembers.
                painter.text(
                    r.left_top() + egui::vec2(8.0, 6.0),
                    egui::Align2::LEFT_TOP,
                    excerpt(&node.say, 24),
                    egui::FontId::proportional(15.0),
                    INK,
                );
                let mut note = fill_visits(lang, node.visits);
                if walked {
                    let left = fill(
                        tr(lang, T::WalkedOutHere),
                        &[&node.walked_out.len().to_string()],
                    );
                    note = format!("{note} · {left}");
                }
                painter.text(
                    r.left_bottom() + egui::vec2(8.0, -6.0),
                    egui::Align2::LEFT_BOTTOM,
                    note,
                    egui::FontId::proportional(13.0),
                    if walked { BAD } else { MUTED },
                );
            }
        });
}

/// The selected node (the start until one is clicked): its line and each reply with who chose
/// it, what it does and the coach's comment.
fn node_details(
    ui: &mut egui::Ui,
    lang: Lang,
    state: &SeminarUi,
    map: &DecisionMap,
    playable: &Playable,
) {
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
                ui.label(
                    egui::RichText::new(excerpt(&node.say, 60))
                        .strong()
                        .color(ACCENT),
                );
                ui.label(
                    egui::RichText::new(format!("“{}” ({})", node.say, mood_name(lang, node.mood)))
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
                            .color(if reply.chosen_by.is_empty() {
                                MUTED
                            } else {
                                ACCENT
                            }),
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
                                .map(|e| {
                                    crate::game::i18n::effect_text(lang, e, &playable.scenario)
                                })
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
}

/// The gold of the best path, dark enough to tell from the participants' lines.
const BEST_GOLD: egui::Color32 = egui::Color32::from_rgb(196, 132, 10);

/// An ending's colour by outcome: won green, follow-up amber, lost red; nodes stay white.
fn outcome_fill(ending: Option<Outcome>) -> egui::Color32 {
    match ending {
        Some(Outcome::Won) => egui::Color32::from_rgb(214, 238, 221),
        Some(Outcome::FollowUp) => egui::Color32::from_rgb(250, 234, 200),
        Some(Outcome::Lost | Outcome::WalkedOut) => egui::Color32::from_rgb(246, 218, 214),
        None => theme::CARD,
    }
}

/// The first words of a line, cut at a word and marked when cut.
fn excerpt(line: &str, max_chars: usize) -> String {
    if line.chars().count() <= max_chars {
        return line.to_owned();
    }
    let cut: String = line.chars().take(max_chars).collect();
    let at_word = cut
        .rfind(' ')
        .filter(|&i| i > max_chars / 2)
        .unwrap_or(cut.len());
    format!("{}…", cut[..at_word].trim_end_matches([',', '.', ';', ':']))
}

fn fill_visits(lang: Lang, visits: usize) -> String {
    fill(tr(lang, T::Visits), &[&visits.to_string()])
}
