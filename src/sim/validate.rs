//! Structural checks of scenarios: every error and warning of spec section 6, graph checks included.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::path::{Path, PathBuf};

use super::scenario::{
    Condition, Effect, LoadError, NodeEntry, Outcome, Position, Scenario, ScenarioFile, load_file,
    locate_definition, locate_field,
};

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
        let at = super::scenario::locate_nth_definition(&self.file.source, id, 1);
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
    check_header(&mut check, s, assets);
    check_nodes(&mut check, s);
    check_graph(&mut check, s);
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

fn check_header(check: &mut Checker, s: &Scenario, assets: &[PathBuf]) {
    if !is_kebab_case(s.id.as_str()) {
        check.error(
            Id(s.id.as_str()),
            format!(
                "scenario id \"{}\" must be lowercase kebab-case (like \"led-store-cafe\")",
                s.id
            ),
        );
    }
    check.blank(Field(&["title"]), "title", &s.title);
    check.blank(
        Field(&["customer", "name"]),
        "customer name",
        &s.customer.name,
    );
    check.blank(
        Field(&["customer", "walkout"]),
        "customer walkout line",
        &s.customer.walkout,
    );
    check.range(Field(&["difficulty"]), "difficulty", s.difficulty, 1, 5);
    if s.minutes < 0 {
        check.error(
            Field(&["minutes"]),
            format!("minutes is {}: a play time cannot be negative", s.minutes),
        );
    } else {
        check.advise(
            Field(&["minutes"]),
            "minutes",
            s.minutes,
            1,
            120,
            "the picker shows it as the expected play time",
        );
    }
    check.range(
        Field(&["customer", "patience"]),
        "customer patience",
        s.customer.patience,
        0,
        10,
    );
    check.range(
        Field(&["customer", "trust"]),
        "customer trust",
        s.customer.trust,
        0,
        10,
    );
    if let Some(portrait) = &s.customer.portrait {
        check_portrait(check, portrait, assets);
    }

    if s.customer.needs.iter().all(|n| n.weight <= 0) {
        check.error(
            Field(&["customer", "needs"]),
            "the customer has no needs of positive weight: needs discovery would divide by zero"
                .to_owned(),
        );
    }
    let mut seen = HashSet::new();
    for need in &s.customer.needs {
        let id = need.id.as_str();
        if !seen.insert(id) {
            check.duplicate("need", id);
        }
        let what = format!("weight of need \"{id}\"");
        // A weight already refused is not warned about as well.
        if check.range(Id(id), &what, need.weight, 0, MAX_WEIGHT) {
            check.advise(Id(id), &what, need.weight, 1, MAX_WEIGHT, "it never counts");
        }
        check.blank(Id(id), &format!("text of need \"{id}\""), &need.text);
    }
    let mut seen = HashSet::new();
    for objection in &s.customer.objections {
        let id = objection.id.as_str();
        if !seen.insert(id) {
            check.duplicate("objection", id);
        }
        check.blank(
            Id(id),
            &format!("text of objection \"{id}\""),
            &objection.text,
        );
    }
    if !s.variants.is_empty() && s.variants.iter().all(|v| v.weight <= 0) {
        check.error(
            Field(&["variants"]),
            "every variant has weight 0: the seed could never draw one".to_owned(),
        );
    }
    let mut seen = HashSet::new();
    for variant in &s.variants {
        let id = variant.id.as_str();
        if !seen.insert(id) {
            check.duplicate("variant", id);
        }
        let what = format!("weight of variant \"{id}\"");
        if check.range(Id(id), &what, variant.weight, 0, MAX_WEIGHT) {
            check.advise(
                Id(id),
                &what,
                variant.weight,
                1,
                MAX_WEIGHT,
                "it is only played when forced with --variant",
            );
        }
        if let Some(p) = variant.patience {
            check.range(Id(id), &format!("patience of variant \"{id}\""), p, 0, 10);
        }
        if let Some(t) = variant.trust {
            check.range(Id(id), &format!("trust of variant \"{id}\""), t, 0, 10);
        }
        if let Some(say) = &variant.say {
            check.text(Id(id), &format!("say of variant \"{id}\""), say);
        }
    }
}

fn check_portrait(check: &mut Checker, portrait: &str, assets: &[PathBuf]) {
    let path = Path::new(portrait);
    if path.is_absolute() || portrait.starts_with('/') || portrait.starts_with('\\') {
        check.error(
            Field(&["customer", "portrait"]),
            format!("portrait \"{portrait}\" must be relative to assets/, not absolute"),
        );
    } else if path
        .components()
        .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        check.error(
            Field(&["customer", "portrait"]),
            format!("portrait \"{portrait}\" must not contain \"..\""),
        );
    } else if !assets.iter().any(|root| root.join(path).is_file()) {
        check.error(
            Field(&["customer", "portrait"]),
            format!("portrait \"{portrait}\" does not exist under assets/"),
        );
    }
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
                on_enter, choices, ..
            } => {
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
                    if let super::scenario::Next::Branch { cases, .. } = &choice.next {
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
    let n = s.nodes.len();
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

/// The outcome of validating many files.
#[derive(Debug, Default)]
pub struct PackReport {
    /// Every file checked, with its issues (empty when clean).
    pub files: Vec<(PathBuf, Vec<Issue>)>,
    /// The scenarios that loaded without errors.
    pub valid: Vec<ScenarioFile>,
}

impl PackReport {
    pub fn error_files(&self) -> usize {
        self.files
            .iter()
            .filter(|(_, i)| i.iter().any(Issue::is_error))
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.files
            .iter()
            .flat_map(|(_, i)| i)
            .filter(|i| !i.is_error())
            .count()
    }

    /// `checked N files: X valid, Y with errors, Z warnings`
    pub fn summary(&self) -> String {
        let errors = self.error_files();
        format!(
            "checked {} files: {} valid, {} with errors, {} warnings",
            self.files.len(),
            self.files.len() - errors,
            errors,
            self.warnings()
        )
    }
}

/// Expands folders into their `.ron` files (sorted, recursive); files are kept as given.
pub fn expand_paths(paths: &[PathBuf]) -> Vec<Result<PathBuf, Issue>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            collect_ron(path, &mut found);
            found.sort_by(|a, b| match (a, b) {
                (Ok(a), Ok(b)) => a.cmp(b),
                (a, b) => a.is_ok().cmp(&b.is_ok()),
            });
            out.extend(found);
        } else {
            out.push(Ok(path.clone()));
        }
    }
    out
}

/// Every `.ron` below `dir`; an unreadable folder is reported and the walk goes on.
/// Symbolic links to folders are not followed, so link loops cannot stall the walk.
fn collect_ron(dir: &Path, found: &mut Vec<Result<PathBuf, Issue>>) {
    let unreadable = |path: &Path, e: std::io::Error| Issue {
        severity: Severity::Error,
        path: path.to_owned(),
        at: None,
        message: format!("cannot read folder: {e}"),
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            found.push(Err(unreadable(dir, e)));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                found.push(Err(unreadable(dir, e)));
                continue;
            }
        };
        let path = entry.path();
        let is_real_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_real_dir {
            collect_ron(&path, found);
        } else if path.extension().is_some_and(|e| e == "ron") {
            found.push(Ok(path));
        }
    }
}

/// Where portraits may be: `assets/` beside the scenarios' folder, then `./assets`.
pub fn assets_roots(scenario_path: &Path) -> Vec<PathBuf> {
    let mut roots = Vec::new();
    if let Some(pack) = scenario_path.parent().and_then(Path::parent) {
        roots.push(pack.join("assets"));
    }
    roots.push(PathBuf::from("assets"));
    roots
}

/// Loads and validates every file; one bad file never stops the others.
pub fn validate_paths(paths: &[PathBuf]) -> PackReport {
    let mut report = PackReport::default();
    let mut ids: HashMap<String, PathBuf> = HashMap::new();
    for entry in expand_paths(paths) {
        let path = match entry {
            Ok(path) => path,
            Err(issue) => {
                report.files.push((issue.path.clone(), vec![issue]));
                continue;
            }
        };
        match load_file(&path) {
            Err(error) => report.files.push((path, vec![Issue::from(&error)])),
            Ok(file) => {
                let mut issues = validate(&file, &assets_roots(&path));
                let id = file.scenario.id.as_str().to_owned();
                if let Some(first) = ids.get(&id) {
                    issues.insert(
                        0,
                        Issue {
                            severity: Severity::Error,
                            path: path.clone(),
                            at: locate_definition(&file.source, &id),
                            message: format!(
                                "duplicate scenario id \"{id}\" (also in {})",
                                first.display()
                            ),
                        },
                    );
                } else {
                    ids.insert(id, path.clone());
                }
                let ok = !issues.iter().any(Issue::is_error);
                report.files.push((path, issues));
                if ok {
                    report.valid.push(file);
                }
            }
        }
    }
    report
}

#[cfg(test)]
mod tests;
