//! What each fuzz target does with one input, and the properties it checks beyond "no
//! panic": round trips, verification that agrees with an independent replay, resumed
//! journals that end like uninterrupted runs.

use std::path::Path;
use std::sync::Arc;

use rapport_core::assessment::seal::SealKey;
use rapport_core::assessment::{
    AssessmentDef, AssessmentResult, DefinitionFile, Run, RunStart, replay_record, totals_for,
    validate_definition, verify,
};
use rapport_core::authoring::load::{parse_str, parse_str_as};
use rapport_core::authoring::pack::Playable;
use rapport_core::authoring::validate::validate;
use rapport_core::engine::dialogue::{Conversation, Options};
use rapport_core::engine::record::{ResultRecord, Timestamp, replay, verify_record};
use rapport_core::engine::results::RunReport;
use rapport_core::seminar::Seminar;
use rapport_core::store::results::is_assessment;

/// What the targets share: the pack, a definition, the recruiter's key and a scratch folder.
pub struct World {
    pub pack: Vec<Playable>,
    pub definition: DefinitionFile,
    pub key: SealKey,
    pub scratch: tempfile::TempDir,
}

/// A property that did not hold.
pub type Failure = String;

/// Plays a scenario's reachable path prefixes (the first reply, then each choice at the first
/// few nodes) with scores in range and an identical replay from the seed.
pub fn scenario(input: &[u8]) -> Result<(), Failure> {
    let Ok(text) = String::from_utf8(input.to_vec()) else {
        return Ok(());
    };
    let Ok(file) = parse_str(Path::new("fuzz.ron"), text) else {
        return Ok(());
    };
    let issues = validate(&file, &[]);
    if issues.iter().any(|i| i.is_error()) {
        return Ok(());
    }
    let scenario = Arc::new(file.scenario);
    for first in 1..=4 {
        for seed in [0, 7] {
            let Ok(mut c) =
                Conversation::start(Arc::clone(&scenario), seed, None, Options::default())
            else {
                return Err("a valid scenario does not start".into());
            };
            let mut picks = Vec::new();
            let mut pick = first;
            while !c.is_over() && picks.len() < 60 {
                let shown = c.shown_choices().len();
                if shown == 0 {
                    return Err("a valid scenario shows no reply".into());
                }
                let position = (pick - 1) % shown + 1;
                c.choose(position, None).map_err(|e| e.to_string())?;
                picks.push(position);
                pick = pick.wrapping_mul(7).wrapping_add(3);
            }
            let report = RunReport::of(&c);
            let s = report.scores;
            let in_range = [s.needs_discovery, s.closing, s.overall]
                .into_iter()
                .chain(s.objection_handling)
                .all(|v| v <= 100);
            if !in_range {
                return Err(format!("a score is out of range: {s:?}"));
            }
            let mut again =
                Conversation::start(Arc::clone(&scenario), seed, None, Options::default())
                    .map_err(|e| e.to_string())?;
            for &p in &picks {
                again.choose(p, None).map_err(|e| e.to_string())?;
            }
            if RunReport::of(&again) != report {
                return Err("a replay from the seed differs".into());
            }
        }
    }
    Ok(())
}

/// Loads a definition; one that loads survives a round trip through RON, and one that
/// validates starts a run.
pub fn definition(input: &[u8], world: &World) -> Result<(), Failure> {
    let Ok(text) = std::str::from_utf8(input) else {
        return Ok(());
    };
    let Ok(def) = parse_str_as::<AssessmentDef>(Path::new("fuzz.ron"), text) else {
        return Ok(());
    };
    let again = ron::to_string(&def)
        .map_err(|e| e.to_string())
        .and_then(|t| ron::from_str::<AssessmentDef>(&t).map_err(|e| e.to_string()));
    if again.as_ref().ok() != Some(&def) {
        return Err(format!("the definition does not round-trip: {again:?}"));
    }
    let file = DefinitionFile {
        path: "fuzz.ron".into(),
        source: text.to_owned(),
        def,
    };
    if validate_definition(&file, &world.pack).is_empty() {
        let run = Run::begin(start(&file, world, None));
        run.map_err(|e| format!("a valid definition does not start: {e}"))?;
    }
    Ok(())
}

fn start<'a>(
    file: &'a DefinitionFile,
    world: &'a World,
    journal: Option<&'a Path>,
) -> RunStart<'a> {
    RunStart {
        file,
        pack: &world.pack,
        candidate: "Fuzz",
        extra_time: 1.0,
        timed: false,
        journal,
        seal_key: None,
        now: Timestamp(0),
    }
}

/// Verifies a result file of any kind (practice, seminar, assessment, sealed). A result that
/// parses round-trips through JSON, and one that verify accepts re-plays to its own scores.
pub fn result(input: &[u8], world: &World) -> Result<(), Failure> {
    if is_assessment(input) {
        let Ok(result) = serde_json::from_slice::<AssessmentResult>(input) else {
            return Ok(());
        };
        round_trip(&result)?;
        let mut problems = verify(
            &result,
            &world.pack,
            std::slice::from_ref(&world.definition),
        );
        if result.seal.is_some() {
            problems.extend(result.check_seal(&world.key));
        }
        if problems.is_empty() {
            independent_check(&result, world)?;
        }
        return Ok(());
    }
    let Ok(record) = serde_json::from_slice::<ResultRecord>(input) else {
        return Ok(());
    };
    round_trip(&record)?;
    if verify_record(&record, &world.pack).is_empty() {
        let playable = world
            .pack
            .iter()
            .find(|p| p.scenario.id.as_str() == record.report.scenario)
            .ok_or("an accepted result names no scenario of the pack")?;
        let replayed =
            replay(&record, Arc::clone(&playable.scenario)).map_err(|e| e.to_string())?;
        if RunReport::of(&replayed).scores != record.report.scores {
            return Err(
                "verify accepted a practice result whose scores differ from its replay".into(),
            );
        }
    }
    Ok(())
}

fn round_trip<T>(value: &T) -> Result<(), Failure>
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq,
{
    let again: Option<T> = serde_json::to_vec(value)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok());
    if again.as_ref() == Some(value) {
        Ok(())
    } else {
        Err("a result that parses does not round-trip through JSON".into())
    }
}

/// What verify accepted, checked again without verify: each record re-plays to its scores,
/// and the totals follow from the records.
fn independent_check(result: &AssessmentResult, world: &World) -> Result<(), Failure> {
    for record in &result.records {
        let playable = world
            .pack
            .iter()
            .find(|p| p.scenario.id.as_str() == record.scenario)
            .ok_or("an accepted result names no scenario of the pack")?;
        let report = replay_record(record, playable)?;
        if report.scores != record.report.scores {
            return Err("verify accepted an assessment whose scores differ from its replay".into());
        }
    }
    if totals_for(result.format, &result.records) != result.totals {
        return Err("verify accepted totals that do not follow from the records".into());
    }
    Ok(())
}

/// Resumes a run from a journal file; one that resumes plays to the end.
pub fn journal(input: &[u8], world: &World) -> Result<(), Failure> {
    let path = world.scratch.path().join("fuzz.jsonl");
    std::fs::write(&path, input).map_err(|e| e.to_string())?;
    if let Ok(mut run) = Run::begin(start(&world.definition, world, Some(&path))) {
        let mut replies = 0;
        while !run.is_finished() {
            let key_one = run.order()[0];
            run.reply(key_one, None, None)
                .map_err(|e| format!("a resumed run refused a shown reply: {e}"))?;
            replies += 1;
            if replies > 500 {
                return Err("a resumed run never ends".into());
            }
        }
    }
    let _ = std::fs::remove_file(&path);
    Ok(())
}

/// Loads a seminar file and imports each of its results into a fresh seminar of the same
/// seed; a seminar that parses round-trips through JSON.
pub fn seminar(input: &[u8], world: &World) -> Result<(), Failure> {
    let Ok(seminar) = serde_json::from_slice::<Seminar>(input) else {
        return Ok(());
    };
    round_trip(&seminar)?;
    let mut fresh = Seminar {
        results: Vec::new(),
        ..seminar.clone()
    };
    for record in seminar.results {
        let _ = fresh.add(record, &world.pack);
    }
    Ok(())
}
