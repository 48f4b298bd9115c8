//! Hot reload, in a test binary of its own so no other test competes for the two cores while
//! it times itself: a scenario a trainer writes into a watched folder with a text editor is
//! offered within a second, without a restart.

mod common;

use std::time::{Duration, Instant};

use bevy::prelude::*;
use common::windowless::app_with;
use rapport::game::GameOptions;
use rapport::game::data::Pack;

#[test]
fn a_scenario_written_into_a_watched_folder_is_offered_within_a_second() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("scenarios");
    std::fs::create_dir_all(&folder).expect("folder");
    let mut app = app_with(GameOptions {
        data_dir: dir.path().to_owned(),
        scenario_dirs: vec![folder.clone()],
        ..GameOptions::default()
    });
    let offered = |app: &App| {
        app.world()
            .resource::<Pack>()
            .playable()
            .iter()
            .any(|p| p.scenario.id.as_str() == "cafe-owner-again")
    };
    assert!(!offered(&app));
    // A trainer saves a file from a text editor.
    let source = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/led-store-cafe-owner.ron"
    ))
    .expect("read");
    let written = Instant::now();
    std::fs::write(
        folder.join("again.ron"),
        source.replacen("\"led-store-cafe-owner\"", "\"cafe-owner-again\"", 1),
    )
    .expect("write");
    while !offered(&app) {
        assert!(
            written.elapsed() < Duration::from_secs(1),
            "not picked up within a second"
        );
        std::thread::sleep(Duration::from_millis(20));
        app.update();
    }
}
