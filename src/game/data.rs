//! The game's data: the scenario pack, saving results off the frame, and the history of results.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::window::RequestRedraw;

use super::session::ConversationEnded;
use super::tasks::{Background, Panicked};
use super::{GameOptions, Screen};
use rapport_core::authoring::pack::Playable;
use rapport_core::authoring::pack::{self, PackEntry};
use rapport_core::engine::record::ResultRecord;
use rapport_core::store::results;

/// The scenarios the game offers, broken ones included with their errors.
#[derive(Debug, Default, Resource)]
pub struct Pack(pub Vec<PackEntry>);

impl Pack {
    /// The scenarios that can be played.
    pub fn playable(&self) -> Vec<rapport_core::authoring::pack::Playable> {
        self.0
            .iter()
            .filter_map(|e| e.scenario.clone().ok())
            .collect()
    }
}

/// Where the last result save stands.
#[derive(Debug, Default, Resource)]
pub enum SaveStatus {
    #[default]
    Idle,
    Saving,
    Saved(PathBuf),
    Failed(String),
}

/// A save running off the frame.
#[derive(Resource)]
struct PendingSave(Background<Result<PathBuf, String>>);

/// The last record handed to the saver, kept so a failed save can be retried.
#[derive(Debug, Default, Resource)]
pub struct LastRecord(pub Option<ResultRecord>);

/// Asks for the last record to be saved again (after a failure).
#[derive(Debug, Event)]
pub struct RetrySave;

/// Fact: a file must be written; the job runs on another thread and reports its path.
#[derive(Message)]
pub struct SaveJob(pub Box<dyn FnOnce() -> Result<PathBuf, String> + Send + Sync>);

/// Saved results, oldest first, and how many files could not be read.
#[derive(Debug, Default, Resource)]
pub struct HistoryData {
    pub records: Vec<(PathBuf, ResultRecord)>,
    pub unreadable: usize,
}

/// The pack: the shipped scenarios, the folders given with `--scenarios`, and the studio's
/// own folder in the data folder once it exists.
pub fn reload_pack(options: &GameOptions) -> Pack {
    let mut dirs = options.scenario_dirs.clone();
    let studio = options.data_dir.join(super::studio::STUDIO_DIR);
    if studio.is_dir() {
        dirs.push(studio);
    }
    Pack(pack::load(&dirs))
}

pub(super) fn plugin(app: &mut App) {
    let pack = reload_pack(app.world().resource::<GameOptions>());
    app.add_message::<RequestRedraw>()
        .add_message::<SaveJob>()
        .insert_resource(pack)
        .init_resource::<SaveStatus>()
        .init_resource::<LastRecord>()
        .init_resource::<HistoryData>()
        .add_observer(on_retry_save)
        .add_systems(Update, (start_saving, poll_saving).chain())
        // The picker shows each card's best score, the history everything.
        .add_systems(OnEnter(Screen::History), load_history)
        .add_systems(OnEnter(Screen::Picker), load_history);
}

fn spawn_job(
    commands: &mut Commands,
    status: &mut SaveStatus,
    job: Box<dyn FnOnce() -> Result<PathBuf, String> + Send + Sync>,
) {
    *status = SaveStatus::Saving;
    commands.insert_resource(PendingSave(Background::spawn(job)));
}

fn record_job(
    data_dir: PathBuf,
    record: ResultRecord,
    pack: Vec<Playable>,
) -> Box<dyn FnOnce() -> Result<PathBuf, String> + Send + Sync> {
    Box::new(move || results::save(&data_dir, &record, &pack).map_err(|e| e.to_string()))
}

fn start_saving(
    mut commands: Commands,
    mut ended: MessageReader<ConversationEnded>,
    mut jobs: ResMut<bevy::ecs::message::Messages<SaveJob>>,
    mut status: ResMut<SaveStatus>,
    mut last: ResMut<LastRecord>,
    options: Res<GameOptions>,
    pack: Res<Pack>,
) {
    for message in ended.read() {
        last.0 = Some(message.record.clone());
        if !message.save {
            *status = SaveStatus::Idle;
            continue;
        }
        let job = record_job(
            options.data_dir.clone(),
            message.record.clone(),
            pack.playable(),
        );
        spawn_job(&mut commands, &mut status, job);
    }
    for SaveJob(job) in jobs.drain() {
        spawn_job(&mut commands, &mut status, job);
    }
}

fn on_retry_save(
    _: On<RetrySave>,
    mut commands: Commands,
    mut status: ResMut<SaveStatus>,
    last: Res<LastRecord>,
    options: Res<GameOptions>,
    pack: Res<Pack>,
) {
    if let Some(record) = &last.0 {
        let job = record_job(options.data_dir.clone(), record.clone(), pack.playable());
        spawn_job(&mut commands, &mut status, job);
    }
}

fn poll_saving(
    mut commands: Commands,
    pending: Option<ResMut<PendingSave>>,
    mut status: ResMut<SaveStatus>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    let Some(mut pending) = pending else {
        return;
    };
    match pending.0.poll_or_redraw(&mut redraw) {
        Some(Ok(Ok(path))) => *status = SaveStatus::Saved(path),
        Some(Ok(Err(message))) => *status = SaveStatus::Failed(message),
        Some(Err(Panicked)) => {
            *status = SaveStatus::Failed("the save stopped unexpectedly".into());
        }
        None => return,
    }
    commands.remove_resource::<PendingSave>();
}

fn load_history(mut history: ResMut<HistoryData>, options: Res<GameOptions>) {
    let (records, errors) = results::load_all(&options.data_dir);
    for e in &errors {
        warn!("{e}");
    }
    *history = HistoryData {
        records,
        unreadable: errors.len(),
    };
}
