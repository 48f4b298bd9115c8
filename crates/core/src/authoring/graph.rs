//! A scenario's conversation as a graph for documentation (`rapport graph`): Graphviz DOT or
//! Mermaid, one graph node per scenario node (its id, mood and the start of its line), an
//! edge per reply target (the reply's authored position, its style, and the branch's
//! condition), endings shaped and coloured by outcome.

use crate::authoring::canonical::condition;
use crate::engine::scenario::{Choice, Next, NodeEntry, Outcome, Scenario};

/// How long a line's excerpt on a node may be.
const EXCERPT: usize = 48;

/// One edge: from, to, label.
struct Edge {
    from: usize,
    to: usize,
    label: String,
}

/// The start of a line, cut at a word and marked when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let at_word = cut.rfind(' ').filter(|&i| i > max / 2).unwrap_or(cut.len());
    format!("{}…", cut[..at_word].trim_end())
}

fn node_label(id: &str, node: &NodeEntry) -> String {
    match node {
        NodeEntry::Node { say, mood, .. } => {
            format!("{id} ({mood:?})\n{}", excerpt(say, EXCERPT))
        }
        NodeEntry::Ending { outcome, say, .. } => {
            format!("{id}: {}\n{}", outcome.key(), excerpt(say, EXCERPT))
        }
    }
}

/// Every reply's targets, labelled.
fn edges(scenario: &Scenario) -> Vec<Edge> {
    let mut out = Vec::new();
    for (from, (_, node)) in scenario.nodes.iter().enumerate() {
        for (i, choice) in node.choices().iter().enumerate() {
            let reply = reply_label(i + 1, choice);
            let mut push = |to: &str, condition: Option<String>| {
                if let Some(to) = scenario.nodes.index_of(to) {
                    let label = match &condition {
                        Some(c) => format!("{reply} if {c}"),
                        None => reply.clone(),
                    };
                    out.push(Edge { from, to, label });
                }
            };
            match &choice.next {
                Next::Goto(to) => push(to.as_str(), None),
                Next::Branch { cases, otherwise } => {
                    for case in cases {
                        let all: Vec<String> = case.all.iter().map(condition).collect();
                        push(case.to.as_str(), Some(all.join(" and ")));
                    }
                    push(otherwise.as_str(), Some("otherwise".to_owned()));
                }
            }
        }
    }
    out
}

fn reply_label(position: usize, choice: &Choice) -> String {
    match choice.style {
        Some(style) => format!("{position}. {}", style.key()),
        None => position.to_string(),
    }
}

fn outcome_colour(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Won => "#2e7d32",
        Outcome::FollowUp => "#b26a00",
        Outcome::Lost => "#c62828",
        Outcome::WalkedOut => "#6a1b9a",
    }
}

/// Where each node sits when the conversation reads left to right: (column, row), the column
/// the number of replies from the start, nodes the start never reaches in a last column.
pub fn layers(scenario: &Scenario) -> Vec<(usize, usize)> {
    let n = scenario.nodes.count();
    let mut depth: Vec<Option<usize>> = vec![None; n];
    let mut queue = std::collections::VecDeque::new();
    if let Some(start) = scenario.nodes.index_of(scenario.start.as_str()) {
        depth[start] = Some(0);
        queue.push_back(start);
    }
    while let Some(at) = queue.pop_front() {
        let d = depth[at].unwrap_or(0);
        for choice in scenario.nodes.at(at).1.choices() {
            for target in choice.next.targets() {
                if let Some(t) = scenario.nodes.index_of(target.as_str())
                    && depth[t].is_none()
                {
                    depth[t] = Some(d + 1);
                    queue.push_back(t);
                }
            }
        }
    }
    let unreached = depth.iter().flatten().max().map_or(0, |d| d + 1);
    let mut rows = vec![0usize; unreached + 1];
    depth
        .iter()
        .map(|d| {
            let column = d.unwrap_or(unreached);
            let row = rows[column];
            rows[column] += 1;
            (column, row)
        })
        .collect()
}

/// Graphviz DOT.
pub fn dot(scenario: &Scenario) -> String {
    let escape = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
    };
    let mut out = format!(
        "digraph \"{}\" {{\n    rankdir=LR;\n    node [shape=box, style=rounded, fontname=\"Helvetica\"];\n    edge [fontname=\"Helvetica\", fontsize=10];\n",
        escape(scenario.id.as_str())
    );
    for (i, (id, node)) in scenario.nodes.iter().enumerate() {
        let label = escape(&node_label(id.as_str(), node));
        let extra = match node {
            NodeEntry::Ending { outcome, .. } => format!(
                ", shape=doubleoctagon, color=\"{0}\", fontcolor=\"{0}\"",
                outcome_colour(*outcome)
            ),
            NodeEntry::Node { .. } if *id == scenario.start => ", penwidth=2".to_owned(),
            NodeEntry::Node { .. } => String::new(),
        };
        out.push_str(&format!("    n{i} [label=\"{label}\"{extra}];\n"));
    }
    for e in edges(scenario) {
        out.push_str(&format!(
            "    n{} -> n{} [label=\"{}\"];\n",
            e.from,
            e.to,
            escape(&e.label)
        ));
    }
    out.push_str("}\n");
    out
}

/// Mermaid (`flowchart LR`), for Markdown that renders it.
pub fn mermaid(scenario: &Scenario) -> String {
    let escape = |s: &str| s.replace('"', "#quot;").replace('\n', "<br/>");
    let mut out = String::from("flowchart LR\n");
    for (i, (id, node)) in scenario.nodes.iter().enumerate() {
        let label = escape(&node_label(id.as_str(), node));
        let shape = match node {
            NodeEntry::Ending { .. } => format!("n{i}([\"{label}\"])"),
            NodeEntry::Node { .. } => format!("n{i}[\"{label}\"]"),
        };
        out.push_str(&format!("    {shape}\n"));
        if let NodeEntry::Ending { outcome, .. } = node {
            let colour = outcome_colour(*outcome);
            out.push_str(&format!("    style n{i} stroke:{colour},color:{colour}\n"));
        }
    }
    for e in edges(scenario) {
        out.push_str(&format!(
            "    n{} -->|\"{}\"| n{}\n",
            e.from,
            escape(&e.label),
            e.to
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authoring::pack;

    #[test]
    fn every_node_and_every_reply_target_is_drawn() {
        let p = pack::shipped("led-store-cafe-owner");
        let s = &p.scenario;
        let targets: usize = s
            .nodes
            .iter()
            .flat_map(|(_, n)| n.choices())
            .map(|c| c.next.targets().count())
            .sum();
        let dot = dot(s);
        let mermaid = mermaid(s);
        assert_eq!(dot.matches(" -> ").count(), targets);
        assert_eq!(mermaid.matches(" -->|").count(), targets);
        for i in 0..s.nodes.count() {
            assert!(dot.contains(&format!("    n{i} [label=")));
            assert!(
                mermaid.contains(&format!("    n{i}[")) || mermaid.contains(&format!("    n{i}(["))
            );
        }
        assert!(dot.contains("greeting (Neutral)"));
        assert!(dot.contains("doubleoctagon"));
    }

    #[test]
    fn layers_read_left_to_right_from_the_start() {
        let p = pack::shipped("led-store-cafe-owner");
        let s = &p.scenario;
        let at = layers(s);
        assert_eq!(at.len(), s.nodes.count());
        let start = s.nodes.index_of(s.start.as_str()).expect("start");
        assert_eq!(at[start], (0, 0));
        // Every reply leads at most one column further right.
        for (i, (_, node)) in s.nodes.iter().enumerate() {
            for target in node.choices().iter().flat_map(|c| c.next.targets()) {
                let t = s.nodes.index_of(target.as_str()).expect("target");
                assert!(at[t].0 <= at[i].0 + 1);
            }
        }
        // No two nodes share a place.
        let places: std::collections::HashSet<_> = at.iter().collect();
        assert_eq!(places.len(), at.len());
    }

    #[test]
    fn long_lines_are_cut_at_a_word() {
        assert_eq!(excerpt("short line", 48), "short line");
        assert_eq!(excerpt("one two three four", 12), "one two…");
    }
}
