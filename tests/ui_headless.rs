//! The real interface (bevy_egui's pipeline, every screen's egui system) in a windowless app:
//! keys and text reach egui as they would from a keyboard, and the screens react.

use bevy::asset::AssetPlugin;
use bevy::image::ImagePlugin;
use bevy::input::InputPlugin;
use bevy::prelude::*;
use bevy::shader::Shader;
use bevy::state::app::StatesPlugin;
use bevy::window::WindowPlugin;
use bevy_egui::input::EguiInputEvent;
use bevy_egui::{EguiContext, EguiPlugin, PrimaryEguiContext, egui};
use rapport::game::settings::Settings;
use rapport::game::{CorePlugin, GameOptions, InterfacePlugin, Screen};

fn ui_app(data_dir: &std::path::Path) -> App {
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        StatesPlugin,
        AssetPlugin::default(),
        ImagePlugin::default(),
        InputPlugin,
        WindowPlugin {
            primary_window: None,
            // Without a window the default condition would end the app at once.
            exit_condition: bevy::window::ExitCondition::DontExit,
            ..default()
        },
    ))
    .init_asset::<Shader>()
    .add_plugins(EguiPlugin::default())
    .add_plugins(CorePlugin {
        options: GameOptions {
            data_dir: data_dir.to_owned(),
            ..GameOptions::default()
        },
    })
    .add_plugins(InterfacePlugin);
    for _ in 0..3 {
        app.update();
    }
    app
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

fn context(app: &mut App) -> Entity {
    let mut query = app
        .world_mut()
        .query_filtered::<Entity, (With<EguiContext>, With<PrimaryEguiContext>)>();
    query.single(app.world()).expect("the primary egui context")
}

/// Hands one egui event to the primary context, as bevy_egui's input systems do.
fn send(app: &mut App, event: egui::Event) {
    let ctx = context(app);
    app.world_mut().write_message(EguiInputEvent {
        context: ctx,
        event,
    });
}

fn key_down(key: egui::Key, modifiers: egui::Modifiers) -> egui::Event {
    egui::Event::Key {
        key,
        physical_key: Some(key),
        pressed: true,
        repeat: false,
        modifiers,
    }
}

/// Sends what a keyboard sends for each typed character: the key press and the text.
fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        if let Some(key) = egui::Key::from_name(&c.to_ascii_uppercase().to_string()) {
            send(app, key_down(key, egui::Modifiers::NONE));
        }
        send(app, egui::Event::Text(c.to_string()));
        app.update();
    }
    app.update();
}

/// Sends one key press with these modifiers.
fn press(app: &mut App, key: egui::Key, modifiers: egui::Modifiers) {
    send(app, key_down(key, modifiers));
    app.update();
    app.update();
}

#[test]
fn a_name_typed_on_the_menu_never_fires_a_shortcut() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = ui_app(dir.path());
    assert_eq!(screen(&app), Screen::Title);
    // A, T, H, S and Q open screens or quit when the name field does not have the keyboard.
    type_text(&mut app, "Asha Tquist");
    assert_eq!(screen(&app), Screen::Title);
    assert!(app.world().resource::<Messages<AppExit>>().is_empty());
    assert_eq!(app.world().resource::<Settings>().player, "Asha Tquist");
}

#[test]
fn a_new_screen_opens_with_the_last_ones_scrolling_forgotten() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = ui_app(dir.path());
    let ctx = context(&mut app);
    // Scroll offsets live in egui's widget memory, like this probe.
    let probe = egui::Id::new("scroll-probe");
    let remember = |app: &mut App| {
        let mut context = app
            .world_mut()
            .get_mut::<EguiContext>(ctx)
            .expect("context");
        context
            .get_mut()
            .data_mut(|d| d.insert_persisted(probe, 42_u32));
    };
    let recalled = |app: &mut App| -> Option<u32> {
        let mut context = app
            .world_mut()
            .get_mut::<EguiContext>(ctx)
            .expect("context");
        context
            .get_mut()
            .data_mut(|d| d.get_persisted::<u32>(probe))
    };
    remember(&mut app);
    app.update();
    assert_eq!(recalled(&mut app), Some(42), "kept while the screen stays");
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::History);
    app.update();
    app.update();
    assert_eq!(screen(&app), Screen::History);
    assert_eq!(recalled(&mut app), None, "forgotten on the new screen");
}

#[test]
fn the_debrief_of_a_walk_out_names_the_stronger_reply_at_the_costly_turn() {
    use rapport::game::data::Pack;
    use rapport::game::screens::debrief::extras::Extras;
    use rapport::game::session::{ChooseReply, ContinueTalk, StartConversation};

    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = ui_app(dir.path());
    let playable = app
        .world()
        .resource::<Pack>()
        .playable()
        .into_iter()
        .find(|p| p.scenario.id.as_str() == "led-store-cafe-owner")
        .expect("shipped");
    app.world_mut().trigger(StartConversation {
        playable,
        seed: 1,
        seminar: None,
    });
    app.update();
    // The rambling line at seed 1 (authored positions): the customer walks out.
    for position in [4, 2, 2] {
        app.world_mut().trigger(ChooseReply { position });
        app.update();
        app.world_mut().trigger(ContinueTalk);
        app.update();
    }
    assert_eq!(screen(&app), Screen::Debrief);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let found = loop {
        app.update();
        if let Some(found) = app.world().resource::<Extras>().found.clone() {
            break found;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the search never ended"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    let seen = found.hindsight.expect("the shipped scenario replays");
    assert_eq!(seen.len(), 3);
    // Pinned from the search (the core checks it against `simulate`'s reach): after two
    // rambling replies a perfect talk is still possible; the third ends it with 0. The
    // stronger third reply is the erudite question about warm light at table height.
    assert_eq!(
        (seen[0].reachable, seen[1].reachable, seen[2].reachable),
        (100, 100, 0)
    );
    assert_eq!((&seen[0].stronger, &seen[1].stronger), (&None, &None));
    let third = seen[2].stronger.as_ref().expect("a stronger third reply");
    assert_eq!(third.reachable, 100);
    assert!(third.say.contains("2700 K"), "{}", third.say);
}

#[test]
fn the_end_screen_stays_locked_until_the_recruiter_names_the_key() {
    use rapport::game::assessment::{Definitions, StartAssessment};
    use rapport::game::data::SaveStatus;
    use rapport::game::screens::assessment_end::EndLock;
    use rapport::game::session::{ChooseReply, ContinueTalk, Session, Stage};
    use rapport_core::assessment::seal::SealKey;

    let dir = tempfile::tempdir().expect("temp dir");
    let key = SealKey::generate().expect("key");
    let mut app = ui_app(dir.path());
    app.world_mut().resource_mut::<GameOptions>().seal_key = Some(key.clone());
    let definition = app.world().resource::<Definitions>().0[0]
        .clone()
        .expect("shipped");
    app.world_mut().trigger(StartAssessment {
        definition,
        candidate: "Olga P.".into(),
        extra_time: 1.0,
    });
    app.update();
    for _ in 0..400 {
        if screen(&app) == Screen::AssessmentEnd {
            break;
        }
        let session = app.world().resource::<Session>();
        match session.stage {
            Stage::Choosing => {
                let position = session.order()[0];
                app.world_mut().trigger(ChooseReply { position });
            }
            _ => app.world_mut().trigger(ContinueTalk),
        }
        app.update();
    }
    assert_eq!(screen(&app), Screen::AssessmentEnd);
    while !matches!(app.world().resource::<SaveStatus>(), SaveStatus::Saved(_)) {
        app.update();
    }
    // Enter and Esc, the keys a candidate would try, leave it where it is.
    press(&mut app, egui::Key::Enter, egui::Modifiers::NONE);
    press(&mut app, egui::Key::Escape, egui::Modifiers::NONE);
    assert_eq!(screen(&app), Screen::AssessmentEnd);
    assert!(!app.world().resource::<EndLock>().unlocked);
    // The chord alone asks for the key; a wrong fingerprint keeps it locked.
    let chord = egui::Modifiers {
        ctrl: true,
        alt: true,
        ..egui::Modifiers::NONE
    };
    press(&mut app, egui::Key::U, chord);
    assert!(app.world().resource::<EndLock>().asked);
    type_text(&mut app, "00000000");
    assert!(!app.world().resource::<EndLock>().unlocked);
    app.world_mut().resource_mut::<EndLock>().typed.clear();
    type_text(&mut app, &key.fingerprint()[..8]);
    assert!(app.world().resource::<EndLock>().unlocked);
    assert_eq!(
        screen(&app),
        Screen::AssessmentEnd,
        "unlocking does not leave by itself"
    );
}

#[test]
fn a_pending_resume_takes_enter_and_a_discard_is_kept_aside_not_offered_again() {
    use rapport::game::assessment::{Definitions, DiscardRun, InterruptedRuns, StartAssessment};
    use rapport::game::session::{ChooseReply, Session, Stage};
    use rapport_core::store::journal::interrupted_runs;

    let dir = tempfile::tempdir().expect("temp dir");
    {
        let mut first = ui_app(dir.path());
        let definition = first.world().resource::<Definitions>().0[0]
            .clone()
            .expect("shipped");
        first.world_mut().trigger(StartAssessment {
            definition,
            candidate: "Olga P.".into(),
            extra_time: 1.0,
        });
        first.update();
        first
            .world_mut()
            .trigger(rapport::game::session::ContinueTalk);
        first.update();
        let session = first.world().resource::<Session>();
        assert_eq!(session.stage, Stage::Choosing);
        let position = session.order()[0];
        first.world_mut().trigger(ChooseReply { position });
        first.update();
    }
    let mut app = ui_app(dir.path());
    assert!(app.world().resource::<InterruptedRuns>().0);
    // The name field has the keyboard; Esc gives it back to the menu, then Enter.
    press(&mut app, egui::Key::Escape, egui::Modifiers::NONE);
    press(&mut app, egui::Key::Enter, egui::Modifiers::NONE);
    assert_eq!(
        screen(&app),
        Screen::AssessmentSetup,
        "the run waits, not practice"
    );

    let journal = interrupted_runs(dir.path())[0].journal.clone();
    app.world_mut().trigger(DiscardRun {
        journal: journal.clone(),
        by: None,
    });
    app.update();
    assert!(!app.world().resource::<InterruptedRuns>().0);
    assert!(!journal.exists());
    let kept = dir.path().join("journal").join("discarded");
    assert_eq!(std::fs::read_dir(kept).map(|d| d.count()).unwrap_or(0), 1);
}
