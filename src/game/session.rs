//! The conversation on screen, whatever the mode: one `Session` resource holding a practice
//! (or seminar hot-seat) conversation or a candidate's assessment run, the stage within it,
//! and the observers that forward the player's replies and "continue" to the core.

use std::time::Duration;

use bevy::prelude::*;
use bevy::winit::WinitSettings;

use super::assessment::AssessmentTalk;
use super::settings::Settings;
use super::{GameOptions, Screen};
use crate::system::{fresh_seed, now};
use rapport_core::authoring::pack::Playable;
use rapport_core::engine::dialogue::{Conversation, Options, participant_order_seed};
use rapport_core::engine::record::{Mode, ResultRecord, Timestamp};

/// Where the player is within the conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// The replies are shown and the latency clock runs.
    Choosing,
    /// The coach comments on the reply given in `turn` (0-based).
    Feedback { turn: usize },
    /// Between two customers of an assessment: the next one waits until the candidate is ready.
    Between,
    /// The conversation has ended (shown without coaching, or after the last feedback).
    Over,
}

/// The conversation on screen, practice, seminar or assessment alike.
#[derive(Resource)]
pub struct Session {
    pub stage: Stage,
    /// When the replies appeared (the app's real time), for the latency passed to the core.
    pub shown_at: Duration,
    pub talk: Talk,
}

/// What kind of conversation is on screen.
pub enum Talk {
    /// Practice with the coach, or a seminar's hot seat without.
    Free(Box<FreeTalk>),
    /// A candidate's assessment run.
    Assessment(Box<AssessmentTalk>),
}

/// A practice or hot-seat conversation.
pub struct FreeTalk {
    pub conversation: Conversation,
    pub playable: Playable,
    pub mode: Mode,
    /// Practice shows the coach's feedback after each reply.
    pub coached: bool,
    pub player: String,
    pub started_at: Timestamp,
    /// The record made the moment the conversation ended (the one saved).
    pub record: Option<ResultRecord>,
    /// The seminar this hot-seat conversation belongs to.
    pub seminar: Option<String>,
    /// The studio's preview: the state inspector shows, nothing is saved, and the way out
    /// leads back to the studio.
    pub preview: bool,
}

impl FreeTalk {
    /// Makes the record, keeps it and announces it for saving.
    fn finish(&mut self, ended: &mut MessageWriter<ConversationEnded>) {
        let mut record = ResultRecord::new(
            &self.conversation,
            self.mode,
            &self.player,
            self.playable.hash.clone(),
            (self.started_at, now()),
        );
        record.seminar.clone_from(&self.seminar);
        self.record = Some(record.clone());
        ended.write(ConversationEnded {
            record,
            save: !self.preview,
        });
    }
}

impl Session {
    /// The conversation to show now.
    pub fn conversation(&self) -> &Conversation {
        match &self.talk {
            Talk::Free(free) => &free.conversation,
            Talk::Assessment(a) => a.run.viewed(self.stage == Stage::Choosing),
        }
    }

    /// The assessment run on screen, if it is one.
    pub fn assessment(&self) -> Option<&AssessmentTalk> {
        match &self.talk {
            Talk::Assessment(a) => Some(a),
            Talk::Free(_) => None,
        }
    }

    /// The practice or hot-seat conversation on screen, if it is one.
    pub fn free(&self) -> Option<&FreeTalk> {
        match &self.talk {
            Talk::Free(free) => Some(free),
            Talk::Assessment(_) => None,
        }
    }

    /// Authored positions of the shown replies, in display order.
    pub fn order(&self) -> Vec<usize> {
        match &self.talk {
            Talk::Free(free) => free.conversation.order().to_vec(),
            Talk::Assessment(a) => a.run.order().to_vec(),
        }
    }

    /// Shows the replies at `now`: the latency clock starts.
    pub fn show_replies(&mut self, now: Duration) {
        self.stage = Stage::Choosing;
        self.shown_at = now;
    }
}

/// What the last conversation was, for Retry and New variant.
#[derive(Clone, Debug, Resource)]
pub struct LastPlay {
    pub playable: Playable,
    pub seed: u64,
}

/// The result the debrief shows: the one just played or one opened from the history.
#[derive(Clone, Debug, Resource)]
pub struct DebriefRecord {
    pub record: ResultRecord,
    /// Opened from the history, so Esc and Back return there.
    pub from_history: bool,
    /// The end of a studio preview, so the way out leads back to the studio.
    pub from_studio: bool,
}

/// Intent: start a practice conversation.
#[derive(Debug, Event)]
pub struct StartConversation {
    pub playable: Playable,
    pub seed: u64,
    /// A seminar's hot seat: no coaching, and the result joins the seminar.
    pub seminar: Option<HotSeat>,
}

/// Who is in a seminar's hot seat.
#[derive(Clone, Debug)]
pub struct HotSeat {
    pub seminar: String,
    pub player: String,
}

/// Intent: give the reply at this 1-based position among those shown.
#[derive(Debug, Event)]
pub struct ChooseReply {
    pub position: usize,
}

/// Intent: leave the feedback (or the ended conversation) and go on.
#[derive(Debug, Event)]
pub struct ContinueTalk;

/// Intent: leave a practice or hot-seat conversation before its end. Nothing is saved: a
/// talk broken off is no result, and the seminar's seat stays free for another go.
#[derive(Debug, Event)]
pub struct LeaveConversation;

/// Intent: open a saved result in the debrief.
#[derive(Debug, Event)]
pub struct OpenDebrief(pub ResultRecord);

/// Fact: a conversation finished; its record is ready to save.
#[derive(Debug, Message)]
pub struct ConversationEnded {
    pub record: ResultRecord,
    /// False for the studio's preview, which leaves no result behind.
    pub save: bool,
}

/// Set by the studio just before it starts a preview; the next conversation started takes it.
#[derive(Debug, Default, Resource)]
pub struct PreviewNext(pub bool);

pub(super) fn plugin(app: &mut App) {
    app.add_message::<ConversationEnded>()
        .init_resource::<PreviewNext>()
        .add_observer(on_start_conversation)
        .add_observer(on_choose_reply)
        .add_observer(on_continue_talk)
        .add_observer(on_leave_conversation)
        .add_observer(on_open_debrief)
        .add_systems(Startup, open_preview);
}

fn open_preview(mut commands: Commands, options: Res<GameOptions>) {
    if let Some(playable) = &options.preview {
        commands.trigger(StartConversation {
            playable: playable.clone(),
            seed: options.seed.unwrap_or_else(fresh_seed),
            seminar: None,
        });
    }
}

fn on_start_conversation(
    event: On<StartConversation>,
    mut commands: Commands,
    mut preview: ResMut<PreviewNext>,
    settings: Res<Settings>,
    time: Res<Time<Real>>,
    mut next: ResMut<NextState<Screen>>,
    mut ended: MessageWriter<ConversationEnded>,
) {
    let options = Options {
        slow_reply: Duration::from_secs(u64::from(settings.slow_reply_secs.max(1))),
        order_seed: event
            .seminar
            .as_ref()
            .map(|h| participant_order_seed(event.seed, &h.player)),
    };
    let conversation =
        match Conversation::start(event.playable.scenario.clone(), event.seed, None, options) {
            Ok(c) => c,
            Err(e) => {
                // The pack only offers validated scenarios, so this is a broken invariant, not user input.
                error!("cannot start {}: {e}", event.playable.scenario.id);
                return;
            }
        };
    let player = if let Some(seat) = &event.seminar {
        seat.player.clone()
    } else if settings.player.trim().is_empty() {
        "Player".to_owned()
    } else {
        settings.player.trim().to_owned()
    };
    let over = conversation.is_over();
    let mut free = FreeTalk {
        conversation,
        playable: event.playable.clone(),
        mode: if event.seminar.is_some() {
            Mode::Seminar
        } else {
            Mode::Practice
        },
        coached: event.seminar.is_none(),
        seminar: event.seminar.as_ref().map(|h| h.seminar.clone()),
        player,
        started_at: now(),
        record: None,
        preview: std::mem::take(&mut preview.0),
    };
    if over {
        free.finish(&mut ended);
    }
    commands.insert_resource(LastPlay {
        playable: event.playable.clone(),
        seed: event.seed,
    });
    commands.insert_resource(Session {
        stage: if over { Stage::Over } else { Stage::Choosing },
        shown_at: time.elapsed(),
        talk: Talk::Free(Box::new(free)),
    });
    next.set(Screen::Conversation);
}

fn on_choose_reply(
    event: On<ChooseReply>,
    session: Option<ResMut<Session>>,
    time: Res<Time<Real>>,
    mut ended: MessageWriter<ConversationEnded>,
    mut assessment_error: ResMut<super::assessment::AssessmentError>,
) {
    let Some(mut session) = session else {
        return;
    };
    if session.stage != Stage::Choosing {
        return;
    }
    let now = time.elapsed();
    let latency = now.saturating_sub(session.shown_at);
    let session = &mut *session;
    let next = match &mut session.talk {
        Talk::Free(free) => {
            if let Err(e) = free.conversation.choose(event.position, Some(latency)) {
                // A stale key press (e.g. 9 with three replies) changes nothing.
                debug!("reply refused: {e}");
                return;
            }
            let turn = free.conversation.turns().len() - 1;
            let over = free.conversation.is_over();
            if over {
                free.finish(&mut ended);
            }
            if free.coached {
                Stage::Feedback { turn }
            } else if over {
                Stage::Over
            } else {
                Stage::Choosing
            }
        }
        Talk::Assessment(a) => match a.reply(event.position, latency, now) {
            Ok(stage) => stage,
            Err(problem) => {
                if problem.is_some() {
                    assessment_error.0 = problem;
                }
                return;
            }
        },
    };
    session.stage = next;
    if next == Stage::Choosing {
        session.shown_at = now;
    }
}

fn on_continue_talk(
    _: On<ContinueTalk>,
    mut commands: Commands,
    session: Option<ResMut<Session>>,
    time: Res<Time<Real>>,
    mut next: ResMut<NextState<Screen>>,
    mut winit: Option<ResMut<WinitSettings>>,
) {
    let Some(mut session) = session else {
        return;
    };
    let now = time.elapsed();
    let session = &mut *session;
    match (&mut session.talk, session.stage) {
        (_, Stage::Choosing) => {}
        (Talk::Assessment(a), stage) => match a.after(stage, now) {
            Some(Stage::Choosing) => session.show_replies(now),
            Some(stage) => session.stage = stage,
            None => {
                super::assessment::set_frame_rate(winit.as_deref_mut(), false);
                next.set(Screen::AssessmentEnd);
            }
        },
        (Talk::Free(free), _) if !free.conversation.is_over() => session.show_replies(now),
        (Talk::Free(free), _) => {
            if free.seminar.is_some() {
                // Back to the group: the debrief waits for the discussion.
                next.set(Screen::Seminar);
            } else if let Some(record) = &free.record {
                commands.insert_resource(DebriefRecord {
                    record: record.clone(),
                    from_history: false,
                    from_studio: free.preview,
                });
                next.set(Screen::Debrief);
            }
        }
    }
}

fn on_leave_conversation(
    _: On<LeaveConversation>,
    mut commands: Commands,
    session: Option<Res<Session>>,
    mut next: ResMut<NextState<Screen>>,
) {
    // An assessment is not left from here (its journal keeps it for resuming), and an ended
    // conversation has its result already: only a free talk still going can be left.
    let Some(free) = session.as_deref().and_then(Session::free) else {
        return;
    };
    if free.conversation.is_over() {
        return;
    }
    next.set(if free.seminar.is_some() {
        Screen::Seminar
    } else if free.preview {
        Screen::Studio
    } else {
        Screen::Picker
    });
    commands.remove_resource::<Session>();
}

fn on_open_debrief(
    event: On<OpenDebrief>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
) {
    commands.insert_resource(DebriefRecord {
        record: event.0.clone(),
        from_history: true,
        from_studio: false,
    });
    next.set(Screen::Debrief);
}
