//! The forms beside the graph: the scenario and customer when no node is selected, else the
//! selected node's form (`node_form`). Every change becomes one `Edit` for the draft; pickers
//! offer only ids that exist.

use bevy_egui::egui;

use super::StudioAction;
use super::node_form::node_form;
use crate::game::i18n::{Lang, T, style_name, tr};
use crate::game::studio::{DraftCommand, Studio};
use crate::game::ui::theme::{self, ACCENT, MUTED};
use crate::game::ui::widgets;
use rapport_core::authoring::draft::Edit;
use rapport_core::engine::scenario::{Customer, Scenario, Style, Variant};

/// What the forms hand back: edits to apply, and whether a text field was left.
#[derive(Default)]
pub(super) struct Changes {
    pub edits: Vec<Edit>,
    left_field: bool,
}

impl Changes {
    /// A labelled text field; records `make(new text)` when the author changed it.
    pub fn text(
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
    pub fn number(
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
    let focus = (
        studio.focus_reply,
        std::mem::take(&mut studio.scroll_to_focus),
    );
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
        Some((id, node)) => node_form(ui, (lang, focus), scenario, (id, node), &mut changes),
        None => scenario_form(ui, lang, scenario, &mut changes),
    }
    actions.extend(changes.edits.into_iter().map(StudioAction::Edit));
    if changes.left_field {
        actions.push(StudioAction::Command(DraftCommand::EndTyping));
    }
}

pub(super) fn heading(ui: &mut egui::Ui, text: &str) {
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
    needs_and_objections(ui, lang, customer, c);
    variants_form(ui, lang, s, c);
}

/// The customer's hidden needs (with their weights) and objections.
fn needs_and_objections(ui: &mut egui::Ui, lang: Lang, customer: &Customer, c: &mut Changes) {
    heading(ui, tr(lang, T::Needs));
    for (index, need) in customer.needs.iter().enumerate() {
        theme::card().show(ui, |ui| {
            let (id, text, weight) = (need.id.to_string(), need.text.clone(), need.weight);
            c.text(ui, tr(lang, T::ItemId), &id, 1, |id| Edit::Need {
                index,
                id,
                text: text.clone(),
                weight,
            });
            c.text(ui, tr(lang, T::ItemText), &need.text, 1, |text| {
                Edit::Need {
                    index,
                    id: id.clone(),
                    text,
                    weight,
                }
            });
            c.number(
                ui,
                tr(lang, T::VariantWeight),
                need.weight,
                1..=5,
                |weight| Edit::Need {
                    index,
                    id: id.clone(),
                    text: need.text.clone(),
                    weight,
                },
            );
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
            c.text(ui, tr(lang, T::ItemId), &id, 1, |id| Edit::Objection {
                index,
                id,
                text: text.clone(),
            });
            c.text(ui, tr(lang, T::ItemText), &objection.text, 1, |text| {
                Edit::Objection {
                    index,
                    id: id.clone(),
                    text,
                }
            });
            if ui.small_button(tr(lang, T::Remove)).clicked() {
                c.edits.push(Edit::RemoveObjection(index));
            }
        });
    }
    if widgets::button(ui, tr(lang, T::AddItem)) {
        c.edits.push(Edit::AddObjection);
    }
}

/// The customer's variants: who they are on another day, drawn from the seed by weight.
fn variants_form(ui: &mut egui::Ui, lang: Lang, s: &Scenario, c: &mut Changes) {
    heading(ui, tr(lang, T::Variants));
    for (index, v) in s.variants.iter().enumerate() {
        theme::card().show(ui, |ui| {
            let edit = |variant: Variant| Edit::Variant { index, variant };
            c.text(ui, tr(lang, T::ItemId), v.id.as_str(), 1, |id| {
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

pub(super) fn style_picker(
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
