//! `rapport validate`: checks scenario files and prints one line per issue and a summary.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{EXIT_INVALID, ValidateArgs};
use rapport_core::authoring::validate::validate_paths;

pub(super) fn run(args: &ValidateArgs) -> ExitCode {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("scenarios")]
    } else {
        args.paths.clone()
    };
    let report = validate_paths(&paths);
    for issue in report.files.iter().flat_map(|(_, issues)| issues) {
        outln!("{issue}");
    }
    outln!("{}", report.summary());
    let failed = report.error_files() > 0 || (args.strict && report.warnings() > 0);
    if failed {
        ExitCode::from(EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    }
}
