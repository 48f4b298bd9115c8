//! Rapport's pure core: everything that decides anything (scenarios, the dialogue engine,
//! scoring, style, assessments, seminars, reports) and every file the product reads or writes.
//! It depends on no bevy, egui or winit crate, so Cargo keeps it pure; the clock comes in as an
//! argument.

pub mod assessment;
pub mod authoring;
pub mod engine;
pub mod progress;
pub mod report;
pub mod seminar;
pub mod store;
pub mod xapi;
