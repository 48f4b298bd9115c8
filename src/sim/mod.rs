//! The pure core: scenario model, validation, dialogue engine, scoring, style and results (no bevy, no egui).

pub mod assessment;
pub mod calibrate;
pub mod dialogue;
pub mod pack;
pub mod record;
pub mod results;
pub mod scenario;
pub mod scoring;
pub mod seal;
pub mod seminar;
pub mod style;
pub mod validate;
