//! The `rapport` binary: parses the command line and hands over to the CLI or the game.

fn main() -> std::process::ExitCode {
    rapport::cli::main()
}
