//! The scenario studio's state and the author's intents: a draft from the template or a copy
//! of a scenario, edits with undo and redo, live validation and calibration off the frame,
//! saving into the data folder's `studio/` (which the pack then includes), and a preview
//! played exactly as practice plays it. The deciding is `rapport_core::authoring::draft`'s.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use bevy::prelude::*;
use bevy::window::RequestRedraw;

use super::GameOptions;
use super::data::{Pack, reload_pack};
use super::session::{PreviewNext, StartConversation};
use super::tasks::{Background, Panicked};
use rapport_core::authoring::draft::{Draft, DraftIssue, Edit, EditError, issues_of};
use rapport_core::authoring::load::load_file;
use rapport_core::authoring::pack::Playable;
use rapport_core::engine::calibrate::gates::{Calibrated, calibrate as calibrate_draft, runs};
use rapport_core::engine::record::content_hash;
use rapport_core::store::layouts::{NodePlaces, load_places, save_places};
use rapport_core::store::{read_bytes, write_atomically};

/// The data folder's own scenarios, written by the studio.
pub const STUDIO_DIR: &str = "studio";
/// Runs per simulated player when calibrating (the pack test's figure).
pub const CALIBRATION_PLAYS: u64 = 2_000;

/// Calibration of the draft, off the frame. Once the author has asked for one, every change
/// of the draft recalibrates it (one calibration at a time, the latest text next).
#[derive(Default)]
pub enum Calibration {
    #[default]
    NotRun,
    Running {
        task: Background<Option<Calibrated>>,
        done: Arc<AtomicU64>,
        total: u64,
        /// The draft's text the gates are computed on.
        text: String,
        /// The last calibration's findings, shown until these replace them.
        previous: Option<Calibrated>,
    },
    /// What the calibration found, for the text it was computed on.
    Done { found: Calibrated, text: String },
    /// The scenario of this text cannot start, or the search panicked.
    Failed { text: String },
}

impl Calibration {
    /// How far a running calibration is, 0..=1.
    pub fn progress(&self) -> Option<f32> {
        match self {
            Calibration::Running { done, total, .. } => {
                Some(done.load(Ordering::Relaxed) as f32 / (*total).max(1) as f32)
            }
            _ => None,
        }
    }
}

/// What the studio holds.
#[derive(Default, Resource)]
pub struct Studio {
    pub draft: Option<Draft>,
    /// The node shown in the forms; none shows the scenario and the customer.
    pub selected: Option<String>,
    /// The validator's issues, for `checked`.
    pub issues: Vec<DraftIssue>,
    checked: String,
    checking: Option<(String, Background<Vec<DraftIssue>>)>,
    pub calibration: Calibration,
    /// The last refused edit or save problem, or where the draft was saved.
    pub note: Option<StudioNote>,
    /// Where the preview starts (the start when none) and which variant it plays (the seed's
    /// draw when none).
    pub preview_from: Option<String>,
    pub preview_variant: Option<String>,
    /// Where the author dragged nodes (saved beside the scenario); the rest lay themselves out.
    pub places: NodePlaces,
    /// The graph's zoom as the author set it, 1.0 = full size; 0 (unset) fits the graph to
    /// the space it has.
    pub zoom: f32,
    /// What the author typed to find a customer to copy.
    pub search: String,
    /// The reply of the selected node a clicked problem is about, marked in the form.
    pub focus_reply: Option<usize>,
    /// Whether the form still has to scroll to that reply (once, after the click).
    pub scroll_to_focus: bool,
}

impl Studio {}

/// A line for the author under the toolbar.
#[derive(Clone, Debug, PartialEq)]
pub enum StudioNote {
    Refused(EditError),
    /// Saved here; the original with its comments kept at the second path, when it had some.
    Saved(PathBuf, Option<PathBuf>),
    SaveFailed(String),
}

/// Where a draft comes from.
#[derive(Clone, Debug, Event)]
pub enum OpenDraft {
    /// The small template, as a new customer.
    Template,
    /// A copy of this pack scenario, under a new id.
    Copy(String),
    /// This file of a scenario folder, edited in place.
    File(PathBuf),
}

/// Intent: change the draft.
#[derive(Clone, Debug, Event)]
pub struct EditDraft(pub Edit);

#[derive(Clone, Copy, Debug, Event)]
pub enum DraftCommand {
    Undo,
    Redo,
    /// The author left a text field.
    EndTyping,
    Save,
    Calibrate,
    Preview,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Studio>()
        .add_observer(on_open)
        .add_observer(on_edit)
        .add_observer(on_command)
        .add_systems(Update, (check_draft, poll_calibration));
}

fn studio_dir(options: &GameOptions) -> PathBuf {
    options.data_dir.join(STUDIO_DIR)
}

/// The first id free among the pack and the studio: `base`, `base-2`, …
fn free_id(base: &str, pack: &[Playable]) -> String {
    (1..)
        .map(|n| rapport_core::store::numbered(base, n))
        .find(|id| !pack.iter().any(|p| p.scenario.id.as_str() == id))
        .unwrap_or_else(|| base.to_owned())
}

fn on_open(
    event: On<OpenDraft>,
    mut studio: ResMut<Studio>,
    pack: Res<Pack>,
    options: Res<GameOptions>,
) {
    let pack = pack.playable();
    let draft = match &*event {
        OpenDraft::Template => {
            let id = free_id("new-customer", &pack);
            let path = studio_dir(&options).join(format!("{id}.ron"));
            Some(Draft::template(&id, "en", path))
        }
        OpenDraft::Copy(id) => pack.iter().find(|p| p.scenario.id.as_str() == id).map(|p| {
            let mut scenario = (*p.scenario).clone();
            let new_id = free_id(&format!("{id}-copy"), &pack);
            scenario.id = new_id.as_str().into();
            let path = studio_dir(&options).join(format!("{new_id}.ron"));
            Draft::new(scenario, path, false)
        }),
        OpenDraft::File(path) => match load_file(path) {
            Ok(file) => Some(Draft::from_file(file.scenario, path.clone(), file.source)),
            Err(e) => {
                studio.note = Some(StudioNote::SaveFailed(e.to_string()));
                return;
            }
        },
    };
    let places = draft
        .as_ref()
        .map(|d| load_places(&d.path))
        .unwrap_or_default();
    *studio = Studio {
        draft,
        places,
        ..Studio::default()
    };
}

fn on_edit(event: On<EditDraft>, mut studio: ResMut<Studio>) {
    let studio = &mut *studio;
    let Some(draft) = studio.draft.as_mut() else {
        return;
    };
    studio.note = draft.apply(event.0.clone()).err().map(StudioNote::Refused);
    // A removed node cannot stay selected.
    if let Some(node) = &studio.selected
        && draft.scenario().nodes.get(node).is_none()
    {
        studio.selected = None;
    }
}

fn on_command(
    event: On<DraftCommand>,
    mut commands: Commands,
    mut studio: ResMut<Studio>,
    mut pack: ResMut<Pack>,
    options: Res<GameOptions>,
) {
    let studio = &mut *studio;
    let Some(draft) = studio.draft.as_mut() else {
        return;
    };
    match *event {
        DraftCommand::Undo => {
            draft.undo();
        }
        DraftCommand::Redo => {
            draft.redo();
        }
        DraftCommand::EndTyping => draft.end_typing(),
        DraftCommand::Save => {
            studio.note = Some(save(draft, &studio.places));
            if matches!(studio.note, Some(StudioNote::Saved(..))) {
                // The pack now includes the saved customer: the picker and seminars offer it.
                *pack = reload_pack(&options);
            }
        }
        DraftCommand::Calibrate => {
            studio.calibration = calibrate(draft, None);
        }
        DraftCommand::Preview => {
            // From the chosen node, with the chosen variant as the only one to draw.
            let mut scenario = draft.scenario().clone();
            if let Some(node) = studio
                .preview_from
                .as_ref()
                .filter(|n| scenario.nodes.get(n).is_some())
            {
                scenario.start = node.as_str().into();
            }
            if let Some(variant) = &studio.preview_variant {
                scenario.variants.retain(|v| v.id.as_str() == variant);
            }
            commands.insert_resource(PreviewNext(true));
            commands.trigger(StartConversation {
                playable: Playable {
                    scenario: Arc::new(scenario),
                    hash: content_hash(draft.text()),
                },
                seed: 1,
                seminar: None,
            });
        }
    }
}

/// Starts calibrating the draft on a worker; `previous` findings stay on show meanwhile.
fn calibrate(draft: &Draft, previous: Option<Calibrated>) -> Calibration {
    let scenario = Arc::new(draft.scenario().clone());
    let done = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&done);
    let task = Background::spawn(move || {
        calibrate_draft(&scenario, CALIBRATION_PLAYS, 1, &mut || {
            counter.fetch_add(1, Ordering::Relaxed);
        })
    });
    Calibration::Running {
        task,
        done,
        total: runs(CALIBRATION_PLAYS),
        text: draft.text().to_owned(),
        previous,
    }
}

/// Writes the draft and its node places; a file whose comments the canonical form drops is
/// first kept as `NAME.ron.bak`.
fn save(draft: &mut Draft, places: &NodePlaces) -> StudioNote {
    let backup = draft.path.with_extension("ron.bak");
    let keep = draft.drops_comments();
    let written = (if keep {
        read_bytes(&draft.path).and_then(|original| write_atomically(&backup, &original))
    } else {
        Ok(())
    })
    .and_then(|()| write_atomically(&draft.path, draft.text().as_bytes()))
    .and_then(|()| save_places(&draft.path, places));
    match written {
        Ok(()) => {
            draft.mark_saved();
            StudioNote::Saved(draft.path.clone(), keep.then_some(backup))
        }
        Err(e) => StudioNote::SaveFailed(e.to_string()),
    }
}

/// Validates the draft off the frame whenever its text changed.
fn check_draft(mut studio: ResMut<Studio>, mut redraw: MessageWriter<RequestRedraw>) {
    let studio = &mut *studio;
    if let Some((text, task)) = studio.checking.as_mut()
        && let Some(found) = task.poll_or_redraw(&mut redraw)
    {
        studio.issues = found.unwrap_or_default();
        studio.checked = std::mem::take(text);
        studio.checking = None;
    }
    let Some(draft) = &studio.draft else {
        return;
    };
    // One check at a time: text that changes meanwhile is checked when it ends.
    if studio.checking.is_none() && draft.text() != studio.checked {
        let text = draft.text().to_owned();
        let path = draft.path.clone();
        let for_task = text.clone();
        let task = Background::spawn(move || issues_of(&for_task, &path));
        studio.checking = Some((text, task));
    }
}

fn poll_calibration(mut studio: ResMut<Studio>, mut redraw: MessageWriter<RequestRedraw>) {
    let studio = &mut *studio;
    if let Calibration::Running { task, text, .. } = &mut studio.calibration
        && let Some(outcome) = task.poll_or_redraw(&mut redraw)
    {
        let text = std::mem::take(text);
        studio.calibration = match outcome {
            Ok(Some(found)) => Calibration::Done { found, text },
            Ok(None) | Err(Panicked) => Calibration::Failed { text },
        };
    }
    // A draft changed since its last calibration is calibrated again.
    let Some(draft) = &studio.draft else {
        return;
    };
    let previous = match std::mem::take(&mut studio.calibration) {
        Calibration::Done { found, text } if text != draft.text() => Some(found),
        Calibration::Failed { text } if text != draft.text() => None,
        unchanged => {
            studio.calibration = unchanged;
            return;
        }
    };
    studio.calibration = calibrate(draft, previous);
    redraw.write(RequestRedraw);
}
