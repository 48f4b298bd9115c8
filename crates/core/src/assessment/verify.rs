//! Verification of a finished assessment by re-playing every transcript, and percentile ranks.

use std::sync::Arc;
use std::time::Duration;

use crate::assessment::definition::{
    DefinitionFile, MAX_EXTRA_TIME, bounded_extra_time, options_for, part_seed,
};
use crate::assessment::result::{AssessmentRecord, AssessmentResult, chain, totals_for};
use crate::authoring::pack::Playable;
use crate::engine::dialogue::{Conversation, Options};
use crate::engine::record::compare_orders;
use crate::engine::results::RunReport;
use crate::engine::scenario::ScenarioId;

/// Each value's percentile rank within its group: the share of the *others* who scored lower,
/// ties counting half, rounded half up. `None` in a group of one, where there is nobody to
/// compare with.
pub fn percentile_ranks(values: &[u8]) -> Vec<Option<u8>> {
    let others = values.len().saturating_sub(1) as u64;
    values
        .iter()
        .map(|&v| {
            if others == 0 {
                return None;
            }
            let below = values.iter().filter(|&&o| o < v).count() as u64;
            // Ties among the others: everyone equal except the value itself.
            let tied = values.iter().filter(|&&o| o == v).count() as u64 - 1;
            // 100 × (2·below + tied) / (2·others), in integers.
            Some(crate::engine::scoring::percent(
                2 * below + tied,
                2 * others,
            ))
        })
        .collect()
}

/// One thing `verify` found wrong.
pub type Mismatch = String;

/// Re-plays every record against the pack and re-computes the chain; empty when genuine.
/// With the definition at hand (matched by its hash), also checks the scenarios, their order
/// and their seeds against it.
pub fn verify(
    result: &AssessmentResult,
    pack: &[Playable],
    definitions: &[DefinitionFile],
) -> Vec<Mismatch> {
    let mut found = Vec::new();
    if let Some(def) = definitions
        .iter()
        .find(|d| d.hash() == result.assessment_hash)
    {
        let scored: Vec<&str> = def.def.scenarios.iter().map(ScenarioId::as_str).collect();
        let played: Vec<&str> = result.records.iter().map(|r| r.scenario.as_str()).collect();
        if scored != played {
            found.push(format!(
                "the records ({}) are not the assessment's scenarios ({})",
                played.join(", "),
                scored.join(", ")
            ));
        }
        let consented = result
            .consent
            .as_ref()
            .map(|c| (&c.data_controller, &c.retention));
        if consented != Some((&def.def.data_controller, &def.def.retention)) {
            found.push(
                "the consent recorded (data controller, retention) is not the assessment's".into(),
            );
        }
        if result.pass_mark != def.def.pass_mark {
            found.push("the pass mark recorded is not the assessment's".into());
        }
        let first_scored = usize::from(def.def.practice.is_some());
        for (i, record) in result.records.iter().enumerate() {
            if record.seed != part_seed(def.def.seed, first_scored + i) {
                found.push(format!(
                    "record {} ({}): the seed is not the assessment's",
                    i + 1,
                    record.scenario
                ));
            }
        }
    }
    if result.kind != "assessment" {
        found.push(format!(
            "its kind is \"{}\", not \"assessment\"",
            result.kind
        ));
    }
    if result.finished_at < result.started_at {
        found.push("it finishes before it starts".into());
    }
    if bounded_extra_time(result.extra_time) != result.extra_time {
        found.push(format!(
            "extra time {} is outside 1..={MAX_EXTRA_TIME}",
            result.extra_time
        ));
    }
    for (i, record) in result.records.iter().enumerate() {
        let at = format!("record {} ({})", i + 1, record.scenario);
        let Some(playable) = pack
            .iter()
            .find(|p| p.scenario.id.as_str() == record.scenario)
        else {
            found.push(format!(
                "{at}: scenario \"{}\" is missing from the pack",
                record.scenario
            ));
            continue;
        };
        if playable.hash != record.scenario_hash {
            found.push(format!(
                "{at}: the scenario file has changed since the assessment (hash differs)"
            ));
            continue;
        }
        if record.slow_reply_ms != options_for(result.extra_time).slow_reply.as_millis() as u64 {
            found.push(format!(
                "{at}: the slow-reply threshold does not follow the extra time"
            ));
        }
        match replay_record(record, playable) {
            Err(e) => found.push(format!("{at}: the transcript does not re-play: {e}")),
            Ok(report) => {
                if record.variant != report.variant {
                    found.push(format!(
                        "{at}: the recorded variant is not the one the seed draws"
                    ));
                }
                if record.timed_out != report.timed_out {
                    found.push(format!(
                        "{at}: the time-out mark does not match the re-played conversation"
                    ));
                }
                found.extend(compare_reports(&at, &report, &record.report));
            }
        }
    }
    let expected = chain(result);
    if expected != result.chain {
        let first = expected
            .iter()
            .zip(&result.chain)
            .position(|(a, b)| a != b)
            .unwrap_or(expected.len().min(result.chain.len()));
        found.push(format!("the hash chain is broken at record {}", first + 1));
    }
    if totals_for(result.format, &result.records) != result.totals {
        found.push("the totals do not match the records".into());
    }
    found
}

/// Re-plays one record's transcript from its seed (the variant is drawn, not taken from the
/// file), re-drawing the shuffled orders; a timed-out record ends with a time-out.
pub fn replay_record(record: &AssessmentRecord, playable: &Playable) -> Result<RunReport, String> {
    let options = Options::with_slow_reply(Duration::from_millis(record.slow_reply_ms));
    let mut c = Conversation::start(Arc::clone(&playable.scenario), record.seed, None, options)
        .map_err(|e| e.to_string())?;
    for entry in &record.report.transcript {
        c.choose(entry.choice, entry.latency_ms.map(Duration::from_millis))
            .map_err(|e| e.to_string())?;
    }
    // Orders are kept only where replies were shuffled.
    if !record.orders.is_empty()
        && let Some(problem) = compare_orders(&c.orders(), &record.orders)
    {
        return Err(problem);
    }
    if record.timed_out {
        c.time_out();
    }
    Ok(RunReport::of(&c))
}

/// Names every field of a stored report that differs from the re-played one.
pub fn compare_reports(at: &str, replayed: &RunReport, stored: &RunReport) -> Vec<Mismatch> {
    let mut found = Vec::new();
    let mut check = |what: &str, same: bool| {
        if !same {
            found.push(format!(
                "{at}: {what} differs from the re-played transcript"
            ));
        }
    };
    check("the variant", replayed.variant == stored.variant);
    check(
        "the outcome",
        replayed.outcome == stored.outcome && replayed.ending == stored.ending,
    );
    check(
        "needs discovery",
        replayed.scores.needs_discovery == stored.scores.needs_discovery,
    );
    check(
        "objection handling",
        replayed.scores.objection_handling == stored.scores.objection_handling,
    );
    check("closing", replayed.scores.closing == stored.scores.closing);
    check("overall", replayed.scores.overall == stored.scores.overall);
    check("the style", replayed.style == stored.style);
    check(
        "the final patience and trust",
        replayed.final_state == stored.final_state,
    );
    check("the objections", replayed.objections == stored.objections);
    check("the needs", replayed.needs == stored.needs);
    if found.is_empty() && replayed != stored {
        found.push(format!(
            "{at}: the report differs from the re-played transcript"
        ));
    }
    found
}
