//! The conversation screen's plugin: builds the view from the `Session`, draws it (see
//! `panel`) and forwards the player's replies, "continue" and "leave" to the session.

use std::time::Duration;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use crate::game::Screen;
use crate::game::session::{ChooseReply, ContinueTalk, LeaveConversation, Session, Stage};
use crate::game::settings::Settings;
use crate::game::ui::ScreensUiSystems;

mod describe;
mod inspector;
pub mod panel;

pub use describe::describe;
pub use panel::meters;
use panel::{Intent, PanelState, View};

/// The panel's memory, with the conversation it belongs to (customer number and scenario).
#[derive(Default, Resource)]
struct Panel {
    state: PanelState,
    talk: Option<(usize, String)>,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Panel>()
        .add_systems(OnEnter(Screen::Conversation), |mut panel: ResMut<Panel>| {
            *panel = Panel::default();
        })
        .add_systems(
            EguiPrimaryContextPass,
            conversation_ui
                .in_set(ScreensUiSystems)
                .run_if(in_state(Screen::Conversation)),
        );
}

fn view(session: &Session, now: Duration) -> View<'_> {
    let conversation = session.conversation();
    let mut view = View::practice(conversation, session.stage);
    view.order = if session.stage == Stage::Choosing {
        session.order()
    } else {
        Vec::new()
    };
    match session.assessment() {
        Some(a) => {
            let count = a.run.parts().len();
            let index = (a.run.part_index() + 1).min(count);
            view.countdown = (session.stage == Stage::Choosing)
                .then(|| a.run.time_left(now))
                .flatten();
            view.part = Some((index, count, a.scored()));
            view.timed_out = conversation.timed_out();
            view.can_leave = false;
            view.upcoming = (session.stage == Stage::Between)
                .then(|| a.run.parts().get(a.run.part_index()))
                .flatten()
                .map(|p| &*p.playable.scenario);
        }
        None => {
            view.can_leave = !conversation.is_over();
            view.seat = session
                .free()
                .filter(|f| f.seminar.is_some())
                .map(|f| f.player.as_str());
            view.inspect = session.free().is_some_and(|f| f.preview);
        }
    }
    view
}

fn conversation_ui(
    mut contexts: EguiContexts,
    mut commands: Commands,
    session: Option<Res<Session>>,
    settings: Res<Settings>,
    time: Res<Time<Real>>,
    mut panel: ResMut<Panel>,
) -> Result {
    let Some(session) = session else {
        return Ok(());
    };
    let view = view(&session, time.elapsed());
    // Each customer of an assessment starts with a fresh panel (brief shown, nothing asked).
    let talk = (
        view.part.map_or(0, |(index, ..)| index),
        view.conversation.scenario().id.as_str().to_owned(),
    );
    if panel.talk.as_ref() != Some(&talk) {
        *panel = Panel {
            state: PanelState::default(),
            talk: Some(talk),
        };
    }
    let ctx = contexts.ctx_mut()?;
    let drawn = panel::draw(ctx, settings.lang, &view, &mut panel.state);
    for intent in drawn.intents {
        match intent {
            Intent::Choose(position) => commands.trigger(ChooseReply { position }),
            Intent::Continue => commands.trigger(ContinueTalk),
            Intent::Leave => commands.trigger(LeaveConversation),
        }
    }
    Ok(())
}
