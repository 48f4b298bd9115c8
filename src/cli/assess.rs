//! `rapport assess`: plays an assessment from a script (one line per scenario, the practice
//! first), journaling every reply so a killed run resumes, and writes the game's result file.

use std::process::ExitCode;
use std::time::Duration;

use super::play::data_dir;
use super::{AssessArgs, EXIT_INVALID, EXIT_USAGE, GameArgs, run::parse_choices};
use crate::sim::assessment::{
    MAX_EXTRA_TIME, Run, bounded_extra_time, journal_path, load_definition, parts,
    validate_definition,
};
use crate::sim::dialogue::valid_range;
use crate::sim::validate::Issue;

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(EXIT_USAGE)
}

pub(super) fn run(args: &AssessArgs, game: &GameArgs) -> ExitCode {
    let file = match load_definition(&args.definition) {
        Ok(file) => file,
        Err(error) => {
            eprintln!("{}", Issue::from(&error));
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let pack = crate::sim::pack::playable(&args.scenario_dirs);
    let issues = validate_definition(&file, &pack);
    if !issues.is_empty() {
        for issue in &issues {
            eprintln!("{issue}");
        }
        return ExitCode::from(EXIT_INVALID);
    }
    if bounded_extra_time(args.extra_time) != args.extra_time {
        return usage(&format!(
            "--extra-time is {}; give a factor from 1.0 to {MAX_EXTRA_TIME}",
            args.extra_time
        ));
    }
    let script = match std::fs::read_to_string(&args.script) {
        Ok(text) => text,
        Err(e) => return usage(&format!("{}: {e}", args.script.display())),
    };
    let mut lines = Vec::new();
    for (n, line) in script.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match parse_choices(line) {
            Ok(choices) => lines.push(choices),
            Err(e) => return usage(&format!("{}:{}: {e}", args.script.display(), n + 1)),
        }
    }
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
    let mut run = match Run::begin_sealed(
        &file,
        &pack,
        &args.player,
        args.extra_time,
        false,
        Some(&journal),
        seal_key,
    ) {
        Ok(run) => run,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    while let Some(part) = run.part() {
        let index = run.current;
        let id = part.playable.scenario.id.to_string();
        // A resumed run has already played the start of this line.
        let done = run.conversation.turns().len();
        let line = &lines[index];
        for (k, &position) in line.iter().enumerate().skip(done) {
            if run.current != index {
                return usage(&format!(
                    "line {} ({id}): {} choices left over after the conversation ended",
                    index + 1,
                    line.len() - k
                ));
            }
            if let Err(e) = run.reply(position, None, None) {
                return usage(&format!("line {} ({id}), choice {}: {e}", index + 1, k + 1));
            }
            if args.pace_ms > 0 {
                std::thread::sleep(Duration::from_millis(args.pace_ms));
            }
        }
        if run.current == index {
            let node = match run.conversation.phase() {
                crate::sim::dialogue::Phase::AwaitingReply { node } => {
                    run.conversation.scenario().nodes.at(node).0.to_string()
                }
                crate::sim::dialogue::Phase::Ended { .. } => String::new(),
            };
            return usage(&format!(
                "line {} ({id}): choices ran out at node \"{node}\"; it offers {}",
                index + 1,
                valid_range(run.conversation.shown_choices().len())
            ));
        }
    }
    match run.save(&data) {
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
