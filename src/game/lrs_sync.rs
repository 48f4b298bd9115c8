//! Results to the organisation's LRS in the background: a thread of its own drains the data
//! folder's outbox at start, whenever a result is saved, the LRS settings change or the player
//! asks, and when a retry is due (the core's back-off), so the network never touches a frame.
//! The settings screen shows what it says.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bevy::prelude::*;

use super::GameOptions;
use super::data::{Pack, SaveStatus};
use super::settings::Settings;
use rapport_core::authoring::pack::Playable;
use rapport_core::store::outbox::count;
use rapport_core::store::secrets::{LRS_PASSWORD_FILE, read_private, write_private};
use rapport_core::xapi::lrs::Lrs;
use rapport_core::xapi::sync::{configured, drain, retry_after};

/// How often a healthy sync looks again (results made by the command line, say).
const RECHECK: Duration = Duration::from_secs(60);

/// What the sync is doing.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Phase {
    /// Not started yet.
    #[default]
    Starting,
    /// No LRS is set: results stay in the outbox.
    NoLrs,
    Sending,
    /// The last attempt stored everything.
    Sent,
    /// The last attempt failed with this message; the next is due at `retry_at`.
    Failing {
        message: String,
        retry_at: Instant,
    },
}

/// The sync's state as the interface shows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyncState {
    /// Statements in the outbox.
    pub waiting: usize,
    /// Statements the LRS stored since the game started.
    pub sent: usize,
    pub phase: Phase,
}

/// The running sync: its state, and a way to wake it.
#[derive(Clone, Resource)]
pub struct LrsSync {
    state: Arc<Mutex<SyncState>>,
    wake: Sender<()>,
}

impl LrsSync {
    /// The state now (a copy; the worker never holds the lock across the network).
    pub fn state(&self) -> SyncState {
        self.state.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Asks for an attempt now.
    pub fn send_now(&self) {
        let _ = self.wake.send(());
    }
}

/// The LRS password as saved in the data folder (owner-only file), edited on the settings
/// screen; never written to the settings file.
#[derive(Debug, Default, Resource)]
pub struct LrsPassword(pub String);

/// Intent: keep this LRS password.
#[derive(Debug, Event)]
pub struct SetLrsPassword(pub String);

/// Why the password could not be kept, shown under its field.
#[derive(Debug, Default, Resource)]
pub struct LrsPasswordError(pub Option<String>);

pub(super) fn plugin(app: &mut App) {
    let data_dir = app.world().resource::<GameOptions>().data_dir.clone();
    // A password others can read is not used; the field then starts empty and says why.
    let (saved, problem) = match read_private(&data_dir.join(LRS_PASSWORD_FILE)) {
        Ok(password) => (password, None),
        Err(e) if data_dir.join(LRS_PASSWORD_FILE).exists() => (String::new(), Some(e.to_string())),
        Err(_) => (String::new(), None),
    };
    app.insert_resource(LrsPassword(saved))
        .insert_resource(LrsPasswordError(problem))
        .add_observer(on_set_password)
        .add_systems(Update, (start_sync, wake_on_change));
}

fn on_set_password(
    event: On<SetLrsPassword>,
    mut password: ResMut<LrsPassword>,
    mut problem: ResMut<LrsPasswordError>,
    options: Res<GameOptions>,
    sync: Option<Res<LrsSync>>,
) {
    password.0 = event.0.clone();
    let path = options.data_dir.join(LRS_PASSWORD_FILE);
    problem.0 = write_private(&path, &event.0).err().map(|e| e.to_string());
    if let Some(sync) = sync {
        sync.send_now();
    }
}

/// Starts the worker once the pack is loaded (the statements name the replies on offer).
fn start_sync(
    mut commands: Commands,
    sync: Option<Res<LrsSync>>,
    pack: Option<Res<Pack>>,
    options: Res<GameOptions>,
) {
    let (None, Some(pack)) = (sync, pack) else {
        return;
    };
    let (wake, woken) = channel();
    let state = Arc::new(Mutex::new(SyncState::default()));
    let worker = Worker {
        data_dir: options.data_dir.clone(),
        pack: pack.playable(),
        state: Arc::clone(&state),
    };
    let started = std::thread::Builder::new()
        .name("lrs-sync".to_owned())
        .spawn(move || worker.run(&woken));
    if let Err(e) = started {
        // Results still reach the outbox; `rapport xapi send` can deliver them.
        error!("cannot start the LRS sync: {e}");
    }
    let _ = wake.send(());
    commands.insert_resource(LrsSync { state, wake });
}

/// A saved result or changed LRS settings: try now rather than at the next retry.
fn wake_on_change(sync: Option<Res<LrsSync>>, save: Res<SaveStatus>, settings: Res<Settings>) {
    let Some(sync) = sync else {
        return;
    };
    let saved = save.is_changed() && matches!(*save, SaveStatus::Saved(_));
    if saved || (settings.is_changed() && !settings.is_added()) {
        sync.send_now();
    }
}

/// The sync thread's own data.
struct Worker {
    data_dir: PathBuf,
    pack: Vec<Playable>,
    state: Arc<Mutex<SyncState>>,
}

impl Worker {
    /// Waits for a wake-up or a due retry, then tries; ends when the game has gone.
    fn run(self, woken: &Receiver<()>) {
        let mut failures = 0u32;
        let mut wait: Option<Duration> = None;
        loop {
            let next = match wait {
                Some(d) => woken.recv_timeout(d),
                None => woken.recv().map_err(|_| RecvTimeoutError::Disconnected),
            };
            if next == Err(RecvTimeoutError::Disconnected) {
                return;
            }
            // Several wake-ups while busy make one attempt.
            while woken.try_recv().is_ok() {}
            wait = match self.attempt() {
                Ok(true) => {
                    failures = 0;
                    Some(RECHECK)
                }
                Ok(false) => None,
                Err(message) => {
                    failures = failures.saturating_add(1);
                    let pause = retry_after(failures);
                    self.set_phase(Phase::Failing {
                        message,
                        retry_at: Instant::now() + pause,
                    });
                    Some(pause)
                }
            };
            self.refresh_counts();
        }
    }

    /// One attempt: `Ok(false)` when no LRS is set.
    fn attempt(&self) -> Result<bool, String> {
        let layers = [crate::system::lrs_from_environment()];
        let Some(config) = configured(&self.data_dir, &layers).map_err(|e| e.to_string())? else {
            self.set_phase(Phase::NoLrs);
            return Ok(false);
        };
        self.set_phase(Phase::Sending);
        let lrs = Lrs::new(config);
        let mut before = 0;
        let drained = drain(&self.data_dir, &self.pack, &lrs, 100, |sent, total| {
            if let Ok(mut state) = self.state.lock() {
                state.waiting = total - sent;
                state.sent += sent - before;
            }
            before = sent;
        });
        drained.map_err(|e| e.to_string())?;
        self.set_phase(Phase::Sent);
        Ok(true)
    }

    fn set_phase(&self, phase: Phase) {
        if let Ok(mut state) = self.state.lock() {
            state.phase = phase;
        }
    }

    fn refresh_counts(&self) {
        if let Ok(counted) = count(&self.data_dir)
            && let Ok(mut state) = self.state.lock()
        {
            state.waiting = counted.waiting;
        }
    }
}
