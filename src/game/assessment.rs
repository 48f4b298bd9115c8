//! Assessment mode in the game: starting or resuming a candidate's run, handing replies and the
//! clock to the core's `Run`, showing what it says follows, and saving the result off the frame.

use std::path::{Path, PathBuf};
use std::time::Duration;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy::winit::{UpdateMode, WinitSettings};

use super::data::{Pack, SaveJob};
use super::session::{Session, Stage, Talk};
use super::{GameOptions, Screen};
use crate::system::now;
use rapport_core::assessment::{
    AssessmentResult, DefinitionFile, JournalEntry, OfferedDefinition, Run, RunError, RunStart,
    RunStep, load_definitions,
};
use rapport_core::store::journal::{
    discard_journal, interrupted_runs, journal_path, read_journal, remove_journal,
};
use rapport_core::store::results::save_assessment;

/// The definitions offered to candidates.
#[derive(Debug, Default, Resource)]
pub struct Definitions(pub Vec<OfferedDefinition>);

/// A candidate's run on screen, and its result once every part is played.
pub struct AssessmentTalk {
    pub run: Run,
    pub result: Option<AssessmentResult>,
}

/// The stage the screen shows after a step of the run.
fn stage_after(step: RunStep) -> Stage {
    match step {
        RunStep::NextTurn => Stage::Choosing,
        RunStep::Feedback { turn } => Stage::Feedback { turn },
        RunStep::NextCustomer { .. } => Stage::Between,
        RunStep::Finished { .. } => Stage::Over,
    }
}

impl AssessmentTalk {
    /// Gives a reply at `now` (the app's real time); the stage that follows, or the problem to
    /// show (`None` for a key that picks no reply, which changes nothing).
    pub(super) fn reply(
        &mut self,
        position: usize,
        latency: Duration,
        now: Duration,
    ) -> Result<Stage, Option<AssessmentProblem>> {
        match self.run.reply(position, Some(latency), Some(now)) {
            Ok(step) => Ok(stage_after(step)),
            Err(RunError::Choose { .. }) => Err(None),
            Err(e) => Err(Some(AssessmentProblem::Run(e))),
        }
    }

    /// What "continue" leads to from `stage`: the next stage, or `None` for the end screen.
    pub(super) fn after(&mut self, stage: Stage, now: Duration) -> Option<Stage> {
        match stage {
            Stage::Choosing => Some(Stage::Choosing),
            Stage::Feedback { .. } if !self.run.part_just_ended() => Some(Stage::Choosing),
            // The warm-up is over: say so before the first scored customer.
            Stage::Feedback { .. } if !self.run.is_finished() => Some(Stage::Between),
            Stage::Feedback { .. } => Some(Stage::Over),
            Stage::Between => {
                // The next customer walks in: the part's clock starts.
                self.run.start_clock(now);
                Some(Stage::Choosing)
            }
            Stage::Over => None,
        }
    }

    /// Whether the current part is scored (timed, shuffled, without feedback).
    pub fn scored(&self) -> bool {
        self.run.part().is_some_and(|p| p.scored)
    }
}

/// Intent: a candidate starts an assessment.
#[derive(Debug, Event)]
pub struct StartAssessment {
    pub definition: DefinitionFile,
    pub candidate: String,
    pub extra_time: f64,
}

/// Intent: resume the run journaled at this path.
#[derive(Debug, Event)]
pub struct ResumeAssessment(pub PathBuf);

/// Intent: the recruiter confirmed discarding an interrupted run; `by` is their key's
/// fingerprint when results are sealed.
#[derive(Debug, Event)]
pub struct DiscardRun {
    pub journal: PathBuf,
    pub by: Option<String>,
}

/// Whether an interrupted run waits in the data folder (looked up when the menu opens).
#[derive(Debug, Default, Resource)]
pub struct InterruptedRuns(pub bool);

/// Why an assessment could not start or go on.
#[derive(Debug)]
pub enum AssessmentProblem {
    /// The core refused (a journal that cannot be resumed, a write that failed, …).
    Run(RunError),
    /// The file offered for resuming is not a journal of a run.
    NotAJournal(PathBuf),
    /// The journal's assessment is no longer offered.
    Unavailable(String),
    /// Discarding a run failed (the operating system's words).
    Discard(String),
}

/// The problem shown to the recruiter, if any.
#[derive(Debug, Default, Resource)]
pub struct AssessmentError(pub Option<AssessmentProblem>);

pub(super) fn plugin(app: &mut App) {
    let options = app.world().resource::<GameOptions>().clone();
    let pack = app.world().resource::<Pack>().playable();
    app.insert_resource(Definitions(load_definitions(
        &options.assessment_dirs,
        &pack,
    )))
    .init_resource::<AssessmentError>()
    .init_resource::<InterruptedRuns>()
    .add_systems(OnEnter(Screen::Title), look_for_interrupted_runs)
    .add_observer(on_start)
    .add_observer(on_resume)
    .add_observer(on_discard)
    .add_systems(
        Update,
        (keep_time, save_when_finished)
            .chain()
            .run_if(is_assessment_running),
    );
}

/// Whether the conversation on screen is an assessment.
fn is_assessment_running(session: Option<Res<Session>>) -> bool {
    session.is_some_and(|s| s.assessment().is_some())
}

fn look_for_interrupted_runs(mut found: ResMut<InterruptedRuns>, options: Res<GameOptions>) {
    found.0 = !interrupted_runs(&options.data_dir).is_empty();
}

fn on_discard(
    event: On<DiscardRun>,
    mut found: ResMut<InterruptedRuns>,
    mut error: ResMut<AssessmentError>,
    options: Res<GameOptions>,
) {
    match discard_journal(&event.journal, now(), event.by.clone()) {
        Ok(kept) => info!("discarded run kept at {}", kept.display()),
        Err(e) => error.0 = Some(AssessmentProblem::Discard(e.to_string())),
    }
    // Marks the offers changed, so the list follows the data folder.
    found.0 = !interrupted_runs(&options.data_dir).is_empty();
    found.set_changed();
}

/// A ticking countdown needs frames even without input; restored when the run ends.
pub(super) fn set_frame_rate(winit: Option<&mut WinitSettings>, running: bool) {
    if let Some(winit) = winit {
        *winit = if running {
            WinitSettings {
                focused_mode: UpdateMode::reactive(Duration::from_millis(250)),
                unfocused_mode: UpdateMode::reactive(Duration::from_millis(250)),
            }
        } else {
            WinitSettings::desktop_app()
        };
    }
}

/// What starting or resuming a run needs from the world.
#[derive(SystemParam)]
struct Opening<'w, 's> {
    commands: Commands<'w, 's>,
    time: Res<'w, Time<Real>>,
    pack: Res<'w, Pack>,
    options: Res<'w, GameOptions>,
    definitions: Res<'w, Definitions>,
    error: ResMut<'w, AssessmentError>,
    next: ResMut<'w, NextState<Screen>>,
    winit: Option<ResMut<'w, WinitSettings>>,
}

impl Opening<'_, '_> {
    /// Begins (or resumes) a run and opens the conversation screen, or shows why it could not.
    fn open(
        &mut self,
        definition: &DefinitionFile,
        candidate: &str,
        extra_time: f64,
        journal: &Path,
    ) {
        let begun = Run::begin(RunStart {
            file: definition,
            pack: &self.pack.playable(),
            candidate,
            extra_time,
            timed: true,
            journal: Some(journal),
            seal_key: self.options.seal_key.clone(),
            now: now(),
        });
        match begun {
            Ok(run) => {
                self.error.0 = None;
                self.commands.insert_resource(Session {
                    stage: Stage::Between,
                    shown_at: self.time.elapsed(),
                    talk: Talk::Assessment(Box::new(AssessmentTalk { run, result: None })),
                });
                set_frame_rate(self.winit.as_deref_mut(), true);
                self.next.set(Screen::Conversation);
            }
            Err(e) => self.error.0 = Some(AssessmentProblem::Run(e)),
        }
    }
}

fn on_start(event: On<StartAssessment>, mut opening: Opening) {
    let journal = journal_path(
        &opening.options.data_dir,
        &event.definition.def.id,
        &event.candidate,
    );
    opening.open(
        &event.definition,
        &event.candidate,
        event.extra_time,
        &journal,
    );
}

fn on_resume(event: On<ResumeAssessment>, mut opening: Opening) {
    let found = read_journal(&event.0)
        .ok()
        .and_then(|entries| match entries.into_iter().next() {
            Some(JournalEntry::Begin {
                assessment,
                candidate,
                extra_time,
                ..
            }) => Some((assessment, candidate, extra_time)),
            _ => None,
        });
    let Some((id, candidate, extra_time)) = found else {
        opening.error.0 = Some(AssessmentProblem::NotAJournal(event.0.clone()));
        return;
    };
    let definition = opening
        .definitions
        .0
        .iter()
        .filter_map(|d| d.as_ref().ok())
        .find(|d| d.def.id == id)
        .cloned();
    match definition {
        Some(definition) => opening.open(&definition, &candidate, extra_time, &event.0),
        None => opening.error.0 = Some(AssessmentProblem::Unavailable(id)),
    }
}

/// Hands the clock to the run every frame: it journals the time used and ends a scored part
/// whose time has run out.
fn keep_time(
    mut session: ResMut<Session>,
    time: Res<Time<Real>>,
    mut error: ResMut<AssessmentError>,
) {
    if session.stage != Stage::Choosing {
        return;
    }
    let Talk::Assessment(a) = &mut session.talk else {
        return;
    };
    match a.run.check_clock(time.elapsed()) {
        Ok(Some(step)) => session.stage = stage_after(step),
        Ok(None) => {}
        Err(e) => error.0 = Some(AssessmentProblem::Run(e)),
    }
}

/// The one place a finished run is saved (off the frame; the journal goes once the result is
/// on disk): after the last reply or time-out, or at once for a resumed journal that already
/// holds every reply because the app died while saving.
fn save_when_finished(
    mut session: ResMut<Session>,
    mut jobs: MessageWriter<SaveJob>,
    options: Res<GameOptions>,
) {
    let session = &mut *session;
    let Talk::Assessment(a) = &mut session.talk else {
        return;
    };
    if !a.run.is_finished() || a.result.is_some() {
        return;
    }
    let result = a.run.result(now());
    a.result = Some(result.clone());
    session.stage = Stage::Over;
    let journal = a.run.journal_path().map(Path::to_owned);
    let data_dir = options.data_dir.clone();
    let pack: Vec<_> = a.run.parts().iter().map(|p| p.playable.clone()).collect();
    jobs.write(SaveJob(Box::new(move || {
        let path = save_assessment(&data_dir, &result, &pack).map_err(|e| e.to_string())?;
        if let Some(journal) = journal {
            remove_journal(&journal);
        }
        Ok(path)
    })));
}
