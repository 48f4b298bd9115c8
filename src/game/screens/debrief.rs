//! The debrief: outcome, the competencies with their reasons, the play style with its evidence
//! and fit, a reply-by-reply review, and the way on (retry, new variant, scenarios, menu).

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::game::Screen;
use crate::game::data::{Pack, RetrySave, SaveStatus};
use crate::game::i18n::{
    Lang, T, fill, fit_sentence, label_name, objection_state_name, outcome_name, style_name, tr,
};
use crate::game::session::{DebriefRecord, LastPlay, StartConversation};
use crate::game::settings::Settings;
use crate::game::ui::theme::{self, ACCENT, BAD, GOOD, INK, MUTED, score_color};
use crate::game::ui::{ScreensUiSystems, root_ui, widgets};
use crate::system::fresh_seed;
use rapport_core::authoring::pack::Playable;
use rapport_core::engine::dialogue::seed_for_other_variant;
use rapport_core::engine::record::ResultRecord;
use rapport_core::engine::results::{Reason, RunReport};
use rapport_core::engine::scenario::{Outcome, Style};
use rapport_core::engine::scoring::ClosingBase;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        debrief_ui
            .in_set(ScreensUiSystems)
            .run_if(in_state(Screen::Debrief)),
    );
}

fn by(lang: Lang, reason: &Reason) -> String {
    match reason.turn {
        Some(turn) => fill(tr(lang, T::ByReply), &[&turn.to_string()]),
        None => tr(lang, T::OnEntering).to_owned(),
    }
}

fn section(ui: &mut egui::Ui, title: &str) {
    ui.add_space(10.0);
    ui.label(egui::RichText::new(title).strong().size(20.0).color(ACCENT));
}

fn reasons(ui: &mut egui::Ui, lang: Lang, report: &RunReport) {
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
            Some(reason) if reason.turn.is_some() => (
                fill(
                    tr(lang, T::FoundBy),
                    &[&reason.turn.unwrap_or_default().to_string()],
                ),
                GOOD,
            ),
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
            .map(|step| {
                format!(
                    "{} ({})",
                    objection_state_name(lang, Some(step.to)),
                    by(lang, &step.by)
                )
            })
            .collect();
        let good = matches!(
            objection.state,
            rapport_core::engine::dialogue::ObjectionState::Resolved
                | rapport_core::engine::dialogue::ObjectionState::Recovered
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
    widgets::score_bar(ui, tr(lang, T::Closing), Some(s.closing), false);
    let base = match x.closing.base_from {
        ClosingBase::Ending => T::ClosingBaseEnding,
        ClosingBase::Outcome | ClosingBase::Unfinished => T::ClosingBaseOutcome,
    };
    ui.label(
        egui::RichText::new(format!(
            "   • {}",
            fill(tr(lang, base), &[&x.closing.base.to_string()])
        ))
        .color(MUTED),
    );
    for adjustment in &x.closing.adjustments {
        ui.label(
            egui::RichText::new(format!(
                "   • {:+} ({})",
                adjustment.points,
                by(lang, &adjustment.by)
            ))
            .color(if adjustment.points >= 0 { GOOD } else { BAD }),
        );
    }
    ui.add_space(4.0);
    widgets::score_bar(ui, tr(lang, T::Overall), Some(s.overall), true);
}

fn style_panel(ui: &mut egui::Ui, lang: Lang, report: &RunReport) {
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
            let (rect, _) = ui.allocate_exact_size(egui::vec2(180.0, 14.0), egui::Sense::hover());
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
        let reply = item.by.reply.as_deref().unwrap_or("");
        let short: String = reply.chars().take(70).collect();
        let ellipsis = if reply.chars().count() > 70 {
            "…"
        } else {
            ""
        };
        ui.label(
            egui::RichText::new(format!(
                "• {} +{} — {}: {short}{ellipsis}",
                style_name(lang, item.style),
                item.points,
                by(lang, &item.by)
            ))
            .small()
            .color(MUTED),
        );
    }
}

fn review(ui: &mut egui::Ui, lang: Lang, record: &ResultRecord) {
    let (report, customer) = (&record.report, &record.customer);
    for (i, entry) in report.transcript.iter().enumerate() {
        theme::card().show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(egui::RichText::new(format!("{customer}: {}", entry.customer)).color(MUTED));
            let style = entry
                .style
                .map_or(String::new(), |s| format!("  ({})", style_name(lang, s)));
            ui.label(
                egui::RichText::new(format!("{}. {}{style}", i + 1, entry.reply))
                    .color(INK)
                    .strong(),
            );
            // As it was displayed: the key among the replies shown.
            if let Some(order) = record.orders.get(i)
                && let Some(key) = order.iter().position(|&p| p == entry.choice)
            {
                ui.label(
                    egui::RichText::new(fill(
                        tr(lang, T::ShownAsKey),
                        &[&(key + 1).to_string(), &order.len().to_string()],
                    ))
                    .small()
                    .color(MUTED),
                );
            }
            if !entry.feedback.is_empty() {
                ui.label(
                    egui::RichText::new(format!("{}: {}", tr(lang, T::Coach), entry.feedback))
                        .color(ACCENT),
                );
            }
        });
        ui.add_space(4.0);
    }
}

/// What the trainee asked for after reading the debrief.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DebriefAction {
    Retry,
    NewVariant,
    Scenarios,
    Menu,
}

/// The keys: R, N, S, M (or Esc).
fn key_action(ctx: &egui::Context) -> Option<DebriefAction> {
    ctx.input(|i| {
        [
            (egui::Key::R, DebriefAction::Retry),
            (egui::Key::N, DebriefAction::NewVariant),
            (egui::Key::S, DebriefAction::Scenarios),
            (egui::Key::M, DebriefAction::Menu),
            (egui::Key::Escape, DebriefAction::Menu),
        ]
        .into_iter()
        .find_map(|(key, action)| i.key_pressed(key).then_some(action))
    })
}

#[allow(clippy::too_many_arguments)]
fn debrief_ui(
    mut contexts: EguiContexts,
    mut commands: Commands,
    record: Option<Res<DebriefRecord>>,
    last: Option<Res<LastPlay>>,
    pack: Res<Pack>,
    save: Res<SaveStatus>,
    settings: Res<Settings>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let Some(record) = record else {
        return Ok(());
    };
    let record = &record.0;
    let report = &record.report;
    let ctx = contexts.ctx_mut()?;
    let lang = settings.lang;
    // The scenario to replay: the one just played, else the pack's copy of this id.
    let playable: Option<Playable> = last
        .as_ref()
        .filter(|l| l.playable.scenario.id.as_str() == report.scenario)
        .map(|l| l.playable.clone())
        .or_else(|| {
            pack.0
                .iter()
                .filter_map(|e| e.scenario.as_ref().ok())
                .find(|p| p.scenario.id.as_str() == report.scenario)
                .cloned()
        });
    let mut action = key_action(ctx);
    let mut ui = root_ui(ctx);
    egui::Panel::bottom("debrief-actions")
        .frame(
            egui::Frame::new()
                .fill(theme::CARD)
                .inner_margin(egui::Margin::symmetric(40, 12)),
        )
        .show(&mut ui, |ui| {
            if let Some(clicked) = actions_bar(ui, lang, playable.is_some(), &save, &mut commands) {
                action = Some(clicked);
            }
        });
    egui::CentralPanel::default()
        .frame(theme::page())
        .show(&mut ui, |ui| {
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| summary(ui, lang, record));
        });
    let mut start = |seed: u64| {
        if let Some(playable) = &playable {
            commands.trigger(StartConversation {
                playable: playable.clone(),
                seed,
                seminar: None,
            });
        }
    };
    match action {
        Some(DebriefAction::Retry) => start(report.seed),
        Some(DebriefAction::NewVariant) => {
            // Keep drawing until the customer really changes (when the scenario has variants).
            let other = playable.as_ref().and_then(|p| {
                seed_for_other_variant(
                    &p.scenario,
                    report.variant.as_deref(),
                    (0..256).map(|_| fresh_seed()),
                )
            });
            start(other.unwrap_or_else(fresh_seed));
        }
        Some(DebriefAction::Scenarios) => next.set(Screen::Picker),
        Some(DebriefAction::Menu) => next.set(Screen::Title),
        None => {}
    }
    Ok(())
}

/// The buttons at the bottom and where the save stands.
fn actions_bar(
    ui: &mut egui::Ui,
    lang: Lang,
    can_replay: bool,
    save: &SaveStatus,
    commands: &mut Commands,
) -> Option<DebriefAction> {
    let mut action = None;
    ui.horizontal(|ui| {
        ui.add_enabled_ui(can_replay, |ui| {
            if widgets::primary_button(ui, &format!("{}  [R]", tr(lang, T::Retry))) {
                action = Some(DebriefAction::Retry);
            }
            if widgets::button(ui, &format!("{}  [N]", tr(lang, T::NewVariant))) {
                action = Some(DebriefAction::NewVariant);
            }
        });
        if widgets::button(ui, &format!("{}  [S]", tr(lang, T::Scenarios))) {
            action = Some(DebriefAction::Scenarios);
        }
        if widgets::button(ui, &format!("{}  [M]", tr(lang, T::Menu))) {
            action = Some(DebriefAction::Menu);
        }
        ui.with_layout(
            egui::Layout::right_to_left(egui::Align::Center),
            |ui| match save {
                SaveStatus::Idle => {}
                SaveStatus::Saving => {
                    ui.label(egui::RichText::new(tr(lang, T::Saving)).color(MUTED));
                }
                SaveStatus::Saved(path) => {
                    ui.label(
                        egui::RichText::new(tr(lang, T::SavedToHistory))
                            .small()
                            .color(MUTED),
                    )
                    .on_hover_text(path.display().to_string());
                }
                SaveStatus::Failed(message) => {
                    if widgets::button(ui, tr(lang, T::SaveAgain)) {
                        commands.trigger(RetrySave);
                    }
                    ui.label(
                        egui::RichText::new(fill(tr(lang, T::SaveFailed), &[message])).color(BAD),
                    );
                }
            },
        );
    });
    action
}

/// The outcome, the overall score, the reasons, the style and the reply-by-reply review.
fn summary(ui: &mut egui::Ui, lang: Lang, record: &ResultRecord) {
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
    ui.horizontal(|ui| {
        ui.label(
            egui::RichText::new(outcome_name(lang, outcome))
                .size(26.0)
                .strong()
                .color(color),
        );
        ui.label(
            egui::RichText::new(format!(
                "   {} · {} · {} {} · {} {}",
                record.player,
                record.finished_at.display(),
                tr(lang, T::Variant),
                report.variant.as_deref().unwrap_or("—"),
                tr(lang, T::Seed),
                report.seed
            ))
            .color(MUTED),
        );
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
    ui.columns(2, |columns| {
        // Left-aligned, not justified: `columns` lays out justified by default.
        let layout = egui::Layout::top_down(egui::Align::Min);
        theme::card().show(&mut columns[0], |ui| {
            ui.set_width(ui.available_width());
            ui.with_layout(layout, |ui| reasons(ui, lang, report));
        });
        theme::card().show(&mut columns[1], |ui| {
            ui.set_width(ui.available_width());
            ui.with_layout(layout, |ui| {
                ui.label(
                    egui::RichText::new(tr(lang, T::Style))
                        .strong()
                        .color(ACCENT),
                );
                style_panel(ui, lang, report);
            });
        });
    });
    section(ui, tr(lang, T::Review));
    review(ui, lang, record);
}
