//! What the command-line tests share: running the built binary from the repository's top.

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
