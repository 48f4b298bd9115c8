//! `rapport seminar`: set up a seminar, import participants' results, print the board with the
//! decision-map counts, and export the group report.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use super::play::data_dir;
use super::{EXIT_INVALID, EXIT_USAGE, Format, GameArgs, SeminarCommand};
use rapport_core::authoring::pack::Playable;
use rapport_core::engine::dialogue::{Conversation, Options, participant_order_seed};
use rapport_core::engine::record::{Mode, ResultRecord};
use rapport_core::engine::script::{ScriptOrder, play_to_end};
use rapport_core::seminar::{Board, DecisionMap, Seminar, board, decision_map};
use rapport_core::store::results::{load, save};
use rapport_core::store::seminars::seminar_file;

fn fail(message: &str, code: u8) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(code)
}

/// A seminar by file path, or by id in the data folder.
fn find(reference: &str, data: &std::path::Path) -> Result<(PathBuf, Seminar), String> {
    let as_path = PathBuf::from(reference);
    let path = if as_path.is_file() {
        as_path
    } else {
        seminar_file(data, reference)
    };
    Seminar::load(&path)
        .map(|s| (path, s))
        .map_err(|e| e.to_string())
}

/// The board and decision map of each scenario, as `board --format json` prints them.
#[derive(Serialize)]
struct Overview {
    seminar: String,
    title: String,
    seed: u64,
    participants: Vec<String>,
    scenarios: Vec<ScenarioOverview>,
}

#[derive(Serialize)]
struct ScenarioOverview {
    board: Board,
    decision_map: DecisionMap,
}

fn overview(seminar: &Seminar, pack: &[Playable]) -> Overview {
    Overview {
        seminar: seminar.id.clone(),
        title: seminar.title.clone(),
        seed: seminar.seed,
        participants: seminar.participants.clone(),
        scenarios: seminar
            .scenarios
            .iter()
            .filter_map(|id| pack.iter().find(|p| p.scenario.id.as_str() == id))
            .map(|p| ScenarioOverview {
                board: board(seminar, p.scenario.id.as_str()),
                decision_map: decision_map(seminar, p),
            })
            .collect(),
    }
}

fn text(o: &Overview) -> String {
    let mut out = format!("{} ({}), seed {}\n", o.title, o.seminar, o.seed);
    for s in &o.scenarios {
        let b = &s.board;
        let _ = writeln!(out, "\n{}: {} participants", b.scenario, b.rows.len());
        let _ = writeln!(
            out,
            "  {:<20} {:<11} {:>5} {:>5} {:>5} {:>5}  style",
            "player", "outcome", "needs", "obj", "close", "all"
        );
        for r in &b.rows {
            let star = |v: u8, best: u8| if v == best { "*" } else { " " };
            let s = &r.scores;
            let _ = writeln!(
                out,
                "  {:<20} {:<11} {:>4}{} {:>4}{} {:>4}{} {:>4}{}  {}",
                r.player,
                r.outcome.map_or("-", |o| o.key()),
                s.needs_discovery,
                star(s.needs_discovery, b.best.needs_discovery),
                s.objection_handling.map_or("n/a".into(), |v| v.to_string()),
                if s.objection_handling.is_some()
                    && s.objection_handling == b.best.objection_handling
                {
                    "*"
                } else {
                    " "
                },
                s.closing,
                star(s.closing, b.best.closing),
                s.overall,
                star(s.overall, b.best.overall),
                r.style.key()
            );
        }
        let _ = writeln!(
            out,
            "  decision map (replies chosen; + marks the best path, overall {:?}):",
            s.decision_map.best_overall
        );
        for node in s.decision_map.nodes.iter().filter(|n| n.visits > 0) {
            let _ = writeln!(out, "    {} ({} visits)", node.id, node.visits);
            for reply in node
                .replies
                .iter()
                .filter(|r| !r.chosen_by.is_empty() || r.best)
            {
                let short: String = reply.say.chars().take(60).collect();
                let _ = writeln!(
                    out,
                    "      {}{} x{} [{}] {short}",
                    if reply.best { "+" } else { " " },
                    reply.index + 1,
                    reply.chosen_by.len(),
                    reply.chosen_by.join(", ")
                );
            }
        }
    }
    out
}

pub(super) fn run(command: &SeminarCommand, game: &GameArgs) -> ExitCode {
    let data = data_dir(game.data_dir.as_ref());
    let pack = rapport_core::authoring::pack::playable(&game.scenario_dirs);
    match command {
        SeminarCommand::New {
            title,
            scenarios,
            seed,
            participants,
        } => {
            for id in scenarios {
                if !pack.iter().any(|p| p.scenario.id.as_str() == id) {
                    return fail(&format!("scenario \"{id}\" is not in the pack"), EXIT_USAGE);
                }
            }
            let seed = seed.unwrap_or_else(crate::system::fresh_seed);
            let mut seminar = Seminar::new(
                title,
                scenarios.clone(),
                seed,
                participants.clone(),
                crate::system::now(),
            );
            match seminar.create(&data) {
                Ok(path) => {
                    outln!("{}\t{}", seminar.id, path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e.to_string(), EXIT_INVALID),
            }
        }
        SeminarCommand::Play {
            seminar,
            player,
            scenario,
            choices,
            order,
        } => {
            let turn = HotSeatTurn {
                seminar,
                player,
                scenario: scenario.as_deref(),
                choices,
                order: (*order).into(),
            };
            hot_seat(&turn, &data, &pack)
        }
        SeminarCommand::Import { seminar, files } => {
            let (path, mut s) = match find(seminar, &data) {
                Ok(found) => found,
                Err(e) => return fail(&e, EXIT_USAGE),
            };
            let mut refused = false;
            for file in files {
                let outcome = load(file)
                    .map_err(|e| e.to_string())
                    .and_then(|r| s.add(r, &pack).map_err(|e| e.to_string()))
                    .and_then(|()| queue_imported(&data, &s, file, &pack));
                match outcome {
                    Ok(()) => outln!("{}: imported", file.display()),
                    Err(e) => {
                        refused = true;
                        eprintln!("{}: refused: {e}", file.display());
                    }
                }
            }
            if let Err(e) = s.save_to(&path) {
                return fail(&format!("{}: {e}", path.display()), EXIT_INVALID);
            }
            if refused {
                ExitCode::from(EXIT_INVALID)
            } else {
                ExitCode::SUCCESS
            }
        }
        SeminarCommand::Board {
            seminar,
            format,
            lrs,
        } => {
            let (_, mut s) = match find(seminar, &data) {
                Ok(found) => found,
                Err(e) => return fail(&e, EXIT_USAGE),
            };
            if lrs.url.is_some() {
                match results_from_lrs(&mut s, lrs, &data, &pack) {
                    Ok(()) => {}
                    Err(code) => return code,
                }
            }
            let o = overview(&s, &pack);
            match format {
                Format::Json => match serde_json::to_string_pretty(&o) {
                    Ok(json) => outln!("{json}"),
                    Err(e) => return fail(&e.to_string(), EXIT_INVALID),
                },
                Format::Text => out!("{}", text(&o)),
            }
            ExitCode::SUCCESS
        }
        SeminarCommand::Export { seminar, csv, html } => {
            let (_, s) = match find(seminar, &data) {
                Ok(found) => found,
                Err(e) => return fail(&e, EXIT_USAGE),
            };
            if !super::report::seminar(&s, &pack, (csv.as_deref(), html.as_deref())) {
                return ExitCode::from(EXIT_INVALID);
            }
            ExitCode::SUCCESS
        }
    }
}

/// One participant's scripted turn in the hot seat.
struct HotSeatTurn<'a> {
    seminar: &'a str,
    player: &'a str,
    scenario: Option<&'a str>,
    choices: &'a str,
    order: ScriptOrder,
}

/// Plays a participant's turn from a script and saves it into the seminar and `results/`.
/// Replaces the seminar's results with those the LRS holds for it, each checked as an import
/// is; the ones refused are named on standard error.
fn results_from_lrs(
    s: &mut Seminar,
    lrs: &super::xapi::LrsArgs,
    data: &std::path::Path,
    pack: &[Playable],
) -> Result<(), ExitCode> {
    use rapport_core::xapi::{fetched, lrs::Lrs, lrs::Query, statements::seminar_iri, verbs};
    let config = super::xapi::lrs_config(lrs, data)
        .map_err(|e| fail(&e, EXIT_USAGE))?
        .ok_or_else(|| fail("no LRS given", EXIT_USAGE))?;
    let statements = Lrs::new(config)
        .fetch(&Query {
            verb: Some(verbs::COMPLETED.to_owned()),
            activity: Some(seminar_iri(&s.id)),
            related_activities: true,
            ..Query::default()
        })
        .map_err(|e| fail(&e.to_string(), EXIT_INVALID))?;
    s.results.clear();
    for found in fetched::results::<ResultRecord>(&statements) {
        let who = format!("{} ({})", found.result.player, &found.result_hash);
        if !found.problems.is_empty() {
            eprintln!("{who}: refused: {}", found.problems.join("; "));
            continue;
        }
        if let Err(e) = s.add(found.result, pack) {
            eprintln!("{who}: refused: {e}");
        }
    }
    Ok(())
}

/// Queues the xAPI statements of the result just imported, as the seminar now holds it.
fn queue_imported(
    data: &std::path::Path,
    seminar: &Seminar,
    file: &std::path::Path,
    pack: &[Playable],
) -> Result<(), String> {
    let Some(record) = seminar.results.last() else {
        return Ok(());
    };
    let bytes = rapport_core::store::to_json(file, record).map_err(|e| e.to_string())?;
    rapport_core::store::outbox::enqueue_bytes(data, file, &bytes, pack)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

fn hot_seat(turn: &HotSeatTurn, data: &std::path::Path, pack: &[Playable]) -> ExitCode {
    let (seminar_path, mut s) = match find(turn.seminar, data) {
        Ok(found) => found,
        Err(e) => return fail(&e, EXIT_USAGE),
    };
    let id = turn
        .scenario
        .map(str::to_owned)
        .unwrap_or_else(|| s.scenarios.first().cloned().unwrap_or_default());
    let Some(playable) = pack
        .iter()
        .find(|p| p.scenario.id.as_str() == id && s.scenarios.contains(&id))
    else {
        return fail(
            &format!("scenario \"{id}\" is not part of this seminar"),
            EXIT_USAGE,
        );
    };
    let choices = match super::run::parse_choices(turn.choices) {
        Ok(c) => c,
        Err(e) => return fail(&e, EXIT_USAGE),
    };
    let started = crate::system::now();
    let mut conversation = match Conversation::start(
        std::sync::Arc::clone(&playable.scenario),
        s.seed,
        None,
        Options {
            order_seed: Some(participant_order_seed(s.seed, turn.player)),
            ..Options::default()
        },
    ) {
        Ok(c) => c,
        Err(e) => return fail(&e.to_string(), EXIT_INVALID),
    };
    if let Err(e) = play_to_end(&mut conversation, &choices, turn.order) {
        return fail(&e.to_string(), EXIT_USAGE);
    }
    let mut record = ResultRecord::new(
        &conversation,
        Mode::Seminar,
        turn.player,
        playable.hash.clone(),
        (started, crate::system::now()),
    );
    record.seminar = Some(s.id.clone());
    if let Err(e) = s.add(record.clone(), pack) {
        return fail(&e.to_string(), EXIT_INVALID);
    }
    match save(data, &record, pack)
        .map_err(|e| e.to_string())
        .and_then(|path| {
            s.save_to(&seminar_path).map_err(|e| e.to_string())?;
            Ok(path)
        }) {
        Ok(path) => {
            outln!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e, EXIT_INVALID),
    }
}
