//! Structural checks of scenarios: every error and warning of spec section 6, graph checks included.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::path::PathBuf;

use crate::authoring::load::{LoadError, Position, ScenarioFile};
use crate::authoring::locate::{locate_definition, locate_field};
use crate::engine::scenario::{Condition, Effect, NodeEntry, Outcome, Scenario};

/// How serious an issue is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One finding about one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    pub severity: Severity,
    pub path: PathBuf,
    pub at: Option<Position>,
    pub message: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(at) = self.at {
            write!(f, ":{at}")?;
        }
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {kind}: {}", self.message)
    }
}

impl Issue {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl From<&LoadError> for Issue {
    fn from(error: &LoadError) -> Self {
        let at = match error {
            LoadError::TooDeep { at, .. } | LoadError::Syntax { at, .. } => Some(*at),
            _ => None,
        };
        // The error's own text starts with the path (and position); keep only the message.
        let text = error.to_string();
        let prefix = match at {
            Some(at) => format!("{}:{at}: ", error.path().display()),
            None => format!("{}: ", error.path().display()),
        };
        Issue {
            severity: Severity::Error,
            path: error.path().to_owned(),
            at,
            message: text.strip_prefix(&prefix).unwrap_or(&text).to_owned(),
        }
    }
}

/// What an issue points at: an id's definition, a field by its path of names, or the file.
#[derive(Clone, Copy)]
enum Anchor<'a> {
    Id(&'a str),
    Field(&'a [&'a str]),
    File,
}
use Anchor::{Field, File, Id};

/// Collects issues for one file, finding positions of ids in its source.
struct Checker<'a> {
    file: &'a ScenarioFile,
    issues: Vec<Issue>,
}

impl Checker<'_> {
    fn push(&mut self, severity: Severity, anchor: Anchor, message: String) {
        let source = &self.file.source;
        let at = match anchor {
            Id(id) => locate_definition(source, id),
            Field(path) => locate_field(source, path),
            File => None,
        };
        self.issues.push(Issue {
            severity,
            path: self.file.path.clone(),
            at,
            message,
        });
    }

    fn error(&mut self, anchor: Anchor, message: String) {
        self.push(Severity::Error, anchor, message);
    }

    /// A duplicate id, pointing at its second definition.
    fn duplicate(&mut self, what: &str, id: &str) {
        let at = crate::authoring::locate::locate_nth_definition(&self.file.source, id, 1);
        self.issues.push(Issue {
            severity: Severity::Error,
            path: self.file.path.clone(),
            at,
            message: format!("duplicate {what} id \"{id}\""),
        });
    }

    fn warning(&mut self, anchor: Anchor, message: String) {
        self.push(Severity::Warning, anchor, message);
    }

    /// An error when `value` is outside `lo..=hi`; whether it was inside.
    fn range(&mut self, anchor: Anchor, what: &str, value: i64, lo: i64, hi: i64) -> bool {
        let inside = (lo..=hi).contains(&value);
        if !inside {
            self.error(anchor, format!("{what} is {value}, outside {lo}..={hi}"));
        }
        inside
    }

    /// A number the spec leaves open but that is unlikely to be meant: a warning, not an error.
    fn advise(&mut self, anchor: Anchor, what: &str, value: i64, lo: i64, hi: i64, why: &str) {
        if !(lo..=hi).contains(&value) {
            self.warning(
                anchor,
                format!("{what} is {value}, outside {lo}..={hi}: {why}"),
            );
        }
    }

    fn text(&mut self, anchor: Anchor, what: &str, text: &str) {
        if text.trim().is_empty() {
            self.error(anchor, format!("{what} is empty"));
        }
    }

    /// An empty text the spec does not forbid, shown to players as a blank.
    fn blank(&mut self, anchor: Anchor, what: &str, text: &str) {
        if text.trim().is_empty() {
            self.warning(anchor, format!("{what} is empty"));
        }
    }
}

/// Weights above this are refused: far beyond any authored use, and sums stay exact.
pub const MAX_WEIGHT: i64 = 1_000_000;

/// Validates one parsed scenario; `assets` are the folders portraits may live in.
pub fn validate(file: &ScenarioFile, assets: &[PathBuf]) -> Vec<Issue> {
    let mut check = Checker {
        file,
        issues: Vec::new(),
    };
    let s = &file.scenario;
    header::check_header(&mut check, s, assets);
    check_nodes(&mut check, s);
    check_graph(&mut check, s);
    moods::check_moods(&mut check, s);
    check.issues.sort_by_key(|i| i.severity);
    check.issues
}

/// Lowercase letters and digits in words joined by single hyphens.
pub fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

fn check_effects(check: &mut Checker, s: &Scenario, node: &str, place: &str, effects: &[Effect]) {
    for effect in effects {
        match effect {
            Effect::Discover(need) if s.need_index(need).is_none() => check.error(
                Id(node),
                format!("node \"{node}\": {place} discovers undeclared need \"{need}\""),
            ),
            Effect::Raise(o) | Effect::Resolve(o) | Effect::Mishandle(o)
                if s.objection_index(o).is_none() =>
            {
                check.error(
                    Id(node),
                    format!("node \"{node}\": {place} names undeclared objection \"{o}\""),
                );
            }
            Effect::Trust(n) | Effect::Patience(n) => check.advise(
                Id(node),
                &format!("node \"{node}\": {place} {effect:?}"),
                *n,
                -10,
                10,
                "the meter only spans 0..=10",
            ),
            Effect::Closing(n) => check.advise(
                Id(node),
                &format!("node \"{node}\": {place} Closing"),
                *n,
                -100,
                100,
                "the closing score only spans 0..=100",
            ),
            _ => {}
        }
    }
}

fn check_conditions(
    check: &mut Checker,
    s: &Scenario,
    node: &str,
    place: &str,
    conditions: &[Condition],
) {
    for condition in conditions {
        match condition {
            Condition::Discovered(need) | Condition::NotDiscovered(need)
                if s.need_index(need).is_none() =>
            {
                check.error(
                    Id(node),
                    format!("node \"{node}\": {place} tests undeclared need \"{need}\""),
                );
            }
            Condition::Resolved(o) | Condition::Raised(o) if s.objection_index(o).is_none() => {
                check.error(
                    Id(node),
                    format!("node \"{node}\": {place} tests undeclared objection \"{o}\""),
                );
            }
            Condition::Variant(v) if s.variant_index(v.as_str()).is_none() => check.error(
                Id(node),
                format!("node \"{node}\": {place} tests undeclared variant \"{v}\""),
            ),
            Condition::TrustAtLeast(n)
            | Condition::TrustBelow(n)
            | Condition::PatienceAtLeast(n) => {
                check.advise(
                    Id(node),
                    &format!("node \"{node}\": {place} {condition:?}"),
                    *n,
                    0,
                    10,
                    "the meters only span 0..=10, so the test always or never holds",
                );
            }
            _ => {}
        }
    }
}

fn check_nodes(check: &mut Checker, s: &Scenario) {
    if s.nodes.index_of(s.start.as_str()).is_none() {
        check.error(
            Field(&["start"]),
            format!("start node \"{}\" does not exist", s.start),
        );
    }
    for (id, node) in s.nodes.iter() {
        let id = id.as_str();
        check.text(Id(id), &format!("node \"{id}\": say"), node.say());
        match node {
            NodeEntry::Ending { closing, .. } => {
                if let Some(c) = closing {
                    check.advise(
                        Id(id),
                        &format!("ending \"{id}\": closing"),
                        *c,
                        0,
                        100,
                        "the closing score is clamped to 0..=100",
                    );
                }
            }
            NodeEntry::Node {
                on_enter,
                choices,
                keep_order,
                ..
            } => {
                if *keep_order && choices.len() > 1 {
                    check.warning(
                        Id(id),
                        format!(
                            "node \"{id}\" keeps its authored reply order: a player who learns the positions can pick without reading; keep it only where the order is itself the content"
                        ),
                    );
                }
                check_effects(check, s, id, "on_enter", on_enter);
                if choices.is_empty() {
                    check.error(Id(id), format!("node \"{id}\" has no choices"));
                } else if choices.iter().all(|c| !c.requires.is_empty()) {
                    check.error(
                        Id(id),
                        format!(
                            "node \"{id}\": every choice has `requires`, so the player may be left with no reply; give at least one choice no conditions"
                        ),
                    );
                }
                for (i, choice) in choices.iter().enumerate() {
                    let place = format!("choice {}", i + 1);
                    check.text(Id(id), &format!("node \"{id}\": {place} say"), &choice.say);
                    check_effects(check, s, id, &place, &choice.effects);
                    check_conditions(check, s, id, &format!("{place} requires"), &choice.requires);
                    if let crate::engine::scenario::Next::Branch { cases, .. } = &choice.next {
                        for case in cases {
                            check_conditions(check, s, id, &format!("{place} branch"), &case.all);
                        }
                    }
                    for target in choice.next.targets() {
                        if s.nodes.index_of(target.as_str()).is_none() {
                            check.error(
                                Id(id),
                                format!("node \"{id}\": {place} leads to \"{target}\", which does not exist"),
                            );
                        }
                    }
                    if choice.feedback.trim().is_empty() {
                        check.warning(Id(id), format!("node \"{id}\": {place} has no feedback"));
                    }
                }
            }
        }
    }
}

/// Node indices reachable from `from` along `edges`.
fn reach(edges: &[Vec<usize>], from: impl IntoIterator<Item = usize>) -> Vec<bool> {
    let mut seen = vec![false; edges.len()];
    let mut queue: VecDeque<usize> = from.into_iter().collect();
    for &n in &queue {
        seen[n] = true;
    }
    while let Some(n) = queue.pop_front() {
        for &m in &edges[n] {
            if !seen[m] {
                seen[m] = true;
                queue.push_back(m);
            }
        }
    }
    seen
}

fn check_graph(check: &mut Checker, s: &Scenario) {
    let Some(start) = s.nodes.index_of(s.start.as_str()) else {
        return;
    };
    let n = s.nodes.count();
    let mut forward = vec![Vec::new(); n];
    let mut backward = vec![Vec::new(); n];
    for (from, (_, node)) in s.nodes.iter().enumerate() {
        for target in node.choices().iter().flat_map(|c| c.next.targets()) {
            if let Some(to) = s.nodes.index_of(target.as_str()) {
                forward[from].push(to);
                backward[to].push(from);
            }
        }
    }
    let reachable = reach(&forward, [start]);
    let endings = (0..n).filter(|&i| matches!(s.nodes.at(i).1, NodeEntry::Ending { .. }));
    let can_end = reach(&backward, endings);

    let mut won = false;
    let mut discoverable = HashSet::new();
    let mut raisable = HashSet::new();
    let mut resolvable = HashSet::new();
    for (i, (id, node)) in s.nodes.iter().enumerate() {
        let id = id.as_str();
        if !reachable[i] {
            check.warning(
                Id(id),
                format!("node \"{id}\" is unreachable from start \"{}\"", s.start),
            );
            continue;
        }
        if !can_end[i] {
            check.error(
                Id(id),
                format!("from node \"{id}\" no ending can be reached"),
            );
        }
        let effects: Vec<&Effect> = match node {
            NodeEntry::Ending { outcome, .. } => {
                won |= *outcome == Outcome::Won;
                Vec::new()
            }
            NodeEntry::Node {
                on_enter, choices, ..
            } => on_enter
                .iter()
                .chain(choices.iter().flat_map(|c| &c.effects))
                .collect(),
        };
        for effect in effects {
            match effect {
                Effect::Discover(need) => {
                    discoverable.insert(need.as_str());
                }
                Effect::Raise(o) | Effect::Mishandle(o) => {
                    raisable.insert(o.as_str());
                }
                Effect::Resolve(o) => {
                    raisable.insert(o.as_str());
                    resolvable.insert(o.as_str());
                }
                _ => {}
            }
        }
    }
    if !won {
        check.error(File, "no reachable ending has outcome Won".to_owned());
    }
    for need in &s.customer.needs {
        let id = need.id.as_str();
        if !discoverable.contains(id) {
            check.warning(
                Id(id),
                format!("need \"{id}\" is never discovered by any reachable node"),
            );
        }
    }
    for objection in &s.customer.objections {
        let id = objection.id.as_str();
        if !raisable.contains(id) {
            check.warning(
                Id(id),
                format!("objection \"{id}\" is never raised by any reachable node"),
            );
        } else if !resolvable.contains(id) {
            check.warning(Id(id), format!("objection \"{id}\" can never be resolved"));
        }
    }
}

mod header;
mod moods;
mod paths;

pub use paths::{PackReport, assets_roots, expand_paths, validate_paths};

#[cfg(test)]
mod tests;
