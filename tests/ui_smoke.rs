//! The real window under Xvfb (software rendering through Mesa), driven by real key presses with
//! xdotool: menu, picker, a whole conversation, debrief, history, settings, assessment and a
//! seminar's views (hot seat, board, map, replay, large text) and the studio. Each screen is captured to
//! `target/ui-smoke/{en,ru}/` and the saved result file must appear.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Kills the child processes even when an assertion fails.
struct Running(Vec<Child>);

impl Drop for Running {
    fn drop(&mut self) {
        for child in self.0.iter_mut().rev() {
            // A polite stop first, so Xvfb removes its lock file; then make sure.
            let _ = Command::new("kill")
                .arg(child.id().to_string())
                .stderr(Stdio::null())
                .status();
            let deadline = Instant::now() + Duration::from_secs(5);
            while child.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn need(tool: &str) {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        found,
        "{tool} is missing: run scripts/setup (it installs xvfb, xdotool, imagemagick, Mesa)"
    );
}

fn xdotool(display: &str, args: &[&str]) {
    let status = Command::new("xdotool")
        .args(args)
        .env("DISPLAY", display)
        .status()
        .expect("xdotool runs");
    assert!(status.success(), "xdotool {args:?} failed");
}

fn key(display: &str, name: &str) {
    xdotool(display, &["key", "--clearmodifiers", name]);
    std::thread::sleep(Duration::from_millis(450));
}

fn shot(display: &str, dir: &Path, name: &str) {
    std::thread::sleep(Duration::from_millis(700));
    let path = dir.join(format!("{name}.png"));
    let status = Command::new("import")
        .args(["-window", "root", path.to_str().expect("utf-8 path")])
        .env("DISPLAY", display)
        .status()
        .expect("import runs");
    assert!(
        status.success() && path.exists(),
        "screenshot {name} failed"
    );
}

fn results(data: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(data.join("results"))
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                // Not the temporary file of a save in progress.
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect()
        })
        .unwrap_or_default()
}

/// Fails when the game (the last process started) has exited, naming the screen reached.
fn alive(running: &mut Running, screen: &str) {
    let game = running.0.last_mut().expect("game process");
    if let Some(status) = game.try_wait().expect("wait") {
        panic!("the game died ({status}) on the {screen} screen");
    }
}

#[test]
fn the_game_is_playable_by_keyboard_in_a_real_window_in_english_and_russian() {
    for tool in ["Xvfb", "xdotool", "import"] {
        need(tool);
    }
    // One language after the other: two software-rendered windows at once would starve the
    // key presses' timing on a two-core machine.
    for (lang, locale) in [("en", "en_US.UTF-8"), ("ru", "ru_RU.UTF-8")] {
        let shots = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("target/ui-smoke")
            .join(lang);
        std::fs::create_dir_all(&shots).expect("screenshot folder");
        play_through(&shots, locale);
    }
}

/// The whole keyboard walk in one language, with a screenshot of every screen.
fn play_through(shots: &Path, locale: &str) {
    let data = tempfile::tempdir().expect("data folder");
    let mut running = Running(Vec::new());
    // Xvfb picks a free display itself and writes its number once it accepts clients.
    let mut xvfb = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb starts");
    let announced = xvfb.stdout.take().expect("Xvfb's stdout");
    running.0.push(xvfb);
    let mut number = String::new();
    BufReader::new(announced)
        .read_line(&mut number)
        .expect("Xvfb announces its display");
    assert!(!number.trim().is_empty(), "Xvfb did not start");
    let display = format!(":{}", number.trim());
    running.0.push(
        Command::new(env!("CARGO_BIN_EXE_rapport"))
            .args([
                "--data-dir",
                data.path().to_str().expect("path"),
                "--player",
                "Smoke Test",
                "--seed",
                "7",
            ])
            .env("DISPLAY", &display)
            .env_remove("WAYLAND_DISPLAY")
            .env("LANG", locale)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the game starts"),
    );
    let found = Command::new("timeout")
        .args([
            "120",
            "xdotool",
            "search",
            "--sync",
            "--onlyvisible",
            "--name",
            "Rapport",
        ])
        .env("DISPLAY", &display)
        .output()
        .expect("xdotool search runs");
    assert!(found.status.success(), "no window titled Rapport appeared");
    let window = String::from_utf8_lossy(&found.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    // No window manager under Xvfb: give the window the keyboard focus directly.
    xdotool(&display, &["windowfocus", "--sync", &window]);
    std::thread::sleep(Duration::from_secs(4));

    shot(&display, shots, "01-title");
    key(&display, "Return");
    shot(&display, shots, "02-picker");
    key(&display, "Return");
    shot(&display, shots, "03-conversation");
    alive(&mut running, "03-conversation");
    key(&display, "1");
    shot(&display, shots, "04-feedback");
    key(&display, "Return");

    // Play the first reply at every node until the result file appears.
    let deadline = Instant::now() + Duration::from_secs(120);
    while results(data.path()).is_empty() {
        assert!(Instant::now() < deadline, "the conversation never finished");
        key(&display, "1");
        if !results(data.path()).is_empty() {
            break;
        }
        key(&display, "Return");
    }
    shot(&display, shots, "05-last-feedback");
    key(&display, "Return");
    shot(&display, shots, "06-debrief");
    alive(&mut running, "06-debrief");
    let saved = results(data.path());
    assert_eq!(saved.len(), 1, "exactly one result saved");
    let text = std::fs::read_to_string(&saved[0]).expect("result readable");
    let json: serde_json::Value = serde_json::from_str(&text).expect("result is JSON");
    assert_eq!(json["player"], "Smoke Test");
    assert!(
        json["report"]["transcript"][0]["latency_ms"].is_u64(),
        "latency measured"
    );

    key(&display, "m");
    // The name field has the keyboard on the menu; letters would type a name until Esc.
    key(&display, "Escape");
    key(&display, "h");
    shot(&display, shots, "07-history");
    alive(&mut running, "07-history");
    key(&display, "Escape");
    key(&display, "Escape");
    key(&display, "s");
    shot(&display, shots, "08-settings");
    alive(&mut running, "08-settings");
    key(&display, "Escape");
    key(&display, "Escape");
    key(&display, "a");
    shot(&display, shots, "09-assessment");
    alive(&mut running, "09-assessment");
    key(&display, "Escape");
    key(&display, "Escape");
    // A seminar three people have played, made from the command line while the game runs;
    // the seminar screen reads the data folder as it opens.
    common::retail_seminar(data.path(), &[common::ANN, common::BEN, common::CLEO]);
    key(&display, "t");
    shot(&display, shots, "10-seminar");
    alive(&mut running, "10-seminar");
    key(&display, "1");
    shot(&display, shots, "11-seminar-hot-seat");
    key(&display, "b");
    shot(&display, shots, "12-seminar-board");
    key(&display, "m");
    std::thread::sleep(Duration::from_secs(2));
    shot(&display, shots, "13-seminar-map");
    key(&display, "r");
    for _ in 0..3 {
        key(&display, "Right");
    }
    shot(&display, shots, "14-seminar-replay");
    key(&display, "l");
    shot(&display, shots, "15-seminar-replay-large");
    key(&display, "b");
    shot(&display, shots, "16-seminar-board-large");
    alive(&mut running, "16-seminar-board-large");
    key(&display, "l");
    // Close the seminar, leave the screen, and take the keyboard from the menu's name field.
    key(&display, "Escape");
    key(&display, "Escape");
    key(&display, "Escape");
    key(&display, "e");
    shot(&display, shots, "17-studio");
    alive(&mut running, "17-studio");
    key(&display, "Escape");
    key(&display, "Escape");
    key(&display, "q");
    let game = running.0.last_mut().expect("game process");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = game.try_wait().expect("wait") {
            assert!(status.success(), "the game quit with {status}");
            break;
        }
        assert!(Instant::now() < deadline, "Q did not quit the game");
        std::thread::sleep(Duration::from_millis(100));
    }
}
