//! Where the studio's author put each node of a scenario's graph, kept beside the scenario
//! as `ID.layout.json` (not in the RON file, which stays the format's own).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::store::{StoreError, read_json, to_json, write_atomically};

/// Node id to its top-left corner on the graph, in points.
pub type NodePlaces = BTreeMap<String, (f32, f32)>;

/// The layout file beside a scenario file.
pub fn layout_path(scenario: &Path) -> PathBuf {
    scenario.with_extension("layout.json")
}

/// The saved places, none when there is no layout file (or it is unreadable: the graph then
/// lays itself out).
pub fn load_places(scenario: &Path) -> NodePlaces {
    read_json(&layout_path(scenario)).unwrap_or_default()
}

/// Saves the places atomically beside the scenario.
pub fn save_places(scenario: &Path, places: &NodePlaces) -> Result<(), StoreError> {
    let path = layout_path(scenario);
    write_atomically(&path, &to_json(&path, places)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_round_trip_beside_the_scenario() {
        let dir = tempfile::tempdir().expect("dir");
        let scenario = dir.path().join("cafe.ron");
        assert!(load_places(&scenario).is_empty());
        let places = NodePlaces::from([("greeting".to_owned(), (10.0, 20.5))]);
        save_places(&scenario, &places).expect("saved");
        assert!(dir.path().join("cafe.layout.json").exists());
        assert_eq!(load_places(&scenario), places);
    }
}
