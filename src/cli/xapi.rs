//! `rapport xapi`: send the data folder's outbox to an LRS (with a progress bar), export
//! result files as statements, and say what waits; plus where the LRS is, for every command
//! that talks to one (flags, then the environment, then the data folder's settings).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Subcommand};

use super::{EXIT_INVALID, EXIT_USAGE, GameArgs};
use rapport_core::authoring::pack::Playable;
use rapport_core::store::outbox::{count, xapi_settings};
use rapport_core::store::secrets::read_private;
use rapport_core::store::{read_bytes, write_atomically};
use rapport_core::xapi::lrs::{Lrs, LrsConfig, LrsLayer};
use rapport_core::xapi::statements::of_result_file;
use rapport_core::xapi::sync::{configured, drain};

/// Where the LRS is (each part: the flag, else `RAPPORT_LRS_URL`, `RAPPORT_LRS_USER`,
/// `RAPPORT_LRS_PASSWORD`, else the settings saved by the game).
#[derive(Debug, Clone, Default, Args)]
pub struct LrsArgs {
    /// The LRS's xAPI endpoint, e.g. https://lrs.example.com/data/xAPI
    #[arg(long = "lrs", value_name = "URL")]
    pub url: Option<String>,
    /// The LRS user (HTTP Basic auth)
    #[arg(long = "lrs-user", value_name = "NAME")]
    pub user: Option<String>,
    /// A file holding the LRS password, readable by its owner only
    #[arg(long = "lrs-password-file", value_name = "FILE")]
    pub password_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum XapiCommand {
    /// Send every statement waiting in the data folder's outbox to the LRS
    Send {
        #[command(flatten)]
        lrs: LrsArgs,
        /// Statements per request
        #[arg(long, default_value_t = 100, value_name = "N",
              value_parser = clap::value_parser!(u64).range(1..=1000))]
        batch: u64,
        /// Wait this long after each request (gentle on a busy LRS; crash tests)
        #[arg(long, default_value_t = 0, value_name = "MS")]
        pace_ms: u64,
    },
    /// Write result files' statements as one JSON array (stdout unless --out)
    Export {
        #[arg(value_name = "RESULT", required = true)]
        files: Vec<PathBuf>,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Say how many statements wait in the outbox and how many the LRS has
    Status,
}

fn fail(message: &str, code: u8) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(code)
}

/// The LRS named by the flags, the environment or the settings; `Ok(None)` when none is.
pub(super) fn lrs_config(args: &LrsArgs, data: &Path) -> Result<Option<LrsConfig>, String> {
    let flag_password = match &args.password_file {
        Some(path) => Some(read_private(path).map_err(|e| e.to_string())?),
        None => None,
    };
    let layers = [
        LrsLayer {
            url: args.url.clone(),
            user: args.user.clone(),
            password: flag_password,
        },
        crate::system::lrs_from_environment(),
    ];
    configured(data, &layers).map_err(|e| e.to_string())
}

pub(super) fn run(command: &XapiCommand, game: &GameArgs) -> ExitCode {
    let data = super::play::data_dir(game.data_dir.as_ref());
    let pack = rapport_core::authoring::pack::playable(&game.scenario_dirs);
    match command {
        XapiCommand::Send {
            lrs,
            batch,
            pace_ms,
        } => {
            let config = match lrs_config(lrs, &data) {
                Ok(Some(config)) => config,
                Ok(None) => {
                    return fail(
                        "no LRS: give --lrs URL, set RAPPORT_LRS_URL, or set one in the game's settings",
                        EXIT_USAGE,
                    );
                }
                Err(e) => return fail(&e, EXIT_USAGE),
            };
            send(&data, &pack, &Lrs::new(config), *batch as usize, *pace_ms)
        }
        XapiCommand::Export { files, out } => export(&data, files, out.as_deref(), &pack),
        XapiCommand::Status => match count(&data) {
            Ok(c) => {
                outln!("{} waiting, {} sent", c.waiting, c.sent);
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e.to_string(), EXIT_INVALID),
        },
    }
}

/// Drains the outbox with a progress bar, pausing `pace_ms` after each batch.
fn send(data: &Path, pack: &[Playable], lrs: &Lrs, batch: usize, pace_ms: u64) -> ExitCode {
    let drained = drain(data, pack, lrs, batch, |sent, total| {
        progress(sent, total);
        if pace_ms > 0 {
            std::thread::sleep(Duration::from_millis(pace_ms));
        }
    });
    match drained {
        Ok(sent) => {
            if sent > 0 {
                eprintln!();
            }
            outln!("{sent} statements sent, none waiting");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!();
            fail(&e.to_string(), EXIT_INVALID)
        }
    }
}

/// A one-line progress bar on standard error.
fn progress(done: usize, total: usize) {
    const WIDTH: usize = 30;
    let filled = (done * WIDTH).checked_div(total).unwrap_or(WIDTH);
    eprint!(
        "\r[{}{}] {done}/{total}",
        "#".repeat(filled),
        " ".repeat(WIDTH - filled)
    );
}

fn export(data: &Path, files: &[PathBuf], out: Option<&Path>, pack: &[Playable]) -> ExitCode {
    let home_page = xapi_settings(data).home_page;
    let mut all = Vec::new();
    for path in files {
        let made =
            read_bytes(path).and_then(|bytes| of_result_file(path, &bytes, &home_page, pack));
        match made {
            Ok(made) => all.extend(made.statements),
            Err(e) => return fail(&e.to_string(), EXIT_INVALID),
        }
    }
    let json = match serde_json::to_string_pretty(&all) {
        Ok(json) => json,
        Err(e) => return fail(&e.to_string(), EXIT_INVALID),
    };
    match out {
        Some(path) => {
            if let Err(e) = write_atomically(path, format!("{json}\n").as_bytes()) {
                return fail(&e.to_string(), EXIT_INVALID);
            }
            outln!("{}\t{} statements", path.display(), all.len());
        }
        None => outln!("{json}"),
    }
    ExitCode::SUCCESS
}
