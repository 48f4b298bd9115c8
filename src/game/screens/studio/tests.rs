//! The studio through egui's own layout, windowless: the chooser, the scenario form, a node's
//! form and the calibration gates, at 1024×768, 1280×800 and 1366×768, at scale 1.0 and in
//! large text, in English and Russian, draw nothing outside the window except inside a
//! scroll area.

use std::path::PathBuf;
use std::sync::Arc;

use bevy_egui::egui;

use super::{Offered, draw};
use crate::game::i18n::Lang;
use crate::game::settings::LARGE_TEXT_SCALE;
use crate::game::studio::{Calibration, Studio};
use crate::game::ui::theme;
use rapport_core::authoring::draft::Draft;
use rapport_core::authoring::pack;
use rapport_core::engine::calibrate::gates::gates;

/// Draws twice (egui sizes panels on the first pass); the content rectangle of the second.
fn content(
    ctx: &egui::Context,
    size: egui::Vec2,
    lang: Lang,
    studio: &mut Studio,
    titles: &[Offered],
) -> egui::Rect {
    let mut rect = egui::Rect::NOTHING;
    for _ in 0..2 {
        ctx.begin_pass(egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, size)),
            ..Default::default()
        });
        rect = draw(ctx, lang, studio, titles).content;
        ctx.end_pass().textures_delta.clear();
    }
    rect
}

#[test]
fn every_studio_view_fits_every_size_scale_and_language() {
    let titles: Vec<Offered> = pack::playable(&[])
        .iter()
        .map(|p| Offered {
            id: p.scenario.id.to_string(),
            title: p.scenario.title.clone(),
            file: Some(PathBuf::from("scenarios/x.ron")),
        })
        .collect();
    let draft = Draft::template("new-customer", "en", PathBuf::from("new-customer.ron"));
    let scenario = Arc::new(draft.scenario().clone());
    let gates = gates(&scenario, 50, 1, &mut || {}).expect("starts");
    let mut failures = Vec::new();
    for (width, height) in [(1024.0, 768.0), (1280.0, 800.0), (1366.0, 768.0)] {
        for scale in [1.0, LARGE_TEXT_SCALE] {
            for lang in Lang::ALL {
                let ctx = egui::Context::default();
                theme::install(&ctx);
                let size = egui::vec2(width / scale, height / scale);
                let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, size);
                for view in ["chooser", "customer", "node", "gates"] {
                    let mut studio = Studio::default();
                    if view != "chooser" {
                        studio.draft = Some(draft.clone());
                    }
                    if view == "node" {
                        studio.selected = Some("greeting".into());
                    }
                    if view == "gates" {
                        let text = draft.text();
                        studio.calibration = Calibration::Done {
                            gates: gates.clone(),
                            best: vec![(0, 1)],
                            text,
                        };
                    }
                    let rect = content(&ctx, size, lang, &mut studio, &titles);
                    if !screen.expand(0.5).contains_rect(rect) {
                        failures.push(format!(
                            "{width}×{height} scale {scale} {lang:?} {view}: {rect:?}"
                        ));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
