//! What authors and the pack need: loading scenario text with positions, finding where things
//! are written, validation, and the scenario pack.

pub mod load;
pub mod locate;
pub mod pack;
pub mod validate;
