//! A result file as xAPI statements: per conversation `initialized`, one `responded` per
//! reply, `completed`, then `passed` or `failed`; an assessment adds its own `initialized` and
//! `completed` around its customers. Ids and registrations come from the result file's hash,
//! so the same file always gives the same statements.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

use super::{
    Activity, ActivityDefinition, CMI5_CATEGORY, Context, ContextActivities, IRI_BASE,
    InteractionComponent, LanguageMap, MOVE_ON_CATEGORY, Score, Statement, StatementResult, Verb,
    agent, extension, iso_duration, iso_timestamp, sha256_hex, types, uuid_from, verbs,
};
use crate::assessment::AssessmentResult;
use crate::authoring::pack::Playable;
use crate::engine::record::{Mode, ResultRecord, Timestamp};
use crate::engine::results::RunReport;
use crate::engine::scenario::{NodeEntry, Outcome, Scenario};
use crate::store::results::is_assessment;
use crate::store::{StoreError, parse_json};

/// A result file turned into statements, with what identifies it.
#[derive(Clone, Debug)]
pub struct ResultStatements {
    /// SHA-256 of the file's bytes, as `sha256sum` prints it.
    pub result_hash: String,
    pub statements: Vec<Statement>,
}

/// The statements of one result file (`bytes` as read from `path`), for players of the
/// organisation at `home_page`; `pack` gives the replies that were on offer at each turn.
pub fn of_result_file(
    path: &Path,
    bytes: &[u8],
    home_page: &str,
    pack: &[Playable],
) -> Result<ResultStatements, StoreError> {
    let result_hash = sha256_hex(bytes);
    // The file's own text travels with the statements: JSON numbers through JavaScript lose
    // the low digits of 64-bit seeds, a string keeps every byte.
    let text = String::from_utf8_lossy(bytes);
    let file = ResultFile {
        hash: &result_hash,
        text: &text,
    };
    let statements = if is_assessment(bytes) {
        let result: AssessmentResult = parse_json(path, bytes)?;
        of_assessment(&result, &file, home_page, pack)
    } else {
        let record: ResultRecord = parse_json(path, bytes)?;
        of_record(&record, &file, home_page, pack)
    };
    Ok(ResultStatements {
        result_hash,
        statements,
    })
}

/// The result file the statements stand for: its hash and its text.
pub struct ResultFile<'a> {
    pub hash: &'a str,
    pub text: &'a str,
}

/// One conversation as the statements tell it.
struct Played<'a> {
    player: &'a str,
    mode: Mode,
    report: &'a RunReport,
    scenario_title: &'a str,
    scenario_hash: &'a str,
    orders: &'a [Vec<usize>],
    started: Timestamp,
    finished: Timestamp,
    time_used_ms: Option<u64>,
    registration: String,
    grouping: Option<Activity>,
    result_hash: &'a str,
    /// The result file's text, on the `completed` statement of the conversation that stands
    /// for the file (practice and seminar results).
    document: Option<&'a str>,
}

/// A practice or seminar result.
pub fn of_record(
    record: &ResultRecord,
    file: &ResultFile,
    home_page: &str,
    pack: &[Playable],
) -> Vec<Statement> {
    let result_hash = file.hash;
    let grouping = record.seminar.as_ref().map(|id| seminar_activity(id));
    let played = Played {
        player: &record.player,
        mode: record.mode,
        report: &record.report,
        scenario_title: &record.scenario_title,
        scenario_hash: &record.scenario_hash,
        orders: &record.orders,
        started: record.started_at,
        finished: record.finished_at,
        time_used_ms: None,
        registration: uuid_from(&format!("registration:{result_hash}")),
        grouping,
        result_hash,
        document: Some(file.text),
    };
    conversation(
        &played,
        home_page,
        scenario_of(pack, &record.report.scenario),
    )
}

/// An assessment: its own start and end around each scored customer's conversation.
pub fn of_assessment(
    result: &AssessmentResult,
    file: &ResultFile,
    home_page: &str,
    pack: &[Playable],
) -> Vec<Statement> {
    let result_hash = file.hash;
    let registration = uuid_from(&format!("registration:{result_hash}"));
    let activity = assessment_activity(&result.assessment, &result.assessment_title);
    let actor = agent(home_page, &result.candidate);
    let context = |category: Vec<Activity>| Context {
        registration: registration.clone(),
        context_activities: ContextActivities {
            category,
            ..ContextActivities::default()
        },
        language: None,
        extensions: BTreeMap::from([(extension("mode"), json!("assessment"))]),
    };
    let mut statements = vec![Statement {
        id: uuid_from(&format!("{registration}:initialized")),
        actor: actor.clone(),
        verb: verb(verbs::INITIALIZED, "initialized"),
        object: activity.clone(),
        result: None,
        context: context(vec![category(CMI5_CATEGORY)]),
        timestamp: iso_timestamp(result.started_at),
    }];
    let mut clock = result.started_at;
    for (i, record) in result.records.iter().enumerate() {
        let used = record.time_used_ms.unwrap_or(0);
        let finished = Timestamp(clock.0 + (used / 1000) as i64);
        let played = Played {
            player: &result.candidate,
            mode: Mode::Assessment,
            report: &record.report,
            scenario_title: scenario_of(pack, &record.scenario)
                .map_or(record.scenario.as_str(), |s| s.title.as_str()),
            scenario_hash: &record.scenario_hash,
            orders: &record.orders,
            started: clock,
            finished,
            time_used_ms: record.time_used_ms,
            registration: uuid_from(&format!("registration:{result_hash}:{i}")),
            grouping: Some(activity.clone()),
            result_hash,
            document: None,
        };
        statements.extend(conversation(
            &played,
            home_page,
            scenario_of(pack, &record.scenario),
        ));
        clock = finished;
    }
    let used: Option<u64> = result.records.iter().map(|r| r.time_used_ms).sum();
    let elapsed = (result.finished_at.0 - result.started_at.0).max(0) as u64 * 1000;
    let extensions = outcome_extensions(
        &result.totals.scores,
        result.totals.style.key(),
        &result.totals.shares,
        result_hash,
    );
    let completed = StatementResult {
        score: Some(score(result.totals.scores.overall)),
        completion: Some(true),
        duration: Some(iso_duration(used.unwrap_or(elapsed))),
        extensions,
        ..StatementResult::default()
    };
    let moved_on = || context(vec![category(CMI5_CATEGORY), category(MOVE_ON_CATEGORY)]);
    let mut with_document = completed.clone();
    with_document
        .extensions
        .insert(extension("result-document"), json!(file.text));
    statements.push(Statement {
        id: uuid_from(&format!("{registration}:completed")),
        actor: actor.clone(),
        verb: verb(verbs::COMPLETED, "completed"),
        object: activity.clone(),
        result: Some(with_document),
        context: moved_on(),
        timestamp: iso_timestamp(result.finished_at),
    });
    // Passed or failed only against a pass mark the definition sets.
    if let Some(mark) = result.pass_mark {
        let passed = result.totals.scores.overall >= mark;
        let word = if passed { "passed" } else { "failed" };
        let id = if passed { verbs::PASSED } else { verbs::FAILED };
        statements.push(Statement {
            id: uuid_from(&format!("{registration}:{word}")),
            actor,
            verb: verb(id, word),
            object: activity,
            result: Some(StatementResult {
                success: Some(passed),
                completion: None,
                ..completed
            }),
            context: moved_on(),
            timestamp: iso_timestamp(result.finished_at),
        });
    }
    statements
}

/// `initialized`, a `responded` per reply, `completed`, then `passed` (won) or `failed`.
fn conversation(played: &Played, home_page: &str, scenario: Option<&Scenario>) -> Vec<Statement> {
    let report = played.report;
    let language = scenario.map_or("und", |s| s.language.as_str()).to_owned();
    let object = scenario_activity(played, &language);
    let actor = agent(home_page, played.player);
    let registration = &played.registration;
    let mut grouping: Vec<Activity> = played.grouping.iter().cloned().collect();
    grouping.push(rapport_activity());
    let context = |parent: Vec<Activity>, categories: &[&str]| Context {
        registration: registration.clone(),
        context_activities: ContextActivities {
            parent,
            grouping: grouping.clone(),
            category: categories.iter().map(|c| category(c)).collect(),
        },
        language: Some(language.clone()),
        extensions: BTreeMap::from([
            (extension("mode"), json!(mode_key(played.mode))),
            // A string: JavaScript numbers would round a 64-bit seed.
            (extension("seed"), json!(report.seed.to_string())),
            (extension("variant"), json!(report.variant)),
        ]),
    };
    let statement = |n: &str, verb: Verb, object: Activity, result, context, at| Statement {
        id: uuid_from(&format!("{registration}:{n}")),
        actor: actor.clone(),
        verb,
        object,
        result,
        context,
        timestamp: iso_timestamp(at),
    };
    let mut out = vec![statement(
        "initialized",
        verb(verbs::INITIALIZED, "initialized"),
        object.clone(),
        None,
        context(Vec::new(), &[CMI5_CATEGORY]),
        played.started,
    )];
    let mut elapsed_ms = 0u64;
    for (turn, entry) in report.transcript.iter().enumerate() {
        elapsed_ms = elapsed_ms.saturating_add(entry.latency_ms.unwrap_or(0));
        let at = Timestamp((played.started.0 + (elapsed_ms / 1000) as i64).min(played.finished.0));
        out.push(statement(
            &format!("responded:{turn}"),
            verb(verbs::RESPONDED, "responded"),
            interaction(played, scenario, turn, &language),
            Some(StatementResult {
                response: Some(entry.choice.to_string()),
                duration: entry.latency_ms.map(iso_duration),
                extensions: reply_extensions(report, turn),
                ..StatementResult::default()
            }),
            context(vec![object.clone()], &[]),
            at,
        ));
    }
    let duration = played
        .time_used_ms
        .unwrap_or_else(|| (played.finished.0 - played.started.0).max(0) as u64 * 1000);
    let mut extensions = outcome_extensions(
        &report.scores,
        report.style.label.key(),
        &report.style.shares,
        played.result_hash,
    );
    extensions.insert(
        extension("outcome"),
        json!(report.outcome.map(Outcome::key)),
    );
    extensions.insert(extension("timed-out"), json!(report.timed_out));
    let mut completed = extensions.clone();
    if let Some(document) = played.document {
        completed.insert(extension("result-document"), json!(document));
    }
    let moved_on = [CMI5_CATEGORY, MOVE_ON_CATEGORY];
    out.push(statement(
        "completed",
        verb(verbs::COMPLETED, "completed"),
        object.clone(),
        Some(StatementResult {
            completion: Some(true),
            duration: Some(iso_duration(duration)),
            extensions: completed,
            ..StatementResult::default()
        }),
        context(Vec::new(), &moved_on),
        played.finished,
    ));
    let won = report.outcome == Some(Outcome::Won);
    let (id, word) = if won {
        (verbs::PASSED, "passed")
    } else {
        (verbs::FAILED, "failed")
    };
    out.push(statement(
        word,
        verb(id, word),
        object,
        Some(StatementResult {
            score: Some(score(report.scores.overall)),
            success: Some(won),
            duration: Some(iso_duration(duration)),
            extensions,
            ..StatementResult::default()
        }),
        context(Vec::new(), &moved_on),
        played.finished,
    ));
    out
}

/// The node a reply answered, as a `choice` interaction offering the replies shown there, in
/// the order shown; each reply's id is its authored position.
fn interaction(
    played: &Played,
    scenario: Option<&Scenario>,
    turn: usize,
    language: &str,
) -> Activity {
    let entry = &played.report.transcript[turn];
    let says: Vec<String> = scenario
        .and_then(|s| s.nodes.get(&entry.node))
        .map(|node| match node {
            NodeEntry::Node { choices, .. } => choices.iter().map(|c| c.say.clone()).collect(),
            NodeEntry::Ending { .. } => Vec::new(),
        })
        .unwrap_or_default();
    let shown: Vec<usize> = match played.orders.get(turn) {
        Some(order) if !order.is_empty() => order.clone(),
        _ => (1..=says.len()).collect(),
    };
    let mut choices: Vec<InteractionComponent> = shown
        .iter()
        .filter_map(|&at| {
            let say = says.get(at.checked_sub(1)?)?;
            Some(InteractionComponent {
                id: at.to_string(),
                description: language_map(language, say),
            })
        })
        .collect();
    // Without the scenario (or with a changed one) the reply given is still on offer.
    if !choices.iter().any(|c| c.id == entry.choice.to_string()) {
        choices.push(InteractionComponent {
            id: entry.choice.to_string(),
            description: language_map(language, &entry.reply),
        });
    }
    Activity {
        object_type: "Activity".to_owned(),
        id: format!(
            "{}/nodes/{}",
            scenario_iri(&played.report.scenario),
            entry.node
        ),
        definition: Some(ActivityDefinition {
            kind: types::INTERACTION.to_owned(),
            name: language_map(language, &entry.customer),
            interaction_type: Some("choice".to_owned()),
            choices,
            ..ActivityDefinition::default()
        }),
    }
}

/// What a reply changed, from the report's explanation: needs found, objection steps,
/// closing points and style evidence, all tied to this turn.
fn reply_extensions(report: &RunReport, turn: usize) -> BTreeMap<String, Value> {
    let at = Some(turn + 1);
    let e = &report.explanation;
    let needs: Vec<&str> = e
        .needs
        .iter()
        .filter(|n| n.discovered_by.as_ref().is_some_and(|r| r.turn == at))
        .map(|n| n.id.as_str())
        .collect();
    let objections: Vec<Value> = e
        .objections
        .iter()
        .flat_map(|o| {
            o.history
                .iter()
                .filter(|s| s.by.turn == at)
                .map(|s| json!({"id": o.id, "from": s.from, "to": s.to}))
        })
        .collect();
    let closing: i64 = e
        .closing
        .adjustments
        .iter()
        .filter(|a| a.by.turn == at)
        .map(|a| a.points)
        .sum();
    let mut style = BTreeMap::new();
    for item in e.style.iter().filter(|s| s.by.turn == at) {
        *style.entry(item.style.key()).or_insert(0.0) += item.points;
    }
    let reply_style = report.transcript[turn].style.map(|s| s.key());
    BTreeMap::from([
        (extension("reply-style"), json!(reply_style)),
        (
            extension("effects"),
            json!({
                "needs_discovered": needs,
                "objections": objections,
                "closing_points": closing,
                "style_evidence": style,
            }),
        ),
    ])
}

/// The three competencies, the style and the result file's hash.
fn outcome_extensions(
    scores: &crate::engine::scoring::Scores,
    style: &str,
    shares: &crate::engine::results::PerStyle,
    result_hash: &str,
) -> BTreeMap<String, Value> {
    BTreeMap::from([
        (
            extension("competencies"),
            json!({
                "needs_discovery": scores.needs_discovery,
                "objection_handling": scores.objection_handling,
                "closing": scores.closing,
                "overall": scores.overall,
            }),
        ),
        (
            extension("style"),
            json!({ "label": style, "shares": shares }),
        ),
        (extension("result-sha256"), json!(result_hash)),
    ])
}

fn score(overall: u8) -> Score {
    Score {
        scaled: f64::from(overall) / 100.0,
        raw: f64::from(overall),
        min: 0.0,
        max: 100.0,
    }
}

fn verb(id: &str, word: &str) -> Verb {
    Verb {
        id: id.to_owned(),
        display: BTreeMap::from([("en-US".to_owned(), word.to_owned())]),
    }
}

fn language_map(language: &str, text: &str) -> LanguageMap {
    BTreeMap::from([(language.to_owned(), text.to_owned())])
}

fn category(id: &str) -> Activity {
    Activity {
        object_type: "Activity".to_owned(),
        id: id.to_owned(),
        definition: None,
    }
}

fn mode_key(mode: Mode) -> &'static str {
    match mode {
        Mode::Practice => "practice",
        Mode::Assessment => "assessment",
        Mode::Seminar => "seminar",
    }
}

fn scenario_of<'a>(pack: &'a [Playable], id: &str) -> Option<&'a Scenario> {
    pack.iter()
        .find(|p| p.scenario.id.as_str() == id)
        .map(|p| p.scenario.as_ref())
}

/// A scenario's activity IRI.
pub fn scenario_iri(id: &str) -> String {
    format!("{IRI_BASE}scenarios/{id}")
}

/// An assessment's activity IRI (the grouping of its candidates' statements).
pub fn assessment_iri(id: &str) -> String {
    format!("{IRI_BASE}assessments/{id}")
}

/// A seminar's activity IRI (the grouping of its participants' statements).
pub fn seminar_iri(id: &str) -> String {
    format!("{IRI_BASE}seminars/{id}")
}

fn scenario_activity(played: &Played, language: &str) -> Activity {
    Activity {
        object_type: "Activity".to_owned(),
        id: scenario_iri(&played.report.scenario),
        definition: Some(ActivityDefinition {
            kind: types::SIMULATION.to_owned(),
            name: language_map(language, played.scenario_title),
            extensions: BTreeMap::from([(
                extension("scenario-sha256"),
                json!(played.scenario_hash),
            )]),
            ..ActivityDefinition::default()
        }),
    }
}

fn assessment_activity(id: &str, title: &str) -> Activity {
    Activity {
        object_type: "Activity".to_owned(),
        id: assessment_iri(id),
        definition: Some(ActivityDefinition {
            kind: types::ASSESSMENT.to_owned(),
            name: language_map("und", title),
            ..ActivityDefinition::default()
        }),
    }
}

fn seminar_activity(id: &str) -> Activity {
    Activity {
        object_type: "Activity".to_owned(),
        id: seminar_iri(id),
        definition: Some(ActivityDefinition {
            kind: types::MEETING.to_owned(),
            ..ActivityDefinition::default()
        }),
    }
}

/// The product itself, in every conversation's grouping (a tool can ask for all of Rapport).
fn rapport_activity() -> Activity {
    Activity {
        object_type: "Activity".to_owned(),
        id: format!("{IRI_BASE}product"),
        definition: None,
    }
}
