//! What the command-line tests share: running the built binary from the repository's top.

// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

pub mod windowless;

/// Runs `rapport` with `args` from the repository's top folder.
pub fn rapport(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("rapport runs")
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs `rapport` with `args` on the data folder `data`.
pub fn rapport_in(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("rapport runs")
}

/// The standard output of a command that must succeed (its error output shown if not).
pub fn ok(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    text(&out.stdout)
}

/// Scripted seminar players at seed 7 (authored positions): Ann wins with 100, Ben wins by
/// another line, Cleo rambles until the customer walks out.
pub const ANN: (&str, &str) = ("Ann", "2,4,3,2,4,3,3");
pub const BEN: (&str, &str) = ("Ben", "3,2,2,3,3,4,4");
pub const CLEO: (&str, &str) = ("Cleo", "4,2,2");

/// Creates the "Retail day" seminar on the cafe owner at seed 7 in `data` and lets each
/// scripted player play it; returns the seminar's id and each result file.
pub fn retail_seminar(data: &Path, players: &[(&str, &str)]) -> (String, Vec<String>) {
    let created = ok(&rapport_in(
        data,
        &[
            "seminar",
            "new",
            "--title",
            "Retail day",
            "--scenario",
            "led-store-cafe-owner",
            "--seed",
            "7",
        ],
    ));
    let id = created.split('\t').next().expect("seminar id").to_owned();
    let files = players
        .iter()
        .map(|(player, choices)| {
            let out = rapport_in(
                data,
                &[
                    "seminar",
                    "play",
                    &id,
                    "--player",
                    player,
                    "--choices",
                    choices,
                ],
            );
            ok(&out).trim().to_owned()
        })
        .collect();
    (id, files)
}
