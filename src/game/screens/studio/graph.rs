//! The conversation as a graph: nodes in columns by how many replies they are from the start,
//! replies as arrows coloured by style, endings coloured by outcome, the selected node and
//! the nodes with problems marked. A click selects a node; a click on the background selects
//! the scenario and customer.

use bevy_egui::egui::{self, Color32, Pos2, Rect, Sense, Stroke, vec2};

use crate::game::i18n::{Lang, mood_name, outcome_name};
use crate::game::studio::Studio;
use crate::game::ui::theme::{ACCENT, BAD, CARD, INK, LINE, MUTED};
use rapport_core::authoring::graph::{excerpt, layers};
use rapport_core::engine::scenario::{NodeEntry, Outcome, Style};

const NODE: egui::Vec2 = egui::Vec2::new(210.0, 70.0);
const GAP: egui::Vec2 = egui::Vec2::new(70.0, 22.0);

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

pub(super) fn graph(ui: &mut egui::Ui, lang: Lang, studio: &mut Studio) {
    let Some(draft) = &studio.draft else {
        return;
    };
    let scenario = draft.scenario();
    let at = layers(scenario);
    let columns = at.iter().map(|p| p.0).max().unwrap_or(0) + 1;
    let rows = at.iter().map(|p| p.1).max().unwrap_or(0) + 1;
    let size = vec2(
        columns as f32 * (NODE.x + GAP.x) + GAP.x,
        rows as f32 * (NODE.y + GAP.y) + GAP.y,
    );
    let with_problems: Vec<&str> = studio
        .issues
        .iter()
        .filter_map(|i| i.node.as_deref())
        .collect();
    let mut clicked: Option<Option<String>> = None;
    egui::ScrollArea::both()
        .id_salt("studio-graph")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let (area, background) =
                ui.allocate_exact_size(size.max(ui.available_size()), Sense::click());
            if background.clicked() {
                clicked = Some(None);
            }
            let rect_of = |i: usize| {
                let (c, r) = at[i];
                Rect::from_min_size(
                    area.min
                        + vec2(
                            GAP.x + c as f32 * (NODE.x + GAP.x),
                            GAP.y + r as f32 * (NODE.y + GAP.y),
                        ),
                    NODE,
                )
            };
            let painter = ui.painter_at(area);
            for (i, (_, node)) in scenario.nodes.iter().enumerate() {
                for choice in node.choices() {
                    for target in choice.next.targets() {
                        if let Some(t) = scenario.nodes.index_of(target.as_str()) {
                            arrow(&painter, rect_of(i), rect_of(t), style_colour(choice.style));
                        }
                    }
                }
            }
            for (i, (id, node)) in scenario.nodes.iter().enumerate() {
                let rect = rect_of(i);
                let response = ui.interact(
                    rect,
                    ui.id().with(("studio-node", id.as_str())),
                    Sense::click(),
                );
                if response.clicked() {
                    clicked = Some(Some(id.to_string()));
                }
                let selected = studio.selected.as_deref() == Some(id.as_str());
                let problem = with_problems.contains(&id.as_str());
                let start = *id == scenario.start;
                box_for(
                    &painter,
                    rect,
                    lang,
                    id.as_str(),
                    node,
                    (selected, problem, start),
                );
            }
        });
    if let Some(selection) = clicked {
        studio.selected = selection;
    }
}

/// A node's box: id, mood or outcome, the start of the line.
fn box_for(
    painter: &egui::Painter,
    rect: Rect,
    lang: Lang,
    id: &str,
    node: &NodeEntry,
    (selected, problem, start): (bool, bool, bool),
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
    let font = |size| egui::FontId::proportional(size);
    let title = format!("{id} · {kind}");
    painter.text(
        rect.left_top() + vec2(10.0, 8.0),
        egui::Align2::LEFT_TOP,
        title,
        font(14.0),
        INK,
    );
    let galley = painter.layout(excerpt(node.say(), 60), font(12.0), MUTED, NODE.x - 20.0);
    painter.galley(rect.left_top() + vec2(10.0, 28.0), galley, MUTED);
    if problem {
        painter.circle_filled(rect.right_top() + vec2(-10.0, 10.0), 6.0, BAD);
    }
}

/// An arrow from one node's right side to another's left (or looping under, backwards).
fn arrow(painter: &egui::Painter, from: Rect, to: Rect, colour: Color32) {
    let stroke = Stroke::new(2.0, colour);
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
        egui::CentralPanel::default().show(&mut ui, |ui| graph(ui, Lang::En, studio));
        ctx.end_pass().textures_delta.clear();
    }

    #[test]
    fn a_click_on_a_node_selects_it_and_on_the_background_the_customer() {
        let ctx = egui::Context::default();
        let mut studio = Studio::default();
        studio.draft = Some(Draft::template("t", "en", PathBuf::from("t.ron")));
        frame(&ctx, &mut studio, Vec::new());
        // The start node sits in the first column, first row.
        let inside = Pos2::new(8.0 + GAP.x + 20.0, 8.0 + GAP.y + 20.0);
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
    }
}
