//! The conversation screen through egui's own layout, windowless: every turn of every shipped
//! scenario (each variant, each distinct set of replies a player can meet), in practice and as
//! a scored customer under the clock, at 1024×768, 1280×800 and 1366×768, at interface scale
//! 1.0 and in large text, in English and Russian, must show every reply whole inside the
//! reply list, without scrolling.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use bevy_egui::egui;
use rapport::game::i18n::Lang;
use rapport::game::screens::conversation::panel::{self, PanelState, View};
use rapport::game::session::Stage;
use rapport::game::ui::layout_check::{settings, two_passes};
use rapport::game::ui::theme;
use rapport_core::authoring::pack;
use rapport_core::engine::calibrate::reachable_turns;
use rapport_core::engine::dialogue::{Conversation, Options};

/// One frame as bevy_egui runs it (begin, draw the screen, end) with these key presses.
fn frame(
    ctx: &egui::Context,
    size: egui::Vec2,
    view: &View,
    state: &mut PanelState,
    keys: &[egui::Key],
) -> panel::Drawn {
    let events = keys
        .iter()
        .map(|&key| egui::Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers::NONE,
        })
        .collect();
    ctx.begin_pass(egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, size)),
        events,
        ..Default::default()
    });
    let drawn = panel::draw(ctx, Lang::En, view, state);
    ctx.end_pass().textures_delta.clear();
    drawn
}

/// A turn as the hot seat of practice shows it, or as a scored customer under the clock.
fn view_of(c: &Conversation, scored: bool) -> View<'_> {
    let mut view = View::practice(c, Stage::Choosing);
    // Practice is tested as a seminar's hot seat (the player's name on the stage).
    view.seat = (!scored).then_some("Konstantin Konstantinopolsky");
    if scored {
        view.countdown = Some((Duration::from_secs(247), Duration::from_secs(1_130)));
        view.part = Some((2, 4, true));
        view.can_leave = false;
    }
    view
}

/// Lays the screen out (egui sizes panels on the first pass).
fn lay_out(
    ctx: &egui::Context,
    size: egui::Vec2,
    lang: Lang,
    c: &Conversation,
    scored: bool,
) -> panel::Drawn {
    let view = view_of(c, scored);
    two_passes(ctx, size, |ctx| {
        panel::draw(ctx, lang, &view, &mut PanelState::default())
    })
}

#[test]
fn every_reply_of_every_shipped_turn_is_visible_at_every_size_scale_and_language() {
    let playables: Vec<_> = pack::load(&[])
        .into_iter()
        .filter_map(|e| e.scenario.ok())
        .collect();
    let all_turns: Vec<(String, Conversation)> = playables
        .iter()
        .flat_map(|p| {
            // The layout depends only on the replies offered: one turn per distinct set.
            let mut offered = HashSet::new();
            reachable_turns(&p.scenario, 20_000)
                .into_iter()
                .filter(move |c| {
                    let says: Vec<String> = c
                        .shown_choices()
                        .iter()
                        .map(|(_, r)| r.say.clone())
                        .collect();
                    offered.insert(says)
                })
                .map(|c| (p.scenario.id.as_str().to_owned(), c))
        })
        .collect();
    assert!(all_turns.len() > 100, "{} turns", all_turns.len());
    let mut failures = Vec::new();
    let mut checked = 0;
    for setting in settings() {
        for ((id, c), scored) in all_turns.iter().flat_map(|t| [(t, false), (t, true)]) {
            let drawn = lay_out(&setting.ctx, setting.size, setting.lang, c, scored);
            assert_eq!(drawn.replies.len(), c.shown_choices().len());
            for (i, rect) in drawn.replies.iter().enumerate() {
                let visible =
                    setting.screen().contains_rect(*rect) && drawn.reply_area.contains_rect(*rect);
                if !visible {
                    let mode = if scored { "scored" } else { "practice" };
                    failures.push(format!(
                        "{} {mode}: {id} reply {} of {} at {rect:?}, list {:?}",
                        setting.name,
                        i + 1,
                        drawn.replies.len(),
                        drawn.reply_area
                    ));
                }
            }
            checked += 1;
        }
    }
    // One example per size, scale and language, so every failing setting is named.
    let mut examples: Vec<&String> = Vec::new();
    for failure in &failures {
        let setting = failure.split(':').next();
        if examples.iter().all(|e| e.split(':').next() != setting) {
            examples.push(failure);
        }
    }
    assert!(
        failures.is_empty(),
        "{} replies hidden in {checked} layouts, e.g.:\n{}",
        failures.len(),
        examples
            .iter()
            .map(|e| e.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn escape_asks_before_leaving_and_digits_wait_until_the_question_is_answered() {
    let playable = pack::playable(&[])
        .into_iter()
        .next()
        .expect("a shipped scenario");
    let c = Conversation::start(Arc::clone(&playable.scenario), 7, None, Options::default())
        .expect("starts");
    let (ctx, size) = (egui::Context::default(), egui::vec2(1280.0, 800.0));
    theme::install(&ctx);
    let view = View::practice(&c, Stage::Choosing);
    let mut state = PanelState::default();
    let first = c.order()[0];
    let drawn = frame(&ctx, size, &view, &mut state, &[egui::Key::Num1]);
    assert_eq!(drawn.intents, vec![panel::Intent::Choose(first)]);
    // Esc opens the question; a digit then picks nothing; Esc again stays in the talk.
    frame(&ctx, size, &view, &mut state, &[egui::Key::Escape]);
    assert!(state.confirm_leave);
    let drawn = frame(&ctx, size, &view, &mut state, &[egui::Key::Num1]);
    assert!(drawn.intents.is_empty());
    frame(&ctx, size, &view, &mut state, &[egui::Key::Escape]);
    assert!(!state.confirm_leave);
    // An ended conversation has nothing to leave.
    let mut ended = c.clone();
    while !ended.is_over() {
        ended.choose(1, None).expect("a reply");
    }
    let over = View::practice(&ended, Stage::Over);
    frame(&ctx, size, &over, &mut state, &[egui::Key::Escape]);
    assert!(!state.confirm_leave);
}

#[test]
fn the_brief_shows_before_the_first_reply_and_b_brings_it_back_later() {
    let playable = pack::playable(&[])
        .into_iter()
        .find(|p| !p.scenario.brief.is_empty())
        .expect("a scenario with a brief");
    let mut c = Conversation::start(Arc::clone(&playable.scenario), 7, None, Options::default())
        .expect("starts");
    let (ctx, size) = (egui::Context::default(), egui::vec2(1024.0, 768.0));
    theme::install(&ctx);
    let mut state = PanelState::default();
    assert!(panel::showing_brief(
        &View::practice(&c, Stage::Choosing),
        &state
    ));
    c.choose(1, None).expect("a reply");
    let view = View::practice(&c, Stage::Choosing);
    assert!(
        !panel::showing_brief(&view, &state),
        "the transcript after a reply"
    );
    frame(&ctx, size, &view, &mut state, &[egui::Key::B]);
    assert!(panel::showing_brief(&view, &state));
    frame(&ctx, size, &view, &mut state, &[egui::Key::B]);
    assert!(!panel::showing_brief(&view, &state));
}

#[test]
fn the_bundled_fonts_alone_draw_every_interface_text_and_every_shipped_scenario() {
    use rapport::game::i18n::{T, tr};
    use skrifa::MetadataProvider;
    let faces: Vec<skrifa::FontRef> = theme::BUNDLED_FONTS
        .iter()
        .map(|(_, bytes)| skrifa::FontRef::new(bytes).expect("a font file"))
        .collect();
    let mut texts: Vec<String> = T::ALL
        .iter()
        .flat_map(|&key| Lang::ALL.map(|lang| tr(lang, key).to_owned()))
        .collect();
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    for file in std::fs::read_dir(folder).expect("scenarios folder") {
        texts.push(std::fs::read_to_string(file.expect("entry").path()).expect("text"));
    }
    // Glyphs the screens draw themselves (markers, arrows, ticks, bullets, quotes).
    texts.push("▲▼←→✓•·—«»…₽€".to_owned());
    let mut missing: Vec<char> = texts
        .iter()
        .flat_map(|t| t.chars())
        .filter(|c| !c.is_control())
        .filter(|&c| faces.iter().all(|f| f.charmap().map(c).is_none()))
        .collect();
    missing.sort_unstable();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "no glyph in the bundled fonts for {missing:?}"
    );
    // And egui takes them: the interface font is Noto Sans.
    let definitions = theme::fonts();
    assert_eq!(
        definitions.families[&egui::FontFamily::Proportional][..3],
        ["noto-sans", "noto-symbols", "noto-symbols-2"]
    );
}
