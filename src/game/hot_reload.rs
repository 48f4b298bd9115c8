//! Scenario folders watched while the game runs: the folders given with `--scenarios` and the
//! studio's own are looked at every 250 ms from a thread of their own; when a file is added,
//! removed or rewritten (in a text editor, say), the pack is re-read and re-validated, so the
//! picker shows it within a second, and a studio draft of that file with no unsaved changes
//! is read again.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bevy::prelude::*;
use bevy::winit::{EventLoopProxyWrapper, WinitUserEvent};

use super::GameOptions;
use super::data::{Pack, reload_pack};
use super::studio::{STUDIO_DIR, Studio};
use rapport_core::authoring::draft::Draft;
use rapport_core::authoring::load::load_file;
use rapport_core::store::text::ron_stamps;

/// How often the folders are looked at.
const LOOK_EVERY: Duration = Duration::from_millis(250);

/// Set by the watcher when a scenario file changed; taken by the reload.
#[derive(Clone, Default, Resource)]
pub struct FolderChanged(pub Arc<AtomicBool>);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<FolderChanged>()
        .add_systems(Startup, watch)
        .add_systems(Update, reload);
}

/// The folders to watch: those given with `--scenarios`, and the studio's.
fn folders(options: &GameOptions) -> Vec<PathBuf> {
    let mut all = options.scenario_dirs.clone();
    all.push(options.data_dir.join(STUDIO_DIR));
    all
}

fn watch(
    options: Res<GameOptions>,
    changed: Res<FolderChanged>,
    proxy: Option<Res<EventLoopProxyWrapper>>,
) {
    let folders = folders(&options);
    let flag = Arc::clone(&changed.0);
    // The window sleeps between events; the watcher wakes it so the change shows at once.
    let wake = proxy.map(|p| (**p).clone());
    let started = std::thread::Builder::new()
        .name("scenario-watch".to_owned())
        .spawn(move || {
            let mut last = ron_stamps(&folders);
            loop {
                std::thread::sleep(LOOK_EVERY);
                // The game has gone: nobody holds the flag but this thread.
                if Arc::strong_count(&flag) == 1 {
                    return;
                }
                let now = ron_stamps(&folders);
                if now != last {
                    last = now;
                    flag.store(true, Ordering::SeqCst);
                    if let Some(wake) = &wake {
                        let _ = wake.send_event(WinitUserEvent::WakeUp);
                    }
                }
            }
        });
    if let Err(e) = started {
        error!("cannot watch the scenario folders: {e}");
    }
}

fn reload(
    changed: Res<FolderChanged>,
    options: Res<GameOptions>,
    mut pack: ResMut<Pack>,
    mut studio: ResMut<Studio>,
) {
    if !changed.0.swap(false, Ordering::SeqCst) {
        return;
    }
    *pack = reload_pack(&options);
    // A draft without unsaved changes follows its file when someone else rewrote it (the
    // studio's own save changes nothing here, and keeps its undo history).
    if let Some(draft) = studio.draft.as_mut()
        && !draft.is_dirty()
        && let Ok(file) = load_file(&draft.path)
    {
        let from_disk = Draft::new(file.scenario, draft.path.clone(), true);
        if from_disk.text() != draft.text() {
            *draft = from_disk;
        }
    }
}
