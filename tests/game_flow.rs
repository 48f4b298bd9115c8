//! The game without a window: plays a shipped scenario to the debrief through the same events
//! the interface triggers, and checks the result file it saves.

mod common;

use std::time::{Duration, Instant};

use bevy::prelude::*;
use common::windowless::{app_with, screen, start_hot_seat, test_app};
use rapport::game::data::{LastRecord, Pack, RetrySave, SaveStatus};
use rapport::game::i18n::Lang;
use rapport::game::session::{
    ChooseReply, ContinueTalk, LeaveConversation, Session, Stage, StartConversation,
};
use rapport::game::settings::Settings;
use rapport::game::{GameOptions, Screen};
use rapport_core::assessment::Run;
use rapport_core::engine::record::{Mode, verify_record};
use rapport_core::engine::scenario::Outcome;
use rapport_core::store::results;

/// The LED store's best line at seed 7 (authored positions among the replies shown): won, 100.
const BEST_AT_SEED_7: &[usize] = &[2, 4, 3, 2, 4, 3, 3];

fn stage(app: &App) -> Stage {
    app.world().resource::<Session>().stage
}

/// The assessment run on screen.
fn run(app: &App) -> &Run {
    &app.world()
        .resource::<Session>()
        .assessment()
        .expect("an assessment is on screen")
        .run
}

fn wait_for_save(app: &mut App) -> std::path::PathBuf {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        app.update();
        match app.world().resource::<SaveStatus>() {
            SaveStatus::Saved(path) => return path.clone(),
            SaveStatus::Failed(message) => panic!("save failed: {message}"),
            _ if Instant::now() > deadline => panic!("the save never finished"),
            _ => std::thread::sleep(Duration::from_millis(5)),
        }
    }
}

fn start(app: &mut App, id: &str, seed: u64) {
    let playable = app
        .world()
        .resource::<Pack>()
        .0
        .iter()
        .filter_map(|e| e.scenario.as_ref().ok())
        .find(|p| p.scenario.id.as_str() == id)
        .cloned()
        .expect("shipped scenario in the pack");
    app.world_mut().trigger(StartConversation {
        playable,
        seed,
        seminar: None,
    });
    app.update();
}

#[test]
fn a_practice_conversation_is_played_to_the_debrief_and_saved() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = test_app(dir.path());
    assert_eq!(screen(&app), Screen::Title);
    start(&mut app, "led-store-cafe-owner", 7);
    assert_eq!(screen(&app), Screen::Conversation);
    assert_eq!(stage(&app), Stage::Choosing);

    // The best line: seven replies, each followed by the coach's feedback.
    for (turn, &position) in BEST_AT_SEED_7.iter().enumerate() {
        app.world_mut().trigger(ChooseReply { position });
        app.update();
        assert_eq!(stage(&app), Stage::Feedback { turn });
        // A reply while the feedback shows changes nothing.
        app.world_mut().trigger(ChooseReply { position: 1 });
        app.update();
        assert_eq!(
            app.world()
                .resource::<Session>()
                .conversation()
                .turns()
                .len(),
            turn + 1
        );
        app.world_mut().trigger(ContinueTalk);
        app.update();
    }
    assert_eq!(screen(&app), Screen::Debrief);

    let path = wait_for_save(&mut app);
    assert!(path.starts_with(dir.path().join(results::RESULTS_DIR)));
    let saved = results::load(&path).expect("the result file reads back");
    assert_eq!(saved.mode, Mode::Practice);
    assert_eq!(saved.player, "Test Trainee");
    assert_eq!(saved.report.scenario, "led-store-cafe-owner");
    assert_eq!(saved.report.seed, 7);
    assert_eq!(saved.report.outcome, Some(Outcome::Won));
    assert_eq!(saved.report.scores.overall, 100);
    assert_eq!(saved.report.transcript.len(), 7);
    // Latency is measured from the replies appearing to the pick.
    assert!(
        saved
            .report
            .transcript
            .iter()
            .all(|t| t.latency_ms.is_some())
    );
    assert_eq!(saved.scenario_hash.len(), 64);
    // The order each reply was shown in is kept, and re-drawn from the seed by verify.
    assert_eq!(saved.orders.len(), 7);
    assert_eq!(
        saved.orders[0],
        app.world().resource::<Session>().conversation().turns()[0].order
    );
    let pack = app.world().resource::<Pack>().playable();
    assert_eq!(verify_record(&saved, &pack), Vec::<String>::new());
}

#[test]
fn an_out_of_range_key_is_ignored_and_a_walk_out_still_saves() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = test_app(dir.path());
    start(&mut app, "led-store-cafe-owner", 1);
    app.world_mut().trigger(ChooseReply { position: 9 });
    app.update();
    assert_eq!(stage(&app), Stage::Choosing);
    // Rambling (melancholic replies) until the customer walks out.
    for position in [4, 2, 2] {
        assert!(!app.world().resource::<Session>().conversation().is_over());
        app.world_mut().trigger(ChooseReply { position });
        app.update();
        app.world_mut().trigger(ContinueTalk);
        app.update();
    }
    assert_eq!(screen(&app), Screen::Debrief);
    let saved = results::load(&wait_for_save(&mut app)).expect("reads back");
    assert_eq!(saved.report.outcome, Some(Outcome::WalkedOut));
    assert_eq!(saved.report.style.label.key(), "melancholic");
}

#[test]
fn an_assessment_is_played_through_and_its_result_verifies() {
    use rapport::game::assessment::{Definitions, StartAssessment};
    use rapport_core::assessment::{AssessmentResult, verify};

    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = test_app(dir.path());
    let definition = app.world().resource::<Definitions>().0[0]
        .clone()
        .expect("the shipped assessment validates");
    app.world_mut().trigger(StartAssessment {
        definition,
        candidate: "Cand 7".into(),
        extra_time: 1.5,
    });
    app.update();
    assert_eq!(screen(&app), Screen::Conversation);
    let journal = dir.path().join("journal");
    assert_eq!(
        std::fs::read_dir(&journal).map(|d| d.count()).unwrap_or(0),
        1,
        "journal started"
    );

    let stage = |app: &App| app.world().resource::<Session>().stage;
    for _ in 0..200 {
        match stage(&app) {
            Stage::Choosing => {
                // The candidate presses 1: the first reply in the displayed (shuffled) order.
                let position = run(&app).order()[0];
                app.world_mut().trigger(ChooseReply { position });
            }
            Stage::Feedback { .. } | Stage::Between => app.world_mut().trigger(ContinueTalk),
            Stage::Over => break,
        }
        app.update();
    }
    assert_eq!(stage(&app), Stage::Over);
    let path = wait_for_save(&mut app);
    app.world_mut().trigger(ContinueTalk);
    app.update();
    assert_eq!(screen(&app), Screen::AssessmentEnd);

    let result: AssessmentResult =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("saved"))
            .expect("an assessment result");
    assert_eq!(result.candidate, "Cand 7");
    assert_eq!(result.extra_time, 1.5);
    assert_eq!(result.records.len(), 3, "the practice is not scored");
    assert!(
        result
            .records
            .iter()
            .all(|r| r.time_used_ms.is_some() && !r.orders.is_empty())
    );
    let pack: Vec<_> = app
        .world()
        .resource::<Pack>()
        .0
        .iter()
        .filter_map(|e| e.scenario.clone().ok())
        .collect();
    assert_eq!(verify(&result, &pack, &[]), Vec::<String>::new());
    assert_eq!(
        std::fs::read_dir(&journal).map(|d| d.count()).unwrap_or(0),
        0,
        "journal removed after saving"
    );
}

#[test]
fn a_hot_seat_result_joins_the_open_seminar_without_coaching() {
    use rapport_core::seminar::Seminar;

    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = test_app(dir.path());
    let (path, seminar) = start_hot_seat(&mut app, "led-store-cafe-owner", 7, "Ann");
    for &position in BEST_AT_SEED_7 {
        app.world_mut().trigger(ChooseReply { position });
        app.update();
        // No coaching in the hot seat: the next replies come at once.
        assert_ne!(stage(&app), Stage::Feedback { turn: 0 });
    }
    assert_eq!(stage(&app), Stage::Over);
    app.world_mut().trigger(ContinueTalk);
    app.update();
    assert_eq!(screen(&app), Screen::Seminar);
    let saved = Seminar::load(&path).expect("seminar file");
    assert_eq!(saved.results.len(), 1);
    assert_eq!(saved.results[0].player, "Ann");
    assert_eq!(saved.results[0].report.scores.overall, 100);
    assert_eq!(
        saved.results[0].seminar.as_deref(),
        Some(seminar.id.as_str())
    );
}

#[test]
fn time_running_out_ends_a_scored_customer_as_lost() {
    use bevy::time::TimeUpdateStrategy;
    use rapport::game::assessment::{Definitions, StartAssessment};

    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = test_app(dir.path());
    let definition = app.world().resource::<Definitions>().0[0]
        .clone()
        .expect("shipped assessment");
    app.world_mut().trigger(StartAssessment {
        definition,
        candidate: "Slow".into(),
        extra_time: 1.0,
    });
    app.update();
    fn session(app: &App) -> &Session {
        app.world().resource::<Session>()
    }
    // The clock stands still until the test moves it, however slow the machine.
    app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::ZERO));
    // Through the warm-up quickly.
    while run(&app).part_index() == 0 {
        match session(&app).stage {
            Stage::Choosing => {
                let position = run(&app).order()[0];
                app.world_mut().trigger(ChooseReply { position });
            }
            _ => app.world_mut().trigger(ContinueTalk),
        }
        app.update();
    }
    // The last warm-up feedback, then the "next customer" card.
    for _ in 0..2 {
        if session(&app).stage != Stage::Choosing {
            app.world_mut().trigger(ContinueTalk);
            app.update();
        }
    }
    assert_eq!(session(&app).stage, Stage::Choosing);
    let now = app.world().resource::<Time<Real>>().elapsed();
    let left = run(&app)
        .time_left(now)
        .expect("a countdown on a scored customer")
        .0;
    assert_eq!(left.as_secs(), 600, "ten minutes for this customer");
    // Eleven minutes pass without a reply.
    app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_secs(60)));
    for _ in 0..11 {
        app.update();
    }
    assert_eq!(run(&app).part_index(), 2, "the next customer is up");
    assert_eq!(session(&app).stage, Stage::Between);
    let record = &run(&app).records()[0];
    assert!(record.timed_out);
    assert_eq!(
        record.report.outcome,
        Some(rapport_core::engine::scenario::Outcome::Lost)
    );
    assert!(record.time_used_ms.is_some_and(|ms| ms >= 600_000));
    // The journal kept ticking while the candidate thought.
    let journal = std::fs::read_dir(dir.path().join("journal"))
        .expect("journal")
        .next()
        .expect("one")
        .expect("entry");
    let text = std::fs::read_to_string(journal.path()).expect("journal text");
    assert!(text.contains("\"kind\":\"tick\"") && text.contains("\"kind\":\"time_out\""));
}

#[test]
fn leaving_a_conversation_returns_to_the_picker_and_saves_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = test_app(dir.path());
    start(&mut app, "led-store-cafe-owner", 7);
    app.world_mut().trigger(ChooseReply {
        position: BEST_AT_SEED_7[0],
    });
    app.update();
    app.world_mut().trigger(ContinueTalk);
    app.update();
    app.world_mut().trigger(LeaveConversation);
    app.update();
    assert_eq!(screen(&app), Screen::Picker);
    assert!(app.world().get_resource::<Session>().is_none());
    for _ in 0..5 {
        app.update();
    }
    assert!(matches!(
        app.world().resource::<SaveStatus>(),
        SaveStatus::Idle
    ));
    assert!(!dir.path().join(results::RESULTS_DIR).exists());
}

/// Plays the LED store's walk-out line at seed 1 (three rambling replies) to the debrief.
fn walk_out(app: &mut App) {
    start(app, "led-store-cafe-owner", 1);
    for position in [4, 2, 2] {
        app.world_mut().trigger(ChooseReply { position });
        app.update();
        app.world_mut().trigger(ContinueTalk);
        app.update();
    }
    assert_eq!(screen(app), Screen::Debrief);
}

#[test]
fn a_failed_save_is_retried_and_the_same_result_lands() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A file where the results folder should be makes the save fail.
    let blocker = dir.path().join(results::RESULTS_DIR);
    std::fs::write(&blocker, "not a folder").expect("write");
    let mut app = test_app(dir.path());
    walk_out(&mut app);
    let deadline = Instant::now() + Duration::from_secs(60);
    while !matches!(app.world().resource::<SaveStatus>(), SaveStatus::Failed(_)) {
        assert!(Instant::now() < deadline, "the save never failed");
        app.update();
        std::thread::sleep(Duration::from_millis(5));
    }
    std::fs::remove_file(&blocker).expect("unblock");
    app.world_mut().trigger(RetrySave);
    let saved = results::load(&wait_for_save(&mut app)).expect("reads back");
    let last = app.world().resource::<LastRecord>().0.clone();
    assert_eq!(Some(saved), last);
    assert_eq!(results::load_all(dir.path()).0.len(), 1);
}

#[test]
fn settings_changed_in_the_game_are_there_next_time_and_used() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = test_app(dir.path());
    {
        let mut settings = app.world_mut().resource_mut::<Settings>();
        settings.lang = Lang::Ru;
        settings.fullscreen = true;
        settings.slow_reply_secs = 45;
        settings.ui_scale = 1.3;
    }
    app.update();
    drop(app);

    let mut again = app_with(GameOptions {
        data_dir: dir.path().to_owned(),
        ..GameOptions::default()
    });
    let settings = again.world().resource::<Settings>().clone();
    assert_eq!(settings.player, "Test Trainee");
    assert_eq!(settings.lang, Lang::Ru);
    assert!(settings.fullscreen);
    assert_eq!(settings.slow_reply_secs, 45);
    assert!((settings.ui_scale - 1.3).abs() < 1e-6);
    // The remembered threshold is the one the next conversation scores with.
    walk_out(&mut again);
    let saved = results::load(&wait_for_save(&mut again)).expect("reads back");
    assert_eq!(saved.slow_reply_ms, 45_000);
    assert_eq!(saved.player, "Test Trainee");
}

/// A game app over `data_dir` with the recruiter's key, as `rapport --seal-key` starts it.
fn sealing_app(data_dir: &std::path::Path, key: &rapport_core::assessment::seal::SealKey) -> App {
    app_with(GameOptions {
        data_dir: data_dir.to_owned(),
        player: Some("Test Trainee".into()),
        seal_key: Some(key.clone()),
        ..GameOptions::default()
    })
}

/// Gives the displayed first reply or goes on, `steps` times or until the run is over.
fn press_on(app: &mut App, steps: usize) {
    for _ in 0..steps {
        match stage(app) {
            Stage::Choosing => {
                let position = run(app).order()[0];
                app.world_mut().trigger(ChooseReply { position });
            }
            Stage::Feedback { .. } | Stage::Between => app.world_mut().trigger(ContinueTalk),
            Stage::Over => return,
        }
        app.update();
    }
}

#[test]
fn an_interrupted_assessment_resumes_in_the_game_and_its_sealed_result_checks_only_with_the_key() {
    use rapport::game::assessment::{
        Definitions, InterruptedRuns, ResumeAssessment, StartAssessment,
    };
    use rapport_core::assessment::checker::Checker;
    use rapport_core::assessment::seal::SealKey;
    use rapport_core::store::journal::interrupted_runs;

    let dir = tempfile::tempdir().expect("temp dir");
    let key = SealKey::generate().expect("key");
    let mut first = sealing_app(dir.path(), &key);
    let definition = first.world().resource::<Definitions>().0[0]
        .clone()
        .expect("the shipped assessment validates");
    first.world_mut().trigger(StartAssessment {
        definition,
        candidate: "Rita Resume".into(),
        extra_time: 1.0,
    });
    first.update();
    // Through the practice customer and into the first scored one, then the machine dies.
    while run(&first).part_index() == 0 {
        press_on(&mut first, 1);
    }
    press_on(&mut first, 4);
    let part = run(&first).part_index();
    let said = |app: &App| -> Vec<String> {
        let c = run(app).conversation();
        c.turns()
            .iter()
            .map(|t| c.turn_choice(t).say.clone())
            .collect()
    };
    let replies_before = said(&first);
    assert!(
        !replies_before.is_empty(),
        "replies given in the scored part"
    );
    drop(first);

    let mut second = sealing_app(dir.path(), &key);
    assert!(
        second.world().resource::<InterruptedRuns>().0,
        "the menu offers to resume"
    );
    let journals = interrupted_runs(dir.path());
    assert_eq!(journals.len(), 1);
    second
        .world_mut()
        .trigger(ResumeAssessment(journals[0].journal.clone()));
    second.update();
    assert_eq!(screen(&second), Screen::Conversation);
    assert_eq!(run(&second).part_index(), part, "back at the same customer");
    assert_eq!(
        said(&second),
        replies_before,
        "with the replies already given"
    );
    press_on(&mut second, 300);
    assert_eq!(stage(&second), Stage::Over);
    let path = wait_for_save(&mut second);
    let scored = &run(&second).records()[part - 1];
    let first_scored_replies: Vec<String> = scored
        .report
        .transcript
        .iter()
        .take(replies_before.len())
        .map(|t| t.reply.clone())
        .collect();
    assert_eq!(first_scored_replies, replies_before);

    let with_key = Checker::new(&[], &[], Some(key.clone())).check_file(&path);
    assert_eq!(with_key.problems, Vec::<String>::new());
    assert_eq!(with_key.sealed_by, Some(key.fingerprint()));
    let other = SealKey::generate().expect("another key");
    let with_other = Checker::new(&[], &[], Some(other)).check_file(&path);
    assert!(
        with_other.problems.iter().any(|p| p.contains("seal")),
        "{:?}",
        with_other.problems
    );
    assert!(interrupted_runs(dir.path()).is_empty(), "journal removed");
}

#[test]
fn a_broken_folder_scenario_is_listed_with_its_position_and_never_offered() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("mine");
    std::fs::create_dir_all(&folder).expect("folder");
    let shipped = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/led-store-cafe-owner.ron"
    ))
    .expect("shipped file");
    // The shipped id, broken: it replaces the shipped copy instead of standing beside it.
    let broken = shipped.replacen("start: \"greeting\"", "start: \"nowhere\"", 1);
    assert_ne!(broken, shipped, "the fixture changes the start");
    std::fs::write(folder.join("led.ron"), broken).expect("write");
    let app = app_with(GameOptions {
        data_dir: dir.path().to_owned(),
        scenario_dirs: vec![folder.clone()],
        ..GameOptions::default()
    });
    let pack = app.world().resource::<Pack>();
    let entry = pack
        .0
        .iter()
        .find(|e| e.origin.ends_with("led.ron"))
        .expect("listed");
    let errors = entry.scenario.as_ref().expect_err("refused");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("led.ron:") && e.contains("\"nowhere\"")),
        "{errors:?}"
    );
    assert!(
        pack.playable()
            .iter()
            .all(|p| p.scenario.id.as_str() != "led-store-cafe-owner"),
        "the shipped copy is not offered beside the broken one"
    );
}

/// Waits (updating the app) until the background LRS sync's state passes `done`.
fn wait_for_sync(
    app: &mut App,
    done: impl Fn(&rapport::game::lrs_sync::SyncState) -> bool,
) -> rapport::game::lrs_sync::SyncState {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        app.update();
        if let Some(sync) = app
            .world()
            .get_resource::<rapport::game::lrs_sync::LrsSync>()
        {
            let state = sync.state();
            if done(&state) {
                return state;
            }
            assert!(
                Instant::now() < deadline,
                "the sync never got there: {state:?}"
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_game_sends_a_saved_result_to_the_lrs_in_the_background_retrying_until_it_is_up() {
    use rapport::game::lrs_sync::Phase;
    use rapport_core::xapi::local::{LocalLrs, free_port};
    use rapport_core::xapi::lrs::{Lrs, Query};

    let dir = tempfile::tempdir().expect("temp dir");
    let port = free_port().expect("port");
    let url = format!("http://127.0.0.1:{port}/xAPI");
    std::fs::write(
        dir.path().join("settings.json"),
        format!(r#"{{"xapi": {{"lrs_url": "{url}", "lrs_user": "game"}}}}"#),
    )
    .expect("settings");
    let password = dir
        .path()
        .join(rapport_core::store::secrets::LRS_PASSWORD_FILE);
    rapport_core::store::secrets::write_private(&password, "pw").expect("password");
    let mut app = test_app(dir.path());
    start(&mut app, "led-store-cafe-owner", 7);
    for &position in BEST_AT_SEED_7 {
        app.world_mut().trigger(ChooseReply { position });
        app.update();
        app.world_mut().trigger(ContinueTalk);
        app.update();
    }
    let saved = wait_for_save(&mut app);
    // The LRS is down: the sync says why and keeps everything.
    let failing = wait_for_sync(&mut app, |s| {
        matches!(s.phase, Phase::Failing { .. }) && s.waiting > 0
    });
    let Phase::Failing { message, .. } = &failing.phase else {
        unreachable!("matched above")
    };
    assert!(message.contains("cannot reach the LRS"), "{message}");
    // Up: the next retry (5 s after the first failure) stores the result's statements.
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let lrs = LocalLrs::start_on(repo, port, "game", "pw").expect("the LRS starts");
    let sent = wait_for_sync(&mut app, |s| s.phase == Phase::Sent);
    assert_eq!(sent.waiting, 0);
    assert_eq!(sent.sent, failing.waiting);
    let bytes = std::fs::read(&saved).expect("result");
    let pack = app.world().resource::<Pack>().playable();
    let made = rapport_core::xapi::statements::of_result_file(
        &saved,
        &bytes,
        rapport_core::xapi::DEFAULT_HOME_PAGE,
        &pack,
    )
    .expect("statements");
    let stored = Lrs::new(lrs.config.clone())
        .fetch(&Query {
            registration: Some(made.statements[0].context.registration.clone()),
            ..Query::default()
        })
        .expect("fetch");
    let stored_ids: std::collections::BTreeSet<&str> =
        stored.iter().filter_map(|s| s["id"].as_str()).collect();
    let made_ids: std::collections::BTreeSet<&str> =
        made.statements.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(stored_ids, made_ids);
}
