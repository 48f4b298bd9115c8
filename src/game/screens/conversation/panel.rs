//! The conversation screen drawn without Bevy: the customer's line beside the figure, the panel
//! with the header and meters, the brief or the transcript, the numbered replies, the coach's
//! feedback and the "leave?" question. It returns what the player asked for and where each
//! reply was drawn, so the layout test checks what a trainee sees.

use std::time::Duration;

use bevy_egui::egui;

use super::describe::describe;
use crate::game::i18n::{Lang, T, fill, mood_name, style_name, tr};
use crate::game::session::Stage;
use crate::game::ui::theme::{self, ACCENT, BAD, GOOD, INK, MUTED, right_panel_width};
use crate::game::ui::widgets;
use rapport_core::engine::dialogue::Conversation;
use rapport_core::engine::scenario::{Outcome, Scenario};

/// What the screen shows, from a practice session or an assessment alike.
pub struct View<'a> {
    pub conversation: &'a Conversation,
    pub stage: Stage,
    /// Authored positions of the shown replies, in display order.
    pub order: Vec<usize>,
    /// Time left in the part and in total (scored assessment parts).
    pub countdown: Option<(Duration, Duration)>,
    /// (customer number, how many, scored) in an assessment.
    pub part: Option<(usize, usize, bool)>,
    /// The part on screen ran out of time.
    pub timed_out: bool,
    /// A practice or hot-seat talk still going, which the player may leave.
    pub can_leave: bool,
    /// Between two customers of an assessment: the one who comes next.
    pub upcoming: Option<&'a Scenario>,
    /// A seminar's hot seat: who is playing, said at the top for the room.
    pub seat: Option<&'a str>,
    /// The studio's preview: the state inspector shows over the stage.
    pub inspect: bool,
}

impl<'a> View<'a> {
    /// A practice conversation at a stage, replies in the conversation's own order.
    pub fn practice(conversation: &'a Conversation, stage: Stage) -> View<'a> {
        View {
            conversation,
            stage,
            order: if stage == Stage::Choosing {
                conversation.order().to_vec()
            } else {
                Vec::new()
            },
            countdown: None,
            part: None,
            timed_out: false,
            can_leave: !conversation.is_over(),
            upcoming: None,
            seat: None,
            inspect: false,
        }
    }
}

/// What the panel remembers between frames of one conversation.
#[derive(Clone, Debug, Default)]
pub struct PanelState {
    /// The player's choice of brief or transcript; `None` shows the brief until the first reply.
    pub brief_chosen: Option<bool>,
    /// "Leave this conversation?" is on screen.
    pub confirm_leave: bool,
}

/// What the player asked for on this frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Intent {
    /// The reply at this authored position.
    Choose(usize),
    Continue,
    Leave,
}

/// The frame's intents, and where the replies were drawn inside which visible area.
#[derive(Debug)]
pub struct Drawn {
    pub intents: Vec<Intent>,
    pub replies: Vec<egui::Rect>,
    /// Where replies can be seen (the reply list's clip area); nothing while not choosing.
    pub reply_area: egui::Rect,
}

/// Screens shorter than this (points) get the compact header.
const COMPACT_BELOW: f32 = 650.0;

/// Draws the screen into `ctx` (its whole content area) and reads the keys.
pub fn draw(ctx: &egui::Context, lang: Lang, view: &View, state: &mut PanelState) -> Drawn {
    let mut drawn = Drawn {
        intents: Vec::new(),
        replies: Vec::new(),
        reply_area: egui::Rect::NOTHING,
    };
    let shown = view.conversation.shown_choices();
    // The replies in display order, each with the authored position the engine takes.
    let replies: Vec<(usize, &str)> = view
        .order
        .iter()
        .filter_map(|&p| shown.get(p - 1).map(|(_, c)| (p, c.say.as_str())))
        .collect();
    read_keys(ctx, view, state, &replies, &mut drawn.intents);
    if let (Stage::Between, Some(next)) = (view.stage, view.upcoming) {
        // The next customer's brief, whole, before their clock starts.
        upcoming_card(ctx, lang, view, next, &mut drawn.intents);
        return drawn;
    }
    let width = ctx.content_rect().width();
    let panel_width = right_panel_width(width);
    speech_bubble(ctx, lang, view, width - panel_width);
    if view.inspect {
        super::inspector::inspector(ctx, lang, view.conversation, width - panel_width);
    }
    let mut root = crate::game::ui::root_ui(ctx);
    egui::Panel::right("replies")
        .exact_size(panel_width)
        .resizable(false)
        .frame(
            egui::Frame::new()
                .fill(theme::PAPER)
                .inner_margin(egui::Margin::symmetric(16, 6)),
        )
        .show(&mut root, |ui| {
            ui.spacing_mut().item_spacing.y = 6.0;
            header(ui, lang, view, state);
            ui.separator();
            actions(ui, lang, view, replies.len(), &mut drawn.intents);
            if view.stage == Stage::Choosing {
                // The replies first: they must all show; the talk so far gets what is left.
                egui::Panel::bottom("reply-list")
                    .resizable(false)
                    .frame(egui::Frame::new())
                    .show(ui, |ui| {
                        ui.spacing_mut().item_spacing.y = 3.0;
                        drawn.reply_area = ui.clip_rect();
                        for (i, (position, text)) in replies.iter().enumerate() {
                            let reply = widgets::reply_button(ui, i + 1, text);
                            if reply.clicked() {
                                drawn.intents.push(Intent::Choose(*position));
                            }
                            drawn.replies.push(reply.rect);
                        }
                    });
                // On the shortest screens the replies may take it all; B still shows the brief
                // when there is room, and the transcript is in the debrief.
                if ui.available_height() > 48.0 {
                    talk_so_far(ui, lang, view, state, ui.available_height());
                }
            } else {
                let height = (ui.available_height() * 0.3).max(70.0);
                talk_so_far(ui, lang, view, state, height);
                ui.separator();
                outcome_area(ui, lang, view);
            }
        });
    if state.confirm_leave {
        leave_question(ctx, lang, state, &mut drawn.intents);
    }
    drawn
}

/// Digits pick a reply, Enter or Space continue (Enter never picks), B shows the brief or the
/// transcript, Esc asks to leave; while the question is open only Esc (stay) counts.
fn read_keys(
    ctx: &egui::Context,
    view: &View,
    state: &mut PanelState,
    replies: &[(usize, &str)],
    intents: &mut Vec<Intent>,
) {
    let (digit, proceed, escape, brief) = ctx.input(|i| {
        (
            widgets::digit_pressed(i),
            i.key_pressed(egui::Key::Enter) || i.key_pressed(egui::Key::Space),
            i.key_pressed(egui::Key::Escape),
            i.key_pressed(egui::Key::B),
        )
    });
    if state.confirm_leave {
        if escape {
            state.confirm_leave = false;
        }
        return;
    }
    if escape && view.can_leave {
        state.confirm_leave = true;
        return;
    }
    if brief {
        state.brief_chosen = Some(!showing_brief(view, state));
    }
    match view.stage {
        Stage::Choosing => {
            if let Some(&(position, _)) = digit.and_then(|d| replies.get(d - 1)) {
                intents.push(Intent::Choose(position));
            }
        }
        Stage::Feedback { .. } | Stage::Between | Stage::Over => {
            if proceed {
                intents.push(Intent::Continue);
            }
        }
    }
}

/// Whether the brief (rather than the transcript) is on screen.
pub fn showing_brief(view: &View, state: &PanelState) -> bool {
    let has_brief = !view.conversation.scenario().brief.is_empty();
    has_brief
        && state
            .brief_chosen
            .unwrap_or(view.conversation.turns().is_empty())
}

fn speech_bubble(ctx: &egui::Context, lang: Lang, view: &View, stage_width: f32) {
    let conversation = view.conversation;
    let scenario = conversation.scenario();
    let left = conversation.outcome() == Some(Outcome::WalkedOut);
    let inner = (stage_width - 82.0).max(120.0);
    egui::Area::new("speech".into())
        .fixed_pos(egui::pos2(24.0, 20.0))
        .order(egui::Order::Middle)
        .show(ctx, |ui| {
            ui.set_max_width(inner + 34.0);
            // On the stage, where the room looks: who is in the hot seat.
            if let Some(player) = view.seat {
                let seat = fill(tr(lang, T::InTheHotSeat), &[player]);
                ui.label(egui::RichText::new(seat).size(20.0).strong().color(ACCENT));
            }
            ui.label(egui::RichText::new(&scenario.title).small().color(MUTED));
            ui.add_space(4.0);
            theme::card().show(ui, |ui| {
                ui.set_width(inner);
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

/// Name, role and mood with the brief and leave buttons on one line; the clock; the meters.
/// On a short screen the meters become numbers on the first line, leaving the replies room.
fn header(ui: &mut egui::Ui, lang: Lang, view: &View, state: &mut PanelState) {
    let compact = ui.ctx().content_rect().height() < COMPACT_BELOW;
    // A scored customer shows only their face: no meters or mood label to steer by.
    let scored = view.part.is_some_and(|(_, _, scored)| scored);
    let conversation = view.conversation;
    let customer = &conversation.scenario().customer;
    ui.horizontal(|ui| {
        ui.spacing_mut().interact_size.y = 28.0;
        ui.spacing_mut().button_padding.y = 4.0;
        ui.label(egui::RichText::new(&customer.name).size(21.0).strong());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if view.can_leave && ui.button(tr(lang, T::Leave)).clicked() {
                state.confirm_leave = true;
            }
            // The clock on the name's line, where the eye is, taking no row of its own.
            if let Some((part, total)) = view.countdown {
                let urgent = part.as_secs() < 60 || total.as_secs() < 60;
                ui.label(
                    egui::RichText::new(fill(
                        tr(lang, T::TimeLeft),
                        &[&widgets::clock(part), &widgets::clock(total)],
                    ))
                    .size(18.0)
                    .strong()
                    .color(if urgent { BAD } else { ACCENT }),
                );
            }
            if !conversation.scenario().brief.is_empty() {
                let key = if showing_brief(view, state) {
                    T::ShowTranscript
                } else {
                    T::ShowBrief
                };
                if ui.button(tr(lang, key)).clicked() {
                    state.brief_chosen = Some(!showing_brief(view, state));
                }
            }
            let mood = fill(tr(lang, T::MoodIs), &[mood_name(lang, conversation.mood())]);
            let about = if scored {
                customer.role.clone()
            } else if compact {
                let now = conversation.state();
                format!(
                    "{mood}  ·  {} {}/10  ·  {} {}/10",
                    tr(lang, T::Patience),
                    now.patience,
                    tr(lang, T::Trust),
                    now.trust
                )
            } else {
                format!("{mood}  ·  {}", customer.role)
            };
            ui.add(egui::Label::new(egui::RichText::new(about).small().color(MUTED)).truncate());
        });
    });
    if !compact && !scored {
        let state = conversation.state();
        meters(ui, lang, state.patience, state.trust);
    }
}

/// The customer's patience and trust meters, side by side where both fit, else one above
/// the other.
pub fn meters(ui: &mut egui::Ui, lang: Lang, patience: i64, trust: i64) {
    let blue = egui::Color32::from_rgb(90, 140, 200);
    if ui.available_width() < 2.0 * widgets::METER_MIN_WIDTH + ui.spacing().item_spacing.x {
        widgets::meter(ui, tr(lang, T::Patience), patience, blue);
        widgets::meter(ui, tr(lang, T::Trust), trust, GOOD);
        return;
    }
    ui.columns(2, |columns| {
        widgets::meter(&mut columns[0], tr(lang, T::Patience), patience, blue);
        widgets::meter(&mut columns[1], tr(lang, T::Trust), trust, GOOD);
    });
}

/// The way on, kept at the bottom whatever the length of the feedback.
fn actions(ui: &mut egui::Ui, lang: Lang, view: &View, replies: usize, intents: &mut Vec<Intent>) {
    // Practice ends in the debrief, a hot seat back with the group; an assessment goes on to
    // the next customer or the end.
    let onward = match (view.part, view.seat, view.conversation.is_over()) {
        (None, Some(_), true) => T::BackToGroup,
        (None, None, true) => T::SeeDebrief,
        _ => T::Continue,
    };
    egui::Panel::bottom("reply-actions")
        .resizable(false)
        .frame(egui::Frame::new())
        .show(ui, |ui| match view.stage {
            Stage::Choosing => {
                widgets::hint(ui, &fill(tr(lang, T::PressDigit), &[&replies.to_string()]));
            }
            Stage::Feedback { .. } | Stage::Between | Stage::Over => {
                ui.horizontal(|ui| {
                    if widgets::primary_button(ui, tr(lang, onward)) {
                        intents.push(Intent::Continue);
                    }
                    widgets::hint(ui, tr(lang, T::ContinueHint));
                });
            }
        });
}

/// The brief (before the first reply, or when asked for) or the transcript, scrolled to the
/// newest line.
fn talk_so_far(ui: &mut egui::Ui, lang: Lang, view: &View, state: &PanelState, height: f32) {
    let conversation = view.conversation;
    let scenario = conversation.scenario();
    let brief = showing_brief(view, state);
    let title = if brief { T::Brief } else { T::Transcript };
    if brief || !conversation.turns().is_empty() {
        ui.label(
            egui::RichText::new(tr(lang, title))
                .small()
                .strong()
                .color(MUTED),
        );
    }
    egui::ScrollArea::vertical()
        // A new customer or a switch between brief and transcript starts at its own top.
        .id_salt(("talk", scenario.id.as_str(), brief))
        .max_height(height)
        .auto_shrink([false, true])
        .stick_to_bottom(!brief)
        .show(ui, |ui| {
            if brief {
                ui.label(egui::RichText::new(&scenario.brief).color(INK));
                return;
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

/// After a reply: the coach's card, the next customer's card or the end.
fn outcome_area(ui: &mut egui::Ui, lang: Lang, view: &View) {
    egui::ScrollArea::vertical()
        .id_salt(("after-reply", view.conversation.turns().len()))
        .auto_shrink([false, false])
        .show(ui, |ui| match view.stage {
            Stage::Feedback { turn } => coach_card(ui, lang, view.conversation, turn),
            Stage::Between | Stage::Over | Stage::Choosing => {
                if view.timed_out {
                    ui.label(egui::RichText::new(tr(lang, T::TimeUp)).strong().color(BAD));
                }
                let done = if view.part.is_some() {
                    T::AssessmentComplete
                } else {
                    T::ConversationOver
                };
                ui.label(egui::RichText::new(tr(lang, done)).strong());
            }
        });
}

/// Between two customers of an assessment, on the whole window: whether time ran out for the
/// last one, who comes next, their brief in full, and Enter to start their clock.
fn upcoming_card(
    ctx: &egui::Context,
    lang: Lang,
    view: &View,
    next: &Scenario,
    intents: &mut Vec<Intent>,
) {
    let Some((index, count, scored)) = view.part else {
        return;
    };
    let mut root = crate::game::ui::root_ui(ctx);
    egui::Panel::bottom("upcoming-actions")
        .resizable(false)
        .frame(theme::page())
        .show(&mut root, |ui| {
            ui.horizontal(|ui| {
                if widgets::primary_button(ui, tr(lang, T::ImReady)) {
                    intents.push(Intent::Continue);
                }
                widgets::hint(ui, tr(lang, T::ReadyHint));
            });
        });
    egui::CentralPanel::default()
        .frame(theme::page())
        .show(&mut root, |ui| {
            if view.timed_out {
                ui.label(
                    egui::RichText::new(tr(lang, T::TimeUpLast))
                        .strong()
                        .color(BAD),
                );
            }
            let heading = fill(
                tr(lang, T::NextCustomer),
                &[&index.to_string(), &count.to_string()],
            );
            ui.label(
                egui::RichText::new(heading)
                    .size(26.0)
                    .strong()
                    .color(ACCENT),
            );
            ui.label(tr(lang, if scored { T::ScoredPart } else { T::WarmUp }));
            ui.add_space(8.0);
            theme::card().show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(egui::RichText::new(&next.title).size(20.0).strong());
                ui.label(
                    egui::RichText::new(format!("{} · {}", next.customer.name, next.customer.role))
                        .color(MUTED),
                );
                ui.add_space(6.0);
                egui::ScrollArea::vertical()
                    .id_salt(("upcoming-brief", index))
                    .auto_shrink([false, true])
                    .show(ui, |ui| {
                        ui.label(egui::RichText::new(&next.brief).color(INK));
                    });
            });
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

/// "Leave this conversation? Nothing is saved." with Leave and Keep talking.
fn leave_question(
    ctx: &egui::Context,
    lang: Lang,
    state: &mut PanelState,
    intents: &mut Vec<Intent>,
) {
    egui::Modal::new("leave-conversation".into()).show(ctx, |ui| {
        ui.set_max_width(420.0);
        ui.label(
            egui::RichText::new(tr(lang, T::LeaveQuestion))
                .strong()
                .size(20.0),
        );
        ui.label(tr(lang, T::LeaveNothingSaved));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if widgets::primary_button(ui, tr(lang, T::KeepTalking)) {
                state.confirm_leave = false;
            }
            if widgets::button(ui, tr(lang, T::LeaveForGood)) {
                state.confirm_leave = false;
                intents.push(Intent::Leave);
            }
        });
    });
}
