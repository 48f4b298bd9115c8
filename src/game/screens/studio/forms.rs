//! The forms beside the graph: the scenario and customer when no node is selected, else the
//! selected node with its replies. Every change becomes one `Edit` for the draft; pickers offer
//! only ids that exist.

use bevy_egui::egui;

use super::StudioAction;
use crate::game::i18n::{
    Lang, T, condition_text, effect_text, mood_name, outcome_name, style_name, tr,
};
use crate::game::studio::{DraftCommand, Studio};
use crate::game::ui::theme::{self, ACCENT, MUTED};
use crate::game::ui::widgets;
use rapport_core::authoring::draft::Edit;
use rapport_core::engine::scenario::{
    Choice, Condition, Effect, Mood, Next, NodeEntry, Outcome, Scenario, Style, Variant,
};

/// What the forms hand back: edits to apply, and whether a text field was left.
#[derive(Default)]
struct Changes {
    edits: Vec<Edit>,
    left_field: bool,
}

impl Changes {
    /// A labelled text field; records `make(new text)` when the author changed it.
    fn text(
        &mut self,
        ui: &mut egui::Ui,
        label: &str,
        current: &str,
        rows: usize,
        make: impl FnOnce(String) -> Edit,
    ) {
        ui.label(egui::RichText::new(label).color(MUTED));
        let mut value = current.to_owned();
        let field = if rows > 1 {
            egui::TextEdit::multiline(&mut value).desired_rows(rows)
        } else {
            egui::TextEdit::singleline(&mut value)
        };
        let response = ui.add(field.desired_width(f32::INFINITY));
        self.left_field |= response.lost_focus();
        if value != current {
            self.edits.push(make(value));
        }
    }

    /// A labelled number with bounds.
    fn number(
        &mut self,
        ui: &mut egui::Ui,
        label: &str,
        current: i64,
        range: std::ops::RangeInclusive<i64>,
        make: impl FnOnce(i64) -> Edit,
    ) {
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(label).color(MUTED));
            let mut value = current;
            ui.add(egui::DragValue::new(&mut value).range(range));
            if value != current {
                self.edits.push(make(value));
            }
        });
    }
}

pub(super) fn forms(
    ui: &mut egui::Ui,
    lang: Lang,
    studio: &mut Studio,
    actions: &mut Vec<StudioAction>,
) {
    let Some(draft) = &studio.draft else {
        return;
    };
    let scenario = draft.scenario();
    let mut changes = Changes::default();
    match studio
        .selected
        .as_deref()
        .and_then(|id| scenario.nodes.get(id).map(|n| (id, n)))
    {
        Some((id, node)) => node_form(ui, lang, scenario, id, node, &mut changes),
        None => scenario_form(ui, lang, scenario, &mut changes),
    }
    actions.extend(changes.edits.into_iter().map(StudioAction::Edit));
    if changes.left_field {
        actions.push(StudioAction::Command(DraftCommand::EndTyping));
    }
}

fn heading(ui: &mut egui::Ui, text: &str) {
    ui.add_space(6.0);
    ui.label(egui::RichText::new(text).strong().color(ACCENT));
}

fn scenario_form(ui: &mut egui::Ui, lang: Lang, s: &Scenario, c: &mut Changes) {
    heading(ui, tr(lang, T::ScenarioAndCustomer));
    c.text(ui, tr(lang, T::FieldTitle), &s.title, 1, Edit::Title);
    c.text(ui, tr(lang, T::FieldId), s.id.as_str(), 1, Edit::Id);
    c.text(
        ui,
        tr(lang, T::FieldIndustry),
        &s.industry,
        1,
        Edit::Industry,
    );
    c.text(
        ui,
        tr(lang, T::FieldLanguage),
        &s.language,
        1,
        Edit::Language,
    );
    c.text(ui, tr(lang, T::FieldSummary), &s.summary, 2, Edit::Summary);
    c.text(ui, tr(lang, T::FieldBrief), &s.brief, 3, Edit::Brief);
    c.number(
        ui,
        tr(lang, T::Difficulty),
        s.difficulty,
        1..=5,
        Edit::Difficulty,
    );
    c.number(
        ui,
        tr(lang, T::FieldMinutes),
        s.minutes,
        1..=60,
        Edit::Minutes,
    );
    let customer = &s.customer;
    c.text(
        ui,
        tr(lang, T::FieldName),
        &customer.name,
        1,
        Edit::CustomerName,
    );
    c.text(
        ui,
        tr(lang, T::FieldRole),
        &customer.role,
        1,
        Edit::CustomerRole,
    );
    c.number(
        ui,
        tr(lang, T::Patience),
        customer.patience,
        0..=10,
        Edit::Patience,
    );
    c.number(ui, tr(lang, T::Trust), customer.trust, 0..=10, Edit::Trust);
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(tr(lang, T::Prefers)).color(MUTED));
        let mut prefers = customer.prefers;
        style_picker(ui, lang, "prefers", &mut prefers);
        if prefers != customer.prefers {
            c.edits.push(Edit::Prefers(prefers));
        }
    });
    heading(ui, tr(lang, T::Needs));
    for (index, need) in customer.needs.iter().enumerate() {
        theme::card().show(ui, |ui| {
            let (id, text, weight) = (need.id.to_string(), need.text.clone(), need.weight);
            c.text(ui, "id", &id, 1, |id| Edit::Need {
                index,
                id,
                text: text.clone(),
                weight,
            });
            c.text(ui, "", &need.text, 1, |text| Edit::Need {
                index,
                id: id.clone(),
                text,
                weight,
            });
            c.number(ui, "weight", need.weight, 1..=5, |weight| Edit::Need {
                index,
                id: id.clone(),
                text: need.text.clone(),
                weight,
            });
            if ui.small_button(tr(lang, T::Remove)).clicked() {
                c.edits.push(Edit::RemoveNeed(index));
            }
        });
    }
    if widgets::button(ui, tr(lang, T::AddItem)) {
        c.edits.push(Edit::AddNeed);
    }
    heading(ui, tr(lang, T::Objections));
    for (index, objection) in customer.objections.iter().enumerate() {
        theme::card().show(ui, |ui| {
            let (id, text) = (objection.id.to_string(), objection.text.clone());
            c.text(ui, "id", &id, 1, |id| Edit::Objection {
                index,
                id,
                text: text.clone(),
            });
            c.text(ui, "", &objection.text, 1, |text| Edit::Objection {
                index,
                id: id.clone(),
                text,
            });
            if ui.small_button(tr(lang, T::Remove)).clicked() {
                c.edits.push(Edit::RemoveObjection(index));
            }
        });
    }
    if widgets::button(ui, tr(lang, T::AddItem)) {
        c.edits.push(Edit::AddObjection);
    }
    variants_form(ui, lang, s, c);
}

/// The customer's variants: who they are on another day, drawn from the seed by weight.
fn variants_form(ui: &mut egui::Ui, lang: Lang, s: &Scenario, c: &mut Changes) {
    heading(ui, tr(lang, T::Variants));
    for (index, v) in s.variants.iter().enumerate() {
        theme::card().show(ui, |ui| {
            let edit = |variant: Variant| Edit::Variant { index, variant };
            c.text(ui, "id", v.id.as_str(), 1, |id| {
                edit(Variant {
                    id: id.as_str().into(),
                    ..v.clone()
                })
            });
            c.text(ui, tr(lang, T::VariantAbout), &v.about, 1, |about| {
                edit(Variant { about, ..v.clone() })
            });
            let say = v.say.clone().unwrap_or_default();
            c.text(ui, tr(lang, T::VariantOpening), &say, 2, |say| {
                let say = (!say.trim().is_empty()).then_some(say);
                edit(Variant { say, ..v.clone() })
            });
            c.number(ui, tr(lang, T::VariantWeight), v.weight, 0..=20, |weight| {
                edit(Variant {
                    weight,
                    ..v.clone()
                })
            });
            for (label, now, start) in [
                (T::Patience, v.patience, s.customer.patience),
                (T::Trust, v.trust, s.customer.trust),
            ] {
                ui.horizontal(|ui| {
                    let mut own = now.is_some();
                    let mut value = now.unwrap_or(start);
                    ui.checkbox(&mut own, tr(lang, label));
                    ui.add_enabled(own, egui::DragValue::new(&mut value).range(0..=10));
                    let new = own.then_some(value);
                    if new != now {
                        let variant = match label {
                            T::Patience => Variant {
                                patience: new,
                                ..v.clone()
                            },
                            _ => Variant {
                                trust: new,
                                ..v.clone()
                            },
                        };
                        c.edits.push(edit(variant));
                    }
                });
            }
            if ui.small_button(tr(lang, T::Remove)).clicked() {
                c.edits.push(Edit::RemoveVariant(index));
            }
        });
    }
    if widgets::button(ui, tr(lang, T::AddItem)) {
        c.edits.push(Edit::AddVariant);
    }
}

fn style_picker(
    ui: &mut egui::Ui,
    lang: Lang,
    salt: impl std::hash::Hash + std::fmt::Debug,
    value: &mut Option<Style>,
) {
    let shown = value.map_or(tr(lang, T::NoneOption), |s| style_name(lang, s));
    egui::ComboBox::from_id_salt(salt)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, tr(lang, T::NoneOption));
            for style in Style::ALL {
                ui.selectable_value(value, Some(style), style_name(lang, style));
            }
        });
}

fn node_form(
    ui: &mut egui::Ui,
    lang: Lang,
    s: &Scenario,
    id: &str,
    node: &NodeEntry,
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
        NodeEntry::Node { mood, choices, .. } => {
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new(tr(lang, T::Mood)).color(MUTED));
                let mut picked = *mood;
                egui::ComboBox::from_id_salt("mood")
                    .selected_text(mood_name(lang, picked))
                    .show_ui(ui, |ui| {
                        for m in [
                            Mood::Pleased,
                            Mood::Interested,
                            Mood::Neutral,
                            Mood::Doubtful,
                            Mood::Annoyed,
                            Mood::Angry,
                        ] {
                            ui.selectable_value(&mut picked, m, mood_name(lang, m));
                        }
                    });
                if picked != *mood {
                    c.edits.push(Edit::Mood {
                        node: id.to_owned(),
                        mood: picked,
                    });
                }
            });
            heading(ui, tr(lang, T::Replies));
            for (index, choice) in choices.iter().enumerate() {
                theme::card().show(ui, |ui| reply_form(ui, lang, s, id, index, choice, c));
            }
            if widgets::button(ui, tr(lang, T::AddReply)) {
                c.edits.push(Edit::AddReply {
                    node: id.to_owned(),
                    to: id.to_owned(),
                });
            }
        }
        NodeEntry::Ending { outcome, .. } => {
            ui.horizontal(|ui| {
                let mut picked = *outcome;
                egui::ComboBox::from_id_salt("outcome")
                    .selected_text(outcome_name(lang, picked))
                    .show_ui(ui, |ui| {
                        for o in Outcome::ALL {
                            ui.selectable_value(&mut picked, o, outcome_name(lang, o));
                        }
                    });
                if picked != *outcome {
                    c.edits.push(Edit::EndingOutcome {
                        node: id.to_owned(),
                        outcome: picked,
                    });
                }
            });
        }
    }
}

fn reply_form(
    ui: &mut egui::Ui,
    lang: Lang,
    s: &Scenario,
    node: &str,
    index: usize,
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
        ui.label(egui::RichText::new(tr(lang, T::LeadsTo)).color(MUTED));
        match &choice.next {
            Next::Goto(to) => {
                let mut picked = to.to_string();
                egui::ComboBox::from_id_salt(("leads-to", index))
                    .selected_text(&picked)
                    .show_ui(ui, |ui| {
                        for (id, _) in s.nodes.iter() {
                            ui.selectable_value(&mut picked, id.to_string(), id.as_str());
                        }
                    });
                if picked != to.as_str() {
                    c.edits.push(Edit::ReplyNext {
                        node: node.to_owned(),
                        index,
                        to: picked,
                    });
                }
            }
            Next::Branch { .. } => {
                let targets: Vec<&str> = choice.next.targets().map(|t| t.as_str()).collect();
                ui.label(targets.join(" / "));
            }
        }
    });
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
    effects_form(ui, lang, s, node, index, choice, c);
    if ui.small_button(tr(lang, T::Remove)).clicked() {
        c.edits.push(Edit::RemoveReply {
            node: node.to_owned(),
            index,
        });
    }
}

/// A reply's list (effects or conditions): each item removable, and a picker of items that
/// name only ids that exist.
fn list_form<T: Clone>(
    ui: &mut egui::Ui,
    (label, add, salt): (&str, &str, (&str, usize)),
    current: &[T],
    offered: Vec<T>,
    text: impl Fn(&T) -> String,
    make: impl Fn(Vec<T>) -> Edit,
    c: &mut Changes,
) {
    ui.label(egui::RichText::new(label).color(MUTED));
    ui.horizontal_wrapped(|ui| {
        for (i, item) in current.iter().enumerate() {
            if ui.small_button(format!("{} ✕", text(item))).clicked() {
                let mut items = current.to_vec();
                items.remove(i);
                c.edits.push(make(items));
            }
        }
        egui::ComboBox::from_id_salt(salt)
            .selected_text(add)
            .show_ui(ui, |ui| {
                for item in offered {
                    if ui.selectable_label(false, text(&item)).clicked() {
                        let mut items = current.to_vec();
                        items.push(item);
                        c.edits.push(make(items));
                    }
                }
            });
    });
}

/// The reply's effects and the conditions for showing it.
fn effects_form(
    ui: &mut egui::Ui,
    lang: Lang,
    s: &Scenario,
    node: &str,
    index: usize,
    choice: &Choice,
    c: &mut Changes,
) {
    let mut effects: Vec<Effect> = Vec::new();
    let mut conditions: Vec<Condition> = Vec::new();
    for need in &s.customer.needs {
        effects.push(Effect::Discover(need.id.clone()));
        conditions.push(Condition::Discovered(need.id.clone()));
        conditions.push(Condition::NotDiscovered(need.id.clone()));
    }
    for o in &s.customer.objections {
        effects.extend([
            Effect::Raise(o.id.clone()),
            Effect::Resolve(o.id.clone()),
            Effect::Mishandle(o.id.clone()),
        ]);
        conditions.extend([
            Condition::Raised(o.id.clone()),
            Condition::Resolved(o.id.clone()),
        ]);
    }
    effects.extend([
        Effect::Trust(1),
        Effect::Trust(-1),
        Effect::Patience(1),
        Effect::Patience(-1),
        Effect::Closing(10),
        Effect::Closing(-10),
    ]);
    conditions.extend((3..=8).map(Condition::TrustAtLeast));
    conditions.extend((3..=8).map(Condition::TrustBelow));
    conditions.extend((2..=6).map(Condition::PatienceAtLeast));
    conditions.extend(s.variants.iter().map(|v| Condition::Variant(v.id.clone())));
    let n = node.to_owned();
    list_form(
        ui,
        (
            tr(lang, T::Effects),
            tr(lang, T::AddEffect),
            ("add-effect", index),
        ),
        &choice.effects,
        effects,
        |e| effect_text(lang, e, s),
        |effects| Edit::ReplyEffects {
            node: n.clone(),
            index,
            effects,
        },
        c,
    );
    let n = node.to_owned();
    list_form(
        ui,
        (
            tr(lang, T::ShownOnlyIf),
            tr(lang, T::AddEffect),
            ("add-condition", index),
        ),
        &choice.requires,
        conditions,
        |cond| condition_text(lang, cond, s),
        |requires| Edit::ReplyRequires {
            node: n.clone(),
            index,
            requires,
        },
        c,
    );
}
