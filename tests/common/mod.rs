//! What the command-line tests share: running the built binary from the repository's top.

// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

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
