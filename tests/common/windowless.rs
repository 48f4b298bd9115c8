//! The game without a window, for the tests that drive it through its own events: an App with
//! the core plugins, where it stands, and a seminar's hot seat started.

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use rapport::game::{CorePlugin, GameOptions, Screen};

/// The game with its data in `data_dir` and a player named already.
pub fn test_app(data_dir: &std::path::Path) -> App {
    app_with(GameOptions {
        data_dir: data_dir.to_owned(),
        player: Some("Test Trainee".into()),
        ..GameOptions::default()
    })
}

/// The core of the game without a window, started with these options.
pub fn app_with(options: GameOptions) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin))
        .add_plugins(CorePlugin { options });
    app.update();
    app
}

/// The screen on show.
pub fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

/// Makes a seminar of `scenario` (found in the pack) for `player` and starts their hot seat;
/// returns the seminar's file and the seminar as made.
pub fn start_hot_seat(
    app: &mut App,
    scenario: &str,
    seed: u64,
    player: &str,
) -> (std::path::PathBuf, rapport_core::seminar::Seminar) {
    use rapport::game::data::Pack;
    use rapport::game::seminar::{CreateSeminar, OpenSeminar};
    use rapport::game::session::{HotSeat, StartConversation};

    app.world_mut().trigger(CreateSeminar {
        title: "Day one".into(),
        scenarios: vec![scenario.into()],
        seed,
        participants: vec![player.into()],
    });
    app.update();
    let (path, seminar) = app
        .world()
        .resource::<OpenSeminar>()
        .0
        .clone()
        .expect("the seminar opened");
    let playable = app
        .world()
        .resource::<Pack>()
        .playable()
        .into_iter()
        .find(|p| p.scenario.id.as_str() == scenario)
        .expect("in the pack");
    app.world_mut().trigger(StartConversation {
        playable,
        seed: seminar.seed,
        seminar: Some(HotSeat {
            seminar: seminar.id.clone(),
            player: player.into(),
        }),
    });
    app.update();
    (path, seminar)
}
