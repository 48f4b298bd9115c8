//! Assessment definitions (`assessments/*.ron`): the format, loading, validation against the
//! pack, the parts with their fixed seeds, and the time limits after accommodation.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::authoring::load::{LoadError, Position, parse_str_as};
use crate::authoring::locate::{field_offset, locate_field, position_of};
use crate::authoring::pack::Playable;
use crate::authoring::validate::{Issue, Severity};
use crate::engine::dialogue::{DEFAULT_SLOW_REPLY, Options};
use crate::engine::record::content_hash;
use crate::engine::scenario::ScenarioId;

/// An assessment as a recruiter defines it (`assessments/*.ron`).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename = "Assessment")]
pub struct AssessmentDef {
    pub id: String,
    pub title: String,
    /// Shown to the candidate before the practice scenario.
    pub instructions: String,
    /// An unscored warm-up, played with the coach's feedback.
    #[serde(default)]
    pub practice: Option<ScenarioId>,
    /// The scored scenarios, in order.
    pub scenarios: Vec<ScenarioId>,
    /// The seed every candidate gets; scenario `i` uses a seed derived from it.
    pub seed: u64,
    pub minutes_per_scenario: u32,
    pub total_minutes: u32,
    #[serde(default = "yes")]
    pub shuffle_replies: bool,
    #[serde(default)]
    pub show_results: bool,
    /// Who is responsible for the candidate's data (the data controller), shown on the consent
    /// screen and recorded in the result.
    pub data_controller: String,
    /// How long results are kept, shown on the consent screen and recorded in the result.
    pub retention: String,
    /// The overall total (0-100) that passes, when the assessment has one: recorded in the
    /// result and sent as xAPI `passed` or `failed`.
    #[serde(default)]
    pub pass_mark: Option<u8>,
}

fn yes() -> bool {
    true
}

/// A parsed definition with its file, kept for positions in messages and its hash.
#[derive(Clone, Debug)]
pub struct DefinitionFile {
    pub path: PathBuf,
    pub source: String,
    pub def: AssessmentDef,
}

impl DefinitionFile {
    pub fn hash(&self) -> String {
        content_hash(&self.source)
    }
}

/// Reads and parses an assessment definition (same limits as scenarios).
pub fn load_definition(path: &Path) -> Result<DefinitionFile, LoadError> {
    let source = crate::store::text::read_limited(path)?;
    let def = parse_str_as::<AssessmentDef>(path, &source)?;
    Ok(DefinitionFile {
        path: path.to_owned(),
        source,
        def,
    })
}

include!(concat!(env!("OUT_DIR"), "/shipped_assessments.rs"));

/// A definition offered to candidates, or the file and the lines saying why it cannot be.
pub type OfferedDefinition = Result<DefinitionFile, (String, Vec<String>)>;

/// The shipped definitions, then every `.ron` under `folders`, each validated against the pack.
pub fn load_definitions(folders: &[PathBuf], pack: &[Playable]) -> Vec<OfferedDefinition> {
    let check = |file: DefinitionFile| {
        let issues = validate_definition(&file, pack);
        if issues.is_empty() {
            Ok(file)
        } else {
            Err((
                file.path.display().to_string(),
                issues.iter().map(ToString::to_string).collect(),
            ))
        }
    };
    let mut offered: Vec<OfferedDefinition> = SHIPPED_ASSESSMENTS
        .iter()
        .map(|(name, text)| {
            let path = Path::new("assessments").join(name);
            match parse_str_as::<AssessmentDef>(&path, text) {
                Ok(def) => check(DefinitionFile {
                    path,
                    source: (*text).to_owned(),
                    def,
                }),
                Err(e) => Err((
                    path.display().to_string(),
                    vec![Issue::from(&e).to_string()],
                )),
            }
        })
        .collect();
    for found in crate::authoring::validate::expand_paths(folders) {
        offered.push(match found {
            Err(issue) => Err((issue.path.display().to_string(), vec![issue.to_string()])),
            Ok(path) => match load_definition(&path) {
                Ok(file) => check(file),
                Err(e) => Err((
                    path.display().to_string(),
                    vec![Issue::from(&e).to_string()],
                )),
            },
        });
    }
    offered
}

/// One part of an assessment as played: the practice or a scored scenario.
#[derive(Clone, Debug)]
pub struct Part {
    pub playable: Playable,
    pub scored: bool,
    pub seed: u64,
}

/// The seed of part `index` (0 is the practice, when there is one): fixed for every candidate.
pub fn part_seed(def_seed: u64, index: usize) -> u64 {
    // splitmix64, so neighbouring parts get unrelated seeds.
    let mut z = def_seed.wrapping_add(0x9E37_79B9_7F4A_7C15_u64.wrapping_mul(index as u64 + 1));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn find<'a>(pack: &'a [Playable], id: &ScenarioId) -> Option<&'a Playable> {
    pack.iter().find(|p| &p.scenario.id == id)
}

/// Checks a definition against the pack; every issue names the file, position and id.
pub fn validate_definition(file: &DefinitionFile, pack: &[Playable]) -> Vec<Issue> {
    let mut issues = Vec::new();
    let def = &file.def;
    let source = &file.source;
    // The `nth` (0-based) place after `from` where an id is written as a string.
    let nth_id_at = |id: &str, from: usize, nth: usize| {
        source[from..]
            .match_indices(&format!("\"{id}\""))
            .nth(nth)
            .map(|(offset, _)| position_of(source, from + offset))
    };
    let id_at = |id: &str| nth_id_at(id, 0, 0);
    let scored_list = field_offset(source, &["scenarios"]).unwrap_or(0);
    let field_at = |name: &str| locate_field(source, &[name]);
    let mut error = |at: Option<Position>, message: String| {
        issues.push(Issue {
            severity: Severity::Error,
            path: file.path.clone(),
            at,
            message,
        });
    };
    if !crate::authoring::validate::is_kebab_case(&def.id) {
        error(
            id_at(&def.id),
            format!("assessment id \"{}\" must be lowercase kebab-case", def.id),
        );
    }
    if def.title.trim().is_empty() {
        error(field_at("title"), "title is empty".into());
    }
    for (name, value) in [
        ("data_controller", &def.data_controller),
        ("retention", &def.retention),
    ] {
        if value.trim().is_empty() {
            error(
                field_at(name),
                format!("{name} is empty: the candidate's consent must name it"),
            );
        }
    }
    if def.instructions.trim().is_empty() {
        error(field_at("instructions"), "instructions are empty".into());
    }
    if def.scenarios.is_empty() {
        error(
            field_at("scenarios"),
            "no scored scenarios: list at least one in `scenarios`".into(),
        );
    }
    let mut seen = HashSet::new();
    for id in &def.scenarios {
        if !seen.insert(id) {
            error(
                nth_id_at(id.as_str(), scored_list, 1),
                format!("scenario \"{id}\" is listed twice"),
            );
        }
    }
    for id in def.practice.iter().chain(&def.scenarios) {
        if find(pack, id).is_none() {
            error(
                id_at(id.as_str()),
                format!("scenario \"{id}\" is not in the pack (or does not validate)"),
            );
        }
    }
    if let Some(practice) = &def.practice
        && def.scenarios.contains(practice)
    {
        error(
            id_at(practice.as_str()),
            format!(
                "practice scenario \"{practice}\" is also scored; a candidate would meet it twice"
            ),
        );
    }
    if !(1..=120).contains(&def.minutes_per_scenario) {
        error(
            field_at("minutes_per_scenario"),
            format!(
                "minutes_per_scenario is {}, outside 1..=120",
                def.minutes_per_scenario
            ),
        );
    }
    if !(1..=600).contains(&def.total_minutes) {
        error(
            field_at("total_minutes"),
            format!("total_minutes is {}, outside 1..=600", def.total_minutes),
        );
    }
    issues
}

/// The parts in playing order, the practice first; `None` if a scenario is missing.
pub fn parts(def: &AssessmentDef, pack: &[Playable]) -> Option<Vec<Part>> {
    def.practice
        .iter()
        .map(|id| (id, false))
        .chain(def.scenarios.iter().map(|id| (id, true)))
        .enumerate()
        .map(|(i, (id, scored))| {
            find(pack, id).map(|p| Part {
                playable: p.clone(),
                scored,
                seed: part_seed(def.seed, i),
            })
        })
        .collect()
}

/// The most extra time granted as accommodation (a multiplier of the limits).
pub const MAX_EXTRA_TIME: f64 = 3.0;

/// Extra time within 1.0..=[`MAX_EXTRA_TIME`] (not-a-number counts as none).
pub fn bounded_extra_time(extra_time: f64) -> f64 {
    if extra_time.is_nan() {
        1.0
    } else {
        extra_time.clamp(1.0, MAX_EXTRA_TIME)
    }
}

/// Engine options for a candidate: the slow-reply threshold scales with extra time.
pub fn options_for(extra_time: f64) -> Options {
    Options::with_slow_reply(DEFAULT_SLOW_REPLY.mul_f64(bounded_extra_time(extra_time)))
}

/// Time limits after accommodation.
pub fn limits(def: &AssessmentDef, extra_time: f64) -> (Duration, Duration) {
    let factor = bounded_extra_time(extra_time);
    (
        Duration::from_secs(u64::from(def.minutes_per_scenario) * 60).mul_f64(factor),
        Duration::from_secs(u64::from(def.total_minutes) * 60).mul_f64(factor),
    )
}
