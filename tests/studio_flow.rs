//! The scenario studio without a window, driven by its own events: a four-node customer made
//! from the template fails a gate, is fixed with a branch and passes every gate (recalibrated
//! by itself after the change), is saved, validated, formatted, won with 100 on the command
//! line, previewed, and played in a seminar's hot seat; a hand-written file keeps its header
//! and its original.

mod common;

use std::time::{Duration, Instant};

use bevy::prelude::*;
use common::windowless::{app_with, screen, start_hot_seat, test_app};
use rapport::game::data::Pack;
use rapport::game::session::Session;
use rapport::game::{GameOptions, Screen};

/// The studio's edits that rewrite reply `index` of `node` (adding it first when `add`).
fn reply_edits(
    (node, index, add): (&str, usize, bool),
    (text, style): (&str, Option<rapport_core::engine::scenario::Style>),
    effects: Vec<rapport_core::engine::scenario::Effect>,
    to: &str,
) -> Vec<rapport_core::authoring::draft::Edit> {
    use rapport_core::authoring::draft::Edit;
    let node = node.to_owned();
    let mut edits = Vec::new();
    if add {
        let to = to.into();
        edits.push(Edit::AddReply {
            node: node.clone(),
            to,
        });
    }
    let text = text.into();
    edits.push(Edit::ReplySay {
        node: node.clone(),
        index,
        text,
    });
    edits.push(Edit::ReplyStyle {
        node: node.clone(),
        index,
        style,
    });
    let text = format!("On the reply {}.", index + 1);
    edits.push(Edit::ReplyFeedback {
        node: node.clone(),
        index,
        text,
    });
    edits.push(Edit::ReplyNext {
        node: node.clone(),
        index,
        to: to.into(),
    });
    edits.push(Edit::ReplyEffects {
        node,
        index,
        effects,
    });
    edits
}

/// Waits for the calibration of the draft as it is now, and returns the gates that failed and
/// the number of the best path's steps.
fn calibrated(app: &mut App) -> (Vec<rapport_core::engine::calibrate::gates::Gate>, usize) {
    use rapport::game::studio::{Calibration, Studio};
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        app.update();
        let studio = app.world().resource::<Studio>();
        let current = studio.draft.as_ref().expect("draft").text();
        match &studio.calibration {
            Calibration::Done { found, text } if text == current => {
                let failed = found.gates.iter().filter(|g| !g.passed).cloned().collect();
                return (failed, found.best_steps.len());
            }
            Calibration::Failed { .. } => panic!("calibration failed"),
            _ => assert!(Instant::now() < deadline, "calibration never ended"),
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_four_node_customer_built_in_the_studio_fails_a_gate_is_fixed_and_plays_in_practice_and_a_seminar()
 {
    use rapport::game::studio::{DraftCommand, EditDraft, OpenDraft, STUDIO_DIR, Studio};
    use rapport_core::authoring::draft::Edit;
    use rapport_core::engine::calibrate::gates::GateKind;
    use rapport_core::engine::scenario::{Case, Condition, Effect, NeedId, NodeId, Style};

    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = test_app(dir.path());
    app.world_mut().trigger(OpenDraft::Template);
    let edits = [
        Edit::Title("Office coffee".into()),
        Edit::AddNode {
            id: "offer".into(),
            to: "deal".into(),
        },
        Edit::ReplyNext {
            node: "greeting".into(),
            index: 0,
            to: "offer".into(),
        },
    ];
    for edit in edits {
        app.world_mut().trigger(EditDraft(edit));
    }
    let nodes = |app: &App| {
        let studio = app.world().resource::<Studio>();
        studio
            .draft
            .as_ref()
            .expect("draft")
            .scenario()
            .nodes
            .count()
    };
    assert_eq!(nodes(&app), 4);
    app.world_mut().trigger(DraftCommand::Calibrate);
    let (failed, _) = calibrated(&mut app);
    assert!(
        failed
            .iter()
            .any(|g| g.kind == GateKind::StyleBot(Style::Executive)),
        "two replies name no style: {failed:?}"
    );

    // The fix, still four nodes: a reply of each style at both nodes, and the offer's good
    // replies come back to the offer until trust is 7 and the need is known.
    let need = || Effect::Discover(NeedId("need".into()));
    let (erudite, executive, melancholic) = (
        Some(Style::Erudite),
        Some(Style::Executive),
        Some(Style::Melancholic),
    );
    let trust = || vec![Effect::Trust(1)];
    let mut fix = Vec::new();
    fix.extend(reply_edits(
        ("greeting", 2, true),
        ("Let me go through our standard questions.", executive),
        vec![need()],
        "offer",
    ));
    fix.extend(reply_edits(
        ("greeting", 3, true),
        ("Well, let me tell you how we started…", melancholic),
        vec![],
        "offer",
    ));
    fix.extend(reply_edits(
        ("offer", 0, false),
        ("Think of it as a spare key.", erudite),
        trust(),
        "offer",
    ));
    fix.extend(reply_edits(
        ("offer", 1, true),
        ("Our terms give you a month's trial.", executive),
        trust(),
        "offer",
    ));
    fix.extend(reply_edits(
        ("offer", 2, true),
        ("There is a lot to weigh up, so…", melancholic),
        vec![],
        "offer",
    ));
    fix.extend(reply_edits(
        ("offer", 3, true),
        ("Take it or leave it.", None),
        vec![Effect::Closing(-10)],
        "lost",
    ));
    let convinced = Case {
        all: vec![
            Condition::TrustAtLeast(7),
            Condition::Discovered(NeedId("need".into())),
        ],
        to: NodeId("deal".into()),
    };
    for index in [0, 1] {
        let cases = vec![convinced.clone()];
        fix.push(Edit::ReplyCases {
            node: "offer".into(),
            index,
            cases,
        });
    }
    for edit in fix {
        app.world_mut().trigger(EditDraft(edit));
    }
    assert_eq!(
        app.world().resource::<Studio>().note,
        None,
        "every edit was taken"
    );
    assert_eq!(nodes(&app), 4);
    // Calibrated once, the customer is calibrated again after each change, unasked.
    let (failed, best) = calibrated(&mut app);
    assert!(failed.is_empty(), "{failed:?}");
    // The best path, drawn on the graph: greeting, then the offer three times, then the deal.
    assert_eq!(best, 4);

    app.world_mut().trigger(DraftCommand::Save);
    let saved = dir.path().join(STUDIO_DIR).join("new-customer.ron");
    assert!(
        saved.exists(),
        "{:?}",
        app.world().resource::<Studio>().note
    );
    assert!(
        !app.world()
            .resource::<Studio>()
            .draft
            .as_ref()
            .expect("draft")
            .is_dirty()
    );
    // The pack now offers it to practice and seminars.
    let offered = app.world().resource::<Pack>().playable();
    assert!(
        offered
            .iter()
            .any(|p| p.scenario.id.as_str() == "new-customer")
    );
    let cli = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
            .args(args)
            .output()
            .expect("rapport runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let file = saved.to_str().expect("utf-8");
    cli(&["validate", "--strict", file]);
    cli(&["fmt", "--check", file]);
    let played: serde_json::Value = serde_json::from_str(&cli(&[
        "run",
        file,
        "--choices",
        "1,1,1,1",
        "--format",
        "json",
    ]))
    .expect("json");
    assert_eq!(played["outcome"], "won");
    assert_eq!(played["scores"]["overall"], 100);

    // Preview plays the draft as practice plays it.
    app.world_mut().trigger(DraftCommand::Preview);
    app.update();
    assert_eq!(screen(&app), Screen::Conversation);
    let session = app.world().resource::<Session>();
    assert_eq!(
        session.conversation().scenario().id.as_str(),
        "new-customer"
    );

    // And a seminar plays it in the hot seat, won along the best line.
    play_in_a_seminar(&mut app, "new-customer");
}

/// Makes a seminar of `id` for one participant and plays it in the hot seat, always giving
/// the erudite reply; the seminar keeps the won result.
fn play_in_a_seminar(app: &mut App, id: &str) {
    use rapport::game::session::{ChooseReply, ContinueTalk, Stage};
    use rapport_core::engine::scenario::{Outcome, Style};
    use rapport_core::seminar::Seminar;

    let (path, _) = start_hot_seat(app, id, 3, "Ann");
    while app.world().resource::<Session>().stage != Stage::Over {
        // Replies are chosen by their authored place among those shown.
        let position = app
            .world()
            .resource::<Session>()
            .conversation()
            .shown_choices()
            .iter()
            .position(|(_, c)| c.style == Some(Style::Erudite))
            .expect("an erudite reply is shown")
            + 1;
        app.world_mut().trigger(ChooseReply { position });
        app.update();
    }
    app.world_mut().trigger(ContinueTalk);
    app.update();
    assert_eq!(screen(app), Screen::Seminar);
    let saved = Seminar::load(&path).expect("seminar file");
    assert_eq!(saved.results.len(), 1);
    assert_eq!(saved.results[0].report.outcome, Some(Outcome::Won));
    assert_eq!(saved.results[0].report.scores.overall, 100);
}

#[test]
fn a_hand_written_file_edited_in_the_studio_keeps_its_header_and_its_original_beside_it() {
    use rapport::game::studio::{DraftCommand, EditDraft, OpenDraft, Studio, StudioNote};
    use rapport_core::authoring::draft::Edit;

    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("scenarios");
    std::fs::create_dir_all(&folder).expect("folder");
    let source = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/led-store-cafe-owner.ron"
    ))
    .expect("read")
    .replacen("\"led-store-cafe-owner\"", "\"cafe-by-hand\"", 1)
    .replacen("    start:", "    // written by hand\n    start:", 1);
    let file = folder.join("cafe.ron");
    std::fs::write(&file, &source).expect("write");
    let mut app = app_with(GameOptions {
        data_dir: dir.path().to_owned(),
        scenario_dirs: vec![folder.clone()],
        ..GameOptions::default()
    });
    app.world_mut().trigger(OpenDraft::File(file.clone()));
    let draft = app
        .world()
        .resource::<Studio>()
        .draft
        .clone()
        .expect("opened");
    assert!(!draft.is_dirty());
    assert!(draft.drops_comments(), "the studio warns before saving");
    app.world_mut()
        .trigger(EditDraft(Edit::Title("The cafe, by hand".into())));
    app.world_mut().trigger(DraftCommand::Save);
    let backup = folder.join("cafe.ron.bak");
    assert_eq!(
        app.world().resource::<Studio>().note,
        Some(StudioNote::Saved(file.clone(), Some(backup.clone())))
    );
    assert_eq!(std::fs::read_to_string(&backup).expect("backup"), source);
    let saved = std::fs::read_to_string(&file).expect("saved");
    assert!(saved.starts_with("// Trade: a walk-in"), "the header stays");
    assert!(saved.contains("The cafe, by hand") && !saved.contains("written by hand"));
}
