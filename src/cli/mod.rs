//! The command line: argument parsing and dispatch to one module per subcommand.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use rapport_core::assessment::seal::SealKey;
use rapport_core::authoring::load::{ScenarioFile, load_file};
use rapport_core::authoring::validate::{Issue, assets_roots, validate};
use rapport_core::engine::script::ScriptOrder;

/// `print!` to stdout that does not panic when the reader has gone (`rapport run … | head`).
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

/// `println!` to stdout that does not panic when the reader has gone.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

mod assess;
mod author;
mod play;
mod report;
mod run;
mod seal_key;
mod seminar;
mod simulate;
mod validate;
mod verify;
mod xapi;

/// Exit code for an invalid scenario or failed check.
pub const EXIT_INVALID: u8 = 1;
/// Exit code for a bad invocation or script.
pub const EXIT_USAGE: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "rapport",
    version,
    about = "Practise and measure sales conversations",
    long_about = "Rapport: practise and measure sales conversations.\n\nWith no subcommand it starts the game; the subcommands run the same engine headless."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub game: GameArgs,
}

/// Options of the game window (no subcommand).
#[derive(Debug, Args)]
pub struct GameArgs {
    /// Data folder for results and settings (default: RAPPORT_DATA_DIR, else the platform's data folder)
    #[arg(long, value_name = "DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// Open straight into this scenario in practice mode
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Seed for every conversation started from --scenario or the picker, so a demo or a
    /// test meets the same variant each time (default: a fresh one per conversation)
    #[arg(long)]
    pub seed: Option<u64>,
    /// Player name for this session
    #[arg(long, value_name = "NAME")]
    pub player: Option<String>,
    /// A folder of scenarios that extend or override the shipped pack (repeatable)
    #[arg(long = "scenarios", value_name = "DIR")]
    pub scenario_dirs: Vec<PathBuf>,
    /// A folder of assessment definitions offered beside the shipped ones (repeatable)
    #[arg(long = "assessments", value_name = "DIR")]
    pub assessment_dirs: Vec<PathBuf>,
    /// Default time-limit multiplier for candidates (accommodation), e.g. 1.5
    #[arg(long = "extra-time", value_name = "FACTOR", default_value_t = 1.0)]
    pub extra_time: f64,
    /// Seal finished assessments with this recruiter's key (made by `rapport seal-key`)
    #[arg(long, value_name = "KEYFILE")]
    pub seal_key: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check scenario files or folders (default: scenarios/)
    Validate(ValidateArgs),
    /// Play a scenario headless from a list of choices
    Run(RunArgs),
    /// Calibrate scenarios: reachable score ranges, random players and style bots
    Simulate(SimulateArgs),
    /// Play an assessment headless from a script and write the result file the game writes
    Assess(AssessArgs),
    /// Check result files: re-play every transcript, compare scores, style, hashes and chain
    Verify(VerifyArgs),
    /// One row per candidate: scores, style, time, accommodation, verification, percentile
    Report(ReportArgs),
    /// Write a new recruiter's key for sealing assessment results (never overwrites a file)
    SealKey(SealKeyArgs),
    /// Prepare and collect a seminar: new, import, board, export
    #[command(subcommand)]
    Seminar(SeminarCommand),
    /// Results as xAPI statements: send the outbox to an LRS, export, status
    #[command(subcommand)]
    Xapi(xapi::XapiCommand),
    /// Rewrite scenario files in the canonical RON form (or --check them)
    Fmt(author::FmtArgs),
    /// A scenario's conversation as a Graphviz DOT or Mermaid graph
    Graph(author::GraphArgs),
    /// Make a scenario from another tool's story
    #[command(subcommand)]
    Import(author::ImportCommand),
}

/// The trainer's seminar commands; SEMINAR is a seminar id (in the data folder) or a file.
#[derive(Debug, Subcommand)]
pub enum SeminarCommand {
    /// Set up a seminar and print its id
    New {
        #[arg(long)]
        title: String,
        /// A scenario id the group plays (repeatable)
        #[arg(long = "scenario", value_name = "ID", required = true)]
        scenarios: Vec<String>,
        /// The seed everyone plays with (default: a fresh one)
        #[arg(long)]
        seed: Option<u64>,
        /// A participant's name (repeatable)
        #[arg(long = "participant", value_name = "NAME")]
        participants: Vec<String>,
    },
    /// A participant's turn in the hot seat, from a script; saved into the seminar and results/
    Play {
        seminar: String,
        #[arg(long)]
        player: String,
        /// The scenario (default: the seminar's first)
        #[arg(long = "scenario", value_name = "ID")]
        scenario: Option<String>,
        /// Replies by 1-based position among those shown, as for `run`
        #[arg(long, value_name = "LIST", allow_hyphen_values = true)]
        choices: String,
        /// What the numbers name: authored positions, or the keys in this player's order
        #[arg(long, value_enum, default_value_t = Order::Authored)]
        order: Order,
    },
    /// Add result files from other machines; tampered or foreign results are refused
    Import {
        seminar: String,
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
    },
    /// Print the board and the decision-map counts (with --lrs, from the LRS's statements)
    Board {
        seminar: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[command(flatten)]
        lrs: xapi::LrsArgs,
    },
    /// Write the group report as CSV and/or a self-contained HTML file
    Export {
        seminar: String,
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct AssessArgs {
    /// The assessment definition: a RON file, or the id of a shipped one (account-manager-screening)
    #[arg(value_name = "ASSESSMENT")]
    pub definition: PathBuf,
    /// The candidate's name or ID
    #[arg(long, value_name = "NAME")]
    pub player: String,
    /// Replies: one line per scenario in order, the practice first, e.g. 1,3,2
    #[arg(long, value_name = "FILE")]
    pub script: PathBuf,
    /// Time-limit multiplier granted as accommodation (e.g. 1.5)
    #[arg(long, default_value_t = 1.0, value_name = "FACTOR")]
    pub extra_time: f64,
    /// A folder of scenarios that extend or override the shipped pack
    #[arg(long = "scenarios", value_name = "DIR")]
    pub scenario_dirs: Vec<PathBuf>,
    /// Wait this long after each reply (demonstrations, crash tests)
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub pace_ms: u64,
    /// Seal the result with this recruiter's key (made by `rapport seal-key`)
    #[arg(long, value_name = "KEYFILE")]
    pub seal_key: Option<PathBuf>,
    /// What the script's numbers name: authored positions, or the keys in the displayed order
    #[arg(long, value_enum, default_value_t = Order::Authored)]
    pub order: Order,
    /// Crash tests: abort the process (as a kill -9 would) right after this many replies
    #[arg(long, value_name = "N", hide = true)]
    pub abort_after: Option<usize>,
}

#[derive(Debug, Args)]
pub struct SealKeyArgs {
    /// Where to write the key; keep it where candidates cannot read it
    #[arg(value_name = "KEYFILE")]
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Result files
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub check: CheckArgs,
}

/// What checking result files against their scenarios needs (`verify` and `report`).
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// A folder of scenarios that extend or override the shipped pack
    #[arg(long = "scenarios", value_name = "DIR")]
    pub scenario_dirs: Vec<PathBuf>,
    /// A folder of assessment definitions beside the shipped ones (to check seeds and order)
    #[arg(long = "assessments", value_name = "DIR")]
    pub assessment_dirs: Vec<PathBuf>,
    /// Check assessment results' seals with this recruiter's key
    #[arg(long, value_name = "KEYFILE")]
    pub seal_key: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Assessment result files
    #[arg(value_name = "RESULT", required_unless_present = "assessment")]
    pub files: Vec<PathBuf>,
    /// Read this assessment's results from the LRS instead of files (with --lrs)
    #[arg(long, value_name = "ID", conflicts_with = "files")]
    pub assessment: Option<String>,
    #[command(flatten)]
    pub lrs: xapi::LrsArgs,
    /// Write the table as CSV
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Write a self-contained, printable HTML report
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// A CSV with a `candidate` and a `group` column, for the adverse-impact table
    #[arg(long, value_name = "FILE")]
    pub groups: Option<PathBuf>,
    /// The pass mark (total overall) for pass rates and the histogram
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub cut: Option<u8>,
    /// Text (the table and the statistics) or JSON (rows and statistics)
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Treat warnings as errors
    #[arg(long)]
    pub strict: bool,
    /// Scenario files or folders
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The scenario file
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Replies by 1-based position among those shown at each node, e.g. 1,3,2
    #[arg(long, value_name = "LIST", allow_hyphen_values = true)]
    pub choices: String,
    /// Seed for the variant draw
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Force a variant by id instead of drawing one
    #[arg(long, value_name = "ID")]
    pub variant: Option<String>,
    /// What the numbers of --choices name: the authored position, or the key a player would
    /// press in the displayed (seeded) order
    #[arg(long, value_enum, default_value_t = Order::Authored)]
    pub order: Order,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// What the numbers of a script name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Order {
    /// The position among the replies shown, in authored order (the same for every seed)
    Authored,
    /// The key a player would press: the position in the displayed, seeded order
    Shown,
}

impl From<Order> for ScriptOrder {
    fn from(order: Order) -> ScriptOrder {
        match order {
            Order::Authored => ScriptOrder::Authored,
            Order::Shown => ScriptOrder::Shown,
        }
    }
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Scenario files or folders
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Random plays, and plays per style bot (1 to 10 000 000)
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub players: u64,
    /// First seed; play i uses seed + i
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Output format of reporting commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Loads a scenario file and validates it; on any error prints every issue and gives exit code 1.
fn load_valid(path: &std::path::Path) -> Result<ScenarioFile, ExitCode> {
    let file = load_file(path).map_err(|error| {
        eprintln!("{}", Issue::from(&error));
        ExitCode::from(EXIT_INVALID)
    })?;
    let errors: Vec<Issue> = validate(&file, &assets_roots(path))
        .into_iter()
        .filter(Issue::is_error)
        .collect();
    if errors.is_empty() {
        Ok(file)
    } else {
        for issue in &errors {
            eprintln!("{issue}");
        }
        Err(ExitCode::from(EXIT_INVALID))
    }
}

/// Reads the recruiter's key named by `--seal-key`, if any; a bad key file is a bad invocation.
fn load_seal_key(path: Option<&std::path::Path>) -> Result<Option<SealKey>, ExitCode> {
    path.map(SealKey::load).transpose().map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(EXIT_USAGE)
    })
}

impl GameArgs {
    /// The game's own options that were given, by flag (they mean nothing to a subcommand).
    fn game_only_flags(&self) -> Vec<&'static str> {
        [
            ("--scenario", self.scenario.is_some()),
            ("--seed", self.seed.is_some()),
            ("--player", self.player.is_some()),
            ("--scenarios", !self.scenario_dirs.is_empty()),
            ("--assessments", !self.assessment_dirs.is_empty()),
            ("--extra-time", self.extra_time != 1.0),
            ("--seal-key", self.seal_key.is_some()),
        ]
        .into_iter()
        .filter_map(|(flag, given)| given.then_some(flag))
        .collect()
    }
}

/// Parses `std::env::args` and runs the command.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // `rapport --seal-key K assess …` would otherwise drop the key without a word.
    let misplaced = cli.game.game_only_flags();
    if cli.command.is_some() && !misplaced.is_empty() {
        eprintln!(
            "error: {} before the subcommand belongs to the game; give the subcommand's own options after its name",
            misplaced.join(", ")
        );
        return ExitCode::from(EXIT_USAGE);
    }
    match cli.command {
        Some(Command::Validate(args)) => validate::run(&args),
        Some(Command::Run(args)) => run::run(&args),
        Some(Command::Simulate(args)) => simulate::run(&args),
        Some(Command::Assess(args)) => assess::run(&args, &cli.game),
        Some(Command::Verify(args)) => verify::run(&args),
        Some(Command::Report(args)) => report::run(&args, &cli.game),
        Some(Command::SealKey(args)) => seal_key::run(&args),
        Some(Command::Seminar(command)) => seminar::run(&command, &cli.game),
        Some(Command::Xapi(command)) => xapi::run(&command, &cli.game),
        Some(Command::Fmt(args)) => author::fmt(&args),
        Some(Command::Graph(args)) => author::graph(&args),
        Some(Command::Import(command)) => author::import_story(&command),
        None => play::run(&cli.game),
    }
}
