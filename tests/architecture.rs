//! Conventions that keep the code base in shape: a core crate that Cargo keeps free of Bevy,
//! egui and winit, a `//!` line atop every file, and files and functions of a readable size.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

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
    rust_files(&Path::new(ROOT).join(folder), &mut files);
    assert!(!files.is_empty(), "no Rust files under {folder}");
    files
}

/// Every Rust file of the workspace, tests and benches included.
fn workspace_files() -> Vec<PathBuf> {
    [
        "src",
        "tests",
        "crates/core/src",
        "crates/core/tests",
        "crates/core/benches",
        "crates/core/examples",
    ]
    .iter()
    .flat_map(|folder| files_under(folder))
    .chain([Path::new(ROOT).join("crates/core/build.rs")])
    .collect()
}

/// Whether a file holds tests only (a test binary or a `tests.rs` module).
fn is_test_file(path: &Path) -> bool {
    let text = path.to_string_lossy();
    text.contains("/tests/") || path.file_name().is_some_and(|n| n == "tests.rs")
}

/// The machine's own target triple, as rustc names it.
fn host_triple() -> String {
    let output = std::process::Command::new("rustc")
        .arg("-vV")
        .output()
        .expect("rustc runs");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .expect("rustc -vV names the host")
        .to_owned()
}

/// The package names the core crate depends on for a normal build on this machine, however
/// indirectly.
fn core_dependencies() -> BTreeSet<String> {
    let host = host_triple();
    let output = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .args(["--filter-platform", &host])
        .current_dir(ROOT)
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).expect("metadata is JSON");
    let names: HashMap<&str, &str> = metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap_or(""),
                p["name"].as_str().unwrap_or(""),
            )
        })
        .collect();
    let nodes: HashMap<&str, &Value> = metadata["resolve"]["nodes"]
        .as_array()
        .expect("resolve nodes")
        .iter()
        .map(|n| (n["id"].as_str().unwrap_or(""), n))
        .collect();
    let core = names
        .iter()
        .find(|(_, name)| **name == "rapport-core")
        .map(|(id, _)| *id)
        .expect("the workspace has rapport-core");
    let mut seen = BTreeSet::new();
    let mut stack = vec![core];
    while let Some(id) = stack.pop() {
        for dep in nodes[id]["deps"].as_array().into_iter().flatten() {
            // Normal dependencies only: a kind of null means a normal build needs it.
            let normal = dep["dep_kinds"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|k| k["kind"].is_null());
            let dep_id = dep["pkg"].as_str().unwrap_or("");
            if normal && seen.insert(names[dep_id].to_owned()) {
                stack.push(dep_id);
            }
        }
    }
    seen
}

#[test]
fn the_core_crate_depends_on_no_bevy_egui_or_winit_crate() {
    let dependencies = core_dependencies();
    assert!(
        dependencies.contains("serde") && dependencies.contains("ron"),
        "the walk found the core's own dependencies: {dependencies:?}"
    );
    let impure: Vec<&String> = dependencies
        .iter()
        .filter(|name| {
            ["bevy", "egui", "winit", "wgpu"]
                .iter()
                .any(|p| name.starts_with(p))
        })
        .collect();
    assert!(
        impure.is_empty(),
        "rapport-core depends on {impure:?}; it must stay pure"
    );
}

#[test]
fn the_core_never_names_the_game() {
    for file in files_under("crates/core/src") {
        let text = std::fs::read_to_string(&file).expect("readable");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            assert!(
                !code.contains("rapport::") && !code.contains("crate::game"),
                "{}:{}: the core must not reach into the game or the CLI",
                file.display(),
                n + 1
            );
        }
    }
}

#[test]
fn every_rust_file_opens_with_a_doc_line() {
    for file in workspace_files() {
        let text = std::fs::read_to_string(&file).expect("readable");
        assert!(
            text.starts_with("//!"),
            "{} does not open with a //! line",
            file.display()
        );
    }
}

#[test]
fn files_stay_under_600_lines() {
    for file in workspace_files().iter().filter(|f| !is_test_file(f)) {
        let lines = std::fs::read_to_string(file)
            .expect("readable")
            .lines()
            .count();
        assert!(
            lines <= 600,
            "{} has {lines} lines; split it by responsibility",
            file.display()
        );
    }
}

/// Each function's name and length in lines, outside `#[cfg(test)]` code: from its `fn` line
/// to the closing brace written at the same indentation.
fn function_lengths(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (start, line) in lines.iter().enumerate() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        let trimmed = line.trim_start();
        let head = trimmed
            .trim_start_matches("pub ")
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub(super) ")
            .trim_start_matches("const ")
            .trim_start_matches("async ");
        let Some(rest) = head.strip_prefix("fn ") else {
            continue;
        };
        let indent = line.len() - trimmed.len();
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let closing = format!("{}}}", " ".repeat(indent));
        if let Some(end) = lines[start..]
            .iter()
            .position(|l| *l == closing || (l.ends_with('}') && l.trim_start().starts_with("fn ")))
        {
            found.push((name, start + 1, end + 1));
        }
    }
    found
}

#[test]
fn functions_stay_under_120_lines() {
    for file in workspace_files().iter().filter(|f| !is_test_file(f)) {
        let text = std::fs::read_to_string(file).expect("readable");
        for (name, line, length) in function_lengths(&text) {
            assert!(
                length <= 120,
                "{}:{line}: fn {name} has {length} lines; split it",
                file.display()
            );
        }
    }
}

#[test]
fn the_function_length_check_measures_what_it_says() {
    let text =
        "fn short() {\n    1;\n}\n\npub(super) fn longer(\n    a: u8,\n) {\n    a;\n    a;\n}\n";
    assert_eq!(
        function_lengths(text),
        vec![("short".into(), 1, 3), ("longer".into(), 5, 6)]
    );
}
