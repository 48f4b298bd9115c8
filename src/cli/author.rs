//! The author's tools: `rapport fmt` (the canonical RON, like rustfmt), `rapport graph` (DOT or
//! Mermaid for documentation) and `rapport import twee` (a Twine story as a scenario).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};

use super::{EXIT_INVALID, EXIT_USAGE};
use rapport_core::authoring::canonical::format_scenario;
use rapport_core::authoring::graph::{dot, mermaid};
use rapport_core::authoring::load::load_file;
use rapport_core::authoring::twee::import;
use rapport_core::store::text::{expand_ron_paths, read_limited};
use rapport_core::store::write_atomically;

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Scenario files or folders
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Change nothing; exit 1 naming every file not in the canonical form
    #[arg(long)]
    pub check: bool,
    /// Write the one file's canonical form here instead of over it
    #[arg(long, value_name = "FILE", conflicts_with = "check")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GraphFormat {
    Dot,
    Mermaid,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// The scenario file
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// A Twine (Twee 3) story, by the convention in docs/authoring.md
    Twee {
        #[arg(value_name = "FILE.twee")]
        file: PathBuf,
        /// Write the scenario here (default: standard output)
        #[arg(long, value_name = "FILE.ron")]
        out: Option<PathBuf>,
    },
}

pub(super) fn fmt(args: &FmtArgs) -> ExitCode {
    let files: Vec<PathBuf> = match expand_ron_paths(&args.files)
        .into_iter()
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    if args.out.is_some() && files.len() != 1 {
        eprintln!("error: --out takes exactly one scenario file");
        return ExitCode::from(EXIT_USAGE);
    }
    let mut failed = false;
    for path in &files {
        failed |= !fmt_one(path, args);
    }
    if failed {
        ExitCode::from(EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    }
}

/// Formats one file; false when it failed to read or write, or (with `--check`) differs.
fn fmt_one(path: &Path, args: &FmtArgs) -> bool {
    let file = match load_file(path) {
        Ok(file) => file,
        Err(e) => {
            eprintln!("{e}");
            return false;
        }
    };
    let formatted = format_scenario(&file.scenario, &file.source);
    let same = formatted.text == file.source;
    if args.check {
        if !same {
            outln!("{}: not in the canonical form", path.display());
        }
        return same;
    }
    let target = args.out.as_deref().unwrap_or(path);
    if same && target == path {
        return true;
    }
    if formatted.drops_comments && target == path {
        // Comments inside the scenario cannot be kept: the original stays beside it.
        let backup = path.with_extension("ron.bak");
        if let Err(e) = write_atomically(&backup, file.source.as_bytes()) {
            eprintln!("error: {e}");
            return false;
        }
        eprintln!(
            "{}: comments after the header are dropped; the original is kept as {}",
            path.display(),
            backup.display()
        );
    }
    match write_atomically(target, formatted.text.as_bytes()) {
        Ok(()) => {
            outln!("{}: formatted", target.display());
            true
        }
        Err(e) => {
            eprintln!("error: {e}");
            false
        }
    }
}

pub(super) fn graph(args: &GraphArgs) -> ExitCode {
    match load_file(&args.file) {
        Ok(file) => {
            let text = match args.format {
                GraphFormat::Dot => dot(&file.scenario),
                GraphFormat::Mermaid => mermaid(&file.scenario),
            };
            out!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(EXIT_INVALID)
        }
    }
}

/// Writes the scenario (to `--out` or standard output) and reports every problem; exit 1 when
/// anything could not be mapped.
pub(super) fn import_story(command: &ImportCommand) -> ExitCode {
    let ImportCommand::Twee { file, out } = command;
    let text = match read_limited(file) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let imported = import(&text);
    for problem in &imported.problems {
        eprintln!("{}: {problem}", file.display());
    }
    let ron = format_scenario(&imported.scenario, "").text;
    match out {
        Some(path) => {
            if let Err(e) = write_atomically(path, ron.as_bytes()) {
                eprintln!("error: {e}");
                return ExitCode::from(EXIT_INVALID);
            }
            outln!("{}", path.display());
        }
        None => out!("{ron}"),
    }
    if imported.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INVALID)
    }
}
