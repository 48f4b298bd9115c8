//! Below the graph: the validator's problems (a click selects the node) and the calibration
//! gates with a progress bar, each gate passed or failed with its figure.

use bevy_egui::egui;

use crate::game::i18n::{Lang, T, fill, style_name, tr};
use crate::game::studio::{Calibration, Studio};
use crate::game::ui::theme::{ACCENT, BAD, GOOD, MUTED, WARN};
use rapport_core::authoring::validate::Severity;
use rapport_core::engine::calibrate::gates::{Gate, GateKind};

pub(super) fn checks(ui: &mut egui::Ui, lang: Lang, studio: &mut Studio) {
    // Left-aligned, not justified: `columns` lays out justified by default.
    let layout = egui::Layout::top_down(egui::Align::Min);
    ui.columns(2, |columns| {
        columns[0].with_layout(layout, |ui| problems(ui, lang, studio));
        columns[1].with_layout(layout, |ui| gates(ui, lang, studio));
    });
}

fn problems(ui: &mut egui::Ui, lang: Lang, studio: &mut Studio) {
    ui.label(
        egui::RichText::new(tr(lang, T::Checks))
            .strong()
            .color(ACCENT),
    );
    if studio.issues.is_empty() {
        ui.label(egui::RichText::new(tr(lang, T::NoIssues)).color(GOOD));
        return;
    }
    let mut select = None;
    for found in &studio.issues {
        let colour = match found.issue.severity {
            Severity::Error => BAD,
            Severity::Warning => WARN,
        };
        let text = match &found.node {
            Some(node) => format!("{node}: {}", found.issue.message),
            None => found.issue.message.clone(),
        };
        let label = ui.add(
            egui::Label::new(egui::RichText::new(text).color(colour)).sense(egui::Sense::click()),
        );
        if label.clicked() {
            select = Some(found.node.clone());
        }
    }
    if let Some(node) = select {
        studio.selected = node;
    }
}

fn gates(ui: &mut egui::Ui, lang: Lang, studio: &Studio) {
    ui.label(
        egui::RichText::new(tr(lang, T::Gates))
            .strong()
            .color(ACCENT),
    );
    let current = studio.draft.as_ref().map(|d| d.text()).unwrap_or_default();
    match &studio.calibration {
        Calibration::NotRun => {
            ui.label(egui::RichText::new(tr(lang, T::GatesNotRun)).color(MUTED));
        }
        Calibration::Running { previous, .. } => {
            let done = studio.calibration.progress().unwrap_or(0.0);
            ui.add(egui::ProgressBar::new(done).show_percentage());
            // The last findings stay, faded, so the list does not flicker while the author types.
            if let Some((gates, _)) = previous {
                gate_list(ui, lang, gates, true);
            }
        }
        Calibration::Failed { .. } => {
            ui.label(egui::RichText::new(tr(lang, T::CalibrationFailed)).color(BAD));
        }
        Calibration::Done { gates, text, .. } => {
            if *text != current {
                ui.label(egui::RichText::new(tr(lang, T::GatesStale)).color(WARN));
            }
            gate_list(ui, lang, gates, false);
        }
    }
}

/// Each gate with ✓ or ✗ and its figure; `faded` while a newer calibration runs.
fn gate_list(ui: &mut egui::Ui, lang: Lang, gates: &[Gate], faded: bool) {
    for gate in gates {
        let (mark, colour) = if gate.passed {
            ("✓", GOOD)
        } else {
            ("✗", BAD)
        };
        let colour = if faded {
            colour.gamma_multiply(0.5)
        } else {
            colour
        };
        ui.label(egui::RichText::new(format!("{mark} {}", gate_text(lang, gate))).color(colour));
    }
}

/// A gate in words, with its figure.
fn gate_text(lang: Lang, gate: &Gate) -> String {
    let figure = format!("{:.0}", gate.figure);
    match gate.kind {
        GateKind::BestReachable => fill(tr(lang, T::GateBest), &[&figure]),
        GateKind::RandomMedian => fill(tr(lang, T::GateRandom), &[&figure]),
        GateKind::StyleBot(style) => fill(
            tr(lang, T::GateBot),
            &[
                style_name(lang, style),
                &format!("{:.0}", gate.figure * 100.0),
            ],
        ),
        GateKind::SameKey(key) => fill(
            tr(lang, T::GateKey),
            &[
                &key.to_string(),
                &figure,
                &format!("{:.0}", gate.won.unwrap_or(0.0) * 100.0),
            ],
        ),
    }
}
