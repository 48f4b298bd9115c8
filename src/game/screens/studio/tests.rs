//! The studio through egui's own layout, windowless: the chooser, the scenario form, a node's
//! form (with a branch) and the calibration gates, at 1024×768, 1280×800 and 1366×768, at
//! scale 1.0 and in large text, in English and Russian, draw nothing outside the window except
//! inside a scroll area; and a reply's branch is made and undone by clicks.

use std::path::PathBuf;
use std::sync::Arc;

use bevy_egui::egui;

use super::{Offered, StudioAction, draw};
use crate::game::i18n::{Lang, T, tr};
use crate::game::studio::{Calibration, Studio};
use crate::game::ui::layout_check::{click_label, settings, two_passes};
use rapport_core::authoring::draft::{Draft, Edit};
use rapport_core::authoring::pack;
use rapport_core::engine::calibrate::gates::calibrate;
use rapport_core::engine::scenario::{Case, Condition, Effect, NeedId, NodeId};

/// The template with a branch on the greeting's first reply and an effect on entering.
fn branching_draft() -> Draft {
    let mut draft = Draft::template("new-customer", "en", PathBuf::from("new-customer.ron"));
    let case = Case {
        all: vec![
            Condition::TrustAtLeast(7),
            Condition::Discovered(NeedId("need".into())),
        ],
        to: NodeId("deal".into()),
    };
    for edit in [
        // A long need, as trainers write them: its chips must wrap inside the form.
        Edit::Need {
            index: 0,
            id: "need".into(),
            text: "Coffee that keeps up with thirty people arriving at nine, every weekday".into(),
            weight: 1,
        },
        Edit::ReplyCases {
            node: "greeting".into(),
            index: 0,
            cases: vec![case],
        },
        Edit::ReplyNext {
            node: "greeting".into(),
            index: 0,
            to: "lost".into(),
        },
        Edit::OnEnter {
            node: "greeting".into(),
            effects: vec![Effect::Patience(-1)],
        },
    ] {
        draft.apply(edit).expect("applies");
    }
    draft
}

#[test]
fn every_studio_view_fits_every_size_scale_and_language() {
    // Half of them the trainer's own files, half to copy.
    let titles: Vec<Offered> = pack::playable(&[])
        .iter()
        .enumerate()
        .map(|(i, p)| Offered {
            id: p.scenario.id.to_string(),
            title: p.scenario.title.clone(),
            file: (i % 2 == 0).then(|| PathBuf::from("scenarios/x.ron")),
        })
        .collect();
    let draft = branching_draft();
    let scenario = Arc::new(draft.scenario().clone());
    let found = calibrate(&scenario, 50, 1, &mut || {}).expect("starts");
    let mut failures = Vec::new();
    for setting in settings() {
        for view in ["chooser", "customer", "node", "gates"] {
            let mut studio = Studio::default();
            if view != "chooser" {
                studio.draft = Some(draft.clone());
            }
            if view == "node" {
                studio.selected = Some("greeting".into());
            }
            if view == "gates" {
                studio.calibration = Calibration::Done {
                    found: found.clone(),
                    text: draft.text().to_owned(),
                };
            }
            let (content, columns) = two_passes(&setting.ctx, setting.size, |ctx| {
                let drawn = draw(ctx, setting.lang, &mut studio, &titles);
                (drawn.content, drawn.columns)
            });
            if !setting.holds(content) {
                failures.push(format!("{} {view}: {content:?}", setting.name));
            }
            for (name, column, drawn) in columns {
                if drawn.right() > column.right() + 0.5 {
                    let at = &setting.name;
                    failures.push(format!("{at} {view}: {name} {drawn:?} in {column:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The edits a click on the button labelled `label` in the greeting's form asks for.
fn edits_of_a_click(draft: &Draft, label: &str) -> Vec<Edit> {
    let ctx = egui::Context::default();
    let mut studio = Studio::default();
    studio.draft = Some(draft.clone());
    studio.selected = Some("greeting".into());
    // Tall enough that the first reply's whole form is on screen.
    let size = egui::vec2(1280.0, 2400.0);
    let frames = click_label(&ctx, size, label, |ctx| {
        draw(ctx, Lang::En, &mut studio, &[]).actions
    })
    .unwrap_or_else(|| panic!("no \"{label}\" drawn"));
    frames
        .into_iter()
        .flatten()
        .filter_map(|action| match action {
            StudioAction::Edit(edit) => Some(edit),
            _ => None,
        })
        .collect()
}

#[test]
fn a_click_adds_a_case_to_a_reply_and_another_removes_it() {
    let draft = Draft::template("new-customer", "en", PathBuf::from("new-customer.ron"));
    let edits = edits_of_a_click(&draft, tr(Lang::En, T::AddCase));
    // The new case: once the need is found, to the won ending; the old target stays the default.
    let Some(Edit::ReplyCases { node, index, cases }) = edits.first() else {
        panic!("{edits:?}");
    };
    assert_eq!((node.as_str(), *index), ("greeting", 0));
    assert_eq!(
        cases,
        &[Case {
            all: vec![Condition::Discovered(NeedId("need".into()))],
            to: NodeId("deal".into()),
        }]
    );

    // The branching draft's one case has a remove button after its target: the first
    // "Remove" in the form is the node's own (the greeting is the start, so it has none).
    let edits = edits_of_a_click(&branching_draft(), tr(Lang::En, T::Remove));
    assert!(
        matches!(edits.first(), Some(Edit::ReplyCases { cases, .. }) if cases.is_empty()),
        "{edits:?}"
    );
}

#[test]
fn a_click_on_a_problem_selects_its_node_and_marks_its_reply() {
    let mut draft = Draft::template("new-customer", "en", PathBuf::from("new-customer.ron"));
    draft
        .apply(Edit::ReplyFeedback {
            node: "greeting".into(),
            index: 1,
            text: String::new(),
        })
        .expect("applies");
    let mut studio = Studio::default();
    studio.issues = draft.issues();
    studio.draft = Some(draft);
    let problem = studio
        .issues
        .iter()
        .find(|i| i.issue.message.contains("has no feedback"))
        .expect("noticed")
        .issue
        .message
        .clone();
    let ctx = egui::Context::default();
    click_label(&ctx, egui::vec2(1280.0, 800.0), &problem, |ctx| {
        draw(ctx, Lang::En, &mut studio, &[]);
    })
    .expect("the problem is listed");
    assert_eq!(studio.selected.as_deref(), Some("greeting"));
    assert_eq!(studio.focus_reply, Some(1));
    // The form scrolls to it on the next frame, once.
    assert!(studio.scroll_to_focus);
    two_passes(&ctx, egui::vec2(1280.0, 800.0), |ctx| {
        draw(ctx, Lang::En, &mut studio, &[]);
    });
    assert!(!studio.scroll_to_focus);
    assert_eq!(studio.focus_reply, Some(1), "the mark stays");
}
