//! The top of the debrief: the outcome (marked when perfect), the overall score, the
//! competencies with the replies that earned each point, the play style with its evidence and
//! fit, and the trainer's details behind a disclosure.

use bevy_egui::egui;

use crate::game::i18n::{
    Lang, T, fill, fit_sentence, label_name, objection_state_name, outcome_name, style_name, tr,
};
use crate::game::ui::theme::{self, ACCENT, BAD, GOOD, MUTED, score_color};
use crate::game::ui::widgets;
use crate::system::local_time;
use rapport_core::engine::dialogue::ObjectionState;
use rapport_core::engine::record::ResultRecord;
use rapport_core::engine::results::{ObjectionStep, Reason, RunReport};
use rapport_core::engine::scenario::{Outcome, Style};
use rapport_core::engine::scoring::ClosingBase;

pub(super) fn by(lang: Lang, reason: &Reason) -> String {
    match reason.turn {
        Some(turn) => fill(tr(lang, T::ByReply), &[&turn.to_string()]),
        None => tr(lang, T::OnEntering).to_owned(),
    }
}

/// A variant id as words: "lunch-rush" reads "Lunch rush".
pub(super) fn humanize(id: &str) -> String {
    let words = id.replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Outcome, who and when, the perfect mark, the score and the details disclosure; `variant`
/// is the author's description of the customer's variant, when the scenario is at hand.
pub(super) fn heading(ui: &mut egui::Ui, lang: Lang, record: &ResultRecord, variant: Option<&str>) {
    let report = &record.report;
    ui.label(
        egui::RichText::new(tr(lang, T::Debrief))
            .small()
            .strong()
            .color(MUTED),
    );
    ui.heading(format!("{} — {}", record.scenario_title, record.customer));
    let outcome = report.outcome.unwrap_or(Outcome::Lost);
    let color = match outcome {
        Outcome::Won => GOOD,
        Outcome::FollowUp => theme::WARN,
        Outcome::Lost | Outcome::WalkedOut => BAD,
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(
            egui::RichText::new(outcome_name(lang, outcome))
                .size(26.0)
                .strong()
                .color(color),
        );
        let mut about = format!("{} · {}", record.player, local_time(record.finished_at));
        if let Some(id) = &report.variant {
            let described = variant.filter(|d| !d.trim().is_empty());
            let words = described.map_or_else(|| humanize(id), str::to_owned);
            about.push_str(" · ");
            about.push_str(&fill(tr(lang, T::VariantIs), &[&words]));
        }
        ui.label(egui::RichText::new(about).color(MUTED));
    });
    ui.horizontal(|ui| {
        ui.label(
            egui::RichText::new(format!("{}", report.scores.overall))
                .size(44.0)
                .strong()
                .color(score_color(report.scores.overall)),
        );
        ui.label(egui::RichText::new(tr(lang, T::OverallOutOf)).color(MUTED));
    });
    if report.scores.overall == 100 {
        theme::card().fill(theme::ACCENT_SOFT).show(ui, |ui| {
            ui.label(
                egui::RichText::new(format!("✓  {}", tr(lang, T::Perfect)))
                    .strong()
                    .color(ACCENT),
            );
        });
    }
    details(ui, lang, record);
}

/// Seed, variant id, ending, hash and exact time: what a trainer needs to replay or check.
fn details(ui: &mut egui::Ui, lang: Lang, record: &ResultRecord) {
    let report = &record.report;
    egui::CollapsingHeader::new(
        egui::RichText::new(tr(lang, T::Details))
            .small()
            .color(MUTED),
    )
    .id_salt("debrief-details")
    .default_open(false)
    .show(ui, |ui| {
        let lines = [
            (T::Scenario, report.scenario.clone()),
            (
                T::Variant,
                report.variant.clone().unwrap_or_else(|| "—".into()),
            ),
            (T::Seed, report.seed.to_string()),
            (
                T::Ending,
                report.ending.clone().unwrap_or_else(|| "—".into()),
            ),
            (T::FileHash, record.scenario_hash.chars().take(16).collect()),
            (T::Finished, record.finished_at.display()),
        ];
        egui::Grid::new("debrief-details-grid").show(ui, |ui| {
            for (key, value) in lines {
                ui.label(egui::RichText::new(tr(lang, key)).small().color(MUTED));
                ui.label(egui::RichText::new(value).small().monospace());
                ui.end_row();
            }
        });
    });
}

/// One step of an objection's history: "the customer raised it", "resolved by reply 3".
fn step_text(lang: Lang, step: &ObjectionStep) -> String {
    match step.by.turn {
        None if step.to == ObjectionState::Raised => tr(lang, T::RaisedByCustomer).to_owned(),
        None => fill(
            tr(lang, T::StepOnEntry),
            &[objection_state_name(lang, Some(step.to))],
        ),
        Some(turn) => fill(
            tr(lang, T::StepByReply),
            &[objection_state_name(lang, Some(step.to)), &turn.to_string()],
        ),
    }
}

pub(super) fn reasons(ui: &mut egui::Ui, lang: Lang, report: &RunReport) {
    let x = &report.explanation;
    let s = &report.scores;
    widgets::score_bar(
        ui,
        tr(lang, T::NeedsDiscovery),
        Some(s.needs_discovery),
        false,
    );
    for need in &x.needs {
        let (text, color) = match &need.discovered_by {
            Some(Reason {
                turn: Some(turn), ..
            }) => (fill(tr(lang, T::FoundBy), &[&turn.to_string()]), GOOD),
            Some(_) => (tr(lang, T::FoundOnEntry).to_owned(), GOOD),
            None => (tr(lang, T::Missed).to_owned(), BAD),
        };
        let weight = if need.weight > 1 {
            format!(
                " ({})",
                fill(tr(lang, T::NeedWeight), &[&need.weight.to_string()])
            )
        } else {
            String::new()
        };
        ui.label(egui::RichText::new(format!("   • {}{weight}: {text}", need.text)).color(color));
    }
    widgets::score_bar(
        ui,
        tr(lang, T::ObjectionHandling),
        s.objection_handling,
        false,
    );
    if s.objection_handling.is_none() {
        ui.label(egui::RichText::new(format!("   {}", tr(lang, T::NotAssessed))).color(MUTED));
    }
    for objection in &x.objections {
        let steps: Vec<String> = objection
            .history
            .iter()
            .map(|s| step_text(lang, s))
            .collect();
        let good = matches!(
            objection.state,
            ObjectionState::Resolved | ObjectionState::Recovered
        );
        ui.label(
            egui::RichText::new(format!(
                "   • {}: {}",
                objection.text,
                steps.join(tr(lang, T::Then))
            ))
            .color(if good { GOOD } else { BAD }),
        );
    }
    closing_lines(ui, lang, report);
    ui.add_space(4.0);
    widgets::score_bar(ui, tr(lang, T::Overall), Some(s.overall), true);
}

/// The closing score's base, each adjustment, and the total when the 0..=100 bounds cut it.
fn closing_lines(ui: &mut egui::Ui, lang: Lang, report: &RunReport) {
    let closing = &report.explanation.closing;
    widgets::score_bar(ui, tr(lang, T::Closing), Some(report.scores.closing), false);
    let base = match closing.base_from {
        ClosingBase::Ending => T::ClosingBaseEnding,
        ClosingBase::Outcome | ClosingBase::Unfinished => T::ClosingBaseOutcome,
    };
    ui.label(
        egui::RichText::new(format!(
            "   • {}",
            fill(tr(lang, base), &[&closing.base.to_string()])
        ))
        .color(MUTED),
    );
    for adjustment in &closing.adjustments {
        ui.label(
            egui::RichText::new(format!(
                "   • {:+} ({})",
                adjustment.points,
                by(lang, &adjustment.by)
            ))
            .color(if adjustment.points >= 0 { GOOD } else { BAD }),
        );
    }
    let sum = closing.base + closing.adjustments.iter().map(|a| a.points).sum::<i64>();
    let bound = if sum > 100 {
        Some(T::CappedAt100)
    } else if sum < 0 {
        Some(T::NotBelowZero)
    } else {
        None
    };
    if let Some(key) = bound {
        let text = fill(
            tr(lang, key),
            &[&sum.to_string(), &report.scores.closing.to_string()],
        );
        ui.label(egui::RichText::new(format!("   = {text}")).color(MUTED));
    }
}

pub(super) fn style_panel(ui: &mut egui::Ui, lang: Lang, report: &RunReport) {
    let style = &report.style;
    ui.label(
        egui::RichText::new(label_name(lang, style.label))
            .size(26.0)
            .strong(),
    );
    for s in Style::ALL {
        let share = style.shares.get(s);
        ui.horizontal(|ui| {
            widgets::fixed_width_label(ui, 150.0, egui::RichText::new(style_name(lang, s)));
            let bar = (ui.available_width() - 60.0).clamp(60.0, 180.0);
            let (rect, _) = ui.allocate_exact_size(egui::vec2(bar, 14.0), egui::Sense::hover());
            ui.painter()
                .rect_filled(rect, 7.0, egui::Color32::from_rgb(234, 230, 222));
            let mut filled = rect;
            filled.set_width(rect.width() * share as f32);
            ui.painter().rect_filled(filled, 7.0, ACCENT);
            ui.label(format!("{:.0}%", share * 100.0));
        });
    }
    ui.label(egui::RichText::new(fit_sentence(lang, style.fit, style.prefers)).italics());
    ui.add_space(6.0);
    ui.label(egui::RichText::new(tr(lang, T::StyleEvidence)).strong());
    for item in &report.explanation.style {
        ui.label(
            egui::RichText::new(format!(
                "• {} +{} — {}",
                style_name(lang, item.style),
                item.points,
                by(lang, &item.by)
            ))
            .color(ACCENT),
        );
        if let Some(reply) = &item.by.reply {
            ui.label(egui::RichText::new(format!("   «{reply}»")).color(MUTED));
        }
    }
}
