//! The studio's pickers: a node, and lists of effects or conditions, each offering only what
//! names ids that exist in the scenario (needs, objections, variants, nodes).

use bevy_egui::egui;

use super::forms::Changes;
use crate::game::i18n::{Lang, T, condition_text, effect_text, tr};
use crate::game::ui::theme::MUTED;
use rapport_core::authoring::draft::Edit;
use rapport_core::engine::scenario::{Condition, Effect, Scenario};

/// The effects an author may add: each need found, each objection moved, and steps of the
/// meters and the closing score.
pub(super) fn effect_options(s: &Scenario) -> Vec<Effect> {
    let mut effects: Vec<Effect> = s
        .customer
        .needs
        .iter()
        .map(|need| Effect::Discover(need.id.clone()))
        .collect();
    for o in &s.customer.objections {
        effects.extend([
            Effect::Raise(o.id.clone()),
            Effect::Resolve(o.id.clone()),
            Effect::Mishandle(o.id.clone()),
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
    effects
}

/// The conditions an author may require: a need found or not, an objection raised or
/// resolved, a meter's threshold, a variant in play.
pub(super) fn condition_options(s: &Scenario) -> Vec<Condition> {
    let mut conditions = Vec::new();
    for need in &s.customer.needs {
        conditions.push(Condition::Discovered(need.id.clone()));
        conditions.push(Condition::NotDiscovered(need.id.clone()));
    }
    for o in &s.customer.objections {
        conditions.extend([
            Condition::Raised(o.id.clone()),
            Condition::Resolved(o.id.clone()),
        ]);
    }
    conditions.extend((1..=10).map(Condition::TrustAtLeast));
    conditions.extend((1..=10).map(Condition::TrustBelow));
    conditions.extend((1..=10).map(Condition::PatienceAtLeast));
    conditions.extend(s.variants.iter().map(|v| Condition::Variant(v.id.clone())));
    conditions
}

/// A combo box of the scenario's nodes; the id picked when it differs from `current`.
pub(super) fn node_picker(
    ui: &mut egui::Ui,
    salt: impl std::hash::Hash + std::fmt::Debug,
    s: &Scenario,
    current: &str,
) -> Option<String> {
    let mut picked = current.to_owned();
    egui::ComboBox::from_id_salt(salt)
        .selected_text(current)
        .show_ui(ui, |ui| {
            for (id, _) in s.nodes.iter() {
                ui.selectable_value(&mut picked, id.to_string(), id.as_str());
            }
        });
    (picked != current).then_some(picked)
}

/// A list (effects or conditions): each item removable, and a picker that appends one of
/// `offered`; `make` turns the new list into the edit.
pub(super) fn list_form<T: Clone>(
    ui: &mut egui::Ui,
    (label, add, salt): (&str, &str, egui::Id),
    current: &[T],
    offered: Vec<T>,
    text: impl Fn(&T) -> String,
    make: impl Fn(Vec<T>) -> Edit,
    c: &mut Changes,
) {
    if !label.is_empty() {
        ui.label(egui::RichText::new(label).color(MUTED));
    }
    // One chip a line: a need's text can be long, and a chip wraps rather than widen the form.
    for (i, item) in current.iter().enumerate() {
        let chip = egui::Button::new(egui::RichText::new(format!("{} ✕", text(item))).small());
        if ui.add(chip.wrap()).clicked() {
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
}

/// A labelled list of effects, in the trainer's words.
pub(super) fn effects_list(
    ui: &mut egui::Ui,
    (lang, s): (Lang, &Scenario),
    (label, salt): (&str, egui::Id),
    current: &[Effect],
    make: impl Fn(Vec<Effect>) -> Edit,
    c: &mut Changes,
) {
    list_form(
        ui,
        (label, tr(lang, T::AddEffect), salt),
        current,
        effect_options(s),
        |e| effect_text(lang, e, s),
        make,
        c,
    );
}

/// A labelled list of conditions, in the trainer's words.
pub(super) fn conditions_list(
    ui: &mut egui::Ui,
    (lang, s): (Lang, &Scenario),
    (label, salt): (&str, egui::Id),
    current: &[Condition],
    make: impl Fn(Vec<Condition>) -> Edit,
    c: &mut Changes,
) {
    list_form(
        ui,
        (label, tr(lang, T::AddCondition), salt),
        current,
        condition_options(s),
        |cond| condition_text(lang, cond, s),
        make,
        c,
    );
}
