//! Below the graph: the validator's problems (a click selects the node) and the calibration
//! with a progress bar: each gate passed or failed with its figure, the reachable score ranges,
//! and the best and worst lines.

use bevy_egui::egui;

use crate::game::i18n::{Lang, T, counted, fill, outcome_name, style_name, tr};
use crate::game::studio::{Calibration, Studio};
use crate::game::ui::theme::{ACCENT, BAD, GOOD, MUTED, WARN};
use rapport_core::authoring::validate::Severity;
use rapport_core::engine::calibrate::gates::{Calibrated, Gate, GateKind};
use rapport_core::engine::calibrate::{Path, Span};

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
        // The validator's message names its node already, mostly.
        let text = match &found.node {
            Some(node) if !found.issue.message.contains(&format!("\"{node}\"")) => {
                format!("{node}: {}", found.issue.message)
            }
            _ => found.issue.message.clone(),
        };
        let label = ui.add(
            egui::Label::new(egui::RichText::new(text).color(colour)).sense(egui::Sense::click()),
        );
        if label.clicked() {
            select = Some((found.node.clone(), found.reply));
        }
    }
    // The click selects the node and marks the reply, scrolled into view.
    if let Some((node, reply)) = select {
        studio.selected = node;
        studio.focus_reply = reply;
        studio.scroll_to_focus = reply.is_some();
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
            if let Some(found) = previous {
                findings(ui, lang, found, true);
            }
        }
        Calibration::Failed { .. } => {
            ui.label(egui::RichText::new(tr(lang, T::CalibrationFailed)).color(BAD));
        }
        Calibration::Done { found, text } => {
            if *text != current {
                ui.label(egui::RichText::new(tr(lang, T::GatesStale)).color(WARN));
            }
            findings(ui, lang, found, false);
        }
    }
}

/// Each gate with ✓ or ✗ and its figure, then what the exhaustive search found: the score
/// ranges a player can reach, and the best and worst lines; `faded` while a newer calibration
/// runs.
fn findings(ui: &mut egui::Ui, lang: Lang, found: &Calibrated, faded: bool) {
    for gate in &found.gates {
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
    let reach = &found.reach;
    let span = |s: Span| format!("{}–{}", s.min, s.max);
    let objections = reach.objection_handling.map_or("—".to_owned(), span);
    let ranges = fill(
        tr(lang, T::ReachableRanges),
        &[
            &span(reach.overall),
            &span(reach.needs_discovery),
            &objections,
            &span(reach.closing),
        ],
    );
    let line = |path: &Path| {
        fill(
            tr(lang, T::LineOf),
            &[
                &path.scores.overall.to_string(),
                outcome_name(lang, path.outcome),
                &counted(lang, T::RepliesCount, path.choices.len() as u64),
            ],
        )
    };
    let lines = fill(
        tr(lang, T::BestAndWorst),
        &[&line(&reach.best), &line(&reach.worst)],
    );
    let colour = if faded {
        MUTED.gamma_multiply(0.5)
    } else {
        MUTED
    };
    ui.add_space(4.0);
    ui.label(egui::RichText::new(ranges).color(colour));
    ui.label(egui::RichText::new(lines).color(colour));
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
