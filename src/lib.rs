//! Rapport: a simulator in which sales and account managers practise customer conversations
//! and are measured on needs discovery, objection handling, closing and play style.
//!
//! `rapport-core` (crates/core) decides everything and is plain Rust; `cli` and `game`
//! (Bevy + egui) are thin fronts on it.

pub mod cli;
pub mod game;
pub mod system;
