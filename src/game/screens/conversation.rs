//! The conversation screen's interface: the customer's line beside the drawn figure, meters,
//! the transcript, numbered replies, and the coach's feedback after each reply.

use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::game::Screen;
use crate::game::i18n::{Lang, T, fill, mood_name, objection_state_name, style_name, tr};
use crate::game::session::{ChooseReply, ContinueTalk, Session, Stage};
use crate::game::settings::Settings;
use crate::game::ui::theme::{self, ACCENT, BAD, GOOD, INK, MUTED, RIGHT_PANEL_FRACTION};
use crate::game::ui::{ScreensUiSystems, root_ui, widgets};
use crate::sim::dialogue::{Cause, Change, Conversation, Event};
use crate::sim::scenario::Outcome;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        conversation_ui
            .in_set(ScreensUiSystems)
            .run_if(in_state(Screen::Conversation)),
    );
}

/// What one change means, in the player's language; `None` for what the player need not see.
fn describe(
    lang: Lang,
    conversation: &Conversation,
    event: &Event,
) -> Option<(String, egui::Color32)> {
    let customer = &conversation.scenario().customer;
    let arrow = |from: i64, to: i64| if to > from { GOOD } else { BAD };
    Some(match event.change {
        Change::NeedDiscovered { need } => (
            fill(tr(lang, T::NeedFound), &[&customer.needs[need].text]),
            GOOD,
        ),
        Change::Objection { objection, to, .. } => {
            let color = match to {
                crate::sim::dialogue::ObjectionState::Resolved
                | crate::sim::dialogue::ObjectionState::Recovered => GOOD,
                crate::sim::dialogue::ObjectionState::Mishandled => BAD,
                crate::sim::dialogue::ObjectionState::Raised => INK,
            };
            (
                fill(
                    tr(lang, T::ObjectionMoved),
                    &[
                        &customer.objections[objection].text,
                        objection_state_name(lang, Some(to)),
                    ],
                ),
                color,
            )
        }
        Change::Trust { from, to, cause } => {
            let mut text = fill(
                tr(lang, T::TrustChange),
                &[&from.to_string(), &to.to_string()],
            );
            if cause == Cause::PreferredStyle {
                text = format!(
                    "{text} — {}",
                    fill(tr(lang, T::PreferredBonus), &[&customer.name])
                );
            }
            (text, arrow(from, to))
        }
        Change::Patience { from, to, cause } => {
            let mut text = fill(
                tr(lang, T::PatienceChange),
                &[&from.to_string(), &to.to_string()],
            );
            if cause == Cause::DrawnOutTalk {
                text = format!("{text} — {}", tr(lang, T::DrawnOut));
            }
            (text, arrow(from, to))
        }
        Change::Closing { points } => (
            fill(tr(lang, T::ClosingChange), &[&format!("{points:+}")]),
            if points >= 0 { GOOD } else { BAD },
        ),
        Change::Style { style, cause, .. } => match cause {
            Cause::SlowReply => (tr(lang, T::SlowReply).to_owned(), MUTED),
            Cause::WalkOut => return None,
            _ => (
                fill(tr(lang, T::StyleCounted), &[style_name(lang, style)]),
                MUTED,
            ),
        },
    })
}

fn speech_bubble(ctx: &egui::Context, lang: Lang, session: &Session, stage_width: f32) {
    let conversation = &session.conversation;
    let scenario = conversation.scenario();
    let left = conversation.outcome() == Some(Outcome::WalkedOut);
    egui::Area::new("speech".into())
        .fixed_pos(egui::pos2(24.0, 20.0))
        .order(egui::Order::Middle)
        .show(ctx, |ui| {
            ui.set_max_width(stage_width - 48.0);
            ui.label(egui::RichText::new(&scenario.title).small().color(MUTED));
            ui.add_space(4.0);
            theme::card().show(ui, |ui| {
                ui.set_width(stage_width - 82.0);
                ui.label(
                    egui::RichText::new(&scenario.customer.name)
                        .strong()
                        .color(ACCENT),
                );
                ui.label(
                    egui::RichText::new(conversation.current_line())
                        .size(22.0)
                        .color(INK),
                );
            });
            if left {
                ui.add_space(6.0);
                ui.label(
                    egui::RichText::new(fill(
                        tr(lang, T::CustomerLeft),
                        &[&scenario.customer.name],
                    ))
                    .italics()
                    .color(BAD),
                );
            }
        });
}

fn header(ui: &mut egui::Ui, lang: Lang, session: &Session) {
    let conversation = &session.conversation;
    let customer = &conversation.scenario().customer;
    ui.horizontal(|ui| {
        ui.vertical(|ui| {
            ui.label(egui::RichText::new(&customer.name).size(24.0).strong());
            ui.label(egui::RichText::new(&customer.role).color(MUTED));
        });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
            ui.label(
                egui::RichText::new(mood_name(lang, conversation.mood()))
                    .italics()
                    .color(MUTED),
            );
        });
    });
    let state = conversation.state();
    widgets::meter(
        ui,
        tr(lang, T::Patience),
        state.patience,
        egui::Color32::from_rgb(90, 140, 200),
    );
    widgets::meter(ui, tr(lang, T::Trust), state.trust, GOOD);
}

fn transcript(ui: &mut egui::Ui, lang: Lang, session: &Session, height: f32) {
    let conversation = &session.conversation;
    let scenario = conversation.scenario();
    if !conversation.turns().is_empty() {
        ui.label(
            egui::RichText::new(tr(lang, T::Transcript))
                .small()
                .strong()
                .color(MUTED),
        );
    }
    egui::ScrollArea::vertical()
        .id_salt("transcript")
        .max_height(height)
        .auto_shrink([false, true])
        .stick_to_bottom(true)
        .show(ui, |ui| {
            // Before the first reply the brief is what the player needs; then the talk itself.
            if conversation.turns().is_empty() && !scenario.brief.is_empty() {
                ui.label(egui::RichText::new(tr(lang, T::Brief)).strong());
                ui.label(egui::RichText::new(&scenario.brief).color(MUTED));
            }
            for turn in conversation.turns() {
                ui.label(
                    egui::RichText::new(format!(
                        "{}: {}",
                        scenario.customer.name,
                        conversation.line_at(turn.node)
                    ))
                    .color(MUTED),
                );
                ui.label(
                    egui::RichText::new(format!(
                        "{}: {}",
                        tr(lang, T::You),
                        conversation.turn_choice(turn).say
                    ))
                    .color(INK),
                );
                ui.add_space(4.0);
            }
        });
}

/// The coach's comment on one reply and what the reply changed.
fn coach_card(ui: &mut egui::Ui, lang: Lang, conversation: &Conversation, turn: usize) {
    let played = &conversation.turns()[turn];
    let choice = conversation.turn_choice(played);
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.label(
                egui::RichText::new(tr(lang, T::Coach))
                    .strong()
                    .color(ACCENT),
            );
            if let Some(style) = choice.style {
                ui.label(
                    egui::RichText::new(style_name(lang, style))
                        .small()
                        .italics()
                        .color(MUTED),
                );
            }
        });
        if !choice.feedback.is_empty() {
            ui.label(egui::RichText::new(&choice.feedback).size(19.0));
        }
        ui.add_space(6.0);
        for event in conversation.turn_events(turn) {
            if let Some((text, color)) = describe(lang, conversation, event) {
                ui.label(egui::RichText::new(format!("• {text}")).color(color));
            }
        }
    });
}

fn conversation_ui(
    mut contexts: EguiContexts,
    mut commands: Commands,
    session: Option<Res<Session>>,
    settings: Res<Settings>,
    window: Query<&Window, With<PrimaryWindow>>,
) -> Result {
    let Some(session) = session else {
        return Ok(());
    };
    let ctx = contexts.ctx_mut()?;
    let lang = settings.lang;
    let width = window.single().map_or(1280.0, |w| w.width()) / settings.ui_scale.max(0.1);
    let panel_width = width * RIGHT_PANEL_FRACTION;
    let shown: Vec<String> = session
        .conversation
        .shown_choices()
        .iter()
        .map(|(_, c)| c.say.clone())
        .collect();

    // Keys: digits pick a reply; Enter or Space continue. Enter never picks.
    let (digit, proceed) = ctx.input(|i| {
        let keys = [
            egui::Key::Num1,
            egui::Key::Num2,
            egui::Key::Num3,
            egui::Key::Num4,
            egui::Key::Num5,
            egui::Key::Num6,
            egui::Key::Num7,
            egui::Key::Num8,
            egui::Key::Num9,
        ];
        let digit = keys.iter().position(|k| i.key_pressed(*k)).map(|p| p + 1);
        let proceed = i.key_pressed(egui::Key::Enter) || i.key_pressed(egui::Key::Space);
        (digit, proceed)
    });
    match session.stage {
        Stage::Choosing => {
            if let Some(position) = digit.filter(|&d| d <= shown.len()) {
                commands.trigger(ChooseReply { position });
            }
        }
        Stage::Feedback { .. } | Stage::Over => {
            if proceed {
                commands.trigger(ContinueTalk);
            }
        }
    }

    speech_bubble(ctx, lang, &session, width - panel_width);
    let mut ui = root_ui(ctx);
    egui::Panel::right("replies")
        .exact_size(panel_width)
        .resizable(false)
        .frame(
            egui::Frame::new()
                .fill(theme::PAPER)
                .inner_margin(egui::Margin::same(20)),
        )
        .show(&mut ui, |ui| {
            header(ui, lang, &session);
            ui.separator();
            // The way on stays visible at the bottom, whatever the length of the feedback.
            egui::Panel::bottom("reply-actions")
                .frame(egui::Frame::new().inner_margin(egui::Margin::symmetric(0, 8)))
                .show(ui, |ui| match session.stage {
                    Stage::Choosing => {
                        widgets::hint(
                            ui,
                            &fill(tr(lang, T::PressDigit), &[&shown.len().to_string()]),
                        );
                    }
                    Stage::Feedback { .. } | Stage::Over => {
                        ui.horizontal(|ui| {
                            let label = if session.conversation.is_over() {
                                T::SeeDebrief
                            } else {
                                T::Continue
                            };
                            if widgets::primary_button(ui, tr(lang, label)) {
                                commands.trigger(ContinueTalk);
                            }
                            widgets::hint(ui, tr(lang, T::ContinueHint));
                        });
                    }
                });
            let transcript_height = (ui.available_height() * 0.3).max(70.0);
            transcript(ui, lang, &session, transcript_height);
            ui.separator();
            egui::ScrollArea::vertical()
                .id_salt("reply-area")
                .auto_shrink([false, false])
                .show(ui, |ui| match session.stage {
                    Stage::Choosing => {
                        ui.label(egui::RichText::new(tr(lang, T::YourReply)).strong());
                        for (i, text) in shown.iter().enumerate() {
                            if widgets::reply_button(ui, i + 1, text) {
                                commands.trigger(ChooseReply { position: i + 1 });
                            }
                        }
                    }
                    Stage::Feedback { turn } => coach_card(ui, lang, &session.conversation, turn),
                    Stage::Over => {
                        ui.label(egui::RichText::new(tr(lang, T::ConversationOver)).strong());
                    }
                });
        });
    Ok(())
}
