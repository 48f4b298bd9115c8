//! The game without a window, for the tests that drive it through its own events: an App with
//! the core plugins, and where it stands.

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
