//! Assessment mode in the game: starting or resuming a candidate's run, forwarding replies with
//! their latency and the time used, the countdown and time-outs, and saving the result.

use std::path::PathBuf;
use std::time::Duration;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy::winit::{UpdateMode, WinitSettings};

use super::data::{Pack, SaveJob};
use super::session::{ChooseReply, ContinueTalk, Session, Stage};
use super::{GameOptions, Screen};
use crate::sim::assessment::{
    AssessmentResult, DefinitionFile, OfferedDefinition, Run, journal_path, limits,
    load_definitions, save_result,
};
use crate::sim::dialogue::Conversation;

/// How often the time used is written to the journal while the candidate thinks.
const TICK_MS: u64 = 5_000;

/// The definitions offered to candidates.
#[derive(Debug, Default, Resource)]
pub struct Definitions(pub Vec<OfferedDefinition>);

/// A candidate's assessment in progress.
#[derive(Resource)]
pub struct AssessmentSession {
    pub run: Run,
    pub stage: Stage,
    /// The app's real time now (`Time<Real>`), refreshed every frame.
    now: Duration,
    /// When the replies appeared, for the latency.
    shown_at: Duration,
    /// When the current part's clock last started, and the time it had used before.
    clock: Option<(Duration, u64)>,
    last_tick: u64,
    /// The finished result, once every part is played.
    pub result: Option<AssessmentResult>,
}

impl AssessmentSession {
    fn new(run: Run, now: Duration) -> Self {
        let resumed_ms = run.used_ms;
        Self {
            run,
            stage: Stage::Between,
            now,
            shown_at: now,
            clock: None,
            last_tick: resumed_ms,
            result: None,
        }
    }

    /// Time used in the current part, counting the running clock.
    pub fn used_ms(&self) -> u64 {
        match self.clock {
            Some((since, before)) => before.saturating_add(
                u64::try_from(self.now.saturating_sub(since).as_millis()).unwrap_or(u64::MAX),
            ),
            None => self.run.used_ms,
        }
    }

    /// Shows the replies now: the latency clock starts.
    fn show_replies(&mut self) {
        self.stage = Stage::Choosing;
        self.shown_at = self.now;
    }

    /// Whether the current part is scored (timed, shuffled, without feedback).
    pub fn scored(&self) -> bool {
        self.run.part().is_some_and(|p| p.scored)
    }

    /// The conversation on screen: the part just finished while it is being looked back on.
    pub fn viewed(&self) -> &Conversation {
        match self.stage {
            Stage::Choosing => &self.run.conversation,
            Stage::Feedback { .. } | Stage::Between | Stage::Over => self
                .run
                .last_finished
                .as_ref()
                .filter(|_| self.part_just_ended())
                .unwrap_or(&self.run.conversation),
        }
    }

    /// The current part has no reply yet, so what is on screen belongs to the previous part.
    fn part_just_ended(&self) -> bool {
        self.run.is_finished()
            || (self.run.conversation.turns().is_empty() && self.run.last_finished.is_some())
    }

    /// Time left in the part and in total, for the countdown (scored parts only).
    pub fn time_left(&self) -> Option<(Duration, Duration)> {
        if !self.scored() || self.stage != Stage::Choosing {
            return None;
        }
        let (part, total) = limits(&self.run.def, self.run.extra_time);
        let used = Duration::from_millis(self.used_ms());
        let used_total = used.saturating_add(Duration::from_millis(self.run.used_before_ms));
        Some((part.saturating_sub(used), total.saturating_sub(used_total)))
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

/// Whether an interrupted run waits in the data folder (looked up when the menu opens).
#[derive(Debug, Default, Resource)]
pub struct InterruptedRuns(pub bool);

/// Why an assessment could not start or go on, shown to the recruiter.
#[derive(Debug, Default, Resource)]
pub struct AssessmentError(pub Option<String>);

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
    .add_observer(on_choose)
    .add_observer(on_continue)
    .add_systems(
        Update,
        (sync_clock, keep_time, save_when_finished)
            .chain()
            .run_if(resource_exists::<AssessmentSession>),
    );
}

fn look_for_interrupted_runs(mut found: ResMut<InterruptedRuns>, options: Res<GameOptions>) {
    found.0 = !crate::sim::assessment::interrupted_runs(&options.data_dir).is_empty();
}

/// A ticking countdown needs frames even without input; restored when the run ends.
fn set_frame_rate(winit: Option<&mut WinitSettings>, running: bool) {
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
        journal: &std::path::Path,
    ) {
        match Run::begin_sealed(
            definition,
            &self.pack.playable(),
            candidate,
            extra_time,
            true,
            Some(journal),
            self.options.seal_key.clone(),
        ) {
            Ok(run) => {
                self.error.0 = None;
                self.commands.remove_resource::<Session>();
                self.commands
                    .insert_resource(AssessmentSession::new(run, self.time.elapsed()));
                set_frame_rate(self.winit.as_deref_mut(), true);
                self.next.set(Screen::Conversation);
            }
            Err(e) => self.error.0 = Some(e.to_string()),
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
    let found = crate::sim::assessment::read_journal(&event.0)
        .ok()
        .and_then(|entries| match entries.into_iter().next() {
            Some(crate::sim::assessment::JournalEntry::Begin {
                assessment,
                candidate,
                extra_time,
                ..
            }) => Some((assessment, candidate, extra_time)),
            _ => None,
        });
    let Some((id, candidate, extra_time)) = found else {
        opening.error.0 = Some(format!(
            "{}: not a journal that can be resumed",
            event.0.display()
        ));
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
        None => opening.error.0 = Some(format!("the assessment \"{id}\" is no longer available")),
    }
}

/// After a reply or a time-out: feedback in the practice part, else the next customer or the end.
fn after_turn(session: &mut AssessmentSession, part_before: usize) {
    let practice = session
        .run
        .parts
        .get(part_before)
        .is_some_and(|p| !p.scored);
    let part_over = session.run.current != part_before;
    if part_over {
        session.clock = None;
    }
    session.stage = if practice && session.run.last_finished.is_some() && part_over {
        let turn = session
            .run
            .last_finished
            .as_ref()
            .map_or(0, |c| c.turns().len().saturating_sub(1));
        Stage::Feedback { turn }
    } else if practice {
        Stage::Feedback {
            turn: session.run.conversation.turns().len().saturating_sub(1),
        }
    } else if part_over {
        Stage::Between
    } else {
        session.shown_at = session.now;
        Stage::Choosing
    };
}

fn on_choose(
    event: On<ChooseReply>,
    session: Option<ResMut<AssessmentSession>>,
    mut error: ResMut<AssessmentError>,
) {
    let Some(mut session) = session else {
        return;
    };
    if session.stage != Stage::Choosing {
        return;
    }
    let latency = session.now.saturating_sub(session.shown_at);
    let used = session.used_ms();
    let part = session.run.current;
    match session.run.reply(event.position, Some(latency), Some(used)) {
        Ok(()) => after_turn(&mut session, part),
        // Out of range keys change nothing; a journal write failure must be seen.
        Err(crate::sim::assessment::RunError::Choose { .. }) => {}
        Err(e) => error.0 = Some(e.to_string()),
    }
}

fn on_continue(
    _: On<ContinueTalk>,
    session: Option<ResMut<AssessmentSession>>,
    mut next: ResMut<NextState<Screen>>,
    mut winit: Option<ResMut<WinitSettings>>,
) {
    let Some(mut session) = session else {
        return;
    };
    match session.stage {
        Stage::Choosing => {}
        Stage::Feedback { .. } if !session.part_just_ended() => session.show_replies(),
        // The practice is over: say so before the first scored customer.
        Stage::Feedback { .. } => session.stage = Stage::Between,
        Stage::Between => {
            // The next customer walks in: start the part's clock and show the replies.
            let used = session.run.used_ms;
            session.clock = Some((session.now, used));
            // The next checkpoint counts from this part's own time.
            session.last_tick = used;
            session.show_replies();
            session.run.last_finished = None;
            next.set(Screen::Conversation);
        }
        Stage::Over => {
            set_frame_rate(winit.as_deref_mut(), false);
            next.set(Screen::AssessmentEnd);
        }
    }
}

/// Reads the app's real time once per frame; every duration of the run is measured on it.
fn sync_clock(time: Res<Time<Real>>, mut session: ResMut<AssessmentSession>) {
    session.now = time.elapsed();
}

/// The one place a finished run is saved (off the frame; the journal goes once the result is
/// on disk): after the last reply or time-out, or at once for a resumed journal that already
/// holds every reply because the app died while saving.
fn save_when_finished(
    mut session: ResMut<AssessmentSession>,
    mut jobs: MessageWriter<SaveJob>,
    options: Res<GameOptions>,
) {
    if !session.run.is_finished() || session.result.is_some() {
        return;
    }
    let result = session.run.result();
    session.result = Some(result.clone());
    session.stage = Stage::Over;
    let journal = session.run.journal_path().map(std::path::Path::to_owned);
    let data_dir = options.data_dir.clone();
    jobs.write(SaveJob(Box::new(move || {
        let path = save_result(&data_dir, &result).map_err(|e| e.to_string())?;
        if let Some(journal) = journal {
            let _ = std::fs::remove_file(journal);
        }
        Ok(path)
    })));
}

/// Journals the time used every few seconds and ends a scored part when its time runs out.
fn keep_time(session: Option<ResMut<AssessmentSession>>, mut error: ResMut<AssessmentError>) {
    let Some(mut session) = session else {
        return;
    };
    if session.stage != Stage::Choosing || session.clock.is_none() {
        return;
    }
    let used = session.used_ms();
    if used >= session.last_tick + TICK_MS {
        session.last_tick = used;
        if let Err(e) = session.run.tick(used) {
            error.0 = Some(e.to_string());
        }
    }
    if let Some((part, total)) = session.time_left()
        && (part.is_zero() || total.is_zero())
    {
        let before = session.run.current;
        match session.run.time_out(used) {
            Ok(()) => after_turn(&mut session, before),
            Err(e) => error.0 = Some(e.to_string()),
        }
    }
}
