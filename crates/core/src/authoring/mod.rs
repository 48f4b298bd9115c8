//! What authors and the pack need: loading scenario text with positions, finding where things
//! are written, validation, the canonical text, and the scenario pack.

pub mod canonical;
pub mod draft;
pub mod graph;
pub mod load;
pub mod locate;
pub mod pack;
pub mod twee;
pub mod validate;
