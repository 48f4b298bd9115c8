//! What the debrief works out off the frame for the result on screen: the stronger replies
//! (the core's hindsight search) and, for practice, the customer to play next, aimed at the
//! player's weakest competency over their recent results.

use std::path::Path;

use bevy::prelude::*;
use bevy::window::RequestRedraw;

use crate::game::data::Pack;
use crate::game::session::DebriefRecord;
use crate::game::settings::Settings;
use crate::game::tasks::Background;
use crate::game::{GameOptions, Screen};
use rapport_core::authoring::pack::Playable;
use rapport_core::engine::hindsight::{Hindsight, hindsight};
use rapport_core::engine::record::{Mode, ResultRecord};
use rapport_core::progress::{Suggestion, learning_path, next_suggestion};
use rapport_core::store::results;

/// What was found for one record.
#[derive(Clone, Debug, Default)]
pub struct Found {
    /// `None` when the scenario is not in the pack as it was played, or does not replay.
    pub hindsight: Option<Vec<Hindsight>>,
    pub suggestion: Option<(Suggestion, Playable)>,
}

/// The search for the record on screen: running, or done.
#[derive(Default, Resource)]
pub struct Extras {
    /// Which record it is for (its start, player and scenario).
    pub for_record: Option<(i64, String, String)>,
    task: Option<Background<Found>>,
    pub found: Option<Found>,
}

fn identity(record: &ResultRecord) -> (i64, String, String) {
    (
        record.started_at.0,
        record.player.clone(),
        record.report.scenario.clone(),
    )
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Extras>().add_systems(
        Update,
        (start_looking, poll_looking)
            .chain()
            .run_if(in_state(Screen::Debrief)),
    );
}

fn start_looking(
    shown: Option<Res<DebriefRecord>>,
    mut extras: ResMut<Extras>,
    pack: Res<Pack>,
    settings: Res<Settings>,
    options: Res<GameOptions>,
) {
    let Some(shown) = shown else {
        return;
    };
    let id = identity(&shown.record);
    if extras.for_record.as_ref() == Some(&id) {
        return;
    }
    let record = shown.record.clone();
    let playables = pack.playable();
    let language = settings.lang.tag().to_owned();
    let data_dir = options.data_dir.clone();
    *extras = Extras {
        for_record: Some(id),
        task: Some(Background::spawn(move || {
            look(&record, &playables, &language, &data_dir)
        })),
        found: None,
    };
}

/// The search itself (on a worker thread).
fn look(record: &ResultRecord, playables: &[Playable], language: &str, data_dir: &Path) -> Found {
    // Only the very file it was played on can say what was on offer.
    let played_on = playables.iter().find(|p| {
        p.scenario.id.as_str() == record.report.scenario && p.hash == record.scenario_hash
    });
    let hindsight = played_on.and_then(|p| hindsight(record, p.scenario.clone()).ok());
    let suggestion = (record.mode == Mode::Practice)
        .then(|| {
            let mut records: Vec<ResultRecord> = results::load_all(data_dir)
                .0
                .into_iter()
                .map(|(_, r)| r)
                .collect();
            // The result just played may still be on its way to disk.
            if !records.iter().any(|r| identity(r) == identity(record)) {
                records.push(record.clone());
            }
            let rows: Vec<&ResultRecord> = records.iter().collect();
            let path = learning_path(playables, language, &rows, &record.player);
            let next = next_suggestion(&path, &rows, &record.player, &record.report.scenario)?;
            let playable = playables
                .iter()
                .find(|p| p.scenario.id.as_str() == next.scenario_id)?
                .clone();
            Some((next, playable))
        })
        .flatten();
    Found {
        hindsight,
        suggestion,
    }
}

fn poll_looking(mut extras: ResMut<Extras>, mut redraw: MessageWriter<RequestRedraw>) {
    let Some(task) = extras.task.as_mut() else {
        return;
    };
    if let Some(outcome) = task.poll_or_redraw(&mut redraw) {
        // A search that panicked finds nothing; the debrief says so rather than waiting.
        extras.found = Some(outcome.unwrap_or_default());
        extras.task = None;
    }
}
