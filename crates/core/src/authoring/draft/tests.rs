//! Draft tests: edits with undo and redo, refused edits, issues tied to nodes, and a new
//! four-node customer built from the template by edits alone that fails a gate, is fixed, and
//! passes every gate.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::*;
use crate::engine::calibrate::gates::{GateKind, gates};
use crate::engine::scenario::Condition;

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
}

/// Gives `node` three replies, one per style, leading to `to` in that order.
fn three_styles(d: &mut Draft, node: &str, to: [&str; 3]) {
    let replies = d.scenario().nodes.get(node).expect("node").choices().len();
    for _ in replies..3 {
        edit(
            d,
            Edit::AddReply {
                node: node.into(),
                to: "lost".into(),
            },
        );
    }
    let styles = [Style::Erudite, Style::Executive, Style::Melancholic];
    for (i, (style, to)) in styles.into_iter().zip(to).enumerate() {
        let node = node.to_owned();
        edit(
            d,
            Edit::ReplyStyle {
                node: node.clone(),
                index: i,
                style: Some(style),
            },
        );
        let text = format!("{node}: the {} reply", style.key());
        edit(
            d,
            Edit::ReplySay {
                node: node.clone(),
                index: i,
                text,
            },
        );
        let text = format!("Feedback on the {} reply.", style.key());
        edit(
            d,
            Edit::ReplyFeedback {
                node: node.clone(),
                index: i,
                text,
            },
        );
        edit(
            d,
            Edit::ReplyNext {
                node: node.clone(),
                index: i,
                to: to.into(),
            },
        );
        let effects = match style {
            Style::Melancholic => vec![Effect::Patience(-2)],
            _ => Vec::new(),
        };
        edit(
            d,
            Edit::ReplyEffects {
                node,
                index: i,
                effects,
            },
        );
    }
}

#[test]
fn a_new_customer_fails_a_gate_is_fixed_and_passes_every_gate() {
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
            text: "So what would you suggest?".into(),
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
    // Four nodes (greeting, offer, deal, lost): no bot meets replies of its own style.
    assert_eq!(d.scenario().nodes.count(), 4);
    let before = failing(&d);
    assert!(
        before.contains(&GateKind::StyleBot(Style::Executive)),
        "{before:?}"
    );

    // The fix: a question between greeting and offer (a style is labelled from three replies
    // on), all three styles at every node, and the deal only once the need is found.
    edit(
        &mut d,
        Edit::AddNode {
            id: "question".into(),
            to: "offer".into(),
        },
    );
    edit(
        &mut d,
        Edit::AddEnding {
            id: "gone".into(),
            outcome: Outcome::WalkedOut,
        },
    );
    three_styles(&mut d, "greeting", ["question"; 3]);
    three_styles(&mut d, "question", ["offer"; 3]);
    three_styles(&mut d, "offer", ["deal", "lost", "gone"]);
    let need = NeedId("need".into());
    let found = vec![Effect::Discover(need.clone()), Effect::Trust(1)];
    edit(
        &mut d,
        Edit::ReplyEffects {
            node: "question".into(),
            index: 0,
            effects: found,
        },
    );
    let requires = vec![Condition::Discovered(need)];
    edit(
        &mut d,
        Edit::ReplyRequires {
            node: "offer".into(),
            index: 0,
            requires,
        },
    );
    assert_eq!(failing(&d), Vec::<GateKind>::new(), "{}", d.text());
    let errors: Vec<String> = d
        .issues()
        .iter()
        .filter(|i| i.issue.severity == crate::authoring::validate::Severity::Error)
        .map(|i| i.issue.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}\n{}", d.text());
}
