//! Embeds the shipped scenario pack and assessments in the binary, so the game finds them from
//! any working directory.

use std::fmt::Write as _;
use std::path::Path;

/// Writes `$OUT_DIR/{out}` with `pub const {name}: &[(&str, &str)]`: every `.ron` in `folder`.
fn embed(folder: &str, name: &str, out: &str) {
    // The pack lives at the top of the workspace, two folders up from this crate. The folder is
    // read when the script runs, not when it was compiled: a target folder shared between two
    // clones reuses the compiled script, and a path baked into it would embed an empty pack.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("../..").join(folder);
    println!("cargo:rerun-if-changed={}", dir.display());
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read the shipped {folder} at {}: {e}", dir.display()));
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    assert!(!files.is_empty(), "no .ron files in {}", dir.display());
    files.sort();
    let mut code = format!(
        "/// The shipped {folder} as (file name, text).\npub const {name}: &[(&str, &str)] = &[\n"
    );
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let _ = writeln!(
            code,
            "    ({file:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    let target = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join(out);
    std::fs::write(target, code).expect("OUT_DIR is writable");
}

fn main() {
    embed("scenarios", "SHIPPED", "shipped_pack.rs");
    embed(
        "assessments",
        "SHIPPED_ASSESSMENTS",
        "shipped_assessments.rs",
    );
}
