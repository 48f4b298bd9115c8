//! Assessments for recruiters: the definition format and its validation, the per-candidate run
//! (identical seeds, shuffled replies, time limits, accommodation), the crash-safe journal,
//! the hash-chained result, and verification by re-playing every transcript.

pub mod checker;
pub mod definition;
pub mod journal;
pub mod result;
pub mod run;
pub mod seal;
pub mod verify;

pub use definition::*;
pub use journal::*;
pub use result::*;
pub use run::*;
pub use verify::*;

#[cfg(test)]
mod tests;
