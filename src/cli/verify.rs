//! `rapport verify`: re-plays every transcript in result files and names each mismatch.

use std::process::ExitCode;

use super::{CheckArgs, EXIT_INVALID, VerifyArgs};
use rapport_core::assessment::checker::Checker;

/// The checker `--scenarios`, `--assessments` and `--seal-key` ask for; a bad key file is a
/// bad invocation.
pub(super) fn checker(args: &CheckArgs) -> Result<Checker, ExitCode> {
    let key = super::load_seal_key(args.seal_key.as_deref())?;
    Ok(Checker::new(
        &args.scenario_dirs,
        &args.assessment_dirs,
        key,
    ))
}

pub(super) fn run(args: &VerifyArgs) -> ExitCode {
    let checker = match checker(&args.check) {
        Ok(checker) => checker,
        Err(code) => return code,
    };
    let mut failed = false;
    for path in &args.files {
        let checked = checker.check_file(path);
        if checked.problems.is_empty() {
            match (&checked.sealed_by, checker.key()) {
                (Some(by), Some(_)) => {
                    outln!("{}: genuine, sealed with key {by}", path.display())
                }
                (Some(by), None) => outln!(
                    "{}: genuine (sealed with key {by}; give --seal-key to check the seal)",
                    path.display()
                ),
                (None, _) => outln!("{}: genuine", path.display()),
            }
            for note in &checked.notes {
                outln!("{}: note: {note}", path.display());
            }
        } else {
            failed = true;
            for mismatch in checked.problems {
                outln!("{}: {mismatch}", path.display());
            }
        }
    }
    if failed {
        ExitCode::from(EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    }
}
