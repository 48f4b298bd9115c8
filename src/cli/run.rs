//! `rapport run`: plays a scenario headless from a list of choices and prints the result as text or JSON.

use std::fmt::Write as _;
use std::process::ExitCode;
use std::sync::Arc;

use super::{EXIT_INVALID, EXIT_USAGE, Format, RunArgs};
use rapport_core::engine::dialogue::{Cause, Change, Conversation, Event, Options};
use rapport_core::engine::results::{Reason, RunReport};
use rapport_core::engine::scenario::{Scenario, Style};
use rapport_core::engine::scoring::ClosingBase;
use rapport_core::engine::script::play_to_end;
use rapport_core::engine::style::Fit;

pub(super) fn run(args: &RunArgs) -> ExitCode {
    let file = match super::load_valid(&args.file) {
        Ok(file) => file,
        Err(code) => return code,
    };
    let choices = match parse_choices(&args.choices) {
        Ok(choices) => choices,
        Err(message) => return usage(&message),
    };
    let scenario = Arc::new(file.scenario);
    let mut conversation = match Conversation::start(
        Arc::clone(&scenario),
        args.seed,
        args.variant.as_deref(),
        Options::default(),
    ) {
        Ok(c) => c,
        Err(error) => return usage(&format!("{}: {error}", args.file.display())),
    };
    if let Err(message) = play_to_end(&mut conversation, &choices, args.order.into()) {
        return usage(&format!("{}: {message}", args.file.display()));
    }
    let report = RunReport::of(&conversation);
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&report) {
            Ok(json) => outln!("{json}"),
            Err(error) => {
                eprintln!("cannot write JSON: {error}");
                return ExitCode::from(EXIT_INVALID);
            }
        },
        Format::Text => out!("{}", render_text(&conversation, &report)),
    }
    ExitCode::SUCCESS
}

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(EXIT_USAGE)
}

/// Parses `1,3,2` (spaces allowed; empty means no choices).
pub(super) fn parse_choices(list: &str) -> Result<Vec<usize>, String> {
    if list.trim().is_empty() {
        return Ok(Vec::new());
    }
    list.split(',')
        .enumerate()
        .map(|(i, item)| {
            let item = item.trim();
            // 0 parses: the engine then names the node and the valid range.
            item.parse::<usize>().map_err(|_| {
                format!(
                    "--choices item {} is \"{item}\"; expected a positive whole number like 1,3,2",
                    i + 1
                )
            })
        })
        .collect()
}

fn reason_text(reason: &Reason) -> String {
    match (reason.turn, reason.choice) {
        (Some(turn), Some(choice)) => {
            format!("reply {turn} (choice {choice} at \"{}\")", reason.node)
        }
        _ => format!("entering \"{}\"", reason.node),
    }
}

fn describe_event(scenario: &Scenario, event: &Event) -> String {
    let customer = &scenario.customer;
    match event.change {
        Change::NeedDiscovered { need } => format!("need discovered: {}", customer.needs[need].id),
        Change::Objection {
            objection,
            from,
            to,
        } => format!(
            "objection {}: {} -> {}",
            customer.objections[objection].id,
            from.map_or("not raised", |s| s.key()),
            to.key()
        ),
        Change::Trust { from, to, cause } => format!("trust {from} -> {to}{}", cause_note(cause)),
        Change::Patience { from, to, cause } => {
            format!("patience {from} -> {to}{}", cause_note(cause))
        }
        Change::Closing { points } => format!("closing {points:+}"),
        Change::Style {
            style,
            halves,
            cause,
        } => format!(
            "{} {:+}{}",
            style.key(),
            f64::from(halves) / 2.0,
            cause_note(cause)
        ),
    }
}

fn cause_note(cause: Cause) -> &'static str {
    match cause {
        Cause::Effect | Cause::StyledReply => "",
        Cause::DrawnOutTalk => " (drawn-out talk)",
        Cause::PreferredStyle => " (the customer's preferred style)",
        Cause::SlowReply => " (slow reply)",
        Cause::WalkOut => " (walk-out)",
    }
}

fn events_line(scenario: &Scenario, events: &[Event]) -> Option<String> {
    let parts: Vec<String> = events.iter().map(|e| describe_event(scenario, e)).collect();
    (!parts.is_empty()).then(|| format!("      -> {}\n", parts.join("; ")))
}

/// The conversation as it went, then the scores and style with their reasons.
fn render_text(conversation: &Conversation, report: &RunReport) -> String {
    let scenario = conversation.scenario();
    let customer = &scenario.customer;
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", scenario.title, scenario.id);
    let _ = writeln!(
        out,
        "Customer: {}, {}. Seed {}, variant {}.\n",
        customer.name,
        customer.role,
        report.seed,
        report.variant.as_deref().unwrap_or("none")
    );
    if let Some(line) = events_line(scenario, conversation.prologue_events()) {
        out.push_str(&line);
    }
    for (i, turn) in conversation.turns().iter().enumerate() {
        let choice = conversation.turn_choice(turn);
        let _ = writeln!(
            out,
            "{}: {}",
            customer.name,
            conversation.line_at(turn.node)
        );
        let style = choice
            .style
            .map_or(String::new(), |s| format!(", {}", s.key()));
        let shown_as = turn
            .shown_key()
            .map_or(String::new(), |k| format!(", key {k}"));
        let _ = writeln!(
            out,
            "  {}. You ({}{shown_as}{style}): {}",
            i + 1,
            turn.position,
            choice.say
        );
        if !choice.feedback.is_empty() {
            let _ = writeln!(out, "      Coach: {}", choice.feedback);
        }
        if let Some(line) = events_line(scenario, conversation.turn_events(i)) {
            out.push_str(&line);
        }
    }
    let _ = writeln!(out, "{}: {}\n", customer.name, conversation.current_line());

    let outcome = report.outcome.map_or("unfinished", |o| o.key());
    let ending = report
        .ending
        .as_ref()
        .map_or(String::new(), |e| format!(" at ending \"{e}\""));
    let _ = writeln!(
        out,
        "Outcome: {outcome}{ending}. Final patience {}/10, trust {}/10.\n",
        report.final_state.patience, report.final_state.trust
    );

    render_scores(&mut out, report);
    out
}

/// The scores and style, each with the replies that moved it.
fn render_scores(out: &mut String, report: &RunReport) {
    let x = &report.explanation;
    let s = &report.scores;
    let _ = writeln!(out, "Needs discovery     {:>3}", s.needs_discovery);
    for need in &x.needs {
        let how = need
            .discovered_by
            .as_ref()
            .map_or("missed".to_owned(), |r| {
                format!("found by {}", reason_text(r))
            });
        let _ = writeln!(out, "    {} (weight {}): {how}", need.id, need.weight);
    }
    match s.objection_handling {
        Some(v) => {
            let _ = writeln!(out, "Objection handling  {v:>3}");
        }
        None => out.push_str("Objection handling  n/a (no objection came up)\n"),
    }
    for objection in &x.objections {
        let steps: Vec<String> = objection
            .history
            .iter()
            .map(|step| format!("{} by {}", step.to.key(), reason_text(&step.by)))
            .collect();
        let _ = writeln!(
            out,
            "    {}: {} ({})",
            objection.id,
            objection.state.key(),
            steps.join(", ")
        );
    }
    let _ = writeln!(out, "Closing             {:>3}", s.closing);
    let base = match x.closing.base_from {
        ClosingBase::Ending => "set by the ending",
        ClosingBase::Outcome => "for the outcome",
        ClosingBase::Unfinished => "unfinished",
    };
    let _ = writeln!(out, "    base {} ({base})", x.closing.base);
    for adjustment in &x.closing.adjustments {
        let _ = writeln!(
            out,
            "    {:+} by {}",
            adjustment.points,
            reason_text(&adjustment.by)
        );
    }
    let _ = writeln!(out, "Overall             {:>3}\n", s.overall);

    let shares: Vec<String> = Style::ALL
        .iter()
        .map(|s| format!("{} {:.0}%", s.key(), report.style.shares.get(*s) * 100.0))
        .collect();
    let _ = writeln!(
        out,
        "Style: {} ({})",
        report.style.label.key(),
        shares.join(", ")
    );
    for item in &x.style {
        let _ = writeln!(
            out,
            "    {} {:+} by {}{}",
            item.style.key(),
            item.points,
            reason_text(&item.by),
            cause_note(item.cause)
        );
    }
    let fit = match (report.style.fit, report.style.prefers) {
        (Fit::NoPreference, _) | (_, None) => "this customer has no preferred style".to_owned(),
        (Fit::Matches, Some(p)) => format!("matches what this customer prefers ({})", p.key()),
        (Fit::Partly, Some(p)) => format!("partly fits: this customer prefers {}", p.key()),
        (Fit::Differs, Some(p)) => format!("differs from what this customer prefers ({})", p.key()),
    };
    let _ = writeln!(out, "Fit: {fit}");
}

#[cfg(test)]
mod tests {
    use super::parse_choices;

    #[test]
    fn choices_parse_with_spaces_and_refuse_junk() {
        assert_eq!(parse_choices("1, 3,2"), Ok(vec![1, 3, 2]));
        assert_eq!(parse_choices(""), Ok(vec![]));
        assert!(parse_choices("1,x").is_err_and(|e| e.contains("item 2")));
        // Zero parses, so the engine can name the node and range it is out of.
        assert_eq!(parse_choices("0"), Ok(vec![0]));
        assert!(parse_choices("-1").is_err());
        assert!(parse_choices("1,,2").is_err());
    }
}
