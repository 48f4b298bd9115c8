//! The practice session: starting a conversation, forwarding replies to `sim` with their latency,
//! the coach's feedback step, and handing the finished result to the saver and the debrief.

use std::time::{Duration, Instant};

use bevy::prelude::*;

use super::settings::Settings;
use super::{GameOptions, Screen};
use crate::sim::dialogue::{Conversation, Options, fresh_seed};
use crate::sim::pack::Playable;
use crate::sim::record::{Mode, ResultRecord, Timestamp};

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

/// The conversation being played.
#[derive(Resource)]
pub struct Session {
    pub conversation: Conversation,
    pub playable: Playable,
    pub mode: Mode,
    /// Practice shows the coach's feedback after each reply.
    pub coached: bool,
    pub player: String,
    pub started_at: Timestamp,
    pub stage: Stage,
    /// When the replies appeared, for the latency passed to the engine.
    pub shown_at: Instant,
    /// The record made the moment the conversation ended (the one saved).
    pub record: Option<ResultRecord>,
    /// The seminar this hot-seat conversation belongs to.
    pub seminar: Option<String>,
}

impl Session {
    /// Makes the record, keeps it and announces it for saving.
    fn finish(&mut self, ended: &mut MessageWriter<ConversationEnded>) {
        let mut record = ResultRecord::new(
            &self.conversation,
            self.mode,
            &self.player,
            self.playable.hash.clone(),
            self.started_at,
        );
        record.seminar.clone_from(&self.seminar);
        self.record = Some(record.clone());
        ended.write(ConversationEnded { record });
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
pub struct DebriefRecord(pub ResultRecord);

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

/// Intent: open a saved result in the debrief.
#[derive(Debug, Event)]
pub struct OpenDebrief(pub ResultRecord);

/// Fact: a conversation finished; its record is ready to save.
#[derive(Debug, Message)]
pub struct ConversationEnded {
    pub record: ResultRecord,
}

pub(super) fn plugin(app: &mut App) {
    app.add_message::<ConversationEnded>()
        .add_observer(on_start_conversation)
        .add_observer(on_choose_reply)
        .add_observer(on_continue_talk)
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
    settings: Res<Settings>,
    mut next: ResMut<NextState<Screen>>,
    mut ended: MessageWriter<ConversationEnded>,
) {
    let options = Options {
        slow_reply: Duration::from_secs(u64::from(settings.slow_reply_secs.max(1))),
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
    let mut session = Session {
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
        started_at: Timestamp::now(),
        stage: if over { Stage::Over } else { Stage::Choosing },
        shown_at: Instant::now(),
        record: None,
    };
    if over {
        session.finish(&mut ended);
    }
    commands.remove_resource::<super::assessment::AssessmentSession>();
    commands.insert_resource(LastPlay {
        playable: event.playable.clone(),
        seed: event.seed,
    });
    commands.insert_resource(session);
    next.set(Screen::Conversation);
}

fn on_choose_reply(
    event: On<ChooseReply>,
    session: Option<ResMut<Session>>,
    mut ended: MessageWriter<ConversationEnded>,
) {
    let Some(mut session) = session else {
        return;
    };
    if session.stage != Stage::Choosing {
        return;
    }
    let latency = session.shown_at.elapsed();
    if let Err(e) = session.conversation.choose(event.position, Some(latency)) {
        // A stale key press (e.g. 9 with three replies) changes nothing.
        debug!("reply refused: {e}");
        return;
    }
    let turn = session.conversation.turns().len() - 1;
    session.stage = if session.coached {
        Stage::Feedback { turn }
    } else if session.conversation.is_over() {
        Stage::Over
    } else {
        session.shown_at = Instant::now();
        Stage::Choosing
    };
    if session.conversation.is_over() {
        session.finish(&mut ended);
    }
}

fn on_continue_talk(
    _: On<ContinueTalk>,
    mut commands: Commands,
    session: Option<ResMut<Session>>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(mut session) = session else {
        return;
    };
    match session.stage {
        Stage::Choosing => {}
        Stage::Feedback { .. } | Stage::Between if !session.conversation.is_over() => {
            session.stage = Stage::Choosing;
            session.shown_at = Instant::now();
        }
        Stage::Feedback { .. } | Stage::Between | Stage::Over => {
            if session.seminar.is_some() {
                // Back to the group: the debrief waits for the discussion.
                next.set(Screen::Seminar);
            } else if let Some(record) = &session.record {
                commands.insert_resource(DebriefRecord(record.clone()));
                next.set(Screen::Debrief);
            }
        }
    }
}

fn on_open_debrief(
    event: On<OpenDebrief>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
) {
    commands.insert_resource(DebriefRecord(event.0.clone()));
    next.set(Screen::Debrief);
}
