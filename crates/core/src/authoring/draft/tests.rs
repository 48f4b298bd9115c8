//! Draft tests: edits with undo and redo, refused edits, issues tied to nodes, and a new
//! four-node customer built from the template by edits alone that fails a gate, is fixed, and
//! passes every gate.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::*;
use crate::engine::calibrate::gates::{GateKind, gates};
use crate::engine::scenario::{Case, Condition};

fn template() -> Draft {
    Draft::template("new-customer", "en", PathBuf::from("new-customer.ron"))
}

fn edit(d: &mut Draft, e: Edit) {
    d.apply(e.clone())
        .unwrap_or_else(|err| panic!("{e:?}: {err}"));
}

fn failing(d: &Draft) -> Vec<GateKind> {
    let s = Arc::new(d.scenario().clone());
    gates(&s, 400, 1, &mut || {})
        .expect("starts")
        .into_iter()
        .filter(|g| !g.passed)
        .map(|g| g.kind)
        .collect()
}

#[test]
fn the_template_is_valid_and_unsaved() {
    let d = template();
    let issues: Vec<String> = d.issues().iter().map(|i| i.issue.to_string()).collect();
    assert!(
        d.issues()
            .iter()
            .all(|i| i.issue.severity != crate::authoring::validate::Severity::Error),
        "{issues:?}"
    );
    assert!(d.is_dirty());
    assert!(!d.can_undo());
}

#[test]
fn edits_undo_and_redo_and_a_refused_edit_changes_nothing() {
    let mut d = template();
    let before = d.text().to_owned();
    edit(&mut d, Edit::Title("Coffee for the office".into()));
    edit(
        &mut d,
        Edit::Say {
            node: "deal".into(),
            text: "Deal.".into(),
        },
    );
    assert!(d.text().contains("Coffee for the office"));
    assert!(d.undo());
    assert!(!d.text().contains("Deal."));
    assert!(d.undo());
    assert_eq!(d.text(), before);
    assert!(!d.undo());
    assert!(d.redo());
    assert!(d.text().contains("Coffee for the office"));
    // A new edit after an undo drops what could have been redone.
    edit(&mut d, Edit::Minutes(7));
    assert!(!d.can_redo());
    let text = d.text().to_owned();
    assert_eq!(
        d.apply(Edit::RemoveNode("greeting".into())),
        Err(EditError::IsStart("greeting".into()))
    );
    assert_eq!(
        d.apply(Edit::AddEnding {
            id: "deal".into(),
            outcome: Outcome::Won
        }),
        Err(EditError::Taken("deal".into()))
    );
    assert_eq!(
        d.apply(Edit::ReplySay {
            node: "greeting".into(),
            index: 9,
            text: "x".into()
        }),
        Err(EditError::NoReply("greeting".into(), 10))
    );
    assert_eq!(d.text(), text);
    d.mark_saved();
    assert!(!d.is_dirty());
}

#[test]
fn a_file_opened_in_place_keeps_its_header_and_says_when_comments_would_go() {
    let source = "// A header line\n".to_owned() + template().text();
    let inner = source.replacen("    start:", "    // the start\n    start:", 1);
    let file =
        crate::authoring::load::parse_str(Path::new("x.ron"), inner.clone()).expect("parses");
    let mut d = Draft::from_file(file.scenario, PathBuf::from("x.ron"), inner);
    assert!(!d.is_dirty());
    assert!(d.drops_comments());
    assert!(d.text().starts_with("// A header line\n"));
    d.mark_saved();
    assert!(!d.drops_comments());
    assert!(d.text().starts_with("// A header line\n"));
}

#[test]
fn typing_in_one_field_is_one_undo_step() {
    let mut d = template();
    for word in ["C", "Co", "Cof", "Coffee"] {
        edit(&mut d, Edit::Title(word.into()));
    }
    edit(&mut d, Edit::CustomerName("Pavel".into()));
    assert!(d.undo());
    assert_eq!(d.scenario().title, "Coffee");
    assert!(d.undo());
    assert_eq!(d.scenario().title, "A new customer");
    // Leaving the field starts a new step.
    edit(&mut d, Edit::Title("One".into()));
    d.end_typing();
    edit(&mut d, Edit::Title("Two".into()));
    assert!(d.undo());
    assert_eq!(d.scenario().title, "One");
}

#[test]
fn a_reply_branches_and_goes_back_to_one_target_and_nodes_get_entry_effects_and_closing() {
    let mut d = template();
    let case = Case {
        all: vec![Condition::TrustAtLeast(5)],
        to: NodeId("deal".into()),
    };
    let cases = vec![case.clone()];
    edit(
        &mut d,
        Edit::ReplyCases {
            node: "greeting".into(),
            index: 0,
            cases,
        },
    );
    // The default target is kept as the branch's `otherwise`, and changes as one.
    edit(
        &mut d,
        Edit::ReplyNext {
            node: "greeting".into(),
            index: 0,
            to: "lost".into(),
        },
    );
    let next = &d.scenario().nodes.get("greeting").expect("node").choices()[0].next;
    assert!(
        matches!(next, Next::Branch { cases, otherwise } if *cases == [case.clone()] && otherwise.as_str() == "lost"),
        "{next:?}"
    );
    assert!(
        d.text().contains(
            "Branch(cases: [Case(all: [TrustAtLeast(5)], to: \"deal\")], otherwise: \"lost\")"
        ),
        "{}",
        d.text()
    );
    edit(
        &mut d,
        Edit::ReplyCases {
            node: "greeting".into(),
            index: 0,
            cases: Vec::new(),
        },
    );
    let next = &d.scenario().nodes.get("greeting").expect("node").choices()[0].next;
    assert!(
        matches!(next, Next::Goto(to) if to.as_str() == "lost"),
        "{next:?}"
    );

    edit(
        &mut d,
        Edit::OnEnter {
            node: "greeting".into(),
            effects: vec![Effect::Patience(-1)],
        },
    );
    assert!(
        d.text().contains("on_enter: [Patience(-1)]"),
        "{}",
        d.text()
    );
    edit(
        &mut d,
        Edit::EndingClosing {
            node: "lost".into(),
            closing: Some(20),
        },
    );
    assert!(d.text().contains("closing: Some(20)"), "{}", d.text());
    assert_eq!(
        d.apply(Edit::EndingClosing {
            node: "greeting".into(),
            closing: None
        }),
        Err(EditError::NotAnEnding("greeting".into()))
    );
    assert_eq!(
        d.apply(Edit::OnEnter {
            node: "deal".into(),
            effects: Vec::new()
        }),
        Err(EditError::Ending)
    );
    assert!(d.undo());
    assert!(!d.text().contains("closing: Some(20)"));
}

#[test]
fn variants_are_added_changed_and_removed() {
    let mut d = template();
    edit(&mut d, Edit::AddVariant);
    let mut variant = d.scenario().variants[0].clone();
    variant.about = "in a hurry".into();
    variant.patience = Some(2);
    edit(&mut d, Edit::Variant { index: 0, variant });
    assert!(d.text().contains("about: \"in a hurry\""), "{}", d.text());
    assert!(d.text().contains("patience: Some(2)"));
    assert_eq!(d.apply(Edit::RemoveVariant(3)), Err(EditError::NoItem(4)));
    edit(&mut d, Edit::RemoveVariant(0));
    assert!(d.scenario().variants.is_empty());
}

#[test]
fn an_issue_is_tied_to_the_node_it_concerns() {
    let mut d = template();
    // A reply node nobody can reach.
    edit(
        &mut d,
        Edit::AddNode {
            id: "island".into(),
            to: "deal".into(),
        },
    );
    let issues = d.issues();
    let island: Vec<&DraftIssue> = issues
        .iter()
        .filter(|i| i.node.as_deref() == Some("island"))
        .collect();
    assert!(!island.is_empty(), "{issues:?}");
    // An issue about a reply names it too.
    edit(
        &mut d,
        Edit::ReplyFeedback {
            node: "greeting".into(),
            index: 1,
            text: String::new(),
        },
    );
    let silent = d
        .issues()
        .into_iter()
        .find(|i| i.issue.message.contains("has no feedback"))
        .expect("a missing comment is noticed");
    assert_eq!(
        (silent.node.as_deref(), silent.reply),
        (Some("greeting"), Some(1))
    );
}

/// Rewrites reply `index` of `node`: its text, style, effects and where it leads.
fn set_reply(
    d: &mut Draft,
    (node, index): (&str, usize),
    (text, style): (&str, Option<Style>),
    effects: Vec<Effect>,
    to: &str,
) {
    let node = node.to_owned();
    if d.scenario().nodes.get(&node).expect("node").choices().len() <= index {
        let to = to.into();
        edit(
            d,
            Edit::AddReply {
                node: node.clone(),
                to,
            },
        );
    }
    let text = text.into();
    edit(
        d,
        Edit::ReplySay {
            node: node.clone(),
            index,
            text,
        },
    );
    edit(
        d,
        Edit::ReplyStyle {
            node: node.clone(),
            index,
            style,
        },
    );
    let to = to.into();
    edit(
        d,
        Edit::ReplyNext {
            node: node.clone(),
            index,
            to,
        },
    );
    edit(
        d,
        Edit::ReplyEffects {
            node,
            index,
            effects,
        },
    );
}

#[test]
fn a_new_four_node_customer_fails_a_gate_is_fixed_and_passes_every_gate() {
    let mut d = template();
    edit(
        &mut d,
        Edit::AddNode {
            id: "offer".into(),
            to: "deal".into(),
        },
    );
    edit(
        &mut d,
        Edit::Say {
            node: "offer".into(),
            text: "And why should I take yours?".into(),
        },
    );
    edit(
        &mut d,
        Edit::ReplyNext {
            node: "greeting".into(),
            index: 0,
            to: "offer".into(),
        },
    );
    // Four nodes (greeting, offer, deal, lost): a talk of two replies names no style.
    assert_eq!(d.scenario().nodes.count(), 4);
    let before = failing(&d);
    assert!(
        before.contains(&GateKind::StyleBot(Style::Executive)),
        "{before:?}"
    );

    // The fix, still four nodes: a reply of each style at both nodes, and the offer's good
    // replies come back to the offer until the customer trusts the seller and the need is known.
    let need = || Effect::Discover(NeedId("need".into()));
    let (erudite, executive, melancholic) = (
        Some(Style::Erudite),
        Some(Style::Executive),
        Some(Style::Melancholic),
    );
    let greeting = |i| ("greeting", i);
    set_reply(
        &mut d,
        greeting(2),
        ("Let me take you through our standard questions.", executive),
        vec![need()],
        "offer",
    );
    set_reply(
        &mut d,
        greeting(3),
        ("Well, let me tell you how we started…", melancholic),
        Vec::new(),
        "offer",
    );
    let offer = |i| ("offer", i);
    set_reply(
        &mut d,
        offer(0),
        ("Think of it as a spare key.", erudite),
        vec![Effect::Trust(1)],
        "offer",
    );
    set_reply(
        &mut d,
        offer(1),
        ("Our terms give you a month's trial.", executive),
        vec![Effect::Trust(1)],
        "offer",
    );
    set_reply(
        &mut d,
        offer(2),
        ("There is a lot to weigh up, so…", melancholic),
        Vec::new(),
        "offer",
    );
    set_reply(
        &mut d,
        offer(3),
        ("Take it or leave it.", None),
        vec![Effect::Closing(-10)],
        "lost",
    );
    let convinced = Case {
        all: vec![
            Condition::TrustAtLeast(7),
            Condition::Discovered(NeedId("need".into())),
        ],
        to: NodeId("deal".into()),
    };
    for index in [0, 1] {
        let cases = vec![convinced.clone()];
        edit(
            &mut d,
            Edit::ReplyCases {
                node: "offer".into(),
                index,
                cases,
            },
        );
    }
    assert_eq!(d.scenario().nodes.count(), 4);
    assert!(d.text().contains("Branch("), "{}", d.text());
    assert_eq!(failing(&d), Vec::<GateKind>::new(), "{}", d.text());
    let errors: Vec<String> = d
        .issues()
        .iter()
        .filter(|i| i.issue.severity == crate::authoring::validate::Severity::Error)
        .map(|i| i.issue.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}\n{}", d.text());
}
