//! Seminar mode in the game: the open seminar, creating one, adding each hot-seat result to it
//! as soon as the conversation ends, and the work off the frame (the decision-map search and
//! the group report's export).

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::window::RequestRedraw;

use super::data::Pack;
use super::session::ConversationEnded;
use super::tasks::{Background, Panicked};
use super::{GameOptions, Screen};
use rapport_core::authoring::pack::Playable;
use rapport_core::report::csv::csv;
use rapport_core::report::html::html;
use rapport_core::report::seminar_rows;
use rapport_core::seminar::Seminar;
use rapport_core::seminar::{DecisionMap, decision_map};
use rapport_core::store::seminars::list;
use rapport_core::store::write_atomically;

/// The seminar the trainer has open, and where it is saved.
#[derive(Debug, Default, Resource)]
pub struct OpenSeminar(pub Option<(PathBuf, Seminar)>);

/// Every seminar in the data folder, refreshed when the screen opens.
#[derive(Debug, Default, Resource)]
pub struct SeminarList(pub Vec<(PathBuf, Seminar)>);

/// The last problem saving or extending a seminar, shown to the trainer.
#[derive(Debug, Default, Resource)]
pub struct SeminarError(pub Option<rapport_core::seminar::SeminarError>);

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
        .init_resource::<MapSearch>()
        .init_resource::<ExportStatus>()
        .add_observer(on_create)
        .add_observer(on_search_map)
        .add_observer(on_export)
        .add_systems(OnEnter(Screen::Seminar), refresh_list)
        .add_systems(Update, (add_hot_seat_results, run_map_search, poll_export));
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
        crate::system::now(),
    );
    match seminar.create(&options.data_dir) {
        Ok(path) => {
            error.0 = None;
            open.0 = Some((path, seminar));
            seminars.0 = list(&options.data_dir);
        }
        Err(e) => error.0 = Some(e),
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
        error.0 = outcome.err();
    }
}

/// Which decision map is meant: the seminar, how many results it holds, and the scenario.
pub type MapKey = (String, usize, String);

/// The open seminar's decision map, searched off the frame (the exhaustive search can take a
/// good fraction of a second); the map is kept until the results change.
#[derive(Default, Resource)]
pub struct MapSearch {
    /// The map asked for last, waiting for the running search to end first.
    wanted: Option<(MapKey, Seminar, Playable)>,
    running: Option<(MapKey, Background<DecisionMap>)>,
    ready: Option<(MapKey, Result<DecisionMap, Panicked>)>,
}

impl MapSearch {
    /// A search already done: the map for `key` is ready.
    pub fn finished(key: MapKey, map: DecisionMap) -> MapSearch {
        MapSearch {
            ready: Some((key, Ok(map))),
            ..MapSearch::default()
        }
    }

    /// The map for `key` if it is ready (or its search panicked).
    pub fn ready(&self, key: &MapKey) -> Option<&Result<DecisionMap, Panicked>> {
        self.ready
            .as_ref()
            .filter(|(k, _)| k == key)
            .map(|(_, m)| m)
    }

    /// Whether a search for `key` is already asked for or running.
    pub fn is_coming(&self, key: &MapKey) -> bool {
        self.wanted.as_ref().is_some_and(|(k, ..)| k == key)
            || self.running.as_ref().is_some_and(|(k, _)| k == key)
    }
}

/// Intent: the decision map of this scenario of the open seminar is wanted.
#[derive(Debug, Event)]
pub struct SearchMap {
    pub key: MapKey,
    pub seminar: Seminar,
    pub playable: Playable,
}

/// Intent: write the open seminar's group report (CSV and HTML) beside its file.
#[derive(Debug, Event)]
pub struct ExportSeminar;

/// Where the last export stands, shown to the trainer.
#[derive(Debug, Default, Resource)]
pub enum ExportStatus {
    #[default]
    Idle,
    Running,
    Done {
        csv: PathBuf,
        html: PathBuf,
    },
    Failed(String),
}

/// An export running off the frame.
#[derive(Resource)]
struct PendingExport(Background<Result<(PathBuf, PathBuf), String>>);

fn on_search_map(event: On<SearchMap>, mut search: ResMut<MapSearch>) {
    if !search.is_coming(&event.key) {
        search.wanted = Some((
            event.key.clone(),
            event.seminar.clone(),
            event.playable.clone(),
        ));
    }
}

/// One search at a time: a stale one is let finish before the next starts, so clicking
/// through scenarios does not pile up work.
fn run_map_search(mut search: ResMut<MapSearch>, mut redraw: MessageWriter<RequestRedraw>) {
    if let Some((key, task)) = search.running.as_mut()
        && let Some(map) = task.poll_or_redraw(&mut redraw)
    {
        search.ready = Some((key.clone(), map));
        search.running = None;
    }
    if search.running.is_none()
        && let Some((key, seminar, playable)) = search.wanted.take()
    {
        let task = Background::spawn(move || decision_map(&seminar, &playable));
        search.running = Some((key, task));
        // Frames while the search runs, to notice its end.
        redraw.write(RequestRedraw);
    }
}

fn on_export(
    _: On<ExportSeminar>,
    mut commands: Commands,
    open: Res<OpenSeminar>,
    pack: Res<Pack>,
    mut status: ResMut<ExportStatus>,
) {
    let Some((path, seminar)) = open.0.clone() else {
        return;
    };
    let pack = pack.playable();
    *status = ExportStatus::Running;
    commands.insert_resource(PendingExport(Background::spawn(move || {
        let rows = seminar_rows(&seminar, &pack);
        let csv_path = path.with_extension("csv");
        let html_path = path.with_extension("html");
        write_atomically(&csv_path, csv(&rows).as_bytes()).map_err(|e| e.to_string())?;
        write_atomically(&html_path, html(&rows, &seminar.title, None).as_bytes())
            .map_err(|e| e.to_string())?;
        Ok((csv_path, html_path))
    })));
}

fn poll_export(
    mut commands: Commands,
    pending: Option<ResMut<PendingExport>>,
    mut status: ResMut<ExportStatus>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    let Some(mut pending) = pending else {
        return;
    };
    *status = match pending.0.poll_or_redraw(&mut redraw) {
        None => return,
        Some(Ok(Ok((csv, html)))) => ExportStatus::Done { csv, html },
        Some(Ok(Err(message))) => ExportStatus::Failed(message),
        Some(Err(Panicked)) => ExportStatus::Failed("the export stopped unexpectedly".into()),
    };
    commands.remove_resource::<PendingExport>();
}
