//! The conversation screen's interface: the customer's line beside the drawn figure, meters,
//! the transcript, numbered replies, and the coach's feedback after each reply.

use std::time::Duration;

use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::game::Screen;
use crate::game::i18n::{Lang, T, fill, mood_name, objection_state_name, style_name, tr};
use crate::game::session::{ChooseReply, ContinueTalk, Session, Stage};
use crate::game::settings::Settings;
use crate::game::ui::theme::{self, ACCENT, BAD, GOOD, INK, MUTED, RIGHT_PANEL_FRACTION};
use crate::game::ui::{ScreensUiSystems, root_ui, widgets};
use rapport_core::engine::dialogue::{Cause, Change, Conversation, Event};
use rapport_core::engine::scenario::{Outcome, Scenario};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        conversation_ui
            .in_set(ScreensUiSystems)
            .run_if(in_state(Screen::Conversation)),
    );
}

/// What one change means, in the player's language; `None` for what the player need not see.
pub(super) fn describe(
    lang: Lang,
    scenario: &Scenario,
    event: &Event,
) -> Option<(String, egui::Color32)> {
    let customer = &scenario.customer;
    let arrow = |from: i64, to: i64| if to > from { GOOD } else { BAD };
    Some(match event.change {
        Change::NeedDiscovered { need } => (
            fill(tr(lang, T::NeedFound), &[&customer.needs[need].text]),
            GOOD,
        ),
        Change::Objection { objection, to, .. } => {
            let color = match to {
                rapport_core::engine::dialogue::ObjectionState::Resolved
                | rapport_core::engine::dialogue::ObjectionState::Recovered => GOOD,
                rapport_core::engine::dialogue::ObjectionState::Mishandled => BAD,
                rapport_core::engine::dialogue::ObjectionState::Raised => INK,
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

/// What the screen shows, from a practice session or an assessment alike.
struct View<'a> {
    conversation: &'a Conversation,
    stage: Stage,
    /// Authored positions of the shown replies, in display order.
    order: Vec<usize>,
    /// Time left in the part and in total (scored assessment parts).
    countdown: Option<(Duration, Duration)>,
    /// (customer number, how many, scored) in an assessment.
    part: Option<(usize, usize, bool)>,
    /// The part on screen ran out of time.
    timed_out: bool,
}

fn view(session: &Session, now: Duration) -> View<'_> {
    let conversation = session.conversation();
    let order = if session.stage == Stage::Choosing {
        session.order()
    } else {
        Vec::new()
    };
    let (countdown, part) = match session.assessment() {
        Some(a) => {
            let count = a.run.parts().len();
            let index = (a.run.part_index() + 1).min(count);
            let countdown = (session.stage == Stage::Choosing)
                .then(|| a.run.time_left(now))
                .flatten();
            (countdown, Some((index, count, a.scored())))
        }
        None => (None, None),
    };
    View {
        conversation,
        stage: session.stage,
        order,
        countdown,
        part,
        timed_out: part.is_some() && conversation.timed_out(),
    }
}

fn clock(d: Duration) -> String {
    let secs = d.as_secs();
    format!("{:02}:{:02}", secs / 60, secs % 60)
}

fn speech_bubble(ctx: &egui::Context, lang: Lang, view: &View, stage_width: f32) {
    let conversation = view.conversation;
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

fn header(ui: &mut egui::Ui, lang: Lang, view: &View) {
    let conversation = view.conversation;
    let customer = &conversation.scenario().customer;
    ui.horizontal(|ui| {
        ui.vertical(|ui| {
            ui.label(egui::RichText::new(&customer.name).size(24.0).strong());
            ui.label(egui::RichText::new(&customer.role).color(MUTED));
        });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
            ui.label(
                egui::RichText::new(fill(
                    tr(lang, T::MoodIs),
                    &[mood_name(lang, conversation.mood())],
                ))
                .italics()
                .color(MUTED),
            );
        });
    });
    if let Some((part, total)) = view.countdown {
        let urgent = part.as_secs() < 60 || total.as_secs() < 60;
        ui.label(
            egui::RichText::new(fill(tr(lang, T::TimeLeft), &[&clock(part), &clock(total)]))
                .size(20.0)
                .strong()
                .color(if urgent { BAD } else { ACCENT }),
        );
    }
    let state = conversation.state();
    meters(ui, lang, state.patience, state.trust);
}

/// The customer's patience and trust meters.
pub(super) fn meters(ui: &mut egui::Ui, lang: Lang, patience: i64, trust: i64) {
    widgets::meter(
        ui,
        tr(lang, T::Patience),
        patience,
        egui::Color32::from_rgb(90, 140, 200),
    );
    widgets::meter(ui, tr(lang, T::Trust), trust, GOOD);
}

/// Between two customers of an assessment: what comes next, and whether time ran out.
fn between_card(ui: &mut egui::Ui, lang: Lang, view: &View) {
    let Some((index, count, scored)) = view.part else {
        return;
    };
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        if view.timed_out {
            ui.label(egui::RichText::new(tr(lang, T::TimeUp)).strong().color(BAD));
        }
        ui.label(
            egui::RichText::new(fill(
                tr(lang, T::NextCustomer),
                &[&index.to_string(), &count.to_string()],
            ))
            .size(22.0)
            .strong(),
        );
        ui.label(tr(lang, if scored { T::ScoredPart } else { T::WarmUp }));
        widgets::hint(ui, tr(lang, T::ReadyHint));
    });
}

fn transcript(ui: &mut egui::Ui, lang: Lang, conversation: &Conversation, height: f32) {
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
        .stick_to_bottom(!conversation.turns().is_empty())
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
            if let Some((text, color)) = describe(lang, conversation.scenario(), event) {
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
    time: Res<Time<Real>>,
    window: Query<&Window, With<PrimaryWindow>>,
) -> Result {
    let Some(session) = session else {
        return Ok(());
    };
    let view = view(&session, time.elapsed());
    let ctx = contexts.ctx_mut()?;
    let lang = settings.lang;
    let width = window.single().map_or(1280.0, |w| w.width()) / settings.ui_scale.max(0.1);
    let panel_width = width * RIGHT_PANEL_FRACTION;
    let shown = view.conversation.shown_choices();
    // The replies in display order, each with the authored position the engine takes.
    let replies: Vec<(usize, String)> = view
        .order
        .iter()
        .filter_map(|&p| shown.get(p - 1).map(|(_, c)| (p, c.say.clone())))
        .collect();

    // Keys: digits pick a reply; Enter or Space continue. Enter never picks.
    let (digit, proceed) = ctx.input(|i| {
        let digit = widgets::digit_pressed(i);
        let proceed = i.key_pressed(egui::Key::Enter) || i.key_pressed(egui::Key::Space);
        (digit, proceed)
    });
    match view.stage {
        Stage::Choosing => {
            if let Some(&(position, _)) = digit.and_then(|d| replies.get(d - 1)) {
                commands.trigger(ChooseReply { position });
            }
        }
        Stage::Feedback { .. } | Stage::Between | Stage::Over => {
            if proceed {
                commands.trigger(ContinueTalk);
            }
        }
    }
    // Practice ends in the debrief; an assessment goes on to the next customer or the end.
    let onward = if view.part.is_none() && view.conversation.is_over() {
        T::SeeDebrief
    } else {
        T::Continue
    };

    speech_bubble(ctx, lang, &view, width - panel_width);
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
            header(ui, lang, &view);
            ui.separator();
            // The way on stays visible at the bottom, whatever the length of the feedback.
            egui::Panel::bottom("reply-actions")
                .frame(egui::Frame::new().inner_margin(egui::Margin::symmetric(0, 8)))
                .show(ui, |ui| match view.stage {
                    Stage::Choosing => {
                        widgets::hint(
                            ui,
                            &fill(tr(lang, T::PressDigit), &[&replies.len().to_string()]),
                        );
                    }
                    Stage::Feedback { .. } | Stage::Between | Stage::Over => {
                        ui.horizontal(|ui| {
                            if widgets::primary_button(ui, tr(lang, onward)) {
                                commands.trigger(ContinueTalk);
                            }
                            widgets::hint(ui, tr(lang, T::ContinueHint));
                        });
                    }
                });
            // While choosing, the replies are what matters: the talk so far gets less room.
            let share = if matches!(view.stage, Stage::Choosing) {
                0.22
            } else {
                0.3
            };
            let transcript_height = (ui.available_height() * share).max(70.0);
            transcript(ui, lang, view.conversation, transcript_height);
            ui.separator();
            egui::ScrollArea::vertical()
                .id_salt("reply-area")
                .auto_shrink([false, false])
                .show(ui, |ui| match view.stage {
                    Stage::Choosing => {
                        ui.label(egui::RichText::new(tr(lang, T::YourReply)).strong());
                        for (i, (position, text)) in replies.iter().enumerate() {
                            if widgets::reply_button(ui, i + 1, text) {
                                commands.trigger(ChooseReply {
                                    position: *position,
                                });
                            }
                        }
                    }
                    Stage::Feedback { turn } => coach_card(ui, lang, view.conversation, turn),
                    Stage::Between => between_card(ui, lang, &view),
                    Stage::Over => {
                        let done = if view.part.is_some() {
                            T::AssessmentComplete
                        } else {
                            T::ConversationOver
                        };
                        ui.label(egui::RichText::new(tr(lang, done)).strong());
                    }
                });
        });
    Ok(())
}
