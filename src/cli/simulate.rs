//! `rapport simulate`: calibrates scenarios (reachable ranges, random players, style bots and
//! the players who always press one key) for trainers.

use std::fmt::Write as _;
use std::process::ExitCode;
use std::sync::Arc;

use indicatif::{ProgressBar, ProgressStyle};

use super::{EXIT_INVALID, Format, SimulateArgs};
use rapport_core::authoring::validate::validate_paths;
use rapport_core::engine::calibrate::{Calibration, Distribution, Population, calibrate};
use rapport_core::engine::scenario::Outcome;

pub(super) fn run(args: &SimulateArgs) -> ExitCode {
    let report = validate_paths(&args.files);
    let mut failed = false;
    for issue in report
        .files
        .iter()
        .flat_map(|(_, i)| i)
        .filter(|i| i.is_error())
    {
        eprintln!("{issue}");
        failed = true;
    }
    let mut results = Vec::new();
    for file in &report.valid {
        let scenario = Arc::new(file.scenario.clone());
        let bar = ProgressBar::new(args.players * 8).with_message(scenario.id.to_string());
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} plays ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        let mut done = 0u64;
        let mut tick = || {
            done += 1;
            if done.is_multiple_of(1024) {
                bar.inc(1024);
            }
        };
        let calibration = calibrate(&scenario, args.players, args.seed, &mut tick);
        bar.finish_and_clear();
        match calibration {
            Some(c) => results.push(c),
            None => {
                eprintln!(
                    "{}: the scenario cannot be calibrated (it does not start)",
                    file.path.display()
                );
                failed = true;
            }
        }
    }
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&results) {
            Ok(json) => outln!("{json}"),
            Err(e) => {
                eprintln!("cannot write JSON: {e}");
                failed = true;
            }
        },
        Format::Text => {
            for c in &results {
                out!("{}", render(c));
            }
        }
    }
    if failed {
        ExitCode::from(EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    }
}

fn dist(d: &Distribution) -> String {
    format!("{:>3} {:>4} {:>4}", d.p10, d.median, d.p90)
}

fn shares(entries: &[(String, f64)]) -> String {
    entries
        .iter()
        .filter(|(_, share)| *share > 0.0)
        .map(|(k, share)| format!("{k} {:.1}%", share * 100.0))
        .collect::<Vec<_>>()
        .join(", ")
}

fn population_rows(out: &mut String, p: &Population) {
    let o = p
        .objection_handling
        .as_ref()
        .map_or("  n/a".to_owned(), dist);
    let _ = writeln!(out, "    needs discovery    {}", dist(&p.needs_discovery));
    let _ = writeln!(out, "    objection handling {o}");
    let _ = writeln!(out, "    closing            {}", dist(&p.closing));
    let _ = writeln!(out, "    overall            {}", dist(&p.overall));
    let _ = writeln!(out, "    outcomes: {}", shares(&p.outcomes));
}

/// The calibration as a trainer reads it.
fn render(c: &Calibration) -> String {
    let mut out = String::new();
    let r = &c.reach;
    let _ = writeln!(
        out,
        "{}  (search: {} states{})",
        c.scenario,
        r.states,
        if r.complete {
            ", complete"
        } else {
            ", cut at the depth or state bound"
        }
    );
    let _ = writeln!(out, "  reachable           min  max");
    let _ = writeln!(
        out,
        "    needs discovery    {:>3}  {:>3}",
        r.needs_discovery.min, r.needs_discovery.max
    );
    match r.objection_handling {
        Some(s) => {
            let _ = writeln!(out, "    objection handling {:>3}  {:>3}", s.min, s.max);
        }
        None => out.push_str("    objection handling  n/a (never raised)\n"),
    }
    let _ = writeln!(
        out,
        "    closing            {:>3}  {:>3}",
        r.closing.min, r.closing.max
    );
    let _ = writeln!(
        out,
        "    overall            {:>3}  {:>3}",
        r.overall.min, r.overall.max
    );
    let outcomes: Vec<&str> = r.outcomes.iter().map(|o| o.key()).collect();
    let _ = writeln!(out, "    outcomes: {}", outcomes.join(", "));
    for (name, path) in [("best", &r.best), ("worst", &r.worst)] {
        let variant = path
            .variant
            .as_ref()
            .map_or(String::new(), |v| format!("--variant {v} "));
        let choices: Vec<String> = path.choices.iter().map(ToString::to_string).collect();
        let _ = writeln!(
            out,
            "    {name} path: {variant}--choices {} (overall {}, {})",
            choices.join(","),
            path.scores.overall,
            path.outcome.key()
        );
    }
    let _ = writeln!(
        out,
        "  random players ({} plays)  p10  median  p90",
        c.random.plays
    );
    population_rows(&mut out, &c.random);
    let _ = writeln!(
        out,
        "  style bots               mean: needs  obj  closing  overall  own label"
    );
    for bot in &c.bots {
        let m = &bot.population.mean;
        let _ = writeln!(
            out,
            "    {:<12}                  {:>5.1} {:>5}  {:>5.1}  {:>7.1}  {:>8.1}%   (labels: {})",
            bot.style.key(),
            m.needs_discovery,
            m.objection_handling
                .map_or("n/a".to_owned(), |v| format!("{v:.1}")),
            m.closing,
            m.overall,
            bot.own_label_share * 100.0,
            shares(&bot.population.labels)
        );
    }
    let _ = writeln!(
        out,
        "  positional players (press one key)  median overall  won"
    );
    for p in &c.positional {
        let _ = writeln!(
            out,
            "    always key {}                         {:>3}          {:>5.1}%",
            p.position,
            p.population.overall.median,
            p.population.share(Outcome::Won) * 100.0
        );
    }
    out.push('\n');
    out
}
