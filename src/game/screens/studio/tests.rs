//! The studio through egui's own layout, windowless: the chooser, the scenario form, a node's
//! form and the calibration gates, at 1024×768, 1280×800 and 1366×768, at scale 1.0 and in
//! large text, in English and Russian, draw nothing outside the window except inside a
//! scroll area.

use std::path::PathBuf;
use std::sync::Arc;

use super::{Offered, draw};
use crate::game::studio::{Calibration, Studio};
use crate::game::ui::layout_check::{settings, two_passes};
use rapport_core::authoring::draft::Draft;
use rapport_core::authoring::pack;
use rapport_core::engine::calibrate::gates::gates;

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
                    gates: gates.clone(),
                    best: vec![(0, 1)],
                    text: draft.text().to_owned(),
                };
            }
            let content = two_passes(&setting.ctx, setting.size, |ctx| {
                draw(ctx, setting.lang, &mut studio, &titles).content
            });
            if !setting.holds(content) {
                failures.push(format!("{} {view}: {content:?}", setting.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
