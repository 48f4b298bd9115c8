//! `rapport assess`: plays an assessment from a script (one line per scenario, the practice
//! first), journaling every reply so a killed run resumes, and writes the game's result file.

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use super::play::data_dir;
use super::{AssessArgs, EXIT_INVALID, EXIT_USAGE, GameArgs, Order, run::parse_choices};
use rapport_core::assessment::{
    DefinitionFile, MAX_EXTRA_TIME, Run, RunStart, bounded_extra_time, load_definition,
    load_definitions, parts, validate_definition,
};
use rapport_core::authoring::pack::Playable;
use rapport_core::authoring::validate::Issue;
use rapport_core::engine::dialogue::valid_range;
use rapport_core::engine::script::ran_out;
use rapport_core::store::journal::journal_path;
use rapport_core::store::text::read_limited;

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(EXIT_USAGE)
}

fn invalid(issues: &[Issue]) -> ExitCode {
    for issue in issues {
        eprintln!("{issue}");
    }
    ExitCode::from(EXIT_INVALID)
}

pub(super) fn run(args: &AssessArgs, game: &GameArgs) -> ExitCode {
    let pack = rapport_core::authoring::pack::playable(&args.scenario_dirs);
    let file = match definition(&args.definition, &pack) {
        Ok(file) => file,
        Err(code) => return code,
    };
    if bounded_extra_time(args.extra_time) != args.extra_time {
        return usage(&format!(
            "--extra-time is {}; give a factor from 1.0 to {MAX_EXTRA_TIME}",
            args.extra_time
        ));
    }
    let lines = match read_script(&args.script) {
        Ok(lines) => lines,
        Err(code) => return code,
    };
    // Check the script's shape before a journal is made for it.
    let parts = parts(&file.def, &pack).map_or(0, |p| p.len());
    if lines.len() != parts {
        return usage(&format!(
            "{}: {} script lines for {parts} scenarios (the practice first, then the scored ones in order)",
            args.script.display(),
            lines.len(),
        ));
    }
    let seal_key = match super::load_seal_key(args.seal_key.as_deref()) {
        Ok(key) => key,
        Err(code) => return code,
    };
    let data = data_dir(game.data_dir.as_ref());
    let journal = journal_path(&data, &file.def.id, &args.player);
    let mut run = match Run::begin(RunStart {
        file: &file,
        pack: &pack,
        candidate: &args.player,
        extra_time: args.extra_time,
        timed: false,
        journal: Some(&journal),
        seal_key,
        now: crate::system::now(),
    }) {
        Ok(run) => run,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    if let Err(message) = play(&mut run, &lines, args) {
        return usage(&message);
    }
    match run.save(&data, crate::system::now()) {
        Ok((path, _)) => {
            outln!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot save the result: {e}");
            ExitCode::from(EXIT_INVALID)
        }
    }
}

/// The definition named by a file, or by the id of a shipped (or `--assessments`-free) one,
/// validated against the pack.
fn definition(reference: &Path, pack: &[Playable]) -> Result<DefinitionFile, ExitCode> {
    let file = if reference.is_file() {
        load_definition(reference).map_err(|e| invalid(&[Issue::from(&e)]))?
    } else {
        let id = reference.to_string_lossy();
        let shipped = load_definitions(&[], pack)
            .into_iter()
            .filter_map(Result::ok)
            .find(|d| d.def.id == id);
        match shipped {
            Some(file) => file,
            // Neither a file nor a shipped id: say what reading it as a file found.
            None => load_definition(reference).map_err(|e| invalid(&[Issue::from(&e)]))?,
        }
    };
    let issues = validate_definition(&file, pack);
    if issues.is_empty() {
        Ok(file)
    } else {
        Err(invalid(&issues))
    }
}

/// The script's lines of choices; blank lines and `#` comments are skipped.
fn read_script(path: &Path) -> Result<Vec<Vec<usize>>, ExitCode> {
    let text = read_limited(path).map_err(|e| usage(&e.to_string()))?;
    let mut lines = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match parse_choices(line) {
            Ok(choices) => lines.push(choices),
            Err(e) => return Err(usage(&format!("{}:{}: {e}", path.display(), n + 1))),
        }
    }
    Ok(lines)
}

/// Plays each script line through its part (a resumed run skips what it already holds); the
/// error says where the script and the assessment disagree.
fn play(run: &mut Run, lines: &[Vec<usize>], args: &AssessArgs) -> Result<(), String> {
    let mut replies = 0;
    while let Some(part) = run.part() {
        let index = run.part_index();
        let id = part.playable.scenario.id.to_string();
        let at = |k: usize| format!("line {} ({id}), choice {}", index + 1, k + 1);
        // A resumed run has already played the start of this line.
        let done = run.conversation().turns().len();
        let line = &lines[index];
        for (k, &number) in line.iter().enumerate().skip(done) {
            if run.part_index() != index {
                return Err(format!(
                    "line {} ({id}): {} choices left over after the conversation ended",
                    index + 1,
                    line.len() - k
                ));
            }
            let position = match args.order {
                Order::Authored => number,
                // The key a candidate would press: the reply at that place in the shown order.
                Order::Shown => *run.order().get(number.wrapping_sub(1)).ok_or_else(|| {
                    format!(
                        "{}: key {number} is not shown; it offers {}",
                        at(k),
                        valid_range(run.order().len())
                    )
                })?,
            };
            run.reply(position, None, None)
                .map_err(|e| format!("{}: {e}", at(k)))?;
            replies += 1;
            if args.abort_after == Some(replies) {
                // A crash at a reproducible moment: no destructor, no flush beyond the journal's.
                std::process::abort();
            }
            if args.pace_ms > 0 {
                std::thread::sleep(Duration::from_millis(args.pace_ms));
            }
        }
        if run.part_index() == index
            && let Some(error) = ran_out(run.conversation(), line.len())
        {
            return Err(format!("line {} ({id}): {error}", index + 1));
        }
    }
    Ok(())
}
