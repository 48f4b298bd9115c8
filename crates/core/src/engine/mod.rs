//! The engine: the scenario model, the dialogue state machine, scoring, style, the report of a
//! played conversation, saved results and calibration.

pub mod calibrate;
pub mod dialogue;
pub mod hindsight;
pub mod look;
pub mod record;
pub mod results;
pub mod scenario;
pub mod scoring;
pub mod script;
pub mod style;
