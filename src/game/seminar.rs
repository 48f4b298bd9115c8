//! Seminar mode in the game: the open seminar, creating one, and adding each hot-seat result
//! to it as soon as the conversation ends.

use std::path::PathBuf;

use bevy::prelude::*;

use super::data::Pack;
use super::session::ConversationEnded;
use super::{GameOptions, Screen};
use crate::sim::seminar::{Seminar, list};

/// The seminar the trainer has open, and where it is saved.
#[derive(Debug, Default, Resource)]
pub struct OpenSeminar(pub Option<(PathBuf, Seminar)>);

/// Every seminar in the data folder, refreshed when the screen opens.
#[derive(Debug, Default, Resource)]
pub struct SeminarList(pub Vec<(PathBuf, Seminar)>);

/// The last problem saving or extending a seminar, shown to the trainer.
#[derive(Debug, Default, Resource)]
pub struct SeminarError(pub Option<String>);

/// Intent: create and open a seminar.
#[derive(Debug, Event)]
pub struct CreateSeminar {
    pub title: String,
    pub scenarios: Vec<String>,
    pub seed: u64,
    pub participants: Vec<String>,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<OpenSeminar>()
        .init_resource::<SeminarList>()
        .init_resource::<SeminarError>()
        .add_observer(on_create)
        .add_systems(OnEnter(Screen::Seminar), refresh_list)
        .add_systems(Update, add_hot_seat_results);
}

fn refresh_list(mut seminars: ResMut<SeminarList>, options: Res<GameOptions>) {
    seminars.0 = list(&options.data_dir);
}

fn on_create(
    event: On<CreateSeminar>,
    mut open: ResMut<OpenSeminar>,
    mut seminars: ResMut<SeminarList>,
    mut error: ResMut<SeminarError>,
    options: Res<GameOptions>,
) {
    let mut seminar = Seminar::new(
        &event.title,
        event.scenarios.clone(),
        event.seed,
        event.participants.clone(),
    );
    match seminar.create(&options.data_dir) {
        Ok(path) => {
            error.0 = None;
            open.0 = Some((path, seminar));
            seminars.0 = list(&options.data_dir);
        }
        Err(e) => error.0 = Some(e.to_string()),
    }
}

/// A hot-seat result joins its seminar (checked like an import) and the seminar is saved.
fn add_hot_seat_results(
    mut ended: MessageReader<ConversationEnded>,
    mut open: ResMut<OpenSeminar>,
    mut error: ResMut<SeminarError>,
    pack: Res<Pack>,
    options: Res<GameOptions>,
) {
    for message in ended.read() {
        let Some((_, seminar)) = open.0.as_mut() else {
            continue;
        };
        if message.record.seminar.as_deref() != Some(seminar.id.as_str()) {
            continue;
        }
        let outcome = seminar
            .add(message.record.clone(), &pack.playable())
            .and_then(|()| seminar.save(&options.data_dir).map(|_| ()));
        error.0 = outcome.err().map(|e| e.to_string());
    }
}
