//! Conventions that keep the code base in shape: a pure `sim` core and a `//!` line atop every file.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn files_under(folder: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(folder),
        &mut files,
    );
    assert!(!files.is_empty(), "no Rust files under {folder}");
    files
}

#[test]
fn the_sim_core_never_mentions_bevy_or_egui() {
    for file in files_under("src/sim") {
        let text = std::fs::read_to_string(&file).expect("readable");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            assert!(
                !code.contains("bevy") && !code.contains("egui"),
                "{}:{}: the sim core must stay free of bevy and egui",
                file.display(),
                n + 1
            );
        }
    }
}

#[test]
fn every_rust_file_opens_with_a_doc_line() {
    for folder in ["src", "tests", "benches"] {
        for file in files_under(folder) {
            let text = std::fs::read_to_string(&file).expect("readable");
            assert!(
                text.starts_with("//!"),
                "{} does not open with a //! line",
                file.display()
            );
        }
    }
}
