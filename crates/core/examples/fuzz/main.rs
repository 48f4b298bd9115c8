//! A structure-aware fuzzer on stable Rust (`scripts/fuzz [SECONDS] [TARGET...]`): seeds from
//! the shipped files and genuine results, mutated byte by byte and value by value, run through
//! every parser and check that guards a hiring decision, with properties checked beyond "no
//! panic" and any input slower than a second counted as a hang. Failures are saved under
//! `target/fuzz/` with the command that replays them.

mod mutate;
mod targets;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rand::RngExt;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rapport_core::assessment::seal::SealKey;
use rapport_core::assessment::{Run, RunStart, load_definitions};
use rapport_core::authoring::pack::playable;
use rapport_core::engine::dialogue::{Conversation, Options, participant_order_seed};
use rapport_core::engine::record::{Mode, ResultRecord, Timestamp};
use rapport_core::seminar::Seminar;
use targets::{Failure, World};

/// Slower than this for one input is a hang.
const HANG: Duration = Duration::from_secs(1);
const TARGETS: [&str; 6] = [
    "scenario",
    "definition",
    "result",
    "journal",
    "resume",
    "seminar",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The shipped files of one folder, as seeds.
fn shipped(folder: &str) -> Vec<Vec<u8>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(folder))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

/// Plays the world's assessment pressing key 1, optionally sealed and journaled.
fn assessment_run(world: &World, seal: bool, journal: Option<&Path>) -> Run {
    let mut run = Run::begin(RunStart {
        file: &world.definition,
        pack: &world.pack,
        candidate: "Fuzz",
        extra_time: 1.0,
        timed: false,
        journal,
        seal_key: seal.then(|| world.key.clone()),
        now: Timestamp(0),
    })
    .expect("the shipped assessment starts");
    while !run.is_finished() {
        let key_one = run.order()[0];
        run.reply(key_one, None, None).expect("a shown reply");
    }
    run
}

/// Genuine results of every kind, and a seminar holding two of them.
fn result_seeds(world: &World) -> (Vec<Vec<u8>>, Vec<u8>) {
    let json = |v: &dyn erased::Json| v.to_json();
    let mut seeds = vec![
        json(&assessment_run(world, false, None).result(Timestamp(9))),
        json(&assessment_run(world, true, None).result(Timestamp(9))),
    ];
    let p = &world.pack[0];
    let mut seminar = Seminar::new(
        "Fuzz",
        vec![p.scenario.id.to_string()],
        7,
        vec![],
        Timestamp(0),
    );
    for (player, mode) in [
        ("Ann", Mode::Seminar),
        ("Ben", Mode::Seminar),
        ("Cleo", Mode::Practice),
    ] {
        let options = Options {
            order_seed: (mode == Mode::Seminar).then(|| participant_order_seed(7, player)),
            ..Options::default()
        };
        let mut c = Conversation::start(p.scenario.clone(), 7, None, options).expect("starts");
        while !c.is_over() {
            let key = c.order().len().min(2);
            c.choose_displayed(key, Some(Duration::from_millis(900)))
                .expect("shown");
        }
        let record = ResultRecord::new(
            &c,
            mode,
            player,
            p.hash.clone(),
            (Timestamp(0), Timestamp(5)),
        );
        seeds.push(json(&record));
        if mode == Mode::Seminar {
            seminar.add(record, &world.pack).expect("genuine");
        }
    }
    (seeds, json(&seminar))
}

/// Serializing to JSON bytes without naming the type at the call site.
mod erased {
    pub trait Json {
        fn to_json(&self) -> Vec<u8>;
    }
    impl<T: serde::Serialize> Json for T {
        fn to_json(&self) -> Vec<u8> {
            serde_json::to_vec_pretty(self).unwrap_or_default()
        }
    }
}

/// The journal of an interrupted run, whole (to cut and to mutate).
fn journal_seed(world: &World) -> Vec<u8> {
    let path = world.scratch.path().join("seed.jsonl");
    let run = assessment_run(world, false, Some(&path));
    drop(run);
    std::fs::read(&path).unwrap_or_default()
}

/// What one target runs on.
struct Target {
    name: &'static str,
    json: bool,
    seeds: Vec<Vec<u8>>,
    executions: u64,
    failures: u64,
    busy: Duration,
}

impl Target {
    fn new(name: &'static str, json: bool, seeds: Vec<Vec<u8>>) -> Target {
        Target {
            name,
            json,
            seeds,
            executions: 0,
            failures: 0,
            busy: Duration::ZERO,
        }
    }
}

fn run_one(name: &str, input: &[u8], world: &World, whole_journal: &[u8]) -> Result<(), Failure> {
    match name {
        "scenario" => targets::scenario(input),
        "definition" => targets::definition(input, world),
        "result" => targets::result(input, world),
        "journal" => targets::journal(input, world),
        "resume" => resume(input, world, whole_journal),
        _ => targets::seminar(input, world),
    }
}

/// A journal cut after some of its lines (the input's first byte says how many) resumes to
/// exactly the uninterrupted result.
fn resume(input: &[u8], world: &World, whole: &[u8]) -> Result<(), Failure> {
    let lines: Vec<&[u8]> = whole.split_inclusive(|&b| b == b'\n').collect();
    let keep = 1 + usize::from(input.first().copied().unwrap_or(0)) % lines.len().max(1);
    let cut: Vec<u8> = lines[..keep.min(lines.len())].concat();
    let path = world.scratch.path().join("cut.jsonl");
    std::fs::write(&path, &cut).map_err(|e| e.to_string())?;
    let resumed = assessment_run(world, false, Some(&path)).result(Timestamp(9));
    let whole_run = assessment_run(world, false, None).result(Timestamp(9));
    if resumed.records != whole_run.records || resumed.totals != whole_run.totals {
        return Err(format!(
            "a journal cut after {keep} lines resumed to another result"
        ));
    }
    Ok(())
}

fn save_failure(name: &str, input: &[u8], why: &str) -> PathBuf {
    let dir = root().join("target/fuzz");
    let _ = std::fs::create_dir_all(&dir);
    let digest = rapport_core::engine::record::content_hash(&String::from_utf8_lossy(input));
    let path = dir.join(format!("{name}-{}.input", &digest[..12]));
    let _ = std::fs::write(&path, input);
    eprintln!("fuzz: {name}: {why}");
    eprintln!(
        "      replay: scripts/fuzz --replay {name} {}",
        path.display()
    );
    path
}

/// Runs one input under the clock, catching panics.
fn exec(target: &mut Target, input: &[u8], world: &World, whole: &[u8]) {
    let started = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        run_one(target.name, input, world, whole)
    }));
    let took = started.elapsed();
    target.executions += 1;
    target.busy += took;
    let failure = match outcome {
        Err(panic) => Some(format!(
            "panic: {}",
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default()
        )),
        Ok(Err(why)) => Some(why),
        Ok(Ok(())) if took > HANG => Some(format!("hang: {took:?} for one input")),
        Ok(Ok(())) => None,
    };
    if let Some(why) = failure {
        target.failures += 1;
        save_failure(target.name, input, &why);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // Panics are failures the fuzzer reports itself; the default hook would flood the output.
    std::panic::set_hook(Box::new(|_| {}));
    let pack = playable(&[]);
    let definition = load_definitions(&[], &pack)
        .into_iter()
        .find_map(Result::ok)
        .expect("a shipped assessment");
    let world = World {
        pack,
        definition,
        key: SealKey::generate().expect("randomness"),
        scratch: tempfile::tempdir().expect("a scratch folder"),
    };
    let whole = journal_seed(&world);
    if args.first().map(String::as_str) == Some("--replay") {
        let (name, file) = (
            args.get(1).cloned().unwrap_or_default(),
            args.get(2).cloned().unwrap_or_default(),
        );
        let input = std::fs::read(&file).expect("the saved input");
        let outcome = catch_unwind(AssertUnwindSafe(|| run_one(&name, &input, &world, &whole)));
        println!("{name} {file}: {:?}", outcome.map_err(|_| "panic"));
        return;
    }
    let seconds: u64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(60);
    let chosen: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    let (results, seminar) = result_seeds(&world);
    let mut all = vec![
        Target::new("scenario", false, shipped("scenarios")),
        Target::new("definition", false, shipped("assessments")),
        Target::new("result", true, results),
        Target::new("journal", false, vec![whole.clone()]),
        Target::new("resume", false, vec![vec![0]]),
        Target::new("seminar", true, vec![seminar]),
    ];
    all.retain(|t| chosen.is_empty() || chosen.contains(&t.name));
    if all.is_empty() {
        eprintln!(
            "fuzz: no such target; the targets are {}",
            TARGETS.join(", ")
        );
        std::process::exit(2);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(std::process::id().into());
    let deadline = Instant::now() + Duration::from_secs(seconds);
    // Round robin in equal slices of time, each target mutating its own seeds.
    while Instant::now() < deadline {
        for target in &mut all {
            let slice = Instant::now() + Duration::from_millis(50);
            while Instant::now() < slice {
                let seed = &target.seeds[rng.random_range(0..target.seeds.len())];
                let input = mutate::mutate(&mut rng, seed, target.json);
                exec(target, &input, &world, &whole);
            }
        }
    }
    for t in &all {
        println!(
            "fuzz: {:<10} {:>10} executions, {:>9.0} per second, {} failures",
            t.name,
            t.executions,
            t.executions as f64 / t.busy.as_secs_f64().max(1e-9),
            t.failures
        );
    }
    let executions: u64 = all.iter().map(|t| t.executions).sum();
    let failures: u64 = all.iter().map(|t| t.failures).sum();
    println!("fuzz: {executions} executions, {failures} failures");
    if failures > 0 {
        std::process::exit(1);
    }
}
