//! The canonical RON of a scenario (`rapport fmt`, and the studio's save): the fields in the
//! format's order, one need, objection, variant and reply per block, optional fields written
//! only when they differ from their default, and the file's leading `//` comment lines kept
//! as its header. Reading the text back gives the same scenario.

use std::fmt::Write as _;

use crate::engine::look::Look;
use crate::engine::scenario::{
    Case, Choice, Condition, Customer, Effect, Next, NodeEntry, Scenario, Variant,
};

/// What formatting a file found besides the new text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Formatted {
    pub text: String,
    /// The file had comments after its header, which the canonical form drops.
    pub drops_comments: bool,
}

/// The canonical text of `scenario`, read from `source` (whose header comments it keeps).
pub fn format_scenario(scenario: &Scenario, source: &str) -> Formatted {
    let (header, rest) = split_header(source);
    let mut out = String::new();
    for line in &header {
        out.push_str(line);
        out.push('\n');
    }
    write_scenario(&mut out, scenario);
    Formatted {
        text: out,
        drops_comments: has_comment(rest),
    }
}

/// The leading comment lines (up to the first line of code), and the text after them.
fn split_header(source: &str) -> (Vec<&str>, &str) {
    let mut header = Vec::new();
    let mut used = 0;
    for line in source.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with("//") {
            header.push(line.trim_end());
        } else if !trimmed.is_empty() {
            break;
        }
        used += line.len();
    }
    (header, &source[used..])
}

/// Whether RON text has a comment outside its strings.
fn has_comment(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        match (in_string, c) {
            (true, '\\') => {
                chars.next();
            }
            (_, '"') => in_string = !in_string,
            (false, '/') if matches!(chars.peek(), Some('/' | '*')) => return true,
            _ => {}
        }
    }
    false
}

/// A RON string literal.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Appends `indent` levels of four spaces, then `text`, then a newline.
fn line(out: &mut String, indent: usize, text: &str) {
    for _ in 0..indent {
        out.push_str("    ");
    }
    out.push_str(text);
    out.push('\n');
}

fn field(out: &mut String, indent: usize, name: &str, value: &str) {
    line(out, indent, &format!("{name}: {value},"));
}

fn write_scenario(out: &mut String, s: &Scenario) {
    line(out, 0, "Scenario(");
    field(out, 1, "id", &quoted(s.id.as_str()));
    field(out, 1, "title", &quoted(&s.title));
    field(out, 1, "industry", &quoted(&s.industry));
    field(out, 1, "difficulty", &s.difficulty.to_string());
    field(out, 1, "minutes", &s.minutes.to_string());
    field(out, 1, "language", &quoted(&s.language));
    field(out, 1, "summary", &quoted(&s.summary));
    if !s.brief.is_empty() {
        field(out, 1, "brief", &quoted(&s.brief));
    }
    write_customer(out, &s.customer);
    if !s.variants.is_empty() {
        line(out, 1, "variants: [");
        for v in &s.variants {
            line(out, 2, &format!("{},", variant(v)));
        }
        line(out, 1, "],");
    }
    field(out, 1, "start", &quoted(s.start.as_str()));
    line(out, 1, "nodes: {");
    for (id, node) in s.nodes.iter() {
        write_node(out, id.as_str(), node);
    }
    line(out, 1, "},");
    line(out, 0, ")");
}

fn write_customer(out: &mut String, c: &Customer) {
    line(out, 1, "customer: Customer(");
    field(out, 2, "name", &quoted(&c.name));
    field(out, 2, "role", &quoted(&c.role));
    if let Some(portrait) = &c.portrait {
        field(out, 2, "portrait", &format!("Some({})", quoted(portrait)));
    }
    if let Some(look) = &c.look {
        field(out, 2, "look", &format!("Some({})", look_text(look)));
    }
    field(out, 2, "patience", &c.patience.to_string());
    field(out, 2, "trust", &c.trust.to_string());
    if let Some(style) = c.prefers {
        field(out, 2, "prefers", &format!("Some({style:?})"));
    }
    field(out, 2, "walkout", &quoted(&c.walkout));
    line(out, 2, "needs: [");
    for n in &c.needs {
        let weight = if n.weight == 1 {
            String::new()
        } else {
            format!(", weight: {}", n.weight)
        };
        let text = format!(
            "Need(id: {}, text: {}{weight}),",
            quoted(n.id.as_str()),
            quoted(&n.text)
        );
        line(out, 3, &text);
    }
    line(out, 2, "],");
    line(out, 2, "objections: [");
    for o in &c.objections {
        let text = format!(
            "Objection(id: {}, text: {}),",
            quoted(o.id.as_str()),
            quoted(&o.text)
        );
        line(out, 3, &text);
    }
    line(out, 2, "],");
    line(out, 1, "),");
}

/// `Look(...)` with the fields that differ from the defaults.
fn look_text(look: &Look) -> String {
    let d = Look::default();
    let mut parts = Vec::new();
    let mut part = |name: &str, differs: bool, value: String| {
        if differs {
            parts.push(format!("{name}: {value}"));
        }
    };
    part("age", look.age != d.age, format!("{:?}", look.age));
    part("build", look.build != d.build, format!("{:?}", look.build));
    part("hair", look.hair != d.hair, format!("{:?}", look.hair));
    let hc = look.hair_colour;
    part("hair_colour", hc != d.hair_colour, format!("{hc:?}"));
    part("skin", look.skin != d.skin, format!("{:?}", look.skin));
    let cl = look.clothing;
    part("clothing", cl != d.clothing, format!("{cl:?}"));
    let cc = look.clothing_colour;
    part(
        "clothing_colour",
        cc != d.clothing_colour,
        format!("{cc:?}"),
    );
    part("glasses", look.glasses, "true".to_owned());
    part("beard", look.beard, "true".to_owned());
    format!("Look({})", parts.join(", "))
}

fn variant(v: &Variant) -> String {
    let mut parts = vec![format!("id: {}", quoted(v.id.as_str()))];
    if v.weight != 1 {
        parts.push(format!("weight: {}", v.weight));
    }
    if let Some(p) = v.patience {
        parts.push(format!("patience: Some({p})"));
    }
    if let Some(t) = v.trust {
        parts.push(format!("trust: Some({t})"));
    }
    if let Some(say) = &v.say {
        parts.push(format!("say: Some({})", quoted(say)));
    }
    if !v.about.is_empty() {
        parts.push(format!("about: {}", quoted(&v.about)));
    }
    format!("Variant({})", parts.join(", "))
}

fn write_node(out: &mut String, id: &str, node: &NodeEntry) {
    match node {
        NodeEntry::Ending {
            outcome,
            say,
            closing,
        } => {
            let closing = closing.map_or(String::new(), |c| format!(", closing: Some({c})"));
            let text = format!(
                "{}: Ending(outcome: {outcome:?}, say: {}{closing}),",
                quoted(id),
                quoted(say)
            );
            line(out, 2, &text);
        }
        NodeEntry::Node {
            say,
            mood,
            on_enter,
            choices,
            keep_order,
        } => {
            line(out, 2, &format!("{}: Node(", quoted(id)));
            field(out, 3, "say", &quoted(say));
            field(out, 3, "mood", &format!("{mood:?}"));
            if !on_enter.is_empty() {
                field(out, 3, "on_enter", &list(on_enter.iter().map(effect)));
            }
            if *keep_order {
                field(out, 3, "keep_order", "true");
            }
            line(out, 3, "choices: [");
            for choice in choices {
                write_choice(out, choice);
            }
            line(out, 3, "],");
            line(out, 2, "),");
        }
    }
}

fn write_choice(out: &mut String, c: &Choice) {
    line(out, 4, "Choice(");
    field(out, 5, "say", &quoted(&c.say));
    let style = c
        .style
        .map_or("None".to_owned(), |s| format!("Some({s:?})"));
    field(out, 5, "style", &style);
    if !c.requires.is_empty() {
        field(out, 5, "requires", &list(c.requires.iter().map(condition)));
    }
    field(out, 5, "effects", &list(c.effects.iter().map(effect)));
    field(out, 5, "feedback", &quoted(&c.feedback));
    field(out, 5, "next", &next(&c.next));
    line(out, 4, "),");
}

fn list(items: impl Iterator<Item = String>) -> String {
    format!("[{}]", items.collect::<Vec<_>>().join(", "))
}

fn next(n: &Next) -> String {
    match n {
        Next::Goto(to) => format!("Goto({})", quoted(to.as_str())),
        Next::Branch { cases, otherwise } => {
            let cases: Vec<String> = cases.iter().map(case).collect();
            format!(
                "Branch(cases: [{}], otherwise: {})",
                cases.join(", "),
                quoted(otherwise.as_str())
            )
        }
    }
}

fn case(c: &Case) -> String {
    format!(
        "Case(all: {}, to: {})",
        list(c.all.iter().map(condition)),
        quoted(c.to.as_str())
    )
}

/// An effect as the format writes it, e.g. `Discover("budget")`.
pub fn effect(e: &Effect) -> String {
    let mut s = String::new();
    let _ = match e {
        Effect::Discover(id) => write!(s, "Discover({})", quoted(id.as_str())),
        Effect::Raise(id) => write!(s, "Raise({})", quoted(id.as_str())),
        Effect::Resolve(id) => write!(s, "Resolve({})", quoted(id.as_str())),
        Effect::Mishandle(id) => write!(s, "Mishandle({})", quoted(id.as_str())),
        Effect::Trust(n) => write!(s, "Trust({n})"),
        Effect::Patience(n) => write!(s, "Patience({n})"),
        Effect::Closing(n) => write!(s, "Closing({n})"),
    };
    s
}

/// A condition as the format writes it, e.g. `TrustAtLeast(5)`.
pub fn condition(c: &Condition) -> String {
    match c {
        Condition::Discovered(id) => format!("Discovered({})", quoted(id.as_str())),
        Condition::NotDiscovered(id) => format!("NotDiscovered({})", quoted(id.as_str())),
        Condition::Resolved(id) => format!("Resolved({})", quoted(id.as_str())),
        Condition::Raised(id) => format!("Raised({})", quoted(id.as_str())),
        Condition::TrustAtLeast(n) => format!("TrustAtLeast({n})"),
        Condition::TrustBelow(n) => format!("TrustBelow({n})"),
        Condition::PatienceAtLeast(n) => format!("PatienceAtLeast({n})"),
        Condition::Variant(id) => format!("Variant({})", quoted(id.as_str())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::sync::Arc;

    use crate::authoring::load::parse_str;
    use crate::authoring::pack::SHIPPED;
    use crate::engine::calibrate::reach;

    #[test]
    fn every_shipped_scenario_survives_format_read_format_unchanged() {
        assert!(SHIPPED.len() >= 12);
        for (name, source) in SHIPPED {
            let path = Path::new(name);
            let first = parse_str(path, (*source).to_owned()).expect("parses");
            let formatted = format_scenario(&first.scenario, source);
            let again = parse_str(Path::new("again.ron"), formatted.text.clone())
                .unwrap_or_else(|e| panic!("{name}: {e}\n{}", formatted.text));
            let twice = format_scenario(&again.scenario, &formatted.text);
            assert_eq!(twice.text, formatted.text, "{name}");
            assert!(!twice.drops_comments);
            assert_eq!(first.scenario, again.scenario, "{name}");
            // And so every reachable score range is the same.
            let a = reach(&Arc::new(first.scenario.clone()));
            let b = reach(&Arc::new(again.scenario.clone()));
            assert_eq!(a, b, "{name}");
        }
    }

    #[test]
    fn strings_are_escaped_and_comments_after_the_header_are_noticed() {
        assert_eq!(quoted("a \"b\" \\ c\nd"), r#""a \"b\" \\ c\nd""#);
        assert!(has_comment("x: 1, // note"));
        assert!(has_comment("/* block */"));
        assert!(!has_comment(
            r#"say: "http://example.com // not a comment""#
        ));
        let (header, rest) = split_header("// One\n// Two\n\nScenario(\n// inner\n)");
        assert_eq!(header, ["// One", "// Two"]);
        assert!(has_comment(rest));
    }
}
