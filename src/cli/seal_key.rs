//! `rapport seal-key`: writes a new recruiter's key for sealing assessment results.

use std::process::ExitCode;

use super::{EXIT_USAGE, SealKeyArgs};
use rapport_core::assessment::seal::SealKey;

pub(super) fn run(args: &SealKeyArgs) -> ExitCode {
    match SealKey::create(&args.file) {
        Ok(key) => {
            outln!(
                "{}\tkey {}: pass it as --seal-key to the game or `assess`, and to `verify`",
                args.file.display(),
                key.fingerprint()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}
