//! Twine stories (Twee 3) as scenarios (`rapport import twee`), by the convention documented
//! in `docs/studio.md`: a passage tagged `setup` holds the header and the customer as
//! `key: value` lines; every other passage is a node whose text is the customer's line, whose
//! tags give its mood or its ending, and whose links are the replies, each optionally followed
//! on its line by `[style effect…]` and on the next lines by `> feedback`. Whatever cannot be
//! mapped is reported with its passage and line, never silently dropped.

use std::collections::HashMap;

use crate::engine::scenario::{
    Choice, Condition, Customer, Effect, Mood, Need, NeedId, Next, NodeEntry, NodeId, Nodes,
    Objection, ObjectionId, Outcome, Scenario, ScenarioId, Style,
};

/// One passage: its name, tags, and its text with the line it starts on.
struct Passage {
    name: String,
    tags: Vec<String>,
    line: usize,
    body: Vec<String>,
}

/// A scenario made from a story, and what could not be mapped.
#[derive(Debug)]
pub struct Imported {
    pub scenario: Scenario,
    /// `passage "NAME" line N: what` for everything left out or guessed.
    pub problems: Vec<String>,
}

/// Splits Twee text into passages (`:: Name [tags] {metadata}`).
fn passages(text: &str) -> Vec<Passage> {
    let mut out: Vec<Passage> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        if let Some(header) = raw.strip_prefix("::") {
            let header = header.trim();
            let (before_meta, _) = header.split_once('{').unwrap_or((header, ""));
            let (name, tags) = match before_meta.split_once('[') {
                Some((name, rest)) => (
                    name.trim(),
                    rest.trim_end()
                        .trim_end_matches(']')
                        .split_whitespace()
                        .map(str::to_owned)
                        .collect(),
                ),
                None => (before_meta.trim(), Vec::new()),
            };
            out.push(Passage {
                name: name.to_owned(),
                tags,
                line: i + 1,
                body: Vec::new(),
            });
        } else if let Some(p) = out.last_mut() {
            p.body.push(raw.to_owned());
        }
    }
    out
}

/// A node id from a passage name: lowercase kebab-case.
pub fn slug(name: &str) -> String {
    let words: Vec<String> = name
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    if words.is_empty() {
        "passage".to_owned()
    } else {
        words.join("-")
    }
}

/// `[[text->Target]]`, `[[Target<-text]]`, `[[text|Target]]`, `[[Target]]`: (text, target)
/// and what follows the link on its line.
fn link(line: &str) -> Option<(String, String, String)> {
    let start = line.find("[[")?;
    let end = start + line[start..].find("]]")?;
    let inner = &line[start + 2..end];
    let (text, target) = if let Some((t, to)) = inner.split_once("->") {
        (t, to)
    } else if let Some((to, t)) = inner.split_once("<-") {
        (t, to)
    } else if let Some((t, to)) = inner.split_once('|') {
        (t, to)
    } else {
        (inner, inner)
    };
    // Tags may close the link's text (`[[Ask [erudite]->Next]]`) or follow the link.
    let (text, inside) = match text
        .trim()
        .strip_suffix(']')
        .and_then(|t| t.rsplit_once('['))
    {
        Some((text, tags)) => (text.trim(), tags.to_owned()),
        None => (text.trim(), String::new()),
    };
    let after = line[end + 2..].trim();
    Some((
        text.to_owned(),
        target.trim().to_owned(),
        format!("{inside} {after}").trim().to_owned(),
    ))
}

/// The annotations after a link, `[erudite discover:budget trust:+1]`, into the reply.
fn annotate(choice: &mut Choice, tags: &str, report: &mut dyn FnMut(String)) {
    let inner = tags.trim().trim_start_matches('[').trim_end_matches(']');
    for tag in inner.split_whitespace() {
        let (key, value) = tag.split_once(':').unwrap_or((tag, ""));
        let number = value.trim_start_matches('+').parse::<i64>().ok();
        let style = match key {
            "melancholic" => Some(Style::Melancholic),
            "erudite" => Some(Style::Erudite),
            "executive" => Some(Style::Executive),
            _ => None,
        };
        let effect = match key {
            "discover" => Some(Effect::Discover(NeedId(value.into()))),
            "raise" => Some(Effect::Raise(ObjectionId(value.into()))),
            "resolve" => Some(Effect::Resolve(ObjectionId(value.into()))),
            "mishandle" => Some(Effect::Mishandle(ObjectionId(value.into()))),
            "trust" => number.map(Effect::Trust),
            "patience" => number.map(Effect::Patience),
            "closing" => number.map(Effect::Closing),
            _ => None,
        };
        let condition = match key {
            "if-trust" => number.map(Condition::TrustAtLeast),
            "if-discovered" => Some(Condition::Discovered(NeedId(value.into()))),
            "if-raised" => Some(Condition::Raised(ObjectionId(value.into()))),
            _ => None,
        };
        match (style, effect, condition) {
            (Some(style), ..) => choice.style = Some(style),
            (_, Some(effect), _) => choice.effects.push(effect),
            (.., Some(condition)) => choice.requires.push(condition),
            _ => report(format!("tag \"{tag}\" not mapped")),
        }
    }
}

/// A node from a passage: the customer's line, mood or ending, and the replies.
fn node(p: &Passage, ids: &HashMap<String, String>, problems: &mut Vec<String>) -> NodeEntry {
    let mut say = Vec::new();
    let mut choices: Vec<Choice> = Vec::new();
    let mut mood = Mood::Neutral;
    let mut outcome = None;
    let mut keep_order = false;
    let at = |n: usize| format!("passage \"{}\" line {}", p.name, p.line + 1 + n);
    let header = format!("passage \"{}\" line {}", p.name, p.line);
    for tag in &p.tags {
        match tag.as_str() {
            "pleased" => mood = Mood::Pleased,
            "interested" => mood = Mood::Interested,
            "neutral" => mood = Mood::Neutral,
            "doubtful" => mood = Mood::Doubtful,
            "annoyed" => mood = Mood::Annoyed,
            "angry" => mood = Mood::Angry,
            "won" => outcome = Some(Outcome::Won),
            "follow-up" => outcome = Some(Outcome::FollowUp),
            "lost" => outcome = Some(Outcome::Lost),
            "walked-out" => outcome = Some(Outcome::WalkedOut),
            "keep-order" => keep_order = true,
            other => problems.push(format!("{header}: tag \"{other}\" not mapped")),
        }
    }
    for (n, line) in p.body.iter().enumerate() {
        let trimmed = line.trim();
        if let Some((text, target, tags)) = link(trimmed) {
            let Some(to) = ids.get(&target) else {
                problems.push(format!(
                    "{}: link to \"{target}\", which is no passage",
                    at(n)
                ));
                continue;
            };
            let mut choice = Choice {
                say: text,
                style: None,
                requires: Vec::new(),
                effects: Vec::new(),
                feedback: String::new(),
                next: Next::Goto(NodeId(to.clone())),
            };
            if !tags.is_empty() {
                annotate(&mut choice, &tags, &mut |m| {
                    problems.push(format!("{}: {m}", at(n)))
                });
            }
            choices.push(choice);
        } else if let Some(feedback) = trimmed.strip_prefix('>') {
            match choices.last_mut() {
                Some(c) => {
                    if !c.feedback.is_empty() {
                        c.feedback.push(' ');
                    }
                    c.feedback.push_str(feedback.trim());
                }
                None => problems.push(format!("{}: feedback before any reply", at(n))),
            }
        } else if trimmed.starts_with("<<")
            || trimmed.starts_with("(set:")
            || trimmed.starts_with("(if:")
        {
            problems.push(format!(
                "{}: macro \"{}\" not mapped",
                at(n),
                excerpt(trimmed)
            ));
        } else if !trimmed.is_empty() {
            say.push(trimmed.to_owned());
        }
    }
    let say = say.join(" ");
    match outcome {
        Some(outcome) => {
            if !choices.is_empty() {
                problems.push(format!("{header}: an ending's links are dropped"));
            }
            NodeEntry::Ending {
                outcome,
                say,
                closing: None,
            }
        }
        None => {
            if choices.is_empty() {
                problems.push(format!(
                    "{header}: no replies and no ending tag (won, follow-up, lost, walked-out)"
                ));
            }
            NodeEntry::Node {
                say,
                mood,
                on_enter: Vec::new(),
                choices,
                keep_order,
            }
        }
    }
}

fn excerpt(text: &str) -> String {
    crate::authoring::graph::excerpt(text, 30)
}

/// The `setup` passage's `key: value` lines.
struct Setup {
    values: HashMap<String, String>,
    needs: Vec<Need>,
    objections: Vec<Objection>,
}

fn setup(p: Option<&Passage>, problems: &mut Vec<String>) -> Setup {
    let mut s = Setup {
        values: HashMap::new(),
        needs: Vec::new(),
        objections: Vec::new(),
    };
    let Some(p) = p else {
        problems
            .push("no passage tagged \"setup\": the header and customer are defaults".to_owned());
        return s;
    };
    for (n, line) in p.body.iter().enumerate() {
        let Some((key, value)) = line.split_once(':') else {
            if !line.trim().is_empty() {
                problems.push(format!(
                    "passage \"{}\" line {}: not \"key: value\"",
                    p.name,
                    p.line + 1 + n
                ));
            }
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        if let Some(id) = key.strip_prefix("need ") {
            let (text, weight) = match value.rsplit_once(" weight ") {
                Some((t, w)) => (t, w.trim().parse().unwrap_or(1)),
                None => (value, 1),
            };
            s.needs.push(Need {
                id: NeedId(id.trim().into()),
                text: text.into(),
                weight,
            });
        } else if let Some(id) = key.strip_prefix("objection ") {
            s.objections.push(Objection {
                id: ObjectionId(id.trim().into()),
                text: value.into(),
            });
        } else {
            s.values.insert(key.to_owned(), value.to_owned());
        }
    }
    s
}

/// Turns a Twee 3 story into a scenario.
pub fn import(text: &str) -> Imported {
    let mut problems = Vec::new();
    let all = passages(text);
    let special = |p: &&Passage| {
        p.name == "StoryTitle" || p.name == "StoryData" || p.tags.iter().any(|t| t == "setup")
    };
    let title = all
        .iter()
        .find(|p| p.name == "StoryTitle")
        .map(|p| p.body.join(" ").trim().to_owned())
        .unwrap_or_else(|| "Imported story".to_owned());
    let start_name = all
        .iter()
        .find(|p| p.name == "StoryData")
        .and_then(|p| serde_json::from_str::<serde_json::Value>(&p.body.join("\n")).ok())
        .and_then(|v| v.get("start").and_then(|s| s.as_str()).map(str::to_owned));
    let story: Vec<&Passage> = all.iter().filter(|p| !special(p)).collect();
    let ids: HashMap<String, String> = story
        .iter()
        .map(|p| (p.name.clone(), slug(&p.name)))
        .collect();
    let s = setup(
        all.iter().find(|p| p.tags.iter().any(|t| t == "setup")),
        &mut problems,
    );
    let value = |key: &str, default: &str| {
        s.values
            .get(key)
            .cloned()
            .unwrap_or_else(|| default.to_owned())
    };
    let number = |key: &str, default: i64| {
        s.values
            .get(key)
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let prefers = match value("prefers", "").as_str() {
        "melancholic" => Some(Style::Melancholic),
        "erudite" => Some(Style::Erudite),
        "executive" => Some(Style::Executive),
        _ => None,
    };
    let entries: Vec<(NodeId, NodeEntry)> = story
        .iter()
        .map(|p| (NodeId(ids[&p.name].clone()), node(p, &ids, &mut problems)))
        .collect();
    let start = start_name
        .and_then(|name| ids.get(&name).cloned())
        .or_else(|| story.first().map(|p| ids[&p.name].clone()))
        .unwrap_or_else(|| "start".to_owned());
    let nodes = Nodes::from_entries(entries).unwrap_or_else(|id| {
        problems.push(format!(
            "two passages make the node id \"{id}\": rename one"
        ));
        Nodes::default()
    });
    let scenario = Scenario {
        id: ScenarioId(value("id", &slug(&title))),
        title,
        industry: value("industry", "general"),
        difficulty: number("difficulty", 2),
        minutes: number("minutes", 10),
        language: value("language", "en"),
        summary: value("summary", ""),
        brief: value("brief", ""),
        customer: Customer {
            name: value("name", "The customer"),
            role: value("role", "Customer"),
            portrait: None,
            look: None,
            patience: number("patience", 5),
            trust: number("trust", 3),
            prefers,
            walkout: value("walkout", "Sorry, I have to go."),
            needs: s.needs,
            objections: s.objections,
        },
        variants: Vec::new(),
        start: NodeId(start),
        nodes,
    };
    Imported { scenario, problems }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;
    use crate::authoring::canonical::format_scenario;
    use crate::authoring::load::parse_str;
    use crate::authoring::validate::validate;
    use crate::engine::calibrate::reach;

    fn fixture(name: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/twee")
            .join(name);
        std::fs::read_to_string(path).expect("fixture")
    }

    #[test]
    fn a_story_by_the_convention_becomes_a_strictly_valid_scenario() {
        let imported = import(&fixture("coffee-machine.twee"));
        assert_eq!(imported.problems, Vec::<String>::new());
        let s = &imported.scenario;
        assert_eq!(s.id.as_str(), "coffee-machine-facilities");
        assert_eq!(s.start.as_str(), "hello");
        assert_eq!(s.customer.prefers, Some(Style::Executive));
        assert_eq!(s.customer.needs[0].weight, 2);
        assert_eq!(s.nodes.count(), 5);
        let hello = s.nodes.get("hello").expect("hello");
        let first = &hello.choices()[0];
        assert_eq!(
            first.say,
            "How many people will use it, and when is the rush?"
        );
        assert_eq!(first.style, Some(Style::Executive));
        assert_eq!(
            first.effects,
            [Effect::Discover(NeedId("team".into())), Effect::Trust(1)]
        );
        assert!(first.feedback.starts_with("Asking about the team"));
        assert!(matches!(
            s.nodes.get("gone"),
            Some(NodeEntry::Ending {
                outcome: Outcome::WalkedOut,
                ..
            })
        ));
        // Written out canonically, it reads back, validates strictly, and can be won with 100.
        let text = format_scenario(s, "").text;
        let file = parse_str(Path::new("coffee.ron"), text.clone()).expect("parses");
        let issues = validate(&file, &[]);
        assert!(issues.is_empty(), "{issues:?}\n{text}");
        let best = reach(&Arc::new(file.scenario)).expect("reachable");
        assert_eq!(best.overall.max, 100);
    }

    #[test]
    fn everything_that_cannot_be_mapped_is_reported_with_its_passage_and_line() {
        let imported = import(&fixture("unmappable.twee"));
        let problems = imported.problems.join("\n");
        for expected in [
            "no passage tagged \"setup\"",
            "passage \"Start\" line 4: tag \"sparkly\" not mapped",
            "passage \"Start\" line 6: macro \"<<set $mood to \"happy\">>\" not mapped",
            "passage \"Start\" line 7: tag \"frobnicate:3\" not mapped",
            "passage \"Start\" line 8: link to \"Nowhere\", which is no passage",
            "passage \"Middle\" line 10: no replies and no ending tag",
            "passage \"End\" line 13: an ending's links are dropped",
        ] {
            assert!(
                problems.contains(expected),
                "missing {expected:?} in:\n{problems}"
            );
        }
        assert_eq!(imported.problems.len(), 7, "{problems}");
    }
}
