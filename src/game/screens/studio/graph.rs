//! The conversation as a graph: nodes in columns by how many replies they are from the start,
//! replies as arrows coloured by style, endings coloured by outcome, the selected node and
//! the nodes with problems marked. A click selects a node; a click on the background selects
//! the scenario and customer.

use bevy_egui::egui::{self, Color32, Pos2, Rect, Sense, Stroke, vec2};

use crate::game::i18n::{Lang, T, mood_name, outcome_name, tr};
use crate::game::studio::{Calibration, Studio};
use crate::game::ui::theme::{ACCENT, BAD, CARD, INK, LINE, MUTED};
use rapport_core::authoring::graph::{excerpt, layers};
use rapport_core::engine::scenario::{NodeEntry, Outcome, Style};

const NODE: egui::Vec2 = egui::Vec2::new(210.0, 70.0);
const GAP: egui::Vec2 = egui::Vec2::new(70.0, 22.0);
/// The calibrated best path's colour.
const BEST_PATH: Color32 = Color32::from_rgb(222, 170, 40);

/// A reply's colour by its style.
pub fn style_colour(style: Option<Style>) -> Color32 {
    match style {
        Some(Style::Erudite) => Color32::from_rgb(60, 100, 180),
        Some(Style::Executive) => Color32::from_rgb(46, 125, 70),
        Some(Style::Melancholic) => Color32::from_rgb(150, 110, 60),
        None => Color32::from_rgb(130, 130, 130),
    }
}

/// An ending's colour by its outcome.
pub fn outcome_colour(outcome: Outcome) -> Color32 {
    match outcome {
        Outcome::Won => Color32::from_rgb(46, 125, 70),
        Outcome::FollowUp => Color32::from_rgb(190, 120, 20),
        Outcome::Lost => Color32::from_rgb(180, 58, 48),
        Outcome::WalkedOut => Color32::from_rgb(110, 60, 140),
    }
}

/// Draws the graph, its nodes where `placed` put them, under its zoom line; returns where the
/// zoom line went.
pub(super) fn graph(ui: &mut egui::Ui, lang: Lang, studio: &mut Studio, placed: &Placed) -> Rect {
    let Some(draft) = &studio.draft else {
        return Rect::NOTHING;
    };
    let scenario = draft.scenario();
    let places = &placed.places;
    let zoom = placed.zoom(studio.zoom, ui.available_size() - vec2(0.0, ZOOM_LINE));
    let mut new_zoom = zoom;
    let mut auto_layout = false;
    // Wraps, and a short slider, so the line fits the narrow graph column at 1024×768.
    let line = ui
        .horizontal_wrapped(|ui| {
            ui.spacing_mut().slider_width = 120.0;
            ui.add(
                egui::Slider::new(&mut new_zoom, MIN_ZOOM..=1.5)
                    .show_value(false)
                    .text(tr(lang, T::Zoom)),
            );
            auto_layout = ui.small_button(tr(lang, T::AutoLayout)).clicked();
        })
        .response
        .rect;
    let with_problems: Vec<&str> = studio
        .issues
        .iter()
        .filter_map(|i| i.node.as_deref())
        .collect();
    let current = draft.text();
    let best: Vec<(usize, usize)> = match &studio.calibration {
        Calibration::Done { found, text } if *text == current => found.best_steps.clone(),
        _ => Vec::new(),
    };
    let mut clicked: Option<Option<String>> = None;
    let mut moved: Option<(String, Pos2)> = None;
    egui::ScrollArea::both()
        .id_salt("studio-graph")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let (area, background) = ui.allocate_exact_size(
                (placed.extent * zoom).max(ui.available_size()),
                Sense::click(),
            );
            if background.clicked() {
                clicked = Some(None);
            }
            let rect_of =
                |i: usize| Rect::from_min_size(area.min + places[i].to_vec2() * zoom, NODE * zoom);
            let painter = ui.painter_at(area);
            // The calibrated best path, under the replies, broad and gold.
            for &(from, to) in &best {
                if from < places.len() && to < places.len() {
                    arrow(&painter, rect_of(from), rect_of(to), BEST_PATH, zoom * 3.0);
                }
            }
            for (i, (_, node)) in scenario.nodes.iter().enumerate() {
                for choice in node.choices() {
                    for target in choice.next.targets() {
                        if let Some(t) = scenario.nodes.index_of(target.as_str()) {
                            arrow(
                                &painter,
                                rect_of(i),
                                rect_of(t),
                                style_colour(choice.style),
                                zoom,
                            );
                        }
                    }
                }
            }
            for (i, (id, node)) in scenario.nodes.iter().enumerate() {
                let rect = rect_of(i);
                let response = ui.interact(
                    rect,
                    ui.id().with(("studio-node", id.as_str())),
                    Sense::click_and_drag(),
                );
                if response.clicked() {
                    clicked = Some(Some(id.to_string()));
                }
                if response.dragged() {
                    moved = Some((id.to_string(), places[i] + response.drag_delta() / zoom));
                }
                let marks = (
                    studio.selected.as_deref() == Some(id.as_str()),
                    with_problems.contains(&id.as_str()),
                    *id == scenario.start,
                );
                box_for(&painter, rect, lang, (id.as_str(), node), marks, zoom);
            }
        });
    if let Some(selection) = clicked {
        studio.selected = selection;
        studio.focus_reply = None;
    }
    if let Some((id, at)) = moved {
        studio.places.insert(id, (at.x.max(0.0), at.y.max(0.0)));
    }
    if new_zoom != zoom {
        studio.zoom = new_zoom;
    }
    if auto_layout {
        studio.places.clear();
        studio.zoom = 0.0;
    }
    line
}

/// Each node's place in graph units (where the author put it, else its column and row) and
/// the extent of them all: worked out once a frame, for the height the graph needs and to draw.
pub(super) struct Placed {
    places: Vec<Pos2>,
    extent: egui::Vec2,
}

impl Placed {
    pub(super) fn of(studio: &Studio) -> Placed {
        let Some(draft) = &studio.draft else {
            return Placed {
                places: Vec::new(),
                extent: egui::Vec2::ZERO,
            };
        };
        let scenario = draft.scenario();
        let places: Vec<Pos2> = scenario
            .nodes
            .iter()
            .zip(layers(scenario))
            .map(|((id, _), (c, r))| match studio.places.get(id.as_str()) {
                Some(&(x, y)) => Pos2::new(x, y),
                None => Pos2::new(
                    GAP.x + c as f32 * (NODE.x + GAP.x),
                    GAP.y + r as f32 * (NODE.y + GAP.y),
                ),
            })
            .collect();
        let extent = places
            .iter()
            .fold(egui::Vec2::ZERO, |m, p| m.max(p.to_vec2() + NODE + GAP));
        Placed { places, extent }
    }

    /// The zoom the author `set`, or (when unset, 0) the one that fits `space`.
    fn zoom(&self, set: f32, space: egui::Vec2) -> f32 {
        if set > 0.0 {
            set
        } else {
            fit(self.extent, space)
        }
    }

    /// The height the graph needs in a space `width` wide, its zoom line included, at the
    /// zoom it will be drawn with (the author's `set` one, else fitted to that width).
    pub(super) fn height_needed(&self, set: f32, width: f32) -> f32 {
        let zoom = self.zoom(set, vec2(width, f32::INFINITY));
        // A little more than the line itself, so the scroll area never clips the last row.
        self.extent.y * zoom + ZOOM_LINE + 12.0
    }
}

/// The zoom slider's line above the graph.
const ZOOM_LINE: f32 = 34.0;

/// The smallest zoom the slider offers, and the least a fit shrinks the graph to.
const MIN_ZOOM: f32 = 0.5;

/// The zoom that shows a graph of `extent` whole in `space`: full size when it fits, never
/// under `MIN_ZOOM` (the graph then scrolls).
fn fit(extent: egui::Vec2, space: egui::Vec2) -> f32 {
    let scale = (space.x / extent.x).min(space.y / extent.y);
    if scale.is_finite() {
        scale.clamp(MIN_ZOOM, 1.0)
    } else {
        1.0
    }
}

/// A node's box: id, mood or outcome, the start of the line.
fn box_for(
    painter: &egui::Painter,
    rect: Rect,
    lang: Lang,
    (id, node): (&str, &NodeEntry),
    (selected, problem, start): (bool, bool, bool),
    zoom: f32,
) {
    let (edge, kind) = match node {
        NodeEntry::Node { mood, .. } => (LINE, mood_name(lang, *mood).to_owned()),
        NodeEntry::Ending { outcome, .. } => (
            outcome_colour(*outcome),
            outcome_name(lang, *outcome).to_owned(),
        ),
    };
    let stroke = if selected {
        Stroke::new(3.0, ACCENT)
    } else if start {
        Stroke::new(2.5, INK)
    } else {
        Stroke::new(1.5, edge)
    };
    painter.rect(rect, 8.0, CARD, stroke, egui::StrokeKind::Inside);
    let font = |size: f32| egui::FontId::proportional(size * zoom);
    let at = |x: f32, y: f32| rect.left_top() + vec2(x, y) * zoom;
    let title = format!("{id} · {kind}");
    painter.text(
        at(10.0, 8.0),
        egui::Align2::LEFT_TOP,
        title,
        font(14.0),
        INK,
    );
    let wrap = (NODE.x - 20.0) * zoom;
    let galley = painter.layout(excerpt(node.say(), 60), font(12.0), MUTED, wrap);
    painter.galley(at(10.0, 28.0), galley, MUTED);
    if problem {
        let dot = rect.right_top() + vec2(-10.0, 10.0) * zoom;
        painter.circle_filled(dot, 6.0 * zoom, BAD);
    }
}

/// An arrow from one node's right side to another's left (or looping under, backwards).
fn arrow(painter: &egui::Painter, from: Rect, to: Rect, colour: Color32, zoom: f32) {
    let stroke = Stroke::new(2.0 * zoom.max(0.75), colour);
    let start = from.right_center();
    let end = to.left_center();
    let points: Vec<Pos2> = if end.x > start.x {
        let mid = (start.x + end.x) / 2.0;
        vec![start, Pos2::new(mid, start.y), Pos2::new(mid, end.y), end]
    } else {
        // Back to an earlier column: down, under both, and in from the left.
        let below = from.bottom().max(to.bottom()) + GAP.y * 0.5;
        vec![
            start,
            Pos2::new(start.x + 12.0, start.y),
            Pos2::new(start.x + 12.0, below),
            Pos2::new(end.x - 12.0, below),
            Pos2::new(end.x - 12.0, end.y),
            end,
        ]
    };
    painter.add(egui::Shape::line(points, stroke));
    let tip = end;
    painter.add(egui::Shape::convex_polygon(
        vec![tip, tip + vec2(-9.0, -5.0), tip + vec2(-9.0, 5.0)],
        colour,
        Stroke::NONE,
    ));
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use rapport_core::authoring::draft::Draft;

    /// One frame of the graph alone in a window of 800×600, with these events.
    fn frame(ctx: &egui::Context, studio: &mut Studio, events: Vec<egui::Event>) {
        ctx.begin_pass(egui::RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0))),
            events,
            ..Default::default()
        });
        let mut ui = crate::game::ui::root_ui(ctx);
        let placed = Placed::of(studio);
        egui::CentralPanel::default().show(&mut ui, |ui| graph(ui, Lang::En, studio, &placed));
        ctx.end_pass().textures_delta.clear();
    }

    #[test]
    fn an_unzoomed_graph_fits_its_space_but_never_grows_nor_shrinks_past_half() {
        assert_eq!(fit(vec2(400.0, 300.0), vec2(800.0, 600.0)), 1.0);
        assert_eq!(fit(vec2(1000.0, 300.0), vec2(800.0, 600.0)), 0.8);
        assert_eq!(fit(vec2(4000.0, 300.0), vec2(800.0, 600.0)), MIN_ZOOM);
        assert_eq!(fit(vec2(0.0, 0.0), vec2(800.0, 600.0)), 1.0);
    }

    #[test]
    fn a_click_on_a_node_selects_it_and_on_the_background_the_customer() {
        let ctx = egui::Context::default();
        let mut studio = Studio::default();
        studio.draft = Some(Draft::template("t", "en", PathBuf::from("t.ron")));
        frame(&ctx, &mut studio, Vec::new());
        // The start node sits in the first column, first row, under the zoom's line.
        let inside = Pos2::new(8.0 + GAP.x + 20.0, 40.0 + GAP.y + 20.0);
        let click = |pos, pressed| egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        };
        frame(&ctx, &mut studio, vec![egui::Event::PointerMoved(inside)]);
        frame(&ctx, &mut studio, vec![click(inside, true)]);
        frame(&ctx, &mut studio, vec![click(inside, false)]);
        assert_eq!(studio.selected.as_deref(), Some("greeting"));
        let empty = Pos2::new(700.0, 550.0);
        frame(&ctx, &mut studio, vec![egui::Event::PointerMoved(empty)]);
        frame(&ctx, &mut studio, vec![click(empty, true)]);
        frame(&ctx, &mut studio, vec![click(empty, false)]);
        assert_eq!(studio.selected, None);
        // Dragging the start node puts it where it was dropped, in graph units.
        frame(&ctx, &mut studio, vec![egui::Event::PointerMoved(inside)]);
        frame(&ctx, &mut studio, vec![click(inside, true)]);
        for step in 1..=5 {
            let to = inside + vec2(20.0 * step as f32, 10.0 * step as f32);
            frame(&ctx, &mut studio, vec![egui::Event::PointerMoved(to)]);
        }
        frame(
            &ctx,
            &mut studio,
            vec![click(inside + vec2(100.0, 50.0), false)],
        );
        let (x, y) = studio.places.get("greeting").copied().expect("placed");
        assert!(x > GAP.x + 50.0 && y > GAP.y + 20.0, "({x}, {y})");
    }
}
