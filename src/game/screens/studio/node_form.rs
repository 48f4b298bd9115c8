//! The selected node's form: its line, mood and effects on entering (or an ending's outcome
//! and closing score), then each reply with its text, style, where it leads (one node, or
//! cases tried in order before a default), the coach's comment, effects and conditions.

use bevy_egui::egui;

use super::forms::{Changes, heading, style_picker};
use super::pickers::{conditions_list, effects_list, node_picker};
use crate::game::i18n::{Lang, T, mood_name, outcome_name, tr};
use crate::game::ui::theme::{self, MUTED, WARN};
use crate::game::ui::widgets;
use rapport_core::authoring::draft::Edit;
use rapport_core::engine::scenario::{
    Case, Choice, Condition, Mood, Next, NodeEntry, NodeId, Outcome, Scenario,
};

const MOODS: [Mood; 6] = [
    Mood::Pleased,
    Mood::Interested,
    Mood::Neutral,
    Mood::Doubtful,
    Mood::Annoyed,
    Mood::Angry,
];

/// The node's form; `focus` is the reply a clicked problem is about, and whether to scroll
/// to it now.
pub(super) fn node_form(
    ui: &mut egui::Ui,
    (lang, focus): (Lang, (Option<usize>, bool)),
    s: &Scenario,
    (id, node): (&str, &NodeEntry),
    c: &mut Changes,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(id).size(20.0).strong());
        if s.start.as_str() == id {
            ui.label(
                egui::RichText::new(tr(lang, T::StartNode))
                    .small()
                    .color(MUTED),
            );
        } else {
            if matches!(node, NodeEntry::Node { .. })
                && ui.small_button(tr(lang, T::MakeStart)).clicked()
            {
                c.edits.push(Edit::Start(id.to_owned()));
            }
            if ui.small_button(tr(lang, T::Remove)).clicked() {
                c.edits.push(Edit::RemoveNode(id.to_owned()));
            }
        }
    });
    let node_id = id.to_owned();
    c.text(ui, tr(lang, T::CustomerSays), node.say(), 3, |text| {
        Edit::Say {
            node: node_id,
            text,
        }
    });
    match node {
        NodeEntry::Node {
            mood,
            on_enter,
            choices,
            ..
        } => {
            mood_picker(ui, lang, id, *mood, c);
            let n = id.to_owned();
            effects_list(
                ui,
                (lang, s),
                (tr(lang, T::OnEnter), egui::Id::new(("on-enter", id))),
                on_enter,
                |effects| Edit::OnEnter {
                    node: n.clone(),
                    effects,
                },
                c,
            );
            heading(ui, tr(lang, T::Replies));
            for (index, choice) in choices.iter().enumerate() {
                let focused = focus.0 == Some(index);
                let card = if focused {
                    theme::card().stroke(egui::Stroke::new(2.0, WARN))
                } else {
                    theme::card()
                };
                let shown = card.show(ui, |ui| reply_form(ui, lang, s, (id, index), choice, c));
                if focused && focus.1 {
                    shown.response.scroll_to_me(Some(egui::Align::TOP));
                }
            }
            if widgets::button(ui, tr(lang, T::AddReply)) {
                c.edits.push(Edit::AddReply {
                    node: id.to_owned(),
                    to: id.to_owned(),
                });
            }
        }
        NodeEntry::Ending {
            outcome, closing, ..
        } => ending_form(ui, lang, id, *outcome, *closing, c),
    }
}

fn mood_picker(ui: &mut egui::Ui, lang: Lang, id: &str, mood: Mood, c: &mut Changes) {
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(tr(lang, T::Mood)).color(MUTED));
        let mut picked = mood;
        egui::ComboBox::from_id_salt("mood")
            .selected_text(mood_name(lang, picked))
            .show_ui(ui, |ui| {
                for m in MOODS {
                    ui.selectable_value(&mut picked, m, mood_name(lang, m));
                }
            });
        if picked != mood {
            c.edits.push(Edit::Mood {
                node: id.to_owned(),
                mood: picked,
            });
        }
    });
}

/// An ending's outcome, and its own closing score or the outcome's default.
fn ending_form(
    ui: &mut egui::Ui,
    lang: Lang,
    id: &str,
    outcome: Outcome,
    closing: Option<i64>,
    c: &mut Changes,
) {
    ui.horizontal(|ui| {
        let mut picked = outcome;
        egui::ComboBox::from_id_salt("outcome")
            .selected_text(outcome_name(lang, picked))
            .show_ui(ui, |ui| {
                for o in Outcome::ALL {
                    ui.selectable_value(&mut picked, o, outcome_name(lang, o));
                }
            });
        if picked != outcome {
            c.edits.push(Edit::EndingOutcome {
                node: id.to_owned(),
                outcome: picked,
            });
        }
    });
    ui.horizontal_wrapped(|ui| {
        let mut own = closing.is_some();
        let mut value = closing.unwrap_or(outcome.default_closing());
        ui.checkbox(&mut own, tr(lang, T::EndingClosing));
        ui.add_enabled(own, egui::DragValue::new(&mut value).range(0..=100));
        let new = own.then_some(value);
        if new != closing {
            c.edits.push(Edit::EndingClosing {
                node: id.to_owned(),
                closing: new,
            });
        }
    });
}

fn reply_form(
    ui: &mut egui::Ui,
    lang: Lang,
    s: &Scenario,
    (node, index): (&str, usize),
    choice: &Choice,
    c: &mut Changes,
) {
    ui.set_width(ui.available_width());
    let n = node.to_owned();
    c.text(
        ui,
        &format!("{}. {}", index + 1, tr(lang, T::PlayerSays)),
        &choice.say,
        2,
        |text| Edit::ReplySay {
            node: n,
            index,
            text,
        },
    );
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(tr(lang, T::Style)).color(MUTED));
        let mut style = choice.style;
        style_picker(ui, lang, ("reply-style", index), &mut style);
        if style != choice.style {
            c.edits.push(Edit::ReplyStyle {
                node: node.to_owned(),
                index,
                style,
            });
        }
    });
    leads_to(ui, lang, s, (node, index), &choice.next, c);
    let n = node.to_owned();
    c.text(
        ui,
        tr(lang, T::CoachFeedback),
        &choice.feedback,
        2,
        |text| Edit::ReplyFeedback {
            node: n,
            index,
            text,
        },
    );
    let n = node.to_owned();
    effects_list(
        ui,
        (lang, s),
        (
            tr(lang, T::Effects),
            egui::Id::new(("effects", node, index)),
        ),
        &choice.effects,
        |effects| Edit::ReplyEffects {
            node: n.clone(),
            index,
            effects,
        },
        c,
    );
    let n = node.to_owned();
    conditions_list(
        ui,
        (lang, s),
        (
            tr(lang, T::ShownOnlyIf),
            egui::Id::new(("requires", node, index)),
        ),
        &choice.requires,
        |requires| Edit::ReplyRequires {
            node: n.clone(),
            index,
            requires,
        },
        c,
    );
    if ui.small_button(tr(lang, T::Remove)).clicked() {
        c.edits.push(Edit::RemoveReply {
            node: node.to_owned(),
            index,
        });
    }
}

/// Where a reply leads: cases tried in order (each a set of conditions and a node), then the
/// default; with no cases, just the one node.
fn leads_to(
    ui: &mut egui::Ui,
    lang: Lang,
    s: &Scenario,
    (node, index): (&str, usize),
    next: &Next,
    c: &mut Changes,
) {
    let (cases, default) = next.parts();
    let set_cases = |cases: Vec<Case>| Edit::ReplyCases {
        node: node.to_owned(),
        index,
        cases,
    };
    for (k, case) in cases.iter().enumerate() {
        theme::card().show(ui, |ui| {
            ui.set_width(ui.available_width());
            let with = |all: Vec<Condition>, to: NodeId| {
                let mut cases = cases.to_vec();
                cases[k] = Case { all, to };
                set_cases(cases)
            };
            conditions_list(
                ui,
                (lang, s),
                (
                    tr(lang, T::WhenAll),
                    egui::Id::new(("case", node, index, k)),
                ),
                &case.all,
                |all| with(all, case.to.clone()),
                c,
            );
            ui.horizontal_wrapped(|ui| {
                ui.label(egui::RichText::new(tr(lang, T::GoesTo)).color(MUTED));
                let salt = ("case-to", node, index, k);
                if let Some(to) = node_picker(ui, salt, s, case.to.as_str()) {
                    c.edits.push(with(case.all.clone(), NodeId(to)));
                }
                if ui.small_button(tr(lang, T::Remove)).clicked() {
                    let mut cases = cases.to_vec();
                    cases.remove(k);
                    c.edits.push(set_cases(cases));
                }
            });
        });
    }
    ui.horizontal_wrapped(|ui| {
        let label = if cases.is_empty() {
            T::LeadsTo
        } else {
            T::OtherwiseLeadsTo
        };
        ui.label(egui::RichText::new(tr(lang, label)).color(MUTED));
        if let Some(to) = node_picker(ui, ("leads-to", node, index), s, default.as_str()) {
            c.edits.push(Edit::ReplyNext {
                node: node.to_owned(),
                index,
                to,
            });
        }
        if ui.small_button(tr(lang, T::AddCase)).clicked() {
            let mut more = cases.to_vec();
            more.push(new_case(s, default));
            c.edits.push(set_cases(more));
        }
    });
}

/// A new case for the author to change: once the first need is found (or trust is at least
/// 5), to the first won ending (or the default node).
fn new_case(s: &Scenario, default: &NodeId) -> Case {
    let first = s
        .customer
        .needs
        .first()
        .map_or(Condition::TrustAtLeast(5), |need| {
            Condition::Discovered(need.id.clone())
        });
    let won = s.nodes.iter().find(|(_, n)| {
        matches!(
            n,
            NodeEntry::Ending {
                outcome: Outcome::Won,
                ..
            }
        )
    });
    Case {
        all: vec![first],
        to: won.map_or(default, |(id, _)| id).clone(),
    }
}
