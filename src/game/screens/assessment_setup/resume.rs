//! The interrupted runs offered for resuming: who, which assessment and customer, how many
//! replies, the time used and left; and discarding one, which the recruiter confirms (with
//! their key's fingerprint when results are sealed) and which is recorded.

use bevy::prelude::*;
use bevy_egui::egui;

use std::time::Duration;

use super::super::assessment_end::fingerprint_field;
use super::{SetupForm, StepView};
use crate::game::assessment::{DiscardRun, ResumeAssessment};
use crate::game::i18n::{Lang, T, counted, fill, tr};
use crate::game::ui::theme::{self, ACCENT, MUTED};
use crate::game::ui::widgets;
use rapport_core::assessment::{Interrupted, OfferedDefinition, limits};

/// "Customer 3 of 4: The cafe owner · 12 replies · 07:10 used, 27:50 left in total".
fn progress_line(lang: Lang, run: &Interrupted, offered: &[OfferedDefinition]) -> (String, String) {
    let Some(file) = offered
        .iter()
        .filter_map(|d| d.as_ref().ok())
        .find(|d| d.def.id == run.assessment)
    else {
        return (
            run.assessment.clone(),
            counted(lang, T::RepliesCount, run.replies as u64),
        );
    };
    let def = &file.def;
    let parts: Vec<&str> = def
        .practice
        .iter()
        .chain(&def.scenarios)
        .map(|id| id.as_str())
        .collect();
    let first_scored = usize::from(def.practice.is_some());
    let scored_used: u64 = run.used_ms.iter().skip(first_scored).sum();
    let (_, total) = limits(def, run.extra_time);
    let left = (total.as_millis() as u64).saturating_sub(scored_used);
    let customer = fill(
        tr(lang, T::NextCustomer),
        &[&(run.part + 1).to_string(), &parts.len().to_string()],
    );
    let line = format!(
        "{customer}: {} · {} · {}",
        parts.get(run.part).copied().unwrap_or("?"),
        counted(lang, T::RepliesCount, run.replies as u64),
        fill(
            tr(lang, T::UsedAndLeft),
            &[
                &widgets::clock(Duration::from_millis(scored_used)),
                &widgets::clock(Duration::from_millis(left)),
            ]
        ),
    );
    (def.title.clone(), line)
}

/// The offers, one card each, and the confirmation of a discard.
pub(super) fn offers(
    ui: &mut egui::Ui,
    view: &StepView,
    form: &mut SetupForm,
    definitions: &[OfferedDefinition],
    commands: &mut Commands,
) {
    let lang = view.lang;
    ui.label(
        egui::RichText::new(tr(lang, T::Interrupted))
            .strong()
            .color(ACCENT),
    );
    for (i, run) in form.interrupted.iter().enumerate() {
        let (title, progress) = progress_line(lang, run, definitions);
        theme::card().show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                egui::RichText::new(format!("{} — {title}", run.candidate))
                    .strong()
                    .size(19.0),
            );
            ui.label(egui::RichText::new(progress).color(MUTED));
            if run.extra_time > 1.0 {
                widgets::hint(
                    ui,
                    &format!("{} ×{}", tr(lang, T::ExtraTime), run.extra_time),
                );
            }
            ui.horizontal(|ui| {
                if widgets::primary_button(ui, tr(lang, T::Resume)) {
                    commands.trigger(ResumeAssessment(run.journal.clone()));
                }
                if widgets::button(ui, tr(lang, T::Discard)) {
                    form.discarding = Some((i, String::new()));
                }
            });
        });
    }
    confirm_discard(ui, view, form, commands);
}

/// "Discard Olga P.'s run?" with the key's fingerprint asked for when results are sealed.
fn confirm_discard(
    ui: &mut egui::Ui,
    view: &StepView,
    form: &mut SetupForm,
    commands: &mut Commands,
) {
    let lang = view.lang;
    let Some((index, typed)) = form.discarding.as_mut() else {
        return;
    };
    let Some(run) = form.interrupted.get(*index) else {
        form.discarding = None;
        return;
    };
    let mut close = false;
    egui::Modal::new("discard-run".into()).show(ui.ctx(), |ui| {
        ui.set_max_width(460.0);
        ui.label(
            egui::RichText::new(fill(tr(lang, T::DiscardQuestion), &[&run.candidate]))
                .strong()
                .size(20.0),
        );
        ui.label(tr(lang, T::DiscardKept));
        let confirmed = match &view.options.seal_key {
            Some(key) => fingerprint_field(ui, lang, key, typed, false).then(|| key.fingerprint()),
            None => Some(String::new()),
        };
        ui.horizontal(|ui| {
            if widgets::primary_button(ui, tr(lang, T::KeepRun)) {
                close = true;
            }
            ui.add_enabled_ui(confirmed.is_some(), |ui| {
                if widgets::button(ui, tr(lang, T::Discard)) {
                    commands.trigger(DiscardRun {
                        journal: run.journal.clone(),
                        by: confirmed.clone().filter(|f| !f.is_empty()),
                    });
                    close = true;
                }
            });
        });
    });
    if close {
        form.discarding = None;
    }
}
